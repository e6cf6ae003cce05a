//! Every page's address. Imports no page, so pages and components can link to each other
//! through it; `app.rs` maps each route to its page.

use duban_shared::auth::Role;
use yew_router::prelude::*;

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    /// Sends the user on to the newest plan.
    #[at("/")]
    Home,
    /// The only page open without a session.
    #[at("/login")]
    Login,
    #[at("/account/password")]
    AccountPassword,
    /// The message center: reminders, notices, returned reports, 批示, briefings.
    #[at("/messages")]
    Messages,
    /// The newest plan.
    #[at("/plans")]
    Plans,
    #[at("/plans/:year")]
    Plan { year: i32 },
    #[at("/items/:id")]
    Item { id: i32 },
    /// A unit's to-do list: reports due, returned reports, notices, milestones.
    #[at("/todo")]
    Todo,
    /// The items the user's unit leads.
    #[at("/my-items")]
    MyItems,
    /// The monthly report form (`period` is YYYY-MM).
    #[at("/items/:id/reports/:period")]
    ReportForm { id: i32, period: String },
    /// Leaders' one-screen summary (`?as_of=YYYY-MM-DD`).
    #[at("/dashboard")]
    Dashboard,
    /// The items behind a dashboard figure (`?light=&unit=&category=&as_of=`).
    #[at("/items")]
    ItemList,
    #[at("/office")]
    Office,
    #[at("/office/reviews")]
    OfficeReviews,
    #[at("/office/notices")]
    OfficeNotices,
    #[at("/office/extensions")]
    OfficeExtensions,
    #[at("/office/milestones")]
    OfficeMilestones,
    #[at("/office/briefings")]
    OfficeBriefings,
    /// A deputy's ballot (满意度测评).
    #[at("/evaluation")]
    Evaluation,
    /// The evaluation's round and results, for the office and the leaders.
    #[at("/evaluations")]
    Evaluations,
    /// Published briefings, for every signed-in user (the office also sees its drafts).
    #[at("/briefings")]
    Briefings,
    /// One briefing: to read and print; the office writes its drafts here.
    #[at("/briefings/:id")]
    Briefing { id: i32 },
    #[at("/office/briefings/:id")]
    OfficeBriefing { id: i32 },
    #[at("/office/exports")]
    OfficeExports,
    /// The office's plans: the list, a new year, an import.
    #[at("/admin/plans")]
    AdminPlans,
    /// One year's plan in the editor.
    #[at("/admin/plans/:year")]
    AdminPlan { year: i32 },
    #[at("/admin/plans/:year/items/new")]
    AdminItemNew { year: i32 },
    #[at("/admin/items/:id/edit")]
    AdminItemEdit { id: i32 },
    #[at("/admin/units")]
    AdminUnits,
    #[at("/admin/users")]
    AdminUsers,
    #[at("/admin/tokens")]
    AdminTokens,
    #[at("/admin/audit")]
    AdminAudit,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Where `/` goes for a role: its own first page.
pub fn home_of(role: Role) -> Route {
    match role {
        Role::Unit => Route::Todo,
        Role::Leader | Role::Admin => Route::Dashboard,
        Role::Deputy => Route::Evaluation,
    }
}
