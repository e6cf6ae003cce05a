//! 主动公开: `GET /api/v1/public/plans/{year}` and `GET /public/{year}` need no login, show
//! accepted progress only, and never drafts, reports awaiting review or returned, problems,
//! notices, 批示, co-units' notes or anyone's name.

use duban_tests::{body, etag, if_match, RequestHelper, TestApp};
use serde_json::{json, Value};

/// Writes, submits and (optionally) decides a report; returns nothing, panics on a refusal.
async fn report(
    app: &TestApp,
    unit: &str,
    number: i64,
    period: &str,
    progress: &str,
    value: Option<f64>,
    decide: Option<&str>,
) {
    let (id, inds) = app.item_ids(number).await;
    let client = app.as_user(unit).await;
    let base = format!("/items/{id}/reports");
    let res = client.post(&base, json!({"period": period})).await;
    let v = etag(&res);
    body(res, 201).await;
    let values: Vec<Value> = inds
        .iter()
        .map(|i| json!({"indicator_id": i, "value": value.unwrap_or(1.0)}))
        .collect();
    let content =
        json!({"progress": progress, "problems": "问题SECRET戊", "next_steps": "下步SECRET", "values": values});
    let res = client.if_match(&v).put(&format!("{base}/{period}"), content).await;
    let v = etag(&res);
    body(res, 200).await;
    if decide.is_none() && value.is_none() {
        return; // left as a draft
    }
    let res = client.if_match(&v).post_empty(&format!("{base}/{period}/submit")).await;
    let v = etag(&res);
    body(res, 200).await;
    let office = app.admin().await;
    match decide {
        Some("accept") => {
            body(
                office.if_match(&v).post_empty(&format!("{base}/{period}/accept")).await,
                200,
            )
            .await;
        }
        Some("return") => {
            body(
                office
                    .if_match(&v)
                    .post(&format!("{base}/{period}/return"), json!({"reason": "退回理由SECRET"}))
                    .await,
                200,
            )
            .await;
        }
        _ => {}
    }
}

const SECRETS: [&str; 12] = [
    "草稿SECRET乙",
    "待审SECRET丙",
    "退回SECRET丁",
    "退回理由SECRET",
    "问题SECRET戊",
    "下步SECRET",
    "通知SECRET己",
    "批示SECRET庚",
    "配合SECRET辛",
    "1234个",
    "\"rsj\"",
    "admin",
];

#[tokio::test]
async fn the_public_sees_accepted_progress_and_nothing_internal() {
    let app = TestApp::spawn_mid_2024().await;
    // Item 5: June accepted (public), July a draft. Item 6: June awaiting review, with a
    // figure that must not move its public light. Item 1: June returned.
    report(
        &app,
        "rsj",
        5,
        "2024-06",
        "公开进展ACCEPTED甲",
        Some(3100.0),
        Some("accept"),
    )
    .await;
    report(&app, "rsj", 5, "2024-07", "草稿SECRET乙", None, None).await;
    report(&app, "rsj", 6, "2024-06", "待审SECRET丙", Some(1234.0), None).await;
    report(&app, "ybj", 1, "2024-06", "退回SECRET丁", Some(1.0), Some("return")).await;
    let office = app.admin().await;
    let (id5, _) = app.item_ids(5).await;
    body(
        office
            .post(
                &format!("/items/{id5}/notices"),
                json!({"reason": "通知SECRET己", "grade": "blue"}),
            )
            .await,
        201,
    )
    .await;
    body(
        app.as_user("leader")
            .await
            .post(&format!("/items/{id5}/instructions"), json!({"text": "批示SECRET庚"}))
            .await,
        201,
    )
    .await;
    let ybj = app.unit_id("ybj");
    app.db.execute(&format!(
        "INSERT INTO item_co_units (item_id, unit_id) VALUES ({id5}, {ybj})"
    ));
    body(
        app.as_user("ybj")
            .await
            .post(
                &format!("/items/{id5}/co-notes"),
                json!({"period": "2024-06", "note": "配合SECRET辛"}),
            )
            .await,
        201,
    )
    .await;

    let anonymous = app.anonymous();
    let res = anonymous.get("/public/plans/2024").await;
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    let tag = res.headers()["etag"].to_str().unwrap().to_string();
    let text = res.text().await.unwrap();
    let plan: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(plan["categories"].as_array().unwrap().len(), 10);
    let item5 = &plan["categories"][1]["items"][0];
    assert_eq!(item5["number"], 5);
    assert_eq!(
        item5["progress"],
        json!({"period": "2024-06", "text": "公开进展ACCEPTED甲"})
    );
    assert_eq!(item5["lead_unit"], "市人力资源和社会保障局");
    assert!(
        plan["categories"][1]["items"][1]["progress"].is_null(),
        "item 6's June report is not accepted yet"
    );
    for secret in SECRETS {
        assert!(!text.contains(secret), "the public JSON holds {secret}");
    }
    // Unchanged: 304 for the tag held.
    let again = app
        .client
        .get(app.url("/api/v1/public/plans/2024"))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // The page: no login, no script, the same facts and none of the secrets.
    let page = app.client.get(app.url("/public/2024")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("公开进展ACCEPTED甲") && html.contains("第25项") && html.contains("市人力资源和社会保障局"));
    assert!(!html.contains("<script"));
    for secret in SECRETS {
        assert!(!html.contains(secret), "the public page holds {secret}");
    }
}

#[tokio::test]
async fn drafts_and_switched_off_plans_are_not_public() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    body(admin.post("/plans/import", duban_tests::plan_file_for(2025)).await, 201).await;
    assert_eq!(app.anonymous().get("/public/plans/2025").await.status(), 404);
    assert_eq!(
        app.client.get(app.url("/public/2025")).send().await.unwrap().status(),
        404
    );
    assert_eq!(app.anonymous().get("/public/plans/2031").await.status(), 404);

    let plan = admin.get_json("/plans/2024", 200).await;
    assert_eq!(plan["public_page"], true);
    let off = json!({"year": 2024, "title": plan["title"], "notice_title": plan["notice_title"], "doc_number": plan["doc_number"],
        "issuer": plan["issuer"], "issued_on": plan["issued_on"], "first_report_due": plan["first_report_due"],
        "report_grace_days": plan["report_grace_days"], "settings": plan["settings"], "cases": plan["cases"], "public_page": false});
    let saved = body(
        admin.if_match(if_match(&plan["version"])).put("/plans/2024", off).await,
        200,
    )
    .await;
    assert_eq!(saved["public_page"], false);
    assert_eq!(app.anonymous().get("/public/plans/2024").await.status(), 404);
    assert_eq!(
        app.client.get(app.url("/public/2024")).send().await.unwrap().status(),
        404
    );
}
