//! A state the code does not know, found in the database, is an error: never read as a
//! default (a report in state "weird" is not a draft the unit may edit).

use duban_tests::{RequestHelper, TestApp};
use serde_json::json;

#[tokio::test]
async fn an_unknown_state_in_the_database_is_an_error_not_a_default() {
    let app = TestApp::spawn_mid_2024().await;
    let item = app.item_json(5).await;
    let id = item["id"].as_i64().unwrap();
    let rsj = app.as_user("rsj").await;
    let res = rsj
        .post(&format!("/items/{id}/reports"), json!({ "period": "2024-06" }))
        .await;
    assert_eq!(res.status(), 201);
    // Only a hand edit (or a newer migration read by older code) can do this.
    app.db
        .execute("ALTER TABLE reports DROP CONSTRAINT reports_state_check");
    app.db.execute("UPDATE reports SET state = 'weird'");
    let res = rsj.get(&format!("/items/{id}/reports/2024-06")).await;
    assert_eq!(res.status(), 500, "not a report in some default state");
    let text = res.text().await.unwrap();
    assert!(text.contains("\"internal\"") && !text.contains("weird"), "{text}");
    let put = rsj
        .if_match("\"1\"")
        .put(
            &format!("/items/{id}/reports/2024-06"),
            json!({ "progress": "x", "problems": "", "next_steps": "", "values": [] }),
        )
        .await;
    assert_eq!(put.status(), 500, "an unknown state is not editable as a draft");
}
