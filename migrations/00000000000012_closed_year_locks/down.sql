ALTER TABLE co_unit_notes DROP CONSTRAINT co_unit_notes_item_kept,
    ADD CONSTRAINT co_unit_notes_item_id_fkey FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE;
-- The triggers keep their arguments; migration 10's function reads the row as JSON and
-- ignores them.
CREATE OR REPLACE FUNCTION refuse_in_closed_plan() RETURNS trigger AS $$
DECLARE
    r jsonb := to_jsonb(COALESCE(NEW, OLD));
    pid INT;
BEGIN
    IF r ? 'plan_id' THEN
        pid := (r->>'plan_id')::int;
    ELSIF r ? 'item_id' THEN
        SELECT plan_id INTO pid FROM items WHERE id = (r->>'item_id')::int;
    ELSIF r ? 'milestone_id' THEN
        SELECT i.plan_id INTO pid FROM milestones m JOIN items i ON i.id = m.item_id
            WHERE m.id = (r->>'milestone_id')::int;
    ELSIF r ? 'report_id' THEN
        SELECT i.plan_id INTO pid FROM reports p JOIN items i ON i.id = p.item_id
            WHERE p.id = (r->>'report_id')::int;
    ELSIF r ? 'notice_id' AND r->>'notice_id' IS NOT NULL THEN
        SELECT plan_id INTO pid FROM notices WHERE id = (r->>'notice_id')::int;
    ELSIF r ? 'inspection_id' AND r->>'inspection_id' IS NOT NULL THEN
        SELECT i.plan_id INTO pid FROM inspections s JOIN items i ON i.id = s.item_id
            WHERE s.id = (r->>'inspection_id')::int;
    END IF;
    IF EXISTS (SELECT 1 FROM plans WHERE id = pid AND closed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'plan % is closed', pid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_closed';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$ LANGUAGE plpgsql;
DROP FUNCTION plan_of(TEXT, INT);
