//! Small pieces of the unit workspace: the light with its reasons, report and notice states.

use duban_shared::lights::Light;
use duban_shared::reporting::ReportState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LightBadgeProps {
    pub light: Light,
    /// Show every reason (the item page) rather than the first (lists).
    #[prop_or_default]
    pub all_reasons: bool,
}

/// The colour as a dot and its label, never the colour alone, and the reasons beside it.
#[component]
pub fn LightBadge(props: &LightBadgeProps) -> Html {
    let colour = props.light.colour;
    let badge = html! {
        <span class={classes!("light", format!("light-{}", colour.as_str()))} data-light={colour.as_str()}>
            <span class="light-dot" aria-hidden="true"></span>
            <span class="visually-hidden">{ "亮灯：" }</span>
            { colour.label_zh() }
        </span>
    };
    if props.all_reasons {
        html! {
            <div class="light-box">
                { badge }
                <ul class="light-reasons">
                    { for props.light.reasons.iter().map(|r| html! { <li>{ r }</li> }) }
                </ul>
            </div>
        }
    } else {
        html! {
            <span class="light-line">
                { badge }
                if let Some(first) = props.light.reasons.first() {
                    <span class="light-reason">{ first }</span>
                }
            </span>
        }
    }
}

/// A report's state as a tag; `None` is a month not started.
#[component]
pub fn ReportStateTag(props: &ReportStateTagProps) -> Html {
    let (class, label) = match props.state {
        None => ("tag tag-missing", "未填报"),
        Some(ReportState::Draft) => ("tag tag-draft", "草稿未报送"),
        Some(ReportState::Submitted) => ("tag tag-in", "已报送"),
        Some(ReportState::Accepted) => ("tag tag-done", "已采纳"),
        Some(ReportState::Returned) => ("tag tag-returned", "已退回"),
    };
    html! { <span class={class}>{ label }</span> }
}

#[derive(Properties, PartialEq)]
pub struct ReportStateTagProps {
    pub state: Option<ReportState>,
}

/// A unit page's panel for a unit that leads no item in this year's plan.
pub fn no_items_panel(title_id: &str, title: &str) -> Html {
    html! {
        <section class="panel" aria-labelledby={title_id.to_string()}>
            <h1 id={title_id.to_string()}>{ title.to_string() }</h1>
            <p>{ "本单位在当前年度计划中没有牵头负责的项目。" }</p>
        </section>
    }
}
