//! `/items?light=red&unit=rsj&category=1&as_of=2024-07-15`: the items behind a figure of
//! the dashboard, with their lights and reasons.

use std::rc::Rc;

use duban_shared::api::ItemList;
use duban_shared::lights::Colour;
use duban_shared::summary::item_progress;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::components::bars::{colour_name, LightBadge, ProgressBar, QueryLink, COLOURS};
use crate::components::{ErrorPanel, LoadingNotice, RouteLink};
use crate::format::{date_value, date_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::query::query_string;
use crate::routes::Route;

#[component]
pub fn ItemListPage() -> Html {
    let location = use_location();
    let filter: ItemFilter = location.and_then(|l| l.query::<ItemFilter>().ok()).unwrap_or_default();
    let loaded = use_load(filter.clone(), |f: ItemFilter| async move {
        let year = api::plans::year_or_current(f.year).await?;
        Ok::<_, crate::api::ApiError>((year, api::items::items(year, &f).await?))
    });
    use_title(Some("项目清单".to_string()));
    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取项目清单" error={error.clone()} on_retry={loaded.retry.clone()} />
        },
        Load::Ready(ready) => {
            let (year, list) = &**ready;
            html! { <ItemListView year={*year} {filter} list={Rc::new(list.clone())} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ItemListViewProps {
    year: i32,
    filter: ItemFilter,
    list: Rc<ItemList>,
}

/// "红灯（严重滞后）项目" / "市医疗保障局的项目" …: what the list holds, in words.
fn describe(filter: &ItemFilter, list: &ItemList) -> String {
    let mut parts = Vec::new();
    if let Some(c) = filter.colour() {
        parts.push(format!("{}（{}）", colour_name(c), c.label_zh()));
    }
    if filter.unit.is_some() {
        if let Some(first) = list.items.first() {
            parts.push(first.lead_unit.name.clone());
        } else if let Some(u) = &filter.unit {
            parts.push(format!("单位{u}"));
        }
    }
    if let Some(cat) = filter.category {
        match list.items.first() {
            Some(first) => parts.push(crate::format::category_label(cat, &first.category_title)),
            None => parts.push(format!("第{cat}类")),
        }
    }
    if parts.is_empty() {
        "全部项目".to_string()
    } else {
        format!("{}的项目", parts.join("、"))
    }
}

#[component]
fn ItemListView(props: &ItemListViewProps) -> Html {
    let f = &props.filter;
    let list = &props.list;
    let as_of = list.items.first().map(|i| i.as_of).or(f.as_of);
    let with_light = |light: Option<Colour>| {
        query_string(&[
            ("year", Some(props.year.to_string())),
            ("light", light.map(|c| c.as_str().to_string())),
            ("unit", f.unit.clone()),
            ("category", f.category.map(|c| c.to_string())),
            ("as_of", f.as_of.map(date_value)),
        ])
        .trim_start_matches('?')
        .to_string()
    };
    let back = query_string(&[
        ("year", Some(props.year.to_string())),
        ("as_of", f.as_of.map(date_value)),
    ])
    .trim_start_matches('?')
    .to_string();
    html! {
        <div class="item-list-page">
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li><QueryLink to={Route::Dashboard} query={back}>{ "总览" }</QueryLink></li>
                    <li aria-current="page">{ "项目清单" }</li>
                </ol>
            </nav>
            <h1 id="items-title">{ describe(f, list) }</h1>
            <p class="muted" id="items-count">
                { format!("{}年民生实事，共{}项", props.year, list.total) }
                if let Some(d) = as_of {
                    { format!("，亮灯截至{}", date_zh(d)) }
                }
            </p>
            <nav class="filter-chips" aria-label="按亮灯筛选">
                <ul>
                    <li>
                        if f.light.is_none() {
                            <span class="chip chip-current" aria-current="true">{ "全部" }</span>
                        } else {
                            <QueryLink to={Route::ItemList} query={with_light(None)} classes="chip">{ "全部" }</QueryLink>
                        }
                    </li>
                    { for COLOURS.iter().map(|c| html! {
                        <li>
                            if f.colour() == Some(*c) {
                                <span class="chip chip-current" aria-current="true"><LightBadge colour={*c} /></span>
                            } else {
                                <QueryLink to={Route::ItemList} query={with_light(Some(*c))} classes="chip"><LightBadge colour={*c} /></QueryLink>
                            }
                        </li>
                    }) }
                </ul>
            </nav>
            if list.items.is_empty() {
                <p class="panel-empty">{ "没有符合条件的项目。" }</p>
            } else {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="items-title">
                    <table id="item-list" class="data-table item-list-table">
                        <caption class="visually-hidden">{ describe(f, list) }</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="num">{ "序号" }</th>
                                <th scope="col">{ "项目" }</th>
                                <th scope="col">{ "责任单位" }</th>
                                <th scope="col">{ "亮灯及原因" }</th>
                                <th scope="col">{ "完成度" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for list.items.iter().map(|i| html! {
                                <tr key={i.id} data-item={i.number.to_string()} data-light={i.light.colour.as_str()}>
                                    <td class="num">{ i.number }</td>
                                    <th scope="row" class="cell-item">
                                        <RouteLink to={Route::Item { id: i.id }}>{ &i.content }</RouteLink>
                                    </th>
                                    <td>{ &i.lead_unit.name }</td>
                                    <td class="cell-light">
                                        <LightBadge colour={i.light.colour} />
                                        <ul class="reasons">
                                            { for i.light.reasons.iter().map(|r| html! { <li>{ r }</li> }) }
                                        </ul>
                                    </td>
                                    <td class="cell-bar"><ProgressBar pct={item_progress(i)} /></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}
