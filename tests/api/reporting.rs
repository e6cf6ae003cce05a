//! The monthly cycle of a unit and the office: reports, review, concurrency, bad input,
//! milestones with evidence, extensions and notices. The supervision rules see 15 July 2024
//! as today.

use diesel::prelude::*;
use duban_tests::{body, etag, if_match, RequestHelper, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn app() -> TestApp {
    TestApp::spawn_mid_2024().await
}

#[tokio::test]
async fn a_report_goes_round_the_whole_cycle() {
    let app = app().await;
    let (id, inds) = app.item_ids(5).await;
    let unit = app.as_user("rsj").await;
    let office = app.admin().await;
    let base = format!("/items/{id}/reports");

    // June: start, fill in, submit.
    let res = unit.post(&base, json!({"period": "2024-06"})).await;
    let v = etag(&res);
    let draft = body(res, 201).await;
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["due_on"], "2024-06-30");
    let content = json!({"progress": "上半年城镇新增就业2100人", "problems": "企业用工需求下降", "next_steps": "举办招聘会",
                         "values": [{"indicator_id": inds[0], "value": 2100.0}]});
    let res = unit.if_match(&v).put(&format!("{base}/2024-06"), content).await;
    let v = etag(&res);
    body(res, 200).await;
    let res = unit.if_match(&v).post_empty(&format!("{base}/2024-06/submit")).await;
    let v = etag(&res);
    let submitted = body(res, 200).await;
    assert_eq!(submitted["state"], "submitted");
    assert_eq!(submitted["late"], true, "submitted on 15 July, due 30 June");

    // A submitted report is not editable any more.
    let res = unit
        .if_match(&v)
        .put(
            &format!("{base}/2024-06"),
            json!({"progress": "x", "problems": "", "next_steps": "", "values": []}),
        )
        .await;
    assert_eq!(res.status(), 409);

    // The office returns it with a reason; the unit sees the reason.
    let res = office
        .if_match(&v)
        .post(
            &format!("{base}/2024-06/return"),
            json!({"reason": "请补充分季度数据来源"}),
        )
        .await;
    let v = etag(&res);
    let returned = body(res, 200).await;
    assert_eq!(returned["state"], "returned");
    let seen = body(unit.get(&format!("{base}/2024-06")).await, 200).await;
    assert_eq!(seen["return_reason"], "请补充分季度数据来源");

    // Resubmit with a correction; the office accepts.
    let fixed = json!({"progress": "上半年城镇新增就业2150人（人社部门统计口径）", "problems": "", "next_steps": "举办招聘会",
                       "values": [{"indicator_id": inds[0], "value": 2150.0}]});
    let res = unit.if_match(&v).put(&format!("{base}/2024-06"), fixed).await;
    let v = etag(&res);
    body(res, 200).await;
    let res = unit.if_match(&v).post_empty(&format!("{base}/2024-06/submit")).await;
    let v = etag(&res);
    body(res, 200).await;
    let res = office.if_match(&v).post_empty(&format!("{base}/2024-06/accept")).await;
    let accepted = body(res, 200).await;
    assert_eq!(accepted["state"], "accepted");
    assert!(accepted["return_reason"].is_null());

    // The history keeps both submissions, who sent them, when, and what the office decided.
    let versions = accepted["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["number"], 1);
    assert_eq!(versions[0]["submitted_by"], "市人力资源和社会保障局 · rsj");
    assert_eq!(versions[0]["values"][0]["value"], 2100.0);
    assert_eq!(versions[0]["decision"], "returned");
    assert_eq!(versions[0]["reason"], "请补充分季度数据来源");
    assert_eq!(versions[0]["decided_by"], "督查室 · admin");
    assert!(versions[0]["submitted_at"].is_string() && versions[0]["decided_at"].is_string());
    assert_eq!(versions[1]["values"][0]["value"], 2150.0);
    assert_eq!(versions[1]["decision"], "accepted");
    assert_eq!(accepted["late"], true, "lateness is judged on the first submission");

    // July starts pre-filled from June (最多报一次).
    let july = body(unit.post(&base, json!({"period": "2024-07"})).await, 201).await;
    assert_eq!(july["values"][0]["value"], 2150.0);
    assert_eq!(july["next_steps"], "举办招聘会");
    assert_eq!(july["due_on"], "2024-07-31");

    // The office's queue and the audit log see it all.
    let queue = body(office.get("/reports?state=accepted").await, 200).await;
    assert_eq!(queue["reports"].as_array().unwrap().len(), 1);
    let log = body(office.get("/audit?entity=report").await, 200).await;
    let actions: Vec<&str> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["create", "update", "submit", "return", "accept"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn two_editors_one_version_one_wins() {
    let app = app().await;
    let (id, inds) = app.item_ids(5).await;
    let a = app.as_user("rsj").await;
    let b = app.as_user("rsj").await;
    let path = format!("/items/{id}/reports");
    let res = a.post(&path, json!({"period": "2024-06"})).await;
    let v = etag(&res);
    let edit = |who: &str, n: f64| {
        let body = json!({"progress": format!("{who} 填写"), "problems": "", "next_steps": "",
                          "values": [{"indicator_id": inds[0], "value": n}]});
        let editor = if who == "a" { &a } else { &b };
        editor.if_match(&v).put(&format!("{path}/2024-06"), body)
    };
    let (ra, rb) = tokio::join!(edit("a", 1000.0), edit("b", 2000.0));
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
    let (winner, loser) = if ra.status() == 200 { (ra, rb) } else { (rb, ra) };
    let won: Value = winner.json().await.unwrap();
    let lost: Value = loser.json().await.unwrap();
    assert_eq!(lost["error"]["code"], "precondition_failed");
    // The stored report is exactly the winner's.
    let now = body(a.get(&format!("{path}/2024-06")).await, 200).await;
    assert_eq!(now["progress"], won["progress"]);
    assert_eq!(now["values"], won["values"]);
    // Without If-Match a write is refused outright.
    let res = a
        .put(
            &format!("{path}/2024-06"),
            json!({"progress": "", "problems": "", "next_steps": "", "values": []}),
        )
        .await;
    assert_eq!(res.status(), 428);
}

/// Several clients starting the same month at once: one report, one 201, the others 409 with
/// nothing half-written (they meet at the report's unique key, not at a lock on its row).
#[tokio::test]
async fn a_month_started_by_many_at_once_is_started_once() {
    let app = app().await;
    let (id, _) = app.item_ids(5).await;
    let mut editors = Vec::new();
    for _ in 0..6 {
        editors.push(app.as_user("rsj").await);
    }
    let path = format!("/items/{id}/reports");
    let events_before = app.db.count("audit_events");
    let results =
        futures_util::future::join_all(editors.iter().map(|e| e.post(&path, json!({"period": "2024-06"})))).await;
    let mut statuses: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409]);
    for r in results.into_iter().filter(|r| r.status() == 409) {
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "conflict");
    }
    let reports = app
        .db
        .count(&format!("reports WHERE item_id = {id} AND period = '2024-06'"));
    assert_eq!(reports, 1);
    assert_eq!(app.db.count("audit_events"), events_before + 1, "one create audited");
}

/// A new report names its author as every later read does (the answer to the create signs
/// it without reading the account again).
#[tokio::test]
async fn a_new_report_is_signed_as_reads_sign_it() {
    let app = app().await;
    let (id, _) = app.item_ids(5).await;
    let unit = app.as_user("rsj").await;
    let path = format!("/items/{id}/reports");
    let created = body(unit.post(&path, json!({"period": "2024-06"})).await, 201).await;
    let read = body(unit.get(&format!("{path}/2024-06")).await, 200).await;
    assert!(
        created["created_by"]
            .as_str()
            .is_some_and(|s| s.contains("市人力资源和社会保障局")),
        "{created}"
    );
    assert_eq!(created["created_by"], read["created_by"]);
    assert_eq!(created["updated_by"], read["updated_by"]);
}

fn table_digest(app: &TestApp) -> String {
    #[derive(QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        s: String,
    }
    diesel::sql_query(
        "SELECT concat_ws(',', (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) FROM reports r), \
         (SELECT md5(coalesce(string_agg(v::text, '|' ORDER BY v::text), '')) FROM report_values v), \
         (SELECT md5(coalesce(string_agg(v::text, '|' ORDER BY v.id), '')) FROM report_versions v), \
         (SELECT count(*)::text FROM audit_events)) AS s",
    )
    .get_result::<S>(&mut app.db.conn())
    .unwrap()
    .s
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let app = app().await;
    let (id5, inds5) = app.item_ids(5).await;
    let (id9, inds9) = app.item_ids(9).await;
    let (_, inds17) = app.item_ids(17).await;
    let unit = app.as_user("rsj").await;
    // A draft to edit.
    let res = unit
        .post(&format!("/items/{id5}/reports"), json!({"period": "2024-06"}))
        .await;
    let v = etag(&res);
    assert_eq!(res.status(), 201);
    let put = format!("/items/{id5}/reports/2024-06");
    let content = |values: Value| json!({"progress": "p", "problems": "", "next_steps": "", "values": values});
    let big = "字".repeat(5 * 1024 * 1024 / 3);
    // (what, method, path, body, status, code)
    type Case<'a> = (&'a str, Method, String, Option<String>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "period outside the plan year",
            Method::POST,
            format!("/items/{id5}/reports"),
            Some(json!({"period": "2023-12"}).to_string()),
            422,
            "validation",
        ),
        (
            "period in the future",
            Method::POST,
            format!("/items/{id5}/reports"),
            Some(json!({"period": "2024-09"}).to_string()),
            422,
            "validation",
        ),
        (
            "malformed period",
            Method::POST,
            format!("/items/{id5}/reports"),
            Some(json!({"period": "June"}).to_string()),
            422,
            "validation",
        ),
        (
            "negative count",
            Method::PUT,
            put.clone(),
            Some(content(json!([{"indicator_id": inds5[0], "value": -5}])).to_string()),
            422,
            "validation",
        ),
        (
            "unknown indicator",
            Method::PUT,
            put.clone(),
            Some(content(json!([{"indicator_id": inds17[0], "value": 5}])).to_string()),
            422,
            "validation",
        ),
        (
            "a 5 MB text",
            Method::PUT,
            put.clone(),
            Some(json!({"progress": big, "problems": "", "next_steps": "", "values": []}).to_string()),
            413,
            "payload_too_large",
        ),
        (
            "a text over 5000 characters",
            Method::PUT,
            put.clone(),
            Some(json!({"progress": "字".repeat(5001), "problems": "", "next_steps": "", "values": []}).to_string()),
            422,
            "validation",
        ),
        (
            "wrong type",
            Method::PUT,
            put.clone(),
            Some(content(json!([{"indicator_id": inds5[0], "value": "很多"}])).to_string()),
            422,
            "validation",
        ),
        (
            "missing field",
            Method::PUT,
            put.clone(),
            Some(json!({"progress": "p"}).to_string()),
            422,
            "validation",
        ),
        (
            "unknown field",
            Method::PUT,
            put.clone(),
            Some(
                json!({"progress": "p", "problems": "", "next_steps": "", "values": [], "state": "accepted"})
                    .to_string(),
            ),
            422,
            "validation",
        ),
        (
            "malformed JSON",
            Method::PUT,
            put.clone(),
            Some("{\"progress\": ".to_string()),
            400,
            "invalid_json",
        ),
        (
            "bad period in the path",
            Method::PUT,
            format!("/items/{id5}/reports/2024-6"),
            Some(content(json!([])).to_string()),
            400,
            "bad_request",
        ),
        (
            "no such item",
            Method::POST,
            "/items/999999/reports".to_string(),
            Some(json!({"period": "2024-06"}).to_string()),
            404,
            "not_found",
        ),
        (
            "a report that exists already",
            Method::POST,
            format!("/items/{id5}/reports"),
            Some(json!({"period": "2024-06"}).to_string()),
            409,
            "conflict",
        ),
    ];
    for (what, method, path, payload, status, code) in cases {
        let before = table_digest(&app);
        let mut req = unit.if_match(&v).request(method, &path);
        if let Some(p) = payload {
            req = req.header("content-type", "application/json").body(p);
        }
        let res = req.send().await.unwrap();
        let got = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert_eq!(got, status, "{what}: {text}");
        let b: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(b["error"]["code"], code, "{what}: {text}");
        assert_eq!(before, table_digest(&app), "{what}: the database changed");
    }

    // A rate over 100, on item 9 (卫健局's rates).
    let wjj_user = json!({"username": "wjj1", "role": "unit", "unit": "wjj", "password": duban_tests::PASSWORD});
    let admin = app.admin().await;
    assert_eq!(admin.post("/users", wjj_user).await.status(), 201);
    let wjj = app.as_user("wjj1").await;
    let before = table_digest(&app);
    let res = wjj
        .post(
            &format!("/items/{id9}/reports"),
            json!({"period": "2024-06", "values": [{"indicator_id": inds9[0], "value": 100.5}]}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(before, table_digest(&app));

    // Submitting without every figure is refused too.
    let res = unit
        .if_match(&v)
        .post_empty(&format!("/items/{id5}/reports/2024-06/submit"))
        .await;
    assert_eq!(res.status(), 422, "the draft has no value for 城镇新增就业");
}

#[tokio::test]
async fn milestones_complete_with_evidence_and_reopen() {
    let app = app().await;
    let items = app.reader().get_json("/plans/2024/items?unit=rsj", 200).await;
    let m = items["items"][0]["milestones"][0].clone();
    let mid = m["id"].as_i64().unwrap();
    let unit = app.as_user("rsj").await;
    let office = app.admin().await;

    // Evidence round-trips byte for byte, Chinese name included.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend((0..200_000u32).map(|i| (i * 7 % 251) as u8));
    let res = unit
        .request(Method::POST, &format!("/milestones/{mid}/evidence?name=培训签到表.pdf"))
        .body(pdf.clone())
        .send()
        .await
        .unwrap();
    let ev = body(res, 201).await;
    assert_eq!(ev["size_bytes"], pdf.len());
    let res = office.get(&format!("/evidence/{}", ev["id"])).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("UTF-8''"));
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);

    // Refused: too large, a disallowed kind, a name that lies about the content.
    let upload = |name: &str, bytes: Vec<u8>| {
        unit.request(Method::POST, &format!("/milestones/{mid}/evidence?name={name}"))
            .body(bytes)
            .send()
    };
    let mut huge = b"%PDF-".to_vec();
    huge.resize(20 * 1024 * 1024 + 1, 0);
    assert_eq!(upload("big.pdf", huge).await.unwrap().status(), 413);
    assert_eq!(upload("tool.exe", b"MZ\x90\x00".to_vec()).await.unwrap().status(), 415);
    assert_eq!(
        upload("photo.jpg", b"<script>alert(1)</script>".to_vec())
            .await
            .unwrap()
            .status(),
        415
    );
    let count: i64 = duban::db::schema::evidence::table
        .count()
        .get_result(&mut app.db.conn())
        .unwrap();
    assert_eq!(count, 1);

    // Complete, then the office reopens with a reason.
    let v = if_match(&m["version"]);
    let res = unit
        .if_match(&v)
        .post(
            &format!("/milestones/{mid}/complete"),
            json!({"completed_on": "2024-03-29", "note": "已完成政策培训"}),
        )
        .await;
    let v = etag(&res);
    let done = body(res, 200).await;
    assert_eq!(done["completed_on"], "2024-03-29");
    assert_eq!(done["evidence"].as_array().unwrap().len(), 1);
    let res = unit
        .if_match(&v)
        .post(
            &format!("/milestones/{mid}/complete"),
            json!({"completed_on": "2024-03-29"}),
        )
        .await;
    assert_eq!(res.status(), 409, "complete twice");
    let res = office
        .if_match(&v)
        .post(
            &format!("/milestones/{mid}/reopen"),
            json!({"reason": "签到表缺少盖章"}),
        )
        .await;
    let reopened = body(res, 200).await;
    assert!(reopened["completed_on"].is_null());
    assert_eq!(reopened["reopen_reason"], "签到表缺少盖章");
    // A date in the future is refused.
    let v = if_match(&reopened["version"]);
    let res = unit
        .if_match(&v)
        .post(
            &format!("/milestones/{mid}/complete"),
            json!({"completed_on": "2024-08-01"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn extensions_move_the_deadline_and_keep_the_original() {
    let app = app().await;
    let items = app.reader().get_json("/plans/2024/items?unit=rsj", 200).await;
    let last = items["items"][0]["milestones"][3].clone(); // 12月10日前
    let first = items["items"][0]["milestones"][0].clone(); // 3月31日前: past
    let unit = app.as_user("rsj").await;
    let office = app.admin().await;
    let ask = |mid: &Value, due: &str| {
        unit.post(
            &format!("/milestones/{mid}/extensions"),
            json!({"requested_due": due, "reason": "受汛期影响，施工推迟"}),
        )
    };
    assert_eq!(
        ask(&first["id"], "2024-08-31").await.status(),
        422,
        "after the due date is too late"
    );
    assert_eq!(
        ask(&last["id"], "2024-12-01").await.status(),
        422,
        "must be later than now"
    );
    assert_eq!(
        ask(&last["id"], "2025-01-15").await.status(),
        422,
        "must stay in the plan year"
    );
    let req = body(ask(&last["id"], "2024-12-31").await, 201).await;
    assert_eq!(req["state"], "pending");
    assert_eq!(
        ask(&last["id"], "2024-12-30").await.status(),
        409,
        "one open request at a time"
    );

    let pending = body(office.get("/extensions?state=pending").await, 200).await;
    assert_eq!(pending["extensions"].as_array().unwrap().len(), 1);
    let v = if_match(&req["version"]);
    let decided = body(
        office
            .if_match(&v)
            .post(
                &format!("/extensions/{}/decide", req["id"]),
                json!({"approve": true, "reason": "同意"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(decided["state"], "approved");
    assert_eq!(decided["original_due"], "2024-12-10");
    let item = app
        .reader()
        .get_json(&format!("/items/{}", items["items"][0]["id"]), 200)
        .await;
    assert_eq!(item["milestones"][3]["due_date"], "2024-12-31");
    assert_eq!(item["milestones"][3]["original_due_date"], "2024-12-10");
}

/// A unit that may not add to a milestone is refused before its upload is read: the request
/// below announces 20 MB and sends 1 KB, so only an answer that does not wait for the body
/// can arrive. (The time limit is a hang guard, not a speed check.)
#[tokio::test]
async fn an_upload_by_another_unit_is_refused_before_its_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app().await;
    let items = app.reader().get_json("/plans/2024/items?unit=rsj", 200).await;
    let mid = items["items"][0]["milestones"][0]["id"].as_i64().unwrap();
    let other = app.login("ybj").await;
    let host = app.address.trim_start_matches("http://").to_string();
    let mut conn = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/v1/milestones/{mid}/evidence?name=a.pdf HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: Bearer {other}\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: {}\r\n\r\n",
        20 * 1024 * 1024
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&[b'%'; 1024]).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), conn.read(&mut answer))
        .await
        .expect("an answer without the rest of the body")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(text.starts_with("HTTP/1.1 403"), "{text}");
    assert_eq!(app.db.count("evidence"), 0);
}

/// A draft is the unit's work in progress: its unit and the office see it; other units,
/// leaders and API tokens see neither it nor its text until it is submitted.
#[tokio::test]
async fn a_draft_stays_with_its_unit_and_the_office() {
    let app = app().await;
    let (id, _) = app.item_ids(5).await;
    let unit = app.as_user("rsj").await;
    let res = unit
        .post(
            &format!("/items/{id}/reports"),
            serde_json::json!({"period": "2024-06", "progress": "草稿：尚未核实的数字"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let path = format!("/items/{id}/reports/2024-06");
    let other = app.as_user("ybj").await;
    let leader = app.as_user("leader").await;
    let token = app.bearer(app.api_token(Some(2024)));
    let office = app.admin().await;
    assert_eq!(seen(&unit, id).await, (200, true, true), "rsj");
    assert_eq!(seen(&office, id).await, (200, true, true), "admin");
    assert_eq!(seen(&other, id).await, (404, false, false), "ybj");
    assert_eq!(seen(&leader, id).await, (404, false, false), "leader");
    assert_eq!(seen(&token, id).await, (404, false, false), "token");
    let res = leader.get(&path).await;
    assert!(!res.text().await.unwrap().contains("草稿"));
}

/// What `client` sees of item `id`'s June report: the report's status, and whether the item's
/// list and the review queue hold it.
async fn seen<C: RequestHelper>(client: &C, id: i64) -> (u16, bool, bool) {
    let listed = |list: Value| {
        list["reports"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["period"] == "2024-06")
    };
    (
        client
            .get(&format!("/items/{id}/reports/2024-06"))
            .await
            .status()
            .as_u16(),
        listed(client.get_json(&format!("/items/{id}/reports"), 200).await),
        listed(client.get_json("/reports?year=2024", 200).await),
    )
}

#[tokio::test]
async fn the_prefill_carries_last_month_without_its_label_and_writes_nothing() {
    let app = app().await;
    let (id, inds) = app.item_ids(5).await;
    let unit = app.as_user("rsj").await;
    let base = format!("/items/{id}/reports");
    let june = json!({"period": "2024-06", "progress": "2024年6月：举办招聘会3场，新增就业520人。",
                      "problems": "6月份，企业用工需求下降。", "next_steps": "7月底前再办2场。",
                      "values": [{"indicator_id": inds[0], "value": 2100.0}]});
    body(unit.post(&base, june).await, 201).await;
    let events = |app: &TestApp| {
        use duban::db::schema::audit_events::dsl::*;
        audit_events.count().get_result::<i64>(&mut app.db.conn()).unwrap()
    };
    let before = events(&app);

    let prefill = body(unit.get(&format!("{base}/2024-07/prefill")).await, 200).await;
    assert_eq!(prefill["period"], "2024-07");
    assert_eq!(prefill["from"], "2024-06");
    assert_eq!(prefill["due_on"], "2024-07-31");
    assert_eq!(prefill["content"]["progress"], "举办招聘会3场，新增就业520人。");
    assert_eq!(prefill["content"]["problems"], "企业用工需求下降。");
    assert_eq!(
        prefill["content"]["next_steps"], "7月底前再办2场。",
        "a date in a sentence stays"
    );
    assert_eq!(prefill["content"]["values"][0]["value"], 2100.0);
    // Nothing was written: July is still not started, the audit trail did not grow.
    assert_eq!(unit.get(&format!("{base}/2024-07")).await.status(), 404);
    assert_eq!(events(&app), before);
    // A month with nothing before it starts empty; a future month or another year is refused.
    let may = body(unit.get(&format!("{base}/2024-01/prefill")).await, 200).await;
    assert!(may["from"].is_null() && may["content"]["progress"] == "", "{may}");
    assert_eq!(unit.get(&format!("{base}/2024-09/prefill")).await.status(), 422);
    // Another unit may not even look.
    let other = app.as_user("ybj").await;
    assert_eq!(other.get(&format!("{base}/2024-07/prefill")).await.status(), 403);
}
