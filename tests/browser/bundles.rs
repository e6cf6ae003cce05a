//! Five bundles: the login, the units' workspace, the leaders' dashboard, the pages every
//! role opens from there (an item, a plan, the briefings…), and the office's with every
//! screen. A load starts the one its stored session and address call for; a move to another
//! bundle's page (logging in, a link) is a fresh load of it.

use duban_tests::browser::Browser;
use fantoccini::Locator;

use crate::office_app::{app, wait_text};

/// The wasm files this page's browser fetched, from its own record: each as (its name
/// without the hash, whether it was fetched ahead for a later page, whether it came from
/// the browser's cache).
async fn wasm_fetches(browser: &Browser) -> Vec<(String, bool, bool)> {
    let entries = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
                .filter((e) => e.name.endsWith('.wasm'))
                .map((e) => [new URL(e.name).pathname, e.initiatorType === 'link', e.transferSize === 0]);",
            vec![],
        )
        .await
        .unwrap();
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let name = e[0].as_str().unwrap().trim_start_matches('/');
            (
                name.split('.').next().unwrap().to_string(),
                e[1].as_bool().unwrap(),
                e[2].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The bundles this page started with (not those fetched ahead for a later page).
async fn loaded_bundles(browser: &Browser) -> Vec<String> {
    let mut bundles: Vec<String> = wasm_fetches(browser)
        .await
        .into_iter()
        .filter(|(_, prefetched, _)| !prefetched)
        .map(|(name, _, _)| name)
        .collect();
    bundles.sort();
    bundles.dedup();
    bundles
}

/// Waits (up to 15 s) until the page has fetched ahead the bundle named `name`.
async fn wait_prefetched(browser: &Browser, name: &str) {
    for _ in 0..150 {
        if wasm_fetches(browser)
            .await
            .iter()
            .any(|(n, prefetched, _)| n == name && *prefetched)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{name} was not fetched ahead: {:?}", wasm_fetches(browser).await);
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
    // Once the workspace is up, the common bundle (an item, a plan…) is fetched ahead, and
    // the first item opened takes it from the browser's cache.
    wait_prefetched(&browser, "duban_common_bg").await;
    // (An item's own link, not a report form's.)
    c.execute(
        "[...document.querySelectorAll('#todo a')].find((a) => /^\\/items\\/[0-9]+$/.test(a.getAttribute('href'))).click();",
        vec![],
    )
    .await
    .unwrap();
    browser.wait_for("#item-title").await;
    assert_eq!(
        wasm_fetches(&browser).await,
        [("duban_common_bg".to_string(), false, true)],
        "the item page's bundle came from the cache, and nothing was fetched ahead from there"
    );
    c.goto(&app.url("/todo")).await.unwrap();
    browser.wait_for("#todo").await;
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
    // An id the router reads but no item has (signed): the common bundle says so.
    c.goto(&app.url("/items/-1")).await.unwrap();
    wait_text(&browser, "#main", "未找到该项目").await;
    assert_eq!(loaded_bundles(&browser).await, ["duban_common_bg"]);
    c.goto(&app.url("/items/3")).await.unwrap();
    browser.wait_for("#item-title").await;
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
