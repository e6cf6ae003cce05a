//! The switch from routes to pages, the session guard and the page frame (header bar, main area).

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::bundle::{self, Bundle, BundleKind};
use crate::components::message_bell::{MessageBell, Unread};
use crate::components::office_frame::OfficeOnlyNotice;
use crate::components::{LoadingNotice, RouteLink};
use crate::pages::{HomePage, LoginQuery, NotFoundPage};
use crate::routes::Route;
use crate::session::{self, use_session, EndReason, SessionProvider};

fn switch(route: Route, bundle: Bundle) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::NotFound => html! { <NotFoundPage /> },
        // Every other page is in the bundles of its part of the work only.
        other => match (bundle.pages)(&other) {
            Some(page) => page,
            None => html! { <BundleNeeded route={other} /> },
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub bundle: Bundle,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <ContextProvider<Bundle> context={props.bundle}>
            <BrowserRouter>
                <SessionProvider>
                    <Layout />
                </SessionProvider>
            </BrowserRouter>
        </ContextProvider<Bundle>>
    }
}

/// A page this bundle does not have: a fresh load of the same address starts the bundle
/// that has it (boot.js picks it by the same rule). An office page asked by anyone else is
/// told it is the office's.
#[derive(Properties, PartialEq)]
struct BundleNeededProps {
    route: Route,
}

#[component]
fn BundleNeeded(props: &BundleNeededProps) -> Html {
    let session = use_session();
    let running = use_context::<Bundle>().map(|b| b.kind);
    let role = session.session.as_ref().map(|s| s.user.role);
    let target = BundleKind::for_load(&props.route, role);
    let elsewhere = target.has(&props.route) && Some(target) != running;
    // Only when the stored session is this one, which is what boot.js reads; and once per
    // address: should boot.js ever pick this bundle again, the page says so instead of
    // loading for ever.
    let reload = elsewhere && session::stored_role() == role && bundle::may_reload_here();
    use_effect_with(reload, |reload| {
        if *reload {
            bundle::reload_here();
        }
    });
    match (elsewhere, reload) {
        (true, true) => html! { <LoadingNotice /> },
        // A browser that keeps nothing between page loads (or a bundle that came back).
        (true, false) => html! {
            <section class="panel" role="alert">
                <h1>{ "无法打开此页面" }</h1>
                <p>{ "打开此页面需要重新加载，并需要浏览器允许本站保存登录状态（本地存储）。请检查浏览器设置后重新登录。" }</p>
            </section>
        },
        (false, _) => html! { <OfficeOnlyNotice /> },
    }
}

#[component]
fn Layout() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let location = use_location();
    let navigator = use_navigator();
    let session = use_session();
    // (App always provides it; the fallback names no bundle's pages, which would link them in.)
    let bundle = use_context::<Bundle>().unwrap_or(Bundle {
        kind: BundleKind::Unit,
        pages: |_| None,
    });

    // Every page but /login needs a session; without one (never had, logged out, or ended by
    // the server) go to the login page, which brings the user back here afterwards.
    let needs_login = route != Route::Login && !session.logged_in();
    let here = location
        .map(|l| format!("{}{}", l.path(), l.query_str()))
        .unwrap_or_default();
    use_effect_with((needs_login, here), move |(needs_login, here)| {
        if let (true, Some(navigator)) = (*needs_login, navigator) {
            let _ = navigator.replace_with_query(&Route::Login, LoginQuery::back_to(here));
        }
    });

    // A new page starts at its top, as it would after a full page load.
    use_effect_with(route.clone(), move |route| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
        if bundle.kind.has(route) {
            bundle::arrived();
        }
    });
    let logged_in = session.logged_in();
    let deputy = session
        .session
        .as_ref()
        .is_some_and(|s| s.user.role == duban_shared::auth::Role::Deputy);

    // The unread count: asked again on every page change and when the message center asks.
    let unread_count = use_state(|| None::<i64>);
    let asked = use_state(|| 0u32);
    {
        let unread_count = unread_count.clone();
        let user = session.session.as_ref().map(|s| s.user.id);
        use_effect_with((route.clone(), user, *asked), move |(_, user, _)| {
            if user.is_some() {
                spawn_local(async move {
                    if let Ok(page) = api::messages::messages(None, 1).await {
                        unread_count.set(Some(page.unread));
                    }
                });
            } else {
                unread_count.set(None);
            }
        });
    }
    let unread = Unread {
        count: *unread_count,
        refresh: Callback::from(move |()| asked.set(*asked + 1)),
    };
    html! {
        <ContextProvider<Unread> context={unread}>
            <a class="skip-link" href="#main">{ "跳到主要内容" }</a>
            <header class="topbar">
                <div class="topbar-inner">
                    <Link<Route> to={Route::Home} classes="brand">
                        <span class="brand-name">{ "督办" }</span>
                        <span class="brand-sub">{ "民生实事督查督办系统" }</span>
                    </Link<Route>>
                    if logged_in {
                        <MessageBell />
                        <nav class="topnav" aria-label="主导航">
                            <ul>
                                if deputy {
                                    <li><Link<Route> to={Route::Evaluation}>{ "满意度测评" }</Link<Route>></li>
                                } else {
                                    <li><Link<Route> to={Route::Plans}>{ "民生实事" }</Link<Route>></li>
                                }
                                if crate::access::own_unit_code(session.session.as_deref()).is_some() {
                                    <li><Link<Route> to={Route::Todo}>{ "待办" }</Link<Route>></li>
                                    <li><Link<Route> to={Route::MyItems}>{ "我的事项" }</Link<Route>></li>
                                    <li><Link<Route> to={Route::Briefings}>{ "通报" }</Link<Route>></li>
                                }
                                <OfficeNav />
                            </ul>
                        </nav>
                        <UserBar />
                    }
                </div>
            </header>
            <main id="main" class="page" tabindex="-1">
                if needs_login {
                    <LoadingNotice />
                } else {
                    <Switch<Route> render={move |route| switch(route, bundle)} />
                }
            </main>
        </ContextProvider<Unread>>
    }
}

/// Who is logged in, and their 修改密码 / 退出登录.
#[component]
fn UserBar() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let Some(current) = session.session.clone() else {
        return Html::default();
    };
    let user = &current.user;
    let onlogout = {
        let token = current.access_token.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Login);
            }
            session::end(EndReason::LoggedOut);
            // The server forgets the session too; if it cannot be reached, the token still
            // runs out on its own, and it is gone from this browser already.
            let token = token.clone();
            spawn_local(async move {
                let _ = api::auth::logout(token).await;
            });
        })
    };
    // A unit's account is often named after the unit, the 督查室's after its role: say each once.
    let name = current.user_name();
    let unit = user
        .unit
        .as_ref()
        .filter(|u| u.name != name)
        .map(|u| html! { <span class="user-unit">{ &u.name }</span> });
    let role = user.role.label_zh();
    let role = (role != name).then(|| html! { <span class="user-role">{ role }</span> });
    html! {
        <div class="userbar">
            <p class="user-info" id="current-user">
                <span class="visually-hidden">{ "当前用户：" }</span>
                <span class="user-name">{ name }</span>
                { for role }
                { for unit }
            </p>
            <div class="user-actions">
                <RouteLink to={Route::AccountPassword} classes="topbar-action">{ "修改密码" }</RouteLink>
                <button id="logout-button" type="button" class="topbar-action" onclick={onlogout}>
                    { "退出登录" }
                </button>
            </div>
        </div>
    }
}

/// The leaders' and the office's links: 总览 for both; 审核, 督办, 通报, 管理 only for the office
/// (a leader never sees a way to write).
#[component]
fn OfficeNav() -> Html {
    let session = use_session();
    let Some(current) = session.session.as_deref() else {
        return Html::default();
    };
    if matches!(
        current.user.role,
        duban_shared::auth::Role::Unit | duban_shared::auth::Role::Deputy
    ) {
        return Html::default();
    }
    let office = crate::access::is_office(Some(current));
    html! {
        <>
            <li><Link<Route> to={Route::Dashboard}>{ "总览" }</Link<Route>></li>
            if !office {
                <li><Link<Route> to={Route::Briefings}>{ "通报" }</Link<Route>></li>
            }
            <li><Link<Route> to={Route::Evaluations}>{ "测评" }</Link<Route>></li>
            if office {
                <li><Link<Route> to={Route::OfficeReviews}>{ "审核" }</Link<Route>></li>
                <li><Link<Route> to={Route::OfficeNotices}>{ "督办" }</Link<Route>></li>
                <li><Link<Route> to={Route::OfficeBriefings}>{ "通报" }</Link<Route>></li>
                <li><Link<Route> to={Route::AdminPlans}>{ "管理" }</Link<Route>></li>
            }
        </>
    }
}
