-- Migration 10, reviewed:
-- * a write racing the close: the check now takes a KEY SHARE lock on the plan's row, so it
--   waits for a close in progress (which holds the row FOR UPDATE) and then sees it closed;
-- * an UPDATE is checked for the row before and after (moving a row out of a closed plan);
-- * the row's key column is named per table (TG_ARGV) instead of reading the whole row as
--   JSON, which hex-encoded whole evidence files on every insert;
-- * a co-unit's notes keep their item, like reports and notices do (answered 409).

CREATE OR REPLACE FUNCTION plan_of(kind TEXT, key INT) RETURNS INT AS $$
    SELECT CASE kind
        WHEN 'plan_id' THEN key
        WHEN 'item_id' THEN (SELECT plan_id FROM items WHERE id = key)
        WHEN 'milestone_id' THEN (SELECT i.plan_id FROM milestones m JOIN items i ON i.id = m.item_id WHERE m.id = key)
        WHEN 'report_id' THEN (SELECT i.plan_id FROM reports p JOIN items i ON i.id = p.item_id WHERE p.id = key)
        WHEN 'notice_id' THEN (SELECT plan_id FROM notices WHERE id = key)
        WHEN 'inspection_id' THEN (SELECT i.plan_id FROM inspections s JOIN items i ON i.id = s.item_id WHERE s.id = key)
    END
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION refuse_in_closed_plan() RETURNS trigger AS $$
DECLARE
    col TEXT;
    key INT;
    pid INT;
    closed TIMESTAMPTZ;
    version RECORD;
BEGIN
    FOR version IN SELECT unnest(ARRAY[
        CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN 'new' END,
        CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN 'old' END]) AS which
    LOOP
        CONTINUE WHEN version.which IS NULL;
        pid := NULL;
        FOREACH col IN ARRAY TG_ARGV LOOP
            IF version.which = 'new' THEN
                EXECUTE format('SELECT ($1).%I::int', col) INTO key USING NEW;
            ELSE
                EXECUTE format('SELECT ($1).%I::int', col) INTO key USING OLD;
            END IF;
            IF key IS NOT NULL THEN
                pid := plan_of(col, key);
                EXIT;
            END IF;
        END LOOP;
        CONTINUE WHEN pid IS NULL;
        SELECT closed_at INTO closed FROM plans WHERE id = pid FOR KEY SHARE;
        IF closed IS NOT NULL THEN
            RAISE EXCEPTION 'plan % is closed', pid
                USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_closed';
        END IF;
    END LOOP;
    RETURN COALESCE(NEW, OLD);
END
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t TEXT[];
BEGIN
    FOREACH t SLICE 1 IN ARRAY ARRAY[
        ['categories', 'plan_id', ''], ['items', 'plan_id', ''], ['item_co_units', 'item_id', ''],
        ['milestones', 'item_id', ''], ['indicators', 'item_id', ''], ['indicator_targets', 'item_id', ''],
        ['reports', 'item_id', ''], ['report_values', 'item_id', ''], ['report_versions', 'report_id', ''],
        ['evidence', 'milestone_id', ''], ['extension_requests', 'milestone_id', ''], ['notices', 'plan_id', ''],
        ['notice_rounds', 'notice_id', ''], ['notice_escalations', 'notice_id', ''], ['instructions', 'item_id', ''],
        ['inspections', 'item_id', ''], ['case_files', 'notice_id', 'inspection_id'], ['briefings', 'plan_id', ''],
        ['co_unit_notes', 'item_id', '']]
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t[1] || '_in_closed_plan', t[1]);
        IF t[3] = '' THEN
            EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
                FOR EACH ROW EXECUTE FUNCTION refuse_in_closed_plan(%L)', t[1] || '_in_closed_plan', t[1], t[2]);
        ELSE
            EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
                FOR EACH ROW EXECUTE FUNCTION refuse_in_closed_plan(%L, %L)', t[1] || '_in_closed_plan', t[1], t[2], t[3]);
        END IF;
    END LOOP;
END
$$;

ALTER TABLE co_unit_notes DROP CONSTRAINT co_unit_notes_item_id_fkey,
    ADD CONSTRAINT co_unit_notes_item_kept FOREIGN KEY (item_id) REFERENCES items (id);
