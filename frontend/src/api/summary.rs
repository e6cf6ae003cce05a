//! The leaders' one-screen summary of a plan.

use chrono::NaiveDate;
use duban_shared::summary::Summary;

use super::client::{get_json, ApiError};
use crate::query::query_string;

/// `GET /plans/{year}/summary?as_of=`.
pub async fn summary(year: i32, as_of: Option<NaiveDate>) -> Result<Summary, ApiError> {
    let q = query_string(&[("as_of", as_of.map(|d| d.to_string()))]);
    get_json(&format!("/plans/{year}/summary{q}")).await
}
