-- Issue 13: co-units' 配合情况, and a year that ends (年终销号).

-- 年终销号: the office closes a plan with each item's final result. A closed plan is read-only.
ALTER TABLE plans ADD COLUMN closed_at TIMESTAMPTZ,
    ADD COLUMN closed_by INT REFERENCES users (id);
ALTER TABLE items ADD COLUMN final_result TEXT CHECK (final_result IN ('done', 'mostly_done', 'not_done')),
    ADD COLUMN final_note TEXT NOT NULL DEFAULT '' CHECK (length(final_note) <= 5000);

-- 配合情况: a co-unit's short monthly note on an item it helps with, read by the lead unit.
CREATE TABLE co_unit_notes (
    id          SERIAL PRIMARY KEY,
    item_id     INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    unit_id     INT NOT NULL REFERENCES units (id),
    period      DATE NOT NULL CHECK (EXTRACT(DAY FROM period) = 1),
    note        TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 5000),
    written_by  INT NOT NULL REFERENCES users (id),
    written_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    version     INT NOT NULL DEFAULT 1,
    UNIQUE (item_id, unit_id, period)
);

-- Read-only means read-only for every writer (routes, the command line, later code): any
-- insert, update or delete of a row that belongs to a closed plan is refused here, under the
-- constraint name `plan_closed` that the server answers with 409.
CREATE FUNCTION refuse_in_closed_plan() RETURNS trigger AS $$
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

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['categories', 'items', 'item_co_units', 'milestones', 'indicators',
        'indicator_targets', 'reports', 'report_values', 'report_versions', 'evidence',
        'extension_requests', 'notices', 'notice_rounds', 'notice_escalations', 'instructions',
        'inspections', 'case_files', 'briefings', 'co_unit_notes']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
            FOR EACH ROW EXECUTE FUNCTION refuse_in_closed_plan()', t || '_in_closed_plan', t);
    END LOOP;
END
$$;

-- The plan itself: once closed, it stays as it was closed (and cannot be removed).
CREATE FUNCTION refuse_closed_plan_change() RETURNS trigger AS $$
BEGIN
    IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'plan % is closed', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_closed';
    END IF;
    RETURN COALESCE(NEW, OLD);
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER plans_closed_stay BEFORE UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION refuse_closed_plan_change();
