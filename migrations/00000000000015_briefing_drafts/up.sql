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

-- The issues already published keep what they said; they gain the plan's issuer (发文机关) and
-- their 总体情况 from their opening sentences, so the 公文 layout has both. A closed year's
-- briefings are read-only (migration 12): the trigger stands aside for this backfill only.
ALTER TABLE briefings DISABLE TRIGGER briefings_in_closed_plan;
UPDATE briefings b
SET content = b.content || jsonb_build_object(
        'issuer', p.issuer,
        'sections', jsonb_build_object('overall', coalesce(
            (SELECT string_agg(line, E'\n') FROM jsonb_array_elements_text(b.content -> 'overview') AS line), ''))),
    text = jsonb_build_object('title', b.content ->> 'title', 'issuer', p.issuer, 'sections', '{}'::jsonb),
    issued_on = (b.published_at AT TIME ZONE 'Asia/Shanghai')::date,
    created_by = b.published_by,
    created_at = b.published_at
FROM plans p
WHERE p.id = b.plan_id;
ALTER TABLE briefings ENABLE TRIGGER briefings_in_closed_plan;

ALTER TABLE briefings
    ALTER COLUMN text SET NOT NULL,
    ALTER COLUMN created_by SET NOT NULL,
    ADD CONSTRAINT briefings_published_whole CHECK (
        (number IS NULL) = (content IS NULL)
        AND (number IS NULL) = (published_at IS NULL)
        AND (number IS NULL) = (published_by IS NULL)
        AND (number IS NULL) = (issued_on IS NULL)
    );
