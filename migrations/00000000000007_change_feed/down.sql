DROP TRIGGER users_announce ON users;
DROP TRIGGER sessions_announce ON sessions;
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'categories', 'units', 'items', 'item_co_units', 'milestones',
        'indicators', 'indicator_targets', 'reports', 'report_values', 'report_versions', 'evidence',
        'extension_requests', 'notices', 'briefings']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_announce', t);
    END LOOP;
END
$$;
DROP FUNCTION announce_change();
