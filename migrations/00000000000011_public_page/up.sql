-- Issue 16: the public progress page (主动公开) of a published plan, which the office may switch off.
ALTER TABLE plans ADD COLUMN public_page BOOLEAN NOT NULL DEFAULT true;
