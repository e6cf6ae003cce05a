//! The operator's commands, run as the real `duban` binary.

use std::io::Write;
use std::process::{Command, Stdio};

use duban_tests::mail::duban_binary as duban;
use duban_tests::{RequestHelper, TestApp, TestDb};

fn run(db: &TestDb, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(duban())
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("DUBAN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn user_commands_create_disable_and_reset() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let (ok, out) = run(
        db,
        &[
            "user",
            "add",
            "--username",
            "wangwu",
            "--role",
            "unit",
            "--unit",
            "市教育局",
            "--password-stdin",
        ],
        Some("a fine password\n"),
    );
    assert!(ok, "{out}");
    app.login_with("wangwu", "a fine password").await;

    let (ok, out) = run(
        db,
        &["user", "add", "--username", "x1", "--role", "unit", "--password-stdin"],
        Some("a fine password\n"),
    );
    assert!(!ok && out.contains("unit"), "a unit user needs a unit: {out}");
    let (ok, out) = run(
        db,
        &[
            "user",
            "add",
            "--username",
            "x2",
            "--role",
            "leader",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!ok && out.contains("password"), "{out}");
    let (ok, out) = run(
        db,
        &[
            "user",
            "add",
            "--username",
            "wangwu",
            "--role",
            "leader",
            "--password-stdin",
        ],
        Some("a fine password\n"),
    );
    assert!(!ok && out.contains("taken"), "{out}");

    let token = app.bearer(app.login_with("wangwu", "a fine password").await);
    let (ok, out) = run(
        db,
        &["user", "reset-password", "wangwu", "--password-stdin"],
        Some("another fine one\n"),
    );
    assert!(ok, "{out}");
    app.settle().await;
    assert_eq!(token.get("/me").await.status(), 401, "reset ends sessions");
    let token = app.bearer(app.login_with("wangwu", "another fine one").await);

    let (ok, out) = run(db, &["user", "disable", "wangwu"], None);
    assert!(ok, "{out}");
    app.settle().await;
    assert_eq!(token.get("/me").await.status(), 401, "disable ends sessions");
    let (ok, _) = run(db, &["audit", "verify"], None);
    assert!(ok);
}

#[test]
fn seed_twice_and_clear_errors() {
    let db = TestDb::create();
    let (ok, out) = run(&db, &["seed"], None);
    assert!(ok && out.contains("loaded plan 2024 (25 items"), "{out}");
    let (ok, out) = run(&db, &["seed"], None);
    assert!(ok && out.contains("already loaded"), "{out}");

    // An unreachable database: a sentence, not a panic.
    let mut child = Command::new(duban());
    child
        .args(["migrate"])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
    let out = child.output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        text.contains("cannot connect to PostgreSQL") && !text.contains("panicked"),
        "{text}"
    );

    // A port already taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(duban())
        .args(["serve", "--bind", &addr])
        .env("DATABASE_URL", &db.url)
        .env("DUBAN_JWT_SECRET", "ZHViYW4tdGVzdC1zaWduaW5nLWtleS0zMi1ieXRlcyE=")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(text.contains("already in use") && !text.contains("panicked"), "{text}");

    // No signing key, or a short one: refuse to serve.
    let out = Command::new(duban())
        .args(["serve"])
        .env("DATABASE_URL", &db.url)
        .env_remove("DUBAN_JWT_SECRET")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = Command::new(duban())
        .args(["serve"])
        .env("DATABASE_URL", &db.url)
        .env("DUBAN_JWT_SECRET", "c2hvcnQ=")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && text.contains("at least 32 bytes"), "{text}");
}

/// `duban serve` writes one access-log line per request (the request span closing), with the
/// route and status, in JSON when asked; a password sent to it never reaches the log.
#[tokio::test]
async fn serve_logs_each_request_once_and_no_secrets() {
    let app = TestApp::spawn().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(duban())
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", &app.db.url)
        .env("DUBAN_JWT_SECRET", "ZHViYW4tdGVzdC1zaWduaW5nLWtleS0zMi1ieXRlcyE=")
        .env("DUBAN_LOG", "info")
        .env("DUBAN_LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    // Up to 15 s for it to start: CI runs the other API tests alongside.
    let mut up = false;
    for _ in 0..300 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(up, "duban serve did not answer");
    let secret = "不对的密码-x9q";
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "admin", "password": secret}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // A signed-in read names its reader.
    let admin_id = duban::db::users::find_by_username(&mut app.db.conn(), "admin")
        .unwrap()
        .unwrap()
        .id;
    let token = app.login("admin").await;
    let res = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Read until the two lines have come (or 10 s pass), then stop the server.
    let mut lines = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let is_login_close = |l: &str| l.contains("\"close\"") && l.contains("/api/v1/auth/login");
    let is_me_close = |l: &str| l.contains("\"close\"") && l.contains("/api/v1/me");
    while !(lines.iter().any(|l: &String| is_login_close(l)) && lines.iter().any(|l: &String| is_me_close(l)))
        && std::time::Instant::now() < deadline
    {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(100)) {
            lines.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let all = lines.join("\n");
    let login: Vec<serde_json::Value> = lines
        .iter()
        .filter(|l| is_login_close(l))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(login.len(), 1, "one line for the login request:\n{all}");
    let span = &login[0]["span"];
    assert_eq!(span["http.method"], "POST", "{all}");
    assert_eq!(span["http.route"], "/api/v1/auth/login", "{all}");
    assert_eq!(span["http.status_code"].to_string().trim_matches('"'), "401", "{all}");
    assert!(span["request_id"].is_string(), "{all}");
    assert!(login[0]["fields"]["time.busy"].is_string(), "{all}");
    assert!(span["principal"].is_null(), "nobody signed in: {all}");
    let me: serde_json::Value = serde_json::from_str(lines.iter().find(|l| is_me_close(l)).unwrap()).unwrap();
    assert_eq!(me["span"]["principal"], format!("user:{admin_id}"), "{all}");
    assert!(!all.contains(secret), "the password is in the log:\n{all}");
    assert!(!all.contains(&token), "the access token is in the log:\n{all}");
}

/// What a backup must carry, as one comparable string: every report, evidence file (by its
/// content hash) and audit event.
fn contents(db: &TestDb) -> String {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        s: String,
    }
    diesel::sql_query(
        "SELECT concat_ws(',',
           (SELECT count(*) FROM reports), (SELECT md5(string_agg(r::text, '|' ORDER BY r.id)) FROM reports r),
           (SELECT count(*) FROM evidence), (SELECT md5(string_agg(e.id || ':' || e.sha256 || ':' || md5(e.content), '|' ORDER BY e.id)) FROM evidence e),
           (SELECT count(*) FROM audit_events), (SELECT md5(string_agg(a.seq || ':' || a.hash, '|' ORDER BY a.seq)) FROM audit_events a),
           (SELECT count(*) FROM users), (SELECT count(*) FROM items)) AS s",
    )
    .get_result::<S>(&mut db.conn())
    .unwrap()
    .s
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_database_whole() {
    let app = TestApp::spawn_mid_2024().await;
    let unit = app.as_user("rsj").await;
    let (id, _) = app.item_ids(5).await;
    let res = unit
        .post(
            &format!("/items/{id}/reports"),
            serde_json::json!({"period": "2024-06", "progress": "六月进展"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let items = app.reader().get_json("/plans/2024/items?unit=rsj", 200).await;
    let mid = items["items"][0]["milestones"][0]["id"].as_i64().unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend((0..50_000u32).map(|i| (i * 13 % 251) as u8));
    let res = unit
        .request(
            reqwest::Method::POST,
            &format!("/milestones/{mid}/evidence?name=验收报告.pdf"),
        )
        .body(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let before = contents(&app.db);

    let file = std::env::temp_dir().join(format!("duban-backup-{}.dump", uuid::Uuid::new_v4()));
    let file_arg = file.to_str().unwrap();
    let (ok, out) = run(&app.db, &["backup", file_arg], None);
    assert!(ok, "{out}");

    let fresh = TestDb::create_empty();
    let (ok, out) = run(&fresh, &["restore", file_arg], None);
    assert!(ok, "{out}");
    assert_eq!(contents(&fresh), before, "the restored database differs");
    assert!(before.contains(",1,"), "there was evidence to carry: {before}");
    let (ok, out) = run(&fresh, &["audit", "verify"], None);
    assert!(ok && out.contains("chain intact"), "{out}");
    // The restored server works: a login, a read.
    let restored = TestApp::spawn_on(TestDb::attach(&fresh)).await;
    restored.reader().get_json(&format!("/items/{id}"), 200).await;

    // A database that already holds data is not overwritten.
    let (ok, out) = run(&app.db, &["restore", file_arg], None);
    assert!(!ok && out.contains("must be empty"), "{out}");
    let _ = std::fs::remove_file(&file);
}
