-- Editing a plan must never destroy recorded work. Removing an item, milestone or indicator
-- that already has reports, indicator values, evidence, extension requests or notices is
-- refused by the database itself (the constraints' names end in `_kept`, which the API turns
-- into 409). A draft plan with no such work can still be removed whole.
ALTER TABLE reports DROP CONSTRAINT reports_item_id_fkey,
    ADD CONSTRAINT reports_item_kept FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE RESTRICT;
ALTER TABLE report_values DROP CONSTRAINT report_values_indicator_id_item_id_fkey,
    ADD CONSTRAINT report_values_indicator_kept FOREIGN KEY (indicator_id, item_id)
        REFERENCES indicators (id, item_id) ON DELETE RESTRICT;
ALTER TABLE evidence DROP CONSTRAINT evidence_milestone_id_fkey,
    ADD CONSTRAINT evidence_milestone_kept FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE RESTRICT;
ALTER TABLE extension_requests DROP CONSTRAINT extension_requests_milestone_id_fkey,
    ADD CONSTRAINT extension_requests_milestone_kept FOREIGN KEY (milestone_id)
        REFERENCES milestones (id) ON DELETE RESTRICT;
ALTER TABLE notices DROP CONSTRAINT notices_item_id_fkey,
    ADD CONSTRAINT notices_item_kept FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE RESTRICT;

-- Categories and units are edited by the office too; two admins must not overwrite each other.
ALTER TABLE categories ADD COLUMN version INT NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN version INT NOT NULL DEFAULT 1;

-- The editor saves an item whole: its milestones and indicators may swap places, dates or
-- names within one save, so uniqueness inside an item is checked at commit.
ALTER TABLE milestones DROP CONSTRAINT milestones_item_id_seq_key,
    ADD CONSTRAINT milestones_item_id_seq_key UNIQUE (item_id, seq) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE milestones DROP CONSTRAINT milestones_item_id_due_date_key,
    ADD CONSTRAINT milestones_item_id_due_date_key UNIQUE (item_id, due_date) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE indicators DROP CONSTRAINT indicators_item_id_seq_key,
    ADD CONSTRAINT indicators_item_id_seq_key UNIQUE (item_id, seq) DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE indicators DROP CONSTRAINT indicators_item_id_name_key,
    ADD CONSTRAINT indicators_item_id_name_key UNIQUE (item_id, name) DEFERRABLE INITIALLY IMMEDIATE;
