DROP TABLE notices;
DROP TABLE extension_requests;
DROP TABLE evidence;
ALTER TABLE milestones DROP COLUMN completed_by, DROP COLUMN completed_at, DROP COLUMN reopen_reason, DROP COLUMN original_due_date;
DROP TABLE report_versions;
DROP TABLE report_values;
DROP TABLE reports;
ALTER TABLE plans DROP COLUMN report_grace_days;
