//! 督办件 over HTTP: a 督查通知书's whole round (issue → 签收 → 反馈 → 退回 → 反馈 → 销号),
//! escalation of an ignored notice, numbers that never repeat, the printable .docx and the
//! 督办台账, leaders' 批示 turned into notices, and 实地督查 with photos. The app's day is
//! Monday 15 July 2024 (`DUBAN_NOW`).

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use duban_tests::{body, etag, if_match, RequestHelper, TestApp};
use serde_json::{json, Value};

async fn app() -> TestApp {
    TestApp::spawn_mid_2024().await
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-not-really-an-image";

fn audit_verbs(app: &TestApp, notice: &Value) -> Vec<String> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = diesel::sql_types::Text)]
        action: String,
    }
    diesel::sql_query(format!(
        "SELECT action FROM audit_events WHERE entity = 'notice' AND entity_id = '{}' ORDER BY id",
        notice["id"]
    ))
    .load::<V>(&mut app.db.conn())
    .unwrap()
    .into_iter()
    .map(|v| v.action)
    .collect()
}

#[tokio::test]
async fn a_red_notice_goes_round_issue_sign_answer_return_answer_close() {
    let app = app().await;
    let (item, _) = app.item_ids(5).await;
    let office = app.admin().await;
    let unit = app.as_user("rsj").await;
    let other = app.as_user("ybj").await;

    let n = body(
        office
            .post(
                &format!("/items/{item}/notices"),
                json!({"reason": "城镇新增就业进度滞后，请说明原因及整改措施", "grade": "red"}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(n["number"], "督查通知书〔2024〕第1号");
    assert_eq!((n["grade"].as_str(), n["state"].as_str()), (Some("red"), Some("open")));
    // Red: 3 working days from Monday 15 July.
    assert_eq!(n["answer_by"], "2024-07-18");
    let nid = n["id"].clone();

    assert_eq!(
        other.post_empty(&format!("/notices/{nid}/acknowledge")).await.status(),
        403
    );
    assert_eq!(other.get(&format!("/notices/{nid}")).await.status(), 403);
    let signed = body(unit.post_empty(&format!("/notices/{nid}/acknowledge")).await, 200).await;
    assert_eq!(signed["state"], "acknowledged");
    assert_eq!(signed["acknowledged_by"], "市人力资源和社会保障局 · rsj");
    assert_eq!(
        unit.post_empty(&format!("/notices/{nid}/acknowledge")).await.status(),
        409
    );

    let res = app
        .client
        .post(app.url(&format!("/api/v1/notices/{nid}/attachments?name=整改方案.png")))
        .bearer_auth(app.login("rsj").await)
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = unit
        .if_match(if_match(&signed["version"]))
        .post(
            &format!("/notices/{nid}/answer"),
            json!({"answer": "已制定整改方案，8月底前完成"}),
        )
        .await;
    let v = etag(&res);
    let answered = body(res, 200).await;
    assert_eq!(answered["state"], "answered");
    assert_eq!(answered["rounds"][0]["attachments"][0]["file_name"], "整改方案.png");
    assert_eq!(answered["pending_attachments"], json!([]));

    assert_eq!(
        office
            .if_match(&v)
            .post(&format!("/notices/{nid}/return"), json!({"reason": " "}))
            .await
            .status(),
        422
    );
    assert_eq!(
        unit.if_match(&v)
            .post(&format!("/notices/{nid}/return"), json!({"reason": "自己退回"}))
            .await
            .status(),
        403
    );
    let res = office
        .if_match(&v)
        .post(
            &format!("/notices/{nid}/return"),
            json!({"reason": "未说明资金到位情况"}),
        )
        .await;
    let v = etag(&res);
    let returned = body(res, 200).await;
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["rounds"][0]["return_reason"], "未说明资金到位情况");
    assert_eq!(returned["answer_by"], "2024-07-18");

    let res = unit
        .if_match(&v)
        .post(
            &format!("/notices/{nid}/answer"),
            json!({"answer": "补充：资金已于7月12日到位"}),
        )
        .await;
    let v = etag(&res);
    assert_eq!(body(res, 200).await["rounds"].as_array().unwrap().len(), 2);

    assert_eq!(
        office
            .if_match(&v)
            .post(&format!("/notices/{nid}/close"), json!({}))
            .await
            .status(),
        422,
        "销号 needs a note"
    );
    let closed = body(
        office
            .if_match(&v)
            .post(&format!("/notices/{nid}/close"), json!({"note": "整改到位，予以销号"}))
            .await,
        200,
    )
    .await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["close_note"], "整改到位，予以销号");
    let rounds = closed["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[1]["answer"], "补充：资金已于7月12日到位");
    assert!(rounds[1]["return_reason"].is_null());
    assert_eq!(
        audit_verbs(&app, &closed),
        ["issue", "acknowledge", "answer", "return", "answer", "close"]
    );
    assert_eq!(
        unit.if_match(if_match(&closed["version"]))
            .post(&format!("/notices/{nid}/answer"), json!({"answer": "再补充"}))
            .await
            .status(),
        409
    );
}

/// Writes a notice issued earlier (the API refuses answer-by dates in the past).
fn issued_earlier(app: &TestApp, number: i32, grade: &str, answer_by: &str) -> i32 {
    use diesel::prelude::*;
    let mut conn = app.db.conn();
    let item: i32 = duban::db::schema::items::table
        .filter(duban::db::schema::items::number.eq(number))
        .select(duban::db::schema::items::id)
        .first(&mut conn)
        .unwrap();
    let ctx = duban::db::items::context(&mut conn, duban_shared::ids::ItemId(item))
        .unwrap()
        .unwrap();
    let admin = duban::db::users::find_by_username(&mut conn, "admin").unwrap().unwrap();
    duban::db::notices::create(
        &mut conn,
        &duban::db::notices::NewNotice {
            item_id: item,
            unit_id: ctx.lead_unit_id.get(),
            plan_id: ctx.plan_id,
            reason: "请说明进度滞后原因",
            grade: duban_shared::cases::Grade::parse(grade).unwrap(),
            answer_by: answer_by.parse().unwrap(),
            issued_by: admin.id,
            instruction_id: None,
            inspection_id: None,
        },
    )
    .unwrap()
    .id
}

#[tokio::test]
async fn an_unanswered_notice_rises_a_grade_per_missed_date_and_keeps_it_once_answered() {
    let app = app().await;
    let office = app.admin().await;
    // Due Monday 1 July: yellow from 2 July (due 8 July), red from 9 July (due 11 July).
    let twice = issued_earlier(&app, 5, "blue", "2024-07-01");
    // Due Friday 12 July: yellow from 13 July, due Friday 19 July.
    let once = issued_earlier(&app, 5, "blue", "2024-07-12");
    let n = office.get_json(&format!("/notices/{twice}"), 200).await;
    assert_eq!(
        (n["grade"].as_str(), n["issued_grade"].as_str()),
        (Some("red"), Some("blue"))
    );
    assert_eq!(n["escalations"].as_array().unwrap().len(), 2);
    assert_eq!(n["escalations"][0]["on"], "2024-07-02");
    assert_eq!(
        n["escalations"][0]["reason"],
        "逾期未反馈（反馈时限2024年7月1日），由蓝色督办升为黄色督办"
    );
    assert_eq!(n["escalations"][1]["answer_by"], "2024-07-11");
    assert_eq!(n["answer_by"], "2024-07-11");
    assert_eq!(n["overdue"], true);

    let m = office.get_json(&format!("/notices/{once}"), 200).await;
    assert_eq!(
        (m["grade"].as_str(), m["answer_by"].as_str()),
        (Some("yellow"), Some("2024-07-19"))
    );

    // The leaders' red cases: red and still waiting.
    let red = office.get_json("/notices?grade=red&overdue=true", 200).await;
    let ids: Vec<i64> = red["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [twice as i64]);
    // Most urgent first: the red one before the yellow one.
    let all = office.get_json("/notices?state=open,acknowledged,returned", 200).await;
    assert_eq!(all["notices"][0]["id"], twice);
    assert_eq!(office.get("/notices?grade=purple").await.status(), 422);
    assert_eq!(office.get("/notices?state=lost").await.status(), 422);

    // Answered late, it keeps the grade it rose to and stops rising.
    let unit = app.as_user("rsj").await;
    let answered = body(
        unit.if_match(if_match(&m["version"]))
            .post(&format!("/notices/{once}/answer"), json!({"answer": "已整改"}))
            .await,
        200,
    )
    .await;
    assert_eq!(answered["grade"], "yellow");
    assert_eq!(answered["escalations"].as_array().unwrap().len(), 1);
    assert_eq!(answered["overdue"], false);
    let stored = app.db.count("notice_escalations");
    assert_eq!(stored, 1, "the rise is written down when the wait ends");
}

#[tokio::test]
async fn notice_numbers_never_repeat_also_when_issued_at_once() {
    let app = app().await;
    let (item, _) = app.item_ids(3).await;
    let office = app.admin().await;
    let sends: Vec<_> = (0..12)
        .map(|i| {
            office.post(
                &format!("/items/{item}/notices"),
                json!({"reason": format!("第{i}次督办")}),
            )
        })
        .collect();
    let mut numbers = Vec::new();
    for res in futures_util::future::join_all(sends).await {
        numbers.push(body(res, 201).await["number"].as_str().unwrap().to_string());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 12);
    let mut expected: Vec<String> = (1..=12).map(|n| format!("督查通知书〔2024〕第{n}号")).collect();
    expected.sort();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn the_docx_is_a_printable_notice_and_the_ledger_an_xlsx() {
    let app = app().await;
    let (item, _) = app.item_ids(5).await;
    let office = app.admin().await;
    let n = body(
        office
            .post(
                &format!("/items/{item}/notices"),
                json!({"reason": "新增就业进度滞后于序时进度", "grade": "yellow"}),
            )
            .await,
        201,
    )
    .await;
    let res = app
        .as_user("rsj")
        .await
        .get(&format!("/notices/{}/docx", n["id"]))
        .await;
    assert_eq!(res.status(), 200);
    let xml = duban_tests::docx_document_xml(res.bytes().await.unwrap().to_vec());
    for want in [
        "督查通知书〔2024〕第1号",
        "市人力资源和社会保障局",
        "新增就业进度滞后于序时进度",
        "黄色督办",
        "2024年7月22日",
        "仿宋_GB2312",
    ] {
        assert!(xml.contains(want), "{want} in the docx");
    }

    let res = office.get("/notices/export.xlsx").await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a readable xlsx");
    let sheet = wb.worksheet_range("督办台账").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[1][0], "编号");
    assert_eq!(rows[2][0], "督查通知书〔2024〕第1号");
    assert_eq!(rows[2][1], "黄色督办");
    assert_eq!(rows[2][8], "未签收");
}

#[tokio::test]
async fn a_leaders_instruction_becomes_a_notice_that_reports_back_when_closed() {
    let app = app().await;
    let (item, _) = app.item_ids(5).await;
    let (other_item, _) = app.item_ids(3).await;
    let leader = app.as_user("leader").await;
    let office = app.admin().await;
    let unit = app.as_user("rsj").await;
    let path = format!("/items/{item}/instructions");
    assert_eq!(unit.post(&path, json!({"text": "我来批示"})).await.status(), 403);
    assert_eq!(leader.post(&path, json!({"text": " "})).await.status(), 422);
    let i = body(
        leader.post(&path, json!({"text": "请倒排工期，确保按期完成"})).await,
        201,
    )
    .await;
    assert_eq!(i["written_by"], "市领导 · leader");
    let seen = unit.get_json(&path, 200).await;
    assert_eq!(seen["instructions"][0]["text"], "请倒排工期，确保按期完成");
    assert_eq!(app.as_user("ybj").await.get(&path).await.status(), 403);
    let todo = unit.get_json("/instructions", 200).await;
    assert_eq!(todo["instructions"].as_array().unwrap().len(), 1);

    assert_eq!(
        office
            .post(
                &format!("/items/{other_item}/notices"),
                json!({"reason": "落实批示", "instruction_id": i["id"]}),
            )
            .await
            .status(),
        422,
        "a 批示 on another item"
    );
    let n = body(
        office
            .post(
                &format!("/items/{item}/notices"),
                json!({"reason": "落实领导批示", "instruction_id": i["id"]}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(n["source"]["instruction_id"], i["id"]);
    assert_eq!(
        office
            .post(
                &format!("/items/{item}/notices"),
                json!({"reason": "再次落实", "instruction_id": i["id"]}),
            )
            .await
            .status(),
        409
    );
    let res = unit
        .if_match(if_match(&n["version"]))
        .post(&format!("/notices/{}/answer", n["id"]), json!({"answer": "已倒排工期"}))
        .await;
    let v = etag(&res);
    body(res, 200).await;
    body(
        office
            .if_match(&v)
            .post(
                &format!("/notices/{}/close", n["id"]),
                json!({"note": "已落实批示要求"}),
            )
            .await,
        200,
    )
    .await;
    let back = leader.get_json(&path, 200).await;
    let link = &back["instructions"][0]["notice"];
    assert_eq!(link["number"], "督查通知书〔2024〕第1号");
    assert_eq!(link["state"], "closed");
    assert_eq!(link["close_note"], "已落实批示要求");
}

#[tokio::test]
async fn an_inspection_keeps_its_photos_and_its_requirements_become_a_notice() {
    let app = app().await;
    let (item, _) = app.item_ids(5).await;
    let office = app.admin().await;
    let path = format!("/items/{item}/inspections");
    let visit = json!({
        "inspected_on": "2024-07-12",
        "place": "长沙街道就业服务站",
        "inspectors": "督查室 张三、李四",
        "findings": "招聘会已举办2场，台账不全",
        "requirements": "7月底前补齐就业台账",
        "grade": "yellow"
    });
    assert_eq!(app.as_user("rsj").await.post(&path, visit.clone()).await.status(), 403);
    let mut future = visit.clone();
    future["inspected_on"] = json!("2024-07-16");
    assert_eq!(office.post(&path, future).await.status(), 422);
    let i = body(office.post(&path, visit).await, 201).await;
    assert_eq!(i["notice"]["state"], "open");
    let inspection = i["id"].as_i64().unwrap();
    let upload = |name: &str, bytes: &'static [u8]| {
        let app = &app;
        let name = name.to_string();
        async move {
            app.client
                .post(app.url(&format!("/api/v1/inspections/{inspection}/photos?name={name}")))
                .bearer_auth(app.login("admin").await)
                .body(bytes.to_vec())
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(upload("现场.png", PNG).await, 201);
    assert_eq!(upload("报告.pdf", b"%PDF-1.4").await, 415, "photos only");
    assert_eq!(upload("假照片.png", b"%PDF-1.4").await, 415, "content must match");
    let unit = app.as_user("rsj").await;
    let seen = unit.get_json(&path, 200).await;
    let photo = &seen["inspections"][0]["photos"][0];
    assert_eq!(photo["file_name"], "现场.png");
    let res = unit.get(&format!("/case-files/{}", photo["id"])).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let notices = unit.get_json("/notices", 200).await;
    let n = &notices["notices"][0];
    assert_eq!(n["source"]["inspection_id"], seen["inspections"][0]["id"]);
    assert_eq!(n["grade"], "yellow");
    assert!(n["reason"].as_str().unwrap().contains("7月底前补齐就业台账"));
}
