-- Issue 16: who has read a published briefing (情况通报), first time each.
CREATE TABLE briefing_reads (
    briefing_id  INT NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
    user_id      INT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (briefing_id, user_id)
);
