-- Issue 15: reminders that go out by themselves (催报), the message center, and email sent
-- through an outbox.

-- A user's email address: set by the office, changed by the user.
ALTER TABLE users ADD COLUMN email TEXT
    CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'));

-- The plan's reminder rules; NULL days (or false) switch that reminder off.
ALTER TABLE plans
    ADD COLUMN remind_month_end_days INT DEFAULT 3 CHECK (remind_month_end_days BETWEEN 1 AND 15),
    ADD COLUMN remind_overdue BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN remind_milestone_days INT DEFAULT 7 CHECK (remind_milestone_days BETWEEN 1 AND 60),
    ADD COLUMN remind_notice_days INT DEFAULT 2 CHECK (remind_notice_days BETWEEN 1 AND 30);

-- What a user is told in the app: reminders, new notices, returned reports, briefings, 批示.
CREATE TABLE messages (
    id          BIGSERIAL PRIMARY KEY,
    user_id     INT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('reminder', 'notice', 'report_returned', 'briefing', 'instruction')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        TEXT NOT NULL CHECK (length(body) <= 5000),
    -- A path of the app (/items/5), or empty.
    link        TEXT NOT NULL DEFAULT '' CHECK (link = '' OR link LIKE '/%'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ
);
CREATE INDEX messages_user_idx ON messages (user_id, id DESC);
CREATE INDEX messages_unread_idx ON messages (user_id) WHERE read_at IS NULL;

-- One row per reminder decided: the primary key makes a rule, its target and its period
-- go out once, whichever instance of Duban gets there first (the insert that loses the race
-- inserts nothing, and sends nothing).
CREATE TABLE reminders_sent (
    rule        TEXT NOT NULL CHECK (rule IN ('month_end', 'report_overdue', 'milestone_due', 'notice_answer')),
    -- The unit (report reminders), the milestone or the notice.
    target_id   INT NOT NULL,
    -- 2024-06 for a month's report; the due or answer-by day for the others.
    period      TEXT NOT NULL,
    plan_id     INT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    unit_id     INT NOT NULL REFERENCES units (id),
    sent_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (rule, target_id, period)
);

-- Mail (and later other channels) written in the same transaction as its cause, sent by a
-- worker; marked sent only once the server accepted it.
CREATE TABLE outbox (
    id               BIGSERIAL PRIMARY KEY,
    channel          TEXT NOT NULL CHECK (channel IN ('email')),
    recipient        TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 254),
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- The app path the text points to (the worker puts the server's address before it).
    link             TEXT NOT NULL DEFAULT '',
    message_id       BIGINT REFERENCES messages (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error       TEXT,
    sent_at          TIMESTAMPTZ,
    -- Refused for good (a 5xx answer: no such mailbox); not tried again.
    failed_at        TIMESTAMPTZ
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
