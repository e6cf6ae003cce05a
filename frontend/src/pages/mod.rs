//! One file per page.

mod home;
mod item;
mod not_found;
pub(crate) mod plan;

pub use home::HomePage;
pub use item::ItemPage;
pub use not_found::NotFoundPage;
pub use plan::PlanPage;
