//! `/dashboard?as_of=YYYY-MM-DD`: where the city stands, on one screen, for leaders (and the
//! office). Read-only. Every figure leads to the items behind it.

use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use duban_shared::summary::Summary;
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::access::is_office;
use crate::api;
use crate::api::items::ItemFilter;
use crate::components::bars::{count_of, LightBadge, LightMix, ProgressBar, QueryLink, COLOURS};
use crate::components::{DateInput, ErrorPanel, LoadingNotice, RouteLink};
use crate::format::{category_label, date_value, date_zh, figure, points};
use crate::hooks::{use_fetch, use_load, use_title, Load};
use crate::pages::years::{YearCompare, YearSwitch};
use crate::query::query_string;
use crate::routes::Route;
use crate::session::use_session;

/// The dashboard's URL query: which plan, on which day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DashboardQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

#[component]
pub fn DashboardPage() -> Html {
    let location = use_location();
    let query: DashboardQuery = location
        .and_then(|l| l.query::<DashboardQuery>().ok())
        .unwrap_or_default();
    let loaded = use_load(query.clone(), |q: DashboardQuery| async move {
        let year = api::plans::year_or_current(q.year).await?;
        api::summary::summary(year, q.as_of).await
    });
    use_title(Some("全市民生实事推进总览".to_string()));
    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取推进情况" error={error.clone()} on_retry={loaded.retry.clone()} />
        },
        Load::Ready(summary) => {
            html! { <DashboardView summary={summary.clone()} explicit_date={query.as_of.is_some()} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct DashboardViewProps {
    summary: Rc<Summary>,
    /// The user picked the day (else it is today).
    explicit_date: bool,
}

/// The query of the item list behind a figure.
fn items_query(s: &Summary, explicit_date: bool, f: ItemFilter) -> String {
    let f = ItemFilter {
        year: Some(s.year),
        as_of: explicit_date.then_some(s.as_of),
        ..f
    };
    query_string(&[
        ("year", f.year.map(|y| y.to_string())),
        ("light", f.light),
        ("unit", f.unit),
        ("category", f.category.map(|c| c.to_string())),
        ("as_of", f.as_of.map(date_value)),
    ])
    .trim_start_matches('?')
    .to_string()
}

#[component]
fn DashboardView(props: &DashboardViewProps) -> Html {
    let s = &props.summary;
    let session = use_session();
    let office = is_office(session.session.as_deref());
    let q = |f: ItemFilter| items_query(s, props.explicit_date, f);
    // One list of the years for the year switch and last year's comparison.
    let years = use_fetch((), |()| api::plans::plans());
    let plans = match &years.data {
        Some(Ok(list)) => Some(list.clone()),
        _ => None,
    };
    html! {
        <div class="dashboard" data-as-of={date_value(s.as_of)}>
            <header class="dash-head">
                <div>
                    <h1 id="dash-title">{ format!("{}年民生实事推进总览", s.year) }</h1>
                    <p class="dash-asof">
                        { "截至 " }
                        <time id="dash-as-of" datetime={date_value(s.as_of)}>{ date_zh(s.as_of) }</time>
                    </p>
                </div>
                <AsOfPicker year={s.year} as_of={s.as_of} explicit={props.explicit_date} />
            </header>
            <YearSwitch summary={s.clone()} plans={plans.clone()} />
            if let Some(t) = s.final_results {
                <section class="dash-section final-tally" id="final-tally" aria-labelledby="final-tally-title">
                    <h2 id="final-tally-title">{ format!("{}年度已年终销号", s.year) }</h2>
                    <ul class="tally">
                        <li class="tally-done"><span class="tally-n">{ t.done }</span>{ "项完成" }</li>
                        <li class="tally-mostly"><span class="tally-n">{ t.mostly_done }</span>{ "项基本完成" }</li>
                        <li class="tally-not"><span class="tally-n">{ t.not_done }</span>{ "项未完成" }</li>
                    </ul>
                    <p class="muted small">
                        <RouteLink to={Route::Plan { year: s.year }}>{ "查看各事项年终结果" }</RouteLink>
                    </p>
                </section>
            }

            if office {
                <OfficeStrip year={s.year} />
            }

            <section class="dash-section lights-section" aria-labelledby="lights-title">
                <h2 id="lights-title">{ "亮灯情况" }</h2>
                <ul class="light-figures">
                    { for COLOURS.iter().map(|c| {
                        let n = count_of(&s.counts, *c);
                        html! {
                            <li class={classes!("light-figure", format!("figure-{}", c.as_str()))}>
                                <QueryLink to={Route::ItemList} query={q(ItemFilter { light: Some(c.as_str().to_string()), ..Default::default() })}>
                                    <span class="figure-light"><LightBadge colour={*c} /></span>
                                    <span class="figure-number" id={format!("count-{}", c.as_str())}>{ n }</span>
                                    <span class="figure-unit">{ "项" }</span>
                                </QueryLink>
                            </li>
                        }
                    }) }
                    <li class="light-figure figure-total">
                        <QueryLink to={Route::ItemList} query={q(ItemFilter::default())}>
                            <span class="figure-light">{ "全部项目" }</span>
                            <span class="figure-number" id="count-total">{ s.counts.total }</span>
                            <span class="figure-unit">{ "项" }</span>
                        </QueryLink>
                    </li>
                </ul>
            </section>

            // What a leader must see first, above the fold: the lagging items beside this
            // month's reporting and the open red cases; the breakdowns follow.
            <div class="dash-priority">
                <LaggingList summary={s.clone()} {office} />
                <div class="dash-side">
                    <RedCases year={s.year} />
                    <ComplianceGlance summary={s.clone()} query={q(ItemFilter::default())} />
                </div>
            </div>

            <div class="dash-columns">
                <section class="dash-section" aria-labelledby="category-title">
                    <h2 id="category-title">{ "分类推进情况" }</h2>
                    <table class="bar-table" aria-labelledby="category-title">
                        <thead>
                            <tr><th scope="col">{ "项目分类" }</th><th scope="col">{ "平均完成度" }</th><th scope="col">{ "亮灯" }</th></tr>
                        </thead>
                        <tbody>
                            { for s.by_category.iter().map(|c| html! {
                                <tr key={c.ordinal} data-category={c.ordinal.to_string()} data-progress={figure(c.progress_pct)}>
                                    <th scope="row">
                                        <QueryLink to={Route::ItemList} query={q(ItemFilter { category: Some(c.ordinal), ..Default::default() })}>
                                            { category_label(c.ordinal, &c.title) }
                                        </QueryLink>
                                    </th>
                                    <td class="cell-bar"><ProgressBar pct={c.progress_pct} expected={Some(c.expected_pct)} /></td>
                                    <td class="cell-mix"><LightMix counts={c.counts.clone()} /></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>

                <section class="dash-section" aria-labelledby="unit-title">
                    <h2 id="unit-title">{ "责任单位推进情况" }</h2>
                    <table class="bar-table" aria-labelledby="unit-title">
                        <thead>
                            <tr><th scope="col">{ "责任单位" }</th><th scope="col">{ "平均完成度" }</th><th scope="col">{ "亮灯" }</th></tr>
                        </thead>
                        <tbody>
                            { for s.by_unit.iter().map(|u| html! {
                                <tr key={u.unit.id} data-unit={u.unit.code.clone()} data-progress={figure(u.progress_pct)}>
                                    <th scope="row">
                                        <QueryLink to={Route::ItemList} query={q(ItemFilter { unit: Some(u.unit.code.clone()), ..Default::default() })}>
                                            { &u.unit.name }
                                        </QueryLink>
                                    </th>
                                    <td class="cell-bar"><ProgressBar pct={u.progress_pct} expected={Some(u.expected_pct)} /></td>
                                    <td class="cell-mix"><LightMix counts={u.counts.clone()} /></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            </div>

            <YearCompare summary={s.clone()} plans={plans} />
            <ComplianceView summary={s.clone()} query={q(ItemFilter::default())} />
            <RankingView summary={s.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AsOfPickerProps {
    year: i32,
    as_of: NaiveDate,
    explicit: bool,
}

/// The day the figures stand on; in the URL, so reload and 后退 keep it.
#[component]
fn AsOfPicker(props: &AsOfPickerProps) -> Html {
    let navigator = use_navigator();
    let input = use_node_ref();
    let go = {
        let navigator = navigator.clone();
        let year = props.year;
        Callback::from(move |as_of: Option<NaiveDate>| {
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(
                    &Route::Dashboard,
                    DashboardQuery {
                        year: Some(year),
                        as_of,
                    },
                );
            }
        })
    };
    let onsubmit = {
        let (go, input) = (go.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                if let Ok(d) = el.value().parse::<NaiveDate>() {
                    go.emit(Some(d));
                }
            }
        })
    };
    // The end of the month before the day shown: the usual cut-off of a monthly meeting.
    let last_month_end = props.as_of.with_day(1).and_then(|d| d.pred_opt());
    let min = format!("{}-01-01", props.year);
    let max = format!("{}-12-31", props.year);
    html! {
        <form class="asof-form" onsubmit={onsubmit} aria-label="选择查看日期">
            <label for="as-of-input">{ "查看日期" }</label>
            <DateInput id="as-of-input" node_ref={input} value={date_value(props.as_of)} min={min} max={max} />
            <button id="as-of-submit" type="submit" class="button">{ "查看" }</button>
            if let Some(d) = last_month_end {
                <button type="button" class="button button-secondary" onclick={
                    let go = go.clone();
                    Callback::from(move |_: MouseEvent| go.emit(Some(d)))
                }>{ "上月末" }</button>
            }
            if props.explicit {
                <button id="as-of-today" type="button" class="button button-secondary" onclick={
                    let go = go.clone();
                    Callback::from(move |_: MouseEvent| go.emit(None))
                }>{ "回到今天" }</button>
            }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    summary: Rc<Summary>,
    #[prop_or_default]
    office: bool,
    #[prop_or_default]
    query: String,
}

#[component]
fn LaggingList(props: &SummaryProps) -> Html {
    let s = &props.summary;
    let body = if s.lagging.is_empty() {
        html! { <p class="muted">{ "目前没有滞后或严重滞后的项目。" }</p> }
    } else {
        html! {
            <ol class="lagging-list">
                { for s.lagging.iter().map(|l| html! {
                    <li key={l.item_id} class={classes!("lagging", format!("lagging-{}", l.colour.as_str()))} data-item={l.number.to_string()}>
                        <div class="lagging-head">
                            <LightBadge colour={l.colour} />
                            <RouteLink to={Route::Item { id: l.item_id }} classes="lagging-title">
                                { format!("第{}项　{}", l.number, l.content) }
                            </RouteLink>
                        </div>
                        <p class="lagging-unit">
                            { format!("责任单位：{}", l.unit.name) }
                            if let Some(lag) = l.lag.filter(|lag| *lag > 0.0) {
                                { format!("　落后序时进度{}个百分点", points(lag)) }
                            }
                        </p>
                        if let Some(first) = l.reasons.first() {
                            <p class="lagging-reason">
                                { first }
                                if l.reasons.len() > 1 {
                                    <span class="muted">{ format!("（另{}条原因见项目页）", l.reasons.len() - 1) }</span>
                                }
                            </p>
                        }
                        if props.office {
                            <p class="lagging-actions">
                                <QueryLink to={Route::OfficeNotices} query={format!("item={}", l.item_id)} classes="button button-secondary button-small">
                                    { "发督办通知" }
                                </QueryLink>
                            </p>
                        }
                    </li>
                }) }
            </ol>
        }
    };
    html! {
        <section class="dash-section" aria-labelledby="lagging-title">
            <h2 id="lagging-title">{ format!("滞后项目（{}项）", s.lagging.len()) }</h2>
            { body }
        </section>
    }
}

/// This month's reporting in three figures, for the top of the page.
#[component]
fn ComplianceGlance(props: &SummaryProps) -> Html {
    let c = &props.summary.compliance;
    let Some(period) = c.period else {
        return html! {
            <section class="dash-section" aria-labelledby="glance-title">
                <h2 id="glance-title">{ "月报报送" }</h2>
                <p class="muted">{ "截至该日，尚无到期的月报。" }</p>
            </section>
        };
    };
    let due = c
        .due_on
        .map(|d| format!("，应于{}前报送", date_zh(d)))
        .unwrap_or_default();
    html! {
        <section class="dash-section compliance-glance" aria-labelledby="glance-title">
            <h2 id="glance-title">{ format!("{}月月报报送", period.month) }</h2>
            <p class="muted">{ format!("应报{}项{}", c.on_time + c.late + c.missing, due) }</p>
            <ul class="compliance-figures">
                <li class="cf-on-time"><span class="cf-label">{ "按时报送" }</span><span class="cf-number" id="compliance-on-time">{ c.on_time }</span></li>
                <li class="cf-late"><span class="cf-label">{ "逾期报送" }</span><span class="cf-number" id="compliance-late">{ c.late }</span></li>
                <li class="cf-missing"><span class="cf-label">{ "未报送" }</span><span class="cf-number" id="compliance-missing">{ c.missing }</span></li>
            </ul>
            <p class="glance-more"><a href="#compliance-title">{ "各单位报送情况" }</a></p>
        </section>
    }
}

#[component]
fn ComplianceView(props: &SummaryProps) -> Html {
    let c = &props.summary.compliance;
    let Some(period) = c.period else {
        return html! {
            <section class="dash-section" aria-labelledby="compliance-title">
                <h2 id="compliance-title">{ "月报报送情况" }</h2>
                <p class="muted">{ "截至该日，尚无到期的月报。" }</p>
            </section>
        };
    };
    let due = c
        .due_on
        .map(|d| format!("（应于{}前报送）", date_zh(d)))
        .unwrap_or_default();
    let expected = c.on_time + c.late + c.missing;
    html! {
        <section class="dash-section" aria-labelledby="compliance-title">
            <h2 id="compliance-title">{ format!("各单位{}年{}月月报报送情况", period.year, period.month) }</h2>
            <p class="muted">{ format!("应报{}项{}", expected, due) }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="各单位月报报送情况">
                <table class="data-table compliance-table">
                    <caption class="visually-hidden">{ "各单位月报报送情况" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "责任单位" }</th>
                            <th scope="col" class="num">{ "应报" }</th>
                            <th scope="col" class="num">{ "按时" }</th>
                            <th scope="col" class="num">{ "逾期" }</th>
                            <th scope="col" class="num">{ "未报" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for c.by_unit.iter().map(|u| html! {
                            <tr key={u.unit.id} data-unit={u.unit.code.clone()} class={classes!((u.missing > 0).then_some("row-missing"))}>
                                <th scope="row">{ &u.unit.name }</th>
                                <td class="num">{ u.expected }</td>
                                <td class="num">{ u.on_time }</td>
                                <td class="num">{ u.late }</td>
                                <td class={classes!("num", (u.missing > 0).then_some("strong"))}>{ u.missing }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn RankingView(props: &SummaryProps) -> Html {
    let r = &props.summary.ranking;
    html! {
        <section class="dash-section" aria-labelledby="ranking-title">
            <h2 id="ranking-title">{ "责任单位排名" }</h2>
            <p class="rule" id="ranking-rule"><strong>{ "排名规则：" }</strong>{ &r.rule }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="责任单位排名表">
                <table class="data-table ranking-table" aria-describedby="ranking-rule">
                    <caption class="visually-hidden">{ "责任单位排名" }</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="num">{ "名次" }</th>
                            <th scope="col">{ "责任单位" }</th>
                            <th scope="col" class="num">{ "红灯" }</th>
                            <th scope="col" class="num">{ "黄灯" }</th>
                            <th scope="col" class="num">{ "平均落后（百分点）" }</th>
                            <th scope="col" class="num">{ "平均完成度" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for r.units.iter().map(|u| html! {
                            <tr key={u.unit.id} data-unit={u.unit.code.clone()}>
                                <td class="num strong">{ u.rank }</td>
                                <th scope="row">{ &u.unit.name }</th>
                                <td class="num">{ u.red }</td>
                                <td class="num">{ u.yellow }</td>
                                <td class="num">{ points(u.average_lag) }</td>
                                <td class="num">{ format!("{}%", points(u.progress_pct)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OfficeStripProps {
    year: i32,
}

#[derive(Clone, PartialEq, Default)]
struct Waiting {
    reports: Option<i64>,
    answered: Option<i64>,
    overdue: Option<i64>,
    extensions: Option<usize>,
}

/// For the office: what waits for it, one click from the dashboard.
#[derive(Properties, PartialEq)]
struct RedCasesProps {
    year: i32,
}

/// 红色督办: the red cases still open, for the leaders' first screen.
#[component]
fn RedCases(props: &RedCasesProps) -> Html {
    let cases = use_load(props.year, |_| {
        api::notices::notices(api::notices::NoticeFilter {
            state: Some("open,acknowledged,answered,returned".into()),
            grade: Some("red".into()),
            overdue: false,
        })
    });
    let Load::Ready(list) = &*cases.state else {
        return html! {};
    };
    html! {
        <section class="dash-section red-cases" aria-labelledby="red-cases-title" id="red-cases">
            <h2 id="red-cases-title">{ format!("红色督办（{}件未销号）", list.total) }</h2>
            if list.notices.is_empty() {
                <p class="muted">{ "目前没有红色督办件。" }</p>
            } else {
                <ul class="red-case-list">
                    { for list.notices.iter().take(8).map(|n| html! {
                        <li data-notice={n.id.to_string()}>
                            <span class="grade grade-red">{ "红" }</span>
                            <RouteLink to={Route::Item { id: n.item_id }}>{ format!("第{}项", n.item_number) }</RouteLink>
                            { format!("　{}　{}　反馈时限{}", n.unit.name, n.state.label_zh(), date_zh(n.answer_by)) }
                            if let Some(e) = n.escalations.last() { <span class="muted">{ format!("　{}", e.reason) }</span> }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[component]
fn OfficeStrip(props: &OfficeStripProps) -> Html {
    let waiting = use_state(Waiting::default);
    {
        let waiting = waiting.clone();
        use_effect_with(props.year, move |year| {
            let year = *year;
            spawn_local(async move {
                let reports = api::reports::review_queue(year).await.ok().map(|l| l.total);
                let notices = api::notices::notices(Default::default()).await.ok();
                let answered = notices.as_ref().map(|l| {
                    l.notices
                        .iter()
                        .filter(|n| n.state == duban_shared::supervision::NoticeState::Answered)
                        .count() as i64
                });
                let overdue = notices
                    .as_ref()
                    .map(|l| l.notices.iter().filter(|n| n.overdue).count() as i64);
                let extensions = api::extensions::extensions(Some("pending".into()))
                    .await
                    .ok()
                    .map(|l| l.extensions.len());
                waiting.set(Waiting {
                    reports,
                    answered,
                    overdue,
                    extensions,
                });
            });
        });
    }
    let n = |x: Option<i64>| x.map(|x| x.to_string()).unwrap_or_else(|| "…".to_string());
    html! {
        <nav class="office-strip" aria-label="督查室待办">
            <RouteLink to={Route::OfficeReviews}>{ "待审核月报 " }<strong id="waiting-reports">{ n(waiting.reports) }</strong>{ " 份" }</RouteLink>
            <RouteLink to={Route::OfficeNotices}>{ "待办结通知 " }<strong>{ n(waiting.answered) }</strong>{ " 件，逾期未答复 " }<strong>{ n(waiting.overdue) }</strong>{ " 件" }</RouteLink>
            <RouteLink to={Route::OfficeExtensions}>{ "待审批延期 " }<strong>{ n(waiting.extensions.map(|x| x as i64)) }</strong>{ " 件" }</RouteLink>
            <RouteLink to={Route::OfficeBriefings}>{ "编发情况通报" }</RouteLink>
        </nav>
    }
}
