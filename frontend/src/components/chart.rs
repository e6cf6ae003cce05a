//! Target vs actual of one indicator, drawn as our own SVG: the expected line (序时进度)
//! through the milestone targets, the reported monthly values, and today. Screen readers
//! get a title, a description and the figures as a (visually hidden) table.

use chrono::{Datelike, NaiveDate};
use duban_shared::lights::Period;
use duban_shared::summary::IndicatorSeries;
use yew::prelude::*;

use crate::format::{figure, month_day_zh, quantity};

#[derive(Properties, PartialEq)]
pub struct TargetChartProps {
    pub series: IndicatorSeries,
    pub year: i32,
    /// Today, for the marker and the description.
    pub as_of: NaiveDate,
}

// Drawn about the size it is shown (a phone's width), so that 13-unit labels stay ≥ 11 px
// on screen; the stylesheet caps how far a wide page may stretch it.
const W: f64 = 360.0;
const H: f64 = 200.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 28.0;
/// The labels' size in drawing units.
const LABEL: &str = "13";

fn day_of_year(year: i32, date: NaiveDate) -> f64 {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(date);
    (date - start).num_days() as f64
}

/// A round step for about four grid lines up to `max`.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let n = raw / magnitude;
    let step = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 2.5 {
        2.5
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    step * magnitude
}

#[component]
pub fn TargetChart(props: &TargetChartProps) -> Html {
    let s = &props.series;
    let year = props.year;
    let days = if NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.leap_year()) {
        366.0
    } else {
        365.0
    };
    let actual: Vec<(NaiveDate, f64)> = s.actual.iter().map(|(p, v)| (p.last_day(), *v)).collect();
    let top_value = s
        .target_line
        .iter()
        .map(|(_, v)| *v)
        .chain(actual.iter().map(|(_, v)| *v))
        .chain(std::iter::once(s.final_target))
        .fold(0.0, f64::max);
    let step = nice_step(top_value);
    let y_max = ((top_value / step).ceil() * step).max(step);
    let x = |d: NaiveDate| LEFT + (W - LEFT - RIGHT) * day_of_year(year, d).clamp(0.0, days) / days;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v / y_max).clamp(0.0, 1.0));
    let points = |pts: &[(NaiveDate, f64)]| {
        pts.iter()
            .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut target_pts = s.target_line.clone();
    target_pts.sort_by_key(|(d, _)| *d);

    let grid: Vec<f64> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= y_max + step / 2.0)
        .collect();
    // Every other month: twelve labels would touch at this width.
    let months: Vec<NaiveDate> = (1..=12)
        .step_by(2)
        .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
        .collect();

    let id = format!("chart-{}", s.indicator_id);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let latest = actual.last();
    let expected_now = duban_shared::lights::expected_value(year, &target_pts, props.as_of);
    let desc = match latest {
        Some((d, v)) => format!(
            "截至{}，按序时进度应完成{}{}，最近一次报送（{}月）累计完成{}{}；全年目标{}{}。",
            month_day_zh(props.as_of),
            quantity(expected_now, &s.measure),
            s.measure,
            d.month(),
            figure(*v),
            s.measure,
            figure(s.final_target),
            s.measure
        ),
        None => format!(
            "截至{}，按序时进度应完成{}{}，尚无报送数据；全年目标{}{}。",
            month_day_zh(props.as_of),
            quantity(expected_now, &s.measure),
            s.measure,
            figure(s.final_target),
            s.measure
        ),
    };
    let today_x = x(props.as_of);

    // The figures by month-end, for the table.
    let rows: Vec<(Period, f64, Option<f64>)> = (1..=12)
        .filter_map(|m| Period::new(year, m).ok())
        .filter(|p| p.first_day() <= props.as_of)
        .map(|p| {
            let target = duban_shared::lights::expected_value(year, &target_pts, p.last_day());
            let reported = s.actual.iter().find(|(q, _)| *q == p).map(|(_, v)| *v);
            (p, target, reported)
        })
        .collect();

    html! {
        <figure class="chart" data-chart={s.indicator_id.to_string()}>
            <figcaption class="chart-name">{ format!("{}（{}）", s.name, s.measure) }</figcaption>
            <svg class="chart-svg" viewBox={format!("0 0 {W} {H}")} role="img"
                 aria-labelledby={format!("{title_id} {desc_id}")} focusable="false">
                <title id={title_id.clone()}>{ format!("{}：目标与实际完成情况（{}）", s.name, s.measure) }</title>
                <desc id={desc_id.clone()}>{ desc.clone() }</desc>
                <g class="chart-grid">
                    { for grid.iter().map(|v| html! {
                        <g key={format!("g{v}")}>
                            <line x1={LEFT.to_string()} x2={(W - RIGHT).to_string()}
                                  y1={format!("{:.1}", y(*v))} y2={format!("{:.1}", y(*v))}
                                  stroke="#d5dae1" stroke-width="1" />
                            <text x={(LEFT - 6.0).to_string()} y={format!("{:.1}", y(*v) + 4.0)}
                                  text-anchor="end" font-size={LABEL} fill="#555b63">{ figure(*v) }</text>
                        </g>
                    }) }
                    { for months.iter().map(|d| html! {
                        <text key={format!("m{}", d.month())} x={format!("{:.1}", x(*d) + 2.0)} y={(H - BOTTOM + 17.0).to_string()}
                              font-size={LABEL} fill="#555b63">{ format!("{}月", d.month()) }</text>
                    }) }
                    <line x1={LEFT.to_string()} x2={LEFT.to_string()} y1={TOP.to_string()} y2={(H - BOTTOM).to_string()}
                          stroke="#767d87" stroke-width="1" />
                </g>
                <line class="chart-today" x1={format!("{today_x:.1}")} x2={format!("{today_x:.1}")}
                      y1={TOP.to_string()} y2={(H - BOTTOM).to_string()}
                      stroke="#b3121a" stroke-width="1" stroke-dasharray="3 3" />
                <text x={format!("{:.1}", today_x + 4.0)} y={(TOP + 10.0).to_string()} font-size={LABEL} fill="#b3121a">{ "今日" }</text>
                <polyline class="chart-target" points={points(&target_pts)} fill="none"
                          stroke="#0b4f9c" stroke-width="2" stroke-dasharray="6 4" />
                { for target_pts.iter().skip(1).map(|(d, v)| html! {
                    <rect key={format!("t{d}")} x={format!("{:.1}", x(*d) - 3.5)} y={format!("{:.1}", y(*v) - 3.5)}
                          width="7" height="7" fill="#0b4f9c" />
                }) }
                if !actual.is_empty() {
                    <polyline class="chart-actual" points={points(&actual)} fill="none"
                              stroke="#1b7f3b" stroke-width="2.5" />
                }
                { for actual.iter().map(|(d, v)| html! {
                    <circle key={format!("a{d}")} cx={format!("{:.1}", x(*d))} cy={format!("{:.1}", y(*v))} r="4"
                            fill="#ffffff" stroke="#1b7f3b" stroke-width="2" />
                }) }
            </svg>
            <div class="chart-legend" aria-hidden="true">
                <span class="legend-target">{ format!("目标线（序时进度，全年{}{}）", figure(s.final_target), s.measure) }</span>
                <span class="legend-actual">{ "实际（月报累计）" }</span>
                <span class="legend-today">{ "今日" }</span>
            </div>
            // The wrapper hides it: a table ignores the 1px width and would widen a phone's page.
            <div class="visually-hidden"><table>
                <caption>{ format!("{}逐月目标与实际（{}）", s.name, s.measure) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "月份" }</th>
                        <th scope="col">{ "月末应完成" }</th>
                        <th scope="col">{ "报送累计" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|(p, target, reported)| html! {
                        <tr key={p.to_string()}>
                            <th scope="row">{ format!("{}月", p.month) }</th>
                            <td>{ quantity(*target, &s.measure) }</td>
                            <td>{ reported.map(figure).unwrap_or_else(|| "未报送".to_string()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
        </figure>
    }
}
