//! Administration (督查室): accounts, API tokens, the audit log. (Plans and units have no
//! editing API yet, so no plan editor here.)

pub mod audit;
pub mod tokens;
pub mod users;
