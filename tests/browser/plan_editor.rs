//! The office's plan editor and unit directory in Chromium: a new year built in the browser
//! (draft, header, category, a new unit, an item with milestones and targets), a rule broken
//! and the server's reason shown at the field, a stale save resolved, the plan published and
//! then read by a leader; an import and a draft deleted; and no way to write for a leader.

use duban_tests::browser::Browser;
use duban_tests::TestApp;
use fantoccini::Locator;
use reqwest::Method;
use serde_json::{json, Value};

use crate::office_app::{app, call, click, full_page_screenshot, goto, set_value, type_into, wait_text};
use crate::unit_app::value_of;

/// The id the API gives the unit with this code.
async fn unit_id(app: &TestApp, token: &str, code: &str) -> i64 {
    let (status, list) = call(app, Method::GET, "/units", token, None, None).await;
    assert_eq!(status, 200, "{list}");
    list["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .unwrap_or_else(|| panic!("unit {code} in {list}"))["id"]
        .as_i64()
        .unwrap()
}

/// Picks `file` in the import form and sends it.
async fn import(browser: &Browser, file: &std::path::Path) {
    browser
        .wait_for("#import-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    click(browser, "#import-submit").await;
}

#[tokio::test]
async fn the_office_builds_a_new_year_in_the_browser_and_publishes_it() {
    let app = app(false).await;
    let admin = crate::office_app::login(&app, "admin").await;
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "admin", "/admin/plans").await;

    // 计划管理: the 2024 plan is listed; the form offers the next year.
    let row = wait_text(&browser, "#plan-list [data-year='2024']", "已发布").await;
    assert!(row.contains("开府办〔2024〕8号"), "{row}");
    assert_eq!(value_of(&browser, "#new-plan-year").await, "2025");
    browser.screenshot("admin-plans-desktop").await;
    type_into(&browser, "#new-plan-title", "2025年开平市十件民生实事项目").await;
    click(&browser, "#create-plan-submit").await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已新建2025年计划草稿").await;
    browser
        .wait_for(".plan-editor[data-plan-year='2025'][data-plan-status='draft']")
        .await;

    // The new draft does not take the dashboard over: it stays on the published 2024 plan.
    goto(&browser, &app, "/dashboard").await;
    wait_text(&browser, "#dash-title", "2024年").await;
    goto(&browser, &app, "/admin/plans/2025").await;

    // The header: 文号 and the first report's day, saved with the plan's version.
    type_into(&browser, "#plan-doc-number", "开府办〔2025〕3号").await;
    set_value(&browser, "#plan-first-report-due", "2025-03-31").await;
    set_value(&browser, "#plan-red-overdue-days", "20").await;
    click(&browser, "#plan-save").await;
    wait_text(&browser, "#plan-header-form .outcome-ok", "已保存计划信息").await;

    // Someone else saves the header meanwhile: the next save here meets a newer version,
    // keeps what was typed, shows the difference, and goes on from the newer version.
    let (_, plan) = call(&app, Method::GET, "/plans/2025", &admin, None, None).await;
    let other = json!({"year": 2025, "title": plan["title"], "doc_number": plan["doc_number"],
        "first_report_due": "2025-03-31", "issuer": "开平市人民政府办公室",
        "settings": {"green_max_lag": 10, "red_min_lag": 30, "red_overdue_days": 20}});
    let (status, body) = call(
        &app,
        Method::PUT,
        "/plans/2025",
        &admin,
        plan["version"].as_i64(),
        Some(other.clone()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    set_value(
        &browser,
        "#plan-notice-title",
        "开平市人民政府办公室关于印发2025年市十件民生实事的通知",
    )
    .await;
    click(&browser, "#plan-save").await;
    let conflict = wait_text(&browser, "#plan-conflict", "已被他人修改").await;
    assert!(conflict.contains("开平市人民政府办公室"), "{conflict}");
    assert_eq!(
        value_of(&browser, "#plan-notice-title").await,
        "开平市人民政府办公室关于印发2025年市十件民生实事的通知",
        "what was typed stays"
    );
    browser.screenshot("admin-plan-conflict-desktop").await;
    browser.assert_accessible("plan header conflict").await;
    click(&browser, "#plan-conflict-keep-mine").await;
    click(&browser, "#plan-save").await;
    wait_text(&browser, "#plan-header-form .outcome-ok", "已保存计划信息").await;
    let (_, plan) = call(&app, Method::GET, "/plans/2025", &admin, None, None).await;
    assert_eq!(
        plan["notice_title"],
        "开平市人民政府办公室关于印发2025年市十件民生实事的通知"
    );

    // A category.
    type_into(&browser, "#new-category-title", "就业创业").await;
    click(&browser, "#new-category-save").await;
    wait_text(&browser, "#category-table [data-key='1']", "就业创业").await;
    // Renamed in place.
    click(&browser, "#category-table [data-key='1'] button[id$='-edit']").await;
    set_value(
        &browser,
        "#category-table .row-editing input[id$='-title']",
        "就业创业保障",
    )
    .await;
    click(&browser, "#category-table .row-editing button[type='submit']").await;
    wait_text(
        &browser,
        "#category-section .outcome-ok",
        "已保存分类“一、就业创业保障”",
    )
    .await;
    wait_text(&browser, "#category-table [data-key='1']", "就业创业保障").await;

    // 单位管理: a new unit; units in use offer no 删除.
    goto(&browser, &app, "/admin/units").await;
    wait_text(&browser, "#unit-table [data-key='rsj']", "在用，不能删除").await;
    browser.wait_gone("#unit-table [data-key='rsj'] .button-danger").await;
    type_into(&browser, "#new-unit-name", "市政务服务数据管理局").await;
    type_into(&browser, "#new-unit-code", "sjj").await;
    click(&browser, "#new-unit-save").await;
    wait_text(&browser, ".outcome-ok", "已新增单位“市政务服务数据管理局”").await;
    wait_text(&browser, "#unit-table [data-key='sjj']", "市政务服务数据管理局").await;
    browser.screenshot("admin-units-added-desktop").await;
    // A unit added by mistake: renamed, then removed (nothing names it), asked once more.
    type_into(&browser, "#new-unit-name", "临时单位").await;
    type_into(&browser, "#new-unit-code", "tmp").await;
    click(&browser, "#new-unit-save").await;
    wait_text(&browser, "#unit-table [data-key='tmp']", "临时单位").await;
    click(&browser, "#unit-table [data-key='tmp'] button[id$='-edit']").await;
    set_value(&browser, "#unit-table .row-editing input[id$='-name']", "临时工作专班").await;
    click(&browser, "#unit-table .row-editing button[type='submit']").await;
    wait_text(&browser, "#unit-table [data-key='tmp']", "临时工作专班").await;
    click(&browser, "#unit-table [data-key='tmp'] .button-danger").await;
    click(&browser, "#unit-table [data-key='tmp'] button[id$='-delete-confirm']").await;
    wait_text(&browser, ".outcome-ok", "已删除单位“临时工作专班”").await;
    browser.wait_gone("#unit-table [data-key='tmp']").await;
    let sjj = unit_id(&app, &admin, "sjj").await;
    let rsj = unit_id(&app, &admin, "rsj").await;

    // 新增事项: led by the new unit, two milestones, one indicator with a target at each.
    goto(&browser, &app, "/admin/plans/2025").await;
    click(&browser, "#new-item-link").await;
    browser.wait_for("#item-form").await;
    assert_eq!(value_of(&browser, "#item-number").await, "1");
    let content = "新增城镇就业6000人，帮扶就业困难人员就业";
    type_into(&browser, "#item-content", content).await;
    set_value(&browser, "#item-lead-unit", &sjj.to_string()).await;
    click(&browser, &format!("#co-unit-{rsj}")).await;
    // The first milestone in the wrong year: the server refuses it.
    set_value(&browser, "#milestone-0-date", "2024-06-30").await;
    type_into(&browser, "#milestone-0-text", "6月30日前，完成3000人").await;
    click(&browser, "#add-milestone").await;
    set_value(&browser, "#milestone-1-date", "2025-12-10").await;
    type_into(&browser, "#milestone-1-text", "12月10日前，完成6000人").await;
    click(&browser, "#add-indicator").await;
    type_into(&browser, "#indicator-0-name", "新增就业人数").await;
    type_into(&browser, "#indicator-0-measure", "人").await;
    type_into(&browser, "#indicator-0-target-0", "3000").await;
    type_into(&browser, "#indicator-0-target-1", "6,000").await;
    click(&browser, "#item-save").await;
    wait_text(&browser, "#milestones-error", "节点日期应在2025年内").await;
    wait_text(&browser, "#item-form .outcome-error", "请按提示修改").await;
    browser.screenshot("admin-item-refused-desktop").await;
    browser.assert_accessible("item form with the server's problems").await;
    let (_, plan) = call(&app, Method::GET, "/plans/2025", &admin, None, None).await;
    assert!(
        plan["categories"][0]["items"].as_array().unwrap().is_empty(),
        "nothing saved"
    );

    // Corrected, it saves and the editor lists it.
    set_value(&browser, "#milestone-0-date", "2025-06-30").await;
    click(&browser, "#item-save").await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已保存第1项").await;
    let row = wait_text(&browser, "#item-section [data-item='1']", "市政务服务数据管理局").await;
    assert!(
        row.contains("6月30日前") && row.contains("新增就业人数 6000人"),
        "{row}"
    );
    full_page_screenshot(&browser, "admin-plan-2025-draft-desktop", 1366, 900).await;
    browser.assert_accessible("plan editor with a draft").await;

    // 发布, asked once more.
    click(&browser, "#publish-plan").await;
    wait_text(&browser, "#publish-plan-question", "发布后不能撤回").await;
    click(&browser, "#publish-plan-confirm").await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已发布2025年计划").await;
    browser.wait_for(".plan-editor[data-plan-status='published']").await;
    browser.wait_gone("#delete-plan").await;
    browser.screenshot("admin-plan-2025-published-desktop").await;
    browser.close().await;

    // What the units and leaders now read.
    let (status, plan) = call(&app, Method::GET, "/plans/2025", &app.reader, None, None).await;
    assert_eq!(status, 200, "a leader reads the published plan: {plan}");
    assert_eq!(plan["status"], "published");
    assert_eq!(plan["doc_number"], "开府办〔2025〕3号");
    assert_eq!(plan["first_report_due"], "2025-03-31");
    assert_eq!(plan["settings"]["red_overdue_days"], 20);
    assert_eq!(
        plan["issuer"], "",
        "keeping mine saved the header as typed here, without the other's issuer"
    );
    assert_eq!(plan["categories"][0]["title"], "就业创业保障");
    let items: Vec<&Value> = plan["categories"][0]["items"].as_array().unwrap().iter().collect();
    assert_eq!(items.len(), 1);
    let item = items[0];
    assert_eq!(item["number"], 1);
    assert_eq!(item["content"], content);
    assert_eq!(item["lead_unit"]["code"], "sjj");
    assert_eq!(item["co_units"][0]["code"], "rsj");
    let milestones: Vec<(String, String)> = item["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["due_date"].as_str().unwrap().to_string(),
                m["target_text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        milestones,
        [
            ("2025-06-30".to_string(), "6月30日前，完成3000人".to_string()),
            ("2025-12-10".to_string(), "12月10日前，完成6000人".to_string())
        ]
    );
    let indicator = &item["indicators"][0];
    assert_eq!(indicator["name"], "新增就业人数");
    assert_eq!(indicator["measure"], "人");
    assert_eq!(indicator["kind"], "cumulative");
    assert_eq!(indicator["final_target"], 6000.0);
    let targets: Vec<(String, f64)> = indicator["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["due_date"].as_str().unwrap().to_string(),
                t["target"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [("2025-06-30".to_string(), 3000.0), ("2025-12-10".to_string(), 6000.0)]
    );

    // A leader reads it in the plan page, and the administration pages offer them nothing.
    let browser = Browser::start(390, 844).await;
    browser.login(&app, "leader", "/plans/2025").await;
    let row = wait_text(&browser, "#plan-table [data-item='1']", content).await;
    assert!(row.contains("市政务服务数据管理局"), "{row}");
    browser.screenshot("plan-2025-leader-phone").await;
    for path in [
        "/admin/plans",
        "/admin/plans/2025",
        "/admin/units",
        "/admin/plans/2025/items/new",
    ] {
        goto(&browser, &app, path).await;
        wait_text(&browser, "main", "仅供督查室使用").await;
        for css in [
            "form",
            "#publish-plan",
            "#item-save",
            "#create-unit-form",
            "button.button-danger",
        ] {
            assert!(
                browser.client.find(Locator::Css(css)).await.is_err(),
                "{path}: a leader is shown {css}"
            );
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn the_office_imports_a_plan_file_and_deletes_the_draft() {
    let app = app(false).await;
    let file = std::env::temp_dir().join(format!("duban-plan-2026-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, duban_tests::plan_file_for(2026).to_string()).unwrap();
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "admin", "/admin/plans").await;
    browser.wait_for("#plan-list [data-year='2024']").await;

    // Not a plan file: said at the field, nothing imported.
    let junk = std::env::temp_dir().join(format!("duban-junk-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&junk, "{\"year\": 2026}").unwrap();
    import(&browser, &junk).await;
    wait_text(&browser, "#import-file-error", "文件内容有误").await;
    browser.assert_accessible("import refused").await;

    browser.client.refresh().await.unwrap();
    import(&browser, &file).await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已导入2026年计划（10类25项）").await;
    browser
        .wait_for(".plan-editor[data-plan-year='2026'][data-plan-status='draft']")
        .await;
    browser.wait_for("#item-section [data-item='25']").await;

    // A second import of the same year is refused with the reason.
    goto(&browser, &app, "/admin/plans").await;
    wait_text(&browser, "#plan-list [data-year='2026']", "草稿").await;
    import(&browser, &file).await;
    wait_text(&browser, "#import-file-error", "2026年已有计划").await;

    // The draft goes, asked once more.
    click(&browser, "#plan-list [data-year='2026'] a").await;
    browser.wait_for(".plan-editor[data-plan-year='2026']").await;
    click(&browser, "#delete-plan").await;
    click(&browser, "#delete-plan-confirm").await;
    wait_text(&browser, ".outcome-ok", "已删除2026年计划草稿").await;
    browser.wait_for("#plan-list [data-year='2024']").await;
    browser.wait_gone("#plan-list [data-year='2026']").await;
    browser.close().await;
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_file(junk);
}

/// A figure keeps the precision it was written with: item 13's 改造排水管网 target of 2.846
/// 公里 shows as 2.846 in the editor and is still 2.846 after an unchanged save.
#[tokio::test]
async fn an_item_saved_unchanged_keeps_its_written_figures() {
    let app = app(false).await;
    let before = app.item_json(13).await;
    let id = before["id"].as_i64().unwrap();
    let browser = Browser::start(1366, 900).await;
    browser.login(&app, "admin", &format!("/admin/items/{id}/edit")).await;
    browser.wait_for("#indicator-table").await;
    let shown = browser
        .client
        .execute(
            "return [...document.querySelectorAll('#indicator-table input')].map(i => i.value);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        shown.as_array().unwrap().iter().any(|v| v == "2.846"),
        "the editor shows 2.846: {shown}"
    );
    click(&browser, "#item-save").await;
    wait_text(&browser, ".plan-editor > .outcome-ok", "已保存第13项").await;
    let after = app.item_json(13).await;
    let targets = |item: &Value| -> Vec<Value> {
        item["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| json!([i["name"], i["final_target"], i["targets"]]))
            .collect()
    };
    assert_eq!(targets(&after), targets(&before), "an unchanged save changes no target");
    assert!(serde_json::to_string(&after["indicators"]).unwrap().contains("2.846"));
    browser.close().await;
}
