-- Back to migration 19's definitions.

-- Announces each changed row's plan (NULL: the plan is gone) and, for a change to one
-- item's work, its item (else NULL); the arrays run side by side.
CREATE FUNCTION announce_scopes(plan_ids INT[], item_ids INT[]) RETURNS VOID AS $$
DECLARE
    unmapped BOOLEAN;
    plans INT[];
    items TEXT[];
    scope TEXT;
BEGIN
    SELECT coalesce(bool_or(p IS NULL), false), array_agg(DISTINCT p) FILTER (WHERE p IS NOT NULL),
           array_agg(DISTINCT p::text || '/' || i::text) FILTER (WHERE p IS NOT NULL AND i IS NOT NULL)
        INTO unmapped, plans, items
        FROM unnest(plan_ids, item_ids) AS m(p, i);
    -- A row whose plan is gone (a cascade from a deleted item), or very many plans at
    -- once: say "any plan" rather than guess.
    IF unmapped OR coalesce(cardinality(plans), 0) > 200 THEN
        scope := '*';
    ELSIF coalesce(cardinality(plans), 0) = 0 THEN
        RETURN;
    ELSIF coalesce(cardinality(items), 0) BETWEEN 1 AND 200 THEN
        scope := array_to_string(items, ',');
    ELSE
        scope := array_to_string(plans, ',');
    END IF;
    PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':' || scope);
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
BEGIN
    IF TG_OP = 'TRUNCATE' OR how = 'any' THEN
        PERFORM pg_notify('duban_content', pg_current_xact_id()::text || ':*');
        RETURN NULL;
    END IF;
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
    PERFORM announce_scopes(plan_ids, item_ids);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- As in migration 12 (the first of TG_ARGV's key columns that is set names the plan; the
-- row before and after an update are both checked; KEY SHARE waits for a close in
-- progress), with the key read by a static branch per column instead of EXECUTE.
CREATE OR REPLACE FUNCTION refuse_in_closed_plan() RETURNS trigger AS $$
DECLARE
    col TEXT;
    key INT;
    pid INT;
    closed TIMESTAMPTZ;
    side TEXT;
    r RECORD;
BEGIN
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
