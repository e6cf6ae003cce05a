//! `/`: sends each user where their work is — a unit's staff to their to-do list, leaders
//! and the office to the dashboard (whose office strip and the header lead to the queues).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::LoadingNotice;
use crate::hooks::use_title;
use crate::routes::{home_of, Route};
use crate::session::use_session;

#[component]
pub fn HomePage() -> Html {
    use_title(None);
    let navigator = use_navigator();
    let session = use_session();
    let role = session.session.as_ref().map(|s| s.user.role);
    use_effect_with(role, move |role| {
        if let (Some(role), Some(navigator)) = (role, navigator) {
            navigator.replace(&home_of(*role));
        }
    });
    html! { <LoadingNotice /> }
}

/// `/plans`: goes straight on to the newest plan (a published one before a later draft).
#[component]
pub fn LatestPlanPage() -> Html {
    use_title(None);
    let navigator = use_navigator();
    let loaded = crate::hooks::use_load((), |()| crate::api::plans::current_year());
    let newest = match &*loaded.state {
        crate::hooks::Load::Ready(year) => **year,
        _ => None,
    };
    use_effect_with(newest, move |newest| {
        if let (Some(year), Some(navigator)) = (newest, navigator) {
            navigator.replace(&Route::Plan { year: *year });
        }
    });
    match &*loaded.state {
        crate::hooks::Load::Failed(error) => html! {
            <crate::components::ErrorPanel title="无法获取年度计划" error={error.clone()} on_retry={loaded.retry.clone()} home_link={false} />
        },
        crate::hooks::Load::Ready(_) if newest.is_none() => html! {
            <section class="panel" aria-labelledby="empty-title">
                <h1 id="empty-title">{ "暂无民生实事计划" }</h1>
                <p>{ "系统中还没有录入任何年度的民生实事计划。" }</p>
            </section>
        },
        _ => html! { <LoadingNotice /> },
    }
}
