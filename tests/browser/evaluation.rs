//! 满意度测评 in the browser: the office opens the round; a deputy (on a phone) grades an item as
//! the public sees it and changes its mind; the office sees how many voted, closes the round and
//! reads the counts and 满意率; the deputy's ballot is then read-only.

use duban_tests::browser::Browser;
use duban_tests::{body, RequestHelper, PASSWORD};
use fantoccini::Locator;
use serde_json::json;

use crate::office_app::{app, click, full_page_screenshot, type_into, wait_text};

#[tokio::test]
async fn a_deputy_grades_an_item_and_the_office_reads_the_results() {
    let app = app(true).await;
    let office_api = app.admin().await;
    let res = office_api
        .post(
            "/users",
            json!({"username": "deputy1", "display_name": "陈代表", "role": "deputy", "unit": null, "password": PASSWORD}),
        )
        .await;
    body(res, 201).await;

    // The office opens the round from its page.
    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", "/evaluations").await;
    office.wait_for("#evaluation-open-form").await;
    office.screenshot("evaluation-open-desktop").await;
    click(&office, "#evaluation-open").await;
    wait_text(&office, ".outcome-ok", "已发起“2024年民生实事项目满意度测评”").await;
    wait_text(&office, "#evaluation-round", "参评代表1人，已投票0人").await;

    // A deputy on a phone: sent to its ballot, sees no other part of Duban.
    let deputy = Browser::start(390, 844).await;
    deputy.login(&app, "deputy1", "/").await;
    wait_text(&deputy, "#evaluation-title", "2024年民生实事项目满意度测评").await;
    let nav = deputy.wait_for(".topnav").await.text().await.unwrap();
    assert!(
        nav.contains("满意度测评") && !nav.contains("民生实事\n") && !nav.contains("总览"),
        "{nav}"
    );
    wait_text(&deputy, "#evaluation-state", "您已评价0项，共25项").await;
    let card = "li[data-item='5']";
    wait_text(&deputy, card, "牵头单位：市人力资源和社会保障局").await;
    click(&deputy, "#ballot-5-basically_satisfied").await;
    type_into(&deputy, "#ballot-5-comment", "技能培训覆盖面可以再扩大").await;
    click(&deputy, "#ballot-5-save").await;
    wait_text(&deputy, card, "已保存：基本满意").await;
    wait_text(&deputy, "#evaluation-state", "您已评价1项，共25项").await;
    deputy
        .client
        .execute(
            "document.querySelector(\"li[data-item='5']\").scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    deputy.screenshot("deputy-ballot-phone").await;
    deputy.assert_accessible("deputy ballot (phone)").await;
    // It changes its mind: still one ballot.
    click(&deputy, "#ballot-5-satisfied").await;
    click(&deputy, "#ballot-5-save").await;
    wait_text(&deputy, card, "已保存：满意").await;
    full_page_screenshot(&deputy, "deputy-ballot-full-phone", 390, 844).await;
    assert_eq!(app.db.count("evaluation_ballots"), 1);

    // The office: participation while the round is open, then it closes the round and reads
    // the counts, 满意率, the comment without its writer.
    office.client.refresh().await.unwrap();
    wait_text(&office, "#evaluation-round", "参评代表1人，已投票1人").await;
    assert!(
        office.client.find(Locator::Css("#evaluation-results")).await.is_err(),
        "sealed while open"
    );
    office.screenshot("evaluation-open-round-desktop").await;
    click(&office, "#evaluation-close").await;
    click(&office, "#evaluation-close-confirm").await;
    wait_text(&office, "#evaluation-round", "已于").await;
    let row = wait_text(&office, "#evaluation-results tr[data-item='5']", "100.0%").await;
    assert!(row.contains("代表意见（1条）"), "{row}");
    let page = office.wait_for("main").await.text().await.unwrap();
    assert!(!page.contains("陈代表") && !page.contains("deputy1"), "nobody is named");
    office.screenshot("evaluation-results-desktop").await;
    office.assert_accessible("evaluation results").await;
    office.close().await;
    // A leader reads the results on a phone.
    let leader = Browser::start(390, 844).await;
    leader.login(&app, "leader", "/evaluations").await;
    wait_text(&leader, "#evaluation-results tr[data-item='5']", "100.0%").await;
    assert!(
        leader.client.find(Locator::Css("#evaluation-close")).await.is_err(),
        "a leader closes nothing"
    );
    leader.screenshot("evaluation-results-phone").await;
    leader.close().await;

    // The deputy's ballot, after: read-only.
    deputy.client.refresh().await.unwrap();
    wait_text(&deputy, "#evaluation-state", "本次测评已于").await;
    assert!(deputy.client.find(Locator::Css("#ballot-5-save")).await.is_err());
    deputy.close().await;

    // The deputy at desktop size.
    let wide = Browser::start(1366, 900).await;
    wide.login(&app, "deputy1", "/evaluation").await;
    wait_text(&wide, "li[data-item='5']", "您的评价：满意").await;
    wide.screenshot("deputy-ballot-desktop").await;
    wide.close().await;
}
