//! How dates and numbers read in the notice.

use chrono::{Datelike, NaiveDate};

/// `2024-02-29` → "2024年2月29日".
pub fn date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2024-03-31` → "3月31日".
pub fn month_day_zh(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

/// A milestone's deadline as the notice writes it: "3月31日前".
pub fn due_zh(date: NaiveDate) -> String {
    format!("{}前", month_day_zh(date))
}

/// A target figure as the notice writes it: `6000.0` → "6000", `97.5` → "97.5".
pub fn figure(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A figure as typed ("6,000", "97.5", " 3000 "): `Ok(None)` when blank, `Err(())` when it
/// is not a (finite) number.
#[allow(clippy::result_unit_err)]
pub fn parse_figure(text: &str) -> Result<Option<f64>, ()> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(()),
    }
}

/// The first `n` characters of `text`, with "…" when there was more.
pub fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}
