//! The ids of the domain's rows, each its own type: a function that takes an item and a unit
//! cannot be handed them the wrong way round. On the wire each is a plain integer.

macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl $name {
            /// The integer the database and the URL carry.
            pub const fn get(self) -> i32 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$name> for i32 {
            fn from(id: $name) -> i32 {
                id.0
            }
        }
    )*};
}

id_types! {
    /// A year's plan (its row, not its year).
    PlanId,
    /// The year a plan is for (2024): how the API names a plan.
    PlanYear,
    /// A category of a plan (项目分类).
    CategoryId,
    /// An item of a plan (事项).
    ItemId,
    /// A responsible unit (责任单位 / 配合单位).
    UnitId,
    /// A milestone of an item (节点).
    MilestoneId,
    /// An indicator of an item (指标).
    IndicatorId,
    /// A monthly report (月报).
    ReportId,
    /// A co-unit's 配合情况 for a month.
    CoNoteId,
    /// A supervision notice (督办通知).
    NoticeId,
    /// A request to move a milestone's due date (延期申请).
    ExtensionId,
    /// An evidence file (佐证材料).
    EvidenceId,
    /// A published briefing (情况通报).
    BriefingId,
    /// An account.
    UserId,
    /// Another system's API token.
    ApiTokenId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_integers_on_the_wire() {
        assert_eq!(serde_json::to_string(&ItemId(5)).unwrap(), "5");
        assert_eq!(serde_json::from_str::<UnitId>("7").unwrap(), UnitId(7));
        assert_eq!("2024".parse::<PlanYear>().unwrap(), PlanYear(2024));
        assert!("x".parse::<PlanYear>().is_err());
    }
}
