//! `/`: goes straight on to the newest plan.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::{ErrorPanel, LoadingNotice};
use crate::hooks::{use_load, use_title, Load};

#[component]
pub fn HomePage() -> Html {
    use_title(None);
    let navigator = use_navigator();
    let loaded = use_load((), |()| api::plans());

    // The newest year wins; a published plan is preferred to a draft of a later year.
    let newest = match &*loaded.state {
        Load::Ready(list) => {
            let published = list
                .plans
                .iter()
                .filter(|p| p.status == duban_shared::api::PlanStatus::Published)
                .map(|p| p.year)
                .max();
            published.or_else(|| list.plans.iter().map(|p| p.year).max())
        }
        _ => None,
    };
    use_effect_with(newest, move |newest| {
        if let (Some(year), Some(navigator)) = (newest, navigator) {
            navigator.replace(&Route::Plan { year: *year });
        }
    });

    match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取年度计划" error={error.clone()} on_retry={loaded.retry.clone()} home_link={false} />
        },
        Load::Ready(_) if newest.is_none() => html! {
            <section class="panel" aria-labelledby="empty-title">
                <h1 id="empty-title">{ "暂无民生实事计划" }</h1>
                <p>{ "系统中还没有录入任何年度的民生实事计划。" }</p>
            </section>
        },
        Load::Ready(_) => html! { <LoadingNotice /> },
    }
}
