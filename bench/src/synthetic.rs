//! Synthetic plans for the scale runs, made inside PostgreSQL with generate_series (a
//! million reports in a minute or two, where a row-by-row loader would take an hour).
//! Each plan stands for one county's list: `items` items over 10 categories and the 10
//! units, four milestones, one indicator, and (optionally) a report for every month.

use diesel::prelude::*;
use diesel::sql_types::{Array, Integer};

fn run(conn: &mut PgConnection, sql: &str, years: &[i32], n: i32) -> QueryResult<usize> {
    diesel::sql_query(sql)
        .bind::<Array<Integer>, _>(years)
        .bind::<Integer, _>(n)
        .execute(conn)
}

/// New plans for `years`, each with `items` items (led by the first ten units in turn).
pub fn plans(conn: &mut PgConnection, years: &[i32], items: i32) -> QueryResult<()> {
    run(
        conn,
        "INSERT INTO plans (year, title, status, first_report_due) \
         SELECT y, '合成计划' || y, 'published', make_date(y, 3, 31) FROM unnest($1) y WHERE $2 > 0",
        years,
        items,
    )?;
    run(
        conn,
        "INSERT INTO categories (plan_id, ordinal, title) \
         SELECT p.id, c, '类别' || c FROM plans p CROSS JOIN generate_series(1, 10) c WHERE p.year = ANY($1) AND $2 > 0",
        years,
        items,
    )?;
    run(
        conn,
        "INSERT INTO items (plan_id, category_id, number, content, lead_unit_id) \
         SELECT p.id, cat.id, n, '合成事项' || n, u.id \
         FROM plans p CROSS JOIN generate_series(1, $2) n \
         JOIN categories cat ON cat.plan_id = p.id AND cat.ordinal = n % 10 + 1 \
         JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM units) u ON u.k = n % 10 \
         WHERE p.year = ANY($1)",
        years,
        items,
    )?;
    run(
        conn,
        "INSERT INTO milestones (item_id, seq, due_date, original_due_date, target_text, completed_on) \
         SELECT i.id, m.s, m.d, m.d, '第' || m.s || '季度节点', CASE WHEN m.s <= 2 THEN m.d END \
         FROM items i JOIN plans p ON p.id = i.plan_id \
         CROSS JOIN LATERAL (VALUES (1, make_date(p.year, 3, 31)), (2, make_date(p.year, 6, 30)), \
                                    (3, make_date(p.year, 9, 30)), (4, make_date(p.year, 12, 10))) AS m(s, d) \
         WHERE p.year = ANY($1) AND $2 > 0",
        years,
        items,
    )?;
    run(
        conn,
        "INSERT INTO indicators (item_id, seq, name, measure, kind, final_target) \
         SELECT i.id, 1, '完成量', '个', 'cumulative', 1000 FROM items i JOIN plans p ON p.id = i.plan_id \
         WHERE p.year = ANY($1) AND $2 > 0",
        years,
        items,
    )?;
    run(
        conn,
        "INSERT INTO indicator_targets (indicator_id, milestone_id, item_id, target) \
         SELECT ind.id, m.id, m.item_id, 250 * m.seq FROM indicators ind \
         JOIN milestones m ON m.item_id = ind.item_id JOIN items i ON i.id = ind.item_id JOIN plans p ON p.id = i.plan_id \
         WHERE p.year = ANY($1) AND $2 > 0",
        years,
        items,
    )?;
    Ok(())
}

/// A submitted and accepted report for each of the first `months` months of every item of
/// the plans of `years`, each with one version and a value per indicator.
pub fn reports(conn: &mut PgConnection, years: &[i32], months: i32, author: i32) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO reports (item_id, period, state, progress, due_on, created_by, updated_by, first_submitted_at) \
         SELECT i.id, to_char(make_date(p.year, mth, 1), 'YYYY-MM'), 'accepted', '合成月报：按计划推进。', \
                (make_date(p.year, mth, 1) + interval '1 month - 1 day')::date, $3, $3, \
                make_date(p.year, mth, 25)::timestamptz \
         FROM items i JOIN plans p ON p.id = i.plan_id CROSS JOIN generate_series(1, $2) mth \
         WHERE p.year = ANY($1)",
    )
    .bind::<Array<Integer>, _>(years)
    .bind::<Integer, _>(months)
    .bind::<Integer, _>(author)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO report_values (report_id, item_id, indicator_id, value) \
         SELECT r.id, r.item_id, ind.id, LEAST(ind.final_target, ind.final_target * substr(r.period, 6, 2)::int / 12.0) \
         FROM reports r JOIN indicators ind ON ind.item_id = r.item_id \
         JOIN items i ON i.id = r.item_id JOIN plans p ON p.id = i.plan_id WHERE p.year = ANY($1)",
    )
    .bind::<Array<Integer>, _>(years)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO report_versions (report_id, number, progress, problems, next_steps, indicator_values, \
                                      submitted_by, submitted_at, late, decision, decided_by, decided_at) \
         SELECT r.id, 1, r.progress, '', '', \
                coalesce((SELECT jsonb_object_agg(v.indicator_id::text, v.value) FROM report_values v WHERE v.report_id = r.id), '{}'), \
                r.created_by, r.first_submitted_at, false, 'accepted', r.created_by, r.first_submitted_at \
         FROM reports r JOIN items i ON i.id = r.item_id JOIN plans p ON p.id = i.plan_id WHERE p.year = ANY($1)",
    )
    .bind::<Array<Integer>, _>(years)
    .execute(conn)?;
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}

/// Reports in every plan but `except_year` (the plan the write runs fill, which is not part
/// of what the scale steps grow).
pub fn count_reports(conn: &mut PgConnection, except_year: i32) -> QueryResult<i64> {
    use duban::db::schema::{items, plans, reports};
    reports::table
        .inner_join(items::table.inner_join(plans::table))
        .filter(plans::year.ne(except_year))
        .count()
        .get_result(conn)
}
