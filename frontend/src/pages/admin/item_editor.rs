//! `/admin/plans/:year/items/new` and `/admin/items/:id/edit`: an item whole — number,
//! category, content, lead and co-units, the milestones (节点计划) and the indicators with a
//! target per milestone — saved at once. Targets stay lined up with the milestones as rows
//! are added, removed or moved. The server checks the rules; its problems show at the fields.

use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::api::{IndicatorKind, ItemDetail, PlanDetail};
use duban_shared::plan_edit::{IndicatorInput, ItemInput, MilestoneInput, UnitEntry};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{differences, use_save_state, ConflictPanel, Field, Problems, SelectField};
use crate::components::office_frame::{Flash, OfficeFrame, StatusLine};
use crate::components::{DateInput, ErrorPanel, LoadingNotice, RouteLink};
use crate::format::{category_label, date_value, date_words, due_zh, figure, month_day_zh, parse_figure, shorten};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

/// What the editor needs: the plan (its categories and other items), the units, and the
/// item when it exists.
struct EditorData {
    plan: Rc<PlanDetail>,
    units: Rc<Vec<UnitEntry>>,
    item: Option<Rc<ItemDetail>>,
}

async fn load(year: Option<i32>, id: Option<i32>) -> Result<EditorData, ApiError> {
    let item = match id {
        Some(id) => Some(Rc::new(api::items::item(id).await?)),
        None => None,
    };
    let year = item.as_ref().map(|i| i.plan_year).or(year).unwrap_or_default();
    let plan = api::plans::plan(year).await?;
    let units = api::units::units().await?;
    Ok(EditorData {
        plan: Rc::new(plan),
        units: Rc::new(units.units),
        item,
    })
}

#[derive(Properties, PartialEq)]
pub struct NewItemPageProps {
    pub year: i32,
}

#[component]
pub fn NewItemPage(props: &NewItemPageProps) -> Html {
    use_title(Some(format!("新增事项 · {}年计划", props.year)));
    html! {
        <OfficeFrame current={Route::AdminItemNew { year: props.year }}>
            <ItemEditor year={Some(props.year)} />
        </OfficeFrame>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditItemPageProps {
    pub id: i32,
}

#[component]
pub fn EditItemPage(props: &EditItemPageProps) -> Html {
    use_title(Some("编辑事项".to_string()));
    html! {
        <OfficeFrame current={Route::AdminItemEdit { id: props.id }}>
            <ItemEditor id={Some(props.id)} />
        </OfficeFrame>
    }
}

#[derive(Properties, PartialEq)]
struct ItemEditorProps {
    #[prop_or_default]
    year: Option<i32>,
    #[prop_or_default]
    id: Option<i32>,
}

#[component]
fn ItemEditor(props: &ItemEditorProps) -> Html {
    let loaded = use_load((props.year, props.id), |(year, id)| load(year, id));
    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(e) => html! {
            <ErrorPanel title="无法打开事项" error={e.clone()} not_found_message="未找到该计划或事项，请检查地址。"
                on_retry={loaded.retry.clone()} />
        },
        Load::Ready(data) => html! {
            <ItemForm plan={data.plan.clone()} units={data.units.clone()} item={data.item.clone()} />
        },
    }
}

// ---------- the draft ----------

#[derive(Debug, Clone, PartialEq)]
struct MilestoneRow {
    /// Stable across moves, for the list's keys.
    key: u32,
    id: Option<i32>,
    due_date: String,
    target_text: String,
    /// Completion or evidence is recorded on it (then the server keeps it: it cannot go).
    recorded: bool,
    /// The date in force when an approved extension moved it.
    moved_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
struct IndicatorRow {
    key: u32,
    id: Option<i32>,
    name: String,
    measure: String,
    kind: IndicatorKind,
    /// One per milestone row, in the same order, as typed.
    targets: Vec<String>,
}

/// The item as typed.
#[derive(Debug, Clone, PartialEq)]
struct ItemDraft {
    number: String,
    category_id: String,
    content: String,
    lead_unit_id: String,
    co_unit_ids: Vec<i32>,
    milestones: Vec<MilestoneRow>,
    indicators: Vec<IndicatorRow>,
    next_key: u32,
}

/// One change to the draft.
struct Edit(Box<dyn FnOnce(&mut ItemDraft)>);

impl Reducible for ItemDraft {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut d = (*self).clone();
        (action.0)(&mut d);
        Rc::new(d)
    }
}

impl ItemDraft {
    /// A new item: the next number, the first category, one empty milestone.
    fn blank(plan: &PlanDetail) -> Self {
        let mut d = ItemDraft {
            number: (plan.items().map(|i| i.number).max().unwrap_or(0) + 1).to_string(),
            category_id: plan.categories.first().map(|c| c.id.to_string()).unwrap_or_default(),
            content: String::new(),
            lead_unit_id: String::new(),
            co_unit_ids: Vec::new(),
            milestones: Vec::new(),
            indicators: Vec::new(),
            next_key: 0,
        };
        d.add_milestone();
        d
    }

    fn of(item: &ItemDetail, plan: &PlanDetail) -> Self {
        let category = plan.categories.iter().find(|c| c.ordinal == item.category_ordinal);
        let input = ItemInput::from_detail(item, category.map_or(0, |c| c.id));
        let milestones: Vec<MilestoneRow> = item
            .milestones
            .iter()
            .zip(0..)
            .map(|(m, key)| MilestoneRow {
                key,
                id: Some(m.id),
                due_date: date_value(m.original_due_date),
                target_text: m.target_text.clone(),
                recorded: m.completed_on.is_some() || !m.evidence.is_empty(),
                moved_to: (m.due_date != m.original_due_date).then_some(m.due_date),
            })
            .collect();
        let first_indicator_key = milestones.len() as u32;
        let indicators: Vec<IndicatorRow> = input
            .indicators
            .into_iter()
            .zip(first_indicator_key..)
            .map(|(ind, key)| IndicatorRow {
                key,
                id: ind.id,
                name: ind.name,
                measure: ind.measure,
                kind: ind.kind,
                targets: ind.targets.iter().map(|t| t.map(figure).unwrap_or_default()).collect(),
            })
            .collect();
        let next_key = first_indicator_key + indicators.len() as u32;
        ItemDraft {
            number: input.number.to_string(),
            category_id: category.map(|c| c.id.to_string()).unwrap_or_default(),
            content: input.content,
            lead_unit_id: input.lead_unit_id.to_string(),
            co_unit_ids: input.co_unit_ids,
            milestones,
            indicators,
            next_key,
        }
    }

    fn key(&mut self) -> u32 {
        self.next_key += 1;
        self.next_key
    }

    fn add_milestone(&mut self) {
        let key = self.key();
        self.milestones.push(MilestoneRow {
            key,
            id: None,
            due_date: String::new(),
            target_text: String::new(),
            recorded: false,
            moved_to: None,
        });
        for ind in &mut self.indicators {
            ind.targets.push(String::new());
        }
    }

    fn remove_milestone(&mut self, i: usize) {
        if i < self.milestones.len() {
            self.milestones.remove(i);
            for ind in &mut self.indicators {
                ind.targets.remove(i);
            }
        }
    }

    /// Swaps milestone `i` with the next one, targets and all.
    fn swap_milestones(&mut self, i: usize) {
        if i + 1 < self.milestones.len() {
            self.milestones.swap(i, i + 1);
            for ind in &mut self.indicators {
                ind.targets.swap(i, i + 1);
            }
        }
    }

    fn add_indicator(&mut self) {
        let key = self.key();
        self.indicators.push(IndicatorRow {
            key,
            id: None,
            name: String::new(),
            measure: String::new(),
            kind: IndicatorKind::Cumulative,
            targets: vec![String::new(); self.milestones.len()],
        });
    }

    /// The body to send, or what is not even a number, a date or a choice (the rules are the
    /// server's to check). `own` is the item's id when it exists.
    fn input(&self, plan: &PlanDetail, own: Option<i32>) -> Result<ItemInput, Problems> {
        let mut bad = Problems::new();
        let number = match self.number.trim().parse::<i32>() {
            Ok(n) => {
                if let Some(other) = plan.items().find(|i| i.number == n && Some(i.id) != own) {
                    bad.insert(
                        "number".into(),
                        format!("第{n}项已存在（{}）", shorten(&other.content, 20)),
                    );
                }
                n
            }
            Err(_) => {
                bad.insert("number".into(), "请填写数字".into());
                0
            }
        };
        let category_id = self.category_id.parse::<i32>().unwrap_or_else(|_| {
            bad.insert("category_id".into(), "请选择分类".into());
            0
        });
        let lead_unit_id = self.lead_unit_id.parse::<i32>().unwrap_or_else(|_| {
            bad.insert("lead_unit_id".into(), "请选择责任单位".into());
            0
        });
        let mut milestones = Vec::new();
        for (i, m) in self.milestones.iter().enumerate() {
            match m.due_date.trim().parse::<NaiveDate>() {
                Ok(due_date) => milestones.push(MilestoneInput {
                    id: m.id,
                    due_date,
                    target_text: m.target_text.trim().to_string(),
                }),
                Err(_) => {
                    bad.insert(format!("milestones[{i}].due_date"), "请填写日期".into());
                }
            }
        }
        let mut indicators = Vec::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let mut targets = Vec::new();
            for (j, t) in ind.targets.iter().enumerate() {
                match parse_figure(t) {
                    Ok(v) => targets.push(v),
                    Err(()) => {
                        bad.insert(
                            format!("indicators[{i}].targets"),
                            format!("节点{}的目标值不是数字", j + 1),
                        );
                    }
                }
            }
            indicators.push(IndicatorInput {
                id: ind.id,
                name: ind.name.trim().to_string(),
                measure: ind.measure.trim().to_string(),
                kind: ind.kind,
                targets,
            });
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(ItemInput {
            category_id,
            number,
            content: self.content.trim().to_string(),
            lead_unit_id,
            co_unit_ids: self
                .co_unit_ids
                .iter()
                .copied()
                .filter(|u| *u != lead_unit_id)
                .collect(),
            milestones,
            indicators,
        })
    }

    /// (label, value) of every part, in words, for comparing two versions.
    fn labelled(&self, plan: &PlanDetail, units: &[UnitEntry]) -> Vec<(&'static str, String)> {
        let unit = |id: &str| {
            units
                .iter()
                .find(|u| u.id.to_string() == id)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        };
        let category = plan
            .categories
            .iter()
            .find(|c| c.id.to_string() == self.category_id)
            .map(|c| category_label(c.ordinal, &c.title))
            .unwrap_or_default();
        let co: Vec<String> = self.co_unit_ids.iter().map(|id| unit(&id.to_string())).collect();
        let milestones: Vec<String> = self
            .milestones
            .iter()
            .map(|m| format!("{} {}", date_words(&m.due_date), m.target_text))
            .collect();
        let indicators: Vec<String> = self
            .indicators
            .iter()
            .map(|i| format!("{}（{}）：{}", i.name, i.measure, i.targets.join(" / ")))
            .collect();
        vec![
            ("序号", self.number.clone()),
            ("分类", category),
            ("具体内容", self.content.clone()),
            ("责任单位", unit(&self.lead_unit_id)),
            ("配合单位", co.join("、")),
            ("节点计划", milestones.join("\n")),
            ("量化指标", indicators.join("\n")),
        ]
    }
}

/// A callback that applies `f` with the control's new text.
fn on_text(draft: &UseReducerHandle<ItemDraft>, f: impl Fn(&mut ItemDraft, String) + 'static) -> Callback<String> {
    let draft = draft.clone();
    let f = Rc::new(f);
    Callback::from(move |v: String| {
        let f = f.clone();
        draft.dispatch(Edit(Box::new(move |d| f(d, v))));
    })
}

/// A button's callback that applies `f`.
fn on_click(draft: &UseReducerHandle<ItemDraft>, f: impl Fn(&mut ItemDraft) + 'static) -> Callback<MouseEvent> {
    let draft = draft.clone();
    let f = Rc::new(f);
    Callback::from(move |_: MouseEvent| {
        let f = f.clone();
        draft.dispatch(Edit(Box::new(move |d| f(d))));
    })
}

/// An input in a table cell, named by `label` (the column and row say what it is).
fn cell_input(
    id: String,
    label: String,
    value: &str,
    error_id: Option<&str>,
    kind: &'static str,
    cb: Callback<String>,
) -> Html {
    if kind == "date" {
        return html! {
            <DateInput {id} value={value.to_string()} label={label} invalid={error_id.is_some()}
                described_by={error_id.map(str::to_string)} oninput={cb} />
        };
    }
    let inputmode = (kind == "figure").then_some("decimal");
    let kind = if kind == "figure" { "text" } else { kind };
    html! {
        <input {id} class="input" type={kind} inputmode={inputmode} autocomplete="off" aria-label={label}
            value={value.to_string()} aria-invalid={error_id.is_some().then_some("true")}
            aria-describedby={error_id.map(str::to_string)}
            oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
    }
}

// ---------- the form ----------

#[derive(Properties, PartialEq)]
struct ItemFormProps {
    plan: Rc<PlanDetail>,
    units: Rc<Vec<UnitEntry>>,
    item: Option<Rc<ItemDetail>>,
}

#[component]
fn ItemForm(props: &ItemFormProps) -> Html {
    let plan = props.plan.clone();
    let units = props.units.clone();
    let (init_plan, init_item) = (plan.clone(), props.item.clone());
    let draft = use_reducer(move || match &init_item {
        Some(item) => ItemDraft::of(item, &init_plan),
        None => ItemDraft::blank(&init_plan),
    });
    let save = use_save_state::<ItemDetail>();
    // The item's version being edited (a conflict moves it on when the user keeps theirs).
    let version = use_state(|| props.item.as_ref().map(|i| i.version));
    let navigator = use_navigator();
    let year = plan.year;
    let item_id = props.item.as_ref().map(|i| i.id);

    let onsubmit = {
        let (draft, save, version, plan) = (draft.clone(), save.clone(), version.clone(), plan.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !save.can_save() {
                return;
            }
            let body = match draft.input(&plan, item_id) {
                Ok(body) => body,
                Err(bad) => return save.refuse("item-form", bad),
            };
            let (existing, number, navigator) = (item_id.zip(*version), body.number, navigator.clone());
            save.send(
                "item-form",
                async move { api::items::save_item(year, existing, &body).await },
                api::items::item(item_id.unwrap_or_default()),
                save_refusal,
                move |_: ItemDetail| {
                    if let Some(n) = &navigator {
                        n.push_with_state(&Route::AdminPlan { year }, Flash(format!("已保存第{number}项。")));
                    }
                },
            );
        })
    };

    let conflict_panel = save.conflict.as_ref().map(|latest| {
        let differences = differences(
            draft.labelled(&plan, &units),
            ItemDraft::of(latest, &plan).labelled(&plan, &units),
        );
        let keep = {
            let (save, version, latest) = (save.clone(), version.clone(), latest.clone());
            Callback::from(move |()| {
                version.set(Some(latest.version));
                save.resolve(true);
            })
        };
        let take = {
            let (save, version, draft, latest, plan) = (
                save.clone(),
                version.clone(),
                draft.clone(),
                latest.clone(),
                plan.clone(),
            );
            Callback::from(move |()| {
                let fresh = ItemDraft::of(&latest, &plan);
                draft.dispatch(Edit(Box::new(move |d| *d = fresh)));
                version.set(Some(latest.version));
                save.resolve(false);
            })
        };
        html! {
            <ConflictPanel id="item-conflict" what="此事项" {differences}
                on_keep_mine={keep} on_take_theirs={take} />
        }
    });

    let errors = &save.errors;
    let title = match &props.item {
        Some(item) => format!("编辑第{}项", item.number),
        None => "新增事项".to_string(),
    };

    html! {
        <div class="item-editor" data-year={year.to_string()}>
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li><RouteLink to={Route::AdminPlans}>{ "计划管理" }</RouteLink></li>
                    <li><RouteLink to={Route::AdminPlan { year }}>{ format!("{year}年计划") }</RouteLink></li>
                    <li aria-current="page">{ title.clone() }</li>
                </ol>
            </nav>
            <h1 id="item-editor-title">{ title }</h1>
            { for conflict_panel }
            <form class="form item-form" id="item-form" novalidate=true {onsubmit} aria-labelledby="item-editor-title">
                <ItemBasics draft={draft.clone()} errors={(**errors).clone()} plan={plan.clone()} units={units.clone()} />
                <MilestoneTable draft={draft.clone()} errors={(**errors).clone()} {year} />
                <IndicatorTable draft={draft.clone()} errors={(**errors).clone()} />
                <div class="form-actions item-actions">
                    <StatusLine message={(*save.status).clone()} />
                    <button id="item-save" type="submit" class="button" disabled={!save.can_save()}>
                        { if *save.busy { "正在保存…" } else { "保存事项" } }
                    </button>
                    <RouteLink to={Route::AdminPlan { year }} classes="button button-secondary">{ "返回计划（不保存）" }</RouteLink>
                </div>
            </form>
        </div>
    }
}

/// A 409 on save: a number taken, or rows removed that have records behind them.
fn save_refusal(e: &ApiError) -> (Problems, String) {
    if e.detail.contains("number") {
        (
            Problems::from([("number".to_string(), "该序号已被本计划的其他事项使用".to_string())]),
            "保存未成功，请按提示修改。".to_string(),
        )
    } else {
        (
            Problems::new(),
            "保存未成功：被删去的节点或指标已有完成记录、佐证材料或月报数值，不能删除。请保留这些行后再保存。"
                .to_string(),
        )
    }
}

#[derive(Properties, PartialEq)]
struct ItemBasicsProps {
    draft: UseReducerHandle<ItemDraft>,
    errors: Problems,
    plan: Rc<PlanDetail>,
    units: Rc<Vec<UnitEntry>>,
}

/// 基本信息: number, category, content, the lead unit and the co-units.
#[component]
fn ItemBasics(props: &ItemBasicsProps) -> Html {
    let draft = &props.draft;
    let d = &**draft;
    let err = |k: &str| props.errors.get(k).cloned();
    let categories: Vec<(String, String)> = props
        .plan
        .categories
        .iter()
        .map(|c| (c.id.to_string(), category_label(c.ordinal, &c.title)))
        .collect();
    let unit_options: Vec<(String, String)> = props.units.iter().map(|u| (u.id.to_string(), u.name.clone())).collect();
    let co_units = props
        .units
        .iter()
        .filter(|u| u.id.to_string() != d.lead_unit_id)
        .map(|u| {
            let id = u.id;
            let checked = d.co_unit_ids.contains(&id);
            let onchange = {
                let draft = draft.clone();
                Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    draft.dispatch(Edit(Box::new(move |d| {
                        d.co_unit_ids.retain(|u| *u != id);
                        if on {
                            d.co_unit_ids.push(id);
                        }
                    })));
                })
            };
            html! {
                <li key={id}>
                    <input type="checkbox" id={format!("co-unit-{id}")} value={id.to_string()} {checked} {onchange} />
                    <label for={format!("co-unit-{id}")}>{ &u.name }</label>
                </li>
            }
        });
    html! {
        <section class="office-section" aria-labelledby="item-basics-title">
            <h2 id="item-basics-title">{ "基本信息" }</h2>
            <div class="grid-form">
                <Field id="item-number" label="序号" inputmode="numeric" value={d.number.clone()}
                    oninput={on_text(draft, |d, v| d.number = v)} error={err("number")} />
                <SelectField id="item-category" label="项目分类" value={d.category_id.clone()} options={categories}
                    placeholder="请选择分类" onchange={on_text(draft, |d, v| d.category_id = v)} error={err("category_id")} />
                <Field id="item-content" label="具体内容" rows={4_u32} value={d.content.clone()}
                    oninput={on_text(draft, |d, v| d.content = v)} hint="按通知原文填写"
                    error={err("content")} classes="field-wide" />
                <SelectField id="item-lead-unit" label="责任单位" value={d.lead_unit_id.clone()} options={unit_options}
                    placeholder="请选择责任单位" onchange={on_text(draft, |d, v| d.lead_unit_id = v)} error={err("lead_unit_id")} />
                <fieldset class="field co-unit-fieldset field-wide"
                    aria-describedby={err("co_unit_ids").map(|_| "co-units-error")}>
                    <legend>{ "配合单位（选填）" }</legend>
                    <ul class="checkbox-list">{ for co_units }</ul>
                    if let Some(e) = err("co_unit_ids") { <p id="co-units-error" class="field-error">{ e }</p> }
                </fieldset>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    draft: UseReducerHandle<ItemDraft>,
    errors: Problems,
    #[prop_or_default]
    year: i32,
}

/// 节点计划: a row per milestone (date, target as worded), in date order.
#[component]
fn MilestoneTable(props: &TableProps) -> Html {
    let draft = &props.draft;
    let d = &**draft;
    let errors = &props.errors;
    let general = errors.get("milestones").cloned();
    let count = d.milestones.len();
    let rows = d.milestones.iter().enumerate().map(|(i, m)| {
        let n = i + 1;
        let date_error = errors.get(&format!("milestones[{i}].due_date")).cloned();
        let text_error = errors.get(&format!("milestones[{i}].target_text")).cloned();
        let date_error_id = format!("milestone-{i}-date-error");
        let text_error_id = format!("milestone-{i}-text-error");
        html! {
            <tr key={m.key} data-milestone={n.to_string()}>
                <th scope="row">
                    { format!("节点{n}") }
                    if m.recorded { <span class="flag flag-done">{ "已有完成记录" }</span> }
                </th>
                <td class={classes!("cell-date", date_error.is_some().then_some("field-invalid"))} data-label="完成时限">
                    { cell_input(format!("milestone-{i}-date"), format!("节点{n}日期"), &m.due_date,
                        date_error.is_some().then_some(date_error_id.as_str()), "date",
                        on_text(draft, move |d, v| if let Some(m) = d.milestones.get_mut(i) { m.due_date = v })) }
                    if let Some(moved) = m.moved_to {
                        <p class="field-hint">{ format!("已批准延期至{}", month_day_zh(moved)) }</p>
                    }
                    if let Some(e) = date_error { <p id={date_error_id.clone()} class="field-error">{ e }</p> }
                </td>
                <td class={classes!("cell-text", text_error.is_some().then_some("field-invalid"))} data-label="节点目标（通知原文）">
                    { cell_input(format!("milestone-{i}-text"), format!("节点{n}目标"), &m.target_text,
                        text_error.is_some().then_some(text_error_id.as_str()), "text",
                        on_text(draft, move |d, v| if let Some(m) = d.milestones.get_mut(i) { m.target_text = v })) }
                    if let Some(e) = text_error { <p id={text_error_id.clone()} class="field-error">{ e }</p> }
                </td>
                <td class="cell-actions">
                    <button type="button" class="button button-secondary button-small" disabled={i == 0}
                        aria-label={format!("上移节点{n}")} onclick={on_click(draft, move |d| if i > 0 { d.swap_milestones(i - 1) })}>{ "上移" }</button>
                    <button type="button" class="button button-secondary button-small" disabled={i + 1 == count}
                        aria-label={format!("下移节点{n}")} onclick={on_click(draft, move |d| d.swap_milestones(i))}>{ "下移" }</button>
                    <button type="button" id={format!("milestone-{i}-remove")} class="button button-danger button-small"
                        aria-label={format!("删除节点{n}")} onclick={on_click(draft, move |d| d.remove_milestone(i))}>{ "删除" }</button>
                </td>
            </tr>
        }
    });
    html! {
        <section class="office-section" aria-labelledby="milestone-title">
            <h2 id="milestone-title">{ "节点计划" }</h2>
            <p class="field-hint" id="milestone-hint">
                { format!("按日期先后排列，日期须在{}年内；目标按通知原文填写，如“6月30日前，完成3000人”。", props.year) }
            </p>
            if let Some(e) = general { <p id="milestones-error" class="field-error" role="alert">{ e }</p> }
            if count > 0 {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="milestone-title">
                    <table class="data-table editor-table" id="milestone-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "节点" }</th>
                                <th scope="col">{ "完成时限" }</th>
                                <th scope="col">{ "节点目标（通知原文）" }</th>
                                <th scope="col">{ "操作" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            <p>
                <button type="button" id="add-milestone" class="button button-secondary"
                    onclick={on_click(draft, |d| d.add_milestone())}>{ "添加节点" }</button>
            </p>
        </section>
    }
}

/// 量化指标: a row per indicator, with a target cell under each milestone.
#[component]
fn IndicatorTable(props: &TableProps) -> Html {
    let draft = &props.draft;
    let d = &**draft;
    let errors = &props.errors;
    let general = errors.get("indicators").cloned();
    let columns = 4 + d.milestones.len();
    let rows = d.indicators.iter().enumerate().map(|(i, ind)| {
        let n = i + 1;
        let problems: Vec<(String, &str)> = [("name", "名称"), ("measure", "计量单位"), ("targets", "目标值")]
            .into_iter()
            .filter_map(|(field, label)| errors.get(&format!("indicators[{i}].{field}")).map(|m| (format!("{label}：{m}"), field)))
            .collect();
        let error_id = format!("indicator-{i}-error");
        let flagged = |field: &str| problems.iter().any(|(_, f)| *f == field).then_some(error_id.as_str());
        let kind_change = {
            let draft = draft.clone();
            Callback::from(move |e: Event| {
                let kind = IndicatorKind::parse(&e.target_unchecked_into::<HtmlSelectElement>().value())
                    .unwrap_or(IndicatorKind::Cumulative);
                draft.dispatch(Edit(Box::new(move |d| {
                    if let Some(ind) = d.indicators.get_mut(i) {
                        ind.kind = kind;
                    }
                })));
            })
        };
        let targets = ind.targets.iter().enumerate().map(|(j, t)| {
            let due = d.milestones.get(j).and_then(|m| m.due_date.parse::<NaiveDate>().ok());
            let label = format!(
                "指标{n}在节点{}{}的目标值",
                j + 1,
                due.map(|d| format!("（{}）", due_zh(d))).unwrap_or_default()
            );
            html! {
                <td class="cell-target" data-label={format!("节点{}目标", j + 1)}>
                    { cell_input(format!("indicator-{i}-target-{j}"), label, t, flagged("targets"), "figure",
                        on_text(draft, move |d, v| {
                            if let Some(t) = d.indicators.get_mut(i).and_then(|ind| ind.targets.get_mut(j)) {
                                *t = v;
                            }
                        })) }
                </td>
            }
        });
        html! {
            <tbody key={ind.key}>
                <tr data-indicator={n.to_string()} class={classes!((!problems.is_empty()).then_some("row-invalid"))}>
                    <td data-label="指标名称">{ cell_input(format!("indicator-{i}-name"), format!("指标{n}名称"), &ind.name, flagged("name"), "text",
                        on_text(draft, move |d, v| if let Some(ind) = d.indicators.get_mut(i) { ind.name = v })) }</td>
                    <td class="cell-measure" data-label="计量单位">{ cell_input(format!("indicator-{i}-measure"), format!("指标{n}计量单位"), &ind.measure,
                        flagged("measure"), "text", on_text(draft, move |d, v| if let Some(ind) = d.indicators.get_mut(i) { ind.measure = v })) }</td>
                    <td data-label="类型">
                        <select id={format!("indicator-{i}-kind")} class="input" aria-label={format!("指标{n}类型")} onchange={kind_change}>
                            <option value="cumulative" selected={ind.kind == IndicatorKind::Cumulative}>{ "累计数" }</option>
                            <option value="rate" selected={ind.kind == IndicatorKind::Rate}>{ "比率（%）" }</option>
                        </select>
                    </td>
                    { for targets }
                    <td class="cell-actions">
                        <button type="button" id={format!("indicator-{i}-remove")} class="button button-danger button-small"
                            aria-label={format!("删除指标{n}")} onclick={on_click(draft, move |d| if i < d.indicators.len() { d.indicators.remove(i); })}>{ "删除" }</button>
                    </td>
                </tr>
                if !problems.is_empty() {
                    <tr class="row-problems">
                        <td colspan={columns.to_string()}>
                            <p id={error_id.clone()} class="field-error">
                                { format!("指标{n}：{}", problems.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join("；")) }
                            </p>
                        </td>
                    </tr>
                }
            </tbody>
        }
    });
    html! {
        <section class="office-section" aria-labelledby="indicator-title">
            <h2 id="indicator-title">{ "量化指标" }</h2>
            <p class="field-hint">
                { "填写每个指标在各节点应达到的累计目标；通知未规定数值的节点留空。最后一个数值即全年目标。比率填百分数（0–100）。没有量化指标的事项可不填。" }
            </p>
            if let Some(e) = general { <p id="indicators-error" class="field-error" role="alert">{ e }</p> }
            if !d.indicators.is_empty() {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="indicator-title">
                    <table class="data-table editor-table" id="indicator-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "指标名称" }</th>
                                <th scope="col">{ "计量单位" }</th>
                                <th scope="col">{ "类型" }</th>
                                { for d.milestones.iter().enumerate().map(|(j, m)| {
                                    let due = m.due_date.parse::<NaiveDate>().ok();
                                    html! {
                                        <th scope="col" key={m.key}>
                                            { format!("节点{}", j + 1) }
                                            if let Some(due) = due { <span class="th-sub">{ due_zh(due) }</span> }
                                        </th>
                                    }
                                }) }
                                <th scope="col">{ "操作" }</th>
                            </tr>
                        </thead>
                        { for rows }
                    </table>
                </div>
            }
            <p>
                <button type="button" id="add-indicator" class="button button-secondary"
                    onclick={on_click(draft, |d| d.add_indicator())}>{ "添加指标" }</button>
            </p>
        </section>
    }
}
