-- Back to naming plans alone (migration 17's functions), the items table by its plan.

CREATE OR REPLACE FUNCTION announce_plans() RETURNS trigger AS $$
DECLARE
    plan_ids INT[];
    unmapped BOOLEAN := false;
    how TEXT := TG_ARGV[0];
    scope TEXT;
BEGIN
    IF TG_OP = 'TRUNCATE' OR how = 'any' THEN
        scope := '*';
    ELSE
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            EXECUTE format('SELECT array_agg(DISTINCT p), bool_or(p IS NULL) FROM (%s) m(p)',
                           announce_plan_query(how, 'new_rows'))
                INTO plan_ids, unmapped;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DECLARE
                more INT[];
                more_unmapped BOOLEAN;
            BEGIN
                EXECUTE format('SELECT array_agg(DISTINCT p), bool_or(p IS NULL) FROM (%s) m(p)',
                               announce_plan_query(how, 'old_rows'))
                    INTO more, more_unmapped;
                plan_ids := array(SELECT DISTINCT unnest(coalesce(plan_ids, '{}') || coalesce(more, '{}')));
                unmapped := coalesce(unmapped, false) OR coalesce(more_unmapped, false);
            END;
        END IF;
        -- A row whose plan is gone (a cascade from a deleted item), or very many plans at
        -- once: say "any plan" rather than guess.
        IF coalesce(unmapped, false) OR cardinality(plan_ids) > 200 THEN
            scope := '*';
        ELSIF coalesce(cardinality(plan_ids), 0) = 0 THEN
            RETURN NULL;
        ELSE
            scope := array_to_string(array(SELECT unnest(plan_ids) ORDER BY 1), ',');
        END IF;
    END IF;
    PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':' || scope);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- The query naming each changed row's plan, for a way of naming it and a transition table.
CREATE OR REPLACE FUNCTION announce_plan_query(how TEXT, rows_name TEXT) RETURNS TEXT AS $$
    SELECT CASE how
        WHEN 'self' THEN format('SELECT id FROM %I', rows_name)
        WHEN 'plan_id' THEN format('SELECT plan_id FROM %I', rows_name)
        WHEN 'item_id' THEN format(
            'SELECT i.plan_id FROM %I r LEFT JOIN items i ON i.id = r.item_id', rows_name)
        WHEN 'report_id' THEN format(
            'SELECT i.plan_id FROM %I r LEFT JOIN reports p ON p.id = r.report_id LEFT JOIN items i ON i.id = p.item_id',
            rows_name)
        WHEN 'milestone_id' THEN format(
            'SELECT i.plan_id FROM %I r LEFT JOIN milestones m ON m.id = r.milestone_id LEFT JOIN items i ON i.id = m.item_id',
            rows_name)
    END
$$ LANGUAGE sql IMMUTABLE;

DROP TRIGGER items_announce_insert ON items;
DROP TRIGGER items_announce_update ON items;
DROP TRIGGER items_announce_delete ON items;
DROP TRIGGER items_announce_truncate ON items;
CREATE TRIGGER items_announce_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('plan_id');
CREATE TRIGGER items_announce_update AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('plan_id');
CREATE TRIGGER items_announce_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('plan_id');
CREATE TRIGGER items_announce_truncate AFTER TRUNCATE ON items
    FOR EACH STATEMENT EXECUTE FUNCTION announce_plans('plan_id');
