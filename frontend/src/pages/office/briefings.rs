//! `/office/briefings`: the briefing (情况通报) builder — pick a cut-off day, read the
//! preview, make a draft of it; the drafts and the issues, each as Word or a print page.
//! `/office/briefings/:id` and `/briefings/:id`: a draft in its editor (the office's), or a
//! published issue laid out to print. `/briefings`: the published issues, for everyone.

use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::briefing::{Briefing, BriefingStatus};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::use_navigator;

use crate::api;
use crate::components::bars::LightBadge;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{DateInput, ErrorPanel, LoadingNotice, RouteLink};
use crate::error_messages::write_error;
use crate::format::{date_value, date_zh, time_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn BriefingsPage() -> Html {
    use_title(Some("情况通报".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeBriefings}>
            <Briefings />
        </OfficeFrame>
    }
}

#[component]
fn Briefings() -> Html {
    let cut_off = use_state(|| None::<NaiveDate>);
    let preview = use_load(*cut_off, |c: Option<NaiveDate>| async move {
        let year = api::plans::year_or_current(None).await?;
        api::briefings::briefing_preview(year, c).await
    });
    let listed = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        api::briefings::briefings(year).await
    });
    let status = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let input = use_node_ref();
    let navigator = use_navigator();
    let on_preview = {
        let (cut_off, input) = (cut_off.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(d) = input
                .cast::<HtmlInputElement>()
                .and_then(|el| el.value().parse::<NaiveDate>().ok())
            {
                cut_off.set(Some(d));
            }
        })
    };
    let shown: Option<Rc<Briefing>> = match &*preview.state {
        Load::Ready(b) => Some(b.clone()),
        _ => None,
    };
    let on_draft = {
        let (busy, status) = (busy.clone(), status.clone());
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(b) = shown.clone() else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, status, navigator) = (busy.clone(), status.clone(), navigator.clone());
            spawn_local(async move {
                match api::briefings::create_draft(b.plan_year, b.cut_off).await {
                    Ok(d) => {
                        if let (Some(nav), Some(id)) = (&navigator, d.id) {
                            nav.push(&Route::OfficeBriefing { id });
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, write_error(&e)))),
                }
                busy.set(false);
            });
        })
    };
    let preview_body = match &*preview.state {
        Load::Loading => html! { <p role="status">{ "正在生成预览…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法生成通报预览" error={e.clone()} on_retry={preview.retry.clone()} /> }
        }
        Load::Ready(b) => html! {
            <>
                <div class="form-actions">
                    <button id="briefing-draft" type="button" class="button" onclick={on_draft} disabled={*busy}>
                        { if *busy { "正在生成…" } else { "生成通报草稿" } }
                    </button>
                    <span class="muted">{ "草稿中可以撰写各部分内容，发布前其他单位看不到；发布时自动编号，数据以发布时为准，不再改变。" }</span>
                </div>
                <div class="briefing-sheet" id="briefing-preview"><BriefingView briefing={b.clone()} /></div>
            </>
        },
    };
    let list = match &*listed.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取情况通报" error={e.clone()} on_retry={listed.retry.clone()} /> }
        }
        Load::Ready(list) if list.briefings.is_empty() => html! { <p class="panel-empty">{ "尚无情况通报。" }</p> },
        Load::Ready(list) => html! {
            <ul class="card-list" id="briefing-list">
                { for list.briefings.iter().map(|b| html! {
                    <BriefingCard key={b.id.unwrap_or_default()} briefing={Rc::new(b.clone())} on_error={
                        let status = status.clone();
                        Callback::from(move |m: String| status.set(Some((false, m))))
                    } />
                }) }
            </ul>
        },
    };
    let value = shown.as_ref().map(|b| date_value(b.cut_off)).unwrap_or_default();
    html! {
        <>
            <h1 id="briefings-title">{ "情况通报" }</h1>
            <StatusLine message={(*status).clone()} />
            <section class="office-section" aria-labelledby="builder-title">
                <h2 id="builder-title">{ "编发通报" }</h2>
                <form class="asof-form" onsubmit={on_preview}>
                    <label for="cut-off-input">{ "截至日期" }</label>
                    <DateInput id="cut-off-input" node_ref={input} {value} />
                    <button id="cut-off-submit" type="submit" class="button button-secondary">{ "生成预览" }</button>
                </form>
                { preview_body }
            </section>
            <section class="office-section" aria-labelledby="published-title">
                <h2 id="published-title">{ "草稿和已发布通报" }</h2>
                { list }
            </section>
        </>
    }
}

/// `/briefings`: the published issues of the newest plan, for every signed-in user.
#[component]
pub fn BriefingListPage() -> Html {
    use_title(Some("情况通报".to_string()));
    let listed = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        api::briefings::briefings(year).await
    });
    let status = use_state(|| None::<(bool, String)>);
    let body = match &*listed.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取情况通报" error={e.clone()} on_retry={listed.retry.clone()} /> }
        }
        Load::Ready(list) => {
            let published: Vec<&Briefing> = list
                .briefings
                .iter()
                .filter(|b| b.status == BriefingStatus::Published)
                .collect();
            if published.is_empty() {
                html! { <p class="panel-empty">{ "督查室尚未发布情况通报。" }</p> }
            } else {
                html! {
                    <ul class="card-list" id="briefing-list">
                        { for published.into_iter().map(|b| html! {
                            <BriefingCard key={b.id.unwrap_or_default()} briefing={Rc::new(b.clone())} on_error={
                                let status = status.clone();
                                Callback::from(move |m: String| status.set(Some((false, m))))
                            } />
                        }) }
                    </ul>
                }
            }
        }
    };
    html! {
        <>
            <h1>{ "情况通报" }</h1>
            <p class="muted">{ "督查室印发的民生实事推进情况通报，最新的在前。" }</p>
            <StatusLine message={(*status).clone()} />
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BriefingCardProps {
    briefing: Rc<Briefing>,
    on_error: Callback<String>,
}

#[component]
fn BriefingCard(props: &BriefingCardProps) -> Html {
    let b = &props.briefing;
    let id = b.id.unwrap_or_default();
    let draft = b.status == BriefingStatus::Draft;
    let save = |file: &'static str, name: String| {
        let on_error = props.on_error.clone();
        Callback::from(move |_: MouseEvent| {
            let (name, on_error) = (name.clone(), on_error.clone());
            spawn_local(async move {
                if let Err(e) = api::briefings::download_briefing(id, file, &name).await {
                    if !e.is_unauthorized() {
                        on_error.emit(e.message);
                    }
                }
            });
        })
    };
    let title_id = format!("briefing-{id}-title");
    let file_name = b.file_title();
    html! {
        <li class="card" data-briefing={if draft { format!("draft-{id}") } else { b.number.to_string() }}
            aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id} class="card-title">
                    if draft {
                        <span class="badge badge-draft">{ "草稿" }</span>{ " " }
                    } else {
                        <span class="badge badge-published">{ format!("第{}期", b.number) }</span>{ " " }
                    }
                    { &b.title }
                </h3>
                <p class="card-meta">
                    { format!("截至{}", date_zh(b.cut_off)) }
                    if let (Some(by), Some(at)) = (&b.published_by, b.published_at) {
                        { format!("　{} 发布于{}", by, time_zh(at)) }
                    }
                </p>
            </header>
            <div class="card-actions">
                if draft {
                    <RouteLink to={Route::OfficeBriefing { id }} classes="button">{ "继续编辑" }</RouteLink>
                } else {
                    <RouteLink to={Route::Briefing { id }} classes="button button-secondary">{ "阅读并打印" }</RouteLink>
                }
                <button type="button" class="button button-secondary" onclick={save("docx", format!("{file_name}.docx"))}>
                    { "下载Word" }
                </button>
                <button type="button" class="button button-secondary" onclick={save("print", format!("{file_name}.html"))}>
                    { "下载打印页" }
                </button>
            </div>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct BriefingViewProps {
    pub briefing: Rc<Briefing>,
}

/// A briefing as it reads on paper: the 版头 (期号, issuer, date over the red line), the title,
/// the office's sections, and the figures behind them as 附表.
#[component]
pub fn BriefingView(props: &BriefingViewProps) -> Html {
    let b = &props.briefing;
    let draft = b.status == BriefingStatus::Draft;
    let title_id = format!("briefing-title-{}", b.id.unwrap_or_default());
    let issue = b.issue_label();
    let issued = b.issue_date_zh();
    let mut annex = 0;
    let mut next_annex = || {
        annex += 1;
        annex
    };
    let categories = (!b.by_category.is_empty()).then(|| {
        let n = next_annex();
        html! {
            <>
                <h5>{ format!("{n}. 各类项目推进情况") }</h5>
                <div class="table-wrap" tabindex="0" role="region" aria-label="各类项目推进情况表">
                    <table class="data-table briefing-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "类别" }</th>
                                <th scope="col" class="num">{ "项目数" }</th>
                                <th scope="col" class="num">{ "已完成" }</th>
                                <th scope="col" class="num">{ "正常" }</th>
                                <th scope="col" class="num">{ "滞后" }</th>
                                <th scope="col" class="num">{ "严重滞后" }</th>
                                <th scope="col" class="num">{ "平均完成度" }</th>
                                <th scope="col" class="num">{ "序时进度" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for b.by_category.iter().map(|c| html! {
                                <tr key={c.ordinal}>
                                    <th scope="row">{ &c.title }</th>
                                    <td class="num" data-label="项目数">{ c.counts.total }</td>
                                    <td class="num" data-label="已完成">{ c.counts.blue }</td>
                                    <td class="num" data-label="正常">{ c.counts.green }</td>
                                    <td class="num" data-label="滞后">{ c.counts.yellow }</td>
                                    <td class="num" data-label="严重滞后">{ c.counts.red }</td>
                                    <td class="num" data-label="平均完成度">{ format!("{:.0}%", c.progress_pct) }</td>
                                    <td class="num" data-label="序时进度">{ format!("{:.0}%", c.expected_pct) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        }
    });
    let lagging = (!b.lagging.is_empty()).then(|| {
        let n = next_annex();
        html! {
            <>
                <h5>{ format!("{n}. 进度滞后项目") }</h5>
                <div class="table-wrap" tabindex="0" role="region" aria-label="进度滞后项目表">
                    <table class="data-table briefing-table">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{ "序号" }</th>
                                <th scope="col">{ "项目" }</th>
                                <th scope="col">{ "责任单位" }</th>
                                <th scope="col">{ "亮灯" }</th>
                                <th scope="col">{ "原因" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for b.lagging.iter().map(|l| html! {
                                <tr key={l.item_id}>
                                    <td class="num" data-label="序号">{ l.number }</td>
                                    <th scope="row">{ &l.content }</th>
                                    <td data-label="责任单位">{ &l.unit.name }</td>
                                    <td data-label="亮灯"><LightBadge colour={l.colour} /></td>
                                    <td data-label="原因">{ l.reasons.join("；") }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        }
    });
    let late = (!b.late_units.is_empty()).then(|| {
        let n = next_annex();
        let month = b
            .report_period
            .map(|p| format!("{}年{}月", p.year, p.month))
            .unwrap_or_default();
        html! {
            <>
                <h5>{ format!("{n}. {month}月报逾期或未报单位") }</h5>
                <div class="table-wrap" tabindex="0" role="region" aria-label="月报逾期或未报单位表">
                    <table class="data-table briefing-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "责任单位" }</th>
                                <th scope="col" class="num">{ "应报" }</th>
                                <th scope="col" class="num">{ "逾期报送" }</th>
                                <th scope="col" class="num">{ "未报送" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for b.late_units.iter().map(|u| html! {
                                <tr key={u.unit.id}>
                                    <th scope="row">{ &u.unit.name }</th>
                                    <td class="num" data-label="应报">{ u.expected }</td>
                                    <td class="num" data-label="逾期报送">{ u.late }</td>
                                    <td class="num" data-label="未报送">{ u.missing }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        }
    });
    let ranking = (!b.ranking.is_empty()).then(|| {
        let n = next_annex();
        html! {
            <>
                <h5>{ format!("{n}. 责任单位推进排名") }</h5>
                <div class="table-wrap" tabindex="0" role="region" aria-label="责任单位推进排名表">
                    <table class="data-table briefing-table">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{ "名次" }</th>
                                <th scope="col">{ "责任单位" }</th>
                                <th scope="col" class="num">{ "严重滞后" }</th>
                                <th scope="col" class="num">{ "滞后" }</th>
                                <th scope="col" class="num">{ "平均完成度" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for b.ranking.iter().map(|r| html! {
                                <tr key={r.unit.id}>
                                    <td class="num" data-label="名次">{ r.rank }</td>
                                    <th scope="row">{ &r.unit.name }</th>
                                    <td class="num" data-label="严重滞后">{ r.red }</td>
                                    <td class="num" data-label="滞后">{ r.yellow }</td>
                                    <td class="num" data-label="平均完成度">{ format!("{:.0}%", r.progress_pct) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </>
        }
    });
    let written = b.sections.written();
    html! {
        <article class="briefing" aria-labelledby={title_id.clone()}>
            <p class="briefing-head" aria-hidden="true">{ "情况通报" }</p>
            <p class={classes!("briefing-issue", draft.then_some("is-draft"))}>{ issue }</p>
            <p class="briefing-line"><span>{ &b.issuer }</span><span>{ issued.clone() }</span></p>
            <h3 class="briefing-title" id={title_id}>{ &b.title }</h3>
            <p class="briefing-meta">{ format!("（截至{}）", date_zh(b.cut_off)) }</p>
            if written.is_empty() {
                { for b.overview.iter().map(|p| html! { <p class="briefing-para">{ p }</p> }) }
            }
            { for written.into_iter().map(|(heading, paras)| html! {
                <section class="briefing-section">
                    <h4>{ heading }</h4>
                    { for paras.into_iter().map(|p| html! { <p class="briefing-para">{ p.to_string() }</p> }) }
                </section>
            }) }
            if annex > 0 {
                <h4>{ "附表" }</h4>
            }
            { for categories }
            { for lagging }
            { for late }
            { for ranking }
            <p class="briefing-foot"><span>{ &b.issuer }</span><span>{ format!("{issued}印发") }</span></p>
        </article>
    }
}

/// How a draft is shown for editing: the office bundle passes its editor; the common bundle
/// (units, leaders and deputies are never sent a draft) passes none, so the editor stays out
/// of it.
#[derive(Clone, Copy)]
pub struct DraftEditor(pub fn(Rc<Briefing>, Callback<Rc<Briefing>>) -> Html);

/// A bundle has one editor at most, so two given ones are the same (function pointers
/// themselves do not compare reliably).
impl PartialEq for DraftEditor {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Properties, PartialEq)]
pub struct BriefingPrintPageProps {
    pub id: i32,
    #[prop_or_default]
    pub editor: Option<DraftEditor>,
}

/// One published issue, on a page laid out to print (the print stylesheet hides the app).
#[component]
pub fn BriefingPrintPage(props: &BriefingPrintPageProps) -> Html {
    let loaded = use_load(props.id, api::briefings::briefing);
    // What the editor published or saved replaces what was loaded.
    let replaced = use_state(|| None::<Rc<Briefing>>);
    let session = crate::session::use_session();
    let office = crate::access::is_office(session.session.as_deref());
    use_title(Some(match &*loaded.state {
        Load::Ready(b) => b.title.clone(),
        _ => "情况通报".to_string(),
    }));
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let current = match (&*replaced, &*loaded.state) {
        (Some(b), _) if Some(props.id) == b.id => Some(b.clone()),
        (_, Load::Ready(b)) => Some(b.clone()),
        _ => None,
    };
    let on_changed = {
        let replaced = replaced.clone();
        Callback::from(move |b: Rc<Briefing>| replaced.set(Some(b)))
    };
    match (&current, &*loaded.state) {
        (None, Load::Failed(e)) => html! {
            <ErrorPanel title="无法获取情况通报" error={e.clone()} not_found_message="未找到该期通报。" on_retry={loaded.retry.clone()} />
        },
        (None, _) => html! { <LoadingNotice /> },
        (Some(b), _) if b.status == BriefingStatus::Draft && props.editor.is_some() => html! {
            <>
                <nav class="breadcrumb no-print" aria-label="当前位置">
                    <ol>
                        <li><RouteLink to={Route::OfficeBriefings}>{ "情况通报" }</RouteLink></li>
                        <li aria-current="page">{ "草稿" }</li>
                    </ol>
                </nav>
                { props.editor.map(|edit| (edit.0)(b.clone(), on_changed)).unwrap_or_default() }
            </>
        },
        (Some(b), _) => html! {
            <>
                <nav class="breadcrumb no-print" aria-label="当前位置">
                    <ol>
                        if office {
                            <li><RouteLink to={Route::OfficeBriefings}>{ "情况通报" }</RouteLink></li>
                        } else {
                            <li><RouteLink to={Route::Briefings}>{ "情况通报" }</RouteLink></li>
                        }
                        <li aria-current="page">{ format!("第{}期", b.number) }</li>
                    </ol>
                </nav>
                <p class="no-print form-actions">
                    <button type="button" class="button" onclick={print}>{ "打印" }</button>
                </p>
                <div class="briefing-sheet briefing-print">
                    <h1 class="visually-hidden">{ &b.title }</h1>
                    <BriefingView briefing={b.clone()} />
                </div>
                if office {
                    <Readers id={props.id} />
                }
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct ReadersProps {
    id: i32,
}

/// Who has read the issue (the office's view; not printed).
#[component]
fn Readers(props: &ReadersProps) -> Html {
    let loaded = use_load(props.id, api::briefings::readers);
    let Load::Ready(r) = &*loaded.state else {
        return Html::default();
    };
    html! {
        <section class="office-section no-print" id="briefing-readers" aria-labelledby="readers-title">
            <h2 id="readers-title">{ format!("阅读情况（已读{}/{}）", r.read, r.total) }</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="readers-title">
                <table class="data-table">
                    <thead>
                        <tr><th scope="col">{ "账号" }</th><th scope="col">{ "状态" }</th></tr>
                    </thead>
                    <tbody>
                        { for r.readers.iter().map(|x| html! {
                            <tr data-reader={x.user_id.to_string()}>
                                <td>{ &x.name }</td>
                                <td>{ match x.read_at {
                                    Some(t) => format!("已读 {}", time_zh(t)),
                                    None => "未读".to_string(),
                                } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
