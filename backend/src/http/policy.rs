//! The one place that decides "may this principal do this to this row". The rules
//! themselves are the pure table in `duban_shared::permissions`; this turns a "no" into 403.

use duban_shared::permissions::{may, Action};

use super::auth::Principal;
use super::error::AppError;

pub fn authorize(principal: &Principal, action: Action) -> Result<(), AppError> {
    if may(principal.actor(), action) {
        Ok(())
    } else {
        tracing::info!(actor = ?principal.actor(), ?action, "forbidden");
        Err(AppError::forbidden())
    }
}
