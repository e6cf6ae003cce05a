DROP TRIGGER audit_events_link ON audit_events;
DROP FUNCTION audit_events_link();

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    NEW.seq := head.row_count + 1;
    NEW.at := clock_timestamp();
    NEW.prev_hash := head.hash;
    NEW.hash := audit_row_hash(NEW.prev_hash, NEW.at, NEW.actor_user_id, NEW.actor, NEW.action,
                               NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.ip);
    UPDATE audit_chain_head SET hash = NEW.hash, row_count = head.row_count + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL;
