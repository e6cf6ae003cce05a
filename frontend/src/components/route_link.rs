//! A link to a route, like yew-router's `Link`, that also takes `tabindex` and `aria-label`.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct RouteLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub tabindex: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    /// `aria-current` ("page", or "true" for a page within the link's section).
    #[prop_or_default]
    pub aria_current: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn RouteLink(props: &RouteLinkProps) -> Html {
    let navigator = use_navigator();
    let href = props.to.to_path();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            // Let the browser handle "open in new tab" and friends.
            if e.button() != 0 || e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
                return;
            }
            if let Some(navigator) = &navigator {
                e.prevent_default();
                navigator.push(&to);
            }
        })
    };
    html! {
        <a id={props.id.clone()} class={props.classes.clone()} {href} {onclick}
           tabindex={props.tabindex.clone()} aria-label={props.aria_label.clone()}
           aria-current={props.aria_current.clone()}>
            { props.children.clone() }
        </a>
    }
}
