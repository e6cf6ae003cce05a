//! `GET /api/openapi.json` (the OpenAPI 3 document) and `GET /api/docs` (a readable page of
//! it, rendered here: no script, no CDN). Both are public: they describe the API, not data.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn document_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        crate::http::openapi::document()
            .to_pretty_json()
            .expect("the OpenAPI document serialises")
    })
}

pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document_json())
}

const DOCS_CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;\
max-width:1100px;margin:0 auto;padding:24px;color:#1f2328;line-height:1.5}h1{font-size:1.6em}\
section{border:1px solid #d0d7de;border-radius:6px;margin:12px 0;padding:8px 14px}\
.m{display:inline-block;min-width:64px;font-weight:bold;font-family:monospace}.p{font-family:monospace}\
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;font-size:.9em}\
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:.85em}details{margin:4px 0}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn schema_name(v: &Value) -> String {
    v.pointer("/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
        .unwrap_or_default()
}

fn page() -> String {
    let doc: Value = serde_json::from_str(document_json()).expect("valid JSON");
    let mut body = String::from("<h1>督办 Duban API</h1><p>机器可读文档：<a href=\"/api/openapi.json\">/api/openapi.json</a>（OpenAPI 3）。除登录外均需 <code>Authorization: Bearer …</code>。</p>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let params: Vec<String> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        format!(
                            "{} ({})",
                            p["name"].as_str().unwrap_or(""),
                            p["in"].as_str().unwrap_or("")
                        )
                    })
                    .collect();
                let body_schema = op.get("requestBody").map(schema_name).unwrap_or_default();
                let ok: Vec<String> = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(code, _)| code.starts_with('2'))
                    .map(|(code, r)| format!("{code} {}", schema_name(r)))
                    .collect();
                body.push_str(&format!(
                    "<section><div><span class=\"m\">{}</span> <span class=\"p\">{}</span> — {}</div>\
                     <table><tr><th>参数</th><td>{}</td></tr><tr><th>请求体</th><td>{}</td></tr><tr><th>成功响应</th><td>{}</td></tr></table></section>",
                    method.to_uppercase(),
                    esc(path),
                    esc(op["summary"].as_str().unwrap_or("")),
                    esc(&params.join(", ")),
                    esc(&body_schema),
                    esc(&ok.join("; ")),
                ));
            }
        }
    }
    body.push_str("<h2>数据结构</h2>");
    if let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            body.push_str(&format!(
                "<details id=\"{n}\"><summary>{n}</summary><pre>{}</pre></details>",
                esc(&serde_json::to_string_pretty(schema).unwrap_or_default()),
                n = esc(name)
            ));
        }
    }
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>督办 API 文档</title><style>{DOCS_CSS}</style></head><body>{body}</body></html>"
    )
}

pub async fn docs_page() -> HttpResponse {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(DOCS_CSS.as_bytes()));
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'"),
        ))
        .body(page())
}
