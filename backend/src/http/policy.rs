//! The one place that decides "may this caller do this to this row". The rules
//! themselves are the pure table in `duban_shared::permissions`; this turns a "no" into 403.

use duban_shared::permissions::{may, Action};

use super::auth::Caller;
use super::error::AppError;

pub fn authorize(caller: &Caller, action: Action) -> Result<(), AppError> {
    if may(caller.actor, action) {
        Ok(())
    } else {
        tracing::info!(actor = ?caller.actor, ?action, "forbidden");
        Err(AppError::forbidden())
    }
}
