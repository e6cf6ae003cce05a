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

        // Anything but an object holds no values (the rules always read it so).
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(json: &str) -> VersionFact {
        serde_json::from_str(json).expect("a version")
    }

    #[test]
    fn indicator_values_are_read_as_pairs_and_anything_else_holds_none() {
        let base = r#""period":"2024-03","submitted_on":"2024-03-25","decision":null,"decided_on":null"#;
        let v = fact(&format!(
            r#"{{{base},"indicator_values":{{"3":500,"x":1,"4":"n","5":2.5}}}}"#
        ));
        assert_eq!(v.indicator_values, vec![(3, 500.0), (5, 2.5)]);
        for other in ["null", "[1,2]", "\"text\"", "7", "true"] {
            let v = fact(&format!(r#"{{{base},"indicator_values":{other}}}"#));
            assert!(v.indicator_values.is_empty(), "{other}");
        }
    }

    #[test]
    fn a_later_version_replaces_the_month_and_a_returned_one_empties_it() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let facts: Vec<VersionFact> = [
            r#"{"period":"2024-01","submitted_on":"2024-01-20","indicator_values":{"1":1},"decision":"accepted","decided_on":"2024-01-21"}"#,
            r#"{"period":"2024-02","submitted_on":"2024-02-20","indicator_values":{"1":2},"decision":null,"decided_on":null}"#,
            r#"{"period":"2024-02","submitted_on":"2024-02-25","indicator_values":{"1":3},"decision":"returned","decided_on":"2024-02-27"}"#,
            r#"{"period":"2024-03","submitted_on":"2024-03-20","indicator_values":{"1":4},"decision":null,"decided_on":null}"#,
        ]
        .into_iter()
        .map(fact)
        .collect();
        let months = |day: &str, counted| -> Vec<(String, f64)> {
            known_on(&facts, d(day), counted)
                .iter()
                .map(|r| (r.period.to_string(), r.values[0].1))
                .collect()
        };
        let m = |p: &str, v: f64| (p.to_string(), v);
        assert_eq!(
            months("2024-02-24", Counted::Submitted),
            vec![m("2024-01", 1.0), m("2024-02", 2.0)]
        );
        assert_eq!(
            months("2024-02-26", Counted::Submitted),
            vec![m("2024-01", 1.0), m("2024-02", 3.0)]
        );
        assert_eq!(
            months("2024-03-31", Counted::Submitted),
            vec![m("2024-01", 1.0), m("2024-03", 4.0)]
        );
        assert_eq!(months("2024-03-31", Counted::AcceptedOnly), vec![m("2024-01", 1.0)]);
        assert_eq!(first_submitted(&facts, "2024-02"), Some(d("2024-02-20")));
    }
}
