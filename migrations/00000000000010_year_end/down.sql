DROP TRIGGER plans_closed_stay ON plans;
DROP FUNCTION refuse_closed_plan_change();
DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['categories', 'items', 'item_co_units', 'milestones', 'indicators',
        'indicator_targets', 'reports', 'report_values', 'report_versions', 'evidence',
        'extension_requests', 'notices', 'notice_rounds', 'notice_escalations', 'instructions',
        'inspections', 'case_files', 'briefings']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_in_closed_plan', t);
    END LOOP;
END
$$;
DROP TABLE co_unit_notes;
DROP FUNCTION refuse_in_closed_plan();
ALTER TABLE items DROP COLUMN final_result, DROP COLUMN final_note;
ALTER TABLE plans DROP COLUMN closed_at, DROP COLUMN closed_by;
