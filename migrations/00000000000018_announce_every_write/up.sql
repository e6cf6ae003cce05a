-- announce_transaction() assigns the xid itself instead of reporting one only once
-- something has been written, so every server write transaction is named. (It was meant
-- to be called first in the transaction; it is called last, after the announcements of
-- the transaction's own writes, so that hearing it means all of them have been heard.)
CREATE OR REPLACE FUNCTION announce_transaction() RETURNS TEXT AS $$
DECLARE
    xid TEXT := pg_current_xact_id()::text;
BEGIN
    PERFORM pg_notify('duban_content', xid || ':');
    RETURN xid;
END
$$ LANGUAGE plpgsql;
