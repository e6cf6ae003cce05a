//! The responsible units' app in Chromium: 待办, 我的事项, the item page and the monthly
//! report form — reporting a month, another unit kept out, two people saving the same
//! report, and a report the office returned. 15 July 2024 is "today".

use std::time::Duration;

use duban_tests::browser::Browser;
use duban_tests::{RequestHelper, TestApp};
use fantoccini::Locator;
use reqwest::Method;
use serde_json::{json, Value};

use crate::office_app::{click, SIZES};

async fn app() -> TestApp {
    let app = TestApp::spawn_mid_2024().await;
    assert!(
        duban_tests::static_dir().is_some(),
        "the web app must be built first (cargo run -p xtask -- build-frontend)"
    );
    app
}

/// An API call; returns the status, the ETag and the JSON body.
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    version: Option<&str>,
    body: Option<Value>,
) -> (u16, String, Value) {
    let mut req = app.bearer(token).request(method, path);
    if let Some(v) = version {
        req = req.header("If-Match", v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = res.text().await.unwrap();
    (status, etag, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Starts, fills and submits a month's report over the API as `token`.
async fn submit_report(
    app: &TestApp,
    token: &str,
    item_id: i64,
    inds: &[i64],
    period: &str,
    progress: &str,
    value: f64,
) {
    let base = format!("/items/{item_id}/reports");
    let (status, v, body) = call(app, Method::POST, &base, token, None, Some(json!({ "period": period }))).await;
    assert_eq!(status, 201, "{body}");
    let values: Vec<Value> = inds
        .iter()
        .map(|i| json!({"indicator_id": i, "value": value}))
        .collect();
    let content = json!({"progress": progress, "problems": "", "next_steps": "继续推进", "values": values});
    let (status, v, body) = call(
        app,
        Method::PUT,
        &format!("{base}/{period}"),
        token,
        Some(&v),
        Some(content),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = call(
        app,
        Method::POST,
        &format!("{base}/{period}/submit"),
        token,
        Some(&v),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

async fn page_text(browser: &Browser) -> String {
    browser
        .client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Replaces what a text field holds: emptied (with the input event a user's deleting
/// fires; WebDriver's clear() fires none), then typed key by key.
async fn type_into(browser: &Browser, css: &str, text: &str) {
    let el = browser.wait_for(css).await;
    browser
        .client
        .execute(
            "const el = arguments[0]; el.scrollIntoView({block: 'center'}); el.focus(); el.value = '';\
             el.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'deleteContentBackward'}));",
            vec![serde_json::to_value(&el).unwrap()],
        )
        .await
        .unwrap();
    el.send_keys(text).await.unwrap();
}

pub(crate) async fn value_of(browser: &Browser, css: &str) -> String {
    browser
        .wait_for(css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Waits until the page's text contains `needle`.
async fn wait_for_text(browser: &Browser, needle: &str) {
    for _ in 0..150 {
        if page_text(browser).await.contains(needle) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never showed {needle:?}:\n{}", page_text(browser).await);
}

/// Scrolls so that `css` is at the top of the window (for a screenshot of it).
async fn scroll_to(browser: &Browser, css: &str) {
    let el = browser.wait_for(css).await;
    browser
        .client
        .execute(
            "arguments[0].scrollIntoView({block: 'start'});",
            vec![serde_json::to_value(&el).unwrap()],
        )
        .await
        .unwrap();
}

async fn click_link(browser: &Browser, text: &str) {
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("link {text} did not appear: {e}"))
        .click()
        .await
        .unwrap();
}

/// `fetch` from the page with the token the app stored: what a user could force by hand.
async fn forced_fetch(browser: &Browser, method: &str, path: &str, body: Value) -> i64 {
    let status = browser
        .client
        .execute_async(
            "const [method, path, body, done] = arguments;\
             const s = JSON.parse(localStorage.getItem('duban.session'));\
             fetch(path, {method, body: JSON.stringify(body), headers: {\
                 'Authorization': 'Bearer ' + s.access_token, 'Content-Type': 'application/json', 'If-Match': '\"1\"'}})\
               .then(r => done(r.status)).catch(e => done(String(e)));",
            vec![json!(method), json!(path), body],
        )
        .await
        .expect("fetch from the page");
    status.as_i64().unwrap_or_else(|| panic!("fetch failed: {status}"))
}

#[tokio::test]
async fn a_unit_fills_in_and_submits_a_report_and_sees_it_in_history() {
    let app = app().await;
    let (item5, inds) = app.item_ids(5).await;
    let rsj = app.login("rsj").await;
    // May is in already: June's form starts from it (最多报一次).
    submit_report(&app, &rsj, item5, &inds, "2024-05", "5月新增就业2500人", 2500.0).await;

    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "rsj", "/todo").await;
    browser
        .wait_for("#todo [data-report-month='2024-06'][data-item='5']")
        .await;
    let text = page_text(&browser).await;
    for needle in [
        "待办事项",
        "6月月报",
        "7月月报",
        "未填报",
        "节点（30天内到期或已逾期）",
        "已逾期",
    ] {
        assert!(text.contains(needle), "/todo lacks {needle}:\n{text}");
    }
    assert!(
        browser.client.find(Locator::LinkText("待办")).await.is_ok(),
        "the header offers 待办 to a unit"
    );
    // "月报待报送 N" is the number of month lines below still to be written or sent.
    let open_lines = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#todo [data-report-month]')] \
               .filter(l => /开始填写|继续填写|修改后重新报送/.test(l.textContent)).length;",
            vec![],
        )
        .await
        .unwrap();
    let count = browser
        .wait_for(".todo-counts li:first-child .count")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(count, open_lines.to_string(), "月报待报送 agrees with the month lines");
    assert_ne!(count, "0", "June and July are still to be sent");
    browser.screenshot("unit-todo-desktop").await;
    browser.assert_accessible("/todo (desktop)").await;

    // 我的事项 → the item.
    click_link(&browser, "我的事项").await;
    browser.wait_for("[data-my-item='5'] [data-light]").await;
    browser.wait_for("[data-my-item='6']").await;
    browser.screenshot("unit-my-items-desktop").await;
    browser.assert_accessible("/my-items (desktop)").await;
    click(&browser, "[data-my-item='5'] .item-card-title a").await;
    browser
        .wait_for("[data-item-page='5'] [data-chart] svg[role='img'] title")
        .await;
    browser.wait_for("[data-report='2024-05']").await;
    browser.wait_for("[data-edit-control='milestones']").await;
    browser.screenshot("unit-item-5-desktop").await;
    browser.assert_accessible("item page as its unit (desktop)").await;
    scroll_to(&browser, "#charts-title").await;
    browser.screenshot("unit-item-5-chart-desktop").await;
    scroll_to(&browser, "#milestones-title").await;
    browser.screenshot("unit-item-5-milestones-desktop").await;

    // June's report: pre-filled from May; the rules of the server apply as one types.
    click_link(&browser, "填报6月月报").await;
    browser.wait_for("#report-form").await;
    assert_eq!(value_of(&browser, "#report-progress").await, "5月新增就业2500人");
    // Looking changes nothing: the month is not started until the unit saves.
    let (status, _, _) = call(
        &app,
        Method::GET,
        &format!("/items/{item5}/reports/2024-06"),
        &rsj,
        None,
        None,
    )
    .await;
    assert_eq!(status, 404, "opening the form wrote a draft");
    assert!(page_text(&browser).await.contains("未填报"));
    let first_value = format!("#report-value-{}", inds[0]);
    assert_eq!(value_of(&browser, &first_value).await, "2500");
    type_into(&browser, "#report-progress", " ").await;
    type_into(&browser, &first_value, "-5").await;
    click(&browser, "#report-submit").await;
    browser.wait_for(".field-invalid #report-progress").await;
    wait_for_text(&browser, "不能为负数").await;
    wait_for_text(&browser, "不能为空").await;
    browser.screenshot("unit-report-errors-desktop").await;
    browser.assert_accessible("report form with errors (desktop)").await;

    type_into(&browser, "#report-progress", "6月新增就业3100人，举办招聘会3场").await;
    type_into(&browser, "#report-problems", "部分企业用工需求下降").await;
    type_into(&browser, &first_value, "3100").await;
    browser.screenshot("unit-report-form-desktop").await;
    browser.assert_accessible("report form (desktop)").await;
    click(&browser, "#report-submit").await;
    browser.wait_for("#report-submitted").await;
    click_link(&browser, "查看项目与报送记录").await;
    browser
        .wait_for("[data-report='2024-06'][data-report-state='submitted']")
        .await;
    let history = browser.wait_for("[data-report='2024-06']").await.text().await.unwrap();
    assert!(history.contains("已报送") && history.contains("第1次报送"), "{history}");
    browser.screenshot("unit-item-5-history-desktop").await;

    // The server has what was typed.
    let (status, _, report) = call(
        &app,
        Method::GET,
        &format!("/items/{item5}/reports/2024-06"),
        &rsj,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(report["state"], "submitted");
    assert_eq!(report["progress"], "6月新增就业3100人，举办招聘会3场");
    assert_eq!(report["values"][0]["value"], 3100.0);
    browser.close().await;

    // The same screens on a phone.
    let phone = Browser::start(390, 844).await;
    phone.login(&app, "rsj", "/todo").await;
    phone
        .wait_for("#todo [data-report-month='2024-07'][data-item='5']")
        .await;
    phone.screenshot("unit-todo-phone").await;
    phone.assert_accessible("/todo (phone)").await;
    phone.client.goto(&app.url("/my-items")).await.unwrap();
    phone.wait_for("[data-my-item='6']").await;
    phone.screenshot("unit-my-items-phone").await;
    phone.assert_accessible("/my-items (phone)").await;
    phone.client.goto(&app.url(&format!("/items/{item5}"))).await.unwrap();
    phone.wait_for("[data-item-page='5'] [data-chart]").await;
    phone.wait_for("[data-report='2024-06']").await;
    phone.screenshot("unit-item-5-phone").await;
    scroll_to(&phone, "#charts-title").await;
    phone.screenshot("unit-item-5-chart-phone").await;
    phone.assert_accessible("item page as its unit (phone)").await;
    phone
        .client
        .goto(&app.url(&format!("/items/{item5}/reports/2024-07")))
        .await
        .unwrap();
    phone.wait_for("#report-form").await;
    // July starts from June's submitted figures.
    assert_eq!(value_of(&phone, &first_value).await, "3100");
    phone.screenshot("unit-report-form-phone").await;
    phone.assert_accessible("report form (phone)").await;
    phone.close().await;
}

#[tokio::test]
async fn another_unit_reads_item_5_but_cannot_edit_it() {
    let app = app().await;
    let (item5, inds) = app.item_ids(5).await;
    let rsj = app.login("rsj").await;
    submit_report(&app, &rsj, item5, &inds, "2024-06", "6月新增就业3100人", 3100.0).await;
    let (status, _, _) = call(
        &app,
        Method::POST,
        &format!("/items/{item5}/reports"),
        &rsj,
        None,
        Some(json!({"period": "2024-07"})),
    )
    .await;
    assert_eq!(status, 201);

    for (label, width, height) in SIZES {
        let browser = Browser::start(width, height).await;
        browser.login(&app, "ybj", &format!("/items/{item5}")).await;
        browser.wait_for("[data-item-page='5'] #item-readonly").await;
        browser.wait_for("[data-report='2024-06']").await;
        browser.wait_for("[data-item-page='5'] [data-chart]").await;
        let controls = browser
            .client
            .find_all(Locator::Css(
                "[data-edit-control], #report-form, .milestone-panel, input[type='file']",
            ))
            .await
            .unwrap();
        assert!(
            controls.is_empty(),
            "{label}: ybj sees {} edit controls on item 5",
            controls.len()
        );
        let text = page_text(&browser).await;
        assert!(text.contains("市人力资源和社会保障局牵头负责"), "{label}: {text}");
        assert!(!text.contains("填报7月月报"), "{label}");
        browser.screenshot(&format!("unit-item-5-other-unit-{label}")).await;
        browser
            .assert_accessible(&format!("item page as another unit ({label})"))
            .await;

        // July's report is still rsj's draft: opened by hand, it is not there for ybj (no
        // form, none of its text), only word that it has not been reported.
        browser
            .client
            .goto(&app.url(&format!("/items/{item5}/reports/2024-07")))
            .await
            .unwrap();
        browser.wait_for("#report-none-title").await;
        assert!(browser.client.find(Locator::Css("#report-save")).await.is_err());
        let text = page_text(&browser).await;
        assert!(
            !text.contains("6月新增就业3100人"),
            "{label}: the draft's text shows: {text}"
        );
        // June's, submitted, is read-only.
        browser
            .client
            .goto(&app.url(&format!("/items/{item5}/reports/2024-06")))
            .await
            .unwrap();
        browser.wait_for("#report-readonly").await;
        assert!(browser.client.find(Locator::Css("#report-save")).await.is_err());
        browser.screenshot(&format!("unit-report-other-unit-{label}")).await;
        browser
            .assert_accessible(&format!("report as another unit ({label})"))
            .await;

        // Forcing it from the page with ybj's stored token is refused.
        let content = json!({"progress": "ybj改写", "problems": "", "next_steps": "", "values": []});
        let put = forced_fetch(
            &browser,
            "PUT",
            &format!("/api/v1/items/{item5}/reports/2024-07"),
            content,
        )
        .await;
        assert_eq!(put, 403, "{label}: forced PUT");
        let post = forced_fetch(
            &browser,
            "POST",
            &format!("/api/v1/items/{item5}/reports"),
            json!({"period": "2024-03"}),
        )
        .await;
        assert_eq!(post, 403, "{label}: forced POST");
        browser.close().await;
    }

    // And straight over HTTP with ybj's token; nothing changed.
    let ybj = app.login("ybj").await;
    let (status, _, body) = call(
        &app,
        Method::POST,
        &format!("/items/{item5}/reports/2024-07/submit"),
        &ybj,
        Some("\"1\""),
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "forbidden");
    let (_, _, july) = call(
        &app,
        Method::GET,
        &format!("/items/{item5}/reports/2024-07"),
        &rsj,
        None,
        None,
    )
    .await;
    assert_eq!(july["state"], "draft");
    assert_eq!(july["version"], 1);
    assert_eq!(july["progress"], "6月新增就业3100人");
    let (_, _, march) = call(
        &app,
        Method::GET,
        &format!("/items/{item5}/reports/2024-03"),
        &rsj,
        None,
        None,
    )
    .await;
    assert_eq!(march["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_stale_save_offers_the_latest_version_without_losing_what_was_typed() {
    let app = app().await;
    let (item5, _) = app.item_ids(5).await;
    let rsj = app.login("rsj").await;
    for ((label, width, height), period) in SIZES.into_iter().zip(["2024-05", "2024-04"]) {
        let url = app.url(&format!("/items/{item5}/reports/{period}"));
        // Two people of the unit open the same month, which neither has started: it is
        // created by whoever saves first, and the other's first save meets it.
        let first = Browser::start(1366, 900).await;
        first
            .login(&app, "rsj", &format!("/items/{item5}/reports/{period}"))
            .await;
        first.wait_for("#report-form[data-version='0']").await;
        let second = Browser::start(width, height).await;
        second.login(&app, "rsj", "/todo").await;
        second.client.goto(&url).await.unwrap();
        second.wait_for("#report-form[data-version='0']").await;

        type_into(&first, "#report-progress", "甲：本月完成招聘会两场").await;
        click(&first, "#report-save").await;
        first.wait_for("#report-form[data-version='1']").await;
        wait_for_text(&first, "草稿已保存").await;

        let mine = "乙：本月新增就业600人，另有培训两期";
        type_into(&second, "#report-progress", mine).await;
        type_into(&second, "#report-next-steps", "下月继续").await;
        click(&second, "#report-save").await;
        let panel = second.wait_for("#report-conflict").await;
        let panel_text = panel.text().await.unwrap();
        assert!(panel_text.contains("甲：本月完成招聘会两场"), "{label}: {panel_text}");
        assert!(panel_text.contains(mine), "{label}: {panel_text}");
        assert_eq!(
            value_of(&second, "#report-progress").await,
            mine,
            "{label}: typed text kept"
        );
        scroll_to(&second, "#report-conflict").await;
        second.screenshot(&format!("unit-report-conflict-{label}")).await;
        second.assert_accessible(&format!("report conflict ({label})")).await;

        // Take the newer version's number, keep the typed text, save again.
        click(&second, "#report-conflict-keep-mine").await;
        second.wait_for("#report-form[data-version='1']").await;
        assert!(second.client.find(Locator::Css("#report-conflict")).await.is_err());
        assert_eq!(value_of(&second, "#report-progress").await, mine);
        assert_eq!(value_of(&second, "#report-next-steps").await, "下月继续");
        click(&second, "#report-save").await;
        second.wait_for("#report-form[data-version='2']").await;

        let (_, etag, report) = call(
            &app,
            Method::GET,
            &format!("/items/{item5}/reports/{period}"),
            &rsj,
            None,
            None,
        )
        .await;
        assert_eq!(etag, "\"2\"");
        assert_eq!(report["progress"], mine, "{label}");
        assert_eq!(report["next_steps"], "下月继续", "{label}");
        first.close().await;
        second.close().await;
    }
}

#[tokio::test]
async fn a_returned_report_shows_the_offices_reason() {
    let app = app().await;
    let (item5, inds) = app.item_ids(5).await;
    let rsj = app.login("rsj").await;
    let admin = app.login("admin").await;
    submit_report(&app, &rsj, item5, &inds, "2024-06", "6月新增就业3100人", 3100.0).await;
    let path = format!("/items/{item5}/reports/2024-06");
    let (_, v, _) = call(&app, Method::GET, &path, &admin, None, None).await;
    let reason = "请补充分季度数据来源";
    let (status, _, body) = call(
        &app,
        Method::POST,
        &format!("{path}/return"),
        &admin,
        Some(&v),
        Some(json!({ "reason": reason })),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    for (label, width, height) in SIZES {
        let browser = Browser::start(width, height).await;
        browser.login(&app, "rsj", "/todo").await;
        let card = browser.wait_for("#todo-returned [data-returned='2024-06']").await;
        let text = card.text().await.unwrap();
        assert!(text.contains(reason), "{label}: {text}");
        browser.screenshot(&format!("unit-todo-returned-{label}")).await;
        browser
            .assert_accessible(&format!("/todo with a returned report ({label})"))
            .await;

        click(&browser, "#todo-returned [data-returned='2024-06'] a").await;
        let banner = browser.wait_for("#return-reason").await;
        assert!(banner.text().await.unwrap().contains(reason), "{label}");
        browser.wait_for("#report-form").await;
        assert_eq!(value_of(&browser, "#report-progress").await, "6月新增就业3100人");
        browser.screenshot(&format!("unit-report-returned-{label}")).await;
        browser
            .assert_accessible(&format!("returned report form ({label})"))
            .await;
        browser.close().await;
    }
}

#[tokio::test]
async fn a_unit_uploads_evidence_and_marks_a_milestone_complete() {
    let app = app().await;
    let (item5, _) = app.item_ids(5).await;
    let dir = std::env::temp_dir().join(format!("duban-evidence-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("招聘会现场.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 64 * 1024));
    std::fs::write(&png, &bytes).unwrap();
    let exe = dir.join("notes.exe");
    std::fs::write(&exe, b"MZ").unwrap();

    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "rsj", &format!("/items/{item5}")).await;
    click(&browser, "[data-milestone-work='2'] summary").await;
    // A kind that is not allowed is refused before anything is sent.
    browser
        .wait_for("[data-milestone-work='2'] input[type='file']")
        .await
        .send_keys(exe.to_str().unwrap())
        .await
        .unwrap();
    wait_for_text(&browser, "格式不支持").await;
    browser
        .wait_for("[data-milestone-work='2'] input[type='file']")
        .await
        .send_keys(png.to_str().unwrap())
        .await
        .unwrap();
    browser.wait_for("[data-milestone='2'] [data-evidence]").await;
    wait_for_text(&browser, "招聘会现场.png").await;
    scroll_to(&browser, "#milestones-title").await;
    browser.screenshot("unit-item-5-evidence-desktop").await;
    browser.assert_accessible("item page with evidence (desktop)").await;

    // Mark it complete (today by default) with a note.
    type_into(
        &browser,
        "[data-milestone-work='2'] textarea",
        "全市城镇累计新增就业3050人",
    )
    .await;
    click(&browser, "[data-milestone-work='2'] button[type='submit']").await;
    let done = browser.wait_for("[data-milestone='2'] .state-done").await;
    assert!(done.text().await.unwrap().contains("2024年7月15日"));
    let detail = app.reader().get_json(&format!("/items/{item5}"), 200).await;
    let m = &detail["milestones"][1];
    assert_eq!(m["completed_on"], "2024-07-15");
    assert_eq!(m["evidence"][0]["file_name"], "招聘会现场.png");
    assert_eq!(m["evidence"][0]["size_bytes"], bytes.len());
    browser.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
