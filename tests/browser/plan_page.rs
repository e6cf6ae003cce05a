//! The plan page shows the notice's table: 10 categories, 25 items.

use duban_tests::browser::Browser;
use duban_tests::TestApp;
use fantoccini::Locator;

#[tokio::test]
async fn the_plan_page_shows_every_category_and_item() {
    let app = TestApp::spawn().await;
    assert!(
        duban_tests::static_dir().is_some(),
        "the web app must be built first (./dev test does it)"
    );
    for (label, width, height) in [("desktop", 1366, 900), ("phone", 390, 844)] {
        let browser = Browser::start(width, height).await;
        let c = &browser.client;
        browser.login(&app, "rsj", "/plans/2024").await;
        browser.wait_for("#plan-table [data-item='25']").await;
        let categories = c.find_all(Locator::Css("#plan-table [data-category]")).await.unwrap();
        let mut ordinals = Vec::new();
        for el in categories {
            ordinals.push(el.attr("data-category").await.unwrap().unwrap());
        }
        ordinals.dedup();
        assert_eq!(ordinals.len(), 10, "{label}: categories {ordinals:?}");
        let items = c.find_all(Locator::Css("#plan-table [data-item]")).await.unwrap();
        assert_eq!(items.len(), 25, "{label}");
        let text = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
        for needle in [
            "开府办〔2024〕8号",
            "一、提升医疗保障水平",
            "十、推动农村公路提档升级",
            "市交通运输局",
            "3月31日前",
        ] {
            assert!(text.contains(needle), "{label}: page lacks {needle}");
        }
        browser.screenshot(&format!("plan-2024-{label}")).await;
        browser.assert_accessible(&format!("plan page ({label})")).await;

        // A reload of an app route lands in the app, not on a 404.
        let item_link = c.find(Locator::Css("#plan-table [data-item='5'] a")).await.unwrap();
        item_link.click().await.unwrap();
        browser.wait_for("[data-item-page='5']").await;
        c.refresh().await.unwrap();
        browser.wait_for("[data-item-page='5']").await;
        let text = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
        assert!(text.contains("城镇新增就业"), "{label}: item page");
        browser.screenshot(&format!("item-5-{label}")).await;
        browser.close().await;
    }
}

#[tokio::test]
async fn without_a_session_the_app_asks_to_log_in_first() {
    let app = TestApp::spawn().await;
    let browser = Browser::start(1366, 900).await;
    browser.client.goto(&app.url("/plans/2024")).await.unwrap();
    browser.wait_for("#login-username").await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), "/login");
    assert_eq!(url.query(), Some("next=%2Fplans%2F2024"));
    browser.screenshot("login-desktop").await;
    browser.assert_accessible("login page").await;
    browser.close().await;
}

/// 主动公开: the public page needs no login and reads on a phone (390×844), nothing wider than
/// the window; the demo's accepted June progress is there.
#[tokio::test]
async fn the_public_page_reads_on_a_phone_without_a_login() {
    let app = crate::office_app::app(true).await;
    let browser = Browser::start(1366, 900).await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.client.goto(&app.url("/public/2024")).await.unwrap();
    let first = browser.wait_for("#item-1").await.text().await.unwrap();
    assert!(first.contains("市医疗保障局") && first.contains("3月31日前"), "{first}");
    let page = browser.wait_for("body").await.text().await.unwrap();
    assert!(page.contains("最新进展（2024年"), "accepted progress is shown");
    assert!(
        !page.contains("请补充新增就业人数的统计口径"),
        "a return reason is not public"
    );
    let wide = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(wide, serde_json::json!(true), "the public page is wider than a phone");
    browser.screenshot("public-page-phone").await;
    browser.client.set_window_size(1366, 900).await.unwrap();
    browser.screenshot("public-page-desktop").await;
    browser.close().await;
}
