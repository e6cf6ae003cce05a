//! 年终销号 in the plan editor: each item's final result (完成 / 基本完成 / 未完成) and a note,
//! asked once more before the year is closed; a closed year shows its results, read-only.

use std::collections::HashMap;
use std::rc::Rc;

use duban_shared::api::{ItemDetail, PlanDetail};
use duban_shared::lights::Colour;
use duban_shared::rules;
use duban_shared::year_end::{CloseInput, FinalResult, FinalTally, ItemResultInput};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api;
use crate::components::record::{Action, ConfirmButton};
use crate::components::FinalResultTag;
use crate::error_messages::edit_error;
use crate::format::{shorten, time_zh};

/// The columns of both results tables: the one being filled in and the one closed.
fn results_head() -> Html {
    html! {
        <thead>
            <tr>
                <th scope="col" class="num">{ "序号" }</th>
                <th scope="col">{ "事项" }</th>
                <th scope="col">{ "年终结果" }</th>
                <th scope="col">{ "说明" }</th>
            </tr>
        </thead>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClosePanelProps {
    pub plan: Rc<PlanDetail>,
    pub on_closed: Callback<PlanDetail>,
    pub on_status: Callback<(bool, String)>,
}

/// A completed item (blue) is offered as 完成; the rest wait for the office's choice.
fn proposed(item: &ItemDetail) -> Option<FinalResult> {
    (item.light.colour == Colour::Blue).then_some(FinalResult::Done)
}

#[component]
pub fn ClosePanel(props: &ClosePanelProps) -> Html {
    let plan = props.plan.clone();
    let choices = use_state(|| {
        plan.items()
            .map(|i| (i.id, (proposed(i), String::new())))
            .collect::<HashMap<i32, (Option<FinalResult>, String)>>()
    });
    let problem = use_state(|| None::<String>);
    let (year, version) = (plan.year, plan.version);
    let set_result = |id: i32| {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*choices).clone();
            next.entry(id).or_default().0 = FinalResult::parse(&value);
            choices.set(next);
        })
    };
    let set_note = |id: i32| {
        let choices = choices.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*choices).clone();
            next.entry(id).or_default().1 = value;
            choices.set(next);
        })
    };
    let close = {
        let (choices, problem, plan) = (choices.clone(), problem.clone(), plan.clone());
        let (on_closed, on_status) = (props.on_closed.clone(), props.on_status.clone());
        Action::new(move |()| {
            let (choices, problem, plan) = (choices.clone(), problem.clone(), plan.clone());
            let (on_closed, on_status) = (on_closed.clone(), on_status.clone());
            async move {
                let mut results = Vec::new();
                for item in plan.items() {
                    let (result, note) = choices.get(&item.id).cloned().unwrap_or_default();
                    let Some(result) = result else {
                        problem.set(Some(format!("第{}项还没有选择年终结果", item.number)));
                        return;
                    };
                    results.push(ItemResultInput {
                        item_id: item.id,
                        result,
                        note: note.trim().to_string(),
                    });
                }
                let body = CloseInput { results };
                let ids: Vec<i32> = plan.items().map(|i| i.id).collect();
                // The same rule the server keeps, in the same words, before anything is sent.
                if let Err(rules::Refusal::Invalid(fields)) = rules::year_end::close(true, false, &ids, &body) {
                    let at = fields[0]
                        .field
                        .split(['[', ']'])
                        .nth(1)
                        .and_then(|i| i.parse::<usize>().ok());
                    let number = at
                        .and_then(|i| plan.items().nth(i))
                        .map(|i| format!("第{}项：", i.number));
                    problem.set(Some(format!("{}{}", number.unwrap_or_default(), fields[0].message)));
                    return;
                }
                problem.set(None);
                match api::plans::close_plan(year, version, &body).await {
                    Ok(p) => {
                        on_closed.emit(p);
                        on_status.emit((
                            true,
                            format!("{year}年计划已年终销号。计划转为只读，结果已显示在总览和导出中。"),
                        ));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => on_status.emit((false, edit_error(&e, "该计划已年终销号或已被他人修改，请刷新。"))),
                }
            }
        })
    };
    html! {
        <section class="office-section close-panel" id="close-section" aria-labelledby="close-title">
            <h2 id="close-title">{ "年终销号" }</h2>
            <p>{ "年终时为每个事项确定结果：完成、基本完成或未完成（后两者须说明原因）。销号后本年度计划转为只读，任何单位不能再报送或修改，结果显示在总览和导出中，并长期保留可查。" }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="close-title">
                <table class="data-table close-table stack-table" id="close-table">
                    { results_head() }
                    <tbody>
                        { for plan.items().map(|item| {
                            let (result, note) = choices.get(&item.id).cloned().unwrap_or_default();
                            let select_id = format!("result-{}", item.number);
                            let note_id = format!("result-note-{}", item.number);
                            html! {
                                <tr key={item.id}>
                                    <th scope="row" class="num">{ item.number }</th>
                                    <td data-label="事项">{ shorten(&item.content, 40) }<div class="muted small">{ &item.lead_unit.name }</div></td>
                                    <td data-label="年终结果">
                                        <label class="visually-hidden" for={select_id.clone()}>{ format!("第{}项年终结果", item.number) }</label>
                                        <select id={select_id} class="input" onchange={set_result(item.id)}>
                                            <option value="" selected={result.is_none()}>{ "请选择" }</option>
                                            { for FinalResult::ALL.iter().map(|r| html! {
                                                <option value={r.as_str()} selected={result == Some(*r)}>{ r.label_zh() }</option>
                                            }) }
                                        </select>
                                    </td>
                                    <td data-label="说明">
                                        <label class="visually-hidden" for={note_id.clone()}>{ format!("第{}项说明", item.number) }</label>
                                        <input id={note_id} class="input" value={note} oninput={set_note(item.id)}
                                            placeholder={if result.is_some_and(|r| r != FinalResult::Done) { "请说明原因" } else { "可不填" }} />
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(p) = &*problem { <p class="field-error" id="close-problem" role="alert">{ p.clone() }</p> }
            <div class="form-actions">
                <ConfirmButton id="close-plan" label="年终销号" danger={false}
                    question={format!("确认{year}年计划年终销号？销号后计划只读，不能撤回。")} confirm_label="确认销号" action={close} />
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct FinalResultsProps {
    pub plan: Rc<PlanDetail>,
}

/// A closed year: when, how many ended each way, and every item's result.
#[component]
pub fn FinalResults(props: &FinalResultsProps) -> Html {
    let plan = &props.plan;
    let tally = FinalTally::of(plan.items().filter_map(|i| i.final_result));
    html! {
        <section class="office-section" id="final-results" aria-labelledby="final-title">
            <h2 id="final-title">{ "年终销号结果" }</h2>
            <p class="readonly-note" id="plan-closed-note">
                { format!("本计划已于{}年终销号，只能查看：完成{}项，基本完成{}项，未完成{}项。",
                    plan.closed_at.map(time_zh).unwrap_or_default(), tally.done, tally.mostly_done, tally.not_done) }
            </p>
            <FinalResultTable plan={plan.clone()} />
        </section>
    }
}

/// Every item's final result and note (the editor's closed view, the plan page).
#[component]
pub fn FinalResultTable(props: &FinalResultsProps) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="年终结果">
            <table class="data-table stack-table" id="final-results-table">
                    { results_head() }
                <tbody>
                    { for props.plan.items().map(|item| html! {
                        <tr key={item.id} data-result={item.final_result.map(|r| r.as_str())}>
                            <th scope="row" class="num">{ item.number }</th>
                            <td data-label="事项">{ shorten(&item.content, 40) }</td>
                            <td data-label="年终结果"><FinalResultTag result={item.final_result} /></td>
                            <td data-label="说明">{ &item.final_note }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
