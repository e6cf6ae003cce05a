//! Every route of the route table (the permission matrix's list and its prepared calls), sent
//! what a careless client or an attacker would send: NUL and bidi controls in every string,
//! dates and numbers out of any range, wrong types, malformed JSON, bad path and query values,
//! 10 MB and 100 MB bodies — as anonymous, as a unit and as the office. Never a 5xx, every
//! refusal with a code, and a refused request leaves the database as it was.

use duban_tests::client::{send_oversized, OversizedBody};
use duban_tests::{Settings, TestApp, TestDb};
use reqwest::Method;
use serde_json::{json, Value};

use crate::permissions::{add_co_unit, add_deputy, fresh_client, restore_passwords, rows, snapshot, Call, Who, DEPUTY};

/// A change to a prepared call.
enum Bad {
    Json(&'static str, fn(&Value) -> Value),
    Bytes(&'static str, &'static [u8]),
    Path(&'static str, &'static str),
    Query(&'static str),
    /// A body of this many bytes, declared in Content-Length and sent as far as the server reads.
    Huge(usize),
}

/// Applies `f` to every string (or number) in `v`.
fn map_strings(v: &Value, f: &dyn Fn(&str) -> Value) -> Value {
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => Value::Array(a.iter().map(|x| map_strings(x, f)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), map_strings(x, f))).collect()),
        other => other.clone(),
    }
}

fn map_numbers(v: &Value, n: &Value) -> Value {
    match v {
        Value::Number(_) => n.clone(),
        Value::Array(a) => Value::Array(a.iter().map(|x| map_numbers(x, n)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), map_numbers(x, n))).collect()),
        other => other.clone(),
    }
}

fn map_fields(v: &Value, to: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.keys().map(|k| (k.clone(), to.clone())).collect()),
        other => other.clone(),
    }
}

fn is_date(s: &str) -> bool {
    duban_shared::input::date_shaped_year(s).is_some()
}

fn bad_inputs() -> Vec<Bad> {
    use Bad::*;
    vec![
        Json("NUL in every string", |v| {
            map_strings(v, &|s| json!(format!("{s}\u{0}")))
        }),
        Json("NUL alone", |v| map_strings(v, &|_| json!("\u{0}"))),
        Json("C0 control in every string", |v| {
            map_strings(v, &|s| json!(format!("\u{1b}[31m{s}")))
        }),
        Json("RLO in every string", |v| {
            map_strings(v, &|s| json!(format!("\u{202E}{s}")))
        }),
        Json("year -9999", |v| {
            map_strings(v, &|s| json!(if is_date(s) { "-9999-01-01" } else { s }))
        }),
        Json("year 1", |v| {
            map_strings(v, &|s| json!(if is_date(s) { "0001-06-30" } else { s }))
        }),
        Json("year 275760", |v| {
            map_strings(v, &|s| json!(if is_date(s) { "+275760-09-13" } else { s }))
        }),
        Json("impossible day", |v| {
            map_strings(v, &|s| json!(if is_date(s) { "2024-02-30" } else { s }))
        }),
        Json("1e300", |v| map_numbers(v, &json!(1e300))),
        Json("-1e300", |v| map_numbers(v, &json!(-1e300))),
        Json("2^31", |v| map_numbers(v, &json!(2_147_483_648i64))),
        Json("-1", |v| map_numbers(v, &json!(-1))),
        Json("1e16 where a string was", |v| map_strings(v, &|_| json!(1e16))),
        Json("every field an array", |v| map_fields(v, &json!([]))),
        Json("every field an object", |v| map_fields(v, &json!({"x": 1}))),
        Json("every field true", |v| map_fields(v, &json!(true))),
        Json("body an array", |_| json!([])),
        Json("body a string", |_| json!("x")),
        Json("body null", |_| Value::Null),
        Json("4000 levels deep", |_| {
            serde_json::from_str(&format!("{}{}", "[".repeat(4000), "]".repeat(4000))).unwrap_or(Value::Null)
        }),
        Bytes("truncated JSON", b"{\"a\":"),
        Bytes("invalid UTF-8", b"{\"a\":\"\xff\xfe\"}"),
        Bytes("raw NUL byte", b"{\"a\":\"x\x00y\"}"),
        Bytes("a lone surrogate", b"{\"a\":\"\\ud800\"}"),
        Path("NUL in an id", "%00"),
        Path("id beyond i32", "99999999999"),
        Path("negative id", "-1"),
        Path("RLO in an id", "%E2%80%AE1"),
        Query("as_of=-9999-01-01"),
        Query("as_of=0001-01-01&year=99999999999"),
        Query("name=%00&x=%E2%80%AE"),
        Query("unit=%00"),
        Huge(10 * 1024 * 1024),
        Huge(100 * 1024 * 1024),
    ]
}

/// The numbered segments of a path replaced by `with` (the ids, years and periods).
fn bad_path(path: &str, with: &str) -> Option<String> {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut changed = false;
    let segments: Vec<String> = base
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                changed = true;
                with.to_string()
            } else {
                seg.to_string()
            }
        })
        .collect();
    let joined = segments.join("/");
    changed.then(|| {
        if query.is_empty() {
            joined
        } else {
            format!("{joined}?{query}")
        }
    })
}

/// Removes the plans the prepared calls made, so that the years they take never run out.
fn tidy(app: &TestApp) {
    use diesel::RunQueryDsl;
    diesel::sql_query("DELETE FROM plans WHERE year <> 2024")
        .execute(&mut app.db.conn())
        .expect("remove the plans made for the test");
}

/// The prepared call's body and version on a request to another path.
fn as_prepared(
    mut req: reqwest::RequestBuilder,
    json: &Option<Value>,
    raw: &Option<Vec<u8>>,
    if_match: Option<i32>,
) -> reqwest::RequestBuilder {
    if let Some(body) = json {
        req = req.json(body);
    }
    if let Some(bytes) = raw {
        req = req.body(bytes.clone());
    }
    if let Some(v) = if_match {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    req
}

/// A huge body to a sign-in route signs in anew inside the call: the database the next input
/// starts from is not the one compared.
fn before_was_taken_late(bad: &Bad, own: bool) -> bool {
    own && matches!(bad, Bad::Huge(_))
}

/// The routes are tried in four parts, each on its own server and database, so that the
/// parts run side by side (every route is in exactly one part: `permissions::in_part`).
const PARTS: usize = 4;

#[tokio::test]
async fn no_route_answers_bad_input_with_a_5xx_or_a_partial_write_part_1() {
    bad_input_part(0).await
}

#[tokio::test]
async fn no_route_answers_bad_input_with_a_5xx_or_a_partial_write_part_2() {
    bad_input_part(1).await
}

#[tokio::test]
async fn no_route_answers_bad_input_with_a_5xx_or_a_partial_write_part_3() {
    bad_input_part(2).await
}

#[tokio::test]
async fn no_route_answers_bad_input_with_a_5xx_or_a_partial_write_part_4() {
    bad_input_part(3).await
}

async fn bad_input_part(part: usize) {
    let rows = crate::permissions::in_part(rows(), part, PARTS);
    let db = TestDb::create_2024();
    let settings = Settings {
        now_override: Some("2024-07-15T02:00:00Z".parse().unwrap()),
        // Hundreds of refused logins come from this one address.
        login_max_failures_per_ip: 1_000_000,
        ..Default::default()
    };
    let app = TestApp::spawn_with(db, settings).await;
    add_co_unit(&app);
    add_deputy(&app);
    let api_token = app.api_token(Some(2024));
    let mut failures = Vec::new();
    let (mut tried, mut refused, mut accepted) = (0, 0, 0);
    let (mut five_xx, mut compared) = (0, 0);
    // Inputs that are odd but allowed (an RLO inside a report's text, a body a route ignores).
    let mut accepted_by: std::collections::BTreeMap<&str, usize> = Default::default();
    // The deputy only where it is let in (its ballots); everywhere else it is refused like a unit.
    let callers = [Who::Anonymous, Who::OwnUnit, Who::Admin, Who::Deputy];
    let mut shared = Vec::new();
    for who in callers {
        shared.push(fresh_client(&app, who, &api_token).await);
    }
    let tokens = [
        None,
        Some(app.login("rsj").await),
        Some(app.login("admin").await),
        Some(app.login(DEPUTY).await),
    ];
    for row in &rows {
        for (k, who) in callers.into_iter().enumerate() {
            if who == Who::Deputy && !row.route.contains("/evaluations/ballot") {
                continue;
            }
            tidy(&app);
            let mut own_client = None;
            let mut session_spent = true;
            let mut ready = Some((row.prepare)(&app, who));
            let mut last_snapshot: Option<String> = None;
            let shape = ready
                .as_ref()
                .map(|c| (c.json.is_some(), c.raw.is_some(), bad_path(&c.path, "x").is_some()))
                .unwrap();
            for bad in bad_inputs() {
                let probe = ready.as_ref().and_then(|c| c.json.clone());
                let applies = match bad {
                    // An input the body has nothing for (no date to put out of range) is no input.
                    Bad::Json(_, change) => probe.as_ref().is_none_or(|body| change(body) != *body) && shape.0,
                    Bad::Bytes(..) => shape.0 || shape.1,
                    Bad::Path(..) => shape.2,
                    Bad::Query(_) | Bad::Huge(_) => true,
                };
                if !applies {
                    continue;
                }
                let Call {
                    path,
                    json,
                    if_match,
                    raw,
                } = ready
                    .get_or_insert_with(|| {
                        last_snapshot = None;
                        tidy(&app);
                        (row.prepare)(&app, who)
                    })
                    .clone();
                // Logout and password change end the session they use: after one succeeds, the
                // next call signs in again.
                let own = row.route.starts_with("/auth/");
                if own && session_spent {
                    own_client = Some(fresh_client(&app, who, &api_token).await);
                    session_spent = false;
                }
                let client = own_client.as_ref().unwrap_or(&shared[k]);
                // What a refusal must leave as it was (anonymous callers are refused before any
                // handler runs; GETs write nothing to begin with).
                let watch = who != Who::Anonymous && row.method != "Get";
                // A refused call changed nothing: the database, and the prepared call, stay as
                // they were for the next input.
                let mut before = watch.then(|| last_snapshot.take().unwrap_or_else(|| snapshot(&app)));
                let method = Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap();
                let (label, status, text) = match &bad {
                    Bad::Json(label, change) => {
                        let body = json.as_ref().map(change);
                        let res = as_prepared(client.request(method, &path), &body, &None, if_match)
                            .send()
                            .await
                            .unwrap();
                        (*label, res.status().as_u16(), res.text().await.unwrap())
                    }
                    Bad::Bytes(label, bytes) => {
                        let req = client.request(method, &path).header("content-type", "application/json");
                        let res = as_prepared(req, &None, &Some(bytes.to_vec()), if_match)
                            .send()
                            .await
                            .unwrap();
                        (*label, res.status().as_u16(), res.text().await.unwrap())
                    }
                    Bad::Path(label, with) => {
                        let Some(bad_path) = bad_path(&path, with) else {
                            continue;
                        };
                        let res = as_prepared(client.request(method, &bad_path), &json, &raw, if_match)
                            .send()
                            .await
                            .unwrap();
                        (*label, res.status().as_u16(), res.text().await.unwrap())
                    }
                    Bad::Query(query) => {
                        let joined = if path.contains('?') {
                            format!("{path}&{query}")
                        } else {
                            format!("{path}?{query}")
                        };
                        let res = as_prepared(client.request(method, &joined), &json, &raw, if_match)
                            .send()
                            .await
                            .unwrap();
                        (*query, res.status().as_u16(), res.text().await.unwrap())
                    }
                    Bad::Huge(len) => {
                        let token = match (who, own) {
                            (Who::Anonymous, _) => None,
                            (Who::OwnUnit, true) => Some(app.login("rsj").await),
                            (_, true) => Some(app.login("admin").await),
                            _ => tokens[k].clone(),
                        };
                        if own {
                            before = watch.then(|| snapshot(&app));
                        }
                        let auth = token.map(|t| format!("Bearer {t}"));
                        let mut headers = vec![("Content-Type", "application/json")];
                        headers.extend(auth.as_deref().map(|a| ("Authorization", a)));
                        let method = row.method.to_uppercase();
                        let (status, _) =
                            send_oversized(&app, &method, &path, &headers, OversizedBody::Spaces(*len)).await;
                        (
                            if *len > 50_000_000 { "100 MB body" } else { "10 MB body" },
                            status,
                            String::new(),
                        )
                    }
                };
                tried += 1;
                let cell = format!("{} {path} as {who:?}, {label}", row.method);
                if status == 0 {
                    failures.push(format!("{cell}: no answer"));
                } else if status >= 500 {
                    five_xx += 1;
                    failures.push(format!("{cell}: {status} {text}"));
                } else if status >= 400 {
                    refused += 1;
                    let coded = serde_json::from_str::<Value>(&text)
                        .ok()
                        .and_then(|b| b["error"]["code"].as_str().map(String::from));
                    if coded.is_none() && !matches!(bad, Bad::Huge(_)) {
                        failures.push(format!("{cell}: {status} without an error code: {text}"));
                    }
                    // Signing in with a name that is no account is a failed login, and is logged.
                    let logged_failure = row.route == "/auth/login" && status == 401;
                    if let Some(before) = before.filter(|_| !logged_failure) {
                        compared += 1;
                        let after = snapshot(&app);
                        if after != before {
                            failures.push(format!("{cell}: refused ({status}) but the database changed"));
                        }
                        last_snapshot = Some(after);
                    }
                } else {
                    accepted += 1;
                    *accepted_by.entry(label).or_insert(0) += 1;
                }
                if !(400..500).contains(&status) || before_was_taken_late(&bad, own) {
                    ready = None;
                    last_snapshot = None;
                }
                if own && status < 400 {
                    session_spent = true;
                    restore_passwords(&app);
                }
            }
        }
    }
    eprintln!(
        "bad input, part {} of {PARTS}: {} routes × 3 callers, {tried} requests: {refused} refused (4xx), {accepted} accepted, \
         {five_xx} × 5xx; {compared} refusals compared with the database before them",
        part + 1,
        rows.len()
    );
    eprintln!("accepted: {accepted_by:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
