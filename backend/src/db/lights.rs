//! What the light rules need to know about reports, as things stood on a given day: for
//! each month, the latest submission made by then, unless the office had returned it by then.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use duban_shared::lights::{china_date, Period, ReportState};

/// One submitted version of a month's report, as the light rules look at it. Read in
/// (month, version number) order.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct VersionFact {
    pub period: String,
    pub submitted_at: DateTime<Utc>,
    pub indicator_values: serde_json::Value,
    pub decision: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Which reports a light counts: everything submitted (the office, units, leaders), or only
/// what the office accepted (the public page: a report not yet reviewed is not published).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Submitted,
    AcceptedOnly,
}

/// One item's reports known on `as_of`, in month order, from its versions in (month,
/// version number) order.
pub fn known_on(facts: &[VersionFact], as_of: NaiveDate, counted: Counted) -> Vec<ReportState> {
    // Later versions overwrite earlier ones for the same month.
    let mut known: HashMap<&str, ReportState> = HashMap::new();
    for fact in facts {
        if china_date(fact.submitted_at) > as_of {
            continue;
        }
        let decided_by_then = |what: &str| {
            fact.decision.as_deref() == Some(what) && fact.decided_at.is_some_and(|d| china_date(d) <= as_of)
        };
        if counted == Counted::AcceptedOnly && !decided_by_then("accepted") {
            continue;
        }
        if decided_by_then("returned") {
            known.remove(fact.period.as_str());
            continue;
        }
        let Ok(period) = fact.period.parse::<Period>() else {
            continue;
        };
        let values = fact
            .indicator_values
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        known.insert(
            &fact.period,
            ReportState {
                period,
                submitted_on: china_date(fact.submitted_at),
                values,
            },
        );
    }
    let mut list: Vec<ReportState> = known.into_values().collect();
    list.sort_by_key(|r| r.period);
    list
}

/// The first submission day (China) of a month's report, from its versions.
pub fn first_submitted(facts: &[VersionFact], period: &str) -> Option<NaiveDate> {
    facts
        .iter()
        .filter(|f| f.period == period)
        .map(|f| f.submitted_at)
        .min()
        .map(china_date)
}
