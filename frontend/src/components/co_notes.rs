//! Co-units' 配合情况: the notes on an item's page (and a co-unit's own form for this month),
//! and the month's notes beside the lead unit's report form.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::co_notes::{CoNote, CoNoteInput, NewCoNote};
use duban_shared::lights::Period;
use duban_shared::rules;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::api;
use crate::error_messages::edit_error;
use crate::format::{month_zh, time_zh};
use crate::hooks::use_fetch;

fn month_of(period: &str) -> String {
    period
        .parse::<Period>()
        .map(month_zh)
        .unwrap_or_else(|_| period.to_string())
}

fn note_line(n: &CoNote) -> Html {
    html! {
        <li class="co-note" key={n.id} data-unit={n.unit.code.clone()} data-period={n.period.clone()}>
            <p class="co-note-head"><strong>{ &n.unit.name }</strong>{ format!(" · {}", month_of(&n.period)) }</p>
            <p class="co-note-text">{ &n.note }</p>
            <p class="muted small">{ format!("{} 填写于{}", n.written_by, time_zh(n.written_at)) }</p>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct CoNotesForMonthProps {
    pub item_id: i32,
    pub period: Period,
}

/// Beside the report form: what the co-units said about this month (nothing when none did).
#[component]
pub fn CoNotesForMonth(props: &CoNotesForMonthProps) -> Html {
    let notes = use_fetch(props.item_id, api::co_notes::co_notes);
    let period = props.period.to_string();
    let Some(Ok(list)) = &notes.data else { return html! {} };
    let month: Vec<&CoNote> = list.notes.iter().filter(|n| n.period == period).collect();
    if month.is_empty() {
        return html! {};
    }
    html! {
        <aside class="co-notes-aside" id="report-co-notes" aria-labelledby="report-co-notes-title">
            <h2 id="report-co-notes-title">{ format!("配合单位{}的配合情况", month_zh(props.period)) }</h2>
            <ul class="co-notes">{ for month.into_iter().map(note_line) }</ul>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct CoNotesSectionProps {
    pub item: Rc<ItemDetail>,
    /// The caller's unit is a co-unit of the item (and the year is open).
    pub may_assist: bool,
    /// The caller's unit code, to find its own note.
    #[prop_or_default]
    pub own_unit: Option<String>,
}

/// On the item's page: every co-unit's notes, newest month first; a co-unit writes or
/// rewrites its own note for this month.
#[component]
pub fn CoNotesSection(props: &CoNotesSectionProps) -> Html {
    let item = &props.item;
    let notes = use_fetch(item.id, api::co_notes::co_notes);
    // This month, or last month while its report may still be being written (within the year).
    let months: Vec<Period> = [Period::of(item.as_of), Period::of(item.as_of).prev()]
        .into_iter()
        .filter(|p| p.year == item.plan_year)
        .collect();
    let chosen = use_state(|| months.first().copied().unwrap_or(Period::of(item.as_of)));
    let this_month = *chosen;
    let text = use_state(|| None::<String>);
    let status = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let list: Vec<CoNote> = match &notes.data {
        Some(Ok(l)) => l.notes.clone(),
        _ => Vec::new(),
    };
    let own = list
        .iter()
        .find(|n| n.period == this_month.to_string() && Some(&n.unit.code) == props.own_unit.as_ref())
        .cloned();
    let shown_text = (*text)
        .clone()
        .unwrap_or_else(|| own.as_ref().map(|n| n.note.clone()).unwrap_or_default());
    let onsubmit = {
        let (text, status, busy, reload, own) = (
            text.clone(),
            status.clone(),
            busy.clone(),
            notes.reload.clone(),
            own.clone(),
        );
        let (item_id, plan_year, as_of, shown_text) = (item.id, item.plan_year, item.as_of, shown_text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let period = this_month.to_string();
            if let Err(rules::Refusal::Invalid(f)) = rules::co_notes::write(plan_year, as_of, &period, &shown_text) {
                status.set(Some((false, f[0].message.clone())));
                return;
            }
            busy.set(true);
            let (text, status, busy, reload, own, note) = (
                text.clone(),
                status.clone(),
                busy.clone(),
                reload.clone(),
                own.clone(),
                shown_text.trim().to_string(),
            );
            spawn_local(async move {
                let saved = match &own {
                    Some(n) => api::co_notes::update_co_note(n.id, n.version, &CoNoteInput { note }).await,
                    None => api::co_notes::add_co_note(item_id, &NewCoNote { period, note }).await,
                };
                match saved {
                    Ok(_) => {
                        status.set(Some((true, "已保存配合情况，牵头单位填报月报时可以看到。".to_string())));
                        text.set(None);
                        reload.emit(());
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, edit_error(&e, "该月的配合情况已被修改，请刷新后再改。")))),
                }
                busy.set(false);
            });
        })
    };
    let on_month = {
        let (chosen, text, status) = (chosen.clone(), text.clone(), status.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(p) = value.parse::<Period>() {
                chosen.set(p);
                text.set(None);
                status.set(None);
            }
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(Some(e.target_unchecked_into::<HtmlTextAreaElement>().value())))
    };
    if list.is_empty() && !props.may_assist {
        return html! {};
    }
    html! {
        <section class="item-section" aria-labelledby="co-notes-title" id="co-notes">
            <h2 id="co-notes-title">{ "配合单位配合情况" }</h2>
            if props.may_assist {
                <form class="form co-note-form" id="co-note-form" {onsubmit} novalidate=true>
                    if months.len() > 1 {
                        <div class="field">
                            <label for="co-note-period">{ "月份" }</label>
                            <select id="co-note-period" class="input" onchange={on_month}>
                                { for months.iter().map(|p| html! {
                                    <option value={p.to_string()} selected={*p == this_month}>{ month_zh(*p) }</option>
                                }) }
                            </select>
                        </div>
                    }
                    <div class="field">
                        <label for="co-note-text">{ format!("本单位{}的配合情况", month_zh(this_month)) }</label>
                        <p class="field-hint" id="co-note-hint">{ "简要写明本月配合牵头单位做了哪些工作；牵头单位填报月报时可以看到。不能修改牵头单位的月报和节点。" }</p>
                        <textarea id="co-note-text" class="input" rows="3" value={shown_text} {oninput} aria-describedby="co-note-hint" />
                    </div>
                    if let Some((ok, m)) = &*status {
                        <p class={if *ok { "status-ok" } else { "field-error" }} role="status" id="co-note-status">{ m.clone() }</p>
                    }
                    <div class="form-actions">
                        <button type="submit" class="button" id="co-note-save" disabled={*busy}>
                            { if own.is_some() { "修改配合情况" } else { "保存配合情况" } }
                        </button>
                    </div>
                </form>
            }
            if list.is_empty() {
                <p class="muted">{ "配合单位尚未填写配合情况。" }</p>
            } else {
                <ul class="co-notes" id="co-notes-list">{ for list.iter().map(note_line) }</ul>
            }
        </section>
    }
}
