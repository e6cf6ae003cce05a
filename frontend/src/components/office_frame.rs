//! The frame of the office's pages: who may see them, and the tabs between them.

use yew::prelude::*;

use crate::access::is_office;
use crate::components::RouteLink;
use crate::routes::Route;
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct OfficeFrameProps {
    /// The page's own route, marked as current among the tabs.
    pub current: Route,
    #[prop_or_default]
    pub children: Html,
}

/// What a user who is not the office sees on the office's pages.
#[component]
pub fn OfficeOnlyNotice() -> Html {
    html! {
        <section class="panel" aria-labelledby="office-only-title">
            <h1 id="office-only-title">{ "本页面仅供督查室使用" }</h1>
            <p>{ "您的账号没有督查督办和系统管理的权限。如需查看全市进展，请前往总览。" }</p>
            <p><RouteLink to={Route::Dashboard} classes="button">{ "前往总览" }</RouteLink></p>
        </section>
    }
}

/// The office's tabs, then the page; a user who is not the office sees why not, and no
/// controls (the server would refuse them anyway).
#[component]
pub fn OfficeFrame(props: &OfficeFrameProps) -> Html {
    let session = use_session();
    if !is_office(session.session.as_deref()) {
        return html! { <OfficeOnlyNotice /> };
    }
    let tab = tab_of(&props.current);
    let admin = matches!(
        tab,
        Route::AdminPlans | Route::AdminUnits | Route::AdminUsers | Route::AdminTokens | Route::AdminAudit
    );
    let tabs: &[(Route, &str)] = if admin {
        &[
            (Route::AdminPlans, "计划管理"),
            (Route::AdminUnits, "单位管理"),
            (Route::AdminUsers, "用户管理"),
            (Route::AdminTokens, "API令牌"),
            (Route::AdminAudit, "审计日志"),
        ]
    } else {
        &[
            (Route::OfficeReviews, "月报审核"),
            (Route::OfficeNotices, "督办通知"),
            (Route::OfficeExtensions, "延期申请"),
            (Route::OfficeMilestones, "节点重开"),
            (Route::OfficeBriefings, "情况通报"),
            (Route::OfficeExports, "数据导出"),
        ]
    };
    let label = if admin { "系统管理" } else { "督查督办" };
    html! {
        <div class="office">
            <nav class="office-tabs" aria-label={label}>
                <ul>
                    { for tabs.iter().map(|(route, text)| {
                        let page = *route == props.current;
                        let within = *route == tab;
                        html! {
                            <li class={classes!(within.then_some("current"))}>
                                if page {
                                    <span aria-current="page">{ *text }</span>
                                } else if within {
                                    // A page under this tab (a plan in the editor): the tab leads back.
                                    <RouteLink to={route.clone()} aria_current="true">{ *text }</RouteLink>
                                } else {
                                    <RouteLink to={route.clone()}>{ *text }</RouteLink>
                                }
                            </li>
                        }
                    }) }
                </ul>
            </nav>
            { props.children.clone() }
        </div>
    }
}

/// The tab a page belongs to: itself, or for the editor's inner pages, 计划管理.
fn tab_of(route: &Route) -> Route {
    match route {
        Route::AdminPlan { .. } | Route::AdminItemNew { .. } | Route::AdminItemEdit { .. } => Route::AdminPlans,
        other => other.clone(),
    }
}

/// A sentence for the next page to show (e.g. "已保存第3项。"), carried in the history
/// entry's state by `navigator.push_with_state`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash(pub String);

/// The [`Flash`] this page was reached with, as a [`StatusLine`] message.
#[hook]
pub fn use_flash() -> Option<(bool, String)> {
    yew_router::hooks::use_location()
        .and_then(|l| l.state::<Flash>())
        .map(|f| (true, f.0.clone()))
}

/// What an action did (`true`, said politely) or why it failed (`false`, said as an alert).
pub type Outcome = (bool, String);

/// A section's outcome line and the callback its actions report to: the message is kept for
/// the [`StatusLine`], then `then` runs (to fetch the list again).
#[hook]
pub fn use_outcome(then: Callback<()>) -> (Option<Outcome>, Callback<Outcome>) {
    let status = use_state(|| None::<Outcome>);
    let on_done = {
        let status = status.clone();
        Callback::from(move |m: Outcome| {
            status.set(Some(m));
            then.emit(());
        })
    };
    ((*status).clone(), on_done)
}

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    /// What the last action did (polite) or why it failed (alert).
    pub message: Option<(bool, String)>,
}

/// The outcome of the last action, read out by screen readers.
#[component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    match &props.message {
        Some((true, m)) => html! { <p class="outcome outcome-ok" role="status">{ m.clone() }</p> },
        Some((false, m)) => html! { <p class="outcome outcome-error" role="alert">{ m.clone() }</p> },
        None => html! { <p class="outcome" role="status"></p> },
    }
}
