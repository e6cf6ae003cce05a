//! The audit log.

use duban_shared::auth::AuditPage;

use super::client::{get_json, ApiError};
use crate::query::query_string;

/// The audit log's filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub entity: String,
    pub action: String,
    pub actor: String,
    pub before: Option<i64>,
}

/// `GET /audit?entity=&action=&actor=&before=&limit=`.
pub async fn audit(f: AuditFilter) -> Result<AuditPage, ApiError> {
    let q = query_string(&[
        ("entity", Some(f.entity.trim().to_string())),
        ("action", Some(f.action.trim().to_string())),
        ("actor", Some(f.actor.trim().to_string())),
        ("before", f.before.map(|b| b.to_string())),
        ("limit", Some("50".to_string())),
    ]);
    get_json(&format!("/audit{q}")).await
}
