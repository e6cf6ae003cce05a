-- Issue 16: a briefing (情况通报) is the office's draft until it is published. A draft has no
-- number, no issue date and no frozen figures (they are computed as of its cut-off when it is
-- read); publishing fixes all three at once. The office's own words live in `text`.
ALTER TABLE briefings
    ALTER COLUMN number DROP NOT NULL,
    ALTER COLUMN content DROP NOT NULL,
    ALTER COLUMN published_by DROP NOT NULL,
    ALTER COLUMN published_at DROP NOT NULL,
    ALTER COLUMN published_at DROP DEFAULT,
    ADD COLUMN text JSONB,
    ADD COLUMN issued_on DATE,
    ADD COLUMN created_by INT REFERENCES users (id),
    ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN version INT NOT NULL DEFAULT 1 CHECK (version > 0);

UPDATE briefings
SET text = jsonb_build_object('title', content ->> 'title', 'issuer', '', 'sections', '{}'::jsonb),
    issued_on = (published_at AT TIME ZONE 'Asia/Shanghai')::date,
    created_by = published_by,
    created_at = published_at;

ALTER TABLE briefings
    ALTER COLUMN text SET NOT NULL,
    ALTER COLUMN created_by SET NOT NULL,
    ADD CONSTRAINT briefings_published_whole CHECK (
        (number IS NULL) = (content IS NULL)
        AND (number IS NULL) = (published_at IS NULL)
        AND (number IS NULL) = (published_by IS NULL)
        AND (number IS NULL) = (issued_on IS NULL)
    );
