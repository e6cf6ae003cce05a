//! Bad requests get a 4xx with `{"error": {"code", "message"}}`, never a 500 or an HTML page.

use duban_tests::TestApp;

#[tokio::test]
async fn errors_have_the_json_shape_and_right_status() {
    let app = TestApp::spawn().await;
    let cases: &[(&str, u16, &str)] = &[
        ("/api/v1/plans/1999", 404, "not_found"),
        ("/api/v1/plans/abc", 400, "bad_request"),
        (
            "/api/v1/plans/2024/items?unit=nosuchunit",
            400,
            "bad_request",
        ),
        ("/api/v1/plans/2024/items?category=x", 400, "bad_request"),
        ("/api/v1/plans/2024/items?colour=red", 400, "bad_request"),
        ("/api/v1/plans/2023/items", 404, "not_found"),
        ("/api/v1/items/999999", 404, "not_found"),
        ("/api/v1/items/99999999999999", 400, "bad_request"),
        ("/api/v1/no/such/route", 404, "not_found"),
        ("/api/v2/plans", 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), *status, "{path}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/json",
            "{path}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], *code, "{path}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{path}"
        );
    }
}
