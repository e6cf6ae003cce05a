//! Two bundles: units, leaders and the login get the app without the office's screens; the
//! office gets its own bundle, started by a fresh load after it logs in.

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
async fn units_and_leaders_never_download_the_office_screens_and_the_office_gets_them() {
    let app = app(true).await;
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;

    // A unit: its workspace from the small bundle.
    browser.login(&app, "ybj", "/todo").await;
    browser.wait_for("#current-user").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    // An office page typed in by hand: told it is the office's, and nothing more is fetched.
    c.goto(&app.url("/office/reviews")).await.unwrap();
    browser.wait_for("#office-only-title").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    browser.screenshot("bundle-office-page-for-a-unit").await;
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;

    // A leader: the dashboard from the same bundle.
    browser.login(&app, "leader", "/dashboard").await;
    browser.wait_for(".dashboard").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;

    // The office logs in on the small bundle's login page and lands on the page it asked
    // for, in its own bundle (a fresh load: the browser's record starts again).
    browser.login(&app, "admin", "/office/reviews").await;
    browser.wait_for(".office-tabs").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/office/reviews");
    assert_eq!(loaded_bundles(&browser).await, ["duban_office_bg"]);
    // Its stored session starts the office bundle on every later load.
    c.goto(&app.url("/admin/plans")).await.unwrap();
    browser.wait_for(".office-tabs").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_office_bg"]);
    // Logged out, a fresh load is the small bundle again.
    browser.wait_for("#logout-button").await.click().await.unwrap();
    browser.wait_for("#login-username").await;
    c.goto(&app.url("/")).await.unwrap();
    browser.wait_for("#login-username").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_bg"]);
    assert!(c.find(Locator::Css(".office-tabs")).await.is_err());
    browser.close().await;
}
