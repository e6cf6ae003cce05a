ALTER TABLE indicators DROP CONSTRAINT indicators_item_id_name_key,
    ADD CONSTRAINT indicators_item_id_name_key UNIQUE (item_id, name);
ALTER TABLE indicators DROP CONSTRAINT indicators_item_id_seq_key,
    ADD CONSTRAINT indicators_item_id_seq_key UNIQUE (item_id, seq);
ALTER TABLE milestones DROP CONSTRAINT milestones_item_id_due_date_key,
    ADD CONSTRAINT milestones_item_id_due_date_key UNIQUE (item_id, due_date);
ALTER TABLE milestones DROP CONSTRAINT milestones_item_id_seq_key,
    ADD CONSTRAINT milestones_item_id_seq_key UNIQUE (item_id, seq);
ALTER TABLE units DROP COLUMN version;
ALTER TABLE categories DROP COLUMN version;
ALTER TABLE notices DROP CONSTRAINT notices_item_kept,
    ADD CONSTRAINT notices_item_id_fkey FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE;
ALTER TABLE extension_requests DROP CONSTRAINT extension_requests_milestone_kept,
    ADD CONSTRAINT extension_requests_milestone_id_fkey FOREIGN KEY (milestone_id)
        REFERENCES milestones (id) ON DELETE CASCADE;
ALTER TABLE evidence DROP CONSTRAINT evidence_milestone_kept,
    ADD CONSTRAINT evidence_milestone_id_fkey FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE CASCADE;
ALTER TABLE report_values DROP CONSTRAINT report_values_indicator_kept,
    ADD CONSTRAINT report_values_indicator_id_item_id_fkey FOREIGN KEY (indicator_id, item_id)
        REFERENCES indicators (id, item_id) ON DELETE CASCADE;
ALTER TABLE reports DROP CONSTRAINT reports_item_kept,
    ADD CONSTRAINT reports_item_id_fkey FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE;
