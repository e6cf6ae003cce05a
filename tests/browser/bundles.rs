//! Five bundles: the login, the units' workspace, the leaders' dashboard, the pages every
//! role opens from there (an item, a plan, the briefings…), and the office's with every
//! screen. A load starts the one its stored session and address call for; a move to another
//! bundle's page (logging in, a link) is a fresh load of it.

use duban_tests::browser::Browser;
use fantoccini::Locator;

use crate::office_app::app;

/// The app files this page loaded (names without their hash), from the browser's own record.
async fn loaded_bundles(browser: &Browser) -> Vec<String> {
    let names = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);",
            vec![],
        )
        .await
        .unwrap();
    let mut bundles: Vec<String> = names
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| n.ends_with(".wasm"))
        .map(|n| n.trim_start_matches('/').split('.').next().unwrap().to_string())
        .collect();
    bundles.sort();
    bundles.dedup();
    bundles
}

#[tokio::test]
async fn each_user_downloads_the_bundle_of_the_page_and_moves_between_them_by_a_fresh_load() {
    let app = app(true).await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;

    // Anyone without a session: the login's bundle, whatever the address.
    c.goto(&app.url("/todo")).await.unwrap();
    browser.wait_for("#login-username").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_login_bg"]);
    // A unit: its workspace from the units' bundle, loaded afresh after the login.
    browser.login(&app, "ybj", "/todo").await;
    browser.wait_for("#todo").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    // An office page typed in by hand: told it is the office's, and nothing more is fetched.
    c.goto(&app.url("/office/reviews")).await.unwrap();
    browser.wait_for("#office-only-title").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    browser.screenshot("bundle-office-page-for-a-unit").await;
    // Its link to the overview: the leaders' bundle, loaded afresh at that address.
    browser.wait_for("#main .panel a.button").await.click().await.unwrap();
    browser.wait_for(".dashboard").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/dashboard");
    assert_eq!(loaded_bundles(&browser).await, ["duban_overview_bg"]);
    // An item is in the common bundle, whoever opens it; the header's 待办 goes back to
    // the units' bundle.
    c.goto(&app.url("/items/3")).await.unwrap();
    browser.wait_for("#item-title").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_common_bg"]);
    // A link within the common bundle is no fresh load: the plan page follows in the same
    // document.
    c.execute("window.__same_document = true;", vec![]).await.unwrap();
    browser
        .wait_for("#main a[href='/plans/2024']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for("#plan-table").await;
    assert_eq!(
        c.execute("return window.__same_document === true;", vec![])
            .await
            .unwrap(),
        true
    );
    c.goto(&app.url("/dashboard")).await.unwrap();
    browser.wait_for(".dashboard").await;
    browser.wait_for(".topnav a[href='/todo']").await.click().await.unwrap();
    browser.wait_for("#todo").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/todo");
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;

    // A leader logs in on the login's bundle and lands on the dashboard, in the leaders'
    // bundle; an item from there is the common bundle's.
    browser.login(&app, "leader", "/dashboard").await;
    browser.wait_for(".dashboard").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_overview_bg"]);
    browser.screenshot("bundle-dashboard-for-a-leader").await;
    c.goto(&app.url("/items/3")).await.unwrap();
    browser.wait_for("#item-title").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_common_bg"]);
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;

    // The office logs in on the login's bundle and lands on the page it asked for, in its
    // own bundle (a fresh load: the browser's record starts again).
    browser.login(&app, "admin", "/office/reviews").await;
    browser.wait_for(".office-tabs").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/office/reviews");
    assert_eq!(loaded_bundles(&browser).await, ["duban_office_bg"]);
    // Its stored session starts the office bundle on every later load.
    c.goto(&app.url("/admin/plans")).await.unwrap();
    browser.wait_for(".office-tabs").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_office_bg"]);
    c.goto(&app.url("/todo")).await.unwrap();
    browser.wait_for("#main h1").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_office_bg"]);
    // Logged out, a fresh load is the login's bundle again.
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;
    c.goto(&app.url("/")).await.unwrap();
    browser.wait_for("#login-username").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_login_bg"]);
    assert!(c.find(Locator::Css(".office-tabs")).await.is_err());
    browser.close().await;
}
