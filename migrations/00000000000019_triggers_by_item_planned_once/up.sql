-- Two changes to the triggers every write runs, both behaviour-preserving for what they
-- refuse and announce except where said:
--
-- 1. The change feed names the items changed, not only their plans: a change to one item's
--    work (its row, milestones, evidence, indicators, targets, co-units, reports, extension
--    requests) is announced as '<plan>/<item>', so an instance retires that item's cached
--    answer and its plan's answers that count every item (the summary, the plan), and keeps
--    the answers of the plan's other items. A change to the plan itself, its categories or
--    its notices and briefings is still announced as '<plan>' (every answer of the plan), a
--    unit's as '*'. Past 200 items in one statement the plans are named instead.
-- 2. No trigger builds SQL at run time any more (EXECUTE format(...), and SQL-language
--    helpers that PostgreSQL plans again at every call): under month-end load the triggers
--    took half the database's time, most of it parsing and planning. Each way of naming a
--    plan is now a static statement in a plpgsql branch, planned once per table and
--    connection (plpgsql compiles a trigger function per table, and only the branch a table
--    takes is ever planned for it).

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

DROP FUNCTION announce_plan_query(TEXT, TEXT);

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

-- The plan a key names, by the key's kind; plpgsql, so each lookup is planned once.
CREATE OR REPLACE FUNCTION plan_of(kind TEXT, key INT) RETURNS INT AS $$
DECLARE
    pid INT;
BEGIN
    CASE kind
        WHEN 'plan_id' THEN pid := key;
        WHEN 'item_id' THEN SELECT plan_id INTO pid FROM items WHERE id = key;
        WHEN 'milestone_id' THEN
            SELECT i.plan_id INTO pid FROM milestones m JOIN items i ON i.id = m.item_id WHERE m.id = key;
        WHEN 'report_id' THEN
            SELECT i.plan_id INTO pid FROM reports p JOIN items i ON i.id = p.item_id WHERE p.id = key;
        WHEN 'notice_id' THEN SELECT plan_id INTO pid FROM notices WHERE id = key;
        WHEN 'inspection_id' THEN
            SELECT i.plan_id INTO pid FROM inspections s JOIN items i ON i.id = s.item_id WHERE s.id = key;
    END CASE;
    RETURN pid;
END
$$ LANGUAGE plpgsql STABLE;

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
