//! `/admin/units`: the responsible units — add, rename or recode in place (with the unit's
//! version), and remove one that no item or account names.

use std::rc::Rc;

use duban_shared::plan_edit::{UnitEntry, UnitInput};
use yew::prelude::*;

use crate::api;
use crate::components::form::Problems;
use crate::components::office_frame::{use_outcome, OfficeFrame, StatusLine};
use crate::components::record::{record_save, removal, EditableRow, FieldSpec, PairForm, PairSave};
use crate::components::ErrorPanel;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

const UNIT_FIELDS: [FieldSpec; 2] = [
    FieldSpec {
        key: "name",
        label: "单位名称",
        hint: Some("如：市医疗保障局"),
        numeric: false,
    },
    FieldSpec {
        key: "code",
        label: "代码",
        hint: Some("1至32位小写字母、数字、下划线或连字符，用于网址和导出文件，如 ybj"),
        numeric: false,
    },
];

#[component]
pub fn UnitsPage() -> Html {
    use_title(Some("单位管理".to_string()));
    html! {
        <OfficeFrame current={Route::AdminUnits}>
            <Units />
        </OfficeFrame>
    }
}

/// The unit as typed: the body, or the name or code another unit has already. `own` is the
/// id of the one being edited.
fn unit_input(values: &[String; 2], all: &[UnitEntry], own: Option<i32>) -> Result<UnitInput, Problems> {
    let body = UnitInput {
        name: values[0].trim().to_string(),
        code: values[1].trim().to_string(),
    };
    let mut bad = Problems::new();
    let others = || all.iter().filter(|u| Some(u.id) != own);
    if others().any(|u| u.name == body.name) {
        bad.insert("name".into(), "已有同名单位".into());
    }
    if let Some(u) = others().find(|u| u.code == body.code) {
        bad.insert("code".into(), format!("代码已由“{}”使用", u.name));
    }
    if bad.is_empty() {
        Ok(body)
    } else {
        Err(bad)
    }
}

/// Adds a unit, or (with `existing`: id and version) changes one.
fn unit_save(existing: Option<(i32, i32)>, all: Rc<Vec<UnitEntry>>, on_done: Callback<(bool, String)>) -> PairSave {
    let verb = if existing.is_some() { "保存" } else { "新增" };
    record_save(
        move |values| unit_input(values, &all, existing.map(|e| e.0)),
        move |body: UnitInput| async move { api::units::save_unit(existing, &body).await },
        move |u: &UnitEntry| format!("已{verb}单位“{}”。", u.name),
        ("", "名称或代码已被其他单位使用"),
        on_done,
    )
}

#[component]
fn Units() -> Html {
    let units = use_load((), |()| api::units::units());
    let (status, on_done) = use_outcome({
        let units = units.clone();
        Callback::from(move |()| units.refresh(api::units::units()))
    });
    let body = match &*units.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取单位清单" error={e.clone()} on_retry={units.retry.clone()} /> }
        }
        Load::Ready(list) => {
            let all = Rc::new(list.units.clone());
            let row = |u: &UnitEntry| {
                let (id, version, name) = (u.id, u.version, u.name.clone());
                let remove = if u.in_use {
                    Err(AttrValue::Static("在用，不能删除"))
                } else {
                    Ok((
                        removal(
                            move || api::units::delete_unit(id, version),
                            on_done.clone(),
                            format!("已删除单位“{name}”。"),
                            format!("“{name}”已被事项、账号或督办通知使用，不能删除。"),
                        ),
                        AttrValue::from(format!("删除单位“{}”？", u.name)),
                    ))
                };
                html! {
                    <EditableRow key={id} id={format!("unit-{id}")} data_key={u.code.clone()} name={format!("（{}）", u.name)}
                        columns={6} fields={UNIT_FIELDS} values={[u.name.clone(), u.code.clone()]}
                        save={unit_save(Some((id, version)), all.clone(), on_done.clone())} {remove}
                        cells={html! {
                            <>
                                <th scope="row">{ &u.name }</th>
                                <td class="mono">{ &u.code }</td>
                                <td class="num">{ u.item_count }</td>
                                <td class="num">{ u.co_item_count }</td>
                                <td class="num">{ u.user_count }</td>
                            </>
                        }} />
                }
            };
            html! {
                <>
                    <section class="office-section" aria-labelledby="new-unit-title">
                        <h2 id="new-unit-title">{ "新增单位" }</h2>
                        // Keyed by the count, so that it starts afresh once a unit is added.
                        <PairForm key={all.len()} id="new-unit" aria_label="新增单位" fields={UNIT_FIELDS}
                            initial={[String::new(), String::new()]} submit_label="新增单位"
                            save={unit_save(None, all.clone(), on_done.clone())} />
                    </section>
                    <section class="office-section" aria-labelledby="unit-list-title">
                        <h2 id="unit-list-title">{ format!("全部单位（{}个）", all.len()) }</h2>
                        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="unit-list-title">
                            <table class="data-table" id="unit-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{ "单位名称" }</th>
                                        <th scope="col">{ "代码" }</th>
                                        <th scope="col" class="num">{ "牵头事项" }</th>
                                        <th scope="col" class="num">{ "配合事项" }</th>
                                        <th scope="col" class="num">{ "账号" }</th>
                                        <th scope="col">{ "操作" }</th>
                                    </tr>
                                </thead>
                                <tbody>{ for all.iter().map(row) }</tbody>
                            </table>
                        </div>
                    </section>
                </>
            }
        }
    };
    html! {
        <>
            <h1 id="units-title">{ "单位管理" }</h1>
            <p class="muted">{ "责任单位是事项的牵头或配合单位，也是单位账号的归属。仍有事项或账号的单位不能删除。" }</p>
            <StatusLine message={status} />
            { body }
        </>
    }
}
