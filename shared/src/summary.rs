//! The leaders' one-screen summary, aggregated from the items' lights. Pure, so the API
//! and the dashboard count the same way.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::{ItemDetail, UnitRef};
use crate::lights::{Colour, Period};
use crate::quantity::round1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LightCounts {
    pub blue: i64,
    pub green: i64,
    pub yellow: i64,
    pub red: i64,
    pub total: i64,
}

impl LightCounts {
    fn add(&mut self, c: Colour) {
        match c {
            Colour::Blue => self.blue += 1,
            Colour::Green => self.green += 1,
            Colour::Yellow => self.yellow += 1,
            Colour::Red => self.red += 1,
        }
        self.total += 1;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryProgress {
    pub ordinal: i32,
    pub title: String,
    pub counts: LightCounts,
    /// Average completion of its items, 0–100.
    pub progress_pct: f64,
    /// Average 序时进度 of its items on the day, 0–100 (see [`item_expected`]).
    pub expected_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitProgress {
    pub unit: UnitRef,
    pub counts: LightCounts,
    pub progress_pct: f64,
    /// Average 序时进度 of its items on the day, 0–100 (see [`item_expected`]).
    pub expected_pct: f64,
    /// Average lag of its items in points (items without indicators count as 0).
    pub average_lag: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LaggingItem {
    pub item_id: i32,
    pub number: i32,
    pub content: String,
    pub unit: UnitRef,
    pub colour: Colour,
    pub lag: Option<f64>,
    pub reasons: Vec<String>,
}

/// Whether an item's report for the month that is due is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    OnTime,
    Late,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCompliance {
    pub unit: UnitRef,
    pub expected: i64,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compliance {
    /// The month whose report is due by `as_of`; `None` before the first is due.
    pub period: Option<Period>,
    pub due_on: Option<NaiveDate>,
    pub by_unit: Vec<UnitCompliance>,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedUnit {
    pub rank: i64,
    pub unit: UnitRef,
    pub red: i64,
    pub yellow: i64,
    pub average_lag: f64,
    pub progress_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    /// The rule, in words, as the response states it.
    pub rule: String,
    pub units: Vec<RankedUnit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub year: i32,
    pub as_of: NaiveDate,
    pub counts: LightCounts,
    pub by_category: Vec<CategoryProgress>,
    pub by_unit: Vec<UnitProgress>,
    /// Red and yellow items, worst first.
    pub lagging: Vec<LaggingItem>,
    pub compliance: Compliance,
    pub ranking: Ranking,
    /// The plan's average completion and where it should be by now (序时), 0–100: what a
    /// year is compared with the year before at the same date.
    pub progress_pct: f64,
    pub expected_pct: f64,
    /// Once the year is closed (年终销号): how many items ended 完成, 基本完成, 未完成.
    pub final_results: Option<crate::year_end::FinalTally>,
}

pub const RANKING_RULE: &str = "先比红灯（严重滞后）事项数，少者在前；再比黄灯（滞后）事项数；\
再比平均落后百分点（无量化指标的事项按0计）；最后比平均完成度，高者在前。四项均相同者并列。";

/// How far an item is, 0–100: the average of its indicators' completion (capped at 100),
/// or the share of its milestones completed when it has no indicators.
pub fn item_progress(item: &ItemDetail) -> f64 {
    if !item.light.indicators.is_empty() {
        let sum: f64 = item
            .light
            .indicators
            .iter()
            .map(|p| p.actual_pct.clamp(0.0, 100.0))
            .sum();
        return sum / item.light.indicators.len() as f64;
    }
    if item.milestones.is_empty() {
        return 0.0;
    }
    let done = item
        .milestones
        .iter()
        .filter(|m| m.completed_on.is_some_and(|d| d <= item.as_of))
        .count();
    done as f64 * 100.0 / item.milestones.len() as f64
}

/// Where an item should be by its `as_of` (序时进度), 0–100, on the same scale as
/// [`item_progress`]: the average of its indicators' expected completion, or the share of its
/// milestones due by then when it has no indicators.
pub fn item_expected(item: &ItemDetail) -> f64 {
    if !item.light.indicators.is_empty() {
        let sum: f64 = item
            .light
            .indicators
            .iter()
            .map(|p| p.expected_pct.clamp(0.0, 100.0))
            .sum();
        return sum / item.light.indicators.len() as f64;
    }
    if item.milestones.is_empty() {
        return 0.0;
    }
    let due = item.milestones.iter().filter(|m| m.due_date <= item.as_of).count();
    due as f64 * 100.0 / item.milestones.len() as f64
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// Everything on the leaders' screen. `reports` gives each item's status for the month
/// `period`, due on `due_on` (both `None` before the first report is due).
pub fn summarize(
    year: i32,
    as_of: NaiveDate,
    items: &[ItemDetail],
    period: Option<Period>,
    due_on: Option<NaiveDate>,
    reports: &dyn Fn(i32) -> ReportStatus,
) -> Summary {
    let mut counts = LightCounts::default();
    type Group = (LightCounts, Vec<f64>, Vec<f64>);
    let mut categories: BTreeMap<i32, (String, Group)> = BTreeMap::new();
    let mut units: BTreeMap<i32, (UnitRef, Group, Vec<f64>)> = BTreeMap::new();
    let mut compliance: BTreeMap<i32, UnitCompliance> = BTreeMap::new();
    for item in items {
        let colour = item.light.colour;
        let (progress, expected) = (item_progress(item), item_expected(item));
        counts.add(colour);
        let add = |g: &mut Group| {
            g.0.add(colour);
            g.1.push(progress);
            g.2.push(expected);
        };
        let cat = categories
            .entry(item.category_ordinal)
            .or_insert_with(|| (item.category_title.clone(), Group::default()));
        add(&mut cat.1);
        let unit = units
            .entry(item.lead_unit.id)
            .or_insert_with(|| (item.lead_unit.clone(), Group::default(), Vec::new()));
        add(&mut unit.1);
        unit.2.push(item.light.lag.unwrap_or(0.0).max(0.0));
        if period.is_some() {
            let c = compliance.entry(item.lead_unit.id).or_insert_with(|| UnitCompliance {
                unit: item.lead_unit.clone(),
                expected: 0,
                on_time: 0,
                late: 0,
                missing: 0,
            });
            c.expected += 1;
            match reports(item.id) {
                ReportStatus::OnTime => c.on_time += 1,
                ReportStatus::Late => c.late += 1,
                ReportStatus::Missing => c.missing += 1,
            }
        }
    }

    let by_category = categories
        .into_iter()
        .map(|(ordinal, (title, (counts, progress, expected)))| CategoryProgress {
            ordinal,
            title,
            counts,
            progress_pct: round1(mean(&progress)),
            expected_pct: round1(mean(&expected)),
        })
        .collect();
    let by_unit: Vec<UnitProgress> = units
        .into_values()
        .map(|(unit, (counts, progress, expected), lags)| UnitProgress {
            unit,
            counts,
            progress_pct: round1(mean(&progress)),
            expected_pct: round1(mean(&expected)),
            average_lag: round1(mean(&lags)),
        })
        .collect();

    let mut lagging: Vec<LaggingItem> = items
        .iter()
        .filter(|i| matches!(i.light.colour, Colour::Red | Colour::Yellow))
        .map(|i| LaggingItem {
            item_id: i.id,
            number: i.number,
            content: i.content.clone(),
            unit: i.lead_unit.clone(),
            colour: i.light.colour,
            lag: i.light.lag,
            reasons: i.light.reasons.clone(),
        })
        .collect();
    lagging.sort_by(|a, b| {
        (a.colour.rank(), -a.lag.unwrap_or(0.0), a.number)
            .partial_cmp(&(b.colour.rank(), -b.lag.unwrap_or(0.0), b.number))
            .unwrap_or(std::cmp::Ordering::Equal)
    });

    let by_unit_compliance: Vec<UnitCompliance> = compliance.into_values().collect();
    let compliance = Compliance {
        period,
        due_on,
        on_time: by_unit_compliance.iter().map(|c| c.on_time).sum(),
        late: by_unit_compliance.iter().map(|c| c.late).sum(),
        missing: by_unit_compliance.iter().map(|c| c.missing).sum(),
        by_unit: by_unit_compliance,
    };

    let closed = !items.is_empty() && items.iter().all(|i| i.final_result.is_some());
    let final_results = closed.then(|| crate::year_end::FinalTally::of(items.iter().filter_map(|i| i.final_result)));
    let progress_pct = round1(mean(&items.iter().map(item_progress).collect::<Vec<_>>()));
    let expected_pct = round1(mean(&items.iter().map(item_expected).collect::<Vec<_>>()));
    Summary {
        progress_pct,
        expected_pct,
        final_results,
        year,
        as_of,
        counts,
        by_category,
        ranking: rank(&by_unit),
        by_unit,
        lagging,
        compliance,
    }
}

fn rank(units: &[UnitProgress]) -> Ranking {
    let key = |u: &UnitProgress| (u.counts.red, u.counts.yellow, u.average_lag, -u.progress_pct);
    let mut sorted: Vec<&UnitProgress> = units.iter().collect();
    sorted.sort_by(|a, b| {
        key(a)
            .partial_cmp(&key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.unit.id.cmp(&b.unit.id))
    });
    let mut out: Vec<RankedUnit> = Vec::with_capacity(sorted.len());
    for (i, u) in sorted.iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if key(sorted[i - 1]) == key(u) => prev.rank,
            _ => i as i64 + 1,
        };
        out.push(RankedUnit {
            rank,
            unit: u.unit.clone(),
            red: u.counts.red,
            yellow: u.counts.yellow,
            average_lag: u.average_lag,
            progress_pct: u.progress_pct,
        });
    }
    Ranking {
        rule: RANKING_RULE.to_string(),
        units: out,
    }
}

/// An item's report status for a month due on `due_on`, from its first submission day.
pub fn report_status(first_submitted_on: Option<NaiveDate>, due_on: NaiveDate, as_of: NaiveDate) -> ReportStatus {
    match first_submitted_on {
        Some(d) if d > as_of => ReportStatus::Missing,
        Some(d) if d <= due_on => ReportStatus::OnTime,
        Some(_) => ReportStatus::Late,
        None => ReportStatus::Missing,
    }
}

/// `GET /items/{id}/lights`: an item's light month by month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LightHistory {
    pub item_id: i32,
    /// The light at the end of each month (or on `through`, for its own month).
    pub months: Vec<MonthLight>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthLight {
    pub period: Period,
    pub as_of: NaiveDate,
    pub light: crate::lights::Light,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSeries {
    pub indicator_id: i32,
    pub name: String,
    pub measure: String,
    pub final_target: f64,
    /// The expected line: from 0 on 1 January through each milestone's target.
    pub target_line: Vec<(NaiveDate, f64)>,
    /// The cumulative value reported for each month, as known on `as_of`.
    pub actual: Vec<(Period, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesResponse {
    pub item_id: i32,
    pub as_of: NaiveDate,
    pub indicators: Vec<IndicatorSeries>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn report_status_by_first_submission() {
        let due = d("2024-06-30");
        assert_eq!(
            report_status(Some(d("2024-06-30")), due, d("2024-07-01")),
            ReportStatus::OnTime
        );
        assert_eq!(
            report_status(Some(d("2024-07-01")), due, d("2024-07-01")),
            ReportStatus::Late
        );
        assert_eq!(
            report_status(Some(d("2024-07-02")), due, d("2024-07-01")),
            ReportStatus::Missing
        );
        assert_eq!(report_status(None, due, d("2024-07-01")), ReportStatus::Missing);
    }

    #[test]
    fn ranking_orders_and_ties() {
        let unit = |id: i32| UnitRef {
            id,
            name: format!("u{id}"),
            code: format!("u{id}"),
        };
        let up = |id: i32, red: i64, yellow: i64, lag: f64, progress: f64| UnitProgress {
            unit: unit(id),
            counts: LightCounts {
                red,
                yellow,
                ..Default::default()
            },
            progress_pct: progress,
            expected_pct: 0.0,
            average_lag: lag,
        };
        let r = rank(&[
            up(1, 1, 0, 5.0, 50.0),
            up(2, 0, 2, 3.0, 40.0),
            up(3, 0, 2, 3.0, 40.0),
            up(4, 0, 0, 9.0, 10.0),
        ]);
        let order: Vec<(i32, i64)> = r.units.iter().map(|u| (u.unit.id, u.rank)).collect();
        assert_eq!(order, vec![(4, 1), (2, 2), (3, 2), (1, 4)]);
        assert!(r.rule.contains("红灯"));
    }
}
