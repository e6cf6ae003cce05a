//! The office's plan editor and unit directory over HTTP: a new year from nothing (draft →
//! categories → items → publish), an import, edits that keep recorded work, and the
//! refusals: stale versions, bad input, removing what work depends on.

use duban_tests::{body, etag, if_match, RequestHelper, TestApp};
use serde_json::{json, Value};

fn item_body(category_id: i64, lead: i32, milestones: Value, indicators: Value) -> Value {
    json!({
        "category_id": category_id,
        "number": 1,
        "content": "新增城镇就业6000人，帮扶就业困难人员就业",
        "lead_unit_id": lead,
        "milestones": milestones,
        "indicators": indicators,
    })
}

#[tokio::test]
async fn the_office_builds_a_year_and_publishes_it_to_units() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let rsj = app.as_user("rsj").await;
    let rsj_id = app.unit_id("rsj");

    // A draft: the office sees it, nobody else does.
    let res = admin
        .post(
            "/plans",
            json!({"year": 2025, "title": "2025年开平市十件民生实事项目", "doc_number": "开府办〔2025〕3号"}),
        )
        .await;
    assert_eq!(etag(&res), "\"1\"");
    let plan = body(res, 201).await;
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["settings"]["green_max_lag"], 10.0);
    for token in [&rsj, &app.reader()] {
        assert_eq!(token.get("/plans/2025").await.status(), 403);
        let list = body(token.get("/plans").await, 200).await;
        assert!(list["plans"].as_array().unwrap().iter().all(|p| p["year"] != 2025));
    }
    let token = app.api_token_client(None);
    assert_eq!(token.get("/plans/2025").await.status(), 403);

    // The header and thresholds, with the version.
    let header = json!({"year": 2025, "title": "2025年开平市十件民生实事项目", "doc_number": "开府办〔2025〕3号",
        "first_report_due": "2025-03-31", "settings": {"green_max_lag": 5, "red_min_lag": 20, "red_overdue_days": 15}});
    let res = admin.if_match("\"1\"").put("/plans/2025", header.clone()).await;
    let plan = body(res, 200).await;
    assert_eq!(plan["settings"]["red_min_lag"], 20.0);
    assert_eq!(plan["version"], 2);
    // A second editor still holding version 1 is refused and changes nothing.
    let stale = admin
        .if_match("\"1\"")
        .put("/plans/2025", json!({"year": 2025, "title": "覆盖"}))
        .await;
    assert_eq!(body(stale, 412).await["error"]["code"], "precondition_failed");
    // Publishing an empty plan is refused with the reason.
    let empty = admin.if_match("\"2\"").post_empty("/plans/2025/publish").await;
    assert!(body(empty, 422).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("没有任何事项"));

    // A category and an item with two milestones and an indicator.
    let cat = body(
        admin
            .post("/plans/2025/categories", json!({"ordinal": 1, "title": "就业创业"}))
            .await,
        201,
    )
    .await;
    let cat_id = cat["id"].as_i64().unwrap();
    let dup = admin
        .post("/plans/2025/categories", json!({"ordinal": 1, "title": "重复"}))
        .await;
    assert_eq!(body(dup, 409).await["error"]["code"], "conflict");
    let milestones = json!([
        {"due_date": "2025-06-30", "target_text": "6月30日前，完成3000人"},
        {"due_date": "2025-12-10", "target_text": "12月10日前，完成6000人"}
    ]);
    let indicators = json!([{"name": "新增就业人数", "measure": "人", "kind": "cumulative", "targets": [3000, 6000]}]);
    let res = admin
        .post("/plans/2025/items", item_body(cat_id, rsj_id, milestones, indicators))
        .await;
    let item = body(res, 201).await;
    let item_id = item["id"].as_i64().unwrap();
    assert_eq!(item["lead_unit"]["code"], "rsj");
    assert_eq!(item["indicators"][0]["final_target"], 6000.0);
    assert_eq!(item["indicators"][0]["targets"].as_array().unwrap().len(), 2);
    // Before publishing, even the lead unit cannot report on it.
    let early = rsj
        .post(&format!("/items/{item_id}/reports"), json!({"period": "2025-04"}))
        .await;
    assert_eq!(early.status(), 403);

    let published = body(admin.if_match("\"2\"").post_empty("/plans/2025/publish").await, 200).await;
    assert_eq!(published["status"], "published");
    let again = admin.if_match("\"3\"").post_empty("/plans/2025/publish").await;
    assert_eq!(again.status(), 409);
    let seen = body(rsj.get("/plans/2025").await, 200).await;
    assert_eq!(seen["categories"][0]["items"][0]["content"], item["content"]);
    let report = rsj
        .post(&format!("/items/{item_id}/reports"), json!({"period": "2025-04"}))
        .await;
    assert_eq!(report.status(), 201);

    // Recorded work stays: the item with a report, and the published plan, cannot be removed.
    let version = if_match(&item["version"]);
    let del = admin.if_match(&version).delete(&format!("/items/{item_id}")).await;
    assert_eq!(body(del, 409).await["error"]["code"], "conflict");
    let del = admin.if_match("\"3\"").delete("/plans/2025").await;
    assert_eq!(del.status(), 409);
    let del = admin.if_match("\"1\"").delete(&format!("/categories/{cat_id}")).await;
    assert_eq!(del.status(), 409, "a category with items stays");
    assert_eq!(app.db.count("reports"), 1);
}

#[tokio::test]
async fn editing_an_item_keeps_completion_evidence_and_values() {
    let app = TestApp::spawn_mid_2024().await;
    let admin = app.admin().await;
    let item = app.item_json(5).await;
    let id = item["id"].as_i64().unwrap();
    let ms = item["milestones"].as_array().unwrap().clone();
    let first = ms[0]["id"].as_i64().unwrap();
    // The unit has completed the first milestone and reported June with a value.
    app.db.execute(&format!(
        "UPDATE milestones SET completed_on = '2024-03-28', completion_note = '已完成' WHERE id = {first}"
    ));
    let rsj = app.as_user("rsj").await;
    let ind = item["indicators"][0]["id"].as_i64().unwrap();
    let res = rsj
        .post(&format!("/items/{id}/reports"), json!({"period": "2024-06"}))
        .await;
    let report = body(res, 201).await;
    let content = json!({"progress": "新增就业3100人", "problems": "", "next_steps": "", "values": [{"indicator_id": ind, "value": 3100}]});
    let saved = rsj
        .if_match(if_match(&report["version"]))
        .put(&format!("/items/{id}/reports/2024-06"), content)
        .await;
    assert_eq!(saved.status(), 200);

    // The office rewords milestone 1, adds a milestone on 30 November and a second
    // indicator, and keeps the rest by id.
    let category_id = app.item_input(&item).await.category_id.into();
    let milestones = json!([
        {"id": first, "due_date": ms[0]["original_due_date"], "target_text": "3月31日前，新增就业1200人（修订）"},
        {"id": ms[1]["id"], "due_date": ms[1]["original_due_date"], "target_text": ms[1]["target_text"]},
        {"id": ms[2]["id"], "due_date": ms[2]["original_due_date"], "target_text": ms[2]["target_text"]},
        {"due_date": "2024-11-30", "target_text": "11月30日前，完成5500人"},
        {"id": ms[3]["id"], "due_date": ms[3]["original_due_date"], "target_text": ms[3]["target_text"]}
    ]);
    let indicators = json!([
        {"id": ind, "name": item["indicators"][0]["name"], "measure": "人", "kind": "cumulative", "targets": [1200, 3000, 4800, 5500, 6000]},
        {"name": "帮扶困难人员就业", "measure": "人", "kind": "cumulative", "targets": [null, 200, null, null, 500]}
    ]);
    let mut edit = item_body(
        category_id,
        item["lead_unit"]["id"].as_i64().unwrap() as i32,
        milestones,
        indicators,
    );
    edit["number"] = json!(5);
    let version = if_match(&item["version"]);
    let res = admin
        .if_match(&version)
        .put(&format!("/items/{id}"), edit.clone())
        .await;
    let after = body(res, 200).await;
    assert_eq!(after["version"], item["version"].as_i64().unwrap() + 1);
    let ms_after = after["milestones"].as_array().unwrap();
    assert_eq!(ms_after.len(), 5);
    assert_eq!(ms_after[0]["id"], first);
    assert_eq!(ms_after[0]["completed_on"], "2024-03-28", "completion kept");
    assert_eq!(ms_after[0]["target_text"], "3月31日前，新增就业1200人（修订）");
    assert_eq!(ms_after[3]["due_date"], "2024-11-30");
    assert_eq!(after["indicators"][0]["id"], ind);
    assert_eq!(after["indicators"][1]["final_target"], 500.0);
    let june = body(admin.get(&format!("/items/{id}/reports/2024-06")).await, 200).await;
    assert_eq!(june["values"][0]["value"], 3100.0, "reported value kept");

    // The same edit from the old version is refused.
    let stale = admin
        .if_match(&version)
        .put(&format!("/items/{id}"), edit.clone())
        .await;
    assert_eq!(stale.status(), 412);

    // Removing the indicator that has a reported value is refused, and nothing changes.
    let v2 = if_match(&after["version"]);
    let mut drop_ind = edit.clone();
    drop_ind["indicators"] = json!([edit["indicators"][1].clone()]);
    drop_ind["milestones"] = after["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| json!({"id": m["id"], "due_date": m["original_due_date"], "target_text": m["target_text"]}))
        .collect();
    let res = admin.if_match(&v2).put(&format!("/items/{id}"), drop_ind).await;
    assert_eq!(body(res, 409).await["error"]["code"], "conflict");
    let now = body(admin.get(&format!("/items/{id}")).await, 200).await;
    assert_eq!(now, after, "a refused edit leaves the item as it was");
}

#[tokio::test]
async fn bad_item_input_is_a_422_naming_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    body(
        admin.post("/plans", json!({"year": 2025, "title": "2025年"})).await,
        201,
    )
    .await;
    let cat = body(
        admin
            .post("/plans/2025/categories", json!({"ordinal": 1, "title": "教育"}))
            .await,
        201,
    )
    .await;
    let cat_id = cat["id"].as_i64().unwrap();
    let rsj = app.unit_id("rsj");
    let ok_ms = json!([{"due_date": "2025-06-30", "target_text": "6月底前完成"}]);
    let ok_ind = json!([{"name": "学位", "measure": "个", "kind": "cumulative", "targets": [100]}]);
    let plan_2024 = app.reader().get_json("/plans/2024", 200).await;
    let other_plan_category = plan_2024["categories"][0]["id"].as_i64().unwrap();
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "milestone outside the year",
            item_body(
                cat_id,
                rsj,
                json!([{"due_date": "2024-06-30", "target_text": "x"}]),
                ok_ind.clone(),
            ),
            "milestones",
        ),
        (
            "no milestones",
            item_body(cat_id, rsj, json!([]), json!([])),
            "milestones",
        ),
        (
            "targets not lined up",
            item_body(
                cat_id,
                rsj,
                ok_ms.clone(),
                json!([{"name": "学位", "measure": "个", "kind": "cumulative", "targets": [1, 2]}]),
            ),
            "indicators[0].targets",
        ),
        (
            "rate over 100",
            item_body(
                cat_id,
                rsj,
                ok_ms.clone(),
                json!([{"name": "覆盖率", "measure": "%", "kind": "rate", "targets": [120]}]),
            ),
            "indicators[0].targets",
        ),
        (
            "unknown unit",
            item_body(cat_id, 99999, ok_ms.clone(), ok_ind.clone()),
            "lead_unit_id",
        ),
        (
            "another plan's category",
            item_body(other_plan_category, rsj, ok_ms.clone(), ok_ind.clone()),
            "category_id",
        ),
        (
            "someone else's milestone",
            item_body(
                cat_id,
                rsj,
                json!([{"id": plan_2024["categories"][0]["items"][0]["milestones"][0]["id"], "due_date": "2025-06-30", "target_text": "x"}]),
                json!([]),
            ),
            "milestones",
        ),
        (
            "empty content",
            {
                let mut b = item_body(cat_id, rsj, ok_ms.clone(), ok_ind.clone());
                b["content"] = json!("  ");
                b
            },
            "content",
        ),
    ];
    let before = (
        app.db.count("items"),
        app.db.count("milestones"),
        app.db.count("indicators"),
    );
    for (what, input, field) in cases {
        let res = admin.post("/plans/2025/items", input).await;
        let err = body(res, 422).await;
        assert_eq!(err["error"]["code"], "validation", "{what}");
        assert_eq!(err["error"]["fields"][0]["field"], field, "{what}: {err}");
    }
    assert_eq!(
        before,
        (
            app.db.count("items"),
            app.db.count("milestones"),
            app.db.count("indicators")
        )
    );
    // Unknown fields and a year that is not the path's are refused too.
    let res = admin
        .if_match("\"1\"")
        .put("/plans/2025", json!({"year": 2026, "title": "x"}))
        .await;
    assert_eq!(body(res, 422).await["error"]["fields"][0]["field"], "year");
    let res = admin
        .post("/plans", json!({"year": 2026, "title": "x", "colour": "red"}))
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_plan_file_imports_as_a_draft_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // A file naming a unit it does not list is refused, in words the office can act on.
    let mut broken = duban_tests::plan_file_for(2025);
    broken["items"][3]["lead_unit"] = json!("市不存在局");
    let res = admin.post("/plans/import", broken).await;
    let err = body(res, 422).await;
    assert_eq!(err["error"]["code"], "validation");
    assert_eq!(err["error"]["message"], "第4项：单位“市不存在局”不在单位清单中");
    assert_eq!(app.db.count("plans"), 1, "nothing of it was written");

    let res = admin.post("/plans/import", duban_tests::plan_file_for(2025)).await;
    let plan = body(res, 201).await;
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["categories"].as_array().unwrap().len(), 10);
    let items: usize = plan["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(items, 25);
    let again = admin.post("/plans/import", duban_tests::plan_file_for(2025)).await;
    assert_eq!(body(again, 409).await["error"]["code"], "conflict");
    // A draft with no work in it can be removed whole.
    let del = admin.if_match("\"1\"").delete("/plans/2025").await;
    assert_eq!(del.status(), 204);
    assert_eq!(admin.get("/plans/2025").await.status(), 404);
}

#[tokio::test]
async fn units_are_added_renamed_and_removed_only_when_unused() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = admin.post("/units", json!({"name": "市数据局", "code": "sjj"})).await;
    let unit = body(res, 201).await;
    assert_eq!(
        (unit["item_count"].as_i64(), unit["version"].as_i64()),
        (Some(0), Some(1))
    );
    let id = unit["id"].as_i64().unwrap();
    let dup = admin.post("/units", json!({"name": "另一个", "code": "sjj"})).await;
    assert_eq!(dup.status(), 409);
    let bad = admin.post("/units", json!({"name": "", "code": "Bad Code"})).await;
    assert_eq!(body(bad, 422).await["error"]["fields"].as_array().unwrap().len(), 2);
    let renamed = body(
        admin
            .if_match("\"1\"")
            .put(
                &format!("/units/{id}"),
                json!({"name": "市政务服务和数据管理局", "code": "sjj"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(renamed["version"], 2);
    let stale = admin
        .if_match("\"1\"")
        .put(&format!("/units/{id}"), json!({"name": "x", "code": "sjj"}))
        .await;
    assert_eq!(stale.status(), 412);
    // A unit that leads items stays.
    let rsj = app.unit_id("rsj");
    let used = admin.if_match("\"1\"").delete(&format!("/units/{rsj}")).await;
    assert_eq!(body(used, 409).await["error"]["code"], "conflict");
    let gone = admin.if_match("\"2\"").delete(&format!("/units/{id}")).await;
    assert_eq!(gone.status(), 204);
    let list = body(admin.get("/units").await, 200).await;
    assert!(list["units"].as_array().unwrap().iter().all(|u| u["code"] != "sjj"));
    let rsj_entry = list["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "rsj")
        .unwrap()
        .clone();
    assert!(rsj_entry["item_count"].as_i64().unwrap() >= 1);
    assert_eq!(rsj_entry["in_use"], true);

    // A unit named only as a co-unit (配合单位) is in use too: counted, and kept.
    let helper = body(
        admin.post("/units", json!({"name": "市协作单位", "code": "xz"})).await,
        201,
    )
    .await;
    assert_eq!(helper["in_use"], false);
    let helper_id = helper["id"].as_i64().unwrap() as i32;
    let item = app.item_json(5).await;
    let mut edit = app.item_input(&item).await;
    edit.co_unit_ids.push(helper_id);
    let res = admin
        .if_match(if_match(&item["version"]))
        .put(&format!("/items/{}", item["id"]), serde_json::to_value(&edit).unwrap())
        .await;
    body(res, 200).await;
    let list = body(admin.get("/units").await, 200).await;
    let entry = list["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "xz")
        .unwrap()
        .clone();
    assert_eq!(
        (&entry["item_count"], &entry["co_item_count"], &entry["in_use"]),
        (&json!(0), &json!(1), &json!(true))
    );
    let kept = admin.if_match("\"1\"").delete(&format!("/units/{helper_id}")).await;
    assert_eq!(body(kept, 409).await["error"]["code"], "conflict");
}
