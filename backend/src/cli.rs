//! The `duban` command: `serve`, `migrate`, `seed`.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use diesel_migrations::MigrationHarness;

use crate::db::{self, seed::SeedOutcome};
use crate::server::{self, ServeOptions};

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version,
    about = "Duban 督办: supervision of the annual livelihood projects"
)]
pub struct Cli {
    /// PostgreSQL connection URL.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the built web app on one port.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "DUBAN_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Folder of the built web app (index.html, duban.js, duban_bg.wasm).
        #[arg(long, env = "DUBAN_STATIC_DIR", default_value = "frontend/dist")]
        static_dir: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long, env = "DUBAN_WORKERS")]
        workers: Option<usize>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load a plan data file (default: the bundled 2024 plan). Loading it twice changes nothing.
    Seed {
        /// A plan JSON file in the format of data/plans/2024-kaiping.json.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

pub fn run(cli: Cli) -> Result<()> {
    let url = cli
        .database_url
        .clone()
        .context("DATABASE_URL is not set (or pass --database-url)")?;
    match cli.command {
        Command::Serve {
            bind,
            static_dir,
            workers,
        } => serve(&url, &bind, static_dir, workers),
        Command::Migrate => {
            let pool = db::connect(&url, 1)?;
            let mut conn = pool.get()?;
            let applied = db::migrate(&mut conn)?;
            if applied.is_empty() {
                println!("migrate: database is up to date");
            } else {
                println!("migrate: applied {}", applied.join(", "));
            }
            Ok(())
        }
        Command::Seed { file } => {
            let seed = match file {
                Some(path) => serde_json::from_slice(
                    &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
                )
                .with_context(|| format!("parsing {}", path.display()))?,
                None => db::seed::plan_2024(),
            };
            let pool = db::connect(&url, 1)?;
            let mut conn = pool.get()?;
            match db::seed::load_plan(&mut conn, &seed)? {
                SeedOutcome::Loaded {
                    items,
                    milestones,
                    indicators,
                } => println!(
                    "seed: loaded plan {} ({items} items, {milestones} milestones, {indicators} indicators)",
                    seed.year
                ),
                SeedOutcome::AlreadyPresent => println!("seed: plan {} is already loaded; nothing changed", seed.year),
            }
            Ok(())
        }
    }
}

fn serve(url: &str, bind: &str, static_dir: PathBuf, workers: Option<usize>) -> Result<()> {
    let pool = db::connect(url, 16)?;
    if pool
        .get()?
        .has_pending_migration(db::MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        bail!("the database has pending migrations; run `duban migrate` first");
    }
    let listener = server::bind(bind).map_err(anyhow::Error::msg)?;
    let static_dir = if static_dir.join("index.html").exists() {
        Some(static_dir)
    } else {
        tracing::warn!(dir = %static_dir.display(), "no built web app there; serving the API only");
        None
    };
    tracing::info!(address = %listener.local_addr()?, "Duban is listening");
    actix_web::rt::System::new().block_on(async move {
        server::start(
            pool,
            listener,
            ServeOptions {
                static_dir,
                workers,
            },
        )?
        .await
    })?;
    tracing::info!("stopped");
    Ok(())
}
