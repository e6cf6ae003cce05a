//! The overview's bundle (`duban_overview`): the leaders' dashboard, the item lists behind
//! its figures and the year-end evaluation, mapped from their routes (see `bundle.rs`).
//! The office's bundle has them too.

use yew::prelude::*;

use crate::pages::{dashboard, evaluation, items, office};
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Dashboard => html! { <dashboard::DashboardPage /> },
        Route::ItemList => html! { <items::ItemListPage /> },
        Route::Evaluation => html! { <evaluation::EvaluationPage /> },
        Route::Evaluations => html! { <office::evaluations::EvaluationsPage /> },
        _ => return None,
    })
}
