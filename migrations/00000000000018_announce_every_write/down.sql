CREATE OR REPLACE FUNCTION announce_transaction() RETURNS TEXT AS $$
DECLARE
    xid TEXT := pg_current_xact_id_if_assigned()::text;
BEGIN
    IF xid IS NOT NULL THEN
        PERFORM pg_notify('duban_content', xid || ':');
    END IF;
    RETURN xid;
END
$$ LANGUAGE plpgsql;
