//! The office's and the administrator's pages, mapped from their routes. Only the office
//! bundle refers to this, so the other bundle is built without these pages.

use yew::prelude::*;

use crate::pages::{admin, office, NotFoundPage};
use crate::routes::Route;

pub fn pages(route: Route) -> Html {
    match route {
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
        _ => html! { <NotFoundPage /> },
    }
}
