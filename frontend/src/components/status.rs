//! What a page shows while its data is on the way, or when it could not be had.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::routes::Route;

/// A plain "正在加载…" line, for pages too small to need a skeleton.
#[component]
pub fn LoadingNotice() -> Html {
    html! {
        // A heading, so that even a page that is still loading has its one h1.
        <div class="loading-notice" role="status"><h1>{ "正在加载…" }</h1></div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    /// What could not be done, e.g. "无法获取年度计划".
    pub title: AttrValue,
    pub error: ApiError,
    /// Shown as a 重试 button; not offered for "not found", where trying again cannot help.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
    /// Replaces the error's own message for "not found", which can say what was missing.
    #[prop_or_default]
    pub not_found_message: Option<AttrValue>,
    /// Offer a 返回首页 link (not on the home page itself).
    #[prop_or(true)]
    pub home_link: bool,
}

#[component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let not_found = props.error.is_not_found();
    let message = match (&props.not_found_message, not_found) {
        (Some(m), true) => m.to_string(),
        _ => props.error.message.clone(),
    };
    let retry = props.on_retry.as_ref().filter(|_| !not_found).map(|cb| {
        let cb = cb.clone();
        html! {
            <button type="button" class="button" onclick={Callback::from(move |_: MouseEvent| cb.emit(()))}>
                { "重试" }
            </button>
        }
    });
    html! {
        <section class="panel error-panel" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{ props.title.clone() }</h1>
            <p class="error-message">{ message }</p>
            <p class="error-actions">
                { for retry }
                if props.home_link {
                    <Link<Route> to={Route::Home} classes="button button-secondary">{ "返回首页" }</Link<Route>>
                }
            </p>
        </section>
    }
}
