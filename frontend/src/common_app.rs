//! The common bundle (`duban_common`): the pages every role opens from its own first page —
//! an item, a plan, the messages, the briefings, the account, the year-end evaluation —
//! mapped from their routes (see `bundle.rs`). The office's bundle has them too.

use yew::prelude::*;

use crate::pages::office::briefings::{BriefingListPage, BriefingPrintPage};
use crate::pages::{evaluation, home, office, ItemPage, MessagesPage, PasswordPage, PlanPage};
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    Some(match route.clone() {
        Route::AccountPassword => html! { <PasswordPage /> },
        Route::Messages => html! { <MessagesPage /> },
        Route::Plans => html! { <home::LatestPlanPage /> },
        Route::Plan { year } => html! { <PlanPage {year} /> },
        Route::Item { id } => html! { <ItemPage {id} /> },
        Route::Briefings => html! { <BriefingListPage /> },
        Route::Briefing { id } => html! { <BriefingPrintPage {id} /> },
        Route::Evaluation => html! { <evaluation::EvaluationPage /> },
        Route::Evaluations => html! { <office::evaluations::EvaluationsPage /> },
        _ => return None,
    })
}
