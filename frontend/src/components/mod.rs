//! Pieces that more than one page uses.

mod route_link;
mod status;

pub use route_link::RouteLink;
pub use status::{ErrorPanel, LoadingNotice};
