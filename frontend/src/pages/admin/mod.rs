//! Administration (督查室): the plans (a new year, an import, the editor of its header,
//! categories and items, publishing), the units, accounts, API tokens, the audit log.

pub mod audit;
pub mod item_editor;
pub mod plan_editor;
pub mod plans;
pub mod tokens;
pub mod units;
pub mod users;
pub mod year_end;
