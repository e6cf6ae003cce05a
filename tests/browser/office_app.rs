//! The leaders' dashboard and the office's screens in Chromium: the dashboard shows what the
//! summary API says on any day, the office returns a report and the unit reads the reason,
//! runs a red 督查通知书 from issue to 销号, a leader's 批示 reaches the unit and the office, creates an account that then logs in; every screen
//! is photographed at desktop and phone size and checked with axe-core. 15 July 2024 is
//! "today", with half a year of demo work behind it.

use std::time::Duration;

use duban_tests::browser::Browser;
use duban_tests::TestApp;
use fantoccini::Locator;
use reqwest::Method;
use serde_json::{json, Value};

pub(crate) const SIZES: [(&str, u32, u32); 2] = [("desktop", 1366, 900), ("phone", 390, 844)];

/// The app on 15 July 2024; with `demo`, half a year of reports, milestones and notices.
pub(crate) async fn app(demo: bool) -> TestApp {
    let app = TestApp::spawn_mid_2024().await;
    if demo {
        let today = chrono::NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
        duban::demo::load(&mut app.db.conn(), today).expect("demo data loads");
    }
    assert!(
        duban_tests::static_dir().is_some(),
        "the web app must be built first (cargo run -p xtask -- build-frontend)"
    );
    app
}

/// An API call; returns the status and the JSON body (Null when there is none).
pub(crate) async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    version: Option<i64>,
    body: Option<Value>,
) -> (u16, Value) {
    // A fresh client each time: a pooled connection the server has let idle out (while the
    // demo data loads) fails with `IncompleteMessage`.
    let mut req = reqwest::Client::new()
        .request(method, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(v) = version {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// GET as a leader; expects 200.
async fn get_json(app: &TestApp, path: &str) -> Value {
    let (status, body) = call(app, Method::GET, path, &app.reader, None, None).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// Logs in over HTTP (on a fresh connection) and returns the access token.
pub(crate) async fn login(app: &TestApp, username: &str) -> String {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": username, "password": duban_tests::PASSWORD}))
        .send()
        .await
        .expect("login request");
    assert_eq!(res.status().as_u16(), 200, "login as {username}");
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser.wait_for(css).await.text().await.unwrap()
}

/// Waits (up to 15 s) until the element's text contains `needle`.
pub(crate) async fn wait_text(browser: &Browser, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..150 {
        if let Ok(el) = browser.client.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if last.contains(needle) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never said {needle:?}; last text: {last:?}");
}

/// Counts are written whole: no "3293.48人" anywhere in `text` (a decimal right before a
/// count measure such as 人, 户, 个, 批次).
pub(crate) fn assert_whole_counts(text: &str, label: &str) {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '.' || i == 0 || !chars[i - 1].is_ascii_digit() {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j == i + 1 {
            continue;
        }
        let rest: String = chars[j..chars.len().min(j + 6)].iter().collect();
        let rest = rest.trim_start();
        if rest.starts_with("个百分点") {
            continue; // "落后 47.3 个百分点": points, not a count
        }
        let after: String = rest.chars().take(2).collect();
        let first: String = after.chars().take(1).collect();
        if duban_shared::quantity::is_count_measure(&after) || duban_shared::quantity::is_count_measure(&first) {
            let start = i.saturating_sub(20);
            let context: String = chars[start..chars.len().min(j + 4)].iter().collect();
            panic!("{label}: a count with decimals: …{context}…");
        }
    }
}

/// Sets a form control's value as a user would, firing `input` and `change`.
pub(crate) async fn set_value(browser: &Browser, css: &str, value: &str) {
    browser.wait_for(css).await;
    browser
        .client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1];\
             el.dispatchEvent(new Event('input', {bubbles: true}));\
             el.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(css), json!(value)],
        )
        .await
        .expect("set value");
}

pub(crate) async fn type_into(browser: &Browser, css: &str, text: &str) {
    let el = browser.wait_for(css).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

pub(crate) async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css).await.click().await.unwrap();
}

/// A screenshot of the whole page, not only the window: the window grows to the page's
/// height for it, then goes back.
pub(crate) async fn full_page_screenshot(browser: &Browser, name: &str, width: u32, height: u32) {
    let c = &browser.client;
    let page = c
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(height as u64) as u32;
    c.set_window_size(width, page + 150).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    browser.screenshot(name).await;
    c.set_window_size(width, height).await.unwrap();
}

/// Brings an element to the middle of the window (for a screenshot of it).
pub(crate) async fn scroll_to(browser: &Browser, css: &str) {
    browser.wait_for(css).await;
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![json!(css)],
        )
        .await
        .unwrap();
}

pub(crate) async fn goto(browser: &Browser, app: &TestApp, path: &str) {
    browser.client.goto(&app.url(path)).await.unwrap();
}

/// The dashboard's figures against the summary API's for the same day.
async fn assert_dashboard_matches(browser: &Browser, summary: &Value, label: &str) {
    let as_of = summary["as_of"].as_str().unwrap();
    browser.wait_for(&format!(".dashboard[data-as-of='{as_of}']")).await;
    for light in ["blue", "green", "yellow", "red", "total"] {
        let shown = text_of(browser, &format!("#count-{light}")).await;
        assert_eq!(
            shown,
            summary["counts"][light].to_string(),
            "{label} {as_of}: {light} count"
        );
    }
    for c in summary["by_category"].as_array().unwrap() {
        let row = browser
            .wait_for(&format!("#category-title ~ table [data-category='{}']", c["ordinal"]))
            .await;
        let shown: f64 = row.attr("data-progress").await.unwrap().unwrap().parse().unwrap();
        assert!(
            (shown - c["progress_pct"].as_f64().unwrap()).abs() < 0.05,
            "{label}: category {}",
            c["ordinal"]
        );
    }
    for u in summary["by_unit"].as_array().unwrap() {
        let code = u["unit"]["code"].as_str().unwrap();
        let row = browser
            .wait_for(&format!("#unit-title ~ table [data-unit='{code}']"))
            .await;
        let shown: f64 = row.attr("data-progress").await.unwrap().unwrap().parse().unwrap();
        assert!(
            (shown - u["progress_pct"].as_f64().unwrap()).abs() < 0.05,
            "{label}: unit {code}"
        );
    }
    let lagging = browser
        .client
        .find_all(Locator::Css(".lagging-list > li"))
        .await
        .unwrap();
    assert_eq!(
        lagging.len(),
        summary["lagging"].as_array().unwrap().len(),
        "{label}: lagging items"
    );
    if summary["compliance"]["period"].is_string() {
        for (id, key) in [
            ("compliance-on-time", "on_time"),
            ("compliance-late", "late"),
            ("compliance-missing", "missing"),
        ] {
            assert_eq!(
                text_of(browser, &format!("#{id}")).await,
                summary["compliance"][key].to_string(),
                "{label}: compliance {key}"
            );
        }
    }
    let rule = text_of(browser, "#ranking-rule").await;
    assert!(
        rule.contains(summary["ranking"]["rule"].as_str().unwrap()),
        "{label}: ranking rule"
    );
}

#[tokio::test]
async fn a_leader_sees_the_summary_on_any_day_and_the_items_behind_a_figure() {
    let app = app(true).await;
    let today = get_json(&app, "/plans/2024/summary").await;
    let april = get_json(&app, "/plans/2024/summary?as_of=2024-04-15").await;
    assert_ne!(today["counts"], april["counts"], "the demo's April differs from July");
    for (label, width, height) in SIZES {
        let browser = Browser::start(width, height).await;
        let c = &browser.client;
        // `/` takes a leader to the dashboard.
        browser.login(&app, "leader", "/").await;
        browser.wait_for(".dashboard").await;
        assert_eq!(c.current_url().await.unwrap().path(), "/dashboard");
        assert_dashboard_matches(&browser, &today, label).await;
        // A leader is shown no way to write: no link to the office's pages, no office strip.
        for office_only in ["a[href^='/office']", "a[href^='/admin']", ".office-strip"] {
            let found = c.find_all(Locator::Css(office_only)).await.unwrap();
            assert!(found.is_empty(), "{label}: a leader sees {office_only}");
        }
        let page = text_of(&browser, "body").await;
        assert!(!page.contains("发督办通知"));
        assert_whole_counts(&page, &format!("dashboard ({label})"));
        // The first screen holds the priorities: the lagging list starts within it, and on a
        // desktop this month's reporting and the red cases sit beside it.
        browser.wait_for("#red-cases").await;
        let top = |css: &str| {
            let c = c.clone();
            let css = css.to_string();
            async move {
                c.execute(
                    "return document.querySelector(arguments[0]).getBoundingClientRect().top;",
                    vec![json!(css)],
                )
                .await
                .unwrap()
                .as_f64()
                .unwrap()
            }
        };
        // The window's inner height (the 900 px window less the browser's own frame).
        let window = c
            .execute("return window.innerHeight;", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        let lagging_top = top(".lagging-list").await;
        assert!(
            lagging_top < window - 100.0,
            "{label}: the lagging list starts at {lagging_top}px of {window}px"
        );
        if label == "desktop" {
            for css in [".compliance-glance", "#red-cases"] {
                let at = top(css).await;
                assert!(at < window - 60.0, "{label}: {css} starts at {at}px of {window}px");
            }
        }
        // Every category and unit bar carries its 序时 mark, in words too.
        for row in c.find_all(Locator::Css(".bar-table tbody tr")).await.unwrap() {
            let text = row.text().await.unwrap();
            assert!(text.contains("序时"), "{label}: a bar without its 序时 mark: {text}");
            row.find(Locator::Css(".bar-expected"))
                .await
                .expect("the mark is drawn");
        }
        browser.screenshot(&format!("dashboard-leader-{label}")).await;
        full_page_screenshot(&browser, &format!("dashboard-leader-full-{label}"), width, height).await;
        browser.assert_accessible(&format!("dashboard ({label})")).await;

        // Another day: the figures follow, the URL keeps it through a reload.
        set_value(&browser, "#as-of-input", "2024-04-15").await;
        click(&browser, "#as-of-submit").await;
        assert_dashboard_matches(&browser, &april, label).await;
        assert_eq!(
            c.current_url().await.unwrap().query(),
            Some("year=2024&as_of=2024-04-15")
        );
        c.refresh().await.unwrap();
        assert_dashboard_matches(&browser, &april, label).await;
        browser.screenshot(&format!("dashboard-leader-april-{label}")).await;
        c.back().await.unwrap();
        assert_dashboard_matches(&browser, &today, label).await;

        // The red figure leads to the red items.
        click(&browser, "#count-red").await;
        browser.wait_for("#item-list").await;
        let rows = c.find_all(Locator::Css("#item-list tbody tr")).await.unwrap();
        assert_eq!(
            rows.len() as i64,
            today["counts"]["red"].as_i64().unwrap(),
            "{label}: red items"
        );
        for row in &rows {
            assert_eq!(row.attr("data-light").await.unwrap().as_deref(), Some("red"));
        }
        browser.screenshot(&format!("items-red-{label}")).await;
        browser.assert_accessible(&format!("item list ({label})")).await;

        // A unit's bar leads to that unit's items; a lagging item to its page.
        goto(&browser, &app, "/dashboard").await;
        click(&browser, "#unit-title ~ table [data-unit='ybj'] a").await;
        browser.wait_for("#item-list").await;
        let numbers: Vec<String> = {
            let mut v = Vec::new();
            for row in c.find_all(Locator::Css("#item-list tbody tr")).await.unwrap() {
                v.push(row.attr("data-item").await.unwrap().unwrap());
            }
            v
        };
        assert_eq!(numbers, ["1", "2", "3"], "{label}: 市医疗保障局's items");
        goto(&browser, &app, "/dashboard").await;
        let first = &today["lagging"][0];
        click(&browser, ".lagging-list > li:first-child a.lagging-title").await;
        browser
            .wait_for(&format!("[data-item-page='{}']", first["number"]))
            .await;
        assert_item_page_reads_well(&browser, label).await;

        // The office's pages tell a leader they are not theirs, with no controls.
        goto(&browser, &app, "/office/reviews").await;
        wait_text(&browser, "main", "仅供督查室使用").await;
        assert!(c.find(Locator::Css(".accept-button")).await.is_err());
        browser.close().await;
    }
}

/// An item page of the demo: its charts name their indicator, say what the dashed line is and
/// draw labels of at least 11 px on screen; its history is dated in 2024 (the demo's time, not
/// the wall clock) and names the unit and person.
async fn assert_item_page_reads_well(browser: &Browser, label: &str) {
    browser.wait_for(".chart-svg").await;
    let name = text_of(browser, ".chart-name").await;
    assert!(
        name.contains('（'),
        "{label}: the chart names its indicator and measure: {name}"
    );
    let legend = text_of(browser, ".chart-legend").await;
    assert!(legend.contains("目标线"), "{label}: {legend}");
    let smallest = browser
        .client
        .execute(
            "let least = 1e9; for (const svg of document.querySelectorAll('.chart-svg')) {                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;                for (const t of svg.querySelectorAll('text')) {                  least = Math.min(least, parseFloat(t.getAttribute('font-size')) * scale); } }              return least;",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(smallest >= 11.0, "{label}: chart labels drawn at {smallest:.1}px");
    // The history comes in its own answer: the page is read once it names a unit · person.
    let page = wait_text(browser, "main", " · ").await;
    assert_whole_counts(&page, &format!("item page ({label})"));
    let wall_year = format!("{}年", chrono::Datelike::year(&chrono::Utc::now()));
    if !wall_year.starts_with("2024") {
        assert!(
            !page.contains(&wall_year),
            "{label}: the demo's history is dated {wall_year}"
        );
    }
    browser.screenshot(&format!("item-page-lagging-{label}")).await;
    scroll_to(browser, ".charts").await;
    browser.screenshot(&format!("item-page-charts-{label}")).await;
    scroll_to(browser, "#history-title").await;
    browser.screenshot(&format!("item-page-history-{label}")).await;
}

/// Starts and submits rsj's June report on item 5; returns the item's id.
async fn submitted_report(app: &TestApp) -> i64 {
    let rsj = login(app, "rsj").await;
    let item5 = app.item_json(5).await;
    let id = item5["id"].as_i64().unwrap();
    let values: Vec<Value> = item5["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"indicator_id": i["id"], "value": 2000}))
        .collect();
    let (status, report) = call(
        app,
        Method::POST,
        &format!("/items/{id}/reports"),
        &rsj,
        None,
        Some(json!({"period": "2024-06", "progress": "6月新增就业2000人。", "values": values})),
    )
    .await;
    assert_eq!(status, 201, "{report}");
    let (status, report) = call(
        app,
        Method::POST,
        &format!("/items/{id}/reports/2024-06/submit"),
        &rsj,
        report["version"].as_i64(),
        None,
    )
    .await;
    assert_eq!(status, 200, "{report}");
    id
}

#[tokio::test]
async fn the_office_returns_a_report_and_the_unit_reads_the_reason() {
    let app = app(false).await;
    let id = submitted_report(&app).await;
    let reason = "6月新增就业人数与人社系统统计不一致，请核实后重新报送。";
    {
        let browser = Browser::start(1366, 900).await;
        browser.login(&app, "admin", "/office/reviews").await;
        browser.wait_for(&format!("[data-item-id='{id}'] .return-button")).await;
        browser.screenshot("office-reviews-desktop").await;
        browser.assert_accessible("review queue").await;
        click(&browser, &format!("[data-item-id='{id}'] .return-button")).await;
        type_into(&browser, &format!("[data-item-id='{id}'] .return-reason-input"), reason).await;
        browser.screenshot("office-reviews-returning-desktop").await;
        click(&browser, &format!("[data-item-id='{id}'] .return-confirm")).await;
        wait_text(&browser, ".outcome-ok", "已退回第5项").await;
        browser.wait_for("#reviews-empty").await;
        browser.close().await;
    }
    let rsj = login(&app, "rsj").await;
    let (_, report) = call(
        &app,
        Method::GET,
        &format!("/items/{id}/reports/2024-06"),
        &rsj,
        None,
        None,
    )
    .await;
    assert_eq!(report["state"], "returned");
    assert_eq!(report["return_reason"], reason);

    // The unit sees the reason on its item page, in the report's history.
    let browser = Browser::start(390, 844).await;
    browser.login(&app, "rsj", &format!("/items/{id}")).await;
    wait_text(&browser, "[data-report='2024-06'] .return-reason", reason).await;
    browser.screenshot("unit-sees-return-reason-phone").await;
    browser.close().await;
}

/// Photographs `css` (brought to the middle of the window) at desktop and phone size, checks the
/// page with axe-core, and leaves the window at `back` size.
pub(crate) async fn at_both_sizes(browser: &Browser, css: &str, name: &str, back: (u32, u32)) {
    for (label, width, height) in SIZES {
        browser.client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        scroll_to(browser, css).await;
        browser.screenshot(&format!("{name}-{label}")).await;
        browser.assert_accessible(&format!("{name} ({label})")).await;
        // Nothing wider than the window: a phone user never scrolls sideways.
        let wide = browser
            .client
            .execute(
                "const root = document.documentElement;\
                 if (root.scrollWidth <= root.clientWidth) return [];\
                 const w = root.clientWidth;\
                 return [...document.querySelectorAll('body *')]\
                   .filter(e => {\
                     if (e.getBoundingClientRect().right <= w + 1) return false;\
                     for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)\
                       if (getComputedStyle(a).overflowX !== 'visible') return false;\
                     return true;\
                   })\
                   .map(e => e.tagName + '.' + e.className).slice(0, 5)\
                   .concat([root.scrollWidth + ' > ' + w]);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(wide, json!([]), "{name} ({label}) is wider than the window");
    }
    browser.client.set_window_size(back.0, back.1).await.unwrap();
}

/// The 督办 round in the browser: the office issues a red 督查通知书 on its 督办台账, the unit
/// signs for it and answers on its item page, the office sends it back once and then closes it
/// with a note; every round stays on the card.
#[tokio::test]
async fn a_red_notice_is_issued_signed_answered_returned_and_closed() {
    let app = app(false).await;
    let item6 = app.item_json(6).await;
    let id = item6["id"].as_i64().unwrap();
    let reason = "第6项二季度进度滞后，请说明原因并提出整改措施。";
    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", &format!("/office/notices?item={id}")).await;
    office
        .wait_for(&format!("#notice-item option[value='{id}']:checked"))
        .await;
    type_into(&office, "#notice-reason", reason).await;
    set_value(&office, "#notice-grade", "red").await;
    click(&office, "#notice-submit").await;
    wait_text(
        &office,
        ".outcome-ok",
        "已向第6项责任单位发出督查通知书〔2024〕第1号（红色督办）",
    )
    .await;
    let card_css = "#notice-list [data-state='open'][data-grade='red']";
    let card = wait_text(&office, card_css, reason).await;
    assert!(
        card.contains("待签收") && card.contains("督查通知书〔2024〕第1号"),
        "{card}"
    );
    wait_text(&office, "#ledger-count", "1件尚未签收").await;
    at_both_sizes(&office, card_css, "office-ledger", (1366, 900)).await;

    let rsj = login(&app, "rsj").await;
    let (_, list) = call(&app, Method::GET, &format!("/notices?item={id}"), &rsj, None, None).await;
    let nid = list["notices"][0]["id"].as_i64().unwrap();
    let css = format!("[data-notice='{nid}']");

    // The unit: its to-do says what to sign for; the item page signs and answers.
    let unit = Browser::start(390, 844).await;
    unit.login(&app, "rsj", "/todo").await;
    let todo = wait_text(&unit, &format!(".todo-card{css}"), "去签收").await;
    assert!(todo.contains("红色督办") && todo.contains(reason), "{todo}");
    goto(&unit, &app, &format!("/items/{id}")).await;
    unit.wait_for(&format!("#item-notices {css} .acknowledge")).await;
    at_both_sizes(&unit, &format!("#item-notices {css}"), "unit-notice-sign", (390, 844)).await;
    click(&unit, &format!("#item-notices {css} .acknowledge")).await;
    wait_text(&unit, "#item-notices .status-ok", "已签收督查通知书〔2024〕第1号").await;
    let signed = wait_text(
        &unit,
        &format!("#item-notices {css}[data-state='acknowledged']"),
        "签收",
    )
    .await;
    assert!(
        signed.contains("rsj") || signed.contains("人社"),
        "who signed: {signed}"
    );
    let answer = "已组织专场招聘会3场，7月底前补齐进度。";
    type_into(&unit, &format!("#case-{nid}-text"), answer).await;
    at_both_sizes(&unit, &format!("#item-notices {css}"), "unit-notice-answer", (390, 844)).await;
    click(
        &unit,
        &format!("#item-notices {css} .case-answer button[type='submit']"),
    )
    .await;
    wait_text(&unit, "#item-notices .status-ok", "已反馈，等待督查室审核").await;
    unit.wait_for(&format!("#item-notices {css}[data-state='answered']"))
        .await;

    // The office reads the answer and sends it back with a reason.
    office.client.refresh().await.unwrap();
    let card = format!("#notice-list {css}");
    wait_text(&office, &format!("{card} .case-rounds"), answer).await;
    let back = "未说明滞后原因，请补充。";
    type_into(&office, &format!("#case-{nid}-text"), back).await;
    click(&office, &format!("{card} .return-notice")).await;
    wait_text(&office, ".outcome-ok", "已退回责任单位").await;
    wait_text(&office, &format!("{card}[data-state='returned'] .case-returned"), back).await;

    // The unit reads the reason and answers again.
    unit.client.refresh().await.unwrap();
    wait_text(&unit, &format!("#item-notices {css} .case-returned"), back).await;
    let again = "滞后原因：二季度两场招聘会因汛期延期；已于7月补办，累计新增就业1800人。";
    type_into(&unit, &format!("#case-{nid}-text"), again).await;
    click(
        &unit,
        &format!("#item-notices {css} .case-answer button[type='submit']"),
    )
    .await;
    unit.wait_for(&format!("#item-notices {css}[data-state='answered']"))
        .await;
    unit.close().await;

    // The office closes it (销号) with a note; both rounds stay on the card.
    office.client.refresh().await.unwrap();
    wait_text(&office, &format!("{card} .case-rounds"), again).await;
    click(&office, &format!("{card} .close-notice")).await;
    office.wait_for(&format!("{card} .case-review .field-error")).await;
    type_into(&office, &format!("#case-{nid}-text"), "原因清楚，措施可行，同意销号。").await;
    click(&office, &format!("{card} .close-notice")).await;
    wait_text(&office, ".outcome-ok", "已销号").await;
    let closed = wait_text(&office, &format!("{card}[data-state='closed']"), "同意销号").await;
    assert!(
        closed.contains(answer) && closed.contains(again) && closed.contains(back),
        "{closed}"
    );
    office.close().await;
}

/// A leader writes a 批示 on an item; the unit finds it on its to-do list and the office turns
/// it into a 督查通知书 that names where it came from.
#[tokio::test]
async fn a_leader_writes_an_instruction_that_the_unit_and_the_office_act_on() {
    let app = app(false).await;
    let item5 = app.item_json(5).await;
    let id = item5["id"].as_i64().unwrap();
    let text = "请市人社局倒排工期，确保年底前完成全年就业目标。";
    let leader = Browser::start(1366, 900).await;
    leader.login(&app, "leader", &format!("/items/{id}")).await;
    leader.wait_for("#instruction-text").await;
    type_into(&leader, "#instruction-text", text).await;
    at_both_sizes(&leader, "#item-instructions", "leader-instruction", (1366, 900)).await;
    click(&leader, "#instruction-submit").await;
    wait_text(&leader, "#item-instructions .status-ok", "批示已送达").await;
    wait_text(&leader, "#item-instructions .instruction", text).await;
    // A leader writes nothing else: no notice, review or report controls on the page.
    for css in [
        ".acknowledge",
        ".case-answer",
        ".close-notice",
        ".to-notice",
        ".inspection-form",
    ] {
        assert!(
            leader.client.find(Locator::Css(css)).await.is_err(),
            "a leader sees {css}"
        );
    }
    leader.close().await;

    let unit = Browser::start(390, 844).await;
    unit.login(&app, "rsj", "/todo").await;
    wait_text(&unit, ".todo-card[data-instruction]", text).await;
    unit.close().await;

    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", &format!("/items/{id}")).await;
    click(&office, "#item-instructions .to-notice").await;
    let follow = wait_text(
        &office,
        "#item-instructions .instruction-followup",
        "已转督查通知书〔2024〕第1号",
    )
    .await;
    assert!(follow.contains("待签收"), "{follow}");
    wait_text(&office, "#item-notices [data-state='open']", "落实领导批示").await;
    office.close().await;
}

#[tokio::test]
async fn an_admin_creates_a_unit_account_that_can_log_in() {
    let app = app(false).await;
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "admin", "/admin/users").await;
    browser.wait_for("#user-table [data-user='rsj']").await;
    type_into(&browser, "#new-user-username", "jtj.wang").await;
    type_into(&browser, "#new-user-display-name", "王科长").await;
    set_value(&browser, "#new-user-role", "unit").await;
    set_value(&browser, "#new-user-unit", "jtj").await;
    type_into(&browser, "#new-user-password", duban_tests::PASSWORD).await;
    click(&browser, "#create-user-submit").await;
    wait_text(&browser, ".outcome-ok", "已创建账号 jtj.wang").await;
    let row = text_of(&browser, "#user-table [data-user='jtj.wang']").await;
    assert!(row.contains("市交通运输局") && row.contains("责任单位"), "{row}");
    click(&browser, "#logout-button").await;
    browser.wait_for("#login-username").await;
    browser.close().await;

    // The new account logs in through the login page and lands on its to-do list.
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "jtj.wang", "/").await;
    wait_text(&browser, "#current-user", "王科长").await;
    wait_text(&browser, "#current-user", "市交通运输局").await;
    for _ in 0..50 {
        if browser.client.current_url().await.unwrap().path() == "/todo" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(browser.client.current_url().await.unwrap().path(), "/todo");
    browser.close().await;
}

#[tokio::test]
async fn every_office_screen_renders_at_both_sizes_and_is_accessible() {
    let app = app(true).await;
    // A pending extension request, so that its queue has something to decide.
    let rsj = login(&app, "rsj").await;
    let item5 = app.item_json(5).await;
    let open = item5["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["completed_on"].is_null())
        .expect("an open milestone")
        .clone();
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/milestones/{}/extensions", open["id"]),
        &rsj,
        None,
        Some(json!({"requested_due": "2024-10-31", "reason": "受汛期影响，招聘活动推迟。"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // The phone first: the desktop run then acts on what it saw (publishes, approves).
    for (label, width, height) in [SIZES[1], SIZES[0]] {
        let browser = Browser::start(width, height).await;
        browser.login(&app, "admin", "/").await;
        // The office lands on the dashboard, its queues one click away.
        browser.wait_for(".dashboard").await;
        browser.wait_for(".office-strip a").await;
        browser.screenshot(&format!("dashboard-admin-{label}")).await;
        browser
            .assert_accessible(&format!("dashboard as admin ({label})"))
            .await;

        let edit_item_5 = format!("/admin/items/{}/edit", item5["id"]);
        for (path, ready, name) in [
            ("/office/reviews", "#reviews-title", "office-reviews"),
            ("/office/notices", "#notice-list", "office-notices"),
            ("/office/extensions", "#extension-list", "office-extensions"),
            ("/office/milestones", "#milestone-list", "office-milestones"),
            ("/office/briefings", "#briefing-preview", "office-briefings"),
            ("/office/exports", "#export-xlsx", "office-exports"),
            ("/admin/plans", "#plan-list", "admin-plans"),
            ("/admin/plans/2024", "#item-section [data-item='25']", "admin-plan-2024"),
            ("/admin/plans/2024/items/new", "#milestone-table", "admin-item-new"),
            (edit_item_5.as_str(), "#indicator-table", "admin-item-5-edit"),
            ("/admin/units", "#unit-table", "admin-units"),
            ("/admin/users", "#user-table", "admin-users"),
            ("/admin/tokens", "#token-submit", "admin-tokens"),
            ("/admin/audit", "#audit-table", "admin-audit"),
        ] {
            goto(&browser, &app, path).await;
            browser.wait_for(ready).await;
            browser.screenshot(&format!("{name}-{label}")).await;
            browser.assert_accessible(&format!("{path} ({label})")).await;
        }
        // The briefing's tables fit their sheet: nothing (原因 least of all) past its edge.
        goto(&browser, &app, "/office/briefings").await;
        browser.wait_for("#briefing-preview .briefing-table").await;
        let overflow = browser
            .client
            .execute(
                "return [...document.querySelectorAll('.briefing-table')] \
                   .map(t => t.scrollWidth - t.parentElement.clientWidth);",
                vec![],
            )
            .await
            .unwrap();
        for extra in overflow.as_array().unwrap() {
            assert!(
                extra.as_f64().unwrap() <= 1.0,
                "{label}: a briefing table is {extra}px too wide"
            );
        }
        full_page_screenshot(&browser, &format!("office-briefings-full-{label}"), width, height).await;

        // The item editor whole: its milestone and indicator tables on a phone too.
        goto(&browser, &app, &edit_item_5).await;
        browser.wait_for("#indicator-table").await;
        full_page_screenshot(&browser, &format!("admin-item-5-edit-full-{label}"), width, height).await;

        // A briefing drafted from the preview opens in its editor: the office writes its
        // sections, saves, and publishes after a confirmation; the issue is numbered then.
        goto(&browser, &app, "/office/briefings").await;
        browser.wait_for("#briefing-preview").await;
        if label == "desktop" {
            assert_whole_counts(&text_of(&browser, "#briefing-preview").await, "briefing preview");
            // The demo published 第1期 at the start of July.
            browser.wait_for("#briefing-list [data-briefing='1']").await;
        }
        click(&browser, "#briefing-draft").await;
        browser.wait_for("#briefing-editor").await;
        let overall = browser
            .wait_for("#briefing-overall")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(
            overall.starts_with("截至"),
            "总体情况 starts from the figures: {overall}"
        );
        type_into(
            &browser,
            "#briefing-praise",
            "市人力资源和社会保障局推进有力，予以表扬。",
        )
        .await;
        wait_text(
            &browser,
            "#briefing-preview",
            "市人力资源和社会保障局推进有力，予以表扬。",
        )
        .await;
        click(&browser, "#briefing-save").await;
        wait_text(&browser, ".outcome-ok", "已保存草稿").await;
        browser.screenshot(&format!("briefing-editor-{label}")).await;
        full_page_screenshot(&browser, &format!("briefing-editor-full-{label}"), width, height).await;
        browser.assert_accessible(&format!("briefing editor ({label})")).await;
        if label == "desktop" {
            // An empty title is refused in the page, in the server's words.
            type_into(&browser, "#briefing-title-input", " ").await;
            click(&browser, "#briefing-save").await;
            wait_text(&browser, "#briefing-editor .field-error", "不能为空").await;
            type_into(&browser, "#briefing-title-input", "2024年民生实事推进情况通报").await;
            click(&browser, "#briefing-save").await;
            wait_text(&browser, ".outcome-ok", "已保存草稿").await;
            click(&browser, "#briefing-publish").await;
            browser.wait_for("#briefing-publish-panel").await;
            browser.screenshot("briefing-publish-confirm-desktop").await;
            click(&browser, "#briefing-publish-confirm").await;
            let print = wait_text(&browser, ".briefing-print", "第2期").await;
            assert!(print.contains("市人力资源和社会保障局推进有力，予以表扬。"), "{print}");
            assert!(print.contains("2024年民生实事推进情况通报"), "{print}");
            assert_whole_counts(&print, "briefing print page");
            // Who has read it: the office's own reading does not count.
            wait_text(&browser, "#briefing-readers", "阅读情况（已读0/").await;
            browser.screenshot("office-briefing-print-desktop").await;
            browser.assert_accessible("briefing print page").await;
            goto(&browser, &app, "/office/briefings").await;
            browser.wait_for("#briefing-list [data-briefing='2']").await;
            browser.screenshot("office-briefings-published-desktop").await;

            // Exports come as files through the session's token.
            goto(&browser, &app, "/office/exports").await;
            click(&browser, "#export-xlsx").await;
            wait_text(&browser, ".outcome-ok", "已下载：2024年民生实事推进情况.xlsx").await;

            // Approve the extension.
            goto(&browser, &app, "/office/extensions").await;
            click(&browser, "#extension-list .card-actions .button").await;
            wait_text(&browser, ".outcome-ok", "已批准").await;

            // A token's secret is shown once.
            goto(&browser, &app, "/admin/tokens").await;
            type_into(&browser, "#token-name", "市大数据平台").await;
            click(&browser, "#token-submit").await;
            browser.wait_for("#token-secret-box").await;
            let secret = browser
                .wait_for("#token-secret")
                .await
                .prop("value")
                .await
                .unwrap()
                .unwrap();
            let (status, _) = call(&app, Method::GET, "/plans/2024/summary", &secret, None, None).await;
            assert_eq!(status, 200, "the new token reads");
            browser.screenshot("admin-tokens-created-desktop").await;
            browser.assert_accessible("token created").await;

            // The audit log pages back with 下一页.
            goto(&browser, &app, "/admin/audit").await;
            browser.wait_for("#audit-table").await;
            let first = browser
                .wait_for("#audit-table tbody tr")
                .await
                .attr("data-event")
                .await
                .unwrap();
            let next = browser.wait_for("#audit-next").await;
            if next.attr("disabled").await.unwrap().is_none() {
                next.click().await.unwrap();
                for _ in 0..100 {
                    let now = browser
                        .wait_for("#audit-table tbody tr")
                        .await
                        .attr("data-event")
                        .await
                        .unwrap();
                    if now != first {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                let now = browser
                    .wait_for("#audit-table tbody tr")
                    .await
                    .attr("data-event")
                    .await
                    .unwrap();
                assert_ne!(now, first, "下一页 shows older events");
            }
        }
        browser.close().await;
    }
}

/// The office records a 实地督查 on the item page: its 整改要求 become a 督查通知书, a site
/// photo is added (a file that is no image is refused with a reason), and the unit reads the
/// record on its own item page without any of the office's controls.
#[tokio::test]
async fn the_office_records_an_inspection_whose_requirements_become_a_notice() {
    let app = app(false).await;
    let item6 = app.item_json(6).await;
    let id = item6["id"].as_i64().unwrap();
    let dir = std::env::temp_dir().join(format!("duban-inspection-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("现场.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 16 * 1024));
    std::fs::write(&png, &bytes).unwrap();
    let exe = dir.join("记录.exe");
    std::fs::write(&exe, b"MZ").unwrap();

    let findings = "零工市场登记台账不全，6月新增就业数据无佐证。";
    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", &format!("/items/{id}")).await;
    type_into(&office, "#inspection-place", "市人力资源市场").await;
    type_into(&office, "#inspection-inspectors", "市政府督查室 张明、李华").await;
    type_into(&office, "#inspection-findings", findings).await;
    type_into(&office, "#inspection-requirements", "7月25日前补齐台账并报送佐证材料。").await;
    set_value(&office, "#inspection-grade", "yellow").await;
    at_both_sizes(&office, ".inspection-form", "office-inspection-form", (1366, 900)).await;
    click(&office, "#inspection-submit").await;
    let record = wait_text(&office, "#item-inspections .inspection", findings).await;
    assert!(
        record.contains("督查通知书〔2024〕第1号") && record.contains("待签收"),
        "{record}"
    );
    wait_text(
        &office,
        "#item-notices [data-state='open'][data-grade='yellow']",
        "实地督查整改",
    )
    .await;

    let photo_input = "#item-inspections .inspection-photo";
    office
        .wait_for(photo_input)
        .await
        .send_keys(exe.to_str().unwrap())
        .await
        .unwrap();
    wait_text(&office, "#item-inspections .field-error", "照片未能添加").await;
    office
        .wait_for(photo_input)
        .await
        .send_keys(png.to_str().unwrap())
        .await
        .unwrap();
    wait_text(&office, "#item-inspections .status-ok", "已添加现场照片 现场.png").await;
    wait_text(&office, "#item-inspections .inspection .case-files", "现场.png").await;
    at_both_sizes(
        &office,
        "#item-inspections .inspection",
        "office-inspection",
        (1366, 900),
    )
    .await;
    office.close().await;

    let unit = Browser::start(390, 844).await;
    unit.login(&app, "rsj", &format!("/items/{id}")).await;
    let seen = wait_text(&unit, "#item-inspections .inspection", findings).await;
    assert!(seen.contains("现场.png") && seen.contains("整改要求"), "{seen}");
    for css in [".inspection-form", ".inspection-photo"] {
        assert!(
            unit.client.find(Locator::Css(css)).await.is_err(),
            "the unit sees {css}"
        );
    }
    at_both_sizes(&unit, "#item-inspections", "unit-inspection", (390, 844)).await;
    unit.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
