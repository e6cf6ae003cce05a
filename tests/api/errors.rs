//! Bad requests get a 4xx with `{"error": {"code", "message"}}`, never a 500 or an HTML page.

use duban_tests::{RequestHelper, TestApp};

#[tokio::test]
async fn errors_have_the_json_shape_and_right_status() {
    let app = TestApp::spawn().await;
    let cases: &[(&str, u16, &str)] = &[
        ("/api/v1/plans/1999", 404, "not_found"),
        ("/api/v1/plans/abc", 400, "bad_request"),
        ("/api/v1/plans/2024/items?unit=nosuchunit", 400, "bad_request"),
        ("/api/v1/plans/2024/items?category=x", 400, "bad_request"),
        ("/api/v1/plans/2024/items?colour=red", 400, "bad_request"),
        ("/api/v1/plans/2023/items", 404, "not_found"),
        ("/api/v1/items/999999", 404, "not_found"),
        ("/api/v1/items/99999999999999", 400, "bad_request"),
        ("/api/v1/no/such/route", 404, "not_found"),
        ("/api/v2/plans", 404, "not_found"),
    ];
    // Wrong method on a known path.
    let res = app
        .reader()
        .request(reqwest::Method::PATCH, "/plans/2024")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    for (path, status, code) in cases {
        // Absolute paths: one is outside /api/v1.
        let res = app
            .client
            .get(app.url(path))
            .bearer_auth(&app.reader)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), *status, "{path}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/json",
            "{path}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], *code, "{path}: {body}");
        assert!(
            body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn malformed_bodies_are_4xx_not_500() {
    let app = TestApp::spawn().await;
    let login = || app.anonymous().request(reqwest::Method::POST, "/auth/login");
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            login().header("content-type", "application/json").body("{not json"),
            400,
            "invalid_json",
        ),
        (
            login().json(&serde_json::json!({"username": 5, "password": "x"})),
            422,
            "validation",
        ),
        (login().json(&serde_json::json!({"username": "a"})), 422, "validation"),
        (
            login().header("content-type", "text/plain").body("hi"),
            415,
            "unsupported_media_type",
        ),
        (
            login().json(&serde_json::json!({"username": "x".repeat(300_000), "password": "p"})),
            413,
            "payload_too_large",
        ),
    ];
    for (i, (req, status, code)) in cases.into_iter().enumerate() {
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), status, "case {i}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "case {i}: {body}");
    }
}

/// The outside probe's findings: NUL in text, dates out of any plan's range and file names
/// that disguise themselves are refused with a code, before PostgreSQL sees them.
#[tokio::test]
async fn text_and_dates_postgresql_cannot_hold_are_refused_with_a_code() {
    let app = TestApp::spawn().await;
    let anon = app.anonymous();
    let office = app.admin().await;
    let code = |body: serde_json::Value| body["error"]["code"].as_str().unwrap_or("").to_string();

    let res = anon
        .post(
            "/auth/login",
            serde_json::json!({"username": "a\u{0}", "password": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        (code(body.clone()), body["error"]["fields"][0]["field"].clone()),
        ("validation".into(), serde_json::json!("username"))
    );
    assert_eq!(
        app.db.count("login_failures"),
        0,
        "a refused body is not a failed login"
    );

    for path in [
        "/plans/2024/export.csv?as_of=-9999-01-01",
        "/plans/2024/export.xlsx?as_of=%2B275760-01-01",
        "/items/1?as_of=0001-01-01",
        "/plans/2024/items?unit=a%00",
    ] {
        let res = office.get(path).await;
        assert_eq!(res.status(), 422, "{path}");
        assert_eq!(code(res.json().await.unwrap()), "validation", "{path}");
    }
    let res = office.get("/units/rsj%00").await;
    assert_eq!(res.status(), 400);

    let res = office
        .post("/plans/2024/briefings", serde_json::json!({"cut_off": "0001-06-30"}))
        .await;
    assert_eq!(res.status(), 422, "a cut-off in year 1");
    assert_eq!(app.db.count("briefings"), 0);

    let items = app.reader().get_json("/plans/2024/items?unit=rsj", 200).await;
    let mid = items["items"][0]["milestones"][0]["id"].as_i64().unwrap();
    let unit = app.as_user("rsj").await;
    for name in ["invoice%E2%80%AEfdp.pdf", "a%00.pdf", "a%0A.pdf", "%E2%81%A6x.pdf"] {
        let res = unit
            .request(
                reqwest::Method::POST,
                &format!("/milestones/{mid}/evidence?name={name}"),
            )
            .body(b"%PDF-1.7\n".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{name}");
    }
    assert_eq!(app.db.count("evidence"), 0);
}
