//! One file per page.

pub(crate) mod admin; // leaders and the office: dashboard, item list, office, administration
pub(crate) mod dashboard;
pub(crate) mod evaluation; // a deputy's ballot
pub(crate) mod home;
mod item;
pub(crate) mod items;
mod login;
mod messages;
pub(crate) mod my_items; // the unit workspace: /my-items, /todo, the report form
mod not_found;
pub(crate) mod office;
mod password;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod todo;
pub(crate) mod years; // the dashboard's year switch and last year's comparison

pub use home::HomePage;
pub use item::ItemPage;
pub use login::{LoginPage, LoginQuery};
pub use messages::MessagesPage;
pub use not_found::NotFoundPage;
pub use password::PasswordPage;
pub use plan::PlanPage;
