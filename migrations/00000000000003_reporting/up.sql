-- The monthly work of a unit and the office's answer: reports (月报) with their submitted
-- versions, milestone completion with evidence, extension requests (延期申请) and
-- supervision notices (督办通知).

-- Reports are due by the end of their month; this many days later still counts as on time.
ALTER TABLE plans ADD COLUMN report_grace_days INT NOT NULL DEFAULT 0 CHECK (report_grace_days BETWEEN 0 AND 31);

CREATE TABLE reports (
    id            SERIAL PRIMARY KEY,
    item_id       INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    period        TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    progress      TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    next_steps    TEXT NOT NULL DEFAULT '',
    return_reason TEXT,
    due_on        DATE NOT NULL,
    created_by    INT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by    INT NOT NULL REFERENCES users (id),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- First submission: lateness is judged on it (a return and resubmission is not "late").
    first_submitted_at TIMESTAMPTZ,
    version       INT NOT NULL DEFAULT 1,
    UNIQUE (item_id, period),
    UNIQUE (id, item_id),
    CHECK (length(progress) <= 5000 AND length(problems) <= 5000 AND length(next_steps) <= 5000),
    CHECK (state <> 'returned' OR return_reason IS NOT NULL)
);
CREATE INDEX reports_period_idx ON reports (period, state);

CREATE TABLE report_values (
    report_id     INT NOT NULL,
    item_id       INT NOT NULL,
    indicator_id  INT NOT NULL,
    value         DOUBLE PRECISION NOT NULL CHECK (value >= 0 AND value < 'Infinity'),
    PRIMARY KEY (report_id, indicator_id),
    FOREIGN KEY (report_id, item_id) REFERENCES reports (id, item_id) ON DELETE CASCADE,
    FOREIGN KEY (indicator_id, item_id) REFERENCES indicators (id, item_id) ON DELETE CASCADE
);

-- Every submission is kept as it was sent, with the office's decision on it.
CREATE TABLE report_versions (
    id            SERIAL PRIMARY KEY,
    report_id     INT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number        INT NOT NULL CHECK (number > 0),
    progress      TEXT NOT NULL,
    problems      TEXT NOT NULL,
    next_steps    TEXT NOT NULL,
    -- {"<indicator id>": value, ...} as submitted.
    indicator_values JSONB NOT NULL,
    submitted_by  INT NOT NULL REFERENCES users (id),
    submitted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    late          BOOLEAN NOT NULL,
    decision      TEXT CHECK (decision IN ('accepted', 'returned')),
    reason        TEXT,
    decided_by    INT REFERENCES users (id),
    decided_at    TIMESTAMPTZ,
    UNIQUE (report_id, number)
);

ALTER TABLE milestones
    ADD COLUMN completed_by INT REFERENCES users (id),
    ADD COLUMN completed_at TIMESTAMPTZ,
    ADD COLUMN reopen_reason TEXT,
    -- The date the notice set; due_date moves only by an approved extension.
    ADD COLUMN original_due_date DATE;
UPDATE milestones SET original_due_date = due_date;
ALTER TABLE milestones ALTER COLUMN original_due_date SET NOT NULL;
ALTER TABLE milestones ADD CHECK (length(coalesce(completion_note, '')) <= 5000);

-- Evidence files live in the database, so a database backup alone loses nothing.
CREATE TABLE evidence (
    id            SERIAL PRIMARY KEY,
    milestone_id  INT NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type  TEXT NOT NULL,
    size_bytes    INT NOT NULL CHECK (size_bytes > 0),
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_by   INT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (size_bytes = octet_length(content))
);
CREATE INDEX evidence_milestone_idx ON evidence (milestone_id);

CREATE TABLE extension_requests (
    id              SERIAL PRIMARY KEY,
    milestone_id    INT NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    original_due    DATE NOT NULL,
    requested_due   DATE NOT NULL,
    reason          TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
    requested_by    INT NOT NULL REFERENCES users (id),
    requested_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_by      INT REFERENCES users (id),
    decided_at      TIMESTAMPTZ,
    decision_reason TEXT,
    version         INT NOT NULL DEFAULT 1,
    CHECK (requested_due > original_due)
);
CREATE INDEX extension_requests_milestone_idx ON extension_requests (milestone_id);
-- One open request per milestone at a time.
CREATE UNIQUE INDEX extension_requests_one_pending ON extension_requests (milestone_id) WHERE state = 'pending';

CREATE TABLE notices (
    id           SERIAL PRIMARY KEY,
    item_id      INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    unit_id      INT NOT NULL REFERENCES units (id),
    reason       TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
    answer_by    DATE NOT NULL,
    issued_by    INT NOT NULL REFERENCES users (id),
    issued_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    answer       TEXT CHECK (length(answer) <= 5000),
    answered_by  INT REFERENCES users (id),
    answered_at  TIMESTAMPTZ,
    closed_by    INT REFERENCES users (id),
    closed_at    TIMESTAMPTZ,
    version      INT NOT NULL DEFAULT 1
);
CREATE INDEX notices_item_idx ON notices (item_id);
CREATE INDEX notices_unit_open_idx ON notices (unit_id) WHERE closed_at IS NULL;
