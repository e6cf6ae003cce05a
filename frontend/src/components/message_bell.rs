//! The unread count in the header bar (消息), kept by the page frame and refreshed on every
//! page change and whenever the message center marks something read.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::routes::Route;

/// What the frame shares: the unread count (None until known) and a way to ask again.
#[derive(Clone, PartialEq)]
pub struct Unread {
    pub count: Option<i64>,
    pub refresh: Callback<()>,
}

#[hook]
pub fn use_unread() -> Option<Unread> {
    use_context::<Unread>()
}

/// The header's link to the message center, with the unread count.
#[component]
pub fn MessageBell() -> Html {
    let Some(unread) = use_unread() else {
        return Html::default();
    };
    let count = unread.count.unwrap_or(0);
    let label = if count > 0 {
        format!("消息，{count}条未读")
    } else {
        "消息，没有未读".to_string()
    };
    html! {
        <Link<Route> to={Route::Messages} classes={classes!("message-bell", (count > 0).then_some("has-unread"))}>
            <span aria-hidden="true">{ "消息" }</span>
            <span class="visually-hidden">{ label }</span>
            if count > 0 {
                <span class="message-count" id="unread-count" aria-hidden="true">{ if count > 99 { "99+".to_string() } else { count.to_string() } }</span>
            }
        </Link<Route>>
    }
}
