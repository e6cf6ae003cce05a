//! 年终销号 (`POST /api/v1/plans/{year}/close`) and co-units' 配合情况
//! (`/items/{id}/co-notes`, `/co-notes/{id}`).

use diesel::prelude::*;
use duban_tests::{body, etag, if_match, RequestHelper, TestApp};
use serde_json::{json, Value};

fn results(plan: &Value, note_for: impl Fn(i64) -> Option<(&'static str, &'static str)>) -> Value {
    let items: Vec<Value> = plan["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap().clone())
        .map(|i| {
            let n = i["number"].as_i64().unwrap();
            let (result, note) = note_for(n).unwrap_or(("done", ""));
            json!({"item_id": i["id"], "result": result, "note": note})
        })
        .collect();
    json!({ "results": items })
}

#[tokio::test]
async fn closing_the_year_makes_it_read_only_and_shows_the_results() {
    let app = TestApp::spawn_mid_2024().await;
    let admin = app.admin().await;
    let plan = admin.get_json("/plans/2024", 200).await;
    let v = if_match(&plan["version"]);
    let outcome = |n: i64| match n {
        7 => Some(("mostly_done", "完成280户，余18户因产权纠纷顺延")),
        23 => Some(("not_done", "省级资金未下达")),
        _ => None,
    };

    // Refused: a result missing, a reason missing, a stale version.
    let mut short = results(&plan, outcome);
    short["results"].as_array_mut().unwrap().pop();
    assert_eq!(
        body(admin.if_match(&v).post("/plans/2024/close", short).await, 422).await["error"]["code"],
        "validation"
    );
    let no_reason = results(&plan, |n| (n == 7).then_some(("not_done", "")));
    let err = body(admin.if_match(&v).post("/plans/2024/close", no_reason).await, 422).await;
    assert_eq!(err["error"]["fields"][0]["message"], "“未完成”须说明原因");
    assert_eq!(
        admin
            .if_match("\"999\"")
            .post("/plans/2024/close", results(&plan, outcome))
            .await
            .status(),
        412
    );
    let closed_before: i64 = app.db.count("plans");
    assert_eq!(closed_before, 1);

    let res = admin
        .if_match(&v)
        .post("/plans/2024/close", results(&plan, outcome))
        .await;
    let closed = body(res, 200).await;
    assert!(closed["closed_at"].is_string());
    let item7 = app.item_json(7).await;
    assert_eq!(item7["final_result"], "mostly_done");
    assert_eq!(item7["final_note"], "完成280户，余18户因产权纠纷顺延");
    let summary = admin.get_json("/plans/2024/summary", 200).await;
    assert_eq!(
        summary["final_results"],
        json!({"done": 23, "mostly_done": 1, "not_done": 1})
    );
    let list = admin.get_json("/plans", 200).await;
    assert_eq!(list["plans"][0]["closed"], true);
    let csv = admin.get("/plans/2024/export.csv").await.text().await.unwrap();
    assert!(
        csv.contains("年终结果") && csv.contains("省级资金未下达"),
        "{}",
        &csv[..300.min(csv.len())]
    );

    // Every write into the year answers 409 plan_closed; reads go on.
    let (id5, inds) = app.item_ids(5).await;
    let unit = app.as_user("rsj").await;
    let leader = app.as_user("leader").await;
    let closed_v = if_match(&closed["version"]);
    let refused = [
        unit.post(&format!("/items/{id5}/reports"), json!({"period": "2024-07"}))
            .await,
        leader
            .post(&format!("/items/{id5}/instructions"), json!({"text": "抓紧推进"}))
            .await,
        admin
            .if_match(&closed_v)
            .put(
                "/plans/2024",
                json!({"year": 2024, "title": "改名", "settings": plan["settings"], "cases": plan["cases"]}),
            )
            .await,
        admin
            .if_match(&closed_v)
            .post("/plans/2024/close", results(&plan, outcome))
            .await,
        admin.if_match(&closed_v).delete("/plans/2024").await,
    ];
    for res in refused {
        let status = res.status().as_u16();
        let err: Value = res.json().await.unwrap();
        assert!(
            status == 409 && (err["error"]["code"] == "plan_closed" || err["error"]["code"] == "conflict"),
            "{status} {err}"
        );
    }
    let item = app.item_json(5).await;
    let input = app.item_input(&item).await;
    let res = admin
        .if_match(if_match(&item["version"]))
        .put(&format!("/items/{id5}"), serde_json::to_value(&input).unwrap())
        .await;
    assert_eq!(body(res, 409).await["error"]["code"], "plan_closed");
    assert_eq!(unit.get(&format!("/items/{id5}")).await.status(), 200);
    assert_eq!(admin.get("/plans/2024/export.xlsx").await.status(), 200);
    assert!(!inds.is_empty());
    // The database itself refuses, whoever writes.
    let sql = diesel::sql_query(format!("UPDATE milestones SET target_text = 'x' WHERE item_id = {id5}"))
        .execute(&mut app.db.conn());
    assert!(sql.unwrap_err().to_string().contains("closed"));
    let sql = diesel::sql_query(format!("DELETE FROM milestones WHERE item_id = {id5}")).execute(&mut app.db.conn());
    assert!(
        sql.unwrap_err().to_string().contains("closed"),
        "a delete is refused too"
    );
    // Nor can a row leave the closed year for an open one: the row before is checked too.
    app.db
        .execute("INSERT INTO plans (year, title, status) VALUES (2025, '2025年计划', 'draft')");
    app.db
        .execute("INSERT INTO categories (plan_id, ordinal, title) SELECT id, 1, '类别' FROM plans WHERE year = 2025");
    app.db.execute(&format!(
        "INSERT INTO items (plan_id, category_id, number, content, lead_unit_id) \
         SELECT c.plan_id, c.id, 1, '事项', (SELECT lead_unit_id FROM items WHERE id = {id5}) \
         FROM categories c JOIN plans p ON p.id = c.plan_id WHERE p.year = 2025"
    ));
    let sql = diesel::sql_query(format!(
        "UPDATE indicators SET item_id = (SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id \
         WHERE p.year = 2025) WHERE item_id = {id5}"
    ))
    .execute(&mut app.db.conn());
    let err = sql.unwrap_err().to_string();
    assert!(err.contains("closed"), "moved out of the closed year: {err}");
}

#[tokio::test]
async fn a_draft_is_not_closed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = admin.post("/plans/import", duban_tests::plan_file_for(2025)).await;
    let plan = body(res, 201).await;
    let res = admin
        .if_match(if_match(&plan["version"]))
        .post("/plans/2025/close", results(&plan, |_| None))
        .await;
    assert_eq!(body(res, 409).await["error"]["code"], "conflict");
}

async fn co_unit_app() -> (TestApp, i64) {
    let app = TestApp::spawn_mid_2024().await;
    let (id5, _) = app.item_ids(5).await;
    // 市医疗保障局 (ybj) helps 市人社局 (rsj) on item 5.
    let ybj = app.unit_id("ybj");
    diesel::sql_query(format!(
        "INSERT INTO item_co_units (item_id, unit_id) VALUES ({id5}, {ybj})"
    ))
    .execute(&mut app.db.conn())
    .unwrap();
    (app, id5)
}

#[tokio::test]
async fn a_co_unit_writes_its_notes_and_nothing_of_the_lead_units() {
    let (app, id5) = co_unit_app().await;
    let co = app.as_user("ybj").await;
    let lead = app.as_user("rsj").await;
    let path = format!("/items/{id5}/co-notes");

    let res = co
        .post(
            &path,
            json!({"period": "2024-06", "note": "已提供医保参保数据，协助核对就业人数"}),
        )
        .await;
    let v = etag(&res);
    let note = body(res, 201).await;
    assert_eq!(note["unit"]["code"], "ybj");
    assert_eq!(note["period"], "2024-06");
    assert!(note["written_by"].as_str().unwrap().contains("市医疗保障局"));
    // The same month again is the same note: rewrite it with If-Match.
    let again = co.post(&path, json!({"period": "2024-06", "note": "重复"})).await;
    assert_eq!(body(again, 409).await["error"]["code"], "conflict");
    let put = format!("/co-notes/{}", note["id"]);
    assert_eq!(co.put(&put, json!({"note": "无 If-Match"})).await.status(), 428);
    let res = co.if_match(&v).put(&put, json!({"note": "已提供6月参保数据"})).await;
    assert_eq!(body(res, 200).await["version"], 2);
    assert_eq!(co.if_match(&v).put(&put, json!({"note": "旧版本"})).await.status(), 412);

    // The lead unit reads it while reporting; it writes no co-note itself.
    let notes = lead.get_json(&path, 200).await;
    assert_eq!(notes["notes"][0]["note"], "已提供6月参保数据");
    assert_eq!(
        lead.post(&path, json!({"period": "2024-06", "note": "x"}))
            .await
            .status(),
        403
    );
    assert_eq!(
        lead.if_match("\"2\"").put(&put, json!({"note": "x"})).await.status(),
        403
    );

    // The co-unit cannot write, submit or change the lead unit's report or milestones.
    let reports = format!("/items/{id5}/reports");
    assert_eq!(co.post(&reports, json!({"period": "2024-06"})).await.status(), 403);
    let res = lead.post(&reports, json!({"period": "2024-06"})).await;
    let rv = etag(&res);
    body(res, 201).await;
    assert_eq!(
        co.if_match(&rv)
            .post_empty(&format!("{reports}/2024-06/submit"))
            .await
            .status(),
        403
    );
    let item = app.item_json(5).await;
    let m = &item["milestones"][0];
    let res = co
        .if_match(if_match(&m["version"]))
        .post(
            &format!("/milestones/{}/complete", m["id"]),
            json!({"completed_on": "2024-03-30", "note": "x"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    // The co-unit sees the item, and finds it among the items it helps on.
    assert_eq!(co.get(&format!("/items/{id5}")).await.status(), 200);
    let helped = co.get_json("/plans/2024/items?co_unit=ybj", 200).await;
    let numbers: Vec<i64> = helped["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [5]);

    // Bad months and notes.
    for (period, note, status) in [
        ("2024-13", "x", 422),
        ("2024-08", "x", 422),
        ("2023-12", "x", 422),
        ("六月", "x", 422),
        ("2024-05", "", 422),
        ("2024-05", "a\u{0}b", 422),
    ] {
        let res = co.post(&path, json!({"period": period, "note": note})).await;
        assert_eq!(res.status(), status, "{period} {note:?}");
    }
    assert_eq!(
        co.post(&path, json!({"period": "2024-05", "note": "x".repeat(6000)}))
            .await
            .status(),
        422
    );
}

#[tokio::test]
async fn other_units_read_no_co_notes() {
    let (app, id5) = co_unit_app().await;
    // A unit with no part in item 5 (市教育局).
    let new = duban_shared::auth::NewUser {
        username: "jyj".into(),
        display_name: String::new(),
        role: duban_shared::auth::Role::Unit,
        unit: Some("jyj".into()),
        password: duban_tests::PASSWORD.into(),
    };
    duban::accounts::create_user(&mut app.db.conn(), &duban::db::audit::AuditActor::cli(), &new).unwrap();
    let other = app.as_user("jyj").await;
    let path = format!("/items/{id5}/co-notes");
    assert_eq!(other.get(&path).await.status(), 403);
    assert_eq!(
        other
            .post(&path, json!({"period": "2024-06", "note": "x"}))
            .await
            .status(),
        403
    );
    assert_eq!(app.anonymous().get(&path).await.status(), 401);
    assert_eq!(app.as_user("leader").await.get(&path).await.status(), 200);
}

/// A write that starts while the close holds the plan waits for it, then finds the year
/// closed (migration 12): nothing slips into a closed year.
#[tokio::test]
async fn a_write_racing_the_close_waits_and_is_refused() {
    let app = TestApp::spawn_mid_2024().await;
    let (id5, _) = app.item_ids(5).await;
    let url = app.db.url.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    // The "close": holds the plan FOR UPDATE, then marks it closed and commits when told.
    let closer = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            diesel::sql_query("SELECT id FROM plans WHERE year = 2024 FOR UPDATE").execute(conn)?;
            locked_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            diesel::sql_query("UPDATE plans SET closed_at = now() WHERE year = 2024").execute(conn)?;
            Ok(())
        })
        .unwrap();
    });
    locked_rx.recv().unwrap();
    let url = app.db.url.clone();
    let writer = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        diesel::sql_query(format!(
            "UPDATE milestones SET target_text = target_text || '' WHERE item_id = {id5}"
        ))
        .execute(&mut conn)
    });
    // The writer is waiting on the close's lock, not through already.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!writer.is_finished(), "the write did not wait for the close");
    go_tx.send(()).unwrap();
    closer.join().unwrap();
    let refused = writer.join().unwrap().unwrap_err();
    assert!(refused.to_string().contains("closed"), "{refused}");
}

#[tokio::test]
async fn an_item_with_co_notes_is_kept() {
    let (app, id5) = co_unit_app().await;
    body(
        app.as_user("ybj")
            .await
            .post(
                &format!("/items/{id5}/co-notes"),
                json!({"period": "2024-06", "note": "已配合"}),
            )
            .await,
        201,
    )
    .await;
    let item = app.item_json(5).await;
    let res = app
        .admin()
        .await
        .if_match(if_match(&item["version"]))
        .delete(&format!("/items/{id5}"))
        .await;
    assert_eq!(body(res, 409).await["error"]["code"], "conflict");
    assert_eq!(app.db.count("co_unit_notes"), 1);
}
