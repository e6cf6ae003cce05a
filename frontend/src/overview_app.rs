//! The overview's bundle (`duban_overview`): the leaders' dashboard and the item lists
//! behind its figures, mapped from their routes (see `bundle.rs`). The office's bundle has
//! them too.

use yew::prelude::*;

use crate::pages::{dashboard, items};
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    Some(match route {
        Route::Dashboard => html! { <dashboard::DashboardPage /> },
        Route::ItemList => html! { <items::ItemListPage /> },
        _ => return None,
    })
}
