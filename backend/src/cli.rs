//! The `duban` command: `serve`, `remind`, `migrate`, `seed`, `user …`, `audit verify`,
//! `demo-accounts`, `gen-secret`.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand};
use diesel_migrations::MigrationHarness;
use duban_shared::auth::{NewUser, Role};

use crate::accounts;
use crate::auth::jwt::JwtKeys;
use crate::db::{self, audit::AuditActor, change_feed, seed::SeedOutcome, PgPool};
use crate::http::read_cache::Caches;
use crate::http::state::{AppState, Settings};
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
        /// The JWT signing key: base64 of at least 32 random bytes (`duban gen-secret`).
        #[arg(long, env = "DUBAN_JWT_SECRET", hide_env_values = true)]
        jwt_secret: String,
        /// Minutes a login lasts.
        #[arg(long, env = "DUBAN_TOKEN_TTL_MINUTES", default_value_t = 120)]
        token_ttl_minutes: i64,
        /// DEMO ONLY: the moment the supervision rules take as now (RFC 3339, e.g.
        /// 2024-07-15T10:00:00+08:00), to show a past year as it stood. Logins use the real clock.
        #[arg(long, env = "DUBAN_NOW")]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Append a signed checkpoint of the audit chain to this file at start and then every
        /// `--audit-checkpoint-minutes` when the chain grew (needs DUBAN_AUDIT_KEY). Keep the
        /// file where the database's administrators cannot write.
        #[arg(long, env = "DUBAN_AUDIT_CHECKPOINT_FILE")]
        audit_checkpoint_file: Option<PathBuf>,
        #[arg(long, env = "DUBAN_AUDIT_CHECKPOINT_MINUTES", default_value_t = 60)]
        audit_checkpoint_minutes: u64,
        /// The checkpoint signing key: base64 of at least 32 random bytes (`duban gen-secret`).
        #[arg(long, env = "DUBAN_AUDIT_KEY", hide_env_values = true)]
        audit_key: Option<String>,
        #[command(flatten)]
        mail: MailArgs,
        /// Seconds between two looks for reminders that are due (催报).
        #[arg(long, env = "DUBAN_REMIND_EVERY_SECONDS", default_value_t = 600)]
        remind_every_seconds: u64,
    },
    /// Send the reminders due today (the server does this by itself), or with `--dry-run`
    /// print what would go out.
    Remind {
        /// Print the reminders due and whether each went out before; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// The day to look at (default: today, or DUBAN_NOW's day).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, env = "DUBAN_NOW")]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load a plan data file (default: the bundled 2024 plan). Loading it twice changes nothing.
    Seed {
        /// A plan JSON file in the format of data/plans/2024-kaiping.json.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// DEMO ONLY: give the admin, a leader and one user per unit a fresh random password, creating
    /// them when missing, and print the credentials.
    DemoAccounts,
    /// DEMO ONLY: reports, milestones and notices for the 2024 plan up to a day, so every screen
    /// has something to show. Does nothing when reports exist.
    DemoData {
        /// The day the demo stands on.
        #[arg(long, default_value = "2024-07-15")]
        as_of: chrono::NaiveDate,
    },
    /// Print a new random JWT signing key for DUBAN_JWT_SECRET.
    GenSecret,
    /// Write the whole database (reports, evidence files, accounts, the audit log) to FILE,
    /// a pg_dump archive.
    Backup { file: PathBuf },
    /// Restore a backup made by `duban backup` into the (empty) database of DATABASE_URL.
    Restore { file: PathBuf },
}

/// Email: without DUBAN_SMTP_URL everything works but mail (messages wait in the outbox).
#[derive(Debug, clap::Args)]
pub struct MailArgs {
    /// The mail server: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://user:pass@host:465`.
    #[arg(long, env = "DUBAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of Duban's mail.
    #[arg(long, env = "DUBAN_MAIL_FROM", default_value = "督办系统 <duban@localhost>")]
    pub mail_from: String,
    /// The app's address as users reach it, for the links in mail (default: http:// and the bind address).
    #[arg(long, env = "DUBAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds between two looks at the outbox.
    #[arg(long, env = "DUBAN_MAIL_POLL_SECONDS", default_value_t = 5)]
    pub mail_poll_seconds: u64,
    /// Seconds before the first retry of a mail the server did not take (doubling, at most 16×).
    #[arg(long, env = "DUBAN_MAIL_RETRY_SECONDS", default_value_t = 30)]
    pub mail_retry_seconds: u64,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = ["admin", "unit", "leader", "deputy"])]
        role: String,
        /// The unit's name (市教育局), code (jyj) or id; required for role `unit`.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "")]
        display_name: String,
        /// Read the password from standard input (the only way; keeps it out of `ps`).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Set a new password (read from standard input) and end the account's sessions.
    ResetPassword {
        username: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain: exits non-zero when an event was altered or removed. With
    /// `--against FILE`, also that the chain still holds every signed checkpoint in FILE
    /// (which a rewrite of the chain inside the database cannot fake).
    Verify {
        #[arg(long)]
        against: Option<PathBuf>,
        #[arg(long, env = "DUBAN_AUDIT_KEY", hide_env_values = true)]
        key: Option<String>,
    },
    /// Append a signed checkpoint of the chain (its length and last hash) to FILE.
    Checkpoint {
        file: PathBuf,
        #[arg(long, env = "DUBAN_AUDIT_KEY", hide_env_values = true)]
        key: Option<String>,
    },
}

fn audit_key(key: Option<String>) -> Result<crate::audit_checkpoint::CheckpointKey> {
    crate::audit_checkpoint::CheckpointKey::from_base64(
        &key.context("DUBAN_AUDIT_KEY (or --key) is needed to sign and check checkpoints")?,
    )
}

pub fn run(cli: Cli) -> Result<()> {
    if let Command::GenSecret = cli.command {
        println!("{}", JwtKeys::generate_base64());
        return Ok(());
    }
    let url = cli
        .database_url
        .clone()
        .context("DATABASE_URL is not set (or pass --database-url)")?;
    match cli.command {
        Command::Serve {
            bind,
            static_dir,
            workers,
            jwt_secret,
            token_ttl_minutes,
            now,
            audit_checkpoint_file,
            audit_checkpoint_minutes,
            audit_key: key,
            mail,
            remind_every_seconds,
        } => {
            let checkpoints = match audit_checkpoint_file {
                Some(file) => Some((file, audit_key(key)?, audit_checkpoint_minutes.max(1))),
                None => None,
            };
            let jwt = JwtKeys::from_base64(&jwt_secret)?;
            if token_ttl_minutes < 1 {
                bail!("DUBAN_TOKEN_TTL_MINUTES must be at least 1");
            }
            let mailer = match &mail.smtp_url {
                Some(url) => {
                    let base = mail.public_url.clone().unwrap_or_else(|| format!("http://{bind}"));
                    Some(crate::mail::Mailer::new(url, &mail.mail_from, &base)?)
                }
                None => None,
            };
            let settings = Settings {
                token_ttl: chrono::Duration::minutes(token_ttl_minutes),
                now_override: now.map(|n| n.with_timezone(&chrono::Utc)),
                mail_server: mail.smtp_url.as_deref().map(crate::mail::redact),
                ..Settings::default()
            };
            let background = Background {
                mailer,
                mail_poll: std::time::Duration::from_secs(mail.mail_poll_seconds.max(1)),
                mail_retry: std::time::Duration::from_secs(mail.mail_retry_seconds.max(1)),
                remind_every: std::time::Duration::from_secs(remind_every_seconds.max(1)),
            };
            if let Some(n) = settings.now_override {
                tracing::warn!(now = %n, "DUBAN_NOW is set: the supervision rules run on a fixed date (demo mode)");
            }
            serve(&url, &bind, static_dir, workers, jwt, settings, checkpoints, background)
        }
        Command::Remind { dry_run, as_of, now } => {
            if as_of.is_some() && !dry_run {
                // Sending as of another day would take that day's keys: its reminders would
                // then never go on the day itself.
                bail!("--as-of only goes with --dry-run; without it, `duban remind` sends what is due today");
            }
            let today = as_of.unwrap_or_else(|| {
                duban_shared::lights::china_date(now.map_or_else(chrono::Utc::now, |n| n.with_timezone(&chrono::Utc)))
            });
            let mut conn = ready(&url)?.get()?;
            remind(&mut conn, today, dry_run)
        }
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
            let mut conn = ready(&url)?.get()?;
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
        Command::User(cmd) => user(&url, cmd),
        Command::Audit(AuditCommand::Checkpoint { file, key }) => {
            let key = audit_key(key)?;
            let mut conn = ready(&url)?.get()?;
            let c = crate::audit_checkpoint::take(&mut conn, &key)?;
            crate::audit_checkpoint::append(&file, &c)?;
            println!(
                "audit: checkpoint of {} events ({}) added to {}",
                c.seq,
                c.hash,
                file.display()
            );
            Ok(())
        }
        Command::Audit(AuditCommand::Verify { against, key }) => {
            let mut conn = ready(&url)?.get()?;
            let mut report = db::audit::verify(&mut conn)?;
            if let Some(file) = &against {
                let key = audit_key(key)?;
                report
                    .problems
                    .extend(crate::audit_checkpoint::check(&mut conn, &key, file)?);
            }
            if report.problems.is_empty() {
                match &against {
                    Some(file) => println!(
                        "audit: {} events, chain intact, every checkpoint in {} holds",
                        report.rows,
                        file.display()
                    ),
                    None => println!("audit: {} events, chain intact", report.rows),
                }
                Ok(())
            } else {
                for p in &report.problems {
                    eprintln!("audit: {p}");
                }
                bail!("the audit log was tampered with ({} problems)", report.problems.len())
            }
        }
        Command::DemoAccounts => demo_accounts(&url),
        Command::DemoData { as_of } => {
            let mut conn = ready(&url)?.get()?;
            println!("{}", crate::demo::load(&mut conn, as_of)?);
            Ok(())
        }
        Command::Backup { file } => {
            crate::backup::backup(&url, &file)?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            println!("backup: {} written ({size} bytes)", file.display());
            Ok(())
        }
        Command::Restore { file } => {
            crate::backup::restore(&url, &file)?;
            println!(
                "restore: {} restored; check it with `duban audit verify`",
                file.display()
            );
            Ok(())
        }
        Command::GenSecret => unreachable!("handled above"),
    }
}

/// A pool on a database whose schema is current.
fn ready(url: &str) -> Result<PgPool> {
    let pool = db::connect(url, 16)?;
    if pool
        .get()?
        .has_pending_migration(db::MIGRATIONS)
        .map_err(|e| anyhow!("{e}"))?
    {
        bail!("the database has pending migrations; run `duban migrate` first");
    }
    Ok(pool)
}

fn read_password() -> Result<String> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .context("reading the password from standard input")?;
    let password = s.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}

fn find_user_id(conn: &mut diesel::PgConnection, username: &str) -> Result<i32> {
    Ok(db::users::find_by_username(conn, &username.trim().to_lowercase())?
        .ok_or_else(|| anyhow!("no user {username}"))?
        .id)
}

/// A unit given by name as well as by code or id.
fn resolve_unit(conn: &mut diesel::PgConnection, unit: &str) -> Result<String> {
    use db::schema::units;
    use diesel::prelude::*;
    let by_name: Option<String> = units::table
        .filter(units::name.eq(unit))
        .select(units::code)
        .first(conn)
        .optional()?;
    Ok(by_name.unwrap_or_else(|| unit.to_string()))
}

fn user(url: &str, cmd: UserCommand) -> Result<()> {
    let mut conn = ready(url)?.get()?;
    let actor = AuditActor::cli();
    match cmd {
        UserCommand::Add {
            username,
            role,
            unit,
            display_name,
            password_stdin: _,
        } => {
            let password = read_password()?;
            let unit = unit.map(|u| resolve_unit(&mut conn, &u)).transpose()?;
            let new = NewUser {
                username,
                display_name,
                role: Role::parse(&role).expect("clap checked the role"),
                unit,
                password,
            };
            let user = accounts::create_user(&mut conn, &actor, &new)?;
            println!("user: created {} ({})", user.username, user.role.as_str());
        }
        UserCommand::Disable { username } => {
            let id = find_user_id(&mut conn, &username)?;
            accounts::disable_user(&mut conn, &actor, id)?;
            println!("user: disabled {username}; their sessions have ended");
        }
        UserCommand::ResetPassword { username, .. } => {
            let password = read_password()?;
            let id = find_user_id(&mut conn, &username)?;
            accounts::set_password(&mut conn, &actor, id, &password, "reset_password")?;
            println!("user: new password set for {username}; their sessions have ended");
        }
    }
    Ok(())
}

fn demo_accounts(url: &str) -> Result<()> {
    use base64::Engine;
    let mut conn = ready(url)?.get()?;
    let actor = AuditActor {
        user_id: None,
        label: "demo".into(),
        ip: None,
    };
    // Made-up people, so that history reads as it will in use: "市教育局 · 李娜".
    const PEOPLE: [&str; 20] = [
        "张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "吴敏", "徐强", "孙悦", "马超", "朱琳", "胡军",
        "郭涛", "何平", "高翔", "林峰", "罗颖", "梁晨",
    ];
    let mut wanted: Vec<(String, Role, Option<String>, String, String)> = vec![
        ("admin".into(), Role::Admin, None, "周敏".into(), "督查室".into()),
        ("leader".into(), Role::Leader, None, "林志远".into(), "市领导".into()),
        ("deputy".into(), Role::Deputy, None, "陈建国".into(), "人大代表".into()),
    ];
    for (i, unit) in db::units::list_refs(&mut conn)?.into_iter().enumerate() {
        let person = PEOPLE
            .get(i)
            .map_or_else(|| format!("联络员{}", i + 1), |p| p.to_string());
        wanted.push((unit.code.clone(), Role::Unit, Some(unit.code), person, unit.name));
    }
    println!("{:<10} {:<8} {:<22} {:<6} 单位", "username", "role", "password", "姓名");
    for (username, role, unit, display_name, org) in wanted {
        let password = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::auth::random_bytes::<12>());
        match db::users::find_by_username(&mut conn, &username)? {
            Some(u) => accounts::set_password(&mut conn, &actor, u.id, &password, "reset_password")?,
            None => {
                accounts::create_user(
                    &mut conn,
                    &actor,
                    &NewUser {
                        username: username.clone(),
                        display_name: display_name.clone(),
                        role,
                        unit,
                        password: password.clone(),
                    },
                )?;
            }
        }
        println!(
            "{:<10} {:<8} {:<22} {:<6} {}",
            username,
            role.as_str(),
            password,
            display_name,
            org
        );
    }
    Ok(())
}

/// `duban remind`: what is due on `today`, sent or (dry run) only printed.
fn remind(conn: &mut diesel::PgConnection, today: chrono::NaiveDate, dry_run: bool) -> Result<()> {
    let list = if dry_run {
        crate::reminders::due(conn, today)?
    } else {
        crate::reminders::send_due(conn, today)?
    };
    let verb = if dry_run { "would send" } else { "sent" };
    println!("remind: {} reminders {verb} as of {today}", list.len());
    for d in &list {
        let before = if dry_run && crate::reminders::already_sent(conn, d)? {
            " (sent before; not again)"
        } else {
            ""
        };
        println!(
            "  {} {} {} → {}{before}: {}",
            d.rule.as_str(),
            d.period,
            d.wording.title,
            d.unit_name,
            d.wording.body
        );
    }
    Ok(())
}

/// The work `serve` does beside answering requests.
struct Background {
    mailer: Option<crate::mail::Mailer>,
    mail_poll: std::time::Duration,
    mail_retry: std::time::Duration,
    remind_every: std::time::Duration,
}

#[allow(clippy::too_many_arguments)]
fn serve(
    url: &str,
    bind: &str,
    static_dir: PathBuf,
    workers: Option<usize>,
    jwt: JwtKeys,
    settings: Settings,
    checkpoints: Option<(PathBuf, crate::audit_checkpoint::CheckpointKey, u64)>,
    background: Background,
) -> Result<()> {
    let pool = ready(url)?;
    let now_override = settings.now_override;
    crate::reminders::keep_reminding(
        pool.clone(),
        move || now_override.unwrap_or_else(chrono::Utc::now),
        background.remind_every,
    )?;
    match background.mailer {
        Some(mailer) => crate::mail::keep_sending(pool.clone(), mailer, background.mail_retry, background.mail_poll)?,
        None => tracing::warn!("DUBAN_SMTP_URL is not set: messages stay in the app, no email goes out"),
    }
    if let Some((file, key, minutes)) = checkpoints {
        keep_checkpointing(pool.clone(), file, key, std::time::Duration::from_secs(minutes * 60))?;
    }
    let listener = server::bind(bind).map_err(anyhow::Error::msg)?;
    let static_dir = if static_dir.join("index.html").exists() {
        Some(static_dir)
    } else {
        tracing::warn!(dir = %static_dir.display(), "no built web app there; serving the API only");
        None
    };
    tracing::info!(address = %listener.local_addr()?, "Duban is listening");
    // DUBAN_READ_CACHE=off serves every read from the database (to measure or rule out the cache).
    let caches = if std::env::var("DUBAN_READ_CACHE").is_ok_and(|v| v == "off") {
        Caches::off()
    } else {
        Caches::new(change_feed::listen(url.to_string()))
    };
    let state = AppState {
        pool,
        jwt,
        settings,
        caches,
        availability: Default::default(),
        reader: crate::db::reader::Reader::new(url, crate::db::availability::CONNECTION_WAIT)?,
    };
    actix_web::rt::System::new()
        .block_on(async move { server::start(state, listener, ServeOptions { static_dir, workers })?.await })?;
    tracing::info!("stopped");
    Ok(())
}

/// Checkpoints the audit chain now, then every `every` when it has grown (a thread of `serve`).
fn keep_checkpointing(
    pool: PgPool,
    file: PathBuf,
    key: crate::audit_checkpoint::CheckpointKey,
    every: std::time::Duration,
) -> Result<()> {
    use crate::audit_checkpoint::{append, take};
    let first = take(&mut *pool.get()?, &key)?;
    append(&file, &first).context("the audit checkpoint file")?;
    tracing::info!(file = %file.display(), events = first.seq, "audit checkpoint");
    std::thread::Builder::new()
        .name("audit-checkpoints".into())
        .spawn(move || {
            let mut last = first.seq;
            loop {
                std::thread::sleep(every);
                let taken = pool
                    .get()
                    .map_err(anyhow::Error::from)
                    .and_then(|mut conn| take(&mut conn, &key));
                match taken {
                    Ok(c) if c.seq != last => match append(&file, &c) {
                        Ok(()) => last = c.seq,
                        Err(e) => tracing::error!(error = %e, "cannot write the audit checkpoint"),
                    },
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "no audit checkpoint this time"),
                }
            }
        })?;
    Ok(())
}
