ALTER TABLE briefings DISABLE TRIGGER briefings_in_closed_plan;
DELETE FROM briefings WHERE number IS NULL;
ALTER TABLE briefings ENABLE TRIGGER briefings_in_closed_plan;
ALTER TABLE briefings
    DROP CONSTRAINT briefings_published_whole,
    DROP COLUMN text,
    DROP COLUMN issued_on,
    DROP COLUMN created_by,
    DROP COLUMN created_at,
    DROP COLUMN version,
    ALTER COLUMN number SET NOT NULL,
    ALTER COLUMN content SET NOT NULL,
    ALTER COLUMN published_by SET NOT NULL,
    ALTER COLUMN published_at SET NOT NULL,
    ALTER COLUMN published_at SET DEFAULT now();
