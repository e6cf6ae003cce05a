//! A plan's items: one item, the filtered list, a unit's items, an item's chart figures,
//! and the office's edits.

use chrono::NaiveDate;
use duban_shared::api::{ItemDetail, ItemList};
use duban_shared::lights::Colour;
use duban_shared::plan_edit::ItemInput;
use duban_shared::summary::SeriesResponse;
use gloo_net::http::Method;
use serde::{Deserialize, Serialize};

use super::client::{create_or_update, get_json, write_empty, ApiError, NO_BODY};
use crate::query::{encode, query_string};

/// `GET /items/{id}`.
pub async fn item(id: i32) -> Result<ItemDetail, ApiError> {
    get_json(&format!("/items/{id}")).await
}

/// The filters of the item list page, as in its URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

impl ItemFilter {
    pub fn colour(&self) -> Option<Colour> {
        self.light.as_deref().and_then(Colour::parse)
    }
}

/// `GET /plans/{year}/items?light=&unit=&category=&as_of=`.
pub async fn items(year: i32, f: &ItemFilter) -> Result<ItemList, ApiError> {
    let q = query_string(&[
        ("light", f.light.clone()),
        ("unit", f.unit.clone()),
        ("category", f.category.map(|c| c.to_string())),
        ("as_of", f.as_of.map(|d| d.to_string())),
        ("per_page", Some("500".to_string())),
    ]);
    get_json(&format!("/plans/{year}/items{q}")).await
}

/// A unit's items in a plan, with their lights.
/// The items a unit helps on as a co-unit (配合单位).
pub async fn co_unit_items(year: i32, unit: &str) -> Result<ItemList, ApiError> {
    get_json(&format!("/plans/{year}/items?co_unit={}&per_page=500", encode(unit))).await
}

pub async fn unit_items(year: i32, unit: &str) -> Result<ItemList, ApiError> {
    get_json(&format!("/plans/{year}/items?unit={}&per_page=500", encode(unit))).await
}

/// `GET /items/{id}/series`: each indicator's target line and reported values.
pub async fn item_series(item_id: i32) -> Result<SeriesResponse, ApiError> {
    get_json(&format!("/items/{item_id}/series")).await
}

/// `POST /plans/{year}/items` or, with the item's id and version, `PUT /items/{id}`: the
/// item whole, with its milestones and indicators.
pub async fn save_item(year: i32, existing: Option<(i32, i32)>, body: &ItemInput) -> Result<ItemDetail, ApiError> {
    create_or_update(&format!("/plans/{year}/items"), "/items", existing, body).await
}

/// `DELETE /items/{id}` (refused once work hangs on it).
pub async fn delete_item(id: i32, version: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/items/{id}"), NO_BODY, Some(version)).await
}
