//! The plan's table with lights, as a file.

use chrono::NaiveDate;

use super::client::ApiError;
use super::files::save_file;
use crate::query::query_string;

/// `GET /plans/{year}/export.{ext}?as_of=` (`ext` is `xlsx` or `csv`), saved as `file_name`.
pub async fn download_export(year: i32, ext: &str, as_of: Option<NaiveDate>, file_name: &str) -> Result<(), ApiError> {
    let q = query_string(&[("as_of", as_of.map(|d| d.to_string()))]);
    save_file(&format!("/plans/{year}/export.{ext}{q}"), file_name).await
}
