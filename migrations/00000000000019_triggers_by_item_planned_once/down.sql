-- Back to migrations 17 and 12: plans named alone, the items table by its plan, and the
-- triggers' SQL built at run time.

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
DROP FUNCTION announce_scopes(INT[], INT[]);

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
CREATE FUNCTION announce_plan_query(how TEXT, rows_name TEXT) RETURNS TEXT AS $$
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

