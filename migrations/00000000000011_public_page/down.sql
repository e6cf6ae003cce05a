ALTER TABLE plans DROP COLUMN public_page;
