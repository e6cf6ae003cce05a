//! The office's bundle: the office's and the administrator's pages, mapped from their
//! routes, and the other bundles' own pages. Only the office's binary refers to this, so
//! the other bundles are built without these pages (see `bundle.rs`).

use yew::prelude::*;

use crate::pages::{admin, office};
use crate::routes::Route;

pub fn pages(route: &Route) -> Option<Html> {
    Some(match route.clone() {
        Route::Office | Route::OfficeReviews => html! { <office::reviews::ReviewsPage /> },
        Route::OfficeNotices => html! { <office::notices::NoticesPage /> },
        Route::OfficeExtensions => html! { <office::extensions::ExtensionsPage /> },
        Route::OfficeMilestones => html! { <office::milestones::MilestonesPage /> },
        Route::OfficeBriefings => html! { <office::briefings::BriefingsPage /> },
        Route::OfficeBriefing { id } => html! {
            <office::briefings::BriefingPrintPage {id} editor={Some(office::briefings::DraftEditor(office::briefing_editor::edit_draft))} />
        },
        Route::OfficeExports => html! { <office::exports::ExportsPage /> },
        Route::AdminPlans => html! { <admin::plans::PlansPage /> },
        Route::AdminPlan { year } => html! { <admin::plan_editor::PlanEditorPage {year} /> },
        Route::AdminItemNew { year } => html! { <admin::item_editor::NewItemPage {year} /> },
        Route::AdminItemEdit { id } => html! { <admin::item_editor::EditItemPage {id} /> },
        Route::AdminUnits => html! { <admin::units::UnitsPage /> },
        Route::AdminUsers => html! { <admin::users::UsersPage /> },
        Route::AdminTokens => html! { <admin::tokens::TokensPage /> },
        Route::AdminAudit => html! { <admin::audit::AuditPage /> },
        other => {
            return crate::login_app::pages(&other)
                .or_else(|| crate::unit_app::pages(&other))
                .or_else(|| crate::overview_app::pages(&other))
                .or_else(|| crate::common_app::pages(&other))
        }
    })
}
