//! 催报 (issue 15): reminders that go out by themselves, once, also with two servers; the
//! office's 一键催报; the message center; email through a real SMTP server on loopback that
//! is stopped and started again.

use std::time::{Duration, Instant};

use duban::db::audit::AuditActor;
use duban_tests::mail::{Mail, ServeProcess, SmtpSink};
use duban_tests::{body, etag, RequestHelper, Settings, TestApp, TestDb};
use serde_json::json;

/// 28 June 2024, 10:00 in China: June's report is due in two days.
const JUNE_28: &str = "2024-06-28T10:00:00+08:00";

fn settings_on(now: &str) -> Settings {
    Settings {
        now_override: Some(chrono::DateTime::parse_from_rfc3339(now).unwrap().into()),
        ..Default::default()
    }
}

async fn app_on(now: &str) -> TestApp {
    TestApp::spawn_with(TestDb::create_2024(), settings_on(now)).await
}

fn set_email(app: &TestApp, username: &str, email: &str) {
    let mut conn = app.db.conn();
    let id = duban::db::users::find_by_username(&mut conn, username)
        .unwrap()
        .unwrap()
        .id;
    duban::accounts::set_email(&mut conn, &AuditActor::cli(), id, Some(email)).unwrap();
}

/// Waits (up to a minute: CI runs other tests alongside) until `done` holds.
async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn to(mails: &[Mail], address: &str) -> Vec<Mail> {
    mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == address))
        .cloned()
        .collect()
}

fn outbox_waiting(app: &TestApp) -> i64 {
    app.db.count("outbox WHERE sent_at IS NULL AND failed_at IS NULL")
}

fn serve_env(smtp: &SmtpSink) -> Vec<(&'static str, String)> {
    vec![
        ("DUBAN_NOW", JUNE_28.to_string()),
        ("DUBAN_SMTP_URL", smtp.url()),
        ("DUBAN_MAIL_FROM", "督办系统 <duban@kaiping.test>".to_string()),
        ("DUBAN_PUBLIC_URL", "http://duban.kaiping.test".to_string()),
        ("DUBAN_REMIND_EVERY_SECONDS", "1".to_string()),
        ("DUBAN_MAIL_POLL_SECONDS", "1".to_string()),
        ("DUBAN_MAIL_RETRY_SECONDS", "1".to_string()),
    ]
}

async fn serve(app: &TestApp, env: &[(&'static str, String)]) -> ServeProcess {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ServeProcess::start(&app.db.url, &env).await
}

/// `unit` writes and submits June's report for item `n`.
async fn send_june(app: &TestApp, unit: &duban_tests::User<'_>, n: i64) {
    let (id, inds) = app.item_ids(n).await;
    let base = format!("/items/{id}/reports");
    let res = unit.post(&base, json!({"period": "2024-06"})).await;
    let v = etag(&res);
    body(res, 201).await;
    let values: Vec<_> = inds.iter().map(|i| json!({"indicator_id": i, "value": 10.0})).collect();
    let content = json!({"progress": "按计划推进", "problems": "", "next_steps": "", "values": values});
    let res = unit.if_match(&v).put(&format!("{base}/2024-06"), content).await;
    let v = etag(&res);
    body(res, 200).await;
    let res = unit.if_match(&v).post_empty(&format!("{base}/2024-06/submit")).await;
    body(res, 200).await;
}

/// The reminder for a unit whose June report is missing, as of 28 June 2024, arrives once,
/// with two `duban serve` instances on one database each looking every second.
#[tokio::test]
async fn a_missing_june_report_is_mailed_once_with_two_servers_running() {
    let app = app_on(JUNE_28).await;
    set_email(&app, "ybj", "ybj@kaiping.test");
    set_email(&app, "rsj", "rsj@kaiping.test");
    // 人社局 has sent June's report for its items 5 and 6; 医保局 (items 1–3) has not.
    let unit = app.as_user("rsj").await;
    for n in [5, 6] {
        send_june(&app, &unit, n).await;
    }

    let smtp = SmtpSink::start();
    let env = serve_env(&smtp);
    let first = serve(&app, &env).await;
    let second = serve(&app, &env).await;

    let june = "【督办】月报提醒：2024年6月";
    wait_for("June's reminder to 医保局", || {
        to(&smtp.mails(), "ybj@kaiping.test").iter().any(|m| m.subject == june)
    })
    .await;
    wait_for("the outbox to empty", || outbox_waiting(&app) == 0).await;
    // Both schedulers look again several times; nothing more may go.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mails = smtp.mails();
    let ybj = to(&mails, "ybj@kaiping.test");
    assert_eq!(ybj.iter().filter(|m| m.subject == june).count(), 1, "{ybj:#?}");
    let reminder = ybj.iter().find(|m| m.subject == june).unwrap();
    assert_eq!(reminder.from, "duban@kaiping.test");
    assert!(
        reminder
            .body
            .contains("市医疗保障局：贵单位牵头的第1项、第2项、第3项2024年6月月报尚未报送，请于2024年6月30日前报送。"),
        "{}",
        reminder.body
    );
    let item1 = app.item_json(1).await["id"].clone();
    assert!(
        reminder
            .body
            .contains(&format!("http://duban.kaiping.test/items/{item1}")),
        "{}",
        reminder.body
    );
    // Each reminder once: no subject twice to one address, as many mails as keys taken.
    let mut subjects: Vec<_> = mails.iter().map(|m| (m.to.clone(), m.subject.clone())).collect();
    let all = subjects.len();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), all, "a reminder went twice: {mails:#?}");
    // 人社局 sent June: no June reminder, but May's is overdue.
    let rsj = to(&mails, "rsj@kaiping.test");
    assert!(!rsj.iter().any(|m| m.subject == june), "{rsj:#?}");
    assert!(
        rsj.iter().any(|m| m.subject == "【督办】月报逾期：2024年5月"),
        "{rsj:#?}"
    );
    assert_eq!(
        app.db.count(
            "reminders_sent r JOIN units u ON u.id = r.target_id \
             WHERE r.rule = 'month_end' AND r.period = '2024-06' AND u.code = 'ybj'"
        ),
        1
    );

    // The same reminder waits in the unit's message center, unread, newest first.
    let ybj_app = app.as_user("ybj").await;
    let page = ybj_app.get_json("/messages", 200).await;
    let msgs = page["messages"].as_array().unwrap();
    assert_eq!(
        msgs.iter().filter(|m| m["title"] == "月报提醒：2024年6月").count(),
        1,
        "{page:#}"
    );
    assert_eq!(page["unread"].as_i64().unwrap(), msgs.len() as i64);
    assert!(msgs.iter().all(|m| m["kind"] == "reminder"));
    drop((first, second));
}

/// Stop the SMTP server, chase the units, start it again: every mail arrives exactly once.
#[tokio::test]
async fn mail_waits_while_the_mail_server_is_down_and_arrives_once_after() {
    let app = app_on(JUNE_28).await;
    set_email(&app, "ybj", "ybj@kaiping.test");
    set_email(&app, "rsj", "rsj@kaiping.test");
    let mut smtp = SmtpSink::start();
    let env = serve_env(&smtp);
    let server = serve(&app, &env).await;
    // What the scheduler sends at once, while the mail server is up.
    wait_for("the scheduler's first mail", || !smtp.mails().is_empty()).await;
    wait_for("the outbox to empty", || outbox_waiting(&app) == 0).await;
    let before = smtp.mails().len();

    smtp.stop();
    let chased = body(app.admin().await.post_empty("/plans/2024/reminders").await, 200).await;
    assert!(chased["sent"].as_i64().unwrap() >= 2, "{chased:#}");
    wait_for("failed attempts while the server is down", || {
        app.db
            .count("outbox WHERE sent_at IS NULL AND attempts >= 2 AND last_error IS NOT NULL")
            > 0
    })
    .await;
    assert_eq!(
        smtp.mails().len(),
        before,
        "nothing can arrive while the server is down"
    );
    let status = app.admin().await.get_json("/mail/status", 200).await;
    assert!(status["pending"].as_i64().unwrap() >= 2, "{status:#}");

    smtp.resume();
    wait_for("the outbox to catch up", || outbox_waiting(&app) == 0).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = smtp.mails();
    assert_eq!(
        mails.len() as i64,
        app.db.count("outbox WHERE sent_at IS NOT NULL"),
        "one mail per outbox row: {mails:#?}"
    );
    let chase = "【督办】督查室催报：2024年6月月报";
    for address in ["ybj@kaiping.test", "rsj@kaiping.test"] {
        assert_eq!(
            to(&mails, address).iter().filter(|m| m.subject == chase).count(),
            1,
            "{address}: {mails:#?}"
        );
    }
    assert_eq!(app.db.count("outbox WHERE failed_at IS NOT NULL"), 0);
    drop(server);
}

/// 一键催报 reminds exactly the units missing this month's report; units may not.
#[tokio::test]
async fn the_office_chases_every_unit_missing_this_months_report() {
    let app = app_on(JUNE_28).await;
    let unit = app.as_user("rsj").await;
    assert_eq!(unit.post_empty("/plans/2024/reminders").await.status(), 403);
    assert_eq!(app.reader().post_empty("/plans/2024/reminders").await.status(), 403);
    assert_eq!(app.anonymous().post_empty("/plans/2024/reminders").await.status(), 401);

    // 人社局 sends June for item 5 only; item 6 is still missing.
    send_june(&app, &unit, 5).await;

    let run = body(app.admin().await.post_empty("/plans/2024/reminders").await, 200).await;
    assert_eq!(run["period"], "2024-06");
    let units = run["units"].as_array().unwrap();
    assert_eq!(run["sent"].as_i64().unwrap(), units.len() as i64);
    // Every lead unit of the 2024 plan has a missing item in June.
    let leads: std::collections::BTreeSet<_> = app.reader().get_json("/plans/2024/items?per_page=500", 200).await
        ["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["lead_unit"]["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(units.len(), leads.len(), "{run:#}");
    let rsj = units.iter().find(|u| u["code"] == "rsj").unwrap();
    assert_eq!(rsj["items"], json!([6]), "item 5 was sent");
    assert_eq!(rsj["recipients"], 1);
    let ybj = units.iter().find(|u| u["code"] == "ybj").unwrap();
    assert_eq!(ybj["items"], json!([1, 2, 3]));

    let page = unit.get_json("/messages", 200).await;
    assert_eq!(page["unread"], 1);
    assert_eq!(page["messages"][0]["title"], "督查室催报：2024年6月月报");
    assert!(page["messages"][0]["body"].as_str().unwrap().contains("第6项"));
    assert_eq!(app.db.count("audit_events WHERE action = 'remind'"), 1);

    // Not for a closed year, nor outside the plan's year.
    let later = app_on("2025-01-10T10:00:00+08:00").await;
    let res = later.admin().await.post_empty("/plans/2024/reminders").await;
    assert_eq!(res.status(), 409);
    assert_eq!(body(res, 409).await["error"]["code"], "conflict");
}

/// Each user reads and marks only their own messages; an API token has none.
#[tokio::test]
async fn the_message_center_is_each_users_own() {
    let app = app_on(JUNE_28).await;
    let office = app.admin().await;
    body(office.post_empty("/plans/2024/reminders").await, 200).await;
    let ybj = app.as_user("ybj").await;
    let rsj = app.as_user("rsj").await;
    let page = ybj.get_json("/messages", 200).await;
    assert_eq!(page["unread"], 1);
    let id = page["messages"][0]["id"].as_i64().unwrap();
    // Another user's message is not found; an API token is refused.
    assert_eq!(rsj.post_empty(&format!("/messages/{id}/read")).await.status(), 404);
    assert_eq!(ybj.get_json("/messages", 200).await["unread"], 1);
    assert_eq!(app.api_token_client(None).get("/messages").await.status(), 403);
    assert_eq!(app.anonymous().get("/messages").await.status(), 401);
    assert_eq!(ybj.post_empty(&format!("/messages/{id}/read")).await.status(), 204);
    assert_eq!(
        ybj.post_empty(&format!("/messages/{id}/read")).await.status(),
        204,
        "twice is fine"
    );
    let page = ybj.get_json("/messages", 200).await;
    assert_eq!(page["unread"], 0);
    assert!(page["messages"][0]["read_at"].is_string());
    assert_eq!(ybj.post_empty("/messages/999999999/read").await.status(), 404);
    assert_eq!(ybj.get("/messages?limit=0").await.status(), 422);
    assert_eq!(ybj.get("/messages?limit=abc").await.status(), 400);

    // Paging: newest first, `next_before` reaches the older ones.
    for _ in 0..2 {
        body(office.post_empty("/plans/2024/reminders").await, 200).await;
    }
    let first = ybj.get_json("/messages?limit=2", 200).await;
    assert_eq!(first["messages"].as_array().unwrap().len(), 2);
    assert_eq!(first["unread"], 2);
    let a = first["messages"][0]["id"].as_i64().unwrap();
    let b = first["messages"][1]["id"].as_i64().unwrap();
    assert!(a > b);
    let before = first["next_before"].as_i64().unwrap();
    let rest = ybj.get_json(&format!("/messages?limit=2&before={before}"), 200).await;
    assert_eq!(rest["messages"][0]["id"].as_i64().unwrap(), id);
    assert!(rest["next_before"].is_null());
    assert_eq!(ybj.post_empty("/messages/read-all").await.status(), 204);
    assert_eq!(ybj.get_json("/messages", 200).await["unread"], 0);
}

/// New notices, returned reports, 批示 and published briefings arrive as messages (and as
/// mail in the outbox for those with an address), written with their cause.
#[tokio::test]
async fn the_offices_levers_arrive_as_messages() {
    let app = TestApp::spawn_mid_2024().await;
    set_email(&app, "rsj", "rsj@kaiping.test");
    let office = app.admin().await;
    let unit = app.as_user("rsj").await;
    let leader = app.as_user("leader").await;
    let (item, inds) = app.item_ids(5).await;

    body(
        office
            .post(
                &format!("/items/{item}/notices"),
                json!({"reason": "城镇新增就业进度滞后，请说明原因", "grade": "yellow"}),
            )
            .await,
        201,
    )
    .await;
    let res = unit
        .post(&format!("/items/{item}/reports"), json!({"period": "2024-06"}))
        .await;
    let v = etag(&res);
    body(res, 201).await;
    let values: Vec<_> = inds.iter().map(|i| json!({"indicator_id": i, "value": 5.0})).collect();
    let res = unit
        .if_match(&v)
        .put(
            &format!("/items/{item}/reports/2024-06"),
            json!({"progress": "推进中", "problems": "", "next_steps": "", "values": values}),
        )
        .await;
    let v = etag(&res);
    body(res, 200).await;
    let res = unit
        .if_match(&v)
        .post_empty(&format!("/items/{item}/reports/2024-06/submit"))
        .await;
    let v = etag(&res);
    body(res, 200).await;
    body(
        office
            .if_match(&v)
            .post(
                &format!("/items/{item}/reports/2024-06/return"),
                json!({"reason": "请补充数据来源"}),
            )
            .await,
        200,
    )
    .await;
    body(
        leader
            .post(&format!("/items/{item}/instructions"), json!({"text": "请倒排工期"}))
            .await,
        201,
    )
    .await;
    let res = office
        .post("/plans/2024/briefings", json!({"cut_off": "2024-07-01"}))
        .await;
    let v = etag(&res);
    let draft = body(res, 201).await;
    // A draft tells nobody; publishing it tells every unit and leader.
    let published = office
        .if_match(&v)
        .post_empty(&format!("/briefings/{}/publish", draft["id"]))
        .await;
    body(published, 200).await;

    let page = unit.get_json("/messages", 200).await;
    let kinds: Vec<_> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["briefing", "instruction", "report_returned", "notice"],
        "{page:#}"
    );
    let returned = &page["messages"][2];
    assert!(returned["body"].as_str().unwrap().contains("请补充数据来源"));
    assert_eq!(returned["link"], format!("/items/{item}/reports/2024-06"));
    // The other unit hears of the briefing only; the leader of the briefing; the office of the 批示.
    let other = app.as_user("ybj").await.get_json("/messages", 200).await;
    let kinds: Vec<_> = other["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["briefing"]);
    let lead = leader.get_json("/messages", 200).await;
    assert_eq!(lead["messages"][0]["kind"], "briefing");
    let admin = office.get_json("/messages", 200).await;
    assert_eq!(admin["messages"][0]["kind"], "instruction");
    // rsj has an address: each of its four messages waits in the outbox as mail.
    assert_eq!(app.db.count("outbox WHERE recipient = 'rsj@kaiping.test'"), 4);
    // A new address withdraws the mail still waiting for the old one; disabling does too.
    set_email(&app, "rsj", "li.na@kaiping.test");
    assert_eq!(app.db.count("outbox WHERE recipient = 'rsj@kaiping.test'"), 0);
    assert_eq!(
        app.db
            .count("messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'rsj'"),
        4,
        "the messages stay"
    );
}

/// The reminder rules are plan settings; `duban remind --dry-run` shows what would go and
/// sends nothing.
#[tokio::test]
async fn reminder_rules_are_plan_settings_and_the_dry_run_sends_nothing() {
    let app = app_on(JUNE_28).await;
    let office = app.admin().await;
    let plan = office.get_json("/plans/2024", 200).await;
    let v = duban_tests::if_match(&plan["version"]);
    assert_eq!(
        plan["reminders"],
        json!({"month_end_days": 3, "overdue": true, "milestone_days": 7, "notice_days": 2})
    );
    let input = |reminders: serde_json::Value| {
        json!({"year": 2024, "title": plan["title"], "notice_title": plan["notice_title"], "doc_number": plan["doc_number"],
               "issuer": plan["issuer"], "issued_on": plan["issued_on"], "first_report_due": plan["first_report_due"],
               "report_grace_days": plan["report_grace_days"], "settings": plan["settings"], "cases": plan["cases"],
               "public_page": plan["public_page"], "reminders": reminders})
    };
    let bad = office
        .if_match(&v)
        .put(
            "/plans/2024",
            input(json!({"month_end_days": 0, "overdue": true, "milestone_days": 99, "notice_days": null})),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let dry = |as_of: &str| {
        let out = std::process::Command::new(duban_tests::mail::duban_binary())
            .args(["remind", "--dry-run", "--as-of", as_of])
            .env("DATABASE_URL", &app.db.url)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let out = dry("2024-06-28");
    assert!(
        out.contains("month_end 2024-06 月报提醒：2024年6月 → 市医疗保障局"),
        "{out}"
    );
    assert!(out.contains("milestone_due"), "{out}");
    assert_eq!(app.db.count("reminders_sent"), 0, "a dry run sends nothing");
    assert_eq!(app.db.count("messages"), 0);

    // Month-end and milestone reminders off: only the overdue one is left.
    let res = office
        .if_match(&v)
        .put(
            "/plans/2024",
            input(json!({"month_end_days": null, "overdue": true, "milestone_days": null, "notice_days": 2})),
        )
        .await;
    let saved = body(res, 200).await;
    assert_eq!(saved["reminders"]["month_end_days"], serde_json::Value::Null);
    let out = dry("2024-06-28");
    assert!(!out.contains("month_end"), "{out}");
    assert!(!out.contains("milestone_due"), "{out}");
    assert!(out.contains("report_overdue 2024-05"), "{out}");
    // Sending as of another day would use up that day's keys: refused.
    let out = std::process::Command::new(duban_tests::mail::duban_binary())
        .args(["remind", "--as-of", "2024-06-28"])
        .env("DATABASE_URL", &app.db.url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of only goes with --dry-run"));
    assert_eq!(app.db.count("reminders_sent"), 0);
    // Nothing after the plan's year.
    assert!(
        dry("2025-01-02").starts_with("remind: 0 reminders"),
        "{}",
        dry("2025-01-02")
    );
}

/// The office sets anyone's address, a user their own; a bad address is refused.
#[tokio::test]
async fn email_addresses_are_set_by_the_office_or_their_owner() {
    let app = TestApp::spawn().await;
    let office = app.admin().await;
    let unit = app.as_user("rsj").await;
    let id = duban::db::users::find_by_username(&mut app.db.conn(), "rsj")
        .unwrap()
        .unwrap()
        .id;
    let path = format!("/users/{id}/email");
    let user = body(office.put(&path, json!({"email": "rsj@kaiping.gov.cn"})).await, 200).await;
    assert_eq!(user["email"], "rsj@kaiping.gov.cn");
    assert_eq!(unit.put(&path, json!({"email": "x@y.cn"})).await.status(), 403);
    let me = body(
        unit.put("/me/email", json!({"email": " li.na@rsj.kaiping.gov.cn "}))
            .await,
        200,
    )
    .await;
    assert_eq!(me["email"], "li.na@rsj.kaiping.gov.cn");
    for bad in ["not-an-address", "a b@c.cn", "a@\u{0}.cn"] {
        let res = unit.put("/me/email", json!({ "email": bad })).await;
        assert_eq!(res.status(), 422, "{bad:?}");
        assert_eq!(body(res, 422).await["error"]["code"], "validation");
    }
    let cleared = body(unit.put("/me/email", json!({"email": null})).await, 200).await;
    assert!(cleared["email"].is_null());
    assert_eq!(
        app.api_token_client(None)
            .put("/me/email", json!({"email": "a@b.cn"}))
            .await
            .status(),
        403
    );
    let status = office.get_json("/mail/status", 200).await;
    assert_eq!(
        status["configured"], false,
        "the in-process test server has no mail server"
    );
    assert_eq!(unit.get("/mail/status").await.status(), 403);
}
