-- The versions part of each item's document gives the China calendar days (UTC+8, the
-- days deadlines and lights count in) of a submission and of its decision, instead of the
-- instants: the lights only ever compare those days, and an item read then parses a date
-- per version, not two timestamps (issue 17). The instants stay in report_versions.

CREATE OR REPLACE FUNCTION item_versions_json(item INT) RETURNS TEXT AS $$
BEGIN
    RETURN (SELECT COALESCE(json_agg(json_build_object(
            'period', r.period,
            'submitted_on', (v.submitted_at AT TIME ZONE 'UTC' + interval '8 hours')::date,
            'indicator_values', v.indicator_values, 'decision', v.decision,
            'decided_on', (v.decided_at AT TIME ZONE 'UTC' + interval '8 hours')::date)
            ORDER BY r.period, v.number), '[]'::json)::text
        FROM reports r JOIN report_versions v ON v.report_id = r.id
        WHERE r.item_id = item);
END
$$ LANGUAGE plpgsql STABLE;

UPDATE item_documents SET versions = item_versions_json(item_id);
