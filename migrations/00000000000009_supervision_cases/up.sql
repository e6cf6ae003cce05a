-- 督办件: 督查通知书 graded (三色督办) and numbered per plan, signed for, answered in rounds
-- that the office sends back or closes (销号); leaders' 批示; 实地督查 records; the files of
-- answers and inspections.

-- The plan's rules for its notices, and the last number it gave one (never given again).
ALTER TABLE plans
    ADD COLUMN case_days_blue INT NOT NULL DEFAULT 10 CHECK (case_days_blue BETWEEN 1 AND 60),
    ADD COLUMN case_days_yellow INT NOT NULL DEFAULT 5 CHECK (case_days_yellow BETWEEN 1 AND 60),
    ADD COLUMN case_days_red INT NOT NULL DEFAULT 3 CHECK (case_days_red BETWEEN 1 AND 60),
    ADD COLUMN case_number_format TEXT NOT NULL DEFAULT '督查通知书〔{year}〕第{n}号'
        CHECK (position('{n}' IN case_number_format) > 0 AND length(case_number_format) <= 60),
    ADD COLUMN notices_numbered INT NOT NULL DEFAULT 0 CHECK (notices_numbered >= 0);

CREATE TABLE instructions (
    id          SERIAL PRIMARY KEY,
    item_id     INT NOT NULL CONSTRAINT instructions_item_kept REFERENCES items (id) ON DELETE RESTRICT,
    text        TEXT NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 5000),
    written_by  INT NOT NULL REFERENCES users (id),
    written_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX instructions_item_idx ON instructions (item_id);

CREATE TABLE inspections (
    id            SERIAL PRIMARY KEY,
    item_id       INT NOT NULL CONSTRAINT inspections_item_kept REFERENCES items (id) ON DELETE RESTRICT,
    inspected_on  DATE NOT NULL,
    place         TEXT NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 200),
    inspectors    TEXT NOT NULL CHECK (length(btrim(inspectors)) BETWEEN 1 AND 200),
    findings      TEXT NOT NULL CHECK (length(btrim(findings)) BETWEEN 1 AND 5000),
    requirements  TEXT CHECK (length(requirements) <= 5000),
    recorded_by   INT NOT NULL REFERENCES users (id),
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX inspections_item_idx ON inspections (item_id);

-- `grade` and `answer_by` are those of the current wait for the unit's answer; the grades
-- it has risen by since are computed from them, and written to `notice_escalations` when
-- the wait ends (the unit answers).
ALTER TABLE notices
    ADD COLUMN plan_id INT REFERENCES plans (id),
    ADD COLUMN seq INT,
    ADD COLUMN number TEXT,
    ADD COLUMN issued_grade TEXT NOT NULL DEFAULT 'blue' CHECK (issued_grade IN ('blue', 'yellow', 'red')),
    ADD COLUMN grade TEXT NOT NULL DEFAULT 'blue' CHECK (grade IN ('blue', 'yellow', 'red')),
    ADD COLUMN state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'acknowledged', 'answered', 'returned', 'closed')),
    ADD COLUMN acknowledged_by INT REFERENCES users (id),
    ADD COLUMN acknowledged_at TIMESTAMPTZ,
    ADD COLUMN close_note TEXT CHECK (length(close_note) <= 5000),
    ADD COLUMN instruction_id INT REFERENCES instructions (id),
    ADD COLUMN inspection_id INT REFERENCES inspections (id);

CREATE TABLE notice_rounds (
    notice_id      INT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    round          INT NOT NULL CHECK (round >= 1),
    answer         TEXT NOT NULL CHECK (length(btrim(answer)) BETWEEN 1 AND 5000),
    answered_by    INT NOT NULL REFERENCES users (id),
    answered_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    return_reason  TEXT CHECK (length(return_reason) <= 5000),
    returned_by    INT REFERENCES users (id),
    returned_at    TIMESTAMPTZ,
    PRIMARY KEY (notice_id, round)
);

-- Notices written before this migration: numbered in the order they were issued, their
-- one answer kept as round 1.
UPDATE notices n SET plan_id = i.plan_id FROM items i WHERE i.id = n.item_id;
UPDATE notices n SET seq = o.seq
    FROM (SELECT id, row_number() OVER (PARTITION BY plan_id ORDER BY issued_at, id) AS seq FROM notices) o
    WHERE o.id = n.id;
UPDATE notices n SET number = replace(replace(p.case_number_format, '{year}', p.year::text), '{n}', n.seq::text)
    FROM plans p WHERE p.id = n.plan_id;
UPDATE plans p SET notices_numbered = coalesce((SELECT max(seq) FROM notices n WHERE n.plan_id = p.id), 0);
INSERT INTO notice_rounds (notice_id, round, answer, answered_by, answered_at)
    SELECT id, 1, answer, answered_by, answered_at FROM notices
    WHERE answered_at IS NOT NULL AND length(btrim(answer)) > 0;
UPDATE notices SET state = CASE
    WHEN closed_at IS NOT NULL THEN 'closed'
    WHEN answered_at IS NOT NULL THEN 'answered'
    ELSE 'open' END;
UPDATE notices SET close_note = '' WHERE closed_at IS NOT NULL;

ALTER TABLE notices
    ALTER COLUMN plan_id SET NOT NULL,
    ALTER COLUMN seq SET NOT NULL,
    ALTER COLUMN number SET NOT NULL,
    ADD CONSTRAINT notices_number_once UNIQUE (plan_id, seq),
    DROP COLUMN answer,
    DROP COLUMN answered_by,
    DROP COLUMN answered_at;
CREATE INDEX notices_instruction_idx ON notices (instruction_id) WHERE instruction_id IS NOT NULL;
CREATE INDEX notices_inspection_idx ON notices (inspection_id) WHERE inspection_id IS NOT NULL;

CREATE TABLE notice_escalations (
    notice_id   INT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    step        INT NOT NULL CHECK (step >= 1),
    from_grade  TEXT NOT NULL CHECK (from_grade IN ('blue', 'yellow')),
    to_grade    TEXT NOT NULL CHECK (to_grade IN ('yellow', 'red')),
    on_day      DATE NOT NULL,
    missed      DATE NOT NULL,
    answer_by   DATE NOT NULL,
    PRIMARY KEY (notice_id, step)
);

-- Files of a notice's answer (`round` NULL until the answer they belong to is sent) or an
-- inspection's photos; content kept in the database like evidence.
CREATE TABLE case_files (
    id             SERIAL PRIMARY KEY,
    notice_id      INT REFERENCES notices (id) ON DELETE CASCADE,
    round          INT,
    inspection_id  INT REFERENCES inspections (id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type   TEXT NOT NULL,
    size_bytes     INT NOT NULL CHECK (size_bytes > 0),
    sha256         TEXT NOT NULL,
    content        BYTEA NOT NULL,
    uploaded_by    INT NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((notice_id IS NULL) <> (inspection_id IS NULL)),
    CHECK (round IS NULL OR notice_id IS NOT NULL)
);
CREATE INDEX case_files_notice_idx ON case_files (notice_id) WHERE notice_id IS NOT NULL;
CREATE INDEX case_files_inspection_idx ON case_files (inspection_id) WHERE inspection_id IS NOT NULL;
