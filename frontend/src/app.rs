//! Routes and the page frame (header bar, main area).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages::{HomePage, ItemPage, NotFoundPage, PlanPage};

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    /// Sends the user on to the newest plan.
    #[at("/")]
    Home,
    #[at("/plans/:year")]
    Plan { year: i32 },
    #[at("/items/:id")]
    Item { id: i32 },
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Plan { year } => html! { <PlanPage {year} /> },
        Route::Item { id } => html! { <ItemPage {id} /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <Layout />
        </BrowserRouter>
    }
}

#[component]
fn Layout() -> Html {
    let route = use_route::<Route>();
    // A new page starts at its top, as it would after a full page load.
    use_effect_with(route, |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    html! {
        <>
            <a class="skip-link" href="#main">{ "跳到主要内容" }</a>
            <header class="topbar">
                <div class="topbar-inner">
                    <Link<Route> to={Route::Home} classes="brand">
                        <span class="brand-name">{ "督办" }</span>
                        <span class="brand-sub">{ "民生实事督查督办系统" }</span>
                    </Link<Route>>
                    <nav class="topnav" aria-label="主导航">
                        <ul>
                            <li><Link<Route> to={Route::Home}>{ "民生实事" }</Link<Route>></li>
                        </ul>
                    </nav>
                </div>
            </header>
            <main id="main" class="page" tabindex="-1">
                <Switch<Route> render={switch} />
            </main>
        </>
    }
}
