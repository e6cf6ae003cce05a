//! What the browser downloads, and how soon the leaders' dashboard shows its figures.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::ClientBuilder;
use serde_json::{json, Value};

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut compressed = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(compressed.len())
}

/// Whose first load: `boot.js` names five bundles and starts one, by the stored session and
/// the address.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Visitor {
    /// Anyone not logged in, at the login: the `duban_login` bundle.
    Login,
    /// A unit at its workspace: the `duban` bundle.
    Unit,
    /// A leader at the dashboard: `duban_overview`.
    Leader,
    /// A deputy at the evaluation (or anyone at an item, a plan, the briefings):
    /// `duban_common`.
    Deputy,
    /// The 督查室: the `duban_office` bundle.
    Office,
}

impl Visitor {
    /// The bundle this visitor is given, by the name its files start with.
    fn bundle(self) -> &'static str {
        match self {
            Visitor::Login => "duban_login",
            Visitor::Unit => "duban",
            Visitor::Leader => "duban_overview",
            Visitor::Deputy => "duban_common",
            Visitor::Office => "duban_office",
        }
    }

    /// Whether this visitor's browser fetches `path` when a script names it: the files of
    /// its own bundle (`<bundle>.<hash>.js`, `<bundle>_bg.<hash>.wasm`) and every file that
    /// is no bundle's.
    fn fetches(self, path: &str) -> bool {
        let stem = path.split('.').next().unwrap_or(path);
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        (stem != "duban" && !stem.starts_with("duban_")) || stem == self.bundle()
    }
}

/// The files a browser fetches before the first screen: index.html, then every file of
/// the build that index.html or the scripts it loads name (by a quoted "/path"), in turn,
/// but only the bundle this visitor is given.
pub fn first_load_files(dist: &Path, visitor: Visitor) -> Result<Vec<String>> {
    let mut found = vec!["index.html".to_string()];
    let mut i = 0;
    while i < found.len() {
        let name = found[i].clone();
        i += 1;
        if !(name.ends_with(".html") || name.ends_with(".js")) {
            continue;
        }
        let text =
            std::fs::read_to_string(dist.join(&name)).with_context(|| format!("{name}: build the frontend first"))?;
        for quote in ['"', '\''] {
            for part in text.split(quote).skip(1).step_by(2) {
                let Some(path) = part.strip_prefix('/') else { continue };
                if !path.is_empty()
                    && visitor.fetches(path)
                    && dist.join(path).is_file()
                    && !found.iter().any(|f| f == path)
                {
                    found.push(path.to_string());
                }
            }
        }
    }
    Ok(found)
}

/// Each file of the first load at the login, a unit's and a leader's, raw and brotli.
pub fn download_sizes(dist: &Path) -> Result<Vec<Value>> {
    let mut out: Vec<Value> = Vec::new();
    for visitor in [Visitor::Login, Visitor::Unit, Visitor::Leader] {
        for name in first_load_files(dist, visitor)? {
            if out.iter().any(|f| f["file"] == name.as_str()) {
                continue;
            }
            let bytes = std::fs::read(dist.join(&name))?;
            out.push(json!({"file": name, "raw": bytes.len(), "brotli": brotli_len(&bytes)?}));
        }
    }
    Ok(out)
}

/// The brotli bytes of a visitor's first load (what is downloaded before a screen).
pub fn first_load_brotli(dist: &Path, visitor: Visitor) -> Result<usize> {
    let mut total = 0;
    for name in first_load_files(dist, visitor)? {
        total += brotli_len(&std::fs::read(dist.join(&name))?)?;
    }
    Ok(total)
}

/// Milliseconds from navigation start until the dashboard's total count is on screen, with
/// a session already stored (the median of three loads).
pub async fn dashboard_first_render(base: &str, token: &str) -> Result<f64> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut driver = std::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("chromedriver")?;
    let profile = std::env::temp_dir().join(format!("duban-bench-{port}"));
    let caps = json!({"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1366,900", format!("--user-data-dir={}", profile.display())]}});
    let caps = caps.as_object().cloned().unwrap_or_default();
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let c = client.context("chromedriver did not answer")?;
    let result = async {
        c.goto(&format!("{base}/login")).await?;
        let me: Value = reqwest::Client::new()
            .get(format!("{base}/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        let session = json!({"access_token": token, "expires_at": (chrono::Utc::now().timestamp_millis() + 3_600_000), "user": me["user"]});
        c.execute("localStorage.setItem('duban.session', arguments[0]);", vec![Value::String(session.to_string())])
            .await?;
        let mut times = Vec::new();
        for _ in 0..3 {
            c.goto(&format!("{base}/dashboard")).await?;
            // Poll in the page (every 5 ms) so the time is the page's own, not WebDriver's.
            let t: Value = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     const tick = () => document.querySelector('#count-total') ? done(performance.now()) : setTimeout(tick, 5);\
                     tick();",
                    vec![],
                )
                .await?;
            times.push(t.as_f64().unwrap_or(0.0));
        }
        times.sort_by(|a, b| a.total_cmp(b));
        anyhow::Ok(times[1])
    }
    .await;
    let _ = c.close().await;
    let _ = driver.kill();
    let _ = std::fs::remove_dir_all(&profile);
    result
}
