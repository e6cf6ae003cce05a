DROP TABLE outbox;
DROP TABLE reminders_sent;
DROP TABLE messages;
ALTER TABLE plans
    DROP COLUMN remind_month_end_days,
    DROP COLUMN remind_overdue,
    DROP COLUMN remind_milestone_days,
    DROP COLUMN remind_notice_days;
ALTER TABLE users DROP COLUMN email;
