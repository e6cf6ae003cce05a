-- The two triggers every report write runs, made lean for rows of one item's work (a
-- report, a milestone, an indicator, …: the rows that name their item by item_id). Same
-- refusals and same announcements as migration 19; fewer statements run to reach them.
-- At month-end these triggers are a fixed part of each of thousands of writes.
--
-- 1. refuse_in_closed_plan: the item's plan and whether it is closed come from one
--    statement (was a helper function's query, then the plan's), and an update that keeps
--    its item checks it once (was twice).
-- 2. announce_plans: for rows inserted or deleted on one side (the usual write), the scope
--    is folded in the statement that reads the rows' items (was: gather arrays, then a
--    helper function that unnests and folds them). The helper is inlined for the rest.

CREATE OR REPLACE FUNCTION refuse_in_closed_plan() RETURNS trigger AS $$
DECLARE
    col TEXT;
    key INT;
    pid INT;
    closed TIMESTAMPTZ;
    side TEXT;
    r RECORD;
BEGIN
    IF TG_NARGS = 1 AND TG_ARGV[0] = 'item_id' THEN
        FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                         ELSE ARRAY['new', 'old'] END
        LOOP
            IF side = 'new' THEN
                key := NEW.item_id;
            ELSIF TG_OP = 'UPDATE' AND OLD.item_id IS NOT DISTINCT FROM NEW.item_id THEN
                CONTINUE;
            ELSE
                key := OLD.item_id;
            END IF;
            SELECT p.id, p.closed_at INTO pid, closed
                FROM items i JOIN plans p ON p.id = i.plan_id WHERE i.id = key
                FOR KEY SHARE OF p;
            IF closed IS NOT NULL THEN
                RAISE EXCEPTION 'plan % is closed', pid
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_closed';
            END IF;
        END LOOP;
        RETURN COALESCE(NEW, OLD);
    END IF;
    -- Any other key: as in migration 19.
    FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                     ELSE ARRAY['new', 'old'] END
    LOOP
        IF side = 'new' THEN
            r := NEW;
        ELSE
            r := OLD;
        END IF;
        pid := NULL;
        FOREACH col IN ARRAY TG_ARGV LOOP
            CASE col
                WHEN 'plan_id' THEN key := r.plan_id;
                WHEN 'item_id' THEN key := r.item_id;
                WHEN 'milestone_id' THEN key := r.milestone_id;
                WHEN 'report_id' THEN key := r.report_id;
                WHEN 'notice_id' THEN key := r.notice_id;
                WHEN 'inspection_id' THEN key := r.inspection_id;
            END CASE;
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

-- TG_ARGV[0] says how a row names its plan: 'self' (plans), 'plan_id', 'item' (items),
-- 'item_id', 'report_id', 'milestone_id', or 'any' (a change that may touch any plan).
CREATE OR REPLACE FUNCTION announce_plans() RETURNS trigger AS $$
DECLARE
    how TEXT := TG_ARGV[0];
    plan_ids INT[] := '{}';
    item_ids INT[] := '{}';
    more_plans INT[];
    more_items INT[];
    side TEXT;
    unmapped BOOLEAN;
    plans INT[];
    items TEXT[];
    scope TEXT;
BEGIN
    IF TG_OP = 'TRUNCATE' OR how = 'any' THEN
        PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':*');
        RETURN NULL;
    END IF;
    -- Each row's plan (NULL: the plan is gone) and, for a change to one item's work, its
    -- item, folded into the plans and the '<plan>/<item>' names.
    IF how = 'item_id' AND TG_OP = 'INSERT' THEN
        SELECT coalesce(bool_or(i.plan_id IS NULL), false),
               array_agg(DISTINCT i.plan_id) FILTER (WHERE i.plan_id IS NOT NULL),
               array_agg(DISTINCT i.plan_id::text || '/' || i.id::text) FILTER (WHERE i.plan_id IS NOT NULL)
            INTO unmapped, plans, items
            FROM new_rows r LEFT JOIN items i ON i.id = r.item_id;
    ELSIF how = 'item_id' AND TG_OP = 'DELETE' THEN
        SELECT coalesce(bool_or(i.plan_id IS NULL), false),
               array_agg(DISTINCT i.plan_id) FILTER (WHERE i.plan_id IS NOT NULL),
               array_agg(DISTINCT i.plan_id::text || '/' || i.id::text) FILTER (WHERE i.plan_id IS NOT NULL)
            INTO unmapped, plans, items
            FROM old_rows r LEFT JOIN items i ON i.id = r.item_id;
    ELSE
        FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                         ELSE ARRAY['new', 'old'] END
        LOOP
            CASE how || ' ' || side
                WHEN 'self new' THEN
                    SELECT array_agg(id), array_agg(NULL::int) INTO more_plans, more_items FROM new_rows;
                WHEN 'self old' THEN
                    SELECT array_agg(id), array_agg(NULL::int) INTO more_plans, more_items FROM old_rows;
                WHEN 'plan_id new' THEN
                    SELECT array_agg(plan_id), array_agg(NULL::int) INTO more_plans, more_items FROM new_rows;
                WHEN 'plan_id old' THEN
                    SELECT array_agg(plan_id), array_agg(NULL::int) INTO more_plans, more_items FROM old_rows;
                WHEN 'item new' THEN
                    SELECT array_agg(plan_id), array_agg(id) INTO more_plans, more_items FROM new_rows;
                WHEN 'item old' THEN
                    SELECT array_agg(plan_id), array_agg(id) INTO more_plans, more_items FROM old_rows;
                WHEN 'item_id new' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM new_rows r LEFT JOIN items i ON i.id = r.item_id;
                WHEN 'item_id old' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM old_rows r LEFT JOIN items i ON i.id = r.item_id;
                WHEN 'report_id new' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM new_rows r LEFT JOIN reports p ON p.id = r.report_id LEFT JOIN items i ON i.id = p.item_id;
                WHEN 'report_id old' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM old_rows r LEFT JOIN reports p ON p.id = r.report_id LEFT JOIN items i ON i.id = p.item_id;
                WHEN 'milestone_id new' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM new_rows r LEFT JOIN milestones m ON m.id = r.milestone_id LEFT JOIN items i ON i.id = m.item_id;
                WHEN 'milestone_id old' THEN
                    SELECT array_agg(i.plan_id), array_agg(i.id) INTO more_plans, more_items
                        FROM old_rows r LEFT JOIN milestones m ON m.id = r.milestone_id LEFT JOIN items i ON i.id = m.item_id;
            END CASE;
            plan_ids := plan_ids || coalesce(more_plans, '{}');
            item_ids := item_ids || coalesce(more_items, '{}');
        END LOOP;
        SELECT coalesce(bool_or(p IS NULL), false), array_agg(DISTINCT p) FILTER (WHERE p IS NOT NULL),
               array_agg(DISTINCT p::text || '/' || i::text) FILTER (WHERE p IS NOT NULL AND i IS NOT NULL)
            INTO unmapped, plans, items
            FROM unnest(plan_ids, item_ids) AS m(p, i);
    END IF;
    -- A row whose plan is gone (a cascade from a deleted item), or very many plans at
    -- once: say "any plan" rather than guess.
    IF unmapped OR coalesce(cardinality(plans), 0) > 200 THEN
        scope := '*';
    ELSIF coalesce(cardinality(plans), 0) = 0 THEN
        RETURN NULL;
    ELSIF coalesce(cardinality(items), 0) BETWEEN 1 AND 200 THEN
        scope := array_to_string(items, ',');
    ELSE
        scope := array_to_string(plans, ',');
    END IF;
    PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':' || scope);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP FUNCTION announce_scopes(INT[], INT[]);
