//! `/evaluation`: a deputy's ballot (人大代表满意度测评). Each item as the public sees it — its
//! content, lead unit, milestones done or not, light and latest accepted progress — with
//! 满意 / 基本满意 / 不满意 and an optional comment, saved item by item and changeable until
//! the office closes the round.

use std::rc::Rc;

use duban_shared::evaluation::{BallotInput, BallotSheet, MyBallot, Score, COMMENT_MAX_CHARS};
use duban_shared::public::PublicItem;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::api;
use crate::components::bars::LightBadge;
use crate::components::{ErrorPanel, LoadingNotice};
use crate::error_messages::write_error;
use crate::format::{date_zh, time_zh};
use crate::hooks::{use_load, use_title, Load};

#[component]
pub fn EvaluationPage() -> Html {
    use_title(Some("满意度测评".to_string()));
    let loaded = use_load((), |()| api::evaluations::newest_ballot());
    // Ballots saved on this page, over what was loaded.
    let saved = use_state(Vec::<MyBallot>::new);
    let on_saved = {
        let saved = saved.clone();
        Callback::from(move |b: MyBallot| {
            let mut all: Vec<MyBallot> = (*saved).iter().filter(|x| x.number != b.number).cloned().collect();
            all.push(b);
            saved.set(all);
        })
    };
    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取测评内容" error={e.clone()} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(sheet) => match sheet.as_ref() {
            None => html! {
                <>
                    <h1>{ "满意度测评" }</h1>
                    <p class="panel-empty" id="no-evaluation">{ "目前没有进行中的民生实事满意度测评。测评开始后，请在此逐项评价。" }</p>
                </>
            },
            Some(sheet) => html! { <Ballot sheet={Rc::new(sheet.clone())} saved={(*saved).clone()} {on_saved} /> },
        },
    }
}

#[derive(Properties, PartialEq)]
struct BallotProps {
    sheet: Rc<BallotSheet>,
    saved: Vec<MyBallot>,
    on_saved: Callback<MyBallot>,
}

#[component]
fn Ballot(props: &BallotProps) -> Html {
    let sheet = &props.sheet;
    let e = &sheet.evaluation;
    let year = sheet.plan.year;
    let closed = e.closed_at.is_some();
    let mine = |number: i32| {
        props
            .saved
            .iter()
            .chain(sheet.ballots.iter())
            .find(|b| b.number == number)
            .cloned()
    };
    let total: usize = sheet.plan.categories.iter().map(|c| c.items.len()).sum();
    let done = sheet
        .plan
        .categories
        .iter()
        .flat_map(|c| c.items.iter())
        .filter(|i| mine(i.number).is_some())
        .count();
    html! {
        <>
            <h1 id="evaluation-title">{ &e.title }</h1>
            <p class="muted">
                { format!("依据：{}（{}）。以下为截至{}的公开进展情况。", sheet.plan.notice_title, sheet.plan.doc_number, date_zh(sheet.plan.as_of)) }
            </p>
            if closed {
                <p class="outcome outcome-ok" role="status" id="evaluation-state">
                    { format!("本次测评已于{}结束，以下为您的评价，不能再修改。", e.closed_at.map(time_zh).unwrap_or_default()) }
                </p>
            } else {
                <p class="outcome" role="status" id="evaluation-state">
                    { format!("您已评价{done}项，共{total}项。请逐项选择“满意”“基本满意”或“不满意”，可附意见；测评结束前可以修改。您的评价只计入统计，不向责任单位公开。") }
                </p>
            }
            { for sheet.plan.categories.iter().map(|c| html! {
                <section class="office-section" aria-labelledby={format!("category-{}", c.ordinal)}>
                    <h2 id={format!("category-{}", c.ordinal)}>{ &c.title }</h2>
                    <ul class="card-list">
                        { for c.items.iter().map(|i| html! {
                            <BallotCard key={i.number} {year} item={Rc::new(i.clone())} mine={mine(i.number)} {closed}
                                on_saved={props.on_saved.clone()} />
                        }) }
                    </ul>
                </section>
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BallotCardProps {
    year: i32,
    item: Rc<PublicItem>,
    mine: Option<MyBallot>,
    closed: bool,
    on_saved: Callback<MyBallot>,
}

#[component]
fn BallotCard(props: &BallotCardProps) -> Html {
    let i = &props.item;
    let n = i.number;
    let score = use_state(|| props.mine.as_ref().map(|b| b.score));
    let comment = use_state(|| props.mine.as_ref().map(|b| b.comment.clone()).unwrap_or_default());
    let status = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let saved_as = props.mine.as_ref().map(|b| (b.score, b.comment.clone()));
    let dirty = saved_as != score.map(|s| (s, (*comment).clone()));
    let on_save = {
        let (score, comment, status, busy, on_saved, year) = (
            score.clone(),
            comment.clone(),
            status.clone(),
            busy.clone(),
            props.on_saved.clone(),
            props.year,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(s) = *score else {
                status.set(Some((false, "请先选择“满意”“基本满意”或“不满意”。".to_string())));
                return;
            };
            if comment.chars().count() > COMMENT_MAX_CHARS {
                status.set(Some((false, format!("意见不能超过{COMMENT_MAX_CHARS}字。"))));
                return;
            }
            busy.set(true);
            let body = BallotInput {
                score: s,
                comment: (*comment).clone(),
            };
            let (status, busy, on_saved) = (status.clone(), busy.clone(), on_saved.clone());
            spawn_local(async move {
                match api::evaluations::cast(year, n, &body).await {
                    Ok(b) => {
                        status.set(Some((true, format!("已保存：{}", b.score.label_zh()))));
                        on_saved.emit(b);
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, write_error(&e)))),
                }
                busy.set(false);
            });
        })
    };
    let on_comment = {
        let comment = comment.clone();
        Callback::from(move |e: InputEvent| comment.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let title_id = format!("ballot-{n}-title");
    html! {
        <li class="card ballot-card" data-item={n.to_string()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id} class="card-title">{ format!("{}. {}", n, i.content) }</h3>
                <p class="card-meta">
                    { format!("牵头单位：{}", i.lead_unit) }
                    if !i.co_units.is_empty() {
                        { format!("　配合单位：{}", i.co_units.join("、")) }
                    }
                </p>
            </header>
            <p><LightBadge colour={i.light} />{ " " }{ i.reasons.join("；") }</p>
            <details class="ballot-details">
                <summary>{ format!("节点计划（已完成{}/{}）", i.milestones.iter().filter(|m| m.done).count(), i.milestones.len()) }</summary>
                <ul>
                    { for i.milestones.iter().map(|m| html! {
                        <li>{ format!("{} {}：{}", if m.done { "✓ 已完成" } else { "○ 未完成" }, date_zh(m.due), m.text) }</li>
                    }) }
                </ul>
            </details>
            if let Some(p) = &i.progress {
                <p class="ballot-progress"><strong>{ format!("最新进展（{}）：", p.period) }</strong>{ &p.text }</p>
            }
            <form class="ballot-form" onsubmit={on_save}>
                <fieldset disabled={props.closed}>
                    <legend>{ format!("您对第{n}项的评价") }</legend>
                    <div class="ballot-choices">
                        { for Score::ALL.iter().map(|s| {
                            let id = format!("ballot-{n}-{}", s.code());
                            let pick = {
                                let (score, s) = (score.clone(), *s);
                                Callback::from(move |_: Event| score.set(Some(s)))
                            };
                            html! {
                                <label for={id.clone()} class={classes!("ballot-choice", (*score == Some(*s)).then_some("is-chosen"))}>
                                    <input type="radio" {id} name={format!("ballot-{n}")} value={s.code()}
                                        checked={*score == Some(*s)} onchange={pick} />
                                    { s.label_zh() }
                                </label>
                            }
                        }) }
                    </div>
                    <label for={format!("ballot-{n}-comment")}>{ "意见或建议（选填）" }</label>
                    <textarea id={format!("ballot-{n}-comment")} class="input textarea" rows="2"
                        value={(*comment).clone()} oninput={on_comment} />
                    if props.closed {
                        <p class="muted">{ match &props.mine {
                            Some(b) => format!("您的评价：{}", b.score.label_zh()),
                            None => "您未评价此项。".to_string(),
                        } }</p>
                    } else {
                        <p class="form-actions">
                            <button type="submit" class="button" id={format!("ballot-{n}-save")} disabled={*busy || !dirty}>
                                { if *busy { "正在保存…" } else if props.mine.is_some() { "保存修改" } else { "保存评价" } }
                            </button>
                            if let Some((ok, text)) = &*status {
                                <span class={if *ok { "outcome-ok" } else { "field-error" }} role="status">{ text }</span>
                            } else if let Some(b) = &props.mine {
                                <span class="muted">{ format!("已评：{}", b.score.label_zh()) }</span>
                            }
                        </p>
                    }
                </fieldset>
            </form>
        </li>
    }
}
