//! The login's bundle (`duban_login`): the login page, for anyone without a session (see
//! `bundle.rs`). The office's bundle has it too.

use yew::prelude::*;

use crate::pages::LoginPage;
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    match route {
        Route::Login => Some(html! { <LoginPage /> }),
        _ => None,
    }
}
