//! How dates, months, times and numbers read on screen (as in the notice).

use chrono::{Datelike, NaiveDate, Timelike};
use duban_shared::lights::Period;
use duban_shared::numerals::chinese_ordinal;

/// `2024-02-29` → "2024年2月29日".
pub fn date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A day as a date input holds it (`2024-02-29`) → "2024年2月29日"; `None` when blank or
/// not a day.
pub fn typed_date_zh(text: &str) -> Option<String> {
    text.trim().parse::<NaiveDate>().ok().map(date_zh)
}

/// A date input's text in words: the day in Chinese, or the text as typed when it is no day.
pub fn date_words(text: &str) -> String {
    typed_date_zh(text).unwrap_or_else(|| text.to_string())
}

/// `2024-03-31` → "3月31日".
pub fn month_day_zh(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

/// A milestone's deadline as the notice writes it: "3月31日前".
pub fn due_zh(date: NaiveDate) -> String {
    format!("{}前", month_day_zh(date))
}

/// "2024-06" → "2024年6月".
pub fn period_zh(p: Period) -> String {
    format!("{}年{}月", p.year, p.month)
}

/// "6月".
pub fn month_zh(p: Period) -> String {
    format!("{}月", p.month)
}

/// A time as China reads it: "2024年7月15日 10:05".
pub fn time_zh(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t.naive_utc() + chrono::Duration::hours(8);
    format!("{} {:02}:{:02}", date_zh(local.date()), local.hour(), local.minute())
}

/// "2024-07-15" as an `<input type=date>` value.
pub fn date_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// "一、提升医疗保障水平".
pub fn category_label(ordinal: i32, title: &str) -> String {
    format!("{}、{}", chinese_ordinal(ordinal), title)
}

/// A target or reported figure as written: `6000.0` → "6000", `2.846` → "2.846" (every
/// decimal it has, so that the editor saves back what it read).
pub use duban_shared::quantity::figure;

/// A computed amount in its measure: counts whole ("3293人"), other figures as precise as written.
pub use duban_shared::quantity::quantity;

/// A percentage or a lag in points, to one decimal: `23.64` → "23.6".
pub use duban_shared::quantity::points;

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
