CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    NEW.at := clock_timestamp();
    NEW.prev_hash := head.hash;
    NEW.hash := audit_row_hash(NEW.prev_hash, NEW.at, NEW.actor_user_id, NEW.actor, NEW.action,
                               NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.ip);
    UPDATE audit_chain_head SET hash = NEW.hash, row_count = head.row_count + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP INDEX audit_events_seq_idx;
ALTER TABLE audit_events DROP COLUMN seq;
