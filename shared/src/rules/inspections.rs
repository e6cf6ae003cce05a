//! 实地督查 records: what the office saw on site, and the 整改要求 it left.

use chrono::NaiveDate;

use super::{field, refuse_if, text, Refusal};
use crate::error::FieldError;
use crate::plan_edit::SHORT_TEXT_MAX;

fn short(name: &str, value: &str) -> Option<FieldError> {
    if value.trim().is_empty() {
        Some(field(name, "不能为空"))
    } else if value.chars().count() > SHORT_TEXT_MAX {
        Some(field(name, &format!("不能超过{SHORT_TEXT_MAX}字")))
    } else {
        None
    }
}

/// An inspection took place on or before today, somewhere, by someone, and found something.
pub fn record(
    inspected_on: NaiveDate,
    place: &str,
    inspectors: &str,
    findings: &str,
    requirements: Option<&str>,
    today: NaiveDate,
) -> Result<(), Refusal> {
    refuse_if((inspected_on > today).then(|| field("inspected_on", "督查日期不能晚于今天")))?;
    refuse_if(short("place", place))?;
    refuse_if(short("inspectors", inspectors))?;
    text("findings", findings, true)?;
    match requirements {
        Some(r) => text("requirements", r, false),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inspection_names_its_day_place_people_and_findings() {
        let today = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
        assert!(record(today, "长沙街道", "张三、李四", "施工进度正常", None, today).is_ok());
        assert_eq!(
            record(today.succ_opt().unwrap(), "长沙街道", "张三", "正常", None, today),
            Err(Refusal::invalid("inspected_on", "督查日期不能晚于今天"))
        );
        assert!(record(today, " ", "张三", "正常", None, today).is_err());
        assert!(record(today, "长沙街道", "张三", "", None, today).is_err());
    }
}
