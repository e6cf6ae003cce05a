-- Published briefings (情况通报), numbered per plan. The content is a snapshot: a briefing
-- once sent says the same thing forever, whatever reports come later.
CREATE TABLE briefings (
    id            SERIAL PRIMARY KEY,
    plan_id       INT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    number        INT NOT NULL CHECK (number > 0),
    cut_off       DATE NOT NULL,
    content       JSONB NOT NULL,
    published_by  INT NOT NULL REFERENCES users (id),
    published_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (plan_id, number)
);
