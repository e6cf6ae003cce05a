//! Progress lights (亮灯, SPEC §4): the colour of an item on a given China calendar day,
//! with the reasons shown beside it. Pure functions, so the API and the UI agree by
//! construction: the caller gathers the facts (milestones, indicators, submitted reports)
//! and passes the day; nothing here reads a clock.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::quantity::{format_decimal, quantity};

// ---------------------------------------------------------------------------------------
// China time and reporting periods
// ---------------------------------------------------------------------------------------

/// China has used UTC+8 all year round since 1991, so a fixed offset is exact.
const CHINA_UTC_OFFSET_HOURS: i64 = 8;

/// The China calendar day of an instant. Deadlines ("6月30日前") are China days.
pub fn china_date(instant: DateTime<Utc>) -> NaiveDate {
    (instant.naive_utc() + Duration::hours(CHINA_UTC_OFFSET_HOURS)).date()
}

/// The last day of a month: a monthly report is due by month-end.
///
/// # Panics
/// If `month` is not 1..=12 (a [`Period`] built by `new` or `parse` always is).
pub fn period_due_date(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next_first| next_first.pred_opt())
        .expect("month is 1..=12")
}

/// In OpenAPI a period is what it is in JSON: a "YYYY-MM" string.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
            .description(Some("A reporting month, YYYY-MM"))
            .examples(["2024-06"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Period {}

/// A reporting month, written "YYYY-MM" in URLs and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid period {0:?}: expected YYYY-MM with month 01-12")]
pub struct InvalidPeriod(pub String);

impl Period {
    pub fn new(year: i32, month: u32) -> Result<Self, InvalidPeriod> {
        if (1..=12).contains(&month) {
            Ok(Period { year, month })
        } else {
            Err(InvalidPeriod(format!("{year}-{month}")))
        }
    }

    /// Strict "YYYY-MM": "2024-1", "24-01" and "2024-13" are refused.
    pub fn parse(s: &str) -> Result<Self, InvalidPeriod> {
        let invalid = || InvalidPeriod(s.to_string());
        let (year, month) = s.split_once('-').ok_or_else(invalid)?;
        let all_digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(year, 4) || !all_digits(month, 2) {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        Period::new(year, month).map_err(|_| invalid())
    }

    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Self {
        Period {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn prev(self) -> Self {
        match self.month {
            1 => Period {
                year: self.year - 1,
                month: 12,
            },
            m => Period {
                year: self.year,
                month: m - 1,
            },
        }
    }

    pub fn next(self) -> Self {
        match self.month {
            12 => Period {
                year: self.year + 1,
                month: 1,
            },
            m => Period {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("month is 1..=12")
    }

    /// The day this month's report is due.
    pub fn last_day(self) -> NaiveDate {
        period_due_date(self.year, self.month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = InvalidPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl TryFrom<String> for Period {
    type Error = InvalidPeriod;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Period::parse(&s)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> Self {
        p.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Inputs and outputs
// ---------------------------------------------------------------------------------------

crate::named_enum! {
    pub enum Colour {
        Blue,
        Green,
        Yellow,
        Red,
    }
}

impl Colour {
    pub fn label_zh(self) -> &'static str {
        match self {
            Colour::Blue => "已完成",
            Colour::Green => "正常",
            Colour::Yellow => "滞后",
            Colour::Red => "严重滞后",
        }
    }

    /// Sort key, worst first: red 0, yellow 1, green 2, blue 3.
    pub fn rank(self) -> u8 {
        match self {
            Colour::Red => 0,
            Colour::Yellow => 1,
            Colour::Green => 2,
            Colour::Blue => 3,
        }
    }
}

/// The plan's thresholds. Missing fields in JSON take the SPEC defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LightSettings {
    /// Lag (points) from which an item is yellow.
    pub green_max_lag: f64,
    /// Lag (points) above which an item is red.
    pub red_min_lag: f64,
    /// Days overdue above which an item is red.
    pub red_overdue_days: i64,
}

impl Default for LightSettings {
    fn default() -> Self {
        LightSettings {
            green_max_lag: 10.0,
            red_min_lag: 30.0,
            red_overdue_days: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneState {
    pub id: i32,
    pub due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorState {
    pub id: i32,
    pub name: String,
    pub measure: String,
    pub final_target: f64,
    /// Cumulative targets at the milestones that give one.
    pub targets: Vec<(NaiveDate, f64)>,
}

/// A report the caller counts as submitted (not a draft), with the day it was submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportState {
    pub period: Period,
    pub submitted_on: NaiveDate,
    /// (indicator id, cumulative value)
    pub values: Vec<(i32, f64)>,
}

impl ReportState {
    pub fn value_of(&self, indicator_id: i32) -> Option<f64> {
        self.values
            .iter()
            .find(|(id, _)| *id == indicator_id)
            .map(|&(_, value)| value)
    }
}

/// Everything one item's light depends on. `as_of` is a China calendar day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LightInput<'a> {
    pub plan_year: i32,
    pub as_of: NaiveDate,
    pub first_report_due: Option<NaiveDate>,
    pub settings: LightSettings,
    pub milestones: &'a [MilestoneState],
    pub indicators: &'a [IndicatorState],
    pub reports: &'a [ReportState],
}

/// One indicator on the day: values in its measure, percentages and lag in points of
/// its final target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorProgress {
    pub indicator_id: i32,
    pub expected: f64,
    pub actual: f64,
    pub expected_pct: f64,
    pub actual_pct: f64,
    /// expected_pct − actual_pct; negative when ahead.
    pub lag: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Light {
    pub colour: Colour,
    /// The worst indicator's lag; `None` when the item has no indicators.
    pub lag: Option<f64>,
    /// Simplified Chinese, worst first; never empty.
    pub reasons: Vec<String>,
    /// In the order of the input indicators.
    pub indicators: Vec<IndicatorProgress>,
    /// (milestone id, days overdue), in the order of the input milestones.
    pub overdue_milestones: Vec<(i32, i64)>,
    pub report_missing: Option<Period>,
}

// ---------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------

/// Expected progress (序时进度) on `day`: the targets joined by straight lines from
/// (1 January, 0), by calendar days; flat at the last target after its date.
/// A target is due at the end of its day, so on that day the target itself is expected.
pub fn expected_value(plan_year: i32, targets: &[(NaiveDate, f64)], day: NaiveDate) -> f64 {
    let Some(start) = NaiveDate::from_ymd_opt(plan_year, 1, 1) else {
        return 0.0;
    };
    if day < start {
        return 0.0;
    }
    let mut points = targets.to_vec();
    points.sort_by_key(|&(date, _)| date);
    let mut prev = (start, 0.0);
    for point in points {
        if day <= point.0 {
            return interpolate(prev, point, day);
        }
        prev = point;
    }
    prev.1
}

fn interpolate(from: (NaiveDate, f64), to: (NaiveDate, f64), day: NaiveDate) -> f64 {
    let span = (to.0 - from.0).num_days();
    if span <= 0 {
        return to.1;
    }
    let elapsed = (day - from.0).num_days();
    from.1 + (to.1 - from.1) * elapsed as f64 / span as f64
}

/// The indicator's value in the latest report (by period) submitted on or before `day`
/// that gives one; 0 before any. Values are cumulative, so a report that leaves the
/// indicator out does not reset it.
pub fn actual_value(indicator_id: i32, reports: &[ReportState], day: NaiveDate) -> f64 {
    reports
        .iter()
        .filter(|r| r.submitted_on <= day)
        .filter_map(|r| Some(((r.period, r.submitted_on), r.value_of(indicator_id)?)))
        .max_by_key(|&(key, _)| key)
        .map_or(0.0, |(_, value)| value)
}

/// Points of the final target. A zero target counts as met, so it never lags.
fn pct_of_final(value: f64, final_target: f64) -> f64 {
    if final_target == 0.0 {
        return 100.0;
    }
    snap(value * 100.0 / final_target)
}

/// Rounds away float noise so that a lag meant to be exactly 10 is 10, not 9.999….
fn snap(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub fn indicator_progress(
    plan_year: i32,
    indicator: &IndicatorState,
    reports: &[ReportState],
    day: NaiveDate,
) -> IndicatorProgress {
    let expected = expected_value(plan_year, &indicator.targets, day);
    let actual = actual_value(indicator.id, reports, day);
    let expected_pct = pct_of_final(expected, indicator.final_target);
    let actual_pct = pct_of_final(actual, indicator.final_target);
    IndicatorProgress {
        indicator_id: indicator.id,
        expected,
        actual,
        expected_pct,
        actual_pct,
        lag: snap(expected_pct - actual_pct),
    }
}

/// Days past due on `day`, if the milestone was not completed by then. Not overdue on
/// the due date itself.
pub fn overdue_days(milestone: &MilestoneState, day: NaiveDate) -> Option<i64> {
    let completed = milestone.completed_on.is_some_and(|done| done <= day);
    let days = (day - milestone.due_date).num_days();
    (!completed && days > 0).then_some(days)
}

/// The month whose report must be in by `day`: last month (at most the plan year's
/// December), unless that month ends before the plan's first reporting deadline or lies
/// before the plan year.
pub fn required_report(plan_year: i32, first_report_due: Option<NaiveDate>, day: NaiveDate) -> Option<Period> {
    // December's is the year's last report: none is expected for a month after the year.
    let period = Period::of(day).prev().min(Period {
        year: plan_year,
        month: 12,
    });
    let before_first = first_report_due.is_some_and(|first| period.last_day() < first);
    (period.year >= plan_year && !before_first).then_some(period)
}

/// The required month (see [`required_report`]) when no report for it was submitted by `day`.
pub fn missing_report(
    plan_year: i32,
    first_report_due: Option<NaiveDate>,
    reports: &[ReportState],
    day: NaiveDate,
) -> Option<Period> {
    let period = required_report(plan_year, first_report_due, day)?;
    let submitted = reports.iter().any(|r| r.period == period && r.submitted_on <= day);
    (!submitted).then_some(period)
}

fn lag_grade(settings: &LightSettings, lag: f64) -> Colour {
    if lag > settings.red_min_lag {
        Colour::Red
    } else if lag >= settings.green_max_lag {
        Colour::Yellow
    } else {
        Colour::Green
    }
}

fn overdue_grade(settings: &LightSettings, days: i64) -> Colour {
    if days > settings.red_overdue_days {
        Colour::Red
    } else {
        Colour::Yellow
    }
}

/// The item's light on `input.as_of`. Blue wins, then the worst finding; the colour is
/// derived from the same findings that become the reasons, so the two always agree.
/// The day a plan is judged on: `day`, or its year's last day once the year is over, so
/// that a past plan read today says where it stood at the year's end (no "逾期 977 天", no
/// report of a month after December).
pub fn judged_on(plan_year: i32, day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(plan_year, 12, 31).map_or(day, |last| day.min(last))
}

pub fn light(input: &LightInput) -> Light {
    let judged = LightInput {
        as_of: judged_on(input.plan_year, input.as_of),
        ..*input
    };
    // The report still missing is asked of today: December's may come in after the year.
    let report_missing = missing_report(input.plan_year, input.first_report_due, input.reports, input.as_of);
    let input = &judged;
    let day = input.as_of;
    let progress: Vec<IndicatorProgress> = input
        .indicators
        .iter()
        .map(|i| indicator_progress(input.plan_year, i, input.reports, day))
        .collect();
    let overdue: Vec<(&MilestoneState, i64)> = input
        .milestones
        .iter()
        .filter_map(|m| Some((m, overdue_days(m, day)?)))
        .collect();

    let (colour, reasons) = if is_done(input, &progress) {
        (Colour::Blue, vec![done_reason(input.indicators)])
    } else {
        let findings = findings(input, &progress, &overdue, report_missing);
        match findings.first() {
            Some(&(worst, _)) => (worst, findings.into_iter().map(|(_, t)| t).collect()),
            None => (Colour::Green, on_pace_reasons(input.indicators, &progress)),
        }
    };

    Light {
        colour,
        lag: progress.iter().map(|p| p.lag).reduce(f64::max),
        reasons,
        indicators: progress,
        overdue_milestones: overdue.iter().map(|&(m, days)| (m.id, days)).collect(),
        report_missing,
    }
}

fn is_done(input: &LightInput, progress: &[IndicatorProgress]) -> bool {
    let milestones_done = input
        .milestones
        .iter()
        .all(|m| m.completed_on.is_some_and(|done| done <= input.as_of));
    let targets_met = input
        .indicators
        .iter()
        .zip(progress)
        .all(|(i, p)| p.actual >= i.final_target);
    milestones_done && targets_met
}

/// Everything that is not green, graded and sorted worst first.
fn findings(
    input: &LightInput,
    progress: &[IndicatorProgress],
    overdue: &[(&MilestoneState, i64)],
    report_missing: Option<Period>,
) -> Vec<(Colour, String)> {
    let settings = &input.settings;
    // Before the first report is due nobody has had the chance to report a figure, so an
    // indicator with no figure yet is not judged behind.
    let judged_without_figures = required_report(input.plan_year, input.first_report_due, input.as_of).is_some();
    let has_figure = |i: &IndicatorState| {
        input
            .reports
            .iter()
            .any(|r| r.submitted_on <= input.as_of && r.value_of(i.id).is_some())
    };
    let mut lagging: Vec<_> = input
        .indicators
        .iter()
        .zip(progress)
        .filter(|(i, _)| judged_without_figures || has_figure(i))
        .collect();
    lagging.sort_by(|a, b| b.1.lag.total_cmp(&a.1.lag));
    let mut overdue = overdue.to_vec();
    overdue.sort_by_key(|&(_, days)| std::cmp::Reverse(days));

    let lag_findings = lagging
        .into_iter()
        .map(|(i, p)| (lag_grade(settings, p.lag), indicator_line(i, p)));
    let overdue_findings = overdue
        .into_iter()
        .map(|(m, days)| (overdue_grade(settings, days), overdue_line(m, days)));
    let report_finding = report_missing.map(|p| (Colour::Yellow, missing_report_line(p)));

    let mut found: Vec<(Colour, String)> = lag_findings
        .chain(overdue_findings)
        .chain(report_finding)
        .filter(|&(grade, _)| grade != Colour::Green)
        .collect();
    found.sort_by_key(|&(grade, _)| grade.rank());
    found
}

// ---------------------------------------------------------------------------------------
// Wording
// ---------------------------------------------------------------------------------------

fn done_reason(indicators: &[IndicatorState]) -> String {
    if indicators.is_empty() {
        "全部节点已完成".to_string()
    } else {
        "全部节点已完成，指标均已达到年度目标".to_string()
    }
}

/// "进度正常", then the indicator furthest behind so the reader sees the margin.
fn on_pace_reasons(indicators: &[IndicatorState], progress: &[IndicatorProgress]) -> Vec<String> {
    let worst = indicators
        .iter()
        .zip(progress)
        .max_by(|a, b| a.1.lag.total_cmp(&b.1.lag));
    std::iter::once("进度正常".to_string())
        .chain(worst.map(|(i, p)| indicator_line(i, p)))
        .collect()
}

/// "城镇新增就业 2100人，序时应达 3000人，落后 15 个百分点"
fn indicator_line(indicator: &IndicatorState, progress: &IndicatorProgress) -> String {
    let measure = &indicator.measure;
    format!(
        "{} {}{measure}，序时应达 {}{measure}，{}",
        indicator.name,
        quantity(progress.actual, measure),
        quantity(progress.expected, measure),
        lag_phrase(progress.lag),
    )
}

fn lag_phrase(lag: f64) -> String {
    let shown = format_decimal(lag.abs(), 1);
    if shown == "0" {
        "与序时进度持平".to_string()
    } else if lag > 0.0 {
        format!("落后 {shown} 个百分点")
    } else {
        format!("超前 {shown} 个百分点")
    }
}

/// "节点“6月30日前”已逾期 12 天"
fn overdue_line(milestone: &MilestoneState, days: i64) -> String {
    let due = milestone.due_date;
    format!("节点“{}月{}日前”已逾期 {days} 天", due.month(), due.day())
}

/// "2024年6月月报未报送"
pub fn missing_report_line(period: Period) -> String {
    format!("{}年{}月月报未报送", period.year, period.month)
}

// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod grace_tests {
    use super::*;

    #[test]
    fn a_past_plan_is_judged_on_its_last_day() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let milestones = [MilestoneState {
            id: 1,
            due_date: d("2024-06-30"),
            completed_on: None,
        }];
        let reports = [ReportState {
            period: Period::new(2024, 3).unwrap(),
            submitted_on: d("2024-03-28"),
            values: vec![],
        }];
        let l = light(&LightInput {
            plan_year: 2024,
            as_of: d("2026-12-03"),
            first_report_due: Some(d("2024-03-31")),
            settings: LightSettings::default(),
            milestones: &milestones,
            indicators: &[],
            reports: &reports,
        });
        assert_eq!(judged_on(2024, d("2026-12-03")), d("2024-12-31"));
        assert_eq!(judged_on(2024, d("2024-07-15")), d("2024-07-15"));
        let said = l.reasons.join("；");
        assert!(said.contains("已逾期 184 天"), "counted to 31 December: {said}");
        assert!(said.contains("2024年12月月报未报送"), "the year's last report: {said}");
        assert!(!said.contains("2025") && !said.contains("2026"), "{said}");
        assert_eq!(l.report_missing, Some(Period::new(2024, 12).unwrap()));
    }

    #[test]
    fn no_figure_is_not_behind_before_the_first_report_is_due() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let indicators = [IndicatorState {
            id: 1,
            name: "心理健康测试".into(),
            measure: "人".into(),
            final_target: 60000.0,
            targets: vec![(d("2024-06-30"), 60000.0)],
        }];
        let input = |as_of: &str| LightInput {
            plan_year: 2024,
            as_of: d(as_of),
            first_report_due: Some(d("2024-03-31")),
            settings: LightSettings::default(),
            milestones: &[],
            indicators: &indicators,
            reports: &[],
        };
        // 1 March: 33% expected, nothing reported, nothing due yet → on pace.
        assert_eq!(light(&input("2024-03-01")).colour, Colour::Green);
        // 1 May: the March report was due; still no figure → judged: red.
        assert_eq!(light(&input("2024-05-01")).colour, Colour::Red);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn p(s: &str) -> Period {
        Period::parse(s).expect("test period")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Item 5: 城镇新增就业 1200 / 3000 / 4800 / 6000.
    fn jobs() -> IndicatorState {
        IndicatorState {
            id: 50,
            name: "城镇新增就业".into(),
            measure: "人".into(),
            final_target: 6000.0,
            targets: vec![
                (d("2024-03-31"), 1200.0),
                (d("2024-06-30"), 3000.0),
                (d("2024-09-30"), 4800.0),
                (d("2024-12-10"), 6000.0),
            ],
        }
    }

    /// Item 7: 适老化改造, targets only at 9月 and 12月.
    fn homes() -> IndicatorState {
        IndicatorState {
            id: 70,
            name: "特殊困难老年人家庭适老化改造".into(),
            measure: "户".into(),
            final_target: 298.0,
            targets: vec![(d("2024-09-30"), 150.0), (d("2024-12-10"), 298.0)],
        }
    }

    /// Item 9: 签约服务率, a rate.
    fn signing_rate() -> IndicatorState {
        IndicatorState {
            id: 90,
            name: "老年人家庭医生签约服务率".into(),
            measure: "%".into(),
            final_target: 63.0,
            targets: vec![
                (d("2024-06-30"), 10.0),
                (d("2024-09-30"), 30.0),
                (d("2024-12-10"), 63.0),
            ],
        }
    }

    /// Final target 100 with 50 due on 30 June: points equal values, for boundary tests.
    fn hundred() -> IndicatorState {
        IndicatorState {
            id: 1,
            name: "工程量".into(),
            measure: "%".into(),
            final_target: 100.0,
            targets: vec![(d("2024-06-30"), 50.0), (d("2024-12-10"), 100.0)],
        }
    }

    fn milestone(id: i32, due: &str, completed: Option<&str>) -> MilestoneState {
        MilestoneState {
            id,
            due_date: d(due),
            completed_on: completed.map(d),
        }
    }

    /// The four nodes of a typical item, none completed.
    fn four_nodes() -> Vec<MilestoneState> {
        ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-10"]
            .iter()
            .zip(1..)
            .map(|(due, id)| milestone(id, due, None))
            .collect()
    }

    /// Nodes due up to `day` completed on their due date; later ones open.
    fn nodes_on_time_until(day: &str) -> Vec<MilestoneState> {
        four_nodes()
            .into_iter()
            .map(|mut m| {
                if m.due_date <= d(day) {
                    m.completed_on = Some(m.due_date);
                }
                m
            })
            .collect()
    }

    fn report(period: &str, submitted: &str, values: &[(i32, f64)]) -> ReportState {
        ReportState {
            period: p(period),
            submitted_on: d(submitted),
            values: values.to_vec(),
        }
    }

    /// Reports for every month from March up to and including `last`, each submitted on
    /// its month-end, all carrying `values`.
    fn monthly_reports(last: &str, values: &[(i32, f64)]) -> Vec<ReportState> {
        let mut out = Vec::new();
        let mut period = p("2024-03");
        while period <= p(last) {
            out.push(ReportState {
                period,
                submitted_on: period.last_day(),
                values: values.to_vec(),
            });
            period = period.next();
        }
        out
    }

    fn input<'a>(
        as_of: &str,
        milestones: &'a [MilestoneState],
        indicators: &'a [IndicatorState],
        reports: &'a [ReportState],
    ) -> LightInput<'a> {
        LightInput {
            plan_year: 2024,
            as_of: d(as_of),
            first_report_due: Some(d("2024-03-31")),
            settings: LightSettings::default(),
            milestones,
            indicators,
            reports,
        }
    }

    /// The light of one indicator on 30 June, all nodes on time and reports in.
    fn light_with_actual(indicator: IndicatorState, actual: f64) -> Light {
        let id = indicator.id;
        let ms = nodes_on_time_until("2024-06-30");
        let rs = monthly_reports("2024-05", &[(id, actual)]);
        light(&input("2024-06-30", &ms, &[indicator], &rs))
    }

    // --- time and periods ---

    #[test]
    fn china_day_turns_at_16_utc() {
        let last_second = Utc.with_ymd_and_hms(2024, 6, 30, 15, 59, 59).unwrap();
        let next_day = Utc.with_ymd_and_hms(2024, 6, 30, 16, 0, 0).unwrap();
        assert_eq!(china_date(last_second), d("2024-06-30"));
        assert_eq!(china_date(next_day), d("2024-07-01"));
        let new_year = Utc.with_ymd_and_hms(2024, 12, 31, 16, 0, 0).unwrap();
        assert_eq!(china_date(new_year), d("2025-01-01"));
    }

    #[test]
    fn period_round_trips_as_yyyy_mm() {
        for s in ["2024-01", "2024-06", "2024-12", "1999-09"] {
            assert_eq!(p(s).to_string(), s);
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        assert_eq!(p("2024-06"), Period { year: 2024, month: 6 });
    }

    #[test]
    fn period_rejects_malformed_text() {
        for s in [
            "2024-13",
            "2024-00",
            "2024-1",
            "24-01",
            "2024/01",
            "2024-011",
            "202-01",
            "+024-01",
            "2024-+1",
            "",
            "2024",
            "2024-01-01",
            " 2024-01",
        ] {
            assert!(Period::parse(s).is_err(), "{s:?} should be rejected");
        }
        assert!(Period::new(2024, 0).is_err());
        assert!(Period::new(2024, 13).is_err());
        assert!(Period::new(2024, 12).is_ok());
    }

    #[test]
    fn period_serde_is_the_string() {
        let json = serde_json::to_string(&p("2024-06")).unwrap();
        assert_eq!(json, "\"2024-06\"");
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p("2024-06"));
        assert!(serde_json::from_str::<Period>("\"2024-13\"").is_err());
        assert!(serde_json::from_str::<Period>(r#"{"year":2024,"month":6}"#).is_err());
    }

    #[test]
    fn period_steps_across_years() {
        assert_eq!(p("2024-01").prev(), p("2023-12"));
        assert_eq!(p("2024-12").next(), p("2025-01"));
        assert_eq!(p("2024-06").prev(), p("2024-05"));
        assert_eq!(p("2024-06").next(), p("2024-07"));
        assert_eq!(Period::of(d("2024-02-29")), p("2024-02"));
        assert!(p("2023-12") < p("2024-01"));
    }

    #[test]
    fn period_last_day_knows_leap_years() {
        assert_eq!(p("2024-02").last_day(), d("2024-02-29"));
        assert_eq!(p("2023-02").last_day(), d("2023-02-28"));
        assert_eq!(p("2024-06").last_day(), d("2024-06-30"));
        assert_eq!(p("2024-12").last_day(), d("2024-12-31"));
        assert_eq!(p("2024-12").first_day(), d("2024-12-01"));
        assert_eq!(period_due_date(2024, 3), d("2024-03-31"));
    }

    // --- expected progress ---

    #[test]
    fn expected_follows_item5_line_in_a_leap_year() {
        let t = jobs().targets;
        // 1 Jan → 31 Mar 2024 is 90 days; 15 Feb is day 45, half way.
        assert!(close(expected_value(2024, &t, d("2024-02-15")), 600.0));
        assert!(close(expected_value(2024, &t, d("2024-03-01")), 800.0));
        assert!(close(expected_value(2024, &t, d("2024-03-31")), 1200.0));
        // 31 Mar → 30 Jun is 91 days; 15 May is 45 days in.
        let may15 = 1200.0 + 1800.0 * 45.0 / 91.0;
        assert!(close(expected_value(2024, &t, d("2024-05-15")), may15));
        assert!(close(expected_value(2024, &t, d("2024-06-30")), 3000.0));
        assert!(close(expected_value(2024, &t, d("2024-12-10")), 6000.0));
        assert!(close(expected_value(2024, &t, d("2024-12-31")), 6000.0));
        assert!(close(expected_value(2024, &t, d("2025-03-01")), 6000.0));
    }

    #[test]
    fn expected_is_zero_at_and_before_the_year_start() {
        let t = jobs().targets;
        assert_eq!(expected_value(2024, &t, d("2024-01-01")), 0.0);
        assert_eq!(expected_value(2024, &t, d("2023-12-31")), 0.0);
        assert_eq!(expected_value(2024, &[], d("2024-06-30")), 0.0);
    }

    #[test]
    fn expected_for_a_later_first_target_starts_from_zero_on_1_january() {
        let t = homes().targets;
        // 1 Jan → 30 Sep 2024 is 273 days; 30 Jun is day 181.
        assert!(close(expected_value(2024, &t, d("2024-06-30")), 150.0 * 181.0 / 273.0));
        assert!(close(expected_value(2024, &t, d("2024-09-30")), 150.0));
        // 30 Sep → 10 Dec is 71 days; 5 Nov is 36 days in.
        assert!(close(
            expected_value(2024, &t, d("2024-11-05")),
            150.0 + 148.0 * 36.0 / 71.0
        ));
        assert!(close(expected_value(2024, &t, d("2024-12-31")), 298.0));
    }

    #[test]
    fn expected_does_not_depend_on_target_order() {
        let mut t = jobs().targets;
        t.reverse();
        assert!(close(expected_value(2024, &t, d("2024-03-31")), 1200.0));
        assert!(close(expected_value(2024, &t, d("2024-12-31")), 6000.0));
    }

    // --- actual values ---

    #[test]
    fn actual_is_latest_period_submitted_by_the_day() {
        let rs = [
            report("2024-05", "2024-05-31", &[(50, 2500.0)]),
            report("2024-06", "2024-07-02", &[(50, 3500.0)]),
            report("2024-04", "2024-06-01", &[(50, 1800.0)]), // late, but older period
        ];
        assert_eq!(actual_value(50, &rs, d("2024-07-01")), 2500.0);
        assert_eq!(actual_value(50, &rs, d("2024-07-02")), 3500.0);
        assert_eq!(actual_value(50, &rs, d("2024-05-30")), 0.0);
        assert_eq!(actual_value(99, &rs, d("2024-07-02")), 0.0);
    }

    #[test]
    fn actual_keeps_the_last_value_given_when_a_report_leaves_it_out() {
        let rs = [
            report("2024-05", "2024-05-31", &[(50, 2500.0)]),
            report("2024-06", "2024-06-30", &[(51, 7.0)]),
        ];
        assert_eq!(actual_value(50, &rs, d("2024-07-01")), 2500.0);
        assert_eq!(actual_value(51, &rs, d("2024-07-01")), 7.0);
    }

    // --- colours and reasons ---

    #[test]
    fn worked_example_2100_of_3000_is_15_points_behind_and_yellow() {
        let l = light_with_actual(jobs(), 2100.0);
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(l.lag, Some(15.0));
        assert_eq!(
            l.reasons,
            vec!["城镇新增就业 2100人，序时应达 3000人，落后 15 个百分点"]
        );
        let ip = &l.indicators[0];
        assert_eq!((ip.expected, ip.actual), (3000.0, 2100.0));
        assert_eq!((ip.expected_pct, ip.actual_pct), (50.0, 35.0));
        assert!(l.overdue_milestones.is_empty());
        assert_eq!(l.report_missing, None);
    }

    #[test]
    fn green_when_on_pace_with_the_worst_indicator_shown() {
        let l = light_with_actual(jobs(), 3100.0);
        assert_eq!(l.colour, Colour::Green);
        assert_eq!(
            l.reasons,
            vec!["进度正常", "城镇新增就业 3100人，序时应达 3000人，超前 1.7 个百分点"]
        );
        assert!(l.lag.unwrap() < 0.0);
    }

    #[test]
    fn green_lists_the_indicator_furthest_behind() {
        let mut second = hundred();
        second.id = 2;
        let ms = nodes_on_time_until("2024-06-30");
        let rs = monthly_reports("2024-05", &[(1, 55.0), (2, 45.0)]);
        let l = light(&input("2024-06-30", &ms, &[hundred(), second], &rs));
        assert_eq!(l.colour, Colour::Green);
        assert_eq!(l.lag, Some(5.0));
        assert_eq!(l.reasons[1], "工程量 45%，序时应达 50%，落后 5 个百分点");
    }

    #[test]
    fn lag_boundaries() {
        let cases = [
            (40.01, Colour::Green), // 9.99 points
            (40.0, Colour::Yellow), // exactly 10
            (20.0, Colour::Yellow), // exactly 30
            (19.99, Colour::Red),   // 30.01
            (50.0, Colour::Green),  // on the line
            (0.0, Colour::Red),     // 50 behind
            (100.0, Colour::Green), // far ahead, but nodes still open
        ];
        for (actual, colour) in cases {
            let l = light_with_actual(hundred(), actual);
            assert_eq!(l.colour, colour, "actual {actual}: {l:?}");
        }
    }

    #[test]
    fn red_lag_reason_is_worded() {
        let l = light_with_actual(hundred(), 19.99);
        assert_eq!(l.reasons, vec!["工程量 19.99%，序时应达 50%，落后 30 个百分点"]);
        let l = light_with_actual(hundred(), 15.0);
        assert_eq!(l.reasons, vec!["工程量 15%，序时应达 50%，落后 35 个百分点"]);
    }

    #[test]
    fn rate_indicator_uses_points_of_its_final_rate() {
        let l = light_with_actual(signing_rate(), 8.0);
        // (10 − 8) / 63 = 3.17 points: green.
        assert_eq!(l.colour, Colour::Green);
        assert_eq!(
            l.reasons[1],
            "老年人家庭医生签约服务率 8%，序时应达 10%，落后 3.2 个百分点"
        );
        let l = light_with_actual(signing_rate(), 2.0);
        // (10 − 2) / 63 = 12.7 points: yellow.
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(
            l.reasons,
            vec!["老年人家庭医生签约服务率 2%，序时应达 10%，落后 12.7 个百分点"]
        );
    }

    #[test]
    fn due_date_itself_is_not_overdue() {
        let ms = [milestone(1, "2024-03-31", None)];
        let l = light(&input("2024-03-31", &ms, &[], &[]));
        assert_eq!(l.colour, Colour::Green);
        assert!(l.overdue_milestones.is_empty());
        assert_eq!(l.reasons, vec!["进度正常"]);
        assert_eq!(l.lag, None);
    }

    #[test]
    fn overdue_boundaries() {
        let ms = [milestone(1, "2024-03-31", None)];
        let rs = monthly_reports("2024-04", &[]);

        let l = light(&input("2024-04-01", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(l.overdue_milestones, vec![(1, 1)]);

        let l = light(&input("2024-04-30", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(l.overdue_milestones, vec![(1, 30)]);
        assert_eq!(l.reasons, vec!["节点“3月31日前”已逾期 30 天"]);

        let l = light(&input("2024-05-01", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Red);
        assert_eq!(l.overdue_milestones, vec![(1, 31)]);
        assert_eq!(l.reasons, vec!["节点“3月31日前”已逾期 31 天"]);
    }

    #[test]
    fn completed_on_time_is_never_overdue() {
        let ms = [milestone(1, "2024-03-31", Some("2024-03-30"))];
        let rs = monthly_reports("2024-04", &[]);
        let l = light(&input("2024-05-20", &ms, &[], &rs));
        assert!(l.overdue_milestones.is_empty());
    }

    #[test]
    fn completed_late_is_overdue_until_completed() {
        let m = milestone(1, "2024-03-31", Some("2024-04-20"));
        assert_eq!(overdue_days(&m, d("2024-04-10")), Some(10));
        assert_eq!(overdue_days(&m, d("2024-04-19")), Some(19));
        assert_eq!(overdue_days(&m, d("2024-04-20")), None);
        assert_eq!(overdue_days(&m, d("2024-06-01")), None);
        // Completion recorded for a later day does not count yet.
        let ms = [m];
        let rs = monthly_reports("2024-03", &[]);
        let l = light(&input("2024-04-10", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Yellow);
    }

    #[test]
    fn no_report_required_before_the_first_reporting_month() {
        let ms = &four_nodes()[1..]; // nothing due before June, so nothing overdue
        for day in ["2024-01-15", "2024-02-01", "2024-03-15", "2024-03-31"] {
            let l = light(&input(day, ms, &[], &[]));
            assert_eq!(l.report_missing, None, "{day}");
            assert_eq!(l.colour, Colour::Green, "{day}");
        }
        // From 1 April the March report is required.
        let l = light(&input("2024-04-01", ms, &[], &[]));
        assert_eq!(l.report_missing, Some(p("2024-03")));
        assert_eq!(l.reasons, vec!["2024年3月月报未报送"]);
    }

    #[test]
    fn required_report_without_a_first_deadline_starts_with_the_plan_year() {
        assert_eq!(required_report(2024, None, d("2024-01-20")), None);
        assert_eq!(required_report(2024, None, d("2024-02-01")), Some(p("2024-01")));
        assert_eq!(required_report(2024, Some(d("2024-03-31")), d("2024-03-31")), None);
        assert_eq!(
            required_report(2024, Some(d("2024-03-31")), d("2025-01-01")),
            Some(p("2024-12"))
        );
    }

    #[test]
    fn missing_june_report_on_1_july_is_yellow() {
        let ms = nodes_on_time_until("2024-07-01");
        let rs = monthly_reports("2024-05", &[(50, 3500.0)]);
        let l = light(&input("2024-07-01", &ms, &[jobs()], &rs));
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(l.report_missing, Some(p("2024-06")));
        assert_eq!(l.reasons, vec!["2024年6月月报未报送"]);
    }

    #[test]
    fn report_submitted_after_the_day_neither_counts_nor_feeds_actual() {
        let ms = nodes_on_time_until("2024-07-01");
        let mut rs = monthly_reports("2024-05", &[(50, 2500.0)]);
        rs.push(report("2024-06", "2024-07-02", &[(50, 3100.0)]));

        let l = light(&input("2024-07-01", &ms, &[jobs()], &rs));
        assert_eq!(l.report_missing, Some(p("2024-06")));
        assert_eq!(l.indicators[0].actual, 2500.0);

        let l = light(&input("2024-07-02", &ms, &[jobs()], &rs));
        assert_eq!(l.report_missing, None);
        assert_eq!(l.indicators[0].actual, 3100.0);
        assert_eq!(l.colour, Colour::Green);
    }

    #[test]
    fn reasons_are_worst_first() {
        // 30 Jun: node 1 overdue 91 days (red), node 2 due today, 2100 vs 3000 (15, yellow),
        // May report missing (yellow).
        let ms = four_nodes();
        let rs = [report("2024-04", "2024-04-30", &[(50, 2100.0)])];
        let l = light(&input("2024-06-30", &ms, &[jobs()], &rs));
        assert_eq!(l.colour, Colour::Red);
        assert_eq!(
            l.reasons,
            vec![
                "节点“3月31日前”已逾期 91 天",
                "城镇新增就业 2100人，序时应达 3000人，落后 15 个百分点",
                "2024年5月月报未报送",
            ]
        );
        assert_eq!(l.overdue_milestones, vec![(1, 91)]);
    }

    #[test]
    fn only_lagging_indicators_are_reasons_and_the_worst_comes_first() {
        let mut on_pace = hundred();
        on_pace.id = 2;
        on_pace.name = "进度正常的指标".into();
        let mut badly = hundred();
        badly.id = 3;
        badly.name = "严重滞后的指标".into();
        let ms = nodes_on_time_until("2024-06-30");
        let rs = monthly_reports("2024-05", &[(1, 38.0), (2, 49.0), (3, 10.0)]);
        let l = light(&input("2024-06-30", &ms, &[hundred(), on_pace, badly], &rs));
        assert_eq!(l.colour, Colour::Red);
        assert_eq!(l.lag, Some(40.0));
        assert_eq!(
            l.reasons,
            vec![
                "严重滞后的指标 10%，序时应达 50%，落后 40 个百分点",
                "工程量 38%，序时应达 50%，落后 12 个百分点",
            ]
        );
        assert_eq!(l.indicators.len(), 3);
        assert_eq!(l.indicators[1].indicator_id, 2);
    }

    #[test]
    fn blue_when_all_nodes_done_and_targets_met() {
        let ms = nodes_on_time_until("2024-12-10");
        let rs = monthly_reports("2024-11", &[(50, 6000.0)]);
        let l = light(&input("2024-12-15", &ms, &[jobs()], &rs));
        assert_eq!(l.colour, Colour::Blue);
        assert_eq!(l.reasons, vec!["全部节点已完成，指标均已达到年度目标"]);
        // Blue wins over a missing report.
        let l = light(&input("2025-01-05", &ms, &[jobs()], &rs));
        assert_eq!(l.report_missing, Some(p("2024-12")));
        assert_eq!(l.colour, Colour::Blue);
    }

    #[test]
    fn not_blue_while_a_target_is_short_or_a_node_is_open() {
        let ms = nodes_on_time_until("2024-12-10");
        let rs = monthly_reports("2024-11", &[(50, 5999.0)]);
        let l = light(&input("2024-12-15", &ms, &[jobs()], &rs));
        assert_eq!(l.colour, Colour::Green);

        let mut ms = nodes_on_time_until("2024-12-10");
        ms[3].completed_on = Some(d("2024-12-20"));
        let rs = monthly_reports("2024-11", &[(50, 6000.0)]);
        let l = light(&input("2024-12-15", &ms, &[jobs()], &rs));
        assert_eq!(l.colour, Colour::Yellow);
        assert_eq!(l.reasons, vec!["节点“12月10日前”已逾期 5 天"]);
    }

    #[test]
    fn item_without_indicators() {
        let ms = nodes_on_time_until("2024-06-30");
        let rs = monthly_reports("2024-06", &[]);
        let l = light(&input("2024-07-10", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Green);
        assert_eq!(l.lag, None);
        assert_eq!(l.reasons, vec!["进度正常"]);
        assert!(l.indicators.is_empty());

        let ms = nodes_on_time_until("2024-12-10");
        let l = light(&input("2024-12-11", &ms, &[], &rs));
        assert_eq!(l.colour, Colour::Blue);
        assert_eq!(l.reasons, vec!["全部节点已完成"]);
    }

    #[test]
    fn zero_final_target_never_lags() {
        let zero = IndicatorState {
            id: 5,
            name: "零目标".into(),
            measure: "个".into(),
            final_target: 0.0,
            targets: vec![(d("2024-06-30"), 0.0)],
        };
        let l = light_with_actual(zero, 0.0);
        assert_eq!(l.lag, Some(0.0));
        assert_eq!(l.indicators[0].expected_pct, 100.0);
        assert_eq!(l.indicators[0].actual_pct, 100.0);
        assert_eq!(l.colour, Colour::Green);
        assert_eq!(l.reasons[1], "零目标 0个，序时应达 0个，与序时进度持平");
    }

    #[test]
    fn thresholds_come_from_the_settings() {
        let ms = nodes_on_time_until("2024-06-30");
        let rs = monthly_reports("2024-05", &[(1, 45.0)]);
        let indicators = [hundred()];
        let mut inp = input("2024-06-30", &ms, &indicators, &rs);
        assert_eq!(light(&inp).colour, Colour::Green);
        inp.settings = LightSettings {
            green_max_lag: 5.0,
            red_min_lag: 4.0,
            red_overdue_days: 30,
        };
        let l = light(&inp);
        assert_eq!(l.colour, Colour::Red);
        assert_eq!(l.reasons.len(), 1);
    }

    // --- types and wording ---

    #[test]
    fn settings_default_and_partial_json() {
        let s = LightSettings::default();
        assert_eq!((s.green_max_lag, s.red_min_lag, s.red_overdue_days), (10.0, 30.0, 30));
        let s: LightSettings = serde_json::from_str(r#"{"red_min_lag": 25}"#).unwrap();
        assert_eq!(s.red_min_lag, 25.0);
        assert_eq!(s.green_max_lag, 10.0);
    }

    #[test]
    fn colour_names_labels_and_rank() {
        for c in [Colour::Blue, Colour::Green, Colour::Yellow, Colour::Red] {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(Colour::parse(c.as_str()), Some(c));
        }
        assert_eq!(Colour::parse("amber"), None);
        assert_eq!(Colour::Red.label_zh(), "严重滞后");
        assert_eq!(Colour::Blue.label_zh(), "已完成");
        let mut cs = [Colour::Green, Colour::Blue, Colour::Red, Colour::Yellow];
        cs.sort_by_key(|c| c.rank());
        assert_eq!(cs, [Colour::Red, Colour::Yellow, Colour::Green, Colour::Blue]);
    }

    #[test]
    fn light_serialises_for_the_api() {
        let l = light_with_actual(jobs(), 2100.0);
        let json = serde_json::to_value(&l).unwrap();
        assert_eq!(json["colour"], "yellow");
        assert_eq!(json["lag"], 15.0);
        assert_eq!(json["report_missing"], serde_json::Value::Null);
        let back: Light = serde_json::from_value(json).unwrap();
        assert_eq!(back, l);
    }
}
