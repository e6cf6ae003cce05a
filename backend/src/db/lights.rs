//! What the light rules need to know about reports, as things stood on a given day: for
//! each month, the latest submission made by then, unless the office had returned it by then.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::lights::{china_date, Period, ReportState};

use super::schema::{report_versions, reports};

type VersionFacts = (
    i32,
    String,
    DateTime<Utc>,
    serde_json::Value,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// Which reports a light counts: everything submitted (the office, units, leaders), or only
/// what the office accepted (the public page: a report not yet reviewed is not published).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Submitted,
    AcceptedOnly,
}

/// Reports known on `as_of` (a China day), by item.
pub fn reports_known_on(
    conn: &mut PgConnection,
    item_ids: &[i32],
    as_of: NaiveDate,
    counted: Counted,
) -> QueryResult<HashMap<i32, Vec<ReportState>>> {
    let rows: Vec<VersionFacts> = report_versions::table
        .inner_join(reports::table)
        .filter(reports::item_id.eq_any(item_ids))
        .order((reports::item_id, reports::period, report_versions::number))
        .select((
            reports::item_id,
            reports::period,
            report_versions::submitted_at,
            report_versions::indicator_values,
            report_versions::decision,
            report_versions::decided_at,
        ))
        .load(conn)?;
    // Later versions overwrite earlier ones for the same (item, period).
    let mut known: HashMap<(i32, String), ReportState> = HashMap::new();
    for (item_id, period, submitted_at, values, decision, decided_at) in rows {
        if china_date(submitted_at) > as_of {
            continue;
        }
        let returned_by_then =
            decision.as_deref() == Some("returned") && decided_at.is_some_and(|d| china_date(d) <= as_of);
        let key = (item_id, period.clone());
        let accepted_by_then =
            decision.as_deref() == Some("accepted") && decided_at.is_some_and(|d| china_date(d) <= as_of);
        if counted == Counted::AcceptedOnly && !accepted_by_then {
            continue;
        }
        if returned_by_then {
            known.remove(&key);
            continue;
        }
        let Ok(period) = period.parse::<Period>() else { continue };
        let values = values
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        known.insert(
            key,
            ReportState {
                period,
                submitted_on: china_date(submitted_at),
                values,
            },
        );
    }
    let mut out: HashMap<i32, Vec<ReportState>> = HashMap::new();
    for ((item_id, _), state) in known {
        out.entry(item_id).or_default().push(state);
    }
    for list in out.values_mut() {
        list.sort_by_key(|r| r.period);
    }
    Ok(out)
}
