-- The audit chain's order is its own: each event's position (seq) is taken under the chain
-- lock, with its link. Ids come from a sequence before the lock, so under concurrent writes
-- they need not follow the chain; `audit verify` walks seq.

ALTER TABLE audit_events ADD COLUMN seq BIGINT;

-- Number the events already written by following their links from the first.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
WITH RECURSIVE chain AS (
    SELECT id, hash, 1::bigint AS seq FROM audit_events WHERE prev_hash = repeat('0', 64)
    UNION ALL
    SELECT e.id, e.hash, chain.seq + 1 FROM audit_events e JOIN chain ON e.prev_hash = chain.hash
)
UPDATE audit_events e SET seq = chain.seq FROM chain WHERE e.id = chain.id;
-- Whatever no link reaches (there should be nothing) goes after, in id order, for verify to report.
UPDATE audit_events e SET seq = n.seq
FROM (SELECT id, (SELECT coalesce(max(seq), 0) FROM audit_events) + row_number() OVER (ORDER BY id) AS seq
      FROM audit_events WHERE seq IS NULL) n
WHERE e.id = n.id;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;

ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX audit_events_seq_idx ON audit_events (seq);

CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
    head audit_chain_head%ROWTYPE;
BEGIN
    -- Serialise appends: the chain has one order, and seq is its position.
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
