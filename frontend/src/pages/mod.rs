//! One file per page.

mod home;
mod item;
mod login;
mod not_found;
mod password;
pub(crate) mod plan;

pub use home::HomePage;
pub use item::ItemPage;
pub use login::{LoginPage, LoginQuery};
pub use not_found::NotFoundPage;
pub use password::PasswordPage;
pub use plan::PlanPage;
