-- Each item's document: its milestones (with evidence), indicators (with targets), co-units
-- and report versions as the JSON the item statement used to build on every read, kept in
-- step with those rows by the triggers below, in the writing transaction. An item read is
-- then a join of a few rows by key (issue 17). Lights are not kept here: they depend on the
-- day, and are worked out from these inputs at read time.

-- The four parts, each read from the rows it follows (plpgsql: planned once per connection).
CREATE FUNCTION item_milestones_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object(
            'id', m.id, 'seq', m.seq, 'due_date', m.due_date,
            'original_due_date', m.original_due_date, 'target_text', m.target_text,
            'completed_on', m.completed_on, 'completion_note', m.completion_note,
            'reopen_reason', m.reopen_reason, 'version', m.version,
            'evidence', COALESCE((SELECT json_agg(json_build_object(
                    'id', e.id, 'milestone_id', e.milestone_id, 'file_name', e.file_name,
                    'content_type', e.content_type, 'size_bytes', e.size_bytes,
                    'sha256', e.sha256, 'uploaded_by', eu.username,
                    'uploaded_at', e.uploaded_at) ORDER BY e.id)
                FROM evidence e JOIN users eu ON eu.id = e.uploaded_by
                WHERE e.milestone_id = m.id), '[]'::json)
        ) ORDER BY m.seq), '[]'::json)::text FROM milestones m WHERE m.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION item_indicators_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object(
            'id', d.id, 'seq', d.seq, 'name', d.name, 'measure', d.measure, 'kind', d.kind,
            'final_target', d.final_target,
            'targets', COALESCE((SELECT json_agg(json_build_object(
                    'milestone_id', t.milestone_id, 'due_date', tm.original_due_date,
                    'target', t.target) ORDER BY tm.original_due_date, tm.seq)
                FROM indicator_targets t JOIN milestones tm ON tm.id = t.milestone_id
                WHERE t.indicator_id = d.id), '[]'::json)
        ) ORDER BY d.seq), '[]'::json)::text FROM indicators d WHERE d.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION item_co_units_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object('id', cu.id, 'name', cu.name, 'code', cu.code)
            ORDER BY cu.id), '[]'::json)::text
        FROM item_co_units ic JOIN units cu ON cu.id = ic.unit_id
        WHERE ic.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

CREATE FUNCTION item_versions_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object(
            'period', r.period, 'submitted_at', v.submitted_at,
            'indicator_values', v.indicator_values, 'decision', v.decision,
            'decided_at', v.decided_at) ORDER BY r.period, v.number), '[]'::json)::text
        FROM reports r JOIN report_versions v ON v.report_id = r.id
        WHERE r.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

CREATE TABLE item_documents (
    item_id INT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    milestones TEXT NOT NULL DEFAULT '[]',
    indicators TEXT NOT NULL DEFAULT '[]',
    co_units TEXT NOT NULL DEFAULT '[]',
    versions TEXT NOT NULL DEFAULT '[]'
);

INSERT INTO item_documents (item_id, milestones, indicators, co_units, versions)
SELECT id, item_milestones_json(id), item_indicators_json(id), item_co_units_json(id), item_versions_json(id)
FROM items;

-- Writes the named parts of these items' documents again.
CREATE FUNCTION item_documents_refresh(ids INT[], parts TEXT[]) RETURNS VOID AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    -- Lock first, then read in a statement of its own: under READ COMMITTED that statement
    -- takes a fresh snapshot, so a writer that waited here for another writer of the same
    -- item sees what that one committed, and neither overwrites the other's part.
    PERFORM 1 FROM item_documents WHERE item_id = ANY (ids) ORDER BY item_id FOR UPDATE;
    UPDATE item_documents SET
        milestones = CASE WHEN 'milestones' = ANY (parts) THEN item_milestones_json(item_id) ELSE milestones END,
        indicators = CASE WHEN 'indicators' = ANY (parts) THEN item_indicators_json(item_id) ELSE indicators END,
        co_units = CASE WHEN 'co_units' = ANY (parts) THEN item_co_units_json(item_id) ELSE co_units END,
        versions = CASE WHEN 'versions' = ANY (parts) THEN item_versions_json(item_id) ELSE versions END
    WHERE item_id = ANY (ids);
END
$$ LANGUAGE plpgsql;

-- Statement trigger: TG_ARGV[0] says how a row names its item ('item_id', 'milestone_id' or
-- 'report_id'), the rest which parts it feeds.
CREATE FUNCTION item_documents_follow() RETURNS trigger AS $$
DECLARE
    how TEXT := TG_ARGV[0];
    parts TEXT[] := TG_ARGV[1:];
    ids INT[] := '{}';
    more INT[];
    side TEXT;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        SELECT array_agg(item_id) INTO ids FROM item_documents;
        PERFORM item_documents_refresh(ids, parts);
        RETURN NULL;
    END IF;
    FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                     ELSE ARRAY['new', 'old'] END
    LOOP
        CASE how || ' ' || side
            WHEN 'item_id new' THEN
                SELECT array_agg(DISTINCT item_id) INTO more FROM new_rows;
            WHEN 'item_id old' THEN
                SELECT array_agg(DISTINCT item_id) INTO more FROM old_rows;
            WHEN 'milestone_id new' THEN
                SELECT array_agg(DISTINCT m.item_id) INTO more FROM new_rows r JOIN milestones m ON m.id = r.milestone_id;
            WHEN 'milestone_id old' THEN
                SELECT array_agg(DISTINCT m.item_id) INTO more FROM old_rows r JOIN milestones m ON m.id = r.milestone_id;
            WHEN 'report_id new' THEN
                SELECT array_agg(DISTINCT p.item_id) INTO more FROM new_rows r JOIN reports p ON p.id = r.report_id;
            WHEN 'report_id old' THEN
                SELECT array_agg(DISTINCT p.item_id) INTO more FROM old_rows r JOIN reports p ON p.id = r.report_id;
        END CASE;
        ids := ids || coalesce(more, '{}');
    END LOOP;
    PERFORM item_documents_refresh(ARRAY(SELECT DISTINCT unnest(ids)), parts);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A new item starts with an empty document; its rows fill it as they are written.
CREATE FUNCTION item_documents_start() RETURNS trigger AS $$
BEGIN
    INSERT INTO item_documents (item_id) SELECT id FROM new_rows;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER items_document_start AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION item_documents_start();

-- A unit renamed, or an account's username changed: the documents that show them.
CREATE FUNCTION item_documents_follow_names() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'units' THEN
        PERFORM item_documents_refresh(ARRAY(SELECT item_id FROM item_co_units WHERE unit_id = NEW.id), '{co_units}');
    ELSE
        PERFORM item_documents_refresh(ARRAY(SELECT DISTINCT m.item_id FROM evidence e
                JOIN milestones m ON m.id = e.milestone_id WHERE e.uploaded_by = NEW.id), '{milestones}');
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER units_document_names AFTER UPDATE OF name, code ON units FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION item_documents_follow_names();
CREATE TRIGGER users_document_names AFTER UPDATE OF username ON users FOR EACH ROW
    WHEN (OLD.username IS DISTINCT FROM NEW.username)
    EXECUTE FUNCTION item_documents_follow_names();

-- The rows each part follows: for each table, how its rows name their item and the parts
-- they feed (a milestone's original due date shows in its indicators' targets too).
DO $$
DECLARE
    t RECORD;
    args TEXT;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('milestones', 'item_id', '{milestones,indicators}'::text[]),
        ('evidence', 'milestone_id', '{milestones}'),
        ('indicators', 'item_id', '{indicators}'),
        ('indicator_targets', 'item_id', '{indicators}'),  -- its key to indicators carries the item
        ('item_co_units', 'item_id', '{co_units}'),
        ('reports', 'item_id', '{versions}'),
        ('report_versions', 'report_id', '{versions}')) AS v(tab, how, parts)
    LOOP
        SELECT string_agg(quote_literal(a), ', ') INTO args FROM unnest(t.how || t.parts) AS a;
        -- A report shows in the document only through its versions (their inserts write it),
        -- so a new report or a draft's edit leaves the document alone: see below for reports.
        IF t.tab <> 'reports' THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION item_documents_follow(%s)', t.tab || '_document_insert', t.tab, args);
            EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION item_documents_follow(%s)', t.tab || '_document_update', t.tab, args);
        END IF;
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION item_documents_follow(%s)', t.tab || '_document_delete', t.tab, args);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION item_documents_follow(%s)', t.tab || '_document_truncate', t.tab, args);
    END LOOP;
END
$$;

-- A report moved to another month or item (its versions go along): both items' documents.
CREATE FUNCTION item_documents_follow_report() RETURNS trigger AS $$
BEGIN
    PERFORM item_documents_refresh(ARRAY[OLD.item_id, NEW.item_id], '{versions}');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER reports_document_update AFTER UPDATE OF period, item_id ON reports FOR EACH ROW
    WHEN (OLD.period IS DISTINCT FROM NEW.period OR OLD.item_id IS DISTINCT FROM NEW.item_id)
    EXECUTE FUNCTION item_documents_follow_report();
