//! A co-unit's 配合情况 for a month.

use chrono::{Datelike, NaiveDate};

use super::{text, Refusal};
use crate::co_notes::period_start;

/// The month is one of the plan's year, not after this month; the note says something.
pub fn write(plan_year: i32, today: NaiveDate, period: &str, note: &str) -> Result<NaiveDate, Refusal> {
    let Some(start) = period_start(period) else {
        return Err(Refusal::invalid("period", "月份应写作“2024-06”"));
    };
    if start.year() != plan_year {
        return Err(Refusal::invalid("period", format!("月份应在{plan_year}年内")));
    }
    if start > today {
        return Err(Refusal::invalid("period", "不能填写以后月份的配合情况"));
    }
    text("note", note, true)?;
    Ok(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_of_the_year_so_far_and_some_words() {
        let today = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
        assert_eq!(
            write(2024, today, "2024-06", "已配合完成选址").unwrap().to_string(),
            "2024-06-01"
        );
        assert!(write(2024, today, "2024-07", "x").is_ok());
        assert!(write(2024, today, "2024-08", "x").is_err());
        assert!(write(2024, today, "2023-12", "x").is_err());
        assert!(write(2024, today, "2024-6", "x").is_err());
        assert!(write(2024, today, "2024-13", "x").is_err());
        assert!(write(2024, today, "2024-06", "  ").is_err());
    }
}
