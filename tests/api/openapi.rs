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
    let mut in_router: Vec<(String, String)> = duban::http::api_routes()
        .iter()
        .map(|r| (r.method.name().to_uppercase(), format!("/api/v1{}", r.path)))
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
            if path == "/healthz" || path == "/livez" {
                continue;
            }
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("400"), "{method} {path}");
            for (status, answer) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
                let r = &answer["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(r, "#/components/schemas/ErrorBody", "{method} {path} {status}");
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

/// Every handler in `backend/src/http/routes/` is declared in the route list (so it is both
/// routed and documented), and the list names no handler that is not there.
#[test]
fn every_handler_is_declared_once() {
    let dir = duban_tests::manifest_dir().join("../backend/src/http/routes");
    let mut in_source = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_str().unwrap().to_string();
        // Outside /api/v1: the health checks, the document itself and the public page.
        if module == "mod" || module == "health" || module == "docs" || module == "public_page" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub async fn ") {
                let name = &rest[..rest.find(['(', '<']).unwrap()];
                in_source.push(format!("duban::http::routes::{module}::{name}"));
            }
        }
    }
    let mut declared: Vec<String> = duban::http::api_routes()
        .iter()
        .map(|r| r.handler.to_string())
        .collect();
    in_source.sort();
    declared.sort();
    assert_eq!(
        declared, in_source,
        "a handler without its route declaration, or the reverse"
    );
}

/// Puts a harmless value in each `{param}` of a route's path (rows that do not exist).
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| match seg {
            "{period}" => "2024-06",
            "{year}" => "2099",
            s if s.starts_with('{') => "999999",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Each route of the document is served (no 404 or 405 from the router), and a route that
/// documents If-Match as required documents its 428 too. Whether the server really answers
/// 428 without it, exactly there, is checked by the permission matrix on real rows.
#[tokio::test]
async fn the_document_says_what_the_server_does() {
    let app = TestApp::spawn().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut wrong = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        // A method the path does not serve: 405, and Allow names exactly the documented ones.
        if path.starts_with("/api/v1/") {
            let mut documented: Vec<String> = item.as_object().unwrap().keys().map(|m| m.to_uppercase()).collect();
            documented.sort();
            let res = app
                .client
                .request(reqwest::Method::PATCH, app.url(&concrete(path)))
                .send()
                .await
                .unwrap();
            let allow = res
                .headers()
                .get("allow")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            if res.status() != 405 || allow != documented.join(", ") {
                wrong.push(format!(
                    "PATCH {path}: got {} with Allow {allow:?}, want 405 with {documented:?}",
                    res.status()
                ));
            }
        }
        for (method, op) in item.as_object().unwrap() {
            let url = concrete(path);
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let anonymous = app.client.request(m, app.url(&url)).send().await.unwrap();
            let status = anonymous.status().as_u16();
            let body = anonymous.text().await.unwrap();
            if status == 405 || (status == 404 && body.contains("no route")) {
                wrong.push(format!("{method} {path}: documented, but the router answers {status}"));
            }
            let documented_required = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == "If-Match" && p["in"] == "header" && p["required"] == true);
            let documents_428 = op["responses"].get("428").is_some();
            if path != "/livez" && op["responses"].get("503").is_none() {
                wrong.push(format!("{method} {path}: 503 (database unreachable) is not documented"));
            }
            if documented_required != documents_428 {
                wrong.push(format!(
                    "{method} {path}: If-Match required {documented_required}, 428 documented {documents_428}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
