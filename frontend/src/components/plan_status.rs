//! A plan's state as a tag.

use duban_shared::api::PlanStatus;
use duban_shared::year_end::FinalResult;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlanStatusTagProps {
    pub status: PlanStatus,
    /// Closed at year end (年终销号).
    #[prop_or_default]
    pub closed: bool,
}

/// 草稿 / 已发布 / 已销号, in words and colour.
#[component]
pub fn PlanStatusTag(props: &PlanStatusTagProps) -> Html {
    if props.closed {
        return html! { <span class="badge badge-closed">{ "已年终销号" }</span> };
    }
    let class = match props.status {
        PlanStatus::Draft => "badge badge-draft",
        PlanStatus::Published => "badge badge-published",
    };
    html! { <span class={class}>{ props.status.label_zh() }</span> }
}

#[derive(Properties, PartialEq)]
pub struct FinalResultTagProps {
    pub result: Option<FinalResult>,
}

/// 完成 / 基本完成 / 未完成, once the year is closed; nothing before.
#[component]
pub fn FinalResultTag(props: &FinalResultTagProps) -> Html {
    match props.result {
        Some(r) => html! { <span class={classes!("badge", format!("result-{}", r.as_str()))}>{ r.label_zh() }</span> },
        None => html! {},
    }
}
