//! The OpenAPI document: public, complete (every route of the router is in it), and
//! snapshotted so that an API change shows up in review. After an intended change, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test api openapi` and commit tests/snapshots/openapi.json.

use duban_tests::TestApp;
use serde_json::Value;

fn snapshot_path() -> std::path::PathBuf {
    duban_tests::manifest_dir().join("snapshots/openapi.json")
}

#[tokio::test]
async fn every_route_is_in_the_document_and_nothing_else() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status(), 200, "public, no token needed");
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut in_doc: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let mut in_router: Vec<(String, String)> = duban::http::API_ROUTES
        .iter()
        .map(|(m, p)| (m.to_uppercase(), format!("/api/v1{p}")))
        .chain([
            ("GET".to_string(), "/healthz".to_string()),
            ("GET".to_string(), "/livez".to_string()),
        ])
        .collect();
    in_doc.sort();
    in_router.sort();
    assert_eq!(in_doc, in_router);

    // Every operation documents its errors with the one error shape, and every $ref resolves.
    let text = serde_json::to_string(&doc).unwrap();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            if path != "/healthz" && path != "/livez" {
                let r = &op["responses"]["403"]["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(r, "#/components/schemas/ErrorBody", "{method} {path}");
            }
        }
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

#[tokio::test]
async fn the_document_matches_the_reviewed_snapshot() {
    let app = TestApp::spawn().await;
    let live: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let live = serde_json::to_string_pretty(&live).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(snapshot_path(), &live).unwrap();
        return;
    }
    let saved = std::fs::read_to_string(snapshot_path()).unwrap_or_default();
    assert!(
        saved == live,
        "the API changed: review the difference, then run `UPDATE_SNAPSHOTS=1 cargo test --test api openapi` \
         and commit tests/snapshots/openapi.json"
    );
}

#[tokio::test]
async fn the_docs_page_is_served_without_any_cdn() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/docs").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains("/api/v1/plans/{year}/summary") && html.contains("ErrorBody"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched from elsewhere"
    );
}
