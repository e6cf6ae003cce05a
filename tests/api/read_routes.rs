//! The read endpoints of SPEC §6 for plans and items, and /healthz.

use duban_shared::api::{ItemDetail, ItemList, PlanList};
use duban_tests::{body, RequestHelper, TestApp};

#[tokio::test]
async fn plans_lists_the_2024_plan() {
    let app = TestApp::spawn().await;
    let list: PlanList = serde_json::from_value(app.reader().get_json("/plans", 200).await).unwrap();
    assert_eq!(list.plans.len(), 1);
    assert_eq!(list.plans[0].year, 2024);
    assert_eq!(list.plans[0].item_count, 25);
}

#[tokio::test]
async fn plan_items_filter_by_unit_and_category() {
    let app = TestApp::spawn().await;
    let all: ItemList = serde_json::from_value(app.reader().get_json("/plans/2024/items", 200).await).unwrap();
    assert_eq!(all.total, 25);
    assert_eq!(
        all.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        (1..=25).collect::<Vec<_>>()
    );

    let cgj: ItemList = serde_json::from_value(app.reader().get_json("/plans/2024/items?unit=cgj", 200).await).unwrap();
    assert_eq!(
        cgj.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        vec![13, 14, 15, 16, 21]
    );

    let by_id = cgj.items[0].lead_unit.id;
    let same: ItemList = serde_json::from_value(
        app.reader()
            .get_json(&format!("/plans/2024/items?unit={by_id}"), 200)
            .await,
    )
    .unwrap();
    assert_eq!(same.total, 5);

    let cat5: ItemList =
        serde_json::from_value(app.reader().get_json("/plans/2024/items?category=5", 200).await).unwrap();
    assert_eq!(
        cat5.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        vec![13, 14, 15, 16]
    );

    let both: ItemList = serde_json::from_value(
        app.reader()
            .get_json("/plans/2024/items?category=7&unit=cgj", 200)
            .await,
    )
    .unwrap();
    assert_eq!(both.items.iter().map(|i| i.number).collect::<Vec<_>>(), vec![21]);
}

#[tokio::test]
async fn an_item_reads_whole() {
    let app = TestApp::spawn().await;
    let all: ItemList = serde_json::from_value(app.reader().get_json("/plans/2024/items", 200).await).unwrap();
    let five = all.items.iter().find(|i| i.number == 5).unwrap();
    let item: ItemDetail =
        serde_json::from_value(app.reader().get_json(&format!("/items/{}", five.id), 200).await).unwrap();
    assert_eq!(&item, five);
    assert_eq!(item.category_title, "提高就业创业保障水平");
    assert_eq!(item.lead_unit.code, "rsj");
    assert_eq!(item.plan_year, 2024);
}

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = TestApp::spawn().await;
    let body = body(app.get("/healthz").await, 200).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/api/v1/plans", "/api/v1/nope"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn reads_carry_etags_and_answer_304_when_unchanged() {
    let app = TestApp::spawn().await;
    let reader = app.reader();
    let res = reader.get("/plans/2024").await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    let revalidate = |path: &str| {
        reader
            .request(reqwest::Method::GET, path)
            .header("If-None-Match", &etag)
            .send()
    };
    let again = revalidate("/plans/2024").await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    // Another day's lights are another representation.
    let other = revalidate("/plans/2024?as_of=2024-03-01").await.unwrap();
    assert_eq!(other.status(), 200);
}

#[tokio::test]
async fn lists_paginate() {
    let app = TestApp::spawn().await;
    let page2: ItemList =
        serde_json::from_value(app.reader().get_json("/plans/2024/items?per_page=10&page=2", 200).await).unwrap();
    assert_eq!((page2.total, page2.page, page2.per_page), (25, 2, 10));
    assert_eq!(
        page2.items.iter().map(|i| i.number).collect::<Vec<_>>(),
        (11..=20).collect::<Vec<_>>()
    );
    let page3: ItemList =
        serde_json::from_value(app.reader().get_json("/plans/2024/items?per_page=10&page=3", 200).await).unwrap();
    assert_eq!(page3.items.len(), 5);
    let past: ItemList =
        serde_json::from_value(app.reader().get_json("/plans/2024/items?per_page=10&page=9", 200).await).unwrap();
    assert!(past.items.is_empty());
    for bad in ["per_page=0", "per_page=501", "page=0"] {
        let body = app.reader().get_json(&format!("/plans/2024/items?{bad}"), 400).await;
        assert_eq!(body["error"]["code"], "bad_request", "{bad}");
    }
}
