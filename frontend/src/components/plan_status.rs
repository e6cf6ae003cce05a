//! A plan's state as a tag.

use duban_shared::api::PlanStatus;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlanStatusTagProps {
    pub status: PlanStatus,
}

/// 草稿 / 已发布, in words and colour.
#[component]
pub fn PlanStatusTag(props: &PlanStatusTagProps) -> Html {
    let class = match props.status {
        PlanStatus::Draft => "badge badge-draft",
        PlanStatus::Published => "badge badge-published",
    };
    html! { <span class={class}>{ props.status.label_zh() }</span> }
}
