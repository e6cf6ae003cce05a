//! The app's five bundles, which pages each has, and which one a page load starts.
//!
//! A browser downloads one bundle before the first screen, so each carries only the pages
//! of its part of the work: `duban_login` the login of anyone without a session, `duban`
//! the units' workspace, `duban_overview` the leaders' dashboard with the item lists behind
//! it, `duban_common` the pages every role opens from there (an item, a plan, the messages,
//! the briefings, the account, the evaluation), `duban_office` every page. `/` and the page
//! for an unknown address are in each. `assets/boot.js` picks the bundle by the same rule as
//! [`BundleKind::for_load`]: the stored session's role, then the address. Moving to a page
//! of another bundle is a fresh load of that address, whose files the browser keeps.

use duban_shared::auth::Role;
use yew::Html;

use crate::routes::{home_of, Route};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BundleKind {
    Login,
    Unit,
    Overview,
    Common,
    Office,
}

/// The pages a bundle has beyond `/` and the unknown address (`None`: not in this bundle).
pub type Pages = fn(&Route) -> Option<Html>;

/// The running bundle: its kind and its own pages.
#[derive(Clone, Copy)]
pub struct Bundle {
    pub kind: BundleKind,
    pub pages: Pages,
}

/// A bundle is fixed for the page's life: its kind tells two apart (function addresses are
/// not comparable).
impl PartialEq for Bundle {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

/// Which bundles have a page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    Everywhere,
    Login,
    Unit,
    Overview,
    Common,
    Office,
}

// Every route by name, so that a new one must be given its bundle here.
fn area(route: &Route) -> Area {
    match route {
        Route::Login => Area::Login,
        Route::Todo | Route::MyItems | Route::ReportForm { .. } => Area::Unit,
        Route::Dashboard | Route::ItemList => Area::Overview,
        Route::AccountPassword
        | Route::Messages
        | Route::Plans
        | Route::Plan { .. }
        | Route::Item { .. }
        | Route::Briefings
        | Route::Briefing { .. }
        | Route::Evaluation
        | Route::Evaluations => Area::Common,
        Route::Office
        | Route::OfficeReviews
        | Route::OfficeNotices
        | Route::OfficeExtensions
        | Route::OfficeMilestones
        | Route::OfficeBriefings
        | Route::OfficeBriefing { .. }
        | Route::OfficeExports
        | Route::AdminPlans
        | Route::AdminPlan { .. }
        | Route::AdminItemNew { .. }
        | Route::AdminItemEdit { .. }
        | Route::AdminUnits
        | Route::AdminUsers
        | Route::AdminTokens
        | Route::AdminAudit => Area::Office,
        Route::Home | Route::NotFound => Area::Everywhere,
    }
}

impl BundleKind {
    pub fn has(self, route: &Route) -> bool {
        matches!(
            (self, area(route)),
            (BundleKind::Office, _)
                | (_, Area::Everywhere)
                | (BundleKind::Login, Area::Login)
                | (BundleKind::Unit, Area::Unit)
                | (BundleKind::Overview, Area::Overview)
                | (BundleKind::Common, Area::Common)
        )
    }

    /// The bundle a fresh load of `route` starts, with the stored session's role (`None`:
    /// none stored). `assets/boot.js` follows this rule; keep the two in step.
    pub fn for_load(route: &Route, role: Option<Role>) -> BundleKind {
        let role = match role {
            // Without a session every page goes to the login first.
            None => return BundleKind::Login,
            Some(Role::Admin) => return BundleKind::Office,
            Some(role) => role,
        };
        match area(route) {
            Area::Login => BundleKind::Login,
            Area::Unit => BundleKind::Unit,
            Area::Overview => BundleKind::Overview,
            Area::Common => BundleKind::Common,
            // `/` goes on to the role's own first page, in the bundle that has it; the
            // office's pages tell anyone else they are the office's, there too. (That page
            // is never `/` nor the office's: this asks once more at most.)
            Area::Everywhere | Area::Office => BundleKind::for_load(&home_of(role), Some(role)),
        }
    }
}

/// The route of an in-app address (`/items/3?as_of=…`); unknown ones are [`Route::NotFound`].
pub fn route_of(address: &str) -> Route {
    let path = address.split(['?', '#']).next().unwrap_or("/");
    yew_router::Routable::recognize(path).unwrap_or(Route::NotFound)
}

/// The `sessionStorage` key that notes the last fresh load made to change bundles.
const RELOAD_KEY: &str = "duban.bundle-reload";

fn reload_storage() -> Option<(web_sys::Storage, String)> {
    let window = web_sys::window()?;
    let storage = window.session_storage().ok()??;
    Some((storage, window.location().href().ok()?))
}

/// Whether this address may be loaded afresh to change bundles: not if it was, moments ago
/// (that load came back to a bundle without the page), nor without a place to note it.
pub fn may_reload_here() -> bool {
    let Some((storage, here)) = reload_storage() else {
        return false;
    };
    let now = crate::session::now_ms();
    !storage.get_item(RELOAD_KEY).ok().flatten().is_some_and(|last| {
        last.split_once(' ')
            .is_some_and(|(at, address)| address == here && at.parse::<i64>().is_ok_and(|at| now - at < 10_000))
    })
}

/// A page of this bundle is shown: a fresh load made to get here has done its work, and a
/// later one to the same address (a second logout, moments after the first) is no loop.
pub fn arrived() {
    if let Some((storage, _)) = reload_storage() {
        let _ = storage.remove_item(RELOAD_KEY);
    }
}

/// Loads this address afresh, noting it for [`may_reload_here`].
pub fn reload_here() {
    if let Some((storage, here)) = reload_storage() {
        let _ = storage.set_item(RELOAD_KEY, &format!("{} {here}", crate::session::now_ms()));
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
