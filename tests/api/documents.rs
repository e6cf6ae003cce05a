//! The plan as .xlsx and CSV, and briefings as JSON, a print page and .docx.

use std::io::{Cursor, Read};

use calamine::{Reader, Xlsx};
use duban_tests::{RequestHelper, TestApp};
use serde_json::{json, Value};

async fn app() -> TestApp {
    TestApp::spawn_mid_2024().await
}

#[tokio::test]
async fn the_xlsx_has_the_notices_table_with_all_25_items_in_order() {
    let app = app().await;
    let res = app.reader().get("/plans/2024/export.xlsx?as_of=2024-07-01").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("UTF-8''"));
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a readable xlsx");
    let sheet = wb.worksheet_range("民生实事").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows[0][0].contains("2024年开平市十件民生实事项目"));
    assert!(rows[1][0].contains("开府办〔2024〕8号"));
    assert_eq!(
        rows[2],
        vec![
            "项目分类",
            "序号",
            "具体内容",
            "节点计划",
            "责任单位",
            "最新进展",
            "完成度",
            "序时进度",
            "亮灯",
            "原因"
        ]
    );
    // 完成度 and 序时进度 are numbers the sheet can sort, shown as percentages (0–100 %).
    let pct = |r: &[String], col: usize| -> f64 { r[col].parse().unwrap_or_else(|_| panic!("{:?}", r[col])) };
    for r in &rows[3..] {
        assert!(
            (0.0..=1.0).contains(&pct(r, 6)) && (0.0..=1.0).contains(&pct(r, 7)),
            "{r:?}"
        );
    }
    assert!(
        rows[3..].iter().any(|r| pct(r, 7) > 0.0),
        "by July some progress is expected"
    );
    let numbers: Vec<String> = rows[3..].iter().map(|r| r[1].clone()).collect();
    assert_eq!(numbers, (1..=25).map(|n| n.to_string()).collect::<Vec<_>>());
    assert_eq!(rows[3][0], "一、提升医疗保障水平");
    assert!(rows[3][3].starts_with("3月31日前：贯彻落实2024年江门市医保待遇政策"));
    assert_eq!(rows[27][4], "市交通运输局");
    assert!(
        ["已完成", "正常", "滞后", "严重滞后"].contains(&rows[3][8].as_str()),
        "{}",
        rows[3][8]
    );
    assert!(!rows[3][9].is_empty(), "reasons are given");
    // The category cell spans its four items.
    let merged = wb.merge_cells_by_sheet_name("民生实事").expect("merges");
    assert!(
        merged.iter().any(|m| m.start == (3, 0) && m.end == (6, 0)),
        "{merged:?}"
    );
}

#[tokio::test]
async fn the_csv_opens_in_excel_as_chinese() {
    let app = app().await;
    let res = app.reader().get("/plans/2024/export.csv").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let bytes = res.bytes().await.unwrap().to_vec();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().get(0), Some("项目分类"));
    let records: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(records.len(), 25);
    assert_eq!(&records[24][4], "市交通运输局");
    assert_eq!(r.headers().unwrap().get(6), Some("完成度"));
    assert!(
        records.iter().all(|x| x[6].ends_with('%') && x[7].ends_with('%')),
        "完成度 and 序时进度 as percentages"
    );
    assert!(
        records[12][3].contains('\n'),
        "multi-paragraph milestones stay in one field"
    );
}

#[tokio::test]
async fn briefings_are_numbered_snapshots_in_three_forms() {
    let app = app().await;
    let office = app.admin().await;
    let preview = app
        .reader()
        .get_json("/plans/2024/briefing-preview?cut_off=2024-07-01", 200)
        .await;
    assert_eq!(preview["number"], 0);
    assert!(preview["title"].as_str().unwrap().ends_with("（预览）"));
    assert!(preview["overview"][0]
        .as_str()
        .unwrap()
        .starts_with("截至2024年7月1日，2024年开平市十件民生实事项目共25项"));

    let publish = |cut: &str| office.post("/plans/2024/briefings", json!({"cut_off": cut}));
    assert_eq!(publish("2024-08-01").await.status(), 422, "not after today");
    let first: Value = publish("2024-06-30").await.json().await.unwrap();
    let second: Value = publish("2024-07-01").await.json().await.unwrap();
    assert_eq!(first["number"], 1);
    assert_eq!(second["number"], 2);
    assert_eq!(second["title"], "2024年开平市十件民生实事项目推进情况通报（第2期）");
    assert_eq!(second["cut_off"], "2024-07-01");
    assert_eq!(
        second["published_by"], "督查室 · admin",
        "history names the office and the person"
    );
    assert_eq!(second["totals"]["total"], 25);
    let unit = app.as_user("rsj").await;
    let res = unit
        .post("/plans/2024/briefings", json!({"cut_off": "2024-07-01"}))
        .await;
    assert_eq!(res.status(), 403);

    let list = app.reader().get_json("/plans/2024/briefings", 200).await;
    assert_eq!(list["briefings"].as_array().unwrap().len(), 2);
    let id = second["id"].as_i64().unwrap();
    assert_eq!(app.reader().get_json(&format!("/briefings/{id}"), 200).await, second);

    let page = app.reader().get(&format!("/briefings/{id}/print")).await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("推进情况通报（第2期）") && html.contains("截至2024年7月1日") && html.contains("进度滞后事项")
    );

    let res = app.reader().get(&format!("/briefings/{id}/docx")).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("推进情况通报（第2期）"), "the Chinese title survives");
    assert!(xml.contains("截至2024年7月1日"));
    assert!(xml.contains("仿宋"), "an East Asian font is named");
}

/// A published briefing shows the office who has read it (in any form: JSON, print, docx);
/// readers are the active unit and leader accounts, unread first; only the office may ask.
#[tokio::test]
async fn a_briefing_shows_the_office_who_has_read_it() {
    let app = app().await;
    let office = app.admin().await;
    let b: Value = office
        .post("/plans/2024/briefings", json!({"cut_off": "2024-07-01"}))
        .await
        .json()
        .await
        .unwrap();
    let id = b["id"].as_i64().unwrap();
    let path = format!("/briefings/{id}/readers");
    let none = office.get_json(&path, 200).await;
    assert_eq!(none["read"], 0);
    // rsj, ybj and the leader: the office itself is not a reader.
    assert_eq!(none["total"], 3, "{none:#}");

    let unit = app.as_user("rsj").await;
    assert_eq!(unit.get(&format!("/briefings/{id}")).await.status(), 200);
    assert_eq!(unit.get(&format!("/briefings/{id}/docx")).await.status(), 200);
    assert_eq!(app.reader().get(&format!("/briefings/{id}/print")).await.status(), 200);
    // An API token reading it is nobody.
    assert_eq!(
        app.api_token_client(None)
            .get(&format!("/briefings/{id}"))
            .await
            .status(),
        200
    );
    let seen = office.get_json(&path, 200).await;
    assert_eq!(seen["read"], 2, "{seen:#}");
    let readers = seen["readers"].as_array().unwrap();
    assert_eq!(readers[0]["name"], "市医疗保障局 · ybj", "unread first: {seen:#}");
    assert!(readers[0]["read_at"].is_null());
    let rsj = readers.iter().find(|r| r["unit"]["code"] == "rsj").unwrap();
    assert!(rsj["read_at"].is_string());
    assert_eq!(rsj["role"], "unit");
    assert_eq!(app.db.count("briefing_reads"), 2, "a second read changes nothing");

    assert_eq!(unit.get(&path).await.status(), 403);
    assert_eq!(app.reader().get(&path).await.status(), 403);
    assert_eq!(office.get("/briefings/999999/readers").await.status(), 404);
}
