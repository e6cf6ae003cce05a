//! 年终销号: the office closes a year's plan with each item's final result. A closed plan is
//! read-only and shows its results wherever the plan is shown.

use serde::{Deserialize, Serialize};

crate::named_enum! {
    pub enum FinalResult {
        Done,
        MostlyDone,
        NotDone,
    }
}

impl FinalResult {
    pub fn label_zh(self) -> &'static str {
        match self {
            FinalResult::Done => "完成",
            FinalResult::MostlyDone => "基本完成",
            FinalResult::NotDone => "未完成",
        }
    }

    pub const ALL: [FinalResult; 3] = [FinalResult::Done, FinalResult::MostlyDone, FinalResult::NotDone];
}

/// One item's result in `POST /api/v1/plans/{year}/close`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemResultInput {
    pub item_id: i32,
    pub result: FinalResult,
    /// Why it is 基本完成 or 未完成 (required then); a remark otherwise.
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/plans/{year}/close`: every item of the plan, each once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseInput {
    pub results: Vec<ItemResultInput>,
}

/// How many items ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinalTally {
    pub done: usize,
    pub mostly_done: usize,
    pub not_done: usize,
}

impl FinalTally {
    pub fn of(results: impl IntoIterator<Item = FinalResult>) -> Self {
        let mut t = FinalTally::default();
        for r in results {
            match r {
                FinalResult::Done => t.done += 1,
                FinalResult::MostlyDone => t.mostly_done += 1,
                FinalResult::NotDone => t.not_done += 1,
            }
        }
        t
    }
}
