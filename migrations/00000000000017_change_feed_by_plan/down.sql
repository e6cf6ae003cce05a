DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'categories', 'units', 'items', 'item_co_units', 'milestones',
        'indicators', 'indicator_targets', 'reports', 'report_values', 'report_versions', 'evidence',
        'extension_requests', 'notices', 'briefings']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce_insert', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce_update', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce_delete', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce_truncate', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION announce_change(''duban_content'')', t || '_announce', t);
    END LOOP;
END
$$;
DROP FUNCTION announce_plans();
DROP FUNCTION announce_transaction();
DROP FUNCTION announce_plan_query(TEXT, TEXT);
