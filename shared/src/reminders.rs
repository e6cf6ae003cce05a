//! 催报: when Duban reminds a unit by itself, and what it says. Pure rules: the scheduler
//! (and `duban remind --dry-run`) asks them each day which reminders are due, and
//! PostgreSQL decides that each goes out once (a key per rule, target and period).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::lights::Period;
use crate::reporting::due_on;

/// A plan's reminder rules (plan settings, edited with the plan header). `None` days, or
/// `overdue: false`, switch that reminder off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReminderRules {
    /// Remind a unit this many days before month-end while that month's report is not in.
    pub month_end_days: Option<i32>,
    /// Remind again the day after the report is overdue.
    pub overdue: bool,
    /// Remind this many days before a milestone's due date while it is not completed.
    pub milestone_days: Option<i32>,
    /// Remind this many days before a notice's answer-by date while it is unanswered.
    pub notice_days: Option<i32>,
}

impl Default for ReminderRules {
    fn default() -> Self {
        ReminderRules {
            month_end_days: Some(3),
            overdue: true,
            milestone_days: Some(7),
            notice_days: Some(2),
        }
    }
}

impl ReminderRules {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut check = |name: &str, value: Option<i32>, max: i32| {
            if value.is_some_and(|n| !(1..=max).contains(&n)) {
                out.push(FieldError {
                    field: format!("reminders.{name}"),
                    message: format!("提前天数应在1至{max}之间"),
                });
            }
        };
        check("month_end_days", self.month_end_days, 15);
        check("milestone_days", self.milestone_days, 60);
        check("notice_days", self.notice_days, 30);
        out
    }
}

crate::named_enum! {
    /// Why a reminder goes out; with its target and period, the key that sends it once.
    pub enum ReminderRule {
        /// The month's report is not in, N days before month-end.
        MonthEnd,
        /// The month's report is overdue.
        ReportOverdue,
        /// A milestone falls due in N days and is not completed.
        MilestoneDue,
        /// A notice must be answered in N days.
        NoticeAnswer,
    }
}

/// What the report rules need to know of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportCalendar {
    pub plan_year: i32,
    pub first_report_due: Option<NaiveDate>,
    pub grace_days: i32,
}

impl ReportCalendar {
    /// A month whose report is owed: in the plan year, not ending before the first deadline.
    pub fn owed(&self, p: Period) -> bool {
        p.year == self.plan_year && self.first_report_due.is_none_or(|first| p.last_day() >= first)
    }

    pub fn due_on(&self, p: Period) -> NaiveDate {
        due_on(p, self.grace_days)
    }
}

/// Whether any reminder goes out for a plan on `today`: not once it is closed, and only
/// within its year.
pub fn plan_reminds(plan_year: i32, closed: bool, today: NaiveDate) -> bool {
    !closed && today.year() == plan_year
}

/// The months whose reports to remind about on `today`, and by which rule. A unit is then
/// reminded only when its report for that month is not in.
pub fn report_reminders(rules: &ReminderRules, cal: &ReportCalendar, today: NaiveDate) -> Vec<(ReminderRule, Period)> {
    let mut out = Vec::new();
    if let Some(days) = rules.month_end_days {
        // This month, and last month while its grace days run.
        for p in [Period::of(today).prev(), Period::of(today)] {
            let from = p.last_day() - Duration::days(days.into());
            if cal.owed(p) && from <= today && today <= cal.due_on(p) {
                out.push((ReminderRule::MonthEnd, p));
            }
        }
    }
    if rules.overdue {
        // The latest month already overdue: one reminder per month, even after a pause.
        let mut p = Period::of(today);
        while cal.due_on(p) >= today {
            p = p.prev();
        }
        if cal.owed(p) {
            out.push((ReminderRule::ReportOverdue, p));
        }
    }
    out
}

/// Whether a date-bound reminder (`days` before `due`) is due on `today`.
pub fn before_date(days: Option<i32>, due: NaiveDate, today: NaiveDate) -> bool {
    days.is_some_and(|n| due - Duration::days(n.into()) <= today && today <= due)
}

fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// At most this many item numbers are spelt out in a reminder; the rest are counted. A unit
/// that leads hundreds of items would otherwise get a text past a message's 5,000 characters,
/// and no reminder at all.
pub const ITEMS_NAMED: usize = 20;

/// "第5项、第6项", or past [`ITEMS_NAMED`] "第1项、…、第20项等25项"
pub fn item_numbers_zh(numbers: &[i32]) -> String {
    let named = numbers
        .iter()
        .take(ITEMS_NAMED)
        .map(|n| format!("第{n}项"))
        .collect::<Vec<_>>()
        .join("、");
    if numbers.len() > ITEMS_NAMED {
        format!("{named}等{}项", numbers.len())
    } else {
        named
    }
}

/// A reminder's words: the title and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub title: String,
    pub body: String,
}

/// The words of a report reminder to `unit` about `items` (their numbers), for `period`.
/// `manual` is the office's 一键催报.
pub fn report_wording(
    rule: ReminderRule,
    manual: bool,
    unit: &str,
    items: &[i32],
    period: Period,
    due: NaiveDate,
) -> Wording {
    let month = format!("{}年{}月", period.year, period.month);
    let items = item_numbers_zh(items);
    let (title, body) = match (rule, manual) {
        (_, true) => (
            format!("督查室催报：{month}月报"),
            format!(
                "{unit}：贵单位牵头的{items}{month}月报尚未报送，请于{}前报送。",
                date_zh(due)
            ),
        ),
        (ReminderRule::ReportOverdue, _) => (
            format!("月报逾期：{month}"),
            format!(
                "{unit}：贵单位牵头的{items}{month}月报应于{}前报送，现已逾期，请尽快报送。",
                date_zh(due)
            ),
        ),
        _ => (
            format!("月报提醒：{month}"),
            format!(
                "{unit}：贵单位牵头的{items}{month}月报尚未报送，请于{}前报送。",
                date_zh(due)
            ),
        ),
    };
    Wording { title, body }
}

pub fn milestone_wording(item_number: i32, milestone: &str, due: NaiveDate) -> Wording {
    Wording {
        title: format!("节点将到期：第{item_number}项"),
        body: format!(
            "第{item_number}项的节点“{milestone}”将于{}到期，尚未完成，请抓紧推进，完成后及时标记。",
            date_zh(due)
        ),
    }
}

pub fn notice_wording(number: &str, answer_by: NaiveDate) -> Wording {
    Wording {
        title: format!("待答复：{number}"),
        body: format!("{number}尚未答复，请于{}前答复。", date_zh(answer_by)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    const CAL: ReportCalendar = ReportCalendar {
        plan_year: 2024,
        first_report_due: None,
        grace_days: 0,
    };

    fn on(day: &str) -> Vec<(ReminderRule, Period)> {
        report_reminders(&ReminderRules::default(), &CAL, d(day))
    }

    #[test]
    fn a_unit_with_very_many_items_gets_a_reminder_that_fits_a_message() {
        assert_eq!(item_numbers_zh(&[5, 6]), "第5项、第6项");
        let many: Vec<i32> = (1..=20_000).collect();
        let w = report_wording(
            ReminderRule::ReportOverdue,
            false,
            "某单位",
            &many,
            p("2025-11"),
            d("2025-12-05"),
        );
        assert!(w.body.chars().count() <= 5000, "{}", w.body.chars().count());
        assert!(
            w.body.contains("第1项、第2项") && w.body.contains("第20项等20000项"),
            "{}",
            w.body
        );
        assert!(!w.body.contains("第21项"));
    }

    #[test]
    fn a_month_is_reminded_in_its_last_days_then_once_overdue() {
        assert_eq!(on("2024-06-26"), vec![(ReminderRule::ReportOverdue, p("2024-05"))]);
        assert_eq!(
            on("2024-06-27"),
            vec![
                (ReminderRule::MonthEnd, p("2024-06")),
                (ReminderRule::ReportOverdue, p("2024-05"))
            ]
        );
        assert!(on("2024-06-28").contains(&(ReminderRule::MonthEnd, p("2024-06"))));
        assert!(on("2024-06-30").contains(&(ReminderRule::MonthEnd, p("2024-06"))));
        assert_eq!(on("2024-07-01"), vec![(ReminderRule::ReportOverdue, p("2024-06"))]);
        // Only the latest overdue month, however long the pause.
        assert_eq!(on("2024-11-10"), vec![(ReminderRule::ReportOverdue, p("2024-10"))]);
    }

    #[test]
    fn grace_days_move_the_deadline_and_the_overdue_day() {
        let cal = ReportCalendar { grace_days: 5, ..CAL };
        let rules = ReminderRules::default();
        let r = report_reminders(&rules, &cal, d("2024-07-04"));
        assert!(r.contains(&(ReminderRule::MonthEnd, p("2024-06"))), "{r:?}");
        assert!(r.contains(&(ReminderRule::ReportOverdue, p("2024-05"))), "{r:?}");
        let r = report_reminders(&rules, &cal, d("2024-07-06"));
        assert!(r.contains(&(ReminderRule::ReportOverdue, p("2024-06"))), "{r:?}");
    }

    #[test]
    fn no_report_is_owed_before_the_first_deadline_or_outside_the_year() {
        let cal = ReportCalendar {
            first_report_due: Some(d("2024-03-31")),
            ..CAL
        };
        let rules = ReminderRules::default();
        assert!(report_reminders(&rules, &cal, d("2024-02-28")).is_empty());
        assert_eq!(
            report_reminders(&rules, &cal, d("2024-03-29")),
            vec![(ReminderRule::MonthEnd, p("2024-03"))]
        );
        assert!(report_reminders(&rules, &CAL, d("2024-01-10")).is_empty());
        assert!(!plan_reminds(2024, false, d("2025-01-01")));
        assert!(!plan_reminds(2024, true, d("2024-06-28")));
        assert!(plan_reminds(2024, false, d("2024-06-28")));
    }

    #[test]
    fn rules_switched_off_send_nothing() {
        let off = ReminderRules {
            month_end_days: None,
            overdue: false,
            milestone_days: None,
            notice_days: None,
        };
        assert!(report_reminders(&off, &CAL, d("2024-06-28")).is_empty());
        assert!(!before_date(off.milestone_days, d("2024-06-30"), d("2024-06-28")));
        assert!(before_date(Some(7), d("2024-06-30"), d("2024-06-23")));
        assert!(!before_date(Some(7), d("2024-06-30"), d("2024-06-22")));
        assert!(!before_date(Some(7), d("2024-06-30"), d("2024-07-01")));
    }

    #[test]
    fn days_are_bounded() {
        let bad = ReminderRules {
            month_end_days: Some(0),
            overdue: true,
            milestone_days: Some(61),
            notice_days: Some(-1),
        };
        assert_eq!(bad.problems().len(), 3);
        assert!(ReminderRules::default().problems().is_empty());
    }

    #[test]
    fn the_words_name_the_unit_items_month_and_day() {
        let w = report_wording(
            ReminderRule::MonthEnd,
            false,
            "市医疗保障局",
            &[1, 2],
            p("2024-06"),
            d("2024-06-30"),
        );
        assert_eq!(w.title, "月报提醒：2024年6月");
        assert_eq!(
            w.body,
            "市医疗保障局：贵单位牵头的第1项、第2项2024年6月月报尚未报送，请于2024年6月30日前报送。"
        );
        let w = report_wording(
            ReminderRule::ReportOverdue,
            false,
            "市医疗保障局",
            &[1],
            p("2024-06"),
            d("2024-06-30"),
        );
        assert!(w.body.contains("现已逾期"), "{}", w.body);
        assert!(
            report_wording(ReminderRule::MonthEnd, true, "u", &[1], p("2024-06"), d("2024-06-30"))
                .title
                .starts_with("督查室催报")
        );
    }
}
