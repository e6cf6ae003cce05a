//! 人大代表满意度测评: the office opens a round and issues deputies' accounts; a deputy sees the
//! public view and grades each item once (changeable until the round closes); the results
//! count each deputy's ballot once and name nobody.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use duban_tests::{body, etag, RequestHelper, TestApp, PASSWORD};
use serde_json::{json, Value};

/// A deputy's account, made by the office through the API.
async fn issue_deputy(office: &impl RequestHelper, username: &str, name: &str) {
    let res = office
        .post(
            "/users",
            json!({"username": username, "display_name": name, "role": "deputy", "unit": null, "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

/// `who` grades item `n`.
async fn cast(who: &impl RequestHelper, n: i64, score: &str, comment: &str) -> reqwest::Response {
    who.put(
        &format!("/plans/2024/evaluations/ballots/{n}"),
        json!({"score": score, "comment": comment}),
    )
    .await
}

fn item(results: &Value, number: i64) -> &Value {
    results["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == number)
        .unwrap()
}

#[tokio::test]
async fn deputies_grade_the_items_and_each_ballot_counts_once() {
    let app = TestApp::spawn_mid_2024().await;
    let office = app.admin().await;

    // The office opens the round, once, for a published plan.
    let title = json!({"title": "2024年市十件民生实事项目满意度测评"});
    assert_eq!(
        app.as_user("rsj")
            .await
            .post("/plans/2024/evaluations", title.clone())
            .await
            .status(),
        403
    );
    assert_eq!(
        body(office.post("/plans/2024/evaluations", json!({"title": " "})).await, 422).await["error"]["code"],
        "validation"
    );
    let res = office.post("/plans/2024/evaluations", title.clone()).await;
    let round_tag = etag(&res);
    let round = body(res, 201).await;
    assert_eq!(round["title"], "2024年市十件民生实事项目满意度测评");
    assert!(round["closed_at"].is_null());
    assert_eq!(
        office.post("/plans/2024/evaluations", title).await.status(),
        409,
        "one round a year"
    );

    issue_deputy(&office, "daibiao1", "陈代表").await;
    issue_deputy(&office, "daibiao2", "黄代表").await;
    let first = app.as_user("daibiao1").await;
    let second = app.as_user("daibiao2").await;

    // What a deputy grades is exactly what the public sees.
    let sheet = first.get_json("/plans/2024/evaluations/ballot", 200).await;
    let public = app.anonymous().get_json("/public/plans/2024", 200).await;
    assert_eq!(sheet["plan"], public, "the ballot shows the public view, nothing more");
    assert_eq!(sheet["ballots"], json!([]));
    assert_eq!(sheet["evaluation"]["deputies"], 2);
    // …and nothing else of Duban.
    for path in [
        "/plans/2024",
        "/plans/2024/summary",
        "/plans/2024/items",
        "/plans/2024/briefings",
        "/plans/2024/evaluations",
        "/plans/2024/evaluations/results",
        "/units",
        "/users",
    ] {
        assert_eq!(first.get(path).await.status(), 403, "{path}");
    }
    let listed = first.get_json("/plans", 200).await;
    assert_eq!(listed["plans"][0]["year"], 2024, "a deputy finds the year it grades");

    // One ballot per deputy per item: a change replaces it, a second deputy adds one.
    let mine = body(cast(&first, 5, "satisfied", "").await, 200).await;
    assert_eq!(mine, json!({"number": 5, "score": "satisfied", "comment": ""}));
    body(cast(&first, 5, "dissatisfied", "  培训班次偏少  ").await, 200).await;
    // The same deputy twice at once on one item: still one ballot.
    let (a, b) = tokio::join!(
        cast(&first, 6, "satisfied", ""),
        cast(&first, 6, "basically_satisfied", "")
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    body(cast(&second, 5, "basically_satisfied", "总体满意").await, 200).await;
    assert_eq!(app.db.count("evaluation_ballots"), 3);
    let sheet = first.get_json("/plans/2024/evaluations/ballot", 200).await;
    assert_eq!(
        sheet["ballots"][0],
        json!({"number": 5, "score": "dissatisfied", "comment": "培训班次偏少"})
    );
    assert_eq!(sheet["ballots"].as_array().unwrap().len(), 2);

    // Bad ballots: refused, nothing written.
    for (n, bad, status) in [
        (5, json!({"score": "great"}), 422),
        (5, json!({"score": "satisfied", "comment": "字".repeat(501)}), 422),
        (5, json!({"score": "satisfied", "comment": "坏\u{0}字"}), 422),
        (5, json!({"score": "satisfied", "voter": "daibiao2"}), 422),
        (999, json!({"score": "satisfied"}), 404),
    ] {
        let res = first
            .put(&format!("/plans/2024/evaluations/ballots/{n}"), bad.clone())
            .await;
        assert_eq!(res.status(), status, "{bad}");
    }
    assert_eq!(app.db.count("evaluation_ballots"), 3);
    // Nobody else casts ballots.
    for who in [app.admin().await, app.reader(), app.as_user("rsj").await] {
        assert_eq!(cast(&who, 5, "satisfied", "").await.status(), 403);
    }

    // While deputies vote the counts are sealed (watched from minute to minute they would tell
    // who voted what): participation only.
    assert_eq!(
        body(app.reader().get("/plans/2024/evaluations/results").await, 409).await["error"]["code"],
        "conflict"
    );
    assert_eq!(office.get("/plans/2024/evaluations/results.xlsx").await.status(), 409);
    let now = app.reader().get_json("/plans/2024/evaluations", 200).await;
    assert_eq!((now["deputies"].clone(), now["voted"].clone()), (json!(2), json!(2)));

    // Closed: no ballot changes after; the deputy still sees its sheet.
    assert_eq!(office.post_empty("/plans/2024/evaluations/close").await.status(), 428);
    let closed = body(
        office
            .if_match(&round_tag)
            .post_empty("/plans/2024/evaluations/close")
            .await,
        200,
    )
    .await;
    assert!(closed["closed_at"].is_string());
    assert_eq!(
        body(cast(&first, 5, "satisfied", "").await, 409).await["error"]["code"],
        "conflict"
    );
    let sheet = first.get_json("/plans/2024/evaluations/ballot", 200).await;
    assert!(sheet["evaluation"]["closed_at"].is_string());
    assert_eq!(sheet["ballots"][0]["score"], "dissatisfied", "the last choice stands");
    let v = format!("\"{}\"", closed["version"]);
    assert_eq!(
        office
            .if_match(&v)
            .post_empty("/plans/2024/evaluations/close")
            .await
            .status(),
        409
    );

    // The results: counts and 满意率 per item, the rule stated, nobody named.
    let results = app.reader().get_json("/plans/2024/evaluations/results", 200).await;
    let five = item(&results, 5);
    assert_eq!(
        (
            five["satisfied"].clone(),
            five["basically_satisfied"].clone(),
            five["dissatisfied"].clone(),
            five["ballots"].clone()
        ),
        (json!(0), json!(1), json!(1), json!(2))
    );
    assert_eq!(five["satisfaction_rate"], 50.0);
    assert_eq!(five["comments"], json!(["培训班次偏少", "总体满意"]));
    assert_eq!(item(&results, 6)["ballots"], 1);
    assert!(item(&results, 1)["satisfaction_rate"].is_null(), "no ballots, no rate");
    assert!(results["rule"]
        .as_str()
        .unwrap()
        .contains("（满意票数 + 基本满意票数）÷ 该项目有效票数"));
    assert_eq!(results["evaluation"]["voted"], 2);
    let text = results.to_string();
    for name in ["daibiao1", "daibiao2", "陈代表", "黄代表", "deputy_id"] {
        assert!(!text.contains(name), "the results name nobody: {name}");
    }
    assert_eq!(
        app.as_user("rsj")
            .await
            .get("/plans/2024/evaluations/results")
            .await
            .status(),
        403
    );

    // The spreadsheet says the same.
    let res = office.get("/plans/2024/evaluations/results.xlsx").await;
    assert_eq!(res.status(), 200);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(res.bytes().await.unwrap().to_vec())).expect("an xlsx");
    let sheet = wb.worksheet_range("满意度测评结果").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows[0][0].contains("满意度测评（已结束）"));
    let five = rows.iter().find(|r| r[0] == "5").expect("item 5");
    assert_eq!(&five[3..8], ["0", "1", "1", "2", "50.0%"]);
    assert!(rows.iter().any(|r| r[0].starts_with("计算规则：")));
    let all = format!("{rows:?}");
    assert!(!all.contains("陈代表") && !all.contains("daibiao1"));

    // The audit log keeps the round, not the ballots.
    let events = app.db.count("audit_events");
    assert!(events > 0);
    let audit = office.get_json("/audit?limit=200", 200).await.to_string();
    assert!(audit.contains("evaluation"));
    assert!(!audit.contains("培训班次偏少"), "no ballot in the audit log");
}

/// A draft plan has no round, and a year without a round has no ballot.
#[tokio::test]
async fn no_round_no_ballot() {
    let app = TestApp::spawn_mid_2024().await;
    let office = app.admin().await;
    issue_deputy(&office, "daibiao1", "陈代表").await;
    let deputy = app.as_user("daibiao1").await;
    assert_eq!(deputy.get("/plans/2024/evaluations/ballot").await.status(), 404);
    assert_eq!(
        deputy
            .put("/plans/2024/evaluations/ballots/5", json!({"score": "satisfied"}))
            .await
            .status(),
        404
    );
    assert_eq!(app.reader().get("/plans/2024/evaluations/results").await.status(), 404);
    assert_eq!(office.get("/plans/2031/evaluations").await.status(), 404);
    assert_eq!(
        office
            .post("/plans/2031/evaluations", json!({"title": "测评"}))
            .await
            .status(),
        404
    );
}
