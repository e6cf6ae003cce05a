//! 催报 in the browser: the office chases the units missing June's report (一键催报); a unit
//! sees the unread count in the header (first on a phone), reads the message in the message
//! center, opens the item it names, and sets the address its messages are mailed to.

use duban_tests::browser::Browser;
use duban_tests::{Settings, TestApp, TestDb};
use fantoccini::Locator;

use crate::office_app::{click, type_into, wait_text};

#[tokio::test]
async fn the_office_chases_and_the_unit_reads_its_reminder() {
    let settings = Settings {
        now_override: Some("2024-06-28T02:00:00Z".parse().unwrap()),
        ..Default::default()
    };
    let app = TestApp::spawn_with(TestDb::create_2024(), settings).await;

    // The office: 一键催报 on the review page, confirmed, answers the units reminded.
    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", "/office/reviews").await;
    click(&office, "#chase-button").await;
    office.wait_for("#chase-question").await;
    office.screenshot("chase-confirm-desktop").await;
    click(&office, "#chase-confirm").await;
    let result = wait_text(&office, "#chase-result", "个单位发送2024年6月月报催报提醒").await;
    assert!(result.contains("市人力资源和社会保障局"), "{result}");
    assert!(result.contains("第5、6项"), "{result}");
    office.screenshot("chase-result-desktop").await;
    office.assert_accessible("一键催报").await;
    // The office sets 人社局's address on the users page, and sees that no mail server is set.
    office.client.goto(&app.url("/admin/users")).await.unwrap();
    wait_text(&office, "#mail-status", "未配置邮件服务器").await;
    click(&office, "tr[data-user='rsj'] .link-button").await;
    let rsj_id = app.account_id("rsj");
    type_into(&office, &format!("#email-{rsj_id}"), "rsj@kaiping.gov.cn").await;
    click(&office, "tr[data-user='rsj'] form button[type='submit']").await;
    wait_text(&office, "tr[data-user='rsj']", "rsj@kaiping.gov.cn").await;
    office.screenshot("users-email-desktop").await;
    office.close().await;

    for (label, width, height) in [("phone", 390, 844), ("desktop", 1366, 900)] {
        let unit = Browser::start(width, height).await;
        let c = &unit.client;
        unit.login(&app, "rsj", "/todo").await;
        if label == "phone" {
            // On a phone the unread count is in the header's first row, above the fold.
            let bell = unit.wait_for(".message-bell.has-unread").await;
            let count = unit.wait_for("#unread-count").await.text().await.unwrap();
            assert_eq!(count, "1", "{label}");
            let (_, y, _, h) = bell.rectangle().await.unwrap();
            let (_, brand_y, _, brand_h) = c.find(Locator::Css(".brand")).await.unwrap().rectangle().await.unwrap();
            assert!(
                y < brand_y + brand_h && y + h > brand_y,
                "{label}: the bell shares the brand's row"
            );
            unit.screenshot("unread-count-phone").await;
            bell.click().await.unwrap();
        } else {
            // Read on the phone: nothing unread here.
            unit.wait_for(".message-bell").await;
            assert!(
                c.find(Locator::Css("#unread-count")).await.is_err(),
                "{label}: no count"
            );
            c.goto(&app.url("/messages")).await.unwrap();
        }
        let list = unit.wait_for("#message-list").await.text().await.unwrap();
        assert!(list.contains("督查室催报：2024年6月月报"), "{label}: {list}");
        assert!(
            list.contains("贵单位牵头的第5项、第6项2024年6月月报尚未报送"),
            "{label}: {list}"
        );
        unit.screenshot(&format!("messages-{label}")).await;
        unit.assert_accessible(&format!("消息中心 ({label})")).await;
        if label == "phone" {
            wait_text(&unit, "#unread-summary", "1条未读").await;
            // 查看 marks it read and opens the item.
            click(&unit, ".message-unread .message-actions a").await;
            unit.wait_for("[data-item-page='5']").await;
            unit.wait_for(".message-bell:not(.has-unread)").await;
            c.goto(&app.url("/messages")).await.unwrap();
            wait_text(&unit, "#unread-summary", "没有未读消息").await;
            // The address set by the office shows; the unit changes it, a bad one is refused.
            let field = unit.wait_for("#own-email").await;
            assert_eq!(
                field.prop("value").await.unwrap().as_deref(),
                Some("rsj@kaiping.gov.cn")
            );
            type_into(&unit, "#own-email", "li na@rsj").await;
            click(&unit, "#own-email-form button[type='submit']").await;
            wait_text(&unit, "#own-email-error", "邮箱地址格式不正确").await;
            type_into(&unit, "#own-email", "li.na@rsj.kaiping.gov.cn").await;
            click(&unit, "#own-email-form button[type='submit']").await;
            wait_text(
                &unit,
                ".email-settings",
                "已保存：消息将同时发送到 li.na@rsj.kaiping.gov.cn",
            )
            .await;
            unit.screenshot("messages-read-phone").await;
        }
        unit.close().await;
    }

    // A published briefing reaches the unit as a message; opening it counts as read, and the
    // office sees who has read it on the page.
    use duban_tests::RequestHelper;
    let office_api = app.admin().await;
    let res = office_api
        .post("/plans/2024/briefings", serde_json::json!({"cut_off": "2024-06-28"}))
        .await;
    let v = duban_tests::etag(&res);
    let id = duban_tests::body(res, 201).await["id"].as_i64().unwrap();
    let published = office_api
        .if_match(&v)
        .post_empty(&format!("/briefings/{id}/publish"))
        .await;
    duban_tests::body(published, 200).await;
    let unit = Browser::start(1366, 900).await;
    unit.login(&app, "rsj", "/messages").await;
    wait_text(&unit, "#message-list", "情况通报第1期").await;
    click(&unit, ".message-unread .message-actions a").await;
    wait_text(&unit, ".briefing-print", "第1期").await;
    assert!(
        unit.client.find(Locator::Css("#briefing-readers")).await.is_err(),
        "units do not see the readers"
    );
    // 通报 lists the published issues for a unit, on the desktop and on a phone.
    click(&unit, ".topnav a[href='/briefings']").await;
    wait_text(&unit, "#briefing-list [data-briefing='1']", "第1期").await;
    unit.screenshot("briefings-unit-desktop").await;
    unit.assert_accessible("briefing list (unit)").await;
    unit.close().await;
    let phone = Browser::start(390, 844).await;
    phone.login(&app, "rsj", "/briefings").await;
    wait_text(&phone, "#briefing-list [data-briefing='1']", "阅读并打印").await;
    phone.screenshot("briefings-unit-phone").await;
    phone.close().await;
    let office = Browser::start(1366, 900).await;
    office.login(&app, "admin", &format!("/office/briefings/{id}")).await;
    let readers = wait_text(&office, "#briefing-readers", "阅读情况（已读1/").await;
    assert!(readers.contains("市人力资源和社会保障局 · rsj"), "{readers}");
    assert!(readers.contains("未读"), "{readers}");
    office
        .client
        .execute("document.querySelector('#briefing-readers').scrollIntoView();", vec![])
        .await
        .unwrap();
    office.screenshot("briefing-readers-desktop").await;
    office.close().await;

    let email: Option<String> = {
        use diesel::prelude::*;
        duban::db::schema::users::table
            .filter(duban::db::schema::users::username.eq("rsj"))
            .select(duban::db::schema::users::email)
            .first(&mut app.db.conn())
            .unwrap()
    };
    assert_eq!(email.as_deref(), Some("li.na@rsj.kaiping.gov.cn"));
}
