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
