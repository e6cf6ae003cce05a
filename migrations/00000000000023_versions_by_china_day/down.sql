-- Back to migration 20's instants.
CREATE OR REPLACE FUNCTION item_versions_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object(
            'period', r.period, 'submitted_at', v.submitted_at,
            'indicator_values', v.indicator_values, 'decision', v.decision,
            'decided_at', v.decided_at) ORDER BY r.period, v.number), '[]'::json)::text
        FROM reports r JOIN report_versions v ON v.report_id = r.id
        WHERE r.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

UPDATE item_documents SET versions = item_versions_json(item_id);
