//! The units' bundle (`duban`): the workspace's pages, mapped from their routes (see
//! `bundle.rs`). The office's bundle has them too.

use yew::prelude::*;

use crate::pages::{my_items, report, todo};
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    Some(match route.clone() {
        Route::Todo => html! { <todo::TodoPage /> },
        Route::MyItems => html! { <my_items::MyItemsPage /> },
        Route::ReportForm { id, period } => html! { <report::ReportPage {id} {period} /> },
        _ => return None,
    })
}
