-- The change feed: every committed change to what the API reads is announced on a channel,
-- so each server instance can keep read caches and drop them the moment something changes
-- (SPEC §7: caches that must agree are invalidated through PostgreSQL). NOTIFY is
-- transactional: listeners hear of a change only once it is committed, and in commit order.
--   duban_content   the plan and the work on it (what item reads and summaries show)
--   duban_accounts  sessions ending and accounts changing (what sign-in checks look at)
CREATE FUNCTION announce_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'categories', 'units', 'items', 'item_co_units', 'milestones',
        'indicators', 'indicator_targets', 'reports', 'report_values', 'report_versions', 'evidence',
        'extension_requests', 'notices', 'briefings']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION announce_change(''duban_content'')', t || '_announce', t);
    END LOOP;
END
$$;

-- A new session changes no cached answer; an ended one, or a changed account, does.
CREATE TRIGGER sessions_announce AFTER UPDATE OR DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('duban_accounts');
CREATE TRIGGER users_announce AFTER UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('duban_accounts');
