//! The plan as .xlsx and CSV, and briefings as JSON, a print page and .docx.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use duban_tests::{body, docx_document_xml, etag, RequestHelper, TestApp};
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

/// A draft of a briefing (its id, its ETag) made by the office as of `cut_off`.
async fn draft(office: &impl RequestHelper, cut_off: &str) -> (i64, String) {
    let res = office.post("/plans/2024/briefings", json!({"cut_off": cut_off})).await;
    let v = etag(&res);
    let b = body(res, 201).await;
    (b["id"].as_i64().unwrap(), v)
}

/// Publishes the draft `id` at version `v`; the published issue.
async fn publish(office: &impl RequestHelper, id: i64, v: &str) -> Value {
    body(
        office.if_match(v).post_empty(&format!("/briefings/{id}/publish")).await,
        200,
    )
    .await
}

/// The office drafts a briefing, writes in it, and publishes it: the number is fixed then
/// (per year, in order, never reused), its figures are frozen, every unit and leader is told,
/// and its Word file and print page carry the office's own words in 公文 layout.
#[tokio::test]
async fn a_briefing_is_drafted_edited_and_published() {
    let app = app().await;
    let office = app.admin().await;
    let preview = app
        .reader()
        .get_json("/plans/2024/briefing-preview?cut_off=2024-07-01", 200)
        .await;
    assert_eq!(preview["number"], 0);
    assert!(preview["overview"][0]
        .as_str()
        .unwrap()
        .starts_with("截至2024年7月1日，2024年开平市十件民生实事项目共25项"));

    assert_eq!(
        office
            .post("/plans/2024/briefings", json!({"cut_off": "2024-08-01"}))
            .await
            .status(),
        422,
        "not after today"
    );
    let (id, v1) = draft(&office, "2024-07-01").await;
    let res = office.get(&format!("/briefings/{id}")).await;
    assert_ne!(
        res.headers()["etag"],
        "\"1\"",
        "a draft's figures follow the data: its ETag is not its version"
    );
    let d = body(res, 200).await;
    assert_eq!(d["status"], "draft");
    assert_eq!(d["number"], 0, "a draft has no number");
    assert!(d["issued_on"].is_null());
    assert_eq!(d["issuer"], "开平市人民政府办公室");
    assert_eq!(d["title"], "2024年开平市十件民生实事项目推进情况通报");
    // Filled with the computed sections: overall counts, by category, lagging items with their
    // reasons, compliance, ranking.
    assert!(d["sections"]["overall"]
        .as_str()
        .unwrap()
        .starts_with("截至2024年7月1日"));
    assert_eq!(d["by_category"].as_array().unwrap().len(), 10);
    assert_eq!(
        d["ranking"].as_array().unwrap().len(),
        d["ranking"].as_array().unwrap().len()
    );
    assert!(!d["ranking"].as_array().unwrap().is_empty());
    assert_eq!(d["lagging"], preview["lagging"]);
    assert_eq!(d["totals"], preview["totals"]);
    for part in ["overall", "progress", "problems", "next_steps"] {
        assert!(
            !d["sections"][part].as_str().unwrap().is_empty(),
            "{part} is filled: {d:#}"
        );
    }

    // Drafts are the office's alone.
    let unit = app.as_user("rsj").await;
    for path in [
        format!("/briefings/{id}"),
        format!("/briefings/{id}/print"),
        format!("/briefings/{id}/docx"),
    ] {
        assert_eq!(unit.get(&path).await.status(), 404, "{path}");
        assert_eq!(app.reader().get(&path).await.status(), 404, "{path}");
    }
    let listed = app.reader().get_json("/plans/2024/briefings", 200).await;
    assert_eq!(
        listed["briefings"].as_array().unwrap().len(),
        0,
        "the leader lists no draft"
    );
    let listed = office.get_json("/plans/2024/briefings", 200).await;
    assert_eq!(listed["briefings"][0]["status"], "draft");
    assert_eq!(
        unit.if_match(&v1)
            .put(
                &format!("/briefings/{id}"),
                json!({"title": "x", "issuer": "x", "sections": {}})
            )
            .await
            .status(),
        404
    );

    // The office writes its sections.
    let words = json!({
        "title": "2024年民生实事推进情况通报",
        "issuer": "开平市人民政府办公室",
        "sections": {
            "overall": "今年以来，各责任单位认真落实市委、市政府部署，民生实事总体推进有序。",
            "progress": "城镇新增就业提前完成序时任务。",
            "problems": "个别项目前期手续办理较慢。",
            "praise": "市人力资源和社会保障局推进有力，予以表扬。",
            "criticism": "市医疗保障局6月月报未按时报送，予以通报批评。",
            "next_steps": "各单位要倒排工期，确保年底前全面完成。"
        }
    });
    let stale = words.clone();
    let res = office.if_match(&v1).put(&format!("/briefings/{id}"), words).await;
    let v2 = etag(&res);
    let edited = body(res, 200).await;
    assert_eq!(edited["title"], "2024年民生实事推进情况通报");
    assert_eq!(
        edited["sections"]["praise"],
        "市人力资源和社会保障局推进有力，予以表扬。"
    );
    assert_eq!(edited["version"], 2);
    assert_eq!(
        body(office.if_match(&v1).put(&format!("/briefings/{id}"), stale).await, 412).await["error"]["code"],
        "precondition_failed",
        "an edit of an older version overwrites nothing"
    );
    let bad = json!({"title": "两行\n标题", "issuer": "", "sections": {"overall": "字".repeat(5001)}});
    let err = body(office.if_match(&v2).put(&format!("/briefings/{id}"), bad).await, 422).await;
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "issuer", "sections.overall"], "{err:#}");
    let unknown = json!({"title": "t", "issuer": "i", "sections": {"summary": "x"}});
    assert_eq!(
        office
            .if_match(&v2)
            .put(&format!("/briefings/{id}"), unknown)
            .await
            .status(),
        422,
        "a section Duban does not know is refused, not dropped"
    );

    // Its print page and Word file, before it is published, are marked a draft.
    let html = office
        .get(&format!("/briefings/{id}/print"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("草稿") && html.contains("个别项目前期手续办理较慢。"));

    // Published: number 1, dated today, sent to every unit and leader.
    assert_eq!(
        office.post_empty(&format!("/briefings/{id}/publish")).await.status(),
        428,
        "publishing names the version that was read"
    );
    let messages_before = app.db.count("messages");
    let first = publish(&office, id, &v2).await;
    assert_eq!(first["status"], "published");
    assert_eq!(first["number"], 1);
    assert_eq!(first["issued_on"], "2024-07-15");
    assert_eq!(first["published_by"], "督查室 · admin");
    assert_eq!(first["sections"]["progress"], "城镇新增就业提前完成序时任务。");
    // rsj, ybj and the leader.
    assert_eq!(app.db.count("messages") - messages_before, 3);
    let inbox = unit.get_json("/messages", 200).await;
    assert_eq!(inbox["messages"][0]["kind"], "briefing");
    assert_eq!(inbox["messages"][0]["link"], format!("/briefings/{id}"));
    // Publishing changed its version (its ETag): the draft's version is stale now.
    assert_eq!(first["version"], 3);
    assert_eq!(
        office
            .if_match(&v2)
            .post_empty(&format!("/briefings/{id}/publish"))
            .await
            .status(),
        412
    );
    let v_now = format!("\"{}\"", first["version"]);
    assert_eq!(
        office
            .if_match(&v_now)
            .post_empty(&format!("/briefings/{id}/publish"))
            .await
            .status(),
        409,
        "published once"
    );
    let res = unit.get(&format!("/briefings/{id}")).await;
    assert_eq!(res.headers()["etag"], "\"3\"", "an issue's ETag is its version");
    assert_eq!(
        body(
            office
                .if_match(&v_now)
                .put(
                    &format!("/briefings/{id}"),
                    json!({"title": "t", "issuer": "i", "sections": {}})
                )
                .await,
            409
        )
        .await["error"]["code"],
        "conflict",
        "a published issue is not edited"
    );
    assert_eq!(
        office
            .if_match(&v_now)
            .delete(&format!("/briefings/{id}"))
            .await
            .status(),
        409
    );

    // Figures frozen: a report accepted after publishing changes the next draft, not this issue.
    let frozen = unit.get_json(&format!("/briefings/{id}"), 200).await;
    assert_eq!(frozen["totals"], first["totals"]);
    assert_eq!(frozen["lagging"], first["lagging"]);
    app.db
        .execute("UPDATE milestones SET completed_on = '2024-06-01' WHERE due_date <= '2024-07-01'");
    let again = unit.get_json(&format!("/briefings/{id}"), 200).await;
    assert_eq!(again["totals"], first["totals"], "the issue says what it said");
    assert_eq!(again["lagging"], first["lagging"]);
    let (second_id, sv) = draft(&office, "2024-07-01").await;
    let second_draft = office.get_json(&format!("/briefings/{second_id}"), 200).await;
    assert_ne!(
        second_draft["lagging"], first["lagging"],
        "a new draft sees today's data"
    );

    // A thrown-away draft frees no number: numbers go on in order.
    let res = office.if_match(&sv).delete(&format!("/briefings/{second_id}")).await;
    assert_eq!(res.status(), 204);
    assert_eq!(office.get(&format!("/briefings/{second_id}")).await.status(), 404);
    let (third_id, tv) = draft(&office, "2024-07-10").await;
    assert_eq!(publish(&office, third_id, &tv).await["number"], 2);

    // The Word file and the print page hold the office's words in 公文 layout.
    let res = unit.get(&format!("/briefings/{id}/docx")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("UTF-8''"));
    let xml = docx_document_xml(res.bytes().await.unwrap().to_vec());
    for text in [
        "情况通报",
        "第1期",
        "开平市人民政府办公室",
        "2024年7月15日",
        "2024年民生实事推进情况通报",
        "（截至2024年7月1日）",
        "一、总体情况",
        "今年以来，各责任单位认真落实市委、市政府部署，民生实事总体推进有序。",
        "四、表扬",
        "市医疗保障局6月月报未按时报送，予以通报批评。",
        "六、下步工作要求",
        "附表",
        "2024年7月15日印发",
    ] {
        assert!(xml.contains(text), "the Word file says {text}");
    }
    // GB/T 9704: 标题 in 小标宋, 正文 in 仿宋_GB2312 三号 (32 half-points), headings in 黑体;
    // the fonts are named, not embedded.
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体"] {
        assert!(xml.contains(&format!("w:eastAsia=\"{font}\"")), "{font} is named");
    }
    assert!(xml.contains("<w:sz w:val=\"32\" />") || xml.contains("<w:sz w:val=\"32\"/>"));
    assert!(xml.contains("w:top=\"2098\""), "天头 37 mm");

    let page = unit.get(&format!("/briefings/{id}/print")).await;
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"), "{csp}");
    let html = page.text().await.unwrap();
    for text in [
        "第1期",
        "一、总体情况",
        "个别项目前期手续办理较慢。",
        "2024年7月15日印发",
    ] {
        assert!(html.contains(text), "the print page says {text}");
    }
    assert!(!html.contains("草稿"));
}

/// Issues published before drafts existed (migration 15) read as they did.
#[tokio::test]
async fn an_issue_from_before_drafts_reads_as_published() {
    let app = app().await;
    let office = app.admin().await;
    let (id, v) = draft(&office, "2024-07-01").await;
    publish(&office, id, &v).await;
    // What such a row holds: content without status, sections or issuer; text with its title only.
    app.db.execute(&format!(
        "UPDATE briefings SET content = content - 'status' - 'sections' - 'issuer' - 'by_category' - 'ranking' \
         || jsonb_build_object('title', '旧通报（第1期）'), \
         text = jsonb_build_object('title', '旧通报（第1期）', 'issuer', '', 'sections', '{{}}'::jsonb) WHERE id = {id}"
    ));
    let b = app.reader().get_json(&format!("/briefings/{id}"), 200).await;
    assert_eq!(b["status"], "published");
    assert_eq!(b["number"], 1);
    assert_eq!(b["title"], "旧通报（第1期）");
    let html = app
        .reader()
        .get(&format!("/briefings/{id}/print"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("旧通报（第1期）"));
    assert_eq!(app.reader().get(&format!("/briefings/{id}/docx")).await.status(), 200);
}

/// A published briefing shows the office who has read it (in any form: JSON, print, docx);
/// readers are the active unit and leader accounts, unread first; only the office may ask.
#[tokio::test]
async fn a_briefing_shows_the_office_who_has_read_it() {
    let app = app().await;
    let office = app.admin().await;
    let (id, v) = draft(&office, "2024-07-01").await;
    let path = format!("/briefings/{id}/readers");
    assert_eq!(office.get(&path).await.status(), 409, "a draft has no readers yet");
    publish(&office, id, &v).await;
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

/// Migration 15 over a database with an issue of a year already closed (年终销号, read-only by
/// migration 12): it applies, and the issue keeps its number and title and gains its issuer and
/// its opening sentences as 总体情况, which its Word file prints.
#[test]
fn migration_15_keeps_the_issues_of_a_closed_year() {
    use diesel_migrations::MigrationHarness;
    let db = duban_tests::TestDb::create_empty();
    let mut conn = db.conn();
    for _ in 0..14 {
        conn.run_next_migration(duban::db::MIGRATIONS).expect("migrations 1–14");
    }
    db.execute("INSERT INTO users (username, role, password_hash) VALUES ('admin', 'admin', 'x')");
    db.execute(
        "INSERT INTO plans (year, title, issuer, status) VALUES (2023, '2023年民生实事', '开平市人民政府办公室', 'published')",
    );
    let old = json!({
        "id": null, "plan_year": 2023, "number": 1, "title": "2023年民生实事推进情况通报（第1期）",
        "cut_off": "2023-06-30", "published_at": null, "published_by": null,
        "totals": {"total": 10, "done": 1, "on_pace": 7, "lagging": 1, "seriously_lagging": 1},
        "overview": ["截至2023年6月30日，2023年民生实事共10项。", "2023年6月月报应报10项。"],
        "lagging": [], "report_period": null, "late_units": []
    });
    db.execute(&format!(
        "INSERT INTO briefings (plan_id, number, cut_off, content, published_by) \
         SELECT p.id, 1, '2023-06-30', '{old}'::jsonb, u.id FROM plans p, users u"
    ));
    db.execute("UPDATE plans SET closed_at = now(), closed_by = (SELECT id FROM users)");
    conn.run_pending_migrations(duban::db::MIGRATIONS)
        .expect("migration 15 applies over a closed year");

    let row = duban::db::briefings::list(&mut conn, duban_shared::ids::PlanId(1), true).unwrap();
    assert_eq!(row.len(), 1);
    assert_eq!(row[0].number, Some(1));
    assert_eq!(row[0].text.title, "2023年民生实事推进情况通报（第1期）");
    assert_eq!(row[0].text.issuer, "开平市人民政府办公室");
    let b: duban_shared::briefing::Briefing = serde_json::from_value(row[0].content.clone().unwrap()).unwrap();
    assert_eq!(b.status, duban_shared::briefing::BriefingStatus::Published);
    assert_eq!(b.issuer, "开平市人民政府办公室");
    assert_eq!(
        b.sections.overall,
        "截至2023年6月30日，2023年民生实事共10项。\n2023年6月月报应报10项。"
    );
    let xml = docx_document_xml(duban::render::briefing::docx(&b).unwrap());
    assert!(xml.contains("截至2023年6月30日，2023年民生实事共10项。") && xml.contains("开平市人民政府办公室"));
    // Still read-only: the closed year's issue is not edited.
    let refused = diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE briefings SET version = version + 1"),
        &mut conn,
    );
    assert!(refused.is_err(), "a closed year's briefing stays read-only");
}
