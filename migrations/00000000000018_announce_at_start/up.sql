-- A server's write transaction now names itself first, before it takes any lock (the
-- audit chain's is taken last, by the audit row): so announce_transaction() assigns the
-- xid itself instead of reporting one only once something has been written.
CREATE OR REPLACE FUNCTION announce_transaction() RETURNS TEXT AS $$
DECLARE
    xid TEXT := pg_current_xact_id()::text;
BEGIN
    PERFORM pg_notify('duban_content', xid || ':');
    RETURN xid;
END
$$ LANGUAGE plpgsql;
