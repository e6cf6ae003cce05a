//! `/office/briefings`: the briefing (情况通报) builder — pick a cut-off day, read the
//! preview, publish it as the next numbered issue; every issue as Word or a print page.
//! `/office/briefings/:id`: one issue, laid out to print.

use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::briefing::Briefing;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

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
    let published = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        api::briefings::briefings(year).await
    });
    let status = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let input = use_node_ref();
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
    let on_publish = {
        let (busy, status, retry) = (busy.clone(), status.clone(), published.retry.clone());
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(b) = shown.clone() else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, status, retry) = (busy.clone(), status.clone(), retry.clone());
            spawn_local(async move {
                match api::briefings::publish_briefing(b.plan_year, b.cut_off).await {
                    Ok(p) => {
                        status.set(Some((
                            true,
                            format!("已发布第{}期情况通报（截至{}）。", p.number, date_zh(p.cut_off)),
                        )));
                        retry.emit(());
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
                <div class="briefing-sheet" id="briefing-preview"><BriefingView briefing={b.clone()} /></div>
                <div class="form-actions">
                    <button id="briefing-publish" type="button" class="button" onclick={on_publish} disabled={*busy}>
                        { if *busy { "正在发布…" } else { "发布为正式通报" } }
                    </button>
                    <span class="muted">{ "发布后自动编号，内容以截至日的数据为准，不再改变。" }</span>
                </div>
            </>
        },
    };
    let list = match &*published.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取已发布通报" error={e.clone()} on_retry={published.retry.clone()} /> }
        }
        Load::Ready(list) if list.briefings.is_empty() => html! { <p class="panel-empty">{ "尚未发布情况通报。" }</p> },
        Load::Ready(list) => html! {
            <ul class="card-list" id="briefing-list">
                { for list.briefings.iter().map(|b| html! {
                    <PublishedCard key={b.id.unwrap_or_default()} briefing={Rc::new(b.clone())} on_error={
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
                <h2 id="published-title">{ "已发布通报" }</h2>
                { list }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PublishedCardProps {
    briefing: Rc<Briefing>,
    on_error: Callback<String>,
}

#[component]
fn PublishedCard(props: &PublishedCardProps) -> Html {
    let b = &props.briefing;
    let id = b.id.unwrap_or_default();
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
    html! {
        <li class="card" data-briefing={b.number.to_string()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id} class="card-title">{ &b.title }</h3>
                <p class="card-meta">
                    { format!("截至{}", date_zh(b.cut_off)) }
                    if let (Some(by), Some(at)) = (&b.published_by, b.published_at) {
                        { format!("　{} 发布于{}", by, time_zh(at)) }
                    }
                </p>
            </header>
            <div class="card-actions">
                <RouteLink to={Route::OfficeBriefing { id }} classes="button button-secondary">{ "查看并打印" }</RouteLink>
                <button type="button" class="button button-secondary" onclick={save("docx", format!("{}.docx", b.title))}>
                    { "下载Word" }
                </button>
                <button type="button" class="button button-secondary" onclick={save("print", format!("{}.html", b.title))}>
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

/// A briefing as it reads on paper.
#[component]
pub fn BriefingView(props: &BriefingViewProps) -> Html {
    let b = &props.briefing;
    html! {
        <article class="briefing" aria-labelledby={format!("briefing-title-{}", b.number)}>
            <h3 class="briefing-title" id={format!("briefing-title-{}", b.number)}>{ &b.title }</h3>
            <p class="briefing-meta">{ format!("截至{}", date_zh(b.cut_off)) }</p>
            { for b.overview.iter().map(|p| html! { <p class="briefing-para">{ p }</p> }) }
            if !b.lagging.is_empty() {
                <h4>{ "一、滞后项目" }</h4>
                <div class="table-wrap" tabindex="0" role="region" aria-label="滞后项目表">
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
            }
            if !b.late_units.is_empty() {
                <h4>{ if b.lagging.is_empty() { "一、月报逾期或未报单位" } else { "二、月报逾期或未报单位" } }</h4>
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
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct BriefingPrintPageProps {
    pub id: i32,
}

/// One published issue, on a page laid out to print (the print stylesheet hides the app).
#[component]
pub fn BriefingPrintPage(props: &BriefingPrintPageProps) -> Html {
    let loaded = use_load(props.id, api::briefings::briefing);
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
    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(e) => html! {
            <ErrorPanel title="无法获取情况通报" error={e.clone()} not_found_message="未找到该期通报。" on_retry={loaded.retry.clone()} />
        },
        Load::Ready(b) => html! {
            <>
                <nav class="breadcrumb no-print" aria-label="当前位置">
                    <ol>
                        if office {
                            <li><RouteLink to={Route::OfficeBriefings}>{ "情况通报" }</RouteLink></li>
                        } else {
                            <li><RouteLink to={Route::Messages}>{ "消息中心" }</RouteLink></li>
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
