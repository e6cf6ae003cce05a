//! What the light rules need to know about reports, as things stood on a given day: for
//! each month, the latest submission made by then, unless the office had returned it by then.

use chrono::NaiveDate;
use duban_shared::lights::{Period, ReportState};

/// One submitted version of a month's report, as the light rules look at it: the China
/// days it was submitted and decided on (migration 23). Read in (month, version number)
/// order.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct VersionFact {
    pub period: String,
    pub submitted_on: NaiveDate,
    #[serde(deserialize_with = "values_by_indicator")]
    pub indicator_values: Vec<(i32, f64)>,
    pub decision: Option<String>,
    pub decided_on: Option<NaiveDate>,
}

/// `{"<indicator id>": value, …}` as (id, value) pairs, read straight from the text; an
/// entry that is not an id and a number is passed over, as the light rules always have.
fn values_by_indicator<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(i32, f64)>, D::Error> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(i32, f64)>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of indicator values")
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::new();
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                let value: serde_json::Value = map.next_value()?;
                if let (Ok(id), Some(value)) = (key.parse(), value.as_f64()) {
                    pairs.push((id, value));
                }
            }
            Ok(pairs)
        }
    }
    d.deserialize_any(Pairs)
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
    let mut known: Vec<ReportState> = Vec::new();
    for fact in facts {
        if fact.submitted_on > as_of {
            continue;
        }
        let decided_by_then =
            |what: &str| fact.decision.as_deref() == Some(what) && fact.decided_on.is_some_and(|d| d <= as_of);
        if counted == Counted::AcceptedOnly && !decided_by_then("accepted") {
            continue;
        }
        let Ok(period) = fact.period.parse::<Period>() else {
            continue;
        };
        // The versions come in month order, so a month's versions are side by side: a later
        // one replaces the earlier, and one returned by then leaves the month unknown.
        if known.last().is_some_and(|r| r.period == period) {
            known.pop();
        }
        if decided_by_then("returned") {
            continue;
        }
        known.push(ReportState {
            period,
            submitted_on: fact.submitted_on,
            values: fact.indicator_values.clone(),
        });
    }
    known
}

/// The first submission day (China) of a month's report, from its versions.
pub fn first_submitted(facts: &[VersionFact], period: &str) -> Option<NaiveDate> {
    facts
        .iter()
        .filter(|f| f.period == period)
        .map(|f| f.submitted_on)
        .min()
}
