//! The year's whole cycle in Chromium: the office imports a notice (previewed first), edits
//! and publishes the draft; a co-unit writes its 配合情况, which the lead unit reads beside its
//! report; the office closes the year (年终销号) and leaders see the results on the dashboard.

use duban_tests::browser::Browser;
use reqwest::Method;
use serde_json::json;

use crate::office_app::{app, at_both_sizes, call, click, goto, login, set_value, type_into, wait_text};

/// Signs out whoever is signed in, then signs in as `username` and opens `next`.
async fn switch_to(browser: &Browser, app: &duban_tests::TestApp, username: &str, next: &str) {
    click(browser, "#logout-button").await;
    browser.wait_for("#login-username").await;
    browser.login(app, username, next).await;
}

#[tokio::test]
async fn a_year_goes_from_the_notice_to_its_close() {
    let app = app(false).await;
    let notice = duban_tests::manifest_dir().join("fixtures/notices/2023-two-items.txt");
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "admin", "/admin/plans").await;
    browser.wait_for("#plan-list [data-year='2024']").await;

    // Import: preview first (nothing saved), then the draft.
    browser
        .wait_for("#import-file")
        .await
        .send_keys(notice.to_str().unwrap())
        .await
        .unwrap();
    click(&browser, "#import-preview").await;
    let facts = wait_text(&browser, "#import-preview-facts", "开府办〔2023〕5号").await;
    assert!(
        facts.contains("2023年") && facts.contains("2类2项") && facts.contains("6个节点"),
        "{facts}"
    );
    let items = wait_text(&browser, "#import-items", "配合：市医疗保障局").await;
    assert!(
        items.contains("城镇新增就业（5000人）") && items.contains("12月10日"),
        "{items}"
    );
    at_both_sizes(&browser, "#import-preview-result", "import-preview", (1366, 900)).await;
    let admin = login(&app, "admin").await;
    let (status, _) = call(&app, Method::GET, "/plans/2023", &admin, None, None).await;
    assert_eq!(status, 404, "a preview saves nothing");
    click(&browser, "#import-submit").await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已导入2023年计划（2类2项）").await;
    browser
        .wait_for(".plan-editor[data-plan-year='2023'][data-plan-status='draft']")
        .await;

    // Edit the header, then publish.
    type_into(&browser, "#plan-title", "2023年开平市民生实事项目（导入）").await;
    click(&browser, "#plan-save").await;
    wait_text(&browser, "#plan-header-form .outcome-ok", "已保存计划信息").await;
    click(&browser, "#publish-plan").await;
    click(&browser, "#publish-plan-confirm").await;
    wait_text(&browser, ".outcome-ok", "已发布2023年计划").await;
    let (_, plan) = call(&app, Method::GET, "/plans/2023", &admin, None, None).await;
    let item1 = plan["categories"][0]["items"][0]["id"].as_i64().unwrap();
    let indicator = plan["categories"][0]["items"][0]["indicators"][0]["id"]
        .as_i64()
        .unwrap();

    // The co-unit (市医疗保障局) finds this year's items it helps on in its workspace (here
    // item 5 of 2024), and 2023's on that year's plan; it writes December's note.
    let (id5, _) = app.item_ids(5).await;
    app.db.execute(&format!(
        "INSERT INTO item_co_units (item_id, unit_id) VALUES ({id5}, {})",
        app.unit_id("ybj")
    ));
    switch_to(&browser, &app, "ybj", "/my-items").await;
    wait_text(&browser, "#assisting [data-assist-item='5']", "市人力资源和社会保障局").await;
    at_both_sizes(&browser, "#assisting", "unit-assisting", (1366, 900)).await;
    goto(&browser, &app, "/plans/2023").await;
    click(&browser, "[data-item='1'] .cell-content a").await;
    wait_text(&browser, "#item-readonly", "配合单位").await;
    type_into(
        &browser,
        "#co-note-text",
        "已提供12月医保参保数据，协助核对新增就业人数",
    )
    .await;
    click(&browser, "#co-note-save").await;
    wait_text(&browser, "#co-note-status", "已保存配合情况").await;
    wait_text(&browser, "#co-notes-list", "协助核对新增就业人数").await;
    // Last month may still be written while its report is under way.
    set_value(&browser, "#co-note-period", "2023-11").await;
    type_into(&browser, "#co-note-text", "11月已提供参保名单").await;
    click(&browser, "#co-note-save").await;
    wait_text(&browser, "#co-notes-list", "11月已提供参保名单").await;
    let notes = wait_text(&browser, "#co-notes-list", "11月").await;
    assert!(notes.contains("12月") && notes.contains("11月"), "{notes}");
    at_both_sizes(&browser, "#co-notes", "co-note-form", (1366, 900)).await;

    // The lead unit reads it beside December's report, and reports.
    switch_to(&browser, &app, "rsj", &format!("/items/{item1}/reports/2023-12")).await;
    wait_text(&browser, "#report-co-notes", "协助核对新增就业人数").await;
    at_both_sizes(&browser, "#report-co-notes", "report-with-co-notes", (1366, 900)).await;
    type_into(&browser, "#report-progress", "全年城镇新增就业5120人，超额完成").await;
    type_into(&browser, &format!("#report-value-{indicator}"), "5120").await;
    click(&browser, "#report-submit").await;
    wait_text(&browser, ".report-page", "2023年12月月报已报送").await;

    // The office closes the year: item 2 not done, with its reason.
    switch_to(&browser, &app, "admin", "/admin/plans/2023").await;
    browser.wait_for("#close-section").await;
    set_value(&browser, "#result-1", "done").await;
    set_value(&browser, "#result-2", "not_done").await;
    click(&browser, "#close-plan").await;
    click(&browser, "#close-plan-confirm").await;
    wait_text(&browser, "#close-problem", "须说明原因").await;
    type_into(&browser, "#result-note-2", "3家医疗机构系统改造未完成，顺延至次年").await;
    click(&browser, "#close-plan").await;
    click(&browser, "#close-plan-confirm").await;
    wait_text(&browser, "#plan-closed-note", "完成1项，基本完成0项，未完成1项").await;
    wait_text(&browser, "#final-results-table", "顺延至次年").await;
    at_both_sizes(&browser, "#final-results", "plan-closed", (1366, 900)).await;

    // A closed year is read-only for every writer.
    let unit = login(&app, "rsj").await;
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/items/{item1}/reports"),
        &unit,
        None,
        Some(json!({"period": "2023-11"})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("plan_closed")),
        "{body}"
    );

    // Leaders: the year is one click away, closed, with its results; and last year is compared.
    switch_to(&browser, &app, "leader", "/dashboard").await;
    wait_text(&browser, "#dash-title", "2024年").await;
    wait_text(&browser, "#year-switch", "2023年（已销号）").await;
    let compare = wait_text(&browser, "#year-compare", "2023年").await;
    assert!(
        compare.contains("平均完成度") && compare.contains("2024年"),
        "{compare}"
    );
    at_both_sizes(&browser, "#year-compare", "dashboard-year-compare", (1366, 900)).await;
    click(&browser, "#year-2023").await;
    wait_text(&browser, "#dash-title", "2023年").await;
    let tally = wait_text(&browser, "#final-tally", "已年终销号").await;
    assert!(tally.contains("1项完成") && tally.contains("1项未完成"), "{tally}");
    at_both_sizes(&browser, "#final-tally", "dashboard-closed-year", (1366, 900)).await;
    goto(&browser, &app, &format!("/items/{item1}")).await;
    wait_text(&browser, "#item-final-result", "完成").await;
    wait_text(&browser, "#item-closed", "已年终销号").await;
    browser.close().await;
}
