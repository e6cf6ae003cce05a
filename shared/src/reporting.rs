//! Monthly reports (月报): their states, their JSON, and the checks on what a unit enters
//! (run in the browser as the user types and again on the server).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::IndicatorKind;
use crate::error::FieldError;
use crate::lights::Period;
use crate::supervision::text_problem;

crate::named_enum! {
    pub enum ReportState {
        Draft,
        Submitted,
        Accepted,
        Returned,
    }
}

impl ReportState {
    pub fn label_zh(self) -> &'static str {
        match self {
            ReportState::Draft => "草稿",
            ReportState::Submitted => "已报送",
            ReportState::Accepted => "已采纳",
            ReportState::Returned => "已退回",
        }
    }

    /// The unit may still change the text and figures.
    pub fn editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// The office has it (submitted or accepted): it counts as reported.
    pub fn is_in(self) -> bool {
        matches!(self, ReportState::Submitted | ReportState::Accepted)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    pub indicator_id: i32,
    /// Cumulative since 1 January (a count), or the rate in percent.
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: i32,
    pub item_id: i32,
    pub period: Period,
    pub state: ReportState,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub values: Vec<IndicatorValue>,
    /// The office's reason, while the report is returned.
    pub return_reason: Option<String>,
    pub due_on: NaiveDate,
    /// First submitted after its due day (China time).
    pub late: bool,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    /// Every submission, oldest first.
    pub versions: Vec<ReportVersion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportVersion {
    pub number: i32,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub values: Vec<IndicatorValue>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
    pub decision: Option<ReportState>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportList {
    pub reports: Vec<Report>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// `POST /items/{id}/reports`: start the report of a month. What is left out is taken from
/// the latest earlier report (最多报一次: nobody types the same figures twice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    pub period: String,
    #[serde(default)]
    pub progress: Option<String>,
    #[serde(default)]
    pub problems: Option<String>,
    #[serde(default)]
    pub next_steps: Option<String>,
    #[serde(default)]
    pub values: Option<Vec<IndicatorValue>>,
}

/// `PUT /items/{id}/reports/{period}`: the whole content of a draft or returned report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportContent {
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub values: Vec<IndicatorValue>,
}

/// `GET /items/{id}/reports/{period}/prefill`: what a month's form starts with before the unit
/// saves anything: the latest earlier report's content (`from`), its month label dropped.
/// Reading it writes nothing; the draft exists from the first save (`POST /items/{id}/reports`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPrefill {
    pub period: Period,
    pub due_on: NaiveDate,
    /// The month the text is carried over from, if any.
    pub from: Option<Period>,
    pub content: ReportContent,
}

/// The month a report may be written for: in the plan's year and not in the future.
pub fn period_problem(period: &str, plan_year: i32, today: NaiveDate) -> Result<Period, FieldError> {
    let problem = |message: &str| FieldError {
        field: "period".into(),
        message: message.into(),
    };
    let p: Period = period.parse().map_err(|_| problem("月份格式应为 YYYY-MM"))?;
    if p.year != plan_year {
        return Err(problem("月份不在计划年度内"));
    }
    if p > Period::of(today) {
        return Err(problem("不能填报未来月份"));
    }
    Ok(p)
}

/// Problems with the content; `submitting` also asks for the progress text and every figure.
pub fn content_problems(
    content: &ReportContent,
    indicators: &[(i32, IndicatorKind)],
    submitting: bool,
) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = [
        text_problem("progress", &content.progress, submitting),
        text_problem("problems", &content.problems, false),
        text_problem("next_steps", &content.next_steps, false),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut seen = Vec::new();
    for v in &content.values {
        let field = format!("values.{}", v.indicator_id);
        let problem = |message: &str| FieldError {
            field: field.clone(),
            message: message.into(),
        };
        let Some((_, kind)) = indicators.iter().find(|(id, _)| *id == v.indicator_id) else {
            out.push(problem("不是本事项的指标"));
            continue;
        };
        if seen.contains(&v.indicator_id) {
            out.push(problem("重复填报"));
        } else if !v.value.is_finite() || v.value < 0.0 {
            out.push(problem("不能为负数"));
        } else if *kind == IndicatorKind::Rate && v.value > 100.0 {
            out.push(problem("比率不能超过100%"));
        } else if v.value >= 1e12 {
            out.push(problem("数值过大"));
        }
        seen.push(v.indicator_id);
    }
    if submitting {
        for (id, _) in indicators {
            if !seen.contains(id) {
                out.push(FieldError {
                    field: format!("values.{id}"),
                    message: "报送前请填写本指标".into(),
                });
            }
        }
    }
    out
}

/// The day a month's report is due: the month's last day plus the plan's grace days.
pub fn due_on(period: Period, grace_days: i32) -> NaiveDate {
    period.last_day() + chrono::Duration::days(grace_days as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_must_be_in_the_year_and_not_ahead() {
        let today = d("2024-07-15");
        assert!(period_problem("2024-07", 2024, today).is_ok());
        assert!(period_problem("2024-01", 2024, today).is_ok());
        assert!(period_problem("2024-08", 2024, today).is_err());
        assert!(period_problem("2023-12", 2024, today).is_err());
        assert!(period_problem("2024-13", 2024, today).is_err());
        assert!(period_problem("July", 2024, today).is_err());
    }

    #[test]
    fn values_are_checked_against_the_items_indicators() {
        let inds = [(1, IndicatorKind::Cumulative), (2, IndicatorKind::Rate)];
        let content = |values: Vec<(i32, f64)>| ReportContent {
            progress: "进展".into(),
            problems: String::new(),
            next_steps: String::new(),
            values: values
                .into_iter()
                .map(|(indicator_id, value)| IndicatorValue { indicator_id, value })
                .collect(),
        };
        assert!(content_problems(&content(vec![(1, 10.0), (2, 50.0)]), &inds, true).is_empty());
        assert_eq!(
            content_problems(&content(vec![(1, -1.0)]), &inds, false)[0].field,
            "values.1"
        );
        assert_eq!(
            content_problems(&content(vec![(2, 100.5)]), &inds, false)[0].message,
            "比率不能超过100%"
        );
        assert_eq!(
            content_problems(&content(vec![(9, 1.0)]), &inds, false)[0].message,
            "不是本事项的指标"
        );
        assert_eq!(content_problems(&content(vec![(1, f64::NAN)]), &inds, false).len(), 1);
        // Drafts may leave figures out; a submission may not.
        assert!(content_problems(&content(vec![(1, 1.0)]), &inds, false).is_empty());
        assert_eq!(
            content_problems(&content(vec![(1, 1.0)]), &inds, true)[0].field,
            "values.2"
        );
        let mut empty = content(vec![(1, 1.0), (2, 1.0)]);
        empty.progress = " ".into();
        assert_eq!(content_problems(&empty, &inds, true)[0].field, "progress");
        assert!(content_problems(&empty, &inds, false).is_empty());
    }

    #[test]
    fn due_day_is_month_end_plus_grace() {
        let p: Period = "2024-02".parse().unwrap();
        assert_eq!(due_on(p, 0), d("2024-02-29"));
        assert_eq!(due_on(p, 5), d("2024-03-05"));
    }
}
