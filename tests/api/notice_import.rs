//! `POST /api/v1/plans/import` with the notice itself: its text or a .docx, `?dry_run=true`,
//! `?year=`, and files that are not a notice.

use std::io::Write;

use duban_tests::client::{send_oversized, OversizedBody, RequestHelper, User};
use duban_tests::{body, manifest_dir, TestApp};
use reqwest::Method;
use serde_json::Value;

const TEXT: &str = "text/plain; charset=utf-8";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn seed_text() -> Vec<u8> {
    std::fs::read(manifest_dir().join("../data/notices/2024-kaiping.txt")).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(manifest_dir().join("fixtures/notices").join(name)).unwrap()
}

async fn send(client: &impl RequestHelper, path: &str, content_type: &str, bytes: Vec<u8>) -> reqwest::Response {
    client
        .request(Method::POST, path)
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

fn items(plan: &Value) -> Vec<&Value> {
    plan["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap())
        .collect()
}

/// An item as its facts: everything but ids, versions, lights, and the year of its dates.
fn facts(item: &Value) -> Value {
    let day = |d: &Value| d.as_str().unwrap()[5..].to_string();
    let milestones: Vec<Value> = item["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| serde_json::json!([day(&m["due_date"]), m["target_text"]]))
        .collect();
    let mut indicators: Vec<String> = item["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let targets: Vec<String> = i["targets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| format!("{}={}", day(&t["due_date"]), t["target"]))
                .collect();
            format!(
                "{} {} {} {}",
                i["measure"],
                i["kind"],
                i["final_target"],
                targets.join(",")
            )
        })
        .collect();
    indicators.sort();
    serde_json::json!({
        "number": item["number"], "category": [item["category_ordinal"], item["category_title"]],
        "content": item["content"], "lead_unit": [item["lead_unit"]["name"], item["lead_unit"]["code"]],
        "co_units": item["co_units"], "milestones": milestones, "indicators": indicators,
    })
}

#[tokio::test]
async fn the_seed_text_read_with_dry_run_is_the_bundled_plan_field_by_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bundled = admin.get_json("/plans/2024", 200).await;
    let plans_before = app.db.count("plans");
    let items_before = app.db.count("items");

    let res = send(&admin, "/plans/import?year=2030&dry_run=true", TEXT, seed_text()).await;
    let read = body(res, 200).await;
    assert_eq!(read["dry_run"], true);
    assert_eq!(read["year"], 2030);
    for field in ["title", "notice_title", "doc_number", "issuer"] {
        assert_eq!(read[field], bundled[field], "{field}");
    }
    assert_eq!(read["issued_on"], bundled["issued_on"]);
    assert_eq!(read["first_report_due"], "2030-03-31");
    let (got, want) = (items(&read), items(&bundled));
    assert_eq!(got.len(), 25);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(facts(g), facts(w), "item {}", w["number"]);
    }
    // What it was unsure of is listed, by line, and none of it blocks.
    let problems = read["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["line"] == 43 && p["message"].as_str().unwrap().starts_with("第8项")),
        "{problems:?}"
    );
    assert!(problems.iter().all(|p| p["blocking"] == false));
    // Nothing was saved.
    assert_eq!(app.db.count("plans"), plans_before);
    assert_eq!(app.db.count("items"), items_before);
    assert_eq!(admin.get("/plans/2030").await.status(), 404);
}

#[tokio::test]
async fn a_notice_imports_as_a_draft_with_its_co_units() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = send(&admin, "/plans/import", TEXT, fixture("2031-quarters-co-units.txt")).await;
    let plan = body(res, 201).await;
    assert_eq!(
        (
            plan["year"].as_i64(),
            plan["status"].as_str(),
            plan["dry_run"].as_bool()
        ),
        (Some(2031), Some("draft"), Some(false))
    );
    let shown = admin.get_json("/plans/2031", 200).await;
    let first = items(&shown)[0].clone();
    let co: Vec<&str> = first["co_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(co, ["市住建局", "市自然资源局"]);
    // A unit the directory already had keeps its code; a new one gets a free code.
    let roads = items(&shown)[2].clone();
    assert_eq!(roads["lead_unit"]["code"], "jtj");
    assert_eq!(roads["milestones"][1]["due_date"], "2031-06-30");
    assert!(app.db.count("units") > 10);
    // The same year again: 409, for a dry run too.
    let again = send(
        &admin,
        "/plans/import?dry_run=true",
        TEXT,
        fixture("2031-quarters-co-units.txt"),
    )
    .await;
    assert_eq!(body(again, 409).await["error"]["code"], "conflict");
}

#[tokio::test]
async fn a_notice_saved_as_gbk_reads_the_same() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let text = String::from_utf8(seed_text()).unwrap();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    let as_utf8 = body(
        send(&admin, "/plans/import?year=2030&dry_run=true", TEXT, seed_text()).await,
        200,
    )
    .await;
    let as_gbk = body(
        send(
            &admin,
            "/plans/import?year=2030&dry_run=true",
            "text/plain",
            gbk.into_owned(),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        items(&as_gbk).iter().map(|i| facts(i)).collect::<Vec<_>>(),
        items(&as_utf8).iter().map(|i| facts(i)).collect::<Vec<_>>()
    );
    assert_eq!(as_gbk["notice_title"], as_utf8["notice_title"]);
}

#[tokio::test]
async fn a_docx_notice_reads_its_table() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = send(
        &admin,
        "/plans/import?dry_run=true",
        DOCX,
        fixture("2032-merged-rows.docx"),
    )
    .await;
    let read = body(res, 200).await;
    assert_eq!(read["year"], 2032);
    assert_eq!(read["doc_number"], "某府办〔2032〕7号");
    assert_eq!(read["first_report_due"], "2032-04-30");
    let all = items(&read);
    assert_eq!(
        all.iter().map(|i| i["number"].as_i64().unwrap()).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        all.iter()
            .map(|i| i["category_ordinal"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 1, 2]
    );
    assert_eq!(all[0]["lead_unit"]["code"], "zjj");
    let co: Vec<&str> = all[0]["co_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(co, ["各镇（街）", "市财政局"]);
    let dues: Vec<&str> = all[0]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["due_date"].as_str().unwrap())
        .collect();
    assert_eq!(dues, ["2032-03-31", "2032-09-30", "2032-12-31"]);
    assert_eq!(all[0]["milestones"][1]["target_text"], "开工改造老旧小区8个。");
    let targets: Vec<f64> = all[0]["indicators"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_f64().unwrap())
        .collect();
    assert_eq!(targets, [8.0, 12.0]);
    assert_eq!(all[2]["milestones"][1]["due_date"], "2032-12-31");
    assert_eq!(app.db.count("plans"), 1, "a dry run saves nothing");
    let saved = send(&admin, "/plans/import", DOCX, fixture("2032-merged-rows.docx")).await;
    assert_eq!(body(saved, 201).await["status"], "draft");
}

fn zip_with_document(document: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).unwrap();
        z.write_all(document).unwrap();
        z.finish().unwrap();
    }
    out.into_inner()
}

/// POSTs a file to `path`; a file the server refuses by its size (413) before reading it is
/// sent so that the early answer is heard (see `send_oversized`). The status and the body.
async fn import(
    app: &TestApp,
    admin: &User<'_>,
    path: &str,
    content_type: &str,
    bytes: &[u8],
    status: u16,
) -> (u16, String) {
    if status == 413 {
        let auth = format!("Bearer {}", admin.token);
        let headers = [("Authorization", auth.as_str()), ("Content-Type", content_type)];
        send_oversized(app, "POST", path, &headers, OversizedBody::Bytes(bytes.to_vec())).await
    } else {
        let res = admin
            .request(Method::POST, path)
            .header("content-type", content_type)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path} ({content_type}, {} bytes): {e:?}", bytes.len()));
        (res.status().as_u16(), res.text().await.unwrap())
    }
}

#[tokio::test]
async fn bad_files_are_refused_with_their_problems_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let plans = app.db.count("plans");
    let no_number =
        "2033年某市民生实事项目\n项目分类\t具体内容\t节点计划\t责任单位\n一、甲\t内容\t3月31日前：甲\t市甲局\n";
    let bad_date =
        "某府办〔2033〕1号\n项目分类\t序号\t具体内容\t节点计划\t责任单位\n一、甲\t1\t内容\t2月30日前：甲\t市甲局\n";
    let mut bomb = Vec::with_capacity(40 * 1024 * 1024);
    bomb.resize(40 * 1024 * 1024, b' ');
    let bomb = zip_with_document(&bomb);
    assert!(bomb.len() < 1024 * 1024, "a small file that unpacks to 40 MB");
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(30 * 1024 * 1024, 0);
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("empty", TEXT, Vec::new(), 422, "为空"),
        (
            "not the notice",
            TEXT,
            "这不是一份通知。\n只是两行字。".as_bytes().to_vec(),
            422,
            "未找到事项表格",
        ),
        ("no 序号", TEXT, no_number.as_bytes().to_vec(), 422, "序号"),
        ("a date that is not", TEXT, bad_date.as_bytes().to_vec(), 422, "2月30日"),
        (
            "neither UTF-8 nor GBK",
            TEXT,
            vec![0xFF, 0xFE, 0xFD, 0x80, b'\n'],
            422,
            "UTF-8",
        ),
        ("a NUL", TEXT, b"abc\0def\n".to_vec(), 422, "控制字符"),
        ("a 30 MB docx", DOCX, huge, 413, ""),
        ("a zip bomb", DOCX, bomb, 413, "过大"),
        ("not a docx", DOCX, b"PK\x03\x04 broken".to_vec(), 422, "docx"),
        (
            "a docx with no table",
            DOCX,
            zip_with_document(
                b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>",
            ),
            422,
            "未找到事项表格",
        ),
        ("another type", "application/pdf", b"%PDF-1.4".to_vec(), 415, ""),
    ];
    for (what, content_type, bytes, status, says) in cases {
        let (got, text) = import(&app, &admin, "/plans/import?dry_run=true", content_type, &bytes, status).await;
        assert_eq!(got, status, "{what}: {text}");
        let err: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        assert!(err["error"]["code"].is_string(), "{what}: {err}");
        assert!(err.to_string().contains(says), "{what}: {err}");
        if status == 422
            && what != "empty"
            && what != "neither UTF-8 nor GBK"
            && what != "a NUL"
            && what != "not a docx"
        {
            assert!(
                err["error"]["fields"][0]["field"]
                    .as_str()
                    .unwrap()
                    .starts_with("line "),
                "{what}: {err}"
            );
        }
        let (got, _) = import(&app, &admin, "/plans/import", content_type, &bytes, status).await;
        assert_eq!(got, status, "{what}, not a dry run");
    }
    let absurd = send(&admin, "/plans/import?year=99999&dry_run=true", TEXT, seed_text()).await;
    assert_eq!(body(absurd, 422).await["error"]["code"], "validation");
    assert_eq!(app.db.count("plans"), plans);
}

#[tokio::test]
async fn only_the_office_imports_and_outsiders_hear_nothing_of_the_file() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let res = send(&anonymous, "/plans/import?dry_run=true", TEXT, b"\0".to_vec()).await;
    assert_eq!(res.status(), 401);
    for user in ["leader", "rsj"] {
        let client = app.as_user(user).await;
        let res = send(&client, "/plans/import?dry_run=true", TEXT, seed_text()).await;
        assert_eq!(body(res, 403).await["error"]["code"], "forbidden", "{user}");
    }
}
