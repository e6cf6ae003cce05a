//! The load tools: wrk for HTTP (with a Lua script for writes) and pgbench for the database.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LoadResult {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    pub non_2xx: u64,
}

fn ms(s: &str) -> f64 {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let v: f64 = num.parse().unwrap_or(0.0);
    match unit {
        "us" => v / 1000.0,
        "ms" => v,
        "s" => v * 1000.0,
        "m" => v * 60_000.0,
        _ => v,
    }
}

/// `wrk --latency` on one URL (or the script's requests) for `seconds`.
pub fn wrk(
    url: &str,
    connections: u32,
    seconds: u32,
    token: Option<&str>,
    script: Option<&Path>,
) -> Result<LoadResult> {
    let threads = wrk_threads(connections);
    let mut cmd = Command::new("wrk");
    cmd.args([
        format!("-t{threads}"),
        format!("-c{connections}"),
        format!("-d{seconds}s"),
        "--latency".into(),
    ]);
    if let Some(t) = token {
        cmd.args(["-H".to_string(), format!("Authorization: Bearer {t}")]);
    }
    if let Some(s) = script {
        cmd.args(["-s".to_string(), s.display().to_string()]);
    }
    cmd.arg(url);
    let out = cmd.output().context("running wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        bail!("wrk failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    let mut r = LoadResult {
        rps: 0.0,
        p50_ms: 0.0,
        p99_ms: 0.0,
        requests: 0,
        non_2xx: 0,
    };
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            r.rps = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = t.strip_prefix("50%") {
            r.p50_ms = ms(v);
        } else if let Some(v) = t.strip_prefix("99%") {
            r.p99_ms = ms(v);
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            r.non_2xx = v.trim().parse().unwrap_or(0);
        } else if t.contains("requests in") {
            r.requests = t.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0);
        }
    }
    Ok(r)
}

/// A wrk script that creates a distinct (item, month) report on each request: every request
/// is a real write that passes validation, permission and the audit log. Run `run` of the
/// script takes its (item, month) pairs from its own block of `block` pairs, and the wrk
/// threads interleave within it, so no two requests ever ask for the same report (which
/// would be a 409, not a write).
pub fn write_script(dir: &Path, items: &[i32], token: &str, run: u32, block: u64, threads: u32) -> Result<PathBuf> {
    let ids: Vec<String> = items.iter().map(|i| i.to_string()).collect();
    let lua = format!(
        r#"local ids = {{{ids}}}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
local n = 0
function request()
  n = n + 1
  local k = {start} + (n - 1) * {threads} + (tid or 1) - 1
  local item = ids[(k % #ids) + 1]
  local month = math.floor(k / #ids) % 12 + 1
  local body = string.format('{{"period":"2025-%02d","progress":"压测月报","problems":"","next_steps":""}}', month)
  return wrk.format("POST", "/api/v1/items/" .. item .. "/reports",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}, body)
end
"#,
        ids = ids.join(","),
        start = u64::from(run) * block,
    );
    let path = dir.join(format!("write_report_{run}.lua"));
    std::fs::write(&path, lua)?;
    Ok(path)
}

/// A wrk script for the mixed run: of every 20 requests, 19 read an item (going round
/// `read_items`, which may span plans) and one writes a new report on `write_items` (as in
/// [`write_script`], from its own block), so writes are 5 % of requests.
pub fn mixed_script(
    dir: &Path,
    read_items: &[i32],
    write_items: &[i32],
    token: &str,
    start: u64,
    threads: u32,
) -> Result<PathBuf> {
    let reads: Vec<String> = read_items.iter().map(|i| i.to_string()).collect();
    let writes: Vec<String> = write_items.iter().map(|i| i.to_string()).collect();
    let lua = format!(
        r#"local reads = {{{reads}}}
local writes = {{{writes}}}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
local n = 0
local w = 0
local headers = {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {token}"}}
function request()
  n = n + 1
  if n % 20 ~= 0 then
    return wrk.format("GET", "/api/v1/items/" .. reads[(n % #reads) + 1], headers)
  end
  w = w + 1
  local k = {start} + (w - 1) * {threads} + (tid or 1) - 1
  local item = writes[(k % #writes) + 1]
  local month = math.floor(k / #writes) % 12 + 1
  local body = string.format('{{"period":"2025-%02d","progress":"压测月报","problems":"","next_steps":""}}', month)
  return wrk.format("POST", "/api/v1/items/" .. item .. "/reports", headers, body)
end
"#,
        reads = reads.join(","),
        writes = writes.join(","),
    );
    let path = dir.join("mixed.lua");
    std::fs::write(&path, lua)?;
    Ok(path)
}

/// wrk's thread count for a number of connections (two cores: at most two threads).
pub fn wrk_threads(connections: u32) -> u32 {
    connections.clamp(1, 2)
}

/// pgbench's built-in scripts used as ceilings.
#[derive(Debug, Clone, Copy)]
pub enum Builtin {
    /// `-S`: one primary-key select per transaction.
    SelectOnly,
    /// `-b simple-update`: an update, a select and an insert per transaction.
    SimpleUpdate,
}

/// Makes pgbench's tables on its own database (scale 10).
pub fn pgbench_init(url: &str) -> Result<()> {
    let init = Command::new(pg_tool("pgbench")?)
        .args(["-i", "-s", "10", "-q", url])
        .output()?;
    if !init.status.success() {
        bail!("pgbench -i failed: {}", String::from_utf8_lossy(&init.stderr));
    }
    Ok(())
}

/// pgbench (prepared) with `script` on the database [`pgbench_init`] made; answers tps.
pub fn pgbench(url: &str, script: Builtin, connections: u32, seconds: u32) -> Result<f64> {
    let bin = pg_tool("pgbench")?;
    let script = match script {
        Builtin::SelectOnly => "select-only",
        Builtin::SimpleUpdate => "simple-update",
    };
    let out = Command::new(&bin)
        .args([
            "-b",
            script,
            "-M",
            "prepared",
            "-c",
            &connections.to_string(),
            "-j",
            &connections.clamp(1, 2).to_string(),
            "-T",
            &seconds.to_string(),
            url,
        ])
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.trim().strip_prefix("tps = ")?.split_whitespace().next()?.parse().ok())
        .with_context(|| format!("no tps in pgbench output: {text}"))
}

fn pg_tool(name: &str) -> Result<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.into_iter()
        .rev()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .or_else(|| Some(PathBuf::from(name)))
        .context("pgbench")
}
