//! The dashboard's years: every published year one click away (closed ones marked), and this
//! year's progress beside last year's at the same date.

use std::rc::Rc;

use chrono::{Months, NaiveDate};
use duban_shared::api::{PlanList, PlanStatus};
use duban_shared::summary::Summary;
use yew::prelude::*;

use crate::api;
use crate::components::bars::QueryLink;
use crate::format::{month_day_zh, points};
use crate::hooks::{use_load, Load};
use crate::routes::Route;

/// The same day a year before (29 February: the 28th, as chrono counts months).
fn same_day_last_year(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(Months::new(12)).unwrap_or(day)
}

#[derive(Properties, PartialEq)]
pub struct YearsProps {
    pub summary: Rc<Summary>,
    /// The plans list, fetched once by the dashboard for both (none while it loads).
    pub plans: Option<Rc<PlanList>>,
}

/// Links to the dashboard of each published year.
#[component]
pub fn YearSwitch(props: &YearsProps) -> Html {
    let Some(list) = &props.plans else { return html! {} };
    let mut years: Vec<_> = list
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Published)
        .collect();
    years.sort_by_key(|p| std::cmp::Reverse(p.year));
    if years.len() < 2 {
        return html! {};
    }
    html! {
        <nav class="year-switch" id="year-switch" aria-label="选择年度">
            <span class="muted">{ "年度：" }</span>
            { for years.iter().map(|p| {
                let label = format!("{}年{}", p.year, if p.closed { "（已销号）" } else { "" });
                let current = p.year == props.summary.year;
                html! {
                    <QueryLink key={p.year} to={Route::Dashboard} query={format!("year={}", p.year)}
                        id={format!("year-{}", p.year)}
                        classes={classes!("year-link", current.then_some("year-current"))}>{ label }</QueryLink>
                }
            }) }
        </nav>
    }
}

/// This year beside the year before, both as on the same date.
#[component]
pub fn YearCompare(props: &YearsProps) -> Html {
    let s = props.summary.clone();
    let then = same_day_last_year(s.as_of);
    let last_year_published = props.plans.as_ref().is_some_and(|l| {
        l.plans
            .iter()
            .any(|p| p.year == s.year - 1 && p.status == PlanStatus::Published)
    });
    let previous = use_load(
        (s.year, then, last_year_published),
        |(year, then, published)| async move {
            if !published {
                return Ok(None);
            }
            api::summary::summary(year - 1, Some(then)).await.map(Some)
        },
    );
    let Load::Ready(prev) = &*previous.state else {
        return html! {};
    };
    let Some(prev) = prev.as_ref() else { return html! {} };
    let row = |label: &str, now: String, before: String| {
        html! { <tr><th scope="row">{ label.to_string() }</th><td class="num">{ now }</td><td class="num">{ before }</td></tr> }
    };
    let pct = |x: f64| format!("{}%", points(x));
    html! {
        <section class="dash-section year-compare" id="year-compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "与上年同期比较" }</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="compare-title">
            <table class="data-table compare-table">
                <thead>
                    <tr>
                        <th scope="col">{ "" }</th>
                        <th scope="col" class="num">{ format!("{}年", s.year) }<br /><span class="muted small">{ format!("截至{}", month_day_zh(s.as_of)) }</span></th>
                        <th scope="col" class="num">{ format!("{}年", prev.year) }<br /><span class="muted small">{ format!("截至{}", month_day_zh(prev.as_of)) }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { row("项目数", s.counts.total.to_string(), prev.counts.total.to_string()) }
                    { row("平均完成度", pct(s.progress_pct), pct(prev.progress_pct)) }
                    { row("序时进度", pct(s.expected_pct), pct(prev.expected_pct)) }
                    { row("已完成", s.counts.blue.to_string(), prev.counts.blue.to_string()) }
                    { row("正常推进", s.counts.green.to_string(), prev.counts.green.to_string()) }
                    { row("滞后", s.counts.yellow.to_string(), prev.counts.yellow.to_string()) }
                    { row("严重滞后", s.counts.red.to_string(), prev.counts.red.to_string()) }
                </tbody>
            </table>
            </div>
            <p class="muted small">
                <QueryLink to={Route::Dashboard} query={format!("year={}&as_of={}", prev.year, prev.as_of)}>
                    { format!("查看{}年同期总览", prev.year) }
                </QueryLink>
            </p>
        </section>
    }
}
