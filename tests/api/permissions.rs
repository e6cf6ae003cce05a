//! The permission matrix: every API route × {anonymous, the row's own unit, another unit,
//! leader, admin, API token}, with the status each must get. The route list comes from the
//! router itself (`API_ROUTES`), so a new route without rows here fails the test. Every
//! refused request must leave the database exactly as it was.

use diesel::prelude::*;
use duban_tests::{TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    /// `rsj`, lead unit of item 5, the row the item routes use.
    OwnUnit,
    /// `ybj`, a unit with no claim on item 5.
    OtherUnit,
    Leader,
    Admin,
    ApiToken,
}

const WHO: [Who; 6] = [
    Who::Anonymous,
    Who::OwnUnit,
    Who::OtherUnit,
    Who::Leader,
    Who::Admin,
    Who::ApiToken,
];

/// How to call one route: a concrete path and body, made fresh for each cell (so writes
/// that succeed do not disturb later cells).
type Prepare = fn(&TestApp, Who) -> (String, Option<Value>);

struct Row {
    method: &'static str,
    route: &'static str,
    prepare: Prepare,
    /// In the order of [`WHO`].
    expect: [u16; 6],
}

const READ: [u16; 6] = [401, 200, 200, 200, 200, 200];
const ADMIN_READ: [u16; 6] = [401, 403, 403, 403, 200, 403];
const OWN_ACCOUNT: [u16; 6] = [401, 204, 204, 204, 204, 403];

fn item5(app: &TestApp) -> i32 {
    use duban::db::schema::items;
    items::table
        .filter(items::number.eq(5))
        .select(items::id)
        .first(&mut app.db.conn())
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

fn rows() -> Vec<Row> {
    vec![
        Row {
            method: "Post",
            route: "/auth/login",
            prepare: |_, _| ("/auth/login".into(), Some(json!({"username": "leader", "password": PASSWORD}))),
            // Public: whoever asks, good credentials log in.
            expect: [200; 6],
        },
        Row {
            method: "Post",
            route: "/auth/logout",
            prepare: |_, _| ("/auth/logout".into(), None),
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Post",
            route: "/auth/password",
            prepare: |_, _| {
                (
                    "/auth/password".into(),
                    Some(json!({"current_password": PASSWORD, "new_password": "another good password"})),
                )
            },
            expect: OWN_ACCOUNT,
        },
        Row {
            method: "Get",
            route: "/me",
            prepare: |_, _| ("/me".into(), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/units",
            prepare: |_, _| ("/units".into(), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans",
            prepare: |_, _| ("/plans".into(), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}",
            prepare: |_, _| ("/plans/2024".into(), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/plans/{year}/items",
            prepare: |_, _| ("/plans/2024/items".into(), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/items/{id}",
            prepare: |app, _| (format!("/items/{}", item5(app)), None),
            expect: READ,
        },
        Row {
            method: "Get",
            route: "/users",
            prepare: |_, _| ("/users".into(), None),
            expect: ADMIN_READ,
        },
        Row {
            method: "Post",
            route: "/users",
            prepare: |_, _| {
                let name = format!("new{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
                (
                    "/users".into(),
                    Some(json!({"username": name, "role": "unit", "unit": "jyj", "password": PASSWORD})),
                )
            },
            expect: [401, 403, 403, 403, 201, 403],
        },
        Row {
            method: "Post",
            route: "/users/{id}/disable",
            prepare: |app, _| (format!("/users/{}/disable", throwaway_user(app)), None),
            expect: [401, 403, 403, 403, 200, 403],
        },
        Row {
            method: "Post",
            route: "/users/{id}/password",
            prepare: |app, _| {
                (
                    format!("/users/{}/password", throwaway_user(app)),
                    Some(json!({"new_password": "a brand new password"})),
                )
            },
            expect: [401, 403, 403, 403, 204, 403],
        },
        Row {
            method: "Get",
            route: "/api-tokens",
            prepare: |_, _| ("/api-tokens".into(), None),
            expect: ADMIN_READ,
        },
        Row {
            method: "Post",
            route: "/api-tokens",
            prepare: |_, _| ("/api-tokens".into(), Some(json!({"name": "统计局数据平台", "plan_year": 2024}))),
            expect: [401, 403, 403, 403, 201, 403],
        },
        Row {
            method: "Delete",
            route: "/api-tokens/{id}",
            prepare: |app, _| (format!("/api-tokens/{}", throwaway_token(app)), None),
            expect: [401, 403, 403, 403, 204, 403],
        },
        Row {
            method: "Get",
            route: "/audit",
            prepare: |_, _| ("/audit".into(), None),
            expect: ADMIN_READ,
        },
    ]
}

/// Everything a refused request must not change (API token use times excepted: reading is
/// allowed to stamp them).
fn snapshot(app: &TestApp) -> String {
    #[derive(QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        s: String,
    }
    let tables = [
        "(SELECT id, username, role, unit_id, password_hash, disabled_at, version FROM users) t",
        "(SELECT id, user_id, revoked_at FROM sessions) t",
        "(SELECT id, name, plan_id, revoked_at FROM api_tokens) t",
        "(SELECT id, hash FROM audit_events) t",
        "login_failures t",
        "plans t",
        "units t",
        "items t",
        "milestones t",
        "indicators t",
    ];
    tables
        .iter()
        .map(|t| {
            diesel::sql_query(format!("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS s FROM {t}"))
                .get_result::<S>(&mut app.db.conn())
                .unwrap()
                .s
        })
        .collect::<Vec<_>>()
        .join(",")
}

async fn token_for(app: &TestApp, who: Who, api_token: &str) -> Option<String> {
    match who {
        Who::Anonymous => None,
        Who::OwnUnit => Some(app.login("rsj").await),
        Who::OtherUnit => Some(app.login("ybj").await),
        Who::Leader => Some(app.login("leader").await),
        Who::Admin => Some(app.login("admin").await),
        Who::ApiToken => Some(api_token.to_string()),
    }
}

/// Puts back what a successful password change altered, so later cells can log in.
fn restore_passwords(app: &TestApp) {
    let mut conn = app.db.conn();
    for (username, _, _) in duban_tests::ACCOUNTS {
        let user = duban::db::users::find_by_username(&mut conn, username).unwrap().unwrap();
        if !duban::auth::password::verify(PASSWORD, &user.password_hash) {
            duban::db::users::set_password(&mut conn, user.id, &duban::auth::password::hash(PASSWORD)).unwrap();
        }
    }
}

#[tokio::test]
async fn every_route_answers_every_principal_as_the_matrix_says() {
    let rows = rows();
    // The matrix and the router list the same routes.
    let mut in_router: Vec<(String, String)> = duban::http::API_ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let mut in_matrix: Vec<(String, String)> = rows.iter().map(|r| (r.method.to_string(), r.route.to_string())).collect();
    in_router.sort();
    in_matrix.sort();
    assert_eq!(in_matrix, in_router, "every route needs a row in the permission matrix (and only real routes)");

    let app = TestApp::spawn().await;
    let api_token = app.api_token(Some(2024));
    let mut failures = Vec::new();
    for row in &rows {
        for (who, expected) in WHO.iter().zip(row.expect) {
            let (path, body) = (row.prepare)(&app, *who);
            let token = token_for(&app, *who, &api_token).await;
            let before = snapshot(&app);
            let method = Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap();
            let mut req = app.request(method, &format!("/api/v1{path}"), token.as_deref());
            if let Some(body) = &body {
                req = req.json(body);
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap();
            if status != expected {
                failures.push(format!("{} {} as {who:?}: got {status}, want {expected}: {text}", row.method, path));
            }
            if status >= 400 {
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if body["error"]["code"].as_str().is_none() {
                    failures.push(format!("{} {path} as {who:?}: error body without a code: {text}", row.method));
                }
                if status == 401 || status == 403 {
                    let after = snapshot(&app);
                    if before != after {
                        failures.push(format!("{} {path} as {who:?}: refused, but the database changed", row.method));
                    }
                }
            }
            if row.route == "/auth/password" {
                restore_passwords(&app);
            }
        }
    }
    assert!(failures.is_empty(), "{} cells wrong:\n{}", failures.len(), failures.join("\n"));
}
