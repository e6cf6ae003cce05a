//! Login, tokens and their end: forged, expired and revoked tokens are all 401.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Datelike;
use duban_tests::{RequestHelper, Settings, TestApp, TestDb, JWT_KEY, PASSWORD};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

async fn me(client: &impl RequestHelper) -> (u16, Value) {
    let res = client.get("/me").await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(claims: &Value, key: &[u8]) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(key).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn login_returns_a_bearer_token_and_me_answers() {
    let app = TestApp::spawn().await;
    let res = app
        .anonymous()
        .post("/auth/login", json!({"username": "RSJ ", "password": PASSWORD}))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(body["user"]["username"], "rsj");
    assert_eq!(body["user"]["role"], "unit");
    assert_eq!(body["user"]["unit"]["name"], "市人力资源和社会保障局");
    assert!(body["user"].get("password_hash").is_none());
    let token = body["access_token"].as_str().unwrap();
    let (status, me) = me(&app.bearer(token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["principal"], "user");
    assert_eq!(me["user"]["username"], "rsj");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = TestApp::spawn().await;
    let mut bodies = Vec::new();
    for (u, p) in [("rsj", "not the password"), ("nobody", "not the password"), ("rsj", "")] {
        let res = app
            .anonymous()
            .post("/auth/login", json!({"username": u, "password": p}))
            .await;
        assert_eq!(res.status(), 401);
        bodies.push(res.text().await.unwrap());
    }
    assert!(bodies.iter().all(|b| b == &bodies[0]), "{bodies:?}");
    assert!(bodies[0].contains("invalid_credentials"));
}

#[tokio::test]
async fn forged_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let good = app.login("rsj").await;
    let claims = claims_of(&good);
    let admin_id = {
        let mut conn = app.db.conn();
        duban::db::users::find_by_username(&mut conn, "admin")
            .unwrap()
            .unwrap()
            .id
    };
    let header_none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut tampered_claims = claims.clone();
    tampered_claims["sub"] = json!(admin_id.to_string());
    let tampered_payload = URL_SAFE_NO_PAD.encode(tampered_claims.to_string());
    let sig = good.split('.').nth(2).unwrap();
    let now = chrono::Utc::now().timestamp();
    let with = |k: &str, v: Value| {
        let mut c = claims.clone();
        c[k] = v;
        sign(&c, &JWT_KEY)
    };
    let without = |k: &str| {
        let mut c = claims.clone();
        c.as_object_mut().unwrap().remove(k);
        sign(&c, &JWT_KEY)
    };
    let cases: Vec<(&str, String)> = vec![
        ("alg none", format!("{header_none}.{payload}.")),
        ("alg none with signature", format!("{header_none}.{payload}.{sig}")),
        ("wrong key", sign(&claims, b"another-key-of-thirty-two-bytes!!")),
        ("expired", with("exp", json!(now - 120))),
        (
            "tampered payload (sub → admin)",
            format!("{}.{tampered_payload}.{sig}", good.split('.').next().unwrap()),
        ),
        (
            "re-signed sub → admin without a session of admin",
            with("sub", json!(admin_id.to_string())),
        ),
        ("wrong aud", with("aud", json!("someone-else"))),
        ("wrong iss", with("iss", json!("someone-else"))),
        ("no exp", without("exp")),
        ("no aud", without("aud")),
        ("no iss", without("iss")),
        ("unknown session", with("sid", json!(uuid::Uuid::new_v4()))),
        (
            "HS512",
            encode(
                &Header::new(Algorithm::HS512),
                &claims,
                &EncodingKey::from_secret(&JWT_KEY).unwrap(),
            )
            .unwrap(),
        ),
        ("garbage", "not.a.jwt".into()),
    ];
    for (what, token) in cases {
        let (status, body) = me(&app.bearer(token)).await;
        assert_eq!(status, 401, "{what}: {body}");
        let code = body["error"]["code"].as_str().unwrap();
        assert!(code == "unauthenticated" || code == "token_expired", "{what}: {code}");
    }
    // The untouched token still works: the refusals above are not a broken server.
    assert_eq!(me(&app.bearer(&good)).await.0, 200);
    // And an expired token says so.
    assert_eq!(
        me(&app.bearer(with("exp", json!(now - 120)))).await.1["error"]["code"],
        "token_expired"
    );
}

#[tokio::test]
async fn logout_ends_that_token_only() {
    let app = TestApp::spawn().await;
    let phone = app.as_user("rsj").await;
    let desk = app.as_user("rsj").await;
    let res = phone.post_empty("/auth/logout").await;
    assert_eq!(res.status(), 204);
    assert_eq!(me(&phone).await.0, 401);
    assert_eq!(me(&desk).await.0, 200);
}

#[tokio::test]
async fn password_change_ends_every_session() {
    let app = TestApp::spawn().await;
    let a = app.as_user("rsj").await;
    let b = app.as_user("rsj").await;
    let change = |current: &str, new: &str| {
        a.post(
            "/auth/password",
            json!({"current_password": current, "new_password": new}),
        )
    };
    let wrong = change("wrong password here", "a new good password").await;
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "current_password");
    let weak = change(PASSWORD, "short").await;
    assert_eq!(weak.status(), 422);
    assert_eq!(me(&a).await.0, 200, "failed changes end nothing");

    let ok = change(PASSWORD, "a new good password").await;
    assert_eq!(ok.status(), 204);
    assert_eq!(me(&a).await.0, 401);
    assert_eq!(me(&b).await.0, 401);
    app.login_with("rsj", "a new good password").await;
}

#[tokio::test]
async fn disabling_a_user_ends_their_tokens_and_logins() {
    let app = TestApp::spawn().await;
    let victim = app.as_user("ybj").await;
    let admin = app.admin().await;
    let ybj_id = me(&victim).await.1["user"]["id"].as_i64().unwrap();
    let res = admin.post_empty(&format!("/users/{ybj_id}/disable")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["disabled"], true);
    assert_eq!(me(&victim).await.0, 401);
    assert_eq!(attempt(&app, "ybj", PASSWORD).await, 401);
    // An admin cannot lock themselves out.
    let admin_id = me(&admin).await.1["user"]["id"].as_i64().unwrap();
    let res = admin.post_empty(&format!("/users/{admin_id}/disable")).await;
    assert_eq!(res.status(), 422);
}

async fn attempt(app: &TestApp, username: &str, password: &str) -> u16 {
    app.anonymous()
        .post("/auth/login", json!({"username": username, "password": password}))
        .await
        .status()
        .as_u16()
}

/// A login from another client address (the server sees 127.0.0.2 instead of 127.0.0.1).
async fn attempt_from_elsewhere(app: &TestApp, username: &str, password: &str) -> u16 {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Seconds the login answer asks to wait, with its status.
async fn attempt_waits(app: &TestApp, username: &str, password: &str) -> (u16, Option<u64>) {
    let res = app
        .anonymous()
        .post("/auth/login", json!({"username": username, "password": password}))
        .await;
    let wait = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (res.status().as_u16(), wait)
}

/// A guesser is slowed at the account it guesses, more with each miss; the owner, signing
/// in from elsewhere, is not locked out — a guesser cannot use the throttle against them.
#[tokio::test]
async fn a_guesser_waits_longer_each_time_and_the_owner_still_signs_in() {
    let app = TestApp::spawn().await;
    // A second server on the same database, started first: starting it can take longer
    // than the one-second wait under load.
    let twin = TestApp::spawn_on(TestDb::attach(&app.db)).await;
    for _ in 0..3 {
        assert_eq!(attempt(&app, "rsj", "guess guess guess").await, 401);
    }
    // This client now waits, even with the right password.
    assert_eq!(attempt_waits(&app, "rsj", PASSWORD).await, (429, Some(1)));
    // The owner, from another address, signs in at once; other accounts are untouched.
    assert_eq!(attempt_from_elsewhere(&app, "rsj", PASSWORD).await, 200);
    assert_eq!(attempt(&app, "ybj", PASSWORD).await, 200);
    // The count lives in the database: the second server agrees.
    assert_eq!(attempt(&twin, "rsj", PASSWORD).await, 429);
    // After the wait one more guess is heard, and the next wait is longer.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(attempt(&app, "rsj", "guess guess guess").await, 401);
    assert_eq!(attempt_waits(&app, "rsj", PASSWORD).await, (429, Some(2)));
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    // The owner's own password, once the wait is over, still works from here too.
    assert_eq!(attempt(&app, "rsj", PASSWORD).await, 200);
}

#[tokio::test]
async fn repeated_failures_from_an_address_are_throttled() {
    let settings = Settings {
        login_max_failures_per_ip: 3,
        ..Settings::default()
    };
    let db = TestDb::create_2024();
    let app = TestApp::spawn_with(db, settings).await;
    for name in ["a1", "a2", "a3"] {
        assert_eq!(attempt(&app, name, "whatever it is").await, 401);
    }
    assert_eq!(attempt(&app, "admin", PASSWORD).await, 429);
}

#[tokio::test]
async fn api_tokens_read_their_plan_only_and_die_when_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let res = admin
        .post("/api-tokens", json!({"name": "市数据平台", "plan_year": 2024}))
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["token"].as_str().unwrap().to_string();
    let id = created["api_token"]["id"].as_i64().unwrap();
    assert!(secret.starts_with("dbn_") && secret.len() > 40);
    let secret = app.bearer(secret);

    // Shown once: the list has the prefix only.
    let list = admin.get("/api-tokens").await.text().await.unwrap();
    assert!(!list.contains(&secret.token));
    assert!(list.contains(&secret.token[..10]));

    assert_eq!(secret.get("/plans/2024").await.status(), 200);
    let (_, me) = me(&secret).await;
    assert_eq!(me["principal"], "api_token");
    assert!(me["api_token"]["last_used_at"].is_string());

    // Another plan is out of its scope (and out of its list).
    {
        let mut conn = app.db.conn();
        let mut seed = duban::db::seed::plan_2024();
        seed.year = 2025;
        for item in &mut seed.items {
            for m in &mut item.milestones {
                m.due = m.due.with_year(2025).unwrap();
            }
        }
        seed.first_report_due = seed.first_report_due.with_year(2025).unwrap();
        duban::db::seed::load_plan(&mut conn, &seed).unwrap();
    }
    assert_eq!(secret.get("/plans/2025").await.status(), 403);
    let plans: Value = secret.get("/plans").await.json().await.unwrap();
    assert_eq!(plans["plans"].as_array().unwrap().len(), 1);

    let res = admin.delete(&format!("/api-tokens/{id}")).await;
    assert_eq!(res.status(), 204);
    assert_eq!(secret.get("/plans/2024").await.status(), 401);
}
