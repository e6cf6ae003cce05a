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
        (Role::Deputy, _) => Actor::Deputy,
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
    // A closed year (every item has its final result) is read-only.
    if item.final_result.is_some() {
        return false;
    }
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

/// Whether the logged-in user's unit helps on this item (配合单位) and may write its 配合情况.
pub fn may_assist(session: Option<&Session>, item: &ItemDetail) -> bool {
    let Some(session) = session else {
        return false;
    };
    let co_unit = session
        .user
        .unit
        .as_ref()
        .is_some_and(|u| item.co_units.iter().any(|c| c.id == u.id));
    item.final_result.is_none()
        && may(
            actor(session),
            Action::AssistItem {
                plan_id: PlanId(0),
                published: true,
                co_unit,
            },
        )
}

/// Whether the logged-in user may read the co-units' notes on this item.
pub fn may_read_co_notes(session: Option<&Session>, item: &ItemDetail) -> bool {
    let Some(session) = session else {
        return false;
    };
    let involved = session
        .user
        .unit
        .as_ref()
        .is_some_and(|u| u.id == item.lead_unit.id || item.co_units.iter().any(|c| c.id == u.id));
    may(
        actor(session),
        Action::ReadCoNotes {
            plan_id: PlanId(0),
            published: true,
            involved,
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
