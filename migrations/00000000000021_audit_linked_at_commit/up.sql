-- The audit chain is extended at commit, not at the event's insert. Taking the chain lock at
-- the insert held it for the rest of the transaction (the client's further statements and
-- round trips included), so every write in the city queued behind the slowest one still
-- open. Now an event is inserted unlinked (seq NULL), and a deferred trigger links it when
-- its transaction commits: the lock is held from then to the commit's end only. The chain is
-- as exact as before: one order (seq, under the lock), each link over the event's content
-- and the link before, and the head row counting them. A rolled-back event is never linked.

ALTER TABLE audit_events ALTER COLUMN seq DROP NOT NULL;
DROP TRIGGER audit_events_chain ON audit_events;
DROP FUNCTION audit_events_chain();

CREATE FUNCTION audit_events_link() RETURNS trigger AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
    linked_at TIMESTAMPTZ;
    link TEXT;
BEGIN
    -- Serialise appends: the chain has one order, and seq is its position.
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    linked_at := clock_timestamp();
    link := audit_row_hash(head.hash, linked_at, NEW.actor_user_id, NEW.actor, NEW.action,
                           NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.ip);
    UPDATE audit_events SET seq = head.row_count + 1, at = linked_at, prev_hash = head.hash, hash = link
        WHERE id = NEW.id;
    UPDATE audit_chain_head SET hash = link, row_count = head.row_count + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER audit_events_link AFTER INSERT ON audit_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_events_link();

-- Still append-only: the one update allowed is the link itself, made by the trigger above
-- (a trigger's statement runs at depth 2; a client's UPDATE at depth 1), once, to an
-- unlinked event, leaving its content as it was.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (NEW.id, NEW.actor_user_id, NEW.actor, NEW.action, NEW.entity, NEW.entity_id,
            NEW.before, NEW.after, NEW.ip)
           IS NOT DISTINCT FROM (OLD.id, OLD.actor_user_id, OLD.actor, OLD.action, OLD.entity,
                                 OLD.entity_id, OLD.before, OLD.after, OLD.ip) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
