//! `duban backup FILE` and `duban restore FILE`: the whole database — plans, reports, the
//! evidence files (they are rows too), accounts and the audit chain — as one `pg_dump`
//! archive, and back into an empty database. The PostgreSQL client tools must be at least
//! the server's version; the newest installed under /usr/lib/postgresql is used.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use diesel::{Connection, PgConnection, RunQueryDsl};

/// `pg_dump` or `pg_restore`: the newest Debian-installed one, else the one on PATH.
fn tool(name: &str) -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin").join(name);
            bin.exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p).unwrap_or_else(|| PathBuf::from(name))
}

fn run(mut cmd: Command, what: &str) -> Result<()> {
    let out = cmd.output().with_context(|| format!("cannot run {what}"))?;
    if !out.status.success() {
        bail!("{what} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Writes the database at `url` to `file` (custom format: compressed, restorable table by table).
pub fn backup(url: &str, file: &Path) -> Result<()> {
    let mut cmd = Command::new(tool("pg_dump"));
    cmd.args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
        .arg(file)
        .arg("--dbname")
        .arg(url);
    run(cmd, "pg_dump")
}

/// Restores `file` into the database at `url`, which must be empty; all or nothing.
pub fn restore(url: &str, file: &Path) -> Result<()> {
    if !file.exists() {
        bail!("{} does not exist", file.display());
    }
    let mut conn = PgConnection::establish(url).context("connect to the database to restore into")?;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let tables = diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")
        .get_result::<N>(&mut conn)?
        .n;
    if tables > 0 {
        bail!("the database to restore into must be empty (it has {tables} tables); create a new one");
    }
    let mut cmd = Command::new(tool("pg_restore"));
    cmd.args([
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
    ])
    .arg(url)
    .arg(file);
    run(cmd, "pg_restore")
}
