//! Who may do what to which row: the one rule table. The server enforces it on every
//! request; the browser uses it only to hide controls a user could not use anyway.

use crate::ids::{PlanId, UnitId};

/// The one asking, reduced to what the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Admin,
    Leader,
    Unit {
        unit_id: UnitId,
    },
    /// A read-only key of another system, limited to one plan or not.
    ApiToken {
        plan_id: Option<PlanId>,
    },
    /// 人大代表: its own ballots and its own account, nothing else.
    Deputy,
}

/// What is being done, with the facts of the row that the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a plan and anything in it (items, reports, lights). A draft is the office's
    /// alone until it is published.
    ReadPlan { plan_id: PlanId, published: bool },
    /// Read things outside any plan: the unit list.
    ReadDirectory,
    /// Read a report not yet submitted: it is its unit's work in progress, seen by that
    /// unit and the office only.
    ReadDraftReport { lead_unit_id: UnitId },
    /// The lead unit's own work on an item: reports, indicator values, milestone
    /// completion, answers to notices, extension requests.
    WorkOnItem {
        plan_id: PlanId,
        lead_unit_id: UnitId,
        published: bool,
    },
    /// A co-unit's (配合单位) own 配合情况 on an item it helps with: that unit alone, once the
    /// plan is published.
    AssistItem {
        plan_id: PlanId,
        published: bool,
        co_unit: bool,
    },
    /// Read the co-units' 配合情况 on an item: the units involved (lead and co-units), the
    /// leaders, the office and API tokens; not the other units.
    ReadCoNotes {
        plan_id: PlanId,
        published: bool,
        involved: bool,
    },
    /// The office's part on an item: review, reopen, notices, extensions, inspections.
    SuperviseItem { plan_id: PlanId },
    /// Read a 督办件 (notice, 批示, inspection) addressed to `unit_id`: that unit, the
    /// leaders, the office and API tokens; not the other units.
    ReadCase {
        plan_id: PlanId,
        published: bool,
        unit_id: UnitId,
    },
    /// Write a 批示 on an item of a published plan: the one write a leader has.
    Instruct { plan_id: PlanId, published: bool },
    /// Plans, units, users, API tokens, the audit log.
    Administer,
    /// Logging out, changing one's own password.
    ManageOwnAccount,
    /// Cast one's ballots in a plan's evaluation round (and read what a ballot shows).
    Evaluate { plan_id: PlanId },
    /// The counts of a round (no ballot by name).
    ReadEvaluation { plan_id: PlanId },
}

/// Whose draft reports an actor sees in a list: the same answer as
/// [`Action::ReadDraftReport`], for a query that cannot ask row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DraftsSeen {
    All,
    OfUnit(UnitId),
    #[default]
    None,
}

impl DraftsSeen {
    pub fn of(actor: Actor) -> DraftsSeen {
        match actor {
            Actor::Admin => DraftsSeen::All,
            Actor::Unit { unit_id } => DraftsSeen::OfUnit(unit_id),
            Actor::Leader | Actor::ApiToken { .. } | Actor::Deputy => DraftsSeen::None,
        }
    }

    pub fn includes(self, lead_unit_id: UnitId) -> bool {
        match self {
            DraftsSeen::All => true,
            DraftsSeen::OfUnit(u) => u == lead_unit_id,
            DraftsSeen::None => false,
        }
    }
}

pub fn may(actor: Actor, action: Action) -> bool {
    use Action::*;
    match (actor, action) {
        (Actor::Deputy, Evaluate { .. } | ManageOwnAccount) => true,
        (Actor::Deputy, _) | (_, Evaluate { .. }) => false,
        (Actor::Admin | Actor::Leader, ReadEvaluation { .. }) => true,
        (_, ReadEvaluation { .. }) => false,
        (Actor::Admin, ReadPlan { .. } | ReadDraftReport { .. }) => true,
        (Actor::Unit { unit_id }, ReadDraftReport { lead_unit_id }) => unit_id == lead_unit_id,
        (_, ReadDraftReport { .. }) => false,
        (_, ReadPlan { published: false, .. }) => false,
        (Actor::Admin, ReadCase { .. } | ReadCoNotes { .. }) => true,
        (_, ReadCoNotes { published: false, .. }) => false,
        (Actor::Unit { .. }, ReadCoNotes { involved, .. }) => involved,
        (Actor::Leader, ReadCoNotes { .. }) => true,
        (Actor::ApiToken { plan_id: scope }, ReadCoNotes { plan_id, .. }) => scope.is_none_or(|s| s == plan_id),
        (Actor::Unit { .. }, AssistItem { published, co_unit, .. }) => published && co_unit,
        (_, ReadCase { published: false, .. }) => false,
        (Actor::Unit { unit_id }, ReadCase { unit_id: addressee, .. }) => unit_id == addressee,
        (Actor::Leader, ReadCase { .. }) => true,
        (Actor::ApiToken { plan_id: scope }, ReadCase { plan_id, .. }) => scope.is_none_or(|s| s == plan_id),
        (Actor::Admin, Instruct { .. }) => true,
        (Actor::Leader, Instruct { published, .. }) => published,
        (_, Instruct { .. }) => false,
        (Actor::ApiToken { plan_id: scope }, ReadPlan { plan_id, .. }) => scope.is_none_or(|s| s == plan_id),
        (Actor::ApiToken { .. }, ReadDirectory) => true,
        (Actor::ApiToken { .. }, _) => false,
        (_, ReadPlan { .. } | ReadDirectory | ManageOwnAccount) => true,
        (
            Actor::Unit { unit_id },
            WorkOnItem {
                lead_unit_id,
                published,
                ..
            },
        ) => published && unit_id == lead_unit_id,
        (Actor::Admin, SuperviseItem { .. } | Administer) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORK: Action = Action::WorkOnItem {
        plan_id: PlanId(1),
        lead_unit_id: UnitId(7),
        published: true,
    };

    const fn read(plan_id: i32) -> Action {
        Action::ReadPlan {
            plan_id: PlanId(plan_id),
            published: true,
        }
    }

    #[test]
    fn only_the_lead_unit_works_on_its_item() {
        assert!(may(Actor::Unit { unit_id: UnitId(7) }, WORK));
        assert!(!may(Actor::Unit { unit_id: UnitId(8) }, WORK));
        assert!(!may(Actor::Admin, WORK));
        assert!(!may(Actor::Leader, WORK));
        assert!(!may(Actor::ApiToken { plan_id: None }, WORK));
    }

    #[test]
    fn a_co_unit_adds_its_own_notes_and_nobody_else_does() {
        let assist = |co_unit| Action::AssistItem {
            plan_id: PlanId(1),
            published: true,
            co_unit,
        };
        assert!(may(Actor::Unit { unit_id: UnitId(8) }, assist(true)));
        assert!(!may(Actor::Unit { unit_id: UnitId(8) }, assist(false)));
        for actor in [Actor::Admin, Actor::Leader, Actor::ApiToken { plan_id: None }] {
            assert!(!may(actor, assist(true)));
        }
        let draft = Action::AssistItem {
            plan_id: PlanId(1),
            published: false,
            co_unit: true,
        };
        assert!(!may(Actor::Unit { unit_id: UnitId(8) }, draft));
        let read = |involved| Action::ReadCoNotes {
            plan_id: PlanId(1),
            published: true,
            involved,
        };
        assert!(may(Actor::Unit { unit_id: UnitId(7) }, read(true)));
        assert!(!may(Actor::Unit { unit_id: UnitId(9) }, read(false)));
        for actor in [
            Actor::Admin,
            Actor::Leader,
            Actor::ApiToken {
                plan_id: Some(PlanId(1)),
            },
        ] {
            assert!(may(actor, read(false)));
        }
        assert!(!may(
            Actor::ApiToken {
                plan_id: Some(PlanId(2))
            },
            read(false)
        ));
    }

    #[test]
    fn leaders_and_tokens_write_nothing_but_a_leaders_instruction() {
        for action in [Action::SuperviseItem { plan_id: PlanId(1) }, Action::Administer, WORK] {
            assert!(!may(Actor::Leader, action));
            assert!(!may(Actor::ApiToken { plan_id: None }, action));
        }
        assert!(!may(Actor::ApiToken { plan_id: None }, Action::ManageOwnAccount));
    }

    #[test]
    fn a_deputy_casts_ballots_and_reads_nothing_else() {
        let plan_id = PlanId(1);
        assert!(may(Actor::Deputy, Action::Evaluate { plan_id }));
        assert!(may(Actor::Deputy, Action::ManageOwnAccount));
        for action in [
            read(1),
            Action::ReadDirectory,
            Action::ReadEvaluation { plan_id },
            Action::SuperviseItem { plan_id },
            Action::Administer,
            WORK,
        ] {
            assert!(!may(Actor::Deputy, action), "{action:?}");
        }
        for actor in [
            Actor::Admin,
            Actor::Leader,
            Actor::Unit { unit_id: UnitId(7) },
            Actor::ApiToken { plan_id: None },
        ] {
            assert!(!may(actor, Action::Evaluate { plan_id }), "{actor:?}");
        }
        assert!(may(Actor::Admin, Action::ReadEvaluation { plan_id }));
        assert!(may(Actor::Leader, Action::ReadEvaluation { plan_id }));
        assert!(!may(
            Actor::Unit { unit_id: UnitId(7) },
            Action::ReadEvaluation { plan_id }
        ));
        assert!(!may(
            Actor::ApiToken { plan_id: None },
            Action::ReadEvaluation { plan_id }
        ));
    }

    #[test]
    fn tokens_read_only_their_plan() {
        assert!(may(
            Actor::ApiToken {
                plan_id: Some(PlanId(1))
            },
            read(1)
        ));
        assert!(!may(
            Actor::ApiToken {
                plan_id: Some(PlanId(1))
            },
            read(2)
        ));
        assert!(may(Actor::ApiToken { plan_id: None }, read(2)));
    }

    #[test]
    fn a_draft_plan_is_the_offices_alone() {
        let draft = Action::ReadPlan {
            plan_id: PlanId(1),
            published: false,
        };
        assert!(may(Actor::Admin, draft));
        for actor in [
            Actor::Leader,
            Actor::Unit { unit_id: UnitId(7) },
            Actor::ApiToken { plan_id: None },
            Actor::ApiToken {
                plan_id: Some(PlanId(1)),
            },
        ] {
            assert!(!may(actor, draft), "{actor:?}");
        }
        let work_on_draft = Action::WorkOnItem {
            plan_id: PlanId(1),
            lead_unit_id: UnitId(7),
            published: false,
        };
        assert!(!may(Actor::Unit { unit_id: UnitId(7) }, work_on_draft));
    }

    #[test]
    fn a_case_is_read_by_its_unit_leaders_office_and_tokens_and_written_on_by_leaders() {
        let case = |published| Action::ReadCase {
            plan_id: PlanId(1),
            published,
            unit_id: UnitId(7),
        };
        for actor in [
            Actor::Admin,
            Actor::Leader,
            Actor::Unit { unit_id: UnitId(7) },
            Actor::ApiToken { plan_id: None },
            Actor::ApiToken {
                plan_id: Some(PlanId(1)),
            },
        ] {
            assert!(may(actor, case(true)), "{actor:?}");
        }
        assert!(!may(Actor::Unit { unit_id: UnitId(8) }, case(true)));
        assert!(!may(
            Actor::ApiToken {
                plan_id: Some(PlanId(2))
            },
            case(true)
        ));
        assert!(!may(Actor::Leader, case(false)));
        let instruct = Action::Instruct {
            plan_id: PlanId(1),
            published: true,
        };
        assert!(may(Actor::Leader, instruct));
        assert!(may(Actor::Admin, instruct));
        assert!(!may(Actor::Unit { unit_id: UnitId(7) }, instruct));
        assert!(!may(Actor::ApiToken { plan_id: None }, instruct));
    }

    #[test]
    fn only_admins_supervise_and_administer() {
        assert!(may(Actor::Admin, Action::Administer));
        assert!(may(Actor::Admin, Action::SuperviseItem { plan_id: PlanId(1) }));
        assert!(!may(Actor::Unit { unit_id: UnitId(7) }, Action::Administer));
        assert!(!may(
            Actor::Unit { unit_id: UnitId(7) },
            Action::SuperviseItem { plan_id: PlanId(1) }
        ));
    }

    #[test]
    fn a_draft_report_is_its_units_and_the_offices() {
        let draft = |u| Action::ReadDraftReport {
            lead_unit_id: UnitId(u),
        };
        let actors = [
            Actor::Admin,
            Actor::Leader,
            Actor::Unit { unit_id: UnitId(7) },
            Actor::ApiToken { plan_id: None },
        ];
        for actor in actors {
            for unit in [7, 8] {
                assert_eq!(
                    may(actor, draft(unit)),
                    DraftsSeen::of(actor).includes(UnitId(unit)),
                    "{actor:?} {unit}"
                );
            }
        }
        assert!(may(Actor::Unit { unit_id: UnitId(7) }, draft(7)));
        assert!(!may(Actor::Unit { unit_id: UnitId(7) }, draft(8)));
        assert!(!may(Actor::Leader, draft(7)) && !may(Actor::ApiToken { plan_id: None }, draft(7)));
    }
}
