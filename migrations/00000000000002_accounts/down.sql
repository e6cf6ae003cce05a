DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP FUNCTION audit_events_chain();
DROP FUNCTION audit_row_hash(TEXT, TIMESTAMPTZ, INT, TEXT, TEXT, TEXT, TEXT, JSONB, JSONB, TEXT);
DROP TABLE audit_chain_head;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
