//! `./dev bench`: measures Duban on this machine in one run and writes
//! `target/bench/results.json` and `target/bench/results.md`.
//!
//! - throughput and p50/p99 latency (wrk) of an item read, the plan summary and a report
//!   write, authenticated, at 1, 16 and 64 connections, against the release server;
//! - the ceilings on the same machine: `pgbench -S -M prepared` on the same cluster, and
//!   the server's no-database endpoint `/livez`; each endpoint as a ratio to them;
//! - scale: the item read and the summary with the 2024 plan alone (1x), with about 100x its
//!   reports, and with about a million reports in synthetic plans;
//! - the browser download (wasm + js, raw and brotli) and the time to first render of the
//!   dashboard in headless Chromium.
//!
//! Environment: DATABASE_URL (a cluster the bench may create databases on), BENCH_SECONDS
//! (per measurement, default 8), BENCH_FULL_PLANS (default 70, ≈1M reports), BENCH_QUICK=1
//! (ceilings and endpoints only), DUBAN_STATIC_DIR.

mod browser;
mod load;
mod synthetic;

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use diesel::prelude::*;
use duban::auth::jwt::JwtKeys;
use duban::db::audit::AuditActor;
use duban::http::read_cache::Caches;
use duban::http::state::{AppState, Settings};
use duban_shared::auth::{NewUser, Role};
use serde_json::{json, Value};

use load::{pgbench, wrk, Builtin};

const PASSWORD: &str = "bench password 2024";
const CONNECTIONS: [u32; 3] = [1, 16, 64];
/// Items per synthetic plan, and months of reports for each.
const ITEMS_PER_PLAN: i32 = 1200;
/// Items of the plan the write runs report on: 12 months each, split between the runs.
const WRITE_ITEMS: i32 = 20_000;
/// The year of that plan.
const WRITE_YEAR: i32 = 2025;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn with_db(url: &str, name: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("DATABASE_URL names a database");
    format!("{base}/{name}")
}

fn main() -> Result<()> {
    let admin_url = std::env::var("DATABASE_URL").context("DATABASE_URL (a cluster to create databases on)")?;
    let seconds: u32 = env_or("BENCH_SECONDS", 8);
    let full_plans: i32 = env_or("BENCH_FULL_PLANS", 70);
    // BENCH_QUICK=1: ceilings and endpoints only (no scale steps, no browser), for iterating.
    let quick = std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1");
    // Asked at run time: the build cache is shared between clones, so a compiled-in path may
    // name another checkout.
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .join("..");
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir)?;
    let static_dir = std::env::var_os("DUBAN_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("frontend/dist"));

    // A fresh database with the 2024 plan, a year of its reports, and the accounts.
    let mut admin = PgConnection::establish(&admin_url)?;
    diesel::sql_query("DROP DATABASE IF EXISTS duban_bench WITH (FORCE)").execute(&mut admin)?;
    diesel::sql_query("CREATE DATABASE duban_bench").execute(&mut admin)?;
    let url = with_db(&admin_url, "duban_bench");
    let mut conn = PgConnection::establish(&url)?;
    duban::db::migrate(&mut conn)?;
    duban::db::seed::load_plan(&mut conn, &duban::db::seed::plan_2024())?;
    for (username, role, unit) in [
        ("leader", Role::Leader, None),
        ("admin", Role::Admin, None),
        ("writer", Role::Unit, Some("rsj")),
    ] {
        let new = NewUser {
            username: username.into(),
            display_name: String::new(),
            role,
            unit: unit.map(Into::into),
            password: PASSWORD.into(),
        };
        duban::accounts::create_user(&mut conn, &AuditActor::cli(), &new)?;
    }
    let writer: i32 = duban::db::users::find_by_username(&mut conn, "writer")?
        .expect("created")
        .id;
    let rsj: i32 = duban::db::users::find_by_username(&mut conn, "writer")?
        .expect("created")
        .unit_id
        .expect("a unit");
    synthetic::reports(&mut conn, &[2024], 12, writer)?;
    // A plan for the writes: items of the writer's unit, no reports yet. Each write run
    // gets its own block of (item, month) pairs, more than a run can write.
    synthetic::plans(&mut conn, &[WRITE_YEAR], WRITE_ITEMS)?;
    diesel::sql_query("UPDATE items SET lead_unit_id = $1 WHERE plan_id = (SELECT id FROM plans WHERE year = $2)")
        .bind::<diesel::sql_types::Integer, _>(rsj)
        .bind::<diesel::sql_types::Integer, _>(WRITE_YEAR)
        .execute(&mut conn)?;
    // Statistics for everything loaded (the write plan's 20,000 items came after the reports'
    // ANALYZE): without them PostgreSQL plans a plan's items as a scan of every item until
    // autovacuum gets round to it mid-run, and the figures measure that minute, not the app.
    diesel::sql_query("ANALYZE").execute(&mut conn)?;
    let write_items: Vec<i32> = {
        use duban::db::schema::{items, plans};
        items::table
            .inner_join(plans::table)
            .filter(plans::year.eq(WRITE_YEAR))
            .select(items::id)
            .load(&mut conn)?
    };
    let item5: i32 = {
        use duban::db::schema::{items, plans};
        items::table
            .inner_join(plans::table)
            .filter(plans::year.eq(2024))
            .filter(items::number.eq(5))
            .select(items::id)
            .first(&mut conn)?
    };

    // The release server, in this process, on two workers (one per core); and a second one
    // on the same database and key with its read caches off, to show the database path.
    let static_for_server = static_dir.join("index.html").exists().then(|| static_dir.clone());
    let jwt = JwtKeys::generate_base64();
    let base = serve(&url, &jwt, static_for_server, true)?;
    let uncached_base = serve(&url, &jwt, None, false)?;
    let rt = tokio::runtime::Runtime::new()?;
    let client = reqwest::Client::new();
    let login = |name: &'static str| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let res: Value = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"username": name, "password": PASSWORD}))
                .send()
                .await?
                .json()
                .await?;
            anyhow::Ok(res["access_token"].as_str().context("a token")?.to_string())
        }
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let leader = rt.block_on(login("leader"))?;
    let writer_token = rt.block_on(login("writer"))?;

    let mut results = serde_json::Map::new();
    let item_url = format!("{base}/api/v1/items/{item5}");
    let summary_url = format!("{base}/api/v1/plans/2024/summary");
    let uncached_item_url = format!("{uncached_base}/api/v1/items/{item5}");
    let uncached_summary_url = format!("{uncached_base}/api/v1/plans/2024/summary");

    // Ceilings.
    let pg_url_db = with_db(&admin_url, "pgbench_ceiling");
    diesel::sql_query("DROP DATABASE IF EXISTS pgbench_ceiling WITH (FORCE)").execute(&mut admin)?;
    diesel::sql_query("CREATE DATABASE pgbench_ceiling").execute(&mut admin)?;
    load::pgbench_init(&pg_url_db)?;
    let mut ceilings = Vec::new();
    for c in CONNECTIONS {
        let pg = pgbench(&pg_url_db, Builtin::SelectOnly, c, seconds)?;
        let pg_update = pgbench(&pg_url_db, Builtin::SimpleUpdate, c, seconds)?;
        let live = wrk(&format!("{base}/livez"), c, seconds, None, None)?;
        println!(
            "bench: ceiling c={c}: pgbench -S {pg:.0} tps, pgbench -b simple-update {pg_update:.0} tps, /livez {:.0} req/s",
            live.rps
        );
        ceilings.push((c, pg, pg_update, live));
    }
    results.insert(
        "ceilings".into(),
        json!(ceilings
            .iter()
            .map(|(c, pg, pg_update, live)| json!({
                "connections": c, "pgbench_select_tps": pg,
                "pgbench_simple_update_tps": pg_update, "livez": live,
            }))
            .collect::<Vec<_>>()),
    );

    // Endpoints at 1x, as ratios to the ceilings.
    let mut endpoints = Vec::new();
    // One block of (item, month) pairs per write run, and one for the mixed run.
    let block = u64::from(WRITE_ITEMS as u32) * 12 / (CONNECTIONS.len() as u64 + 1);
    for (run, c) in CONNECTIONS.into_iter().enumerate() {
        let (_, pg, pg_update, live) = ceilings.iter().find(|(cc, ..)| *cc == c).expect("measured");
        let script = load::write_script(
            &out_dir,
            &write_items,
            &writer_token,
            run as u32,
            block,
            load::wrk_threads(c),
        )?;
        for (name, url, token, script) in [
            ("GET /api/v1/items/{id}", item_url.as_str(), Some(leader.as_str()), None),
            (
                "GET /api/v1/plans/2024/summary",
                summary_url.as_str(),
                Some(leader.as_str()),
                None,
            ),
            (
                "GET /api/v1/items/{id} (no cache)",
                uncached_item_url.as_str(),
                Some(leader.as_str()),
                None,
            ),
            (
                "GET /api/v1/plans/2024/summary (no cache)",
                uncached_summary_url.as_str(),
                Some(leader.as_str()),
                None,
            ),
            (
                "POST /api/v1/items/{id}/reports",
                base.as_str(),
                None,
                Some(script.as_path()),
            ),
        ] {
            let r = wrk(url, c, seconds, token, script)?;
            println!(
                "bench: {name} c={c}: {:.0} req/s p50 {:.2} ms p99 {:.2} ms (non-2xx {})",
                r.rps, r.p50_ms, r.p99_ms, r.non_2xx
            );
            let mut entry = json!({
                "endpoint": name, "connections": c, "result": r,
                "ratio_to_pgbench": r.rps / pg, "ratio_to_livez": r.rps / live.rps,
            });
            if script.is_some() {
                entry["ratio_to_simple_update"] = json!(r.rps / pg_update);
            }
            endpoints.push(entry);
        }
    }
    // Month-end: 95 % item reads across two plans (the 2024 plan and the one being written
    // to), 5 % report writes, on the cached server at 16 connections. The ratio is of the
    // reads alone.
    {
        let c = 16;
        let (_, pg, pg_update, live) = ceilings.iter().find(|(cc, ..)| *cc == c).expect("measured");
        let mut read_items = items_of(&mut conn, 2024)?;
        read_items.extend(write_items.iter().take(25));
        let script = load::mixed_script(
            &out_dir,
            &read_items,
            &write_items,
            &writer_token,
            CONNECTIONS.len() as u64 * block,
            load::wrk_threads(c),
        )?;
        let r = wrk(&base, c, seconds, None, Some(&script))?;
        let reads = r.rps * 19.0 / 20.0;
        let writes = r.rps / 20.0;
        let name = "mixed: 95% GET /api/v1/items/{id} across plans, 5% POST /api/v1/items/{id}/reports";
        println!(
            "bench: {name} c={c}: {:.0} req/s ({reads:.0} reads/s) p50 {:.2} ms p99 {:.2} ms (non-2xx {})",
            r.rps, r.p50_ms, r.p99_ms, r.non_2xx
        );
        endpoints.push(json!({
            "endpoint": name, "connections": c, "result": r,
            "reads_rps": reads, "writes_rps": writes,
            "ratio_to_pgbench": reads / pg, "ratio_to_livez": r.rps / live.rps,
            "ratio_to_simple_update": writes / pg_update,
        }));
    }
    results.insert("endpoints".into(), json!(endpoints));

    // How many statements a read costs the database: sequential reads on the server without
    // caches (so the session is looked up too), counted by pg_stat_statements when the
    // cluster preloads it (./dev bench starts its cluster so).
    let statements = rt.block_on(statements_per_read(
        &mut conn,
        &client,
        &leader,
        &[
            ("GET /api/v1/items/{id} (no cache)", &uncached_item_url),
            ("GET /api/v1/plans/2024/summary (no cache)", &uncached_summary_url),
        ],
    ));
    results.insert("statements_per_read".into(), statements);

    // Idle: both servers (and this process's idle client) doing nothing for a while.
    let idle_seconds: u64 = env_or("BENCH_IDLE_SECONDS", if quick { 10 } else { 60 });
    let idle = idle_cpu(idle_seconds)?;
    println!("bench: idle over {idle_seconds} s: {idle:.2} % of a core");
    results.insert(
        "idle".into(),
        json!({"seconds": idle_seconds, "cpu_percent_of_a_core": idle,
               "what": "this process: two duban servers (one with its change feed) and an idle client"}),
    );
    // The write runs left ~20,000 new rows; tidy them now, so that the first scale step does
    // not share the machine with autovacuum.
    diesel::sql_query("VACUUM (ANALYZE)").execute(&mut conn)?;

    // Scale: the same reads with ~100x and ~1M reports in the database. The 2024 plan has
    // 25 items × 12 months of reports; two synthetic plans (1,200 items × 12) make ~96x.
    let mut scale = Vec::new();
    let base_reports = synthetic::count_reports(&mut conn, WRITE_YEAR)?;
    let steps: Vec<(&str, Vec<i32>)> = if quick {
        Vec::new()
    } else {
        vec![
            ("1x", vec![]),
            ("100x", (2030..2032).collect()),
            ("full", (2032..2030 + full_plans).collect()),
        ]
    };
    for (label, years) in steps {
        if !years.is_empty() {
            let t = Instant::now();
            synthetic::plans(&mut conn, &years, ITEMS_PER_PLAN)?;
            synthetic::reports(&mut conn, &years, 12, writer)?;
            println!(
                "bench: generated {} plans in {:.0} s",
                years.len(),
                t.elapsed().as_secs_f64()
            );
        }
        let reports = synthetic::count_reports(&mut conn, WRITE_YEAR)?;
        for (name, url) in [
            ("item", &item_url),
            ("summary", &summary_url),
            ("item (no cache)", &uncached_item_url),
            ("summary (no cache)", &uncached_summary_url),
        ] {
            let r = wrk(url, 16, seconds, Some(&leader), None)?;
            println!(
                "bench: scale {label} ({reports} reports) {name} c=16: {:.0} req/s p50 {:.2} ms p99 {:.2} ms",
                r.rps, r.p50_ms, r.p99_ms
            );
            scale.push(json!({"scale": label, "reports": reports, "endpoint": name, "connections": 16, "result": r}));
        }
    }
    results.insert(
        "scale".into(),
        json!({"reports_2024_plan": base_reports, "runs": scale}),
    );

    // The browser: what it downloads and how soon the dashboard shows.
    let download = browser::download_sizes(&static_dir)?;
    let login_first_load = browser::first_load_brotli(&static_dir, browser::Visitor::Login)?;
    let unit_first_load = browser::first_load_brotli(&static_dir, browser::Visitor::Unit)?;
    let leader_first_load = browser::first_load_brotli(&static_dir, browser::Visitor::Leader)?;
    // The budget's figure: the largest of the login's, a unit's (the workspace) and a leader's
    // (the dashboard).
    let first_load = login_first_load.max(unit_first_load).max(leader_first_load);
    let deputy_first_load = browser::first_load_brotli(&static_dir, browser::Visitor::Deputy)?;
    let office_first_load = browser::first_load_brotli(&static_dir, browser::Visitor::Office)?;
    println!(
        "bench: first download (brotli): {first_load} bytes (the login's {login_first_load}, a unit's \
         {unit_first_load}, a leader's {leader_first_load}); a deputy's {deputy_first_load}, the \
         office's {office_first_load} bytes"
    );
    let first_render = if quick {
        None
    } else {
        rt.block_on(browser::dashboard_first_render(&base, &leader)).ok()
    };
    results.insert(
        "frontend".into(),
        json!({
            "download": {
                "files": download,
                "first_load_brotli": first_load,
                "login_first_load_brotli": login_first_load,
                "unit_first_load_brotli": unit_first_load,
                "leader_first_load_brotli": leader_first_load,
                "deputy_first_load_brotli": deputy_first_load,
                "office_first_load_brotli": office_first_load,
            },
            "dashboard_first_render_ms": first_render,
        }),
    );

    let results = Value::Object(results);
    std::fs::write(out_dir.join("results.json"), serde_json::to_string_pretty(&results)?)?;
    let md = report::markdown(&results);
    std::fs::write(out_dir.join("results.md"), &md)?;
    println!("\n{md}");
    println!("bench: wrote {}", out_dir.join("results.{json,md}").display());
    diesel::sql_query("DROP DATABASE IF EXISTS pgbench_ceiling WITH (FORCE)").execute(&mut admin)?;
    Ok(())
}

fn items_of(conn: &mut PgConnection, year: i32) -> Result<Vec<i32>> {
    use duban::db::schema::{items, plans};
    Ok(items::table
        .inner_join(plans::table)
        .filter(plans::year.eq(year))
        .order(items::number)
        .select(items::id)
        .load(conn)?)
}

#[derive(QueryableByName)]
struct Calls {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    calls: Option<i64>,
}

/// Statements per request for each URL (null when pg_stat_statements is not loaded).
async fn statements_per_read(
    conn: &mut PgConnection,
    client: &reqwest::Client,
    token: &str,
    urls: &[(&str, &String)],
) -> Value {
    const READS: i64 = 200;
    if diesel::sql_query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(conn)
        .is_err()
    {
        println!("bench: pg_stat_statements is not loaded; statements per read not counted");
        return Value::Null;
    }
    let count = |conn: &mut PgConnection| {
        diesel::sql_query(
            "SELECT sum(calls)::bigint AS calls FROM pg_stat_statements \
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
             AND query NOT ILIKE '%pg_stat_statements%' AND query <> 'SELECT 1'",
        )
        .get_result::<Calls>(conn)
        .map(|c| c.calls.unwrap_or(0))
    };
    let mut out = serde_json::Map::new();
    for (name, url) in urls {
        if diesel::sql_query("SELECT pg_stat_statements_reset()")
            .execute(conn)
            .is_err()
        {
            return Value::Null;
        }
        let before = count(conn).unwrap_or(0);
        for _ in 0..READS {
            let ok = client
                .get(url.as_str())
                .bearer_auth(token)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if !ok {
                return Value::Null;
            }
        }
        let after = count(conn).unwrap_or(0);
        let per = (after - before) as f64 / READS as f64;
        println!("bench: {name}: {per:.2} statements per read");
        out.insert((*name).to_string(), json!(per));
    }
    Value::Object(out)
}

/// This process's CPU over `seconds` of doing nothing, in percent of one core.
fn idle_cpu(seconds: u64) -> Result<f64> {
    fn ticks() -> Result<u64> {
        let stat = std::fs::read_to_string("/proc/self/stat")?;
        // Fields after the command name (which may hold spaces) start at ") ".
        let rest = stat.rsplit_once(") ").context("a /proc stat line")?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        Ok(fields[11].parse::<u64>()? + fields[12].parse::<u64>()?)
    }
    // Let the runs before settle (keep-alive connections closing, autovacuum's wake-up).
    std::thread::sleep(std::time::Duration::from_secs(2));
    let start = ticks()?;
    let t = Instant::now();
    std::thread::sleep(std::time::Duration::from_secs(seconds));
    let used = (ticks()? - start) as f64 / 100.0;
    Ok(used / t.elapsed().as_secs_f64() * 100.0)
}

/// Starts a release server on a free port, in a thread of its own; answers its base URL.
fn serve(url: &str, jwt: &str, static_dir: Option<PathBuf>, cached: bool) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let caches = if cached {
        Caches::new(duban::db::change_feed::listen(url.to_string()))
    } else {
        Caches::off()
    };
    let state = AppState {
        pool: duban::db::connect(url, 32)?,
        caches,
        availability: Default::default(),
        reader: duban::db::reader::Reader::new(url, duban::db::availability::CONNECTION_WAIT)?,
        jwt: JwtKeys::from_base64(jwt)?,
        settings: Settings {
            // Writes go to 2025's months; the 2024 plan is read as of the end of 2025.
            now_override: Some("2025-12-20T02:00:00Z".parse()?),
            ..Settings::default()
        },
    };
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let options = duban::server::ServeOptions {
                static_dir,
                workers: Some(2),
            };
            duban::server::start(state, listener, options)
                .expect("server starts")
                .await
        })
    });
    Ok(base)
}

mod report {
    use serde_json::Value;

    fn r(v: &Value, k: &str) -> f64 {
        v[k].as_f64().unwrap_or(0.0)
    }

    pub fn markdown(results: &Value) -> String {
        let mut md = String::from("# Duban benchmark\n\nOne run on this machine (2 cores; client, server and PostgreSQL together). Ratios are within the run.\n\n");
        md.push_str("## Ceilings\n\n| connections | pgbench -S (tps) | pgbench -b simple-update (tps) | /livez (req/s) |\n|---:|---:|---:|---:|\n");
        for c in results["ceilings"].as_array().into_iter().flatten() {
            md.push_str(&format!(
                "| {} | {:.0} | {:.0} | {:.0} |\n",
                c["connections"],
                r(c, "pgbench_select_tps"),
                r(c, "pgbench_simple_update_tps"),
                r(&c["livez"], "rps")
            ));
        }
        md.push_str("\n## Endpoints (2024 plan, a year of reports)\n\n| endpoint | conns | req/s | p50 ms | p99 ms | × pgbench -S | × simple-update | × /livez | non-2xx |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for e in results["endpoints"].as_array().into_iter().flatten() {
            let res = &e["result"];
            let update = e["ratio_to_simple_update"]
                .as_f64()
                .map(|v| format!("{v:.2}"))
                .unwrap_or_default();
            md.push_str(&format!(
                "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {:.3} | {} |\n",
                e["endpoint"].as_str().unwrap_or(""),
                e["connections"],
                r(res, "rps"),
                r(res, "p50_ms"),
                r(res, "p99_ms"),
                r(e, "ratio_to_pgbench"),
                update,
                r(e, "ratio_to_livez"),
                res["non_2xx"]
            ));
        }
        md.push_str("\nThe mixed run's × pgbench -S is of its reads, its × simple-update of its writes.\n");
        if let Some(per) = results["statements_per_read"].as_object() {
            md.push_str("\n## Statements per read (pg_stat_statements, session lookup included)\n\n| endpoint | statements |\n|---|---:|\n");
            for (name, n) in per {
                md.push_str(&format!("| {name} | {:.2} |\n", n.as_f64().unwrap_or(0.0)));
            }
        }
        md.push_str(&format!(
            "\n## Idle\n\n{:.2} % of a core over {} s ({}).\n",
            r(&results["idle"], "cpu_percent_of_a_core"),
            results["idle"]["seconds"],
            results["idle"]["what"].as_str().unwrap_or("")
        ));
        md.push_str("\n## Scale (16 connections)\n\n| scale | reports in the plans read (the write runs' plan aside) | endpoint | req/s | p50 ms | p99 ms |\n|---|---:|---|---:|---:|---:|\n");
        for s in results["scale"]["runs"].as_array().into_iter().flatten() {
            let res = &s["result"];
            md.push_str(&format!(
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} |\n",
                s["scale"].as_str().unwrap_or(""),
                s["reports"],
                s["endpoint"].as_str().unwrap_or(""),
                r(res, "rps"),
                r(res, "p50_ms"),
                r(res, "p99_ms")
            ));
        }
        let f = &results["frontend"];
        md.push_str("\n## Browser\n\n| file | raw bytes | brotli bytes |\n|---|---:|---:|\n");
        for d in f["download"]["files"].as_array().into_iter().flatten() {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                d["file"].as_str().unwrap_or(""),
                d["raw"],
                d["brotli"]
            ));
        }
        md.push_str(&format!(
            "\nFirst download before the first screen (index.html and everything it loads), brotli: {} bytes \
             at most (the login: {}; a unit at its workspace: {}; a leader at the dashboard: {}); a deputy at \
             the evaluation (the common bundle): {}; the office (its own bundle): {}\n",
            f["download"]["first_load_brotli"],
            f["download"]["login_first_load_brotli"],
            f["download"]["unit_first_load_brotli"],
            f["download"]["leader_first_load_brotli"],
            f["download"]["deputy_first_load_brotli"],
            f["download"]["office_first_load_brotli"]
        ));
        md.push_str(&format!(
            "\nDashboard first render (navigation start → figures shown): {} ms\n",
            f["dashboard_first_render_ms"]
                .as_f64()
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "not measured".into())
        ));
        md
    }
}
