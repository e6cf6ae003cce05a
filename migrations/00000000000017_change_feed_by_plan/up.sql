-- The change feed names what changed: each announcement on duban_content is now
-- '<xid>:<plan ids>' (or '<xid>:*' when a change may touch any plan), so an instance retires
-- only the cached answers of the plans written to, and a client that wrote can say which
-- transaction its next read must see (the xid). Statement-level triggers with transition
-- tables: one announcement per statement and plan, whatever the number of rows; NOTIFY
-- folds repeats within a transaction.

-- The plans the changed rows belong to; TG_ARGV[0] says how a row names its plan.
CREATE FUNCTION announce_plans() RETURNS trigger AS $$
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

DO $$
DECLARE
    t TEXT;
    how TEXT;
BEGIN
    FOR t, how IN VALUES ('plans', 'self'), ('categories', 'plan_id'), ('units', 'any'),
        ('items', 'plan_id'), ('item_co_units', 'item_id'), ('milestones', 'item_id'),
        ('indicators', 'item_id'), ('indicator_targets', 'item_id'), ('reports', 'item_id'),
        ('report_values', 'item_id'), ('report_versions', 'report_id'), ('evidence', 'milestone_id'),
        ('extension_requests', 'milestone_id'), ('notices', 'plan_id'), ('briefings', 'plan_id')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce', t);
        -- A trigger with transition tables takes one event.
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION announce_plans(%L)', t || '_announce_insert', t, how);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION announce_plans(%L)', t || '_announce_update', t, how);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION announce_plans(%L)', t || '_announce_delete', t, how);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION announce_plans(%L)', t || '_announce_truncate', t, how);
    END LOOP;
END
$$;

-- A server's write transaction names itself before it commits (`<xid>:`, nothing to
-- retire), so the instance hears of every write it answers, even one that touched nothing
-- cached; answers the xid (none: the transaction wrote nothing).
CREATE FUNCTION announce_transaction() RETURNS TEXT AS $$
DECLARE
    xid TEXT := pg_current_xact_id_if_assigned()::text;
BEGIN
    IF xid IS NOT NULL THEN
        PERFORM pg_notify('duban_content', xid || ':');
    END IF;
    RETURN xid;
END
$$ LANGUAGE plpgsql;
