//! What the logged-in user may do, for the UI: these only hide controls, the server checks
//! every request itself.

use duban_shared::api::ItemDetail;
use duban_shared::auth::Role;
use duban_shared::ids::{PlanId, UnitId};
use duban_shared::permissions::{may, Action, Actor};

use crate::session::Session;

/// The rule table's view of the logged-in user.
pub fn actor(session: &Session) -> Actor {
    match (session.user.role, &session.user.unit) {
        (Role::Admin, _) => Actor::Admin,
        (Role::Unit, Some(unit)) => Actor::Unit {
            unit_id: UnitId(unit.id),
        },
        // A unit account without a unit can do no more than a leader.
        _ => Actor::Leader,
    }
}

/// Whether the logged-in user may report on, complete, answer for this item. Only hides
/// controls: the server checks every request itself.
pub fn may_work_on(session: Option<&Session>, item: &ItemDetail) -> bool {
    let Some(session) = session else {
        return false;
    };
    // `ItemDetail` carries the plan's year, not its id; the rule for this action reads
    // only the lead unit and whether the plan is out (a unit sees published plans only).
    may(
        actor(session),
        Action::WorkOnItem {
            plan_id: PlanId(0),
            lead_unit_id: UnitId(item.lead_unit.id),
            published: true,
        },
    )
}

/// The logged-in user's unit code, for unit accounts.
pub fn own_unit_code(session: Option<&Session>) -> Option<String> {
    let session = session?;
    (session.user.role == Role::Unit)
        .then(|| session.user.unit.as_ref().map(|u| u.code.clone()))
        .flatten()
}

/// Whether the logged-in user is the office (may review, issue notices, administer). Only
/// hides controls: the server checks every request itself.
pub fn is_office(session: Option<&Session>) -> bool {
    session.is_some_and(|s| may(actor(s), Action::Administer))
}
