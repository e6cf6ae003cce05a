-- Issue 16: the deputies' year-end evaluation (人大代表满意度测评). Deputies have accounts of
-- their own role; a plan has at most one round; a deputy has at most one ballot per item of it
-- (the primary key), changed in place until the round closes.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'unit', 'leader', 'deputy'));

CREATE TABLE evaluation_rounds (
    id          SERIAL PRIMARY KEY,
    plan_id     INT NOT NULL UNIQUE REFERENCES plans (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    opened_by   INT NOT NULL REFERENCES users (id),
    opened_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_by   INT REFERENCES users (id),
    closed_at   TIMESTAMPTZ,
    version     INT NOT NULL DEFAULT 1 CHECK (version > 0),
    CHECK ((closed_by IS NULL) = (closed_at IS NULL))
);

CREATE TABLE evaluation_ballots (
    round_id    INT NOT NULL REFERENCES evaluation_rounds (id) ON DELETE CASCADE,
    item_id     INT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    deputy_id   INT NOT NULL REFERENCES users (id),
    score       TEXT NOT NULL CHECK (score IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    comment     TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
    cast_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (round_id, item_id, deputy_id)
);
CREATE INDEX evaluation_ballots_deputy_idx ON evaluation_ballots (round_id, deputy_id);
