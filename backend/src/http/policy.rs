//! The one place that decides "may this caller do this to this row". The rules
//! themselves are the pure table in `duban_shared::permissions`; this turns a "no" into 403.

use duban_shared::permissions::{may, Action};

use super::auth::Caller;
use super::error::AppError;

/// Proof that the caller was allowed something: what a handler shows to read its body
/// ([`super::input::Json::read`]). Only [`authorize`] makes one.
#[derive(Debug, Clone, Copy)]
pub struct Authorized(());

/// The same question without refusing: for what is left out of an answer rather than refused.
pub fn permits(caller: &Caller, action: Action) -> bool {
    may(caller.actor, action)
}

pub fn authorize(caller: &Caller, action: Action) -> Result<Authorized, AppError> {
    if may(caller.actor, action) {
        Ok(Authorized(()))
    } else {
        tracing::info!(actor = ?caller.actor, ?action, "forbidden");
        Err(AppError::forbidden())
    }
}
