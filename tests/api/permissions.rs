//! The permission matrix: every API route × {anonymous, the row's own unit, another unit,
//! leader, admin, API token}, with the status each must get. The route list comes from the
//! router itself (`api_routes()`), so a new route without rows here fails the test. Every
//! refused request must leave the database exactly as it was.

use diesel::prelude::*;
use duban_shared::ids::{ItemId, MilestoneId, NoticeId, PlanId, PlanYear, UserId};
use duban_tests::{RequestHelper, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Who {
    Anonymous,
    /// `rsj`, lead unit of item 5, the row the item routes use.
    OwnUnit,
    /// `ybj`, a unit with no claim on item 5.
    OtherUnit,
    Leader,
    Admin,
    ApiToken,
    /// `zjj`, a co-unit (配合单位) of item 5: another unit, except for its own 配合情况.
    CoUnit,
    /// `deputy1`, a 人大代表: its own ballots and its own account; else what the public sees.
    Deputy,
}

pub(crate) const WHO: [Who; 8] = [
    Who::Anonymous,
    Who::OwnUnit,
    Who::OtherUnit,
    Who::Leader,
    Who::Admin,
    Who::ApiToken,
    Who::CoUnit,
    Who::Deputy,
];

/// The deputy's account.
pub(crate) const DEPUTY: &str = "deputy1";

/// The co-unit's account and unit.
pub(crate) const CO_UNIT: &str = "zjj";

/// One concrete request: made fresh for each cell, so writes that succeed do not disturb
/// later cells.
#[derive(Default, Clone)]
pub(crate) struct Call {
    pub(crate) path: String,
    pub(crate) json: Option<Value>,
    pub(crate) if_match: Option<i32>,
    pub(crate) raw: Option<Vec<u8>>,
}

fn call(path: impl Into<String>) -> Call {
    Call {
        path: path.into(),
        ..Default::default()
    }
}

fn with_json(path: impl Into<String>, json: Value) -> Call {
    Call {
        path: path.into(),
        json: Some(json),
        ..Default::default()
    }
}

/// The call made with `If-Match: "1"` (the version of a row nobody has changed yet).
fn v1(c: Call) -> Call {
    Call { if_match: Some(1), ..c }
}

pub(crate) type Prepare = fn(&TestApp, Who) -> Call;

pub(crate) struct Row {
    pub(crate) method: &'static str,
    pub(crate) route: &'static str,
    pub(crate) prepare: Prepare,
    /// In the order of [`WHO`] without the co-unit and the deputy.
    expect: [u16; 6],
}

/// Where a deputy is let in: its ballots, its own account, and the list of plans (the published
/// ones, to find its ballot).
const DEPUTY_ROUTES: [(&str, &str, u16); 4] = [
    ("Get", "/me", 200),
    ("Get", "/plans", 200),
    ("Get", "/plans/{year}/evaluations/ballot", 200),
    ("Put", "/plans/{year}/evaluations/ballots/{number}", 200),
];

impl Row {
    /// What `who` must get. A co-unit is any other unit, except on the routes where it helps.
    pub(crate) fn expected(&self, who: Who) -> u16 {
        match who {
            Who::CoUnit => match (self.method, self.route) {
                ("Get", "/items/{id}/co-notes") => 200,
                ("Post", "/items/{id}/co-notes") => 201,
                ("Put", "/co-notes/{id}") => 200,
                _ => self.expect[2],
            },
            // A deputy: its ballots; its own account and messages like anyone signed in; what
            // needs no login like anyone; nothing else.
            Who::Deputy => match DEPUTY_ROUTES
                .iter()
                .find(|(m, r, _)| (*m, *r) == (self.method, self.route))
            {
                Some((_, _, status)) => *status,
                None if self.expect == OWN_ACCOUNT || self.expect == OWN_READ => self.expect[Who::Leader as usize],
                None if self.expect[0] != 401 => self.expect[0],
                None => 403,
            },
            _ => self.expect[who as usize],
        }
    }
}

/// Makes `zjj` (市住房和城乡建设局) a co-unit of item 5, with an account.
pub(crate) fn add_co_unit(app: &TestApp) {
    let new = duban_shared::auth::NewUser {
        username: CO_UNIT.into(),
        display_name: String::new(),
        role: duban_shared::auth::Role::Unit,
        unit: Some(CO_UNIT.into()),
        password: PASSWORD.into(),
    };
    duban::accounts::create_user(&mut app.db.conn(), &duban::db::audit::AuditActor::cli(), &new).unwrap();
    app.db.execute(&format!(
        "INSERT INTO item_co_units (item_id, unit_id) VALUES ({}, {})",
        item5(app),
        app.unit_id(CO_UNIT)
    ));
}

/// Makes `deputy1` a 人大代表 account.
pub(crate) fn add_deputy(app: &TestApp) {
    let new = duban_shared::auth::NewUser {
        username: DEPUTY.into(),
        display_name: "陈代表".into(),
        role: duban_shared::auth::Role::Deputy,
        unit: None,
        password: PASSWORD.into(),
    };
    duban::accounts::create_user(&mut app.db.conn(), &duban::db::audit::AuditActor::cli(), &new).unwrap();
}

/// The 2024 plan's evaluation round, open and at version 1 (made if missing).
fn open_round(app: &TestApp) {
    app.db.execute(
        "INSERT INTO evaluation_rounds (plan_id, title, opened_by) \
         SELECT p.id, '2024年民生实事满意度测评', u.id FROM plans p, users u WHERE p.year = 2024 AND u.username = 'admin' \
         ON CONFLICT (plan_id) DO UPDATE SET closed_at = NULL, closed_by = NULL, version = 1",
    );
}

/// The 2024 plan's evaluation round, closed (its results are counted then).
fn closed_round(app: &TestApp) {
    open_round(app);
    app.db.execute(
        "UPDATE evaluation_rounds SET closed_at = now(), closed_by = (SELECT id FROM users WHERE username = 'admin'), version = 2",
    );
}

/// A note of the co-unit on item 5, at version 1; its id.
fn fresh_co_note(app: &TestApp) -> i32 {
    let writer = user_id(app, CO_UNIT);
    app.db
        .execute(&format!("DELETE FROM co_unit_notes WHERE item_id = {}", item5(app)));
    let mut conn = app.db.conn();
    duban::db::co_notes::create(
        &mut conn,
        item5(app),
        app.unit_id(CO_UNIT),
        chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        "已配合",
        writer,
    )
    .unwrap()
    .id
}

/// A published plan of a past year with one item, ready to close; (year, item id, version).
fn plan_to_close(app: &TestApp) -> (i32, i32, i32) {
    use duban::db::schema::{items, plans};
    let (year, _) = draft_item_in(app, past_year(app));
    app.db
        .execute(&format!("UPDATE plans SET status = 'published' WHERE year = {year}"));
    let mut conn = app.db.conn();
    let (plan_id, version): (i32, i32) = plans::table
        .filter(plans::year.eq(year))
        .select((plans::id, plans::version))
        .first(&mut conn)
        .unwrap();
    let item: i32 = items::table
        .filter(items::plan_id.eq(plan_id))
        .select(items::id)
        .first(&mut conn)
        .unwrap();
    (year, item, version)
}

const READ: [u16; 6] = [401, 200, 200, 200, 200, 200];
const ADMIN_READ: [u16; 6] = [401, 403, 403, 403, 200, 403];
const DRAFT_READ: [u16; 6] = [401, 200, 404, 404, 200, 404];
/// The counts of an evaluation: the office and the leaders.
const EVALUATION_READ: [u16; 6] = [401, 403, 403, 200, 200, 403];
/// A deputy's own ballots: nobody else (the deputy's 200 is in [`DEPUTY_ROUTES`]).
const DEPUTY_ONLY: [u16; 6] = [401, 403, 403, 403, 403, 403];
/// A draft briefing: the office's alone; to the rest it is not there.
const OFFICE_DRAFT: [u16; 6] = [401, 404, 404, 404, 200, 404];
const OFFICE_DRAFT_GONE: [u16; 6] = [401, 404, 404, 404, 204, 404];
/// A 督办件 addressed to item 5's unit: not for the other units.
const CASE_READ: [u16; 6] = [401, 200, 403, 200, 200, 200];
const OWN_ACCOUNT: [u16; 6] = [401, 204, 204, 204, 204, 403];
/// One's own messages and settings: every signed-in user; an API token has none.
const OWN_READ: [u16; 6] = [401, 200, 200, 200, 200, 403];

fn item5(app: &TestApp) -> i32 {
    use duban::db::schema::items;
    items::table
        .filter(items::number.eq(5))
        .select(items::id)
        .first(&mut app.db.conn())
        .unwrap()
}

/// A message of `who`'s own (of the admin for the anonymous and API tokens); its id.
fn own_message(app: &TestApp, who: Who) -> i64 {
    let name = match who {
        Who::OwnUnit => "rsj",
        Who::OtherUnit => "ybj",
        Who::Leader => "leader",
        Who::CoUnit => CO_UNIT,
        Who::Deputy => DEPUTY,
        Who::Admin | Who::Anonymous | Who::ApiToken => "admin",
    };
    let to = duban::db::messages::Recipient {
        user_id: user_id(app, name),
        email: None,
    };
    let note = duban::db::messages::Note {
        kind: duban_shared::messages::MessageKind::Reminder,
        title: "月报提醒",
        body: "请报送",
        link: "",
    };
    let mut conn = app.db.conn();
    duban::db::messages::deliver(&mut conn, &[to], &note).unwrap();
    duban::db::schema::messages::table
        .select(diesel::dsl::max(duban::db::schema::messages::id))
        .first::<Option<i64>>(&mut conn)
        .unwrap()
        .unwrap()
}

fn throwaway_user(app: &TestApp) -> i32 {
    let name = format!("tmp{}", uuid::Uuid::new_v4().simple());
    let new = duban_shared::auth::NewUser {
        username: name[..20].to_string(),
        display_name: String::new(),
        role: duban_shared::auth::Role::Leader,
        unit: None,
        password: PASSWORD.into(),
    };
    duban::accounts::create_user(&mut app.db.conn(), &duban::db::audit::AuditActor::cli(), &new)
        .unwrap()
        .id
}

fn throwaway_token(app: &TestApp) -> i32 {
    let mut conn = app.db.conn();
    let admin = duban::db::users::find_by_username(&mut conn, "admin").unwrap().unwrap();
    let t = duban::auth::api_token::generate();
    duban::db::api_tokens::create(&mut conn, "throwaway", &t.hash, &t.display_prefix, None, admin.id)
        .unwrap()
        .id
}

const UNIT_WRITE: [u16; 6] = [401, 200, 403, 403, 403, 403];
const OFFICE_WRITE: [u16; 6] = [401, 403, 403, 403, 200, 403];
// Writes answered 201 (created) or 204 (no content) to the office, or 201 to the row's unit.
const OFFICE_CREATED: [u16; 6] = [401, 403, 403, 403, 201, 403];
const OFFICE_NO_CONTENT: [u16; 6] = [401, 403, 403, 403, 204, 403];
const UNIT_CREATED: [u16; 6] = [401, 201, 403, 403, 403, 403];

fn user_id(app: &TestApp, name: &str) -> i32 {
    duban::db::users::find_by_username(&mut app.db.conn(), name)
        .unwrap()
        .unwrap()
        .id
}

/// Item 5's report for `period`, made anew in `state` ("draft" or "submitted"); returns its version.
fn fresh_report(app: &TestApp, period: &str, state: &str) -> i32 {
    use duban_shared::reporting::{IndicatorValue, ReportContent};
    let item = item5(app);
    app.db.execute(&format!(
        "DELETE FROM reports WHERE item_id = {item} AND period = '{period}'"
    ));
    let mut conn = app.db.conn();
    let ctx = duban::db::items::context(&mut conn, ItemId(item)).unwrap().unwrap();
    let content = ReportContent {
        progress: "全市城镇新增就业稳步推进。".into(),
        problems: String::new(),
        next_steps: String::new(),
        values: ctx
            .indicators
            .iter()
            .map(|(id, _)| IndicatorValue {
                indicator_id: *id,
                value: 3100.0,
            })
            .collect(),
    };
    let rsj = user_id(app, "rsj");
    let p = period.parse().unwrap();
    let row = duban::db::reports::create(
        &mut conn,
        &duban::db::reports::NewReportRow {
            item_id: item,
            period: p,
            due_on: duban_shared::reporting::due_on(p, 0),
            content: &content,
            user_id: rsj,
        },
    )
    .unwrap();
    if state == "submitted" {
        duban::db::reports::submit(&mut conn, &row, rsj, chrono::Utc::now())
            .unwrap()
            .version
    } else {
        row.version
    }
}

/// A milestone of item 5 (by sequence), set open or complete; returns (id, version).
fn milestone(app: &TestApp, seq: i32, complete: bool) -> (i32, i32) {
    let item = item5(app);
    let done = if complete { "'2024-03-30'" } else { "NULL" };
    app.db.execute(&format!(
        "UPDATE milestones SET completed_on = {done} WHERE item_id = {item} AND seq = {seq}"
    ));
    use duban::db::schema::milestones as m;
    m::table
        .filter(m::item_id.eq(item))
        .filter(m::seq.eq(seq))
        .select((m::id, m::version))
        .first(&mut app.db.conn())
        .unwrap()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-not-really-an-image";

fn fresh_evidence(app: &TestApp) -> i32 {
    let (m, _) = milestone(app, 4, false);
    duban::db::evidence::create(
        &mut app.db.conn(),
        &duban::db::evidence::NewEvidence {
            milestone_id: m,
            file_name: "现场照片.png",
            content_type: "image/png",
            sha256: "x",
            content: PNG,
            uploaded_by: user_id(app, "rsj"),
        },
    )
    .unwrap()
    .id
}

/// A pending extension request on item 5's last milestone; returns (id, version).
fn fresh_extension(app: &TestApp) -> (i32, i32) {
    let (m, _) = milestone(app, 4, false);
    app.db
        .execute(&format!("DELETE FROM extension_requests WHERE milestone_id = {m}"));
    let due = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
    let later = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let row = duban::db::extensions::create(
        &mut app.db.conn(),
        MilestoneId(m),
        due,
        later,
        "施工受台风影响",
        user_id(app, "rsj"),
    )
    .unwrap();
    (row.id, row.version)
}

/// How far a fresh notice has come.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Issued,
    Answered,
}

/// A notice to item 5's unit; returns (id, version).
fn fresh_notice(app: &TestApp, stage: Stage) -> (i32, i32) {
    let mut conn = app.db.conn();
    let ctx = duban::db::items::context(&mut conn, ItemId(item5(app)))
        .unwrap()
        .unwrap();
    let row = duban::db::notices::create(
        &mut conn,
        &duban::db::notices::NewNotice {
            item_id: ctx.item_id.get(),
            unit_id: ctx.lead_unit_id.get(),
            plan_id: ctx.plan_id,
            reason: "请说明进度滞后原因",
            grade: duban_shared::cases::Grade::Blue,
            answer_by: chrono::NaiveDate::from_ymd_opt(2024, 7, 31).unwrap(),
            issued_by: user_id(app, "admin"),
            instruction_id: None,
            inspection_id: None,
        },
    )
    .unwrap();
    if stage == Stage::Answered {
        duban::db::notices::answer(&mut conn, &row, "已加快进度", user_id(app, "rsj"), &[]).unwrap();
    }
    let row = duban::db::notices::find(&mut conn, NoticeId(row.id)).unwrap().unwrap();
    (row.id, row.version)
}

/// A 批示 of the leader on item 5.
fn fresh_instruction(app: &TestApp) -> i32 {
    duban::db::instructions::create(&mut app.db.conn(), item5(app), "请加快推进", user_id(app, "leader")).unwrap()
}

/// An inspection of item 5, without 整改要求.
fn fresh_inspection(app: &TestApp) -> i32 {
    let new = duban_shared::cases::NewInspection {
        inspected_on: chrono::NaiveDate::from_ymd_opt(2024, 7, 10).unwrap(),
        place: "长沙街道".into(),
        inspectors: "督查室 张三".into(),
        findings: "现场施工正常".into(),
        requirements: None,
        grade: None,
        answer_by: None,
    };
    duban::db::inspections::create(&mut app.db.conn(), item5(app), &new, user_id(app, "admin")).unwrap()
}

/// A photo of an inspection of item 5.
fn fresh_case_file(app: &TestApp) -> i32 {
    let inspection = fresh_inspection(app);
    duban::db::case_files::create(
        &mut app.db.conn(),
        &duban::db::case_files::NewCaseFile {
            owner: duban::db::case_files::Owner::Inspection(inspection),
            file_name: "现场.png",
            content_type: "image/png",
            sha256: "x",
            content: PNG,
            uploaded_by: user_id(app, "admin"),
        },
    )
    .unwrap()
    .id
}

/// The 2024 plan's briefing as of 1 July, as a new draft starts.
fn briefing_of_july(app: &TestApp) -> (PlanId, duban_shared::briefing::Briefing) {
    let mut conn = app.db.conn();
    let plan = duban::db::plans::find_by_year(&mut conn, PlanYear(2024))
        .unwrap()
        .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let s = duban::db::summary::load(&mut conn, &plan, day).unwrap();
    (
        PlanId(plan.id),
        duban_shared::briefing::compose(&s, &plan.title, &plan.issuer),
    )
}

/// A published briefing's id.
fn briefing(app: &TestApp) -> i32 {
    let (plan, content) = briefing_of_july(app);
    let day = content.cut_off;
    duban::db::briefings::publish_new(&mut app.db.conn(), plan, content, day, user_id(app, "admin"))
        .unwrap()
        .id
}

/// A draft briefing's id (at version 1).
fn draft_briefing(app: &TestApp) -> i32 {
    let (plan, content) = briefing_of_july(app);
    let text = duban_shared::briefing::text_of(&content);
    duban::db::briefings::create_draft(&mut app.db.conn(), plan, content.cut_off, &text, user_id(app, "admin"))
        .unwrap()
        .id
}

fn report_path(app: &TestApp, tail: &str) -> String {
    format!("/items/{}/reports/2024-06{tail}", item5(app))
}

/// A year no plan has yet.
fn free_year(app: &TestApp) -> i32 {
    use duban::db::schema::plans;
    let max: Option<i32> = plans::table
        .select(diesel::dsl::max(plans::year))
        .first(&mut app.db.conn())
        .unwrap();
    max.unwrap_or(2024).max(2024) + 1
}

/// A year before every plan's: a plan published there does not become the newest (which
/// the list routes default to, and the plan-limited token must still read).
fn past_year(app: &TestApp) -> i32 {
    use duban::db::schema::plans;
    let min: Option<i32> = plans::table
        .select(diesel::dsl::min(plans::year))
        .first(&mut app.db.conn())
        .unwrap();
    min.unwrap_or(2024) - 1
}

/// A new draft plan; returns its year.
fn draft_plan(app: &TestApp) -> i32 {
    draft_plan_in(app, free_year(app))
}

fn draft_plan_in(app: &TestApp, year: i32) -> i32 {
    duban::db::plans::create(&mut app.db.conn(), &duban_shared::plan_edit::PlanInput::new(year)).unwrap();
    year
}

/// A new draft plan with one empty category; returns (year, category id).
fn draft_category(app: &TestApp) -> (i32, i32) {
    draft_category_in(app, free_year(app))
}

fn draft_category_in(app: &TestApp, year: i32) -> (i32, i32) {
    let year = draft_plan_in(app, year);
    let mut conn = app.db.conn();
    let plan = duban::db::plans::find_by_year(&mut conn, PlanYear(year))
        .unwrap()
        .unwrap();
    let input = duban_shared::plan_edit::CategoryInput {
        ordinal: 1,
        title: "就业创业".into(),
    };
    (
        year,
        duban::db::categories::create(&mut conn, PlanId(plan.id), &input)
            .unwrap()
            .id,
    )
}

fn item_body(year: i32, category_id: i32, lead_unit_id: i32) -> Value {
    json!({
        "category_id": category_id,
        "number": 1,
        "content": "新增城镇就业6000人",
        "lead_unit_id": lead_unit_id,
        "milestones": [
            {"due_date": format!("{year}-06-30"), "target_text": "6月30日前完成3000人"},
            {"due_date": format!("{year}-12-10"), "target_text": "12月10日前完成6000人"}
        ],
        "indicators": [
            {"name": "新增就业", "measure": "人", "kind": "cumulative", "targets": [3000, 6000]}
        ]
    })
}

/// A new draft plan with one item; returns (year, item id).
fn draft_item(app: &TestApp) -> (i32, i32) {
    draft_item_in(app, free_year(app))
}

fn draft_item_in(app: &TestApp, year: i32) -> (i32, i32) {
    let (year, category) = draft_category_in(app, year);
    let unit = app.unit_id("rsj");
    let input: duban_shared::plan_edit::ItemInput = serde_json::from_value(item_body(year, category, unit)).unwrap();
    let mut conn = app.db.conn();
    let plan = duban::db::plans::find_by_year(&mut conn, PlanYear(year))
        .unwrap()
        .unwrap();
    (
        year,
        duban::db::item_editor::create(&mut conn, PlanId(plan.id), &input).unwrap(),
    )
}

/// A unit nothing names yet; returns its id.
fn throwaway_unit(app: &TestApp) -> i32 {
    let code = format!("u{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let input = duban_shared::plan_edit::UnitInput {
        name: format!("临时单位{code}"),
        code,
    };
    duban::db::units::create(&mut app.db.conn(), &input).unwrap().id
}

pub(crate) fn rows() -> Vec<Row> {
    vec![
        Row {
            method: "Post",
            route: "/auth/login",
            prepare: |_, _| with_json("/auth/login", json!({"username": "leader", "password": PASSWORD})),
            // Public: whoever asks, good credentials log in.
            expect: [200; 6],
        },
        Row {
            method: "Post",
            route: "/auth/logout",
            prepare: |_, _| call("/auth/logout"),
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Post",
            route: "/auth/password",
            prepare: |_, _| {
                with_json(
                    "/auth/password",
                    json!({"current_password": PASSWORD, "new_password": "another good password"}),
                )
            },
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Get",
            route: "/me",
            prepare: |_, _| call("/me"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/units",
            prepare: |_, _| call("/units"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans",
            prepare: |_, _| call("/plans"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}",
            prepare: |_, _| call("/plans/2024"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/items",
            prepare: |_, _| call("/plans/2024/items"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}",
            prepare: |app, _| call(format!("/items/{}", item5(app))),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/units",
            prepare: |_, _| {
                let code = format!("n{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
                with_json("/units", json!({"name": format!("新单位{code}"), "code": code}))
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Put",
            route: "/units/{id}",
            prepare: |app, _| {
                let id = throwaway_unit(app);
                v1(with_json(
                    format!("/units/{id}"),
                    json!({"name": format!("改名单位{id}"), "code": format!("r{id}")}),
                ))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Delete",
            route: "/units/{id}",
            prepare: |app, _| v1(call(format!("/units/{}", throwaway_unit(app)))),
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Post",
            route: "/plans",
            prepare: |app, _| with_json("/plans", json!({"year": free_year(app), "title": "民生实事"})),
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Post",
            route: "/plans/import",
            prepare: |app, _| with_json("/plans/import", duban_tests::plan_file_for(free_year(app))),
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Put",
            route: "/plans/{year}",
            prepare: |app, _| {
                let year = draft_plan(app);
                v1(with_json(
                    format!("/plans/{year}"),
                    json!({"year": year, "title": "民生实事（修订）"}),
                ))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Delete",
            route: "/plans/{year}",
            prepare: |app, _| v1(call(format!("/plans/{}", draft_plan(app)))),
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/publish",
            prepare: |app, _| {
                let (year, _) = draft_item_in(app, past_year(app));
                app.db.execute(&format!(
                    "UPDATE plans SET first_report_due = '{year}-03-31' WHERE year = {year}"
                ));
                v1(call(format!("/plans/{year}/publish")))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/categories",
            prepare: |app, _| {
                with_json(
                    format!("/plans/{}/categories", draft_plan(app)),
                    json!({"ordinal": 1, "title": "教育"}),
                )
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Put",
            route: "/categories/{id}",
            prepare: |app, _| {
                let (_, id) = draft_category(app);
                v1(with_json(
                    format!("/categories/{id}"),
                    json!({"ordinal": 2, "title": "医疗"}),
                ))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Delete",
            route: "/categories/{id}",
            prepare: |app, _| {
                let (_, id) = draft_category(app);
                v1(call(format!("/categories/{id}")))
            },
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/items",
            prepare: |app, _| {
                let (year, category) = draft_category(app);
                let unit = app.unit_id("rsj");
                with_json(format!("/plans/{year}/items"), item_body(year, category, unit))
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Put",
            route: "/items/{id}",
            prepare: |app, _| {
                let (year, id) = draft_item(app);
                let mut conn = app.db.conn();
                let category: i32 = {
                    use duban::db::schema::items;
                    items::table
                        .find(id)
                        .select(items::category_id)
                        .first(&mut conn)
                        .unwrap()
                };
                let unit = app.unit_id("ybj");
                v1(with_json(format!("/items/{id}"), item_body(year, category, unit)))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Delete",
            route: "/items/{id}",
            prepare: |app, _| {
                let (_, id) = draft_item(app);
                v1(call(format!("/items/{id}")))
            },
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/summary",
            prepare: |_, _| call("/plans/2024/summary"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}/lights",
            prepare: |app, _| call(format!("/items/{}/lights", item5(app))),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}/series",
            prepare: |app, _| call(format!("/items/{}/series", item5(app))),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/export.xlsx",
            prepare: |_, _| call("/plans/2024/export.xlsx"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/export.csv",
            prepare: |_, _| call("/plans/2024/export.csv"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/briefing-preview",
            prepare: |_, _| call("/plans/2024/briefing-preview"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/briefings",
            prepare: |_, _| call("/plans/2024/briefings"),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/briefings",
            prepare: |_, _| with_json("/plans/2024/briefings", json!({"cut_off": "2024-07-01"})),
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Get",
            route: "/briefings/{id}",
            prepare: |app, _| call(format!("/briefings/{}", briefing(app))),
            expect: READ,
        },
        Row {
            method: "Put",
            route: "/briefings/{id}",
            prepare: |app, _| {
                v1(with_json(
                    format!("/briefings/{}", draft_briefing(app)),
                    json!({"title": "第二季度民生实事推进情况通报", "issuer": "开平市人民政府办公室",
                           "sections": {"overall": "总体平稳。", "next_steps": "加快推进。"}}),
                ))
            },
            expect: OFFICE_DRAFT,
        },
        Row {
            method: "Delete",
            route: "/briefings/{id}",
            prepare: |app, _| v1(call(format!("/briefings/{}", draft_briefing(app)))),
            expect: OFFICE_DRAFT_GONE,
        },
        Row {
            method: "Post",
            route: "/briefings/{id}/publish",
            prepare: |app, _| v1(call(format!("/briefings/{}/publish", draft_briefing(app)))),
            expect: OFFICE_DRAFT,
        },
        Row {
            method: "Get",
            route: "/briefings/{id}/print",
            prepare: |app, _| call(format!("/briefings/{}/print", briefing(app))),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/briefings/{id}/docx",
            prepare: |app, _| call(format!("/briefings/{}/docx", briefing(app))),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/users",
            prepare: |_, _| call("/users"),
            expect: ADMIN_READ,
        },
        Row {
            method: "Post",
            route: "/users",
            prepare: |_, _| {
                let name = format!("new{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
                with_json(
                    "/users",
                    json!({"username": name, "role": "unit", "unit": "jyj", "password": PASSWORD}),
                )
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Post",
            route: "/users/{id}/disable",
            prepare: |app, _| call(format!("/users/{}/disable", throwaway_user(app))),
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/users/{id}/password",
            prepare: |app, _| {
                with_json(
                    format!("/users/{}/password", throwaway_user(app)),
                    json!({"new_password": "a brand new password"}),
                )
            },
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Get",
            route: "/api-tokens",
            prepare: |_, _| call("/api-tokens"),
            expect: ADMIN_READ,
        },
        Row {
            method: "Post",
            route: "/api-tokens",
            prepare: |_, _| with_json("/api-tokens", json!({"name": "统计局数据平台", "plan_year": 2024})),
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Delete",
            route: "/api-tokens/{id}",
            prepare: |app, _| call(format!("/api-tokens/{}", throwaway_token(app))),
            expect: OFFICE_NO_CONTENT,
        },
        Row {
            method: "Get",
            route: "/audit",
            prepare: |_, _| call("/audit"),
            expect: ADMIN_READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}/reports",
            prepare: |app, _| call(format!("/items/{}/reports", item5(app))),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/items/{id}/reports",
            prepare: |app, _| {
                let item = item5(app);
                app.db.execute(&format!(
                    "DELETE FROM reports WHERE item_id = {item} AND period = '2024-07'"
                ));
                with_json(format!("/items/{item}/reports"), json!({"period": "2024-07"}))
            },
            expect: UNIT_CREATED,
        },
        Row {
            method: "Get",
            route: "/items/{id}/reports/{period}",
            prepare: |app, _| {
                fresh_report(app, "2024-06", "draft");
                call(report_path(app, ""))
            },
            // A draft is its unit's and the office's; to anyone else it is not there.
            expect: DRAFT_READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}/reports/{period}/prefill",
            prepare: |app, _| call(format!("/items/{}/reports/2024-07/prefill", item5(app))),
            // What the lead unit's form starts with: for the one who may write the report.
            expect: UNIT_WRITE,
        },
        Row {
            method: "Put",
            route: "/items/{id}/reports/{period}",
            prepare: |app, _| Call {
                if_match: Some(fresh_report(app, "2024-06", "draft")),
                ..with_json(
                    report_path(app, ""),
                    json!({"progress": "新增就业3100人", "problems": "", "next_steps": "", "values": []}),
                )
            },
            expect: UNIT_WRITE,
        },
        Row {
            method: "Post",
            route: "/items/{id}/reports/{period}/submit",
            prepare: |app, _| Call {
                if_match: Some(fresh_report(app, "2024-06", "draft")),
                ..call(report_path(app, "/submit"))
            },
            expect: UNIT_WRITE,
        },
        Row {
            method: "Post",
            route: "/items/{id}/reports/{period}/accept",
            prepare: |app, _| Call {
                if_match: Some(fresh_report(app, "2024-06", "submitted")),
                ..call(report_path(app, "/accept"))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/items/{id}/reports/{period}/return",
            prepare: |app, _| Call {
                if_match: Some(fresh_report(app, "2024-06", "submitted")),
                ..with_json(report_path(app, "/return"), json!({"reason": "数据口径不一致，请核实"}))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Get",
            route: "/reports",
            prepare: |_, _| call("/reports?state=submitted"),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/milestones/{id}/complete",
            prepare: |app, _| {
                let (id, version) = milestone(app, 1, false);
                Call {
                    if_match: Some(version),
                    ..with_json(
                        format!("/milestones/{id}/complete"),
                        json!({"completed_on": "2024-03-28", "note": "已完成"}),
                    )
                }
            },
            expect: UNIT_WRITE,
        },
        Row {
            method: "Post",
            route: "/milestones/{id}/reopen",
            prepare: |app, _| {
                let (id, version) = milestone(app, 1, true);
                Call {
                    if_match: Some(version),
                    ..with_json(format!("/milestones/{id}/reopen"), json!({"reason": "佐证材料不足"}))
                }
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/milestones/{id}/evidence",
            prepare: |app, _| {
                let (id, _) = milestone(app, 4, false);
                Call {
                    raw: Some(PNG.to_vec()),
                    ..call(format!("/milestones/{id}/evidence?name=photo.png"))
                }
            },
            expect: UNIT_CREATED,
        },
        Row {
            method: "Get",
            route: "/evidence/{id}",
            prepare: |app, _| call(format!("/evidence/{}", fresh_evidence(app))),
            expect: READ,
        },
        Row {
            method: "Delete",
            route: "/evidence/{id}",
            prepare: |app, _| call(format!("/evidence/{}", fresh_evidence(app))),
            expect: [401, 204, 403, 403, 403, 403],
        },
        Row {
            method: "Post",
            route: "/milestones/{id}/extensions",
            prepare: |app, _| {
                let (id, _) = milestone(app, 4, false);
                app.db
                    .execute(&format!("DELETE FROM extension_requests WHERE milestone_id = {id}"));
                with_json(
                    format!("/milestones/{id}/extensions"),
                    json!({"requested_due": "2024-12-31", "reason": "设备到货延迟"}),
                )
            },
            expect: UNIT_CREATED,
        },
        Row {
            method: "Get",
            route: "/extensions",
            prepare: |_, _| call("/extensions?state=pending"),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/extensions/{id}/decide",
            prepare: |app, _| {
                let (id, version) = fresh_extension(app);
                Call {
                    if_match: Some(version),
                    ..with_json(
                        format!("/extensions/{id}/decide"),
                        json!({"approve": false, "reason": "理由不充分"}),
                    )
                }
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/items/{id}/notices",
            prepare: |app, _| {
                with_json(
                    format!("/items/{}/notices", item5(app)),
                    json!({"reason": "进度滞后，请说明原因", "answer_by": "2024-07-31"}),
                )
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Get",
            route: "/notices",
            prepare: |_, _| call("/notices"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/notices/export.xlsx",
            prepare: |_, _| call("/notices/export.xlsx?state=open,answered"),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/notices/{id}",
            prepare: |app, _| call(format!("/notices/{}", fresh_notice(app, Stage::Issued).0)),
            expect: CASE_READ,
        },
        Row {
            method: "Get",
            route: "/notices/{id}/docx",
            prepare: |app, _| call(format!("/notices/{}/docx", fresh_notice(app, Stage::Issued).0)),
            expect: CASE_READ,
        },
        Row {
            method: "Post",
            route: "/notices/{id}/acknowledge",
            prepare: |app, _| call(format!("/notices/{}/acknowledge", fresh_notice(app, Stage::Issued).0)),
            expect: UNIT_WRITE,
        },
        Row {
            method: "Post",
            route: "/notices/{id}/attachments",
            prepare: |app, _| {
                let (id, _) = fresh_notice(app, Stage::Issued);
                Call {
                    raw: Some(PNG.to_vec()),
                    ..call(format!("/notices/{id}/attachments?name=整改照片.png"))
                }
            },
            expect: UNIT_CREATED,
        },
        Row {
            method: "Post",
            route: "/notices/{id}/answer",
            prepare: |app, _| {
                let (id, version) = fresh_notice(app, Stage::Issued);
                Call {
                    if_match: Some(version),
                    ..with_json(format!("/notices/{id}/answer"), json!({"answer": "已制定整改计划"}))
                }
            },
            expect: UNIT_WRITE,
        },
        Row {
            method: "Post",
            route: "/notices/{id}/return",
            prepare: |app, _| {
                let (id, version) = fresh_notice(app, Stage::Answered);
                Call {
                    if_match: Some(version),
                    ..with_json(format!("/notices/{id}/return"), json!({"reason": "未附佐证材料"}))
                }
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/notices/{id}/close",
            prepare: |app, _| {
                let (id, version) = fresh_notice(app, Stage::Answered);
                Call {
                    if_match: Some(version),
                    ..with_json(format!("/notices/{id}/close"), json!({"note": "整改到位，予以销号"}))
                }
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Post",
            route: "/items/{id}/instructions",
            prepare: |app, _| {
                with_json(
                    format!("/items/{}/instructions", item5(app)),
                    json!({"text": "请倒排工期，确保按期完成"}),
                )
            },
            expect: [401, 403, 403, 201, 201, 403],
        },
        Row {
            method: "Get",
            route: "/items/{id}/instructions",
            prepare: |app, _| {
                fresh_instruction(app);
                call(format!("/items/{}/instructions", item5(app)))
            },
            expect: CASE_READ,
        },
        Row {
            method: "Get",
            route: "/instructions",
            prepare: |_, _| call("/instructions"),
            expect: READ,
        },
        Row {
            method: "Post",
            route: "/items/{id}/inspections",
            prepare: |app, _| {
                with_json(
                    format!("/items/{}/inspections", item5(app)),
                    json!({
                        "inspected_on": "2024-07-10",
                        "place": "长沙街道",
                        "inspectors": "督查室 张三",
                        "findings": "进度滞后",
                        "requirements": "7月底前补齐人员",
                        "grade": "yellow"
                    }),
                )
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Get",
            route: "/items/{id}/inspections",
            prepare: |app, _| {
                fresh_inspection(app);
                call(format!("/items/{}/inspections", item5(app)))
            },
            expect: CASE_READ,
        },
        Row {
            method: "Post",
            route: "/inspections/{id}/photos",
            prepare: |app, _| Call {
                raw: Some(PNG.to_vec()),
                ..call(format!("/inspections/{}/photos?name=现场.png", fresh_inspection(app)))
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Get",
            route: "/case-files/{id}",
            prepare: |app, _| call(format!("/case-files/{}", fresh_case_file(app))),
            expect: CASE_READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}/co-notes",
            prepare: |app, _| {
                fresh_co_note(app);
                call(format!("/items/{}/co-notes", item5(app)))
            },
            expect: CASE_READ,
        },
        Row {
            method: "Post",
            route: "/items/{id}/co-notes",
            prepare: |app, _| {
                app.db
                    .execute(&format!("DELETE FROM co_unit_notes WHERE item_id = {}", item5(app)));
                with_json(
                    format!("/items/{}/co-notes", item5(app)),
                    json!({"period": "2024-06", "note": "已提供相关数据"}),
                )
            },
            expect: [401, 403, 403, 403, 403, 403],
        },
        Row {
            method: "Put",
            route: "/co-notes/{id}",
            prepare: |app, _| {
                v1(with_json(
                    format!("/co-notes/{}", fresh_co_note(app)),
                    json!({"note": "已提供6月数据"}),
                ))
            },
            expect: [401, 403, 403, 403, 403, 403],
        },
        Row {
            method: "Get",
            route: "/public/plans/{year}",
            prepare: |_, _| call("/public/plans/2024"),
            expect: [200; 6],
        },
        Row {
            method: "Post",
            route: "/plans/{year}/close",
            prepare: |app, _| {
                let (year, item, version) = plan_to_close(app);
                Call {
                    if_match: Some(version),
                    ..with_json(
                        format!("/plans/{year}/close"),
                        json!({"results": [{"item_id": item, "result": "done", "note": ""}]}),
                    )
                }
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Get",
            route: "/briefings/{id}/readers",
            prepare: |app, _| call(format!("/briefings/{}/readers", briefing(app))),
            expect: ADMIN_READ,
        },
        Row {
            method: "Get",
            route: "/messages",
            prepare: |_, _| call("/messages"),
            expect: OWN_READ,
        },
        Row {
            method: "Post",
            route: "/messages/{id}/read",
            prepare: |app, who| call(format!("/messages/{}/read", own_message(app, who))),
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Post",
            route: "/messages/read-all",
            prepare: |app, who| {
                own_message(app, who);
                call("/messages/read-all")
            },
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/reminders",
            prepare: |_, _| call("/plans/2024/reminders"),
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Get",
            route: "/mail/status",
            prepare: |_, _| call("/mail/status"),
            expect: ADMIN_READ,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/evaluations",
            prepare: |app, _| {
                app.db.execute("DELETE FROM evaluation_rounds");
                with_json("/plans/2024/evaluations", json!({"title": "2024年民生实事满意度测评"}))
            },
            expect: OFFICE_CREATED,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/evaluations",
            prepare: |app, _| {
                open_round(app);
                call("/plans/2024/evaluations")
            },
            expect: EVALUATION_READ,
        },
        Row {
            method: "Post",
            route: "/plans/{year}/evaluations/close",
            prepare: |app, _| {
                open_round(app);
                v1(call("/plans/2024/evaluations/close"))
            },
            expect: OFFICE_WRITE,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/evaluations/ballot",
            prepare: |app, _| {
                open_round(app);
                call("/plans/2024/evaluations/ballot")
            },
            expect: DEPUTY_ONLY,
        },
        Row {
            method: "Put",
            route: "/plans/{year}/evaluations/ballots/{number}",
            prepare: |app, _| {
                open_round(app);
                with_json(
                    "/plans/2024/evaluations/ballots/5",
                    json!({"score": "basically_satisfied", "comment": "进度可以再快一些"}),
                )
            },
            expect: DEPUTY_ONLY,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/evaluations/results",
            prepare: |app, _| {
                closed_round(app);
                call("/plans/2024/evaluations/results")
            },
            expect: EVALUATION_READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/evaluations/results.xlsx",
            prepare: |app, _| {
                closed_round(app);
                call("/plans/2024/evaluations/results.xlsx")
            },
            expect: EVALUATION_READ,
        },
        Row {
            method: "Put",
            route: "/me/email",
            prepare: |_, _| with_json("/me/email", json!({"email": "li.na@kaiping.gov.cn"})),
            expect: OWN_READ,
        },
        Row {
            method: "Put",
            route: "/users/{id}/email",
            prepare: |app, _| {
                with_json(
                    format!("/users/{}/email", throwaway_user(app)),
                    json!({"email": "leader2@kaiping.gov.cn"}),
                )
            },
            expect: OFFICE_WRITE,
        },
    ]
}

/// Everything a refused request must not change (API token use times excepted: reading is
/// allowed to stamp them).
pub(crate) fn snapshot(app: &TestApp) -> String {
    #[derive(QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        s: String,
    }
    let tables = [
        "(SELECT id, username, role, unit_id, password_hash, disabled_at, version, email FROM users) t",
        "(SELECT id, user_id, revoked_at FROM sessions) t",
        "(SELECT id, name, plan_id, revoked_at FROM api_tokens) t",
        "(SELECT id, hash FROM audit_events) t",
        "login_failures t",
        "plans t",
        "units t",
        "categories t",
        "items t",
        "item_co_units t",
        "indicator_targets t",
        "milestones t",
        "indicators t",
        "reports t",
        "report_values t",
        "report_versions t",
        "(SELECT id, milestone_id, sha256 FROM evidence) t",
        "extension_requests t",
        "notices t",
        "notice_rounds t",
        "notice_escalations t",
        "instructions t",
        "inspections t",
        "(SELECT id, notice_id, round, inspection_id, sha256 FROM case_files) t",
        "co_unit_notes t",
        "messages t",
        "reminders_sent t",
        "outbox t",
        "evaluation_rounds t",
        "evaluation_ballots t",
        "(SELECT id, number, text, version FROM briefings) t",
    ];
    let parts: Vec<String> = tables
        .iter()
        .map(|t| format!("(SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {t})"))
        .collect();
    let query = format!("SELECT concat_ws(',', {}) AS s", parts.join(", "));
    diesel::sql_query(query).get_result::<S>(&mut app.db.conn()).unwrap().s
}

pub(crate) async fn fresh_client<'a>(app: &'a TestApp, who: Who, api_token: &str) -> Box<dyn RequestHelper + 'a> {
    match who {
        Who::Anonymous => Box::new(app.anonymous()),
        Who::OwnUnit => Box::new(app.as_user("rsj").await),
        Who::OtherUnit => Box::new(app.as_user("ybj").await),
        Who::Leader => Box::new(app.as_user("leader").await),
        Who::Admin => Box::new(app.admin().await),
        Who::ApiToken => Box::new(app.bearer(api_token)),
        Who::CoUnit => Box::new(app.as_user(CO_UNIT).await),
        Who::Deputy => Box::new(app.as_user(DEPUTY).await),
    }
}

/// Puts back what a successful password change altered, so later cells can log in.
pub(crate) fn restore_passwords(app: &TestApp) {
    let mut conn = app.db.conn();
    for username in duban_tests::ACCOUNTS.map(|a| a.0).into_iter().chain([CO_UNIT, DEPUTY]) {
        let user = duban::db::users::find_by_username(&mut conn, username)
            .unwrap()
            .unwrap();
        if !duban::auth::password::verify(PASSWORD, &user.password_hash) {
            duban::db::users::set_password(&mut conn, UserId(user.id), &duban::auth::password::hash(PASSWORD)).unwrap();
        }
    }
}

/// The matrix is checked in four parts, each on its own server and database, so that the
/// parts run side by side (every route is in exactly one part).
const PARTS: usize = 4;

#[tokio::test]
async fn every_route_answers_every_principal_as_the_matrix_says_part_1() {
    matrix_part(0).await
}

#[tokio::test]
async fn every_route_answers_every_principal_as_the_matrix_says_part_2() {
    matrix_part(1).await
}

#[tokio::test]
async fn every_route_answers_every_principal_as_the_matrix_says_part_3() {
    matrix_part(2).await
}

#[tokio::test]
async fn every_route_answers_every_principal_as_the_matrix_says_part_4() {
    matrix_part(3).await
}

/// Rows `part`, `part + PARTS`, …: the rows of one part.
pub(crate) fn in_part<T>(rows: Vec<T>, part: usize, parts: usize) -> Vec<T> {
    rows.into_iter()
        .enumerate()
        .filter(|(i, _)| i % parts == part)
        .map(|(_, row)| row)
        .collect()
}

#[tokio::test]
async fn the_matrix_and_the_router_list_the_same_routes() {
    let rows = rows();
    let mut in_router: Vec<(String, String)> = duban::http::api_routes()
        .iter()
        .map(|r| (r.method.name().to_string(), r.path.to_string()))
        .collect();
    let mut in_matrix: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_string(), r.route.to_string()))
        .collect();
    in_router.sort();
    in_matrix.sort();
    assert_eq!(
        in_matrix, in_router,
        "every route needs a row in the permission matrix (and only real routes)"
    );
    // Every row is in one part.
    let parts: usize = (0..PARTS)
        .map(|p| in_part((0..rows.len()).collect(), p, PARTS).len())
        .sum();
    assert_eq!(parts, rows.len());
}

async fn matrix_part(part: usize) {
    let rows = in_part(rows(), part, PARTS);
    // The supervision rules see 15 July 2024 as today.
    let db = duban_tests::TestDb::create_2024();
    let settings = duban_tests::Settings {
        now_override: Some("2024-07-15T02:00:00Z".parse().unwrap()),
        ..Default::default()
    };
    let app = TestApp::spawn_with(db, settings).await;
    add_co_unit(&app);
    add_deputy(&app);
    let api_token = app.api_token(Some(2024));
    // Where the published document says If-Match is required (checked below against what
    // the server does).
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let requires_if_match = |method: &str, route: &str| {
        doc["paths"][format!("/api/v1{route}")][method.to_lowercase()]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == "If-Match" && p["required"] == true)
    };
    let mut failures = Vec::new();
    let mut clients = std::collections::HashMap::new();
    for row in &rows {
        for who in &WHO {
            let expected = row.expected(*who);
            let Call {
                path,
                json,
                if_match,
                raw,
            } = (row.prepare)(&app, *who);
            // Logout and password change end the session they use; the other rows share one.
            let fresh;
            let client: &dyn RequestHelper = if row.route.starts_with("/auth/") {
                fresh = fresh_client(&app, *who, &api_token).await;
                fresh.as_ref()
            } else {
                if let std::collections::hash_map::Entry::Vacant(slot) = clients.entry(*who as u8) {
                    slot.insert(fresh_client(&app, *who, &api_token).await);
                }
                clients[&(*who as u8)].as_ref()
            };
            let before = snapshot(&app);
            let method = Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap();
            let sent = (path.clone(), json.clone(), raw.clone());
            let mut req = client.request(method, &path);
            if let Some(body) = &json {
                req = req.json(body);
            }
            if let Some(v) = if_match {
                req = req.header("If-Match", format!("\"{v}\""));
            }
            if let Some(bytes) = raw {
                req = req.body(bytes);
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap();
            if status != expected {
                failures.push(format!(
                    "{} {} as {who:?}: got {status}, want {expected}: {text}",
                    row.method, path
                ));
            }
            // An outsider is refused whatever it sends: a body that is no JSON, of the wrong
            // type or too large changes nothing of the answer.
            if matches!(expected, 401 | 403) && row.method != "Get" {
                let method = Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap();
                let bodies: [(&str, Vec<u8>); 3] = [
                    ("application/json", b"{\"oops\":".to_vec()),
                    ("text/plain", b"hello".to_vec()),
                    ("application/json", vec![b' '; 300 * 1024]),
                ];
                for (content_type, bytes) in bodies {
                    let mut req = client
                        .request(method.clone(), &path)
                        .header("content-type", content_type)
                        .body(bytes);
                    if let Some(v) = if_match {
                        req = req.header("If-Match", format!("\"{v}\""));
                    }
                    let got = req.send().await.unwrap().status().as_u16();
                    if got != expected {
                        failures.push(format!(
                            "{} {path} as {who:?} with a bad {content_type} body: got {got}, want {expected}",
                            row.method
                        ));
                    }
                }
            }
            // The same call without If-Match: 428 where the call would succeed, and the same
            // refusal where it would be refused (an outsider hears 401/403 first, not 428).
            if if_match.is_some() || requires_if_match(row.method, row.route) {
                // A refused call changed nothing and is sent again as it was; a call that
                // succeeded needs a fresh row.
                let (again_path, again_json, again_raw) = if status < 400 {
                    let again = (row.prepare)(&app, *who);
                    (again.path, again.json, again.raw)
                } else {
                    sent
                };
                let mut req = client.request(
                    Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap(),
                    &again_path,
                );
                if let Some(body) = &again_json {
                    req = req.json(body);
                }
                if let Some(bytes) = again_raw {
                    req = req.body(bytes);
                }
                let without = req.send().await.unwrap().status().as_u16();
                // Who is refused (or finds no row) hears that first; anyone else hears 428.
                let want = if matches!(expected, 401 | 403 | 404) {
                    expected
                } else {
                    428
                };
                if without != want {
                    failures.push(format!(
                        "{} {} as {who:?} without If-Match: got {without}, want {want}",
                        row.method, again_path
                    ));
                }
                if want == 428 && (without == 428) != requires_if_match(row.method, row.route) {
                    failures.push(format!(
                        "{} {}: answers {without} without If-Match, but the document says required = {}",
                        row.method,
                        row.route,
                        requires_if_match(row.method, row.route)
                    ));
                }
            }
            if status >= 400 {
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if body["error"]["code"].as_str().is_none() {
                    failures.push(format!(
                        "{} {path} as {who:?}: error body without a code: {text}",
                        row.method
                    ));
                }
                if status == 401 || status == 403 {
                    let after = snapshot(&app);
                    if before != after {
                        failures.push(format!(
                            "{} {path} as {who:?}: refused, but the database changed",
                            row.method
                        ));
                    }
                }
            }
            if row.route == "/auth/password" {
                restore_passwords(&app);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
