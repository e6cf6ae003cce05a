DROP TABLE case_files;
DROP TABLE notice_escalations;
ALTER TABLE notices ADD COLUMN answer TEXT CHECK (length(answer) <= 5000),
    ADD COLUMN answered_by INT REFERENCES users (id),
    ADD COLUMN answered_at TIMESTAMPTZ;
UPDATE notices n SET answer = r.answer, answered_by = r.answered_by, answered_at = r.answered_at
    FROM (SELECT DISTINCT ON (notice_id) * FROM notice_rounds ORDER BY notice_id, round DESC) r
    WHERE r.notice_id = n.id;
DROP TABLE notice_rounds;
ALTER TABLE notices DROP COLUMN plan_id, DROP COLUMN seq, DROP COLUMN number, DROP COLUMN issued_grade,
    DROP COLUMN grade, DROP COLUMN state, DROP COLUMN acknowledged_by, DROP COLUMN acknowledged_at,
    DROP COLUMN close_note, DROP COLUMN instruction_id, DROP COLUMN inspection_id;
DROP TABLE inspections;
DROP TABLE instructions;
ALTER TABLE plans DROP COLUMN case_days_blue, DROP COLUMN case_days_yellow, DROP COLUMN case_days_red,
    DROP COLUMN case_number_format, DROP COLUMN notices_numbered;
