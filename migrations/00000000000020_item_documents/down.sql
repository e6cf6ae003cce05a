DROP TABLE item_documents;
DROP FUNCTION item_documents_follow() CASCADE;
DROP FUNCTION item_documents_follow_names() CASCADE;
DROP FUNCTION item_documents_start() CASCADE;
DROP FUNCTION item_documents_refresh(INT[], TEXT[]);
DROP FUNCTION item_milestones_json(INT);
DROP FUNCTION item_indicators_json(INT);
DROP FUNCTION item_co_units_json(INT);
DROP FUNCTION item_versions_json(INT);
