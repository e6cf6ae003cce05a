//! Pieces that more than one page uses.

pub(crate) mod bars; // the dashboard's lights and bars, and the office's frame
pub(crate) mod case_card; // a 督查通知书 with its course and controls
pub(crate) mod chart;
pub(crate) mod co_notes; // co-units' 配合情况
mod date_input;
pub(crate) mod form; // the office editors' fields and conflict panel
pub(crate) mod message_bell; // the unread count in the header bar
pub(crate) mod office_frame;
mod plan_status;
pub(crate) mod record; // small records edited in tables: two-field forms, rows, removals
mod route_link;
mod status;
pub(crate) mod unit; // the unit workspace's pieces, and its chart

pub use date_input::DateInput;
pub use plan_status::{FinalResultTag, PlanStatusTag};
pub use route_link::RouteLink;
pub use status::{ErrorPanel, LoadingNotice};
