-- The change feed names the items changed, not only their plans: a change to one item's
-- work (its row, milestones, evidence, indicators, targets, co-units, reports, extension
-- requests) is announced as '<plan>/<item>', so an instance retires that item's cached
-- answer and its plan's answers that count every item (the summary, the plan), and keeps
-- the answers of the plan's other items. A change to the plan itself, its categories or its
-- notices and briefings is still announced as '<plan>' (every answer of the plan), a unit's
-- as '*'. Past 200 items in one statement the plans are named instead.

CREATE OR REPLACE FUNCTION announce_plan_query(how TEXT, rows_name TEXT) RETURNS TEXT AS $$
    SELECT CASE how
        WHEN 'self' THEN format('SELECT id, NULL::int FROM %I', rows_name)
        WHEN 'plan_id' THEN format('SELECT plan_id, NULL::int FROM %I', rows_name)
        WHEN 'item' THEN format('SELECT plan_id, id FROM %I', rows_name)
        WHEN 'item_id' THEN format(
            'SELECT i.plan_id, i.id FROM %I r LEFT JOIN items i ON i.id = r.item_id', rows_name)
        WHEN 'report_id' THEN format(
            'SELECT i.plan_id, i.id FROM %I r LEFT JOIN reports p ON p.id = r.report_id LEFT JOIN items i ON i.id = p.item_id',
            rows_name)
        WHEN 'milestone_id' THEN format(
            'SELECT i.plan_id, i.id FROM %I r LEFT JOIN milestones m ON m.id = r.milestone_id LEFT JOIN items i ON i.id = m.item_id',
            rows_name)
    END
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION announce_plans() RETURNS trigger AS $$
DECLARE
    how TEXT := TG_ARGV[0];
    changed TEXT;
    unmapped BOOLEAN;
    plan_ids INT[];
    item_entries TEXT[];
    scope TEXT;
BEGIN
    IF TG_OP = 'TRUNCATE' OR how = 'any' THEN
        scope := '*';
    ELSE
        changed := CASE TG_OP
            WHEN 'INSERT' THEN announce_plan_query(how, 'new_rows')
            WHEN 'DELETE' THEN announce_plan_query(how, 'old_rows')
            ELSE announce_plan_query(how, 'new_rows') || ' UNION ALL ' || announce_plan_query(how, 'old_rows')
        END;
        EXECUTE format('SELECT coalesce(bool_or(p IS NULL), false), array_agg(DISTINCT p) FILTER (WHERE p IS NOT NULL),
                array_agg(DISTINCT p::text || ''/'' || i::text) FILTER (WHERE p IS NOT NULL AND i IS NOT NULL)
            FROM (%s) m(p, i)', changed)
            INTO unmapped, plan_ids, item_entries;
        -- A row whose plan is gone (a cascade from a deleted item), or very many plans at
        -- once: say "any plan" rather than guess.
        IF unmapped OR coalesce(cardinality(plan_ids), 0) > 200 THEN
            scope := '*';
        ELSIF coalesce(cardinality(plan_ids), 0) = 0 THEN
            RETURN NULL;
        ELSIF coalesce(cardinality(item_entries), 0) BETWEEN 1 AND 200 THEN
            scope := array_to_string(item_entries, ',');
        ELSE
            scope := array_to_string(plan_ids, ',');
        END IF;
    END IF;
    PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':' || scope);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- The items table names its rows' items ('item'); its triggers are made again with it.
DROP TRIGGER items_announce_insert ON items;
DROP TRIGGER items_announce_update ON items;
DROP TRIGGER items_announce_delete ON items;
DROP TRIGGER items_announce_truncate ON items;
CREATE TRIGGER items_announce_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('item');
CREATE TRIGGER items_announce_update AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('item');
CREATE TRIGGER items_announce_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('item');
CREATE TRIGGER items_announce_truncate AFTER TRUNCATE ON items
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('item');
