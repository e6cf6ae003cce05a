//! Helpers for the end-to-end tests: a fresh PostgreSQL database per test on the cluster
//! named by `DATABASE_URL` (the test command starts a throwaway one), copied from a migrated
//! template; the real app on a random port; clients that call it as each kind of principal;
//! and Chromium through chromedriver.

pub mod browser;
pub mod client;
pub mod mail;

pub use client::{Anonymous, Bearer, IfMatch, RequestHelper, User};

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::OnceLock;

use diesel::prelude::*;
use diesel::Connection;
use duban::auth::jwt::JwtKeys;
use duban::db::audit::AuditActor;
use duban::http::read_cache::Caches;
pub use duban::http::state::{AppState, Settings};
use duban_shared::auth::{NewUser, Role};
use duban_shared::ids::PlanYear;

/// The signing key of test servers (tests that forge tokens use it, or another).
pub const JWT_KEY: [u8; 32] = *b"duban-test-signing-key-32-bytes!";

/// A database that exists for one test and is dropped after it.
pub struct TestDb {
    pub name: String,
    pub url: String,
    admin_url: String,
    /// Only the creating handle drops the database.
    owned: bool,
    /// The connections `conn` hands out: a new PostgreSQL connection is a server process
    /// started and ended, and the permission matrix and the bad-input sweep ask for hundreds
    /// per part. (None once the handle is dropped.)
    pool: Option<TestPool>,
}

type TestPool = diesel::r2d2::Pool<diesel::r2d2::ConnectionManager<PgConnection>>;

/// Made without connecting (the database may not exist yet); connections are opened as
/// asked for, each checked with `SELECT 1` when handed out again (a test may cut them all).
fn test_pool(url: &str) -> Option<TestPool> {
    Some(
        diesel::r2d2::Pool::builder()
            .min_idle(Some(0))
            .max_size(32)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build_unchecked(diesel::r2d2::ConnectionManager::new(url)),
    )
}

impl TestDb {
    /// A database with the schema and nothing else: a copy of the migrated template.
    pub fn create() -> TestDb {
        Self::copy_of(Template::Migrated)
    }

    /// A database with the schema and the bundled 2024 plan: a copy of the seeded template.
    pub fn create_2024() -> TestDb {
        Self::copy_of(Template::Seeded2024)
    }

    /// The handle of a database not yet created, with a fresh name on the test cluster.
    fn named_new() -> TestDb {
        let admin_url = cluster_url();
        let name = format!("duban_test_{}", uuid::Uuid::new_v4().simple());
        let url = replace_db_name(&admin_url, &name);
        TestDb {
            pool: test_pool(&url),
            url,
            name,
            admin_url,
            owned: true,
        }
    }

    fn copy_of(template: Template) -> TestDb {
        let db = TestDb::named_new();
        let mut admin = PgConnection::establish(&db.admin_url).expect("connect to the test cluster");
        let copy = format!("CREATE DATABASE {} TEMPLATE {}", db.name, template.name());
        if diesel::sql_query(&copy).execute(&mut admin).is_err() {
            // Another checkout's build of this test binary (the build cache is shared) may have
            // replaced the template since this process made it: make it again.
            template.ensure(template.name());
            diesel::sql_query(&copy)
                .execute(&mut admin)
                .expect("create test database");
        }
        db
    }

    /// A database with nothing in it, not even the schema (to restore a backup into).
    pub fn create_empty() -> TestDb {
        let db = TestDb::named_new();
        let mut admin = PgConnection::establish(&db.admin_url).expect("connect to the test cluster");
        diesel::sql_query(format!("CREATE DATABASE {} TEMPLATE template0", db.name))
            .execute(&mut admin)
            .expect("create an empty database");
        db
    }

    /// A second handle on the same database (for a second server instance).
    pub fn attach(other: &TestDb) -> TestDb {
        TestDb {
            name: other.name.clone(),
            url: other.url.clone(),
            admin_url: other.admin_url.clone(),
            owned: false,
            pool: test_pool(&other.url),
        }
    }

    /// A connection to the cluster's maintenance database, beside this one.
    pub fn admin_conn(&self) -> PgConnection {
        PgConnection::establish(&self.admin_url).expect("connect to the test cluster")
    }

    /// A connection to the test database, back to its pool when dropped.
    pub fn conn(&self) -> diesel::r2d2::PooledConnection<diesel::r2d2::ConnectionManager<PgConnection>> {
        let pool = self.pool.as_ref().expect("the handle is live");
        pool.get().expect("connect to the test database")
    }

    /// Runs raw SQL; panics if it fails.
    pub fn execute(&self, sql: &str) {
        diesel::sql_query(sql).execute(&mut self.conn()).unwrap();
    }

    /// The number of rows in `table`.
    pub fn count(&self, table: &str) -> i64 {
        scalar(&mut self.conn(), &format!("SELECT count(*) AS n FROM {table}"))
    }
}

/// The one number `sql` answers (as a column `n`).
fn scalar(conn: &mut PgConnection, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

fn cluster_url() -> String {
    std::env::var("DATABASE_URL")
        .expect("DATABASE_URL must name a PostgreSQL cluster the tests may create databases on (./dev test sets it)")
}

/// The databases test databases are copied from (`CREATE DATABASE … TEMPLATE`), each made
/// once and then shared by every test of every test binary that needs the same one.
///
/// The migrated template's name carries a hash of the migrations' files, so a cluster
/// shared by checkouts with other migrations holds one template for each. The seeded
/// one's name also carries the identity of this test binary (its path, size and time),
/// because the loader that fills it is code: a rebuild makes a new one, and drops the ones
/// this binary's earlier builds made (a process whose template went that way makes it
/// again). Templates are built under another name and renamed
/// when complete, under an advisory lock that every test binary takes; nobody may connect
/// to them afterwards (PostgreSQL refuses to copy a database someone is connected to).
#[derive(Clone, Copy)]
enum Template {
    Migrated,
    Seeded2024,
}

/// The advisory lock (on the cluster) under which templates are made.
const TEMPLATE_LOCK: i64 = 0x6475_6261_6e74_706c; // "dubantpl"

impl Template {
    /// The template's name; the template is made (once per process) when missing.
    fn name(self) -> &'static str {
        static NAMES: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
        NAMES[self as usize].get_or_init(|| {
            let name = self.key();
            self.ensure(&name);
            name
        })
    }

    fn key(self) -> String {
        match self {
            Template::Migrated => format!("duban_tpl_{:016x}", migrations_hash()),
            Template::Seeded2024 => {
                let exe = std::env::current_exe().expect("the test binary's path");
                let mut hash = Fnv::new();
                hash.write(Template::Migrated.name().as_bytes());
                hash.write(duban::db::seed::PLAN_2024_JSON.as_bytes());
                hash.write(exe.as_os_str().as_encoded_bytes());
                if let Ok(meta) = std::fs::metadata(&exe) {
                    hash.write(&meta.len().to_le_bytes());
                    if let Ok(t) = meta.modified() {
                        hash.write(format!("{t:?}").as_bytes());
                    }
                }
                format!("duban_tpl_{:016x}_2024", hash.0)
            }
        }
    }

    fn ensure(self, name: &str) {
        match self {
            Template::Migrated => ensure_template(name, "template1", None, |conn| {
                duban::db::migrate(conn).expect("migrations apply");
            }),
            Template::Seeded2024 => {
                let exe = std::env::current_exe().expect("the test binary's path");
                let owner = exe.display().to_string().replace('\'', "''");
                ensure_template(name, Template::Migrated.name(), Some(&owner), |conn| {
                    duban::db::seed::load_plan(conn, &duban::db::seed::plan_2024()).expect("seed 2024");
                })
            }
        }
    }
}

/// Makes the template `name` unless it exists: a copy of `from` that `fill` completes. A
/// template with an `owner` (a test binary's path) replaces the ones that owner made before.
fn ensure_template(name: &str, from: &str, owner: Option<&str>, fill: impl FnOnce(&mut PgConnection)) {
    let mut admin = PgConnection::establish(&cluster_url()).expect("connect to the test cluster");
    diesel::sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"))
        .execute(&mut admin)
        .expect("take the template lock");
    let exists = |admin: &mut PgConnection, name: &str| {
        scalar(
            admin,
            &format!("SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"),
        ) > 0
    };
    if !exists(&mut admin, name) {
        let building = format!("{name}_new");
        let run = |admin: &mut PgConnection, sql: String| {
            diesel::sql_query(&sql)
                .execute(admin)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        };
        // Left by a run that died while building.
        run(&mut admin, format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"));
        run(&mut admin, format!("CREATE DATABASE {building} TEMPLATE {from}"));
        // Closed before the rename: nobody may be connected to a template.
        fill(
            &mut PgConnection::establish(&replace_db_name(&cluster_url(), &building)).expect("connect to the template"),
        );
        if let Some(owner) = owner {
            #[derive(QueryableByName)]
            struct Name {
                #[diesel(sql_type = diesel::sql_types::Text)]
                datname: String,
            }
            let stale = diesel::sql_query(format!(
                "SELECT datname FROM pg_database WHERE datname LIKE 'duban\\_tpl\\_%' \
                 AND shobj_description(oid, 'pg_database') = '{owner}'"
            ))
            .load::<Name>(&mut admin)
            .expect("list templates");
            for old in stale {
                run(
                    &mut admin,
                    format!("ALTER DATABASE {} WITH IS_TEMPLATE false", old.datname),
                );
                run(
                    &mut admin,
                    format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", old.datname),
                );
            }
            run(&mut admin, format!("COMMENT ON DATABASE {building} IS '{owner}'"));
        }
        run(
            &mut admin,
            format!("ALTER DATABASE {building} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"),
        );
        run(&mut admin, format!("ALTER DATABASE {building} RENAME TO {name}"));
    }
    diesel::sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
        .execute(&mut admin)
        .expect("release the template lock");
}

/// A hash of the migrations' files (names and contents), stable across builds and runs.
fn migrations_hash() -> u64 {
    fn walk(dir: &std::path::Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let root = manifest_dir().join("../migrations");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut hash = Fnv::new();
    for file in files {
        hash.write(file.strip_prefix(&root).unwrap().as_os_str().as_encoded_bytes());
        hash.write(&std::fs::read(&file).unwrap());
    }
    hash.0
}

/// FNV-1a, 64 bits: a hash whose value does not change between Rust releases.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain([&0xff]) {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        // Every test's writes check the item documents' triggers (migration 20): whatever a
        // test wrote, each item's stored document must say what its rows say now.
        let stale = if std::thread::panicking() {
            Vec::new()
        } else {
            self.pool
                .as_ref()
                .and_then(|p| p.get().ok())
                .map(|mut c| stale_item_documents(&mut c))
                .unwrap_or_default()
        };
        // Our own connections first, so that the drop waits on no session of ours.
        drop(self.pool.take());
        if let Ok(mut admin) = PgConnection::establish(&self.admin_url) {
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut admin);
        }
        assert!(stale.is_empty(), "items whose stored document is stale: {stale:?}");
    }
}

/// The items whose stored document (migration 20) differs from what their rows say now, or
/// that have none. Empty when the database cannot be asked (a test that cut it).
pub fn stale_item_documents(conn: &mut PgConnection) -> Vec<i32> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
    }
    diesel::sql_query(
        "SELECT i.id FROM items i LEFT JOIN item_documents d ON d.item_id = i.id \
         WHERE d.item_id IS NULL \
            OR d.milestones IS DISTINCT FROM item_milestones_json(i.id) \
            OR d.indicators IS DISTINCT FROM item_indicators_json(i.id) \
            OR d.co_units IS DISTINCT FROM item_co_units_json(i.id) \
            OR d.versions IS DISTINCT FROM item_versions_json(i.id) ORDER BY i.id",
    )
    .load::<Id>(conn)
    .map(|ids| ids.into_iter().map(|i| i.id).collect())
    .unwrap_or_default()
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "correct horse battery";

/// Accounts every [`TestApp`] starts with: (username, role, unit code).
pub const ACCOUNTS: [(&str, &str, Option<&str>); 4] = [
    ("admin", "admin", None),
    ("leader", "leader", None),
    // 市人力资源和社会保障局 leads items 5 and 6.
    ("rsj", "unit", Some("rsj")),
    // 市医疗保障局 leads items 1 to 3.
    ("ybj", "unit", Some("ybj")),
];

/// The real server on 127.0.0.1 with a random port, backed by its own database.
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub client: reqwest::Client,
    /// A leader's token, for tests that only read.
    pub reader: String,
    /// The server's read caches (their change feed is what [`TestApp::settle`] waits on).
    pub caches: std::sync::Arc<Caches>,
}

impl TestApp {
    /// The app with the 2024 plan loaded.
    pub async fn spawn() -> TestApp {
        let db = TestDb::create_2024();
        Self::spawn_on(db).await
    }

    /// The app with the 2024 plan loaded, whose supervision rules see 15 July 2024 as today
    /// (mid-year: some milestones past, June's report due).
    pub async fn spawn_mid_2024() -> TestApp {
        let db = TestDb::create_2024();
        let settings = Settings {
            now_override: Some("2024-07-15T02:00:00Z".parse().expect("a valid instant")),
            ..Default::default()
        };
        Self::spawn_with(db, settings).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        Self::spawn_with(db, Settings::default()).await
    }

    pub async fn spawn_with(db: TestDb, settings: Settings) -> TestApp {
        Self::spawn_caching(db, settings, true).await
    }

    /// The app with the 2024 plan loaded and its read caches off (`DUBAN_READ_CACHE=off`):
    /// every read, the sessions' included, goes to the database.
    pub async fn spawn_without_caches() -> TestApp {
        Self::spawn_caching(TestDb::create_2024(), Settings::default(), false).await
    }

    async fn spawn_caching(db: TestDb, settings: Settings, caching: bool) -> TestApp {
        {
            let mut conn = db.conn();
            for (username, role, unit) in ACCOUNTS {
                if duban::db::users::find_by_username(&mut conn, username)
                    .unwrap()
                    .is_some()
                {
                    continue;
                }
                let new = NewUser {
                    username: username.into(),
                    display_name: String::new(),
                    role: Role::parse(role).unwrap(),
                    unit: unit.map(Into::into),
                    password: PASSWORD.into(),
                };
                duban::accounts::create_user(&mut conn, &AuditActor::cli(), &new).expect("create test account");
            }
        }
        let pool = duban::db::connect(&db.url, 4).expect("pool");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let port = listener.local_addr().unwrap().port();
        let caches = if caching {
            Caches::new(duban::db::change_feed::listen(db.url.clone()))
        } else {
            Caches::off()
        };
        let state = AppState {
            pool,
            jwt: JwtKeys::from_bytes(&JWT_KEY).unwrap(),
            settings,
            caches: caches.clone(),
            availability: Default::default(),
            reader: duban::db::reader::Reader::new(&db.url, duban::db::availability::CONNECTION_WAIT)
                .expect("a database URL tokio-postgres reads"),
        };
        let server = duban::server::start(
            state,
            listener,
            duban::server::ServeOptions {
                static_dir: static_dir(),
                workers: Some(2),
            },
        )
        .expect("server starts");
        tokio::spawn(server);
        let mut app = TestApp {
            address: format!("http://127.0.0.1:{port}"),
            db,
            caches,
            // Idle connections are dropped before the server's keep-alive (5 s) closes them:
            // a test that blocks its thread for longer (building a 40 MB file) would otherwise
            // send its next request on a connection the server has just closed.
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(3))
                .build()
                .unwrap(),
            reader: String::new(),
        };
        app.reader = app.login("leader").await;
        app
    }

    /// Waits until the server has heard of every change committed so far (by this test's
    /// own SQL, the command line, anyone): its read caches then reflect them. Writes made
    /// through the server's HTTP API need no settling.
    pub async fn settle(&self) {
        let gens = self.caches.generations();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !gens.live() {
            assert!(std::time::Instant::now() < deadline, "the change feed never started");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let n = gens.synced() + 1;
        diesel::sql_query(format!("NOTIFY {}, '{n}'", duban::db::change_feed::SYNC))
            .execute(&mut self.db.conn())
            .expect("notify");
        while gens.synced() < n {
            assert!(
                std::time::Instant::now() < deadline,
                "the change feed did not hear the sync"
            );
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    }

    /// Logs in over HTTP and returns the access token.
    pub async fn login(&self, username: &str) -> String {
        self.login_with(username, PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("login request");
        assert_eq!(res.status().as_u16(), 200, "login as {username}");
        let body: serde_json::Value = res.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// A fresh API token, optionally limited to one plan year.
    pub fn api_token(&self, plan_year: Option<i32>) -> String {
        let mut conn = self.db.conn();
        let plan_id = plan_year.map(|y| {
            duban::db::plans::find_by_year(&mut conn, PlanYear(y))
                .unwrap()
                .expect("plan exists")
                .id
        });
        let admin = duban::db::users::find_by_username(&mut conn, "admin").unwrap().unwrap();
        let token = duban::auth::api_token::generate();
        duban::db::api_tokens::create(&mut conn, "test", &token.hash, &token.display_prefix, plan_id, admin.id)
            .expect("create api token");
        token.secret
    }

    /// The id of the account `username`.
    pub fn account_id(&self, username: &str) -> i32 {
        duban::db::users::find_by_username(&mut self.db.conn(), username)
            .unwrap()
            .expect("the account exists")
            .id
    }

    /// The id of the unit with `code`.
    pub fn unit_id(&self, code: &str) -> i32 {
        duban::db::units::find_unit(&mut self.db.conn(), code)
            .unwrap()
            .unwrap()
            .id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// An anonymous GET of a path outside `/api/v1` (the OpenAPI document, health, pages);
    /// the API's own paths go through a client ([`TestApp::anonymous`] and the others).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    /// Item `n` of the 2024 plan, as the API gives it.
    pub async fn item_json(&self, n: i64) -> serde_json::Value {
        let items = self.reader().get_json("/plans/2024/items?per_page=500", 200).await;
        items["items"]
            .as_array()
            .expect("an item list")
            .iter()
            .find(|i| i["number"] == n)
            .expect("the item is in the plan")
            .clone()
    }

    /// Item `n`'s id and its indicators' ids.
    pub async fn item_ids(&self, n: i64) -> (i64, Vec<i64>) {
        let item = self.item_json(n).await;
        let inds = item["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .map(|i| i["id"].as_i64().expect("an indicator id"))
            .collect();
        (item["id"].as_i64().expect("an item id"), inds)
    }

    /// An item (as `GET /items/{id}` answers it) put back into the editor's shape, so that a
    /// test can change one thing and save the rest as it is.
    pub async fn item_input(&self, item: &serde_json::Value) -> duban_shared::plan_edit::ItemInput {
        let plan = self.reader().get_json("/plans/2024", 200).await;
        let category_id = plan["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .find(|c| c["ordinal"] == item["category_ordinal"])
            .expect("the item's category")["id"]
            .as_i64()
            .expect("a category id");
        let detail: duban_shared::api::ItemDetail = serde_json::from_value(item.clone()).expect("an item");
        duban_shared::plan_edit::ItemInput::from_detail(&detail, category_id as i32)
    }
}

/// The tests crate's folder, asked of `cargo test` at run time: the build cache is shared
/// between clones, so a path compiled in may name another checkout.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The built web app, when there is one (`./dev test` builds it first).
pub fn static_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DUBAN_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../frontend/dist"));
    dir.join("index.html").exists().then_some(dir)
}

/// Where tests write screenshots and other things for a reviewer to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("DUBAN_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../target/test-artifacts"));
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// The 2024 plan file moved to another year (the import format of `POST /plans/import`).
pub fn plan_file_for(year: i32) -> serde_json::Value {
    let text = duban::db::seed::PLAN_2024_JSON
        .replace("2024-02-29", "2024-02-28")
        .replace("2024", &year.to_string());
    serde_json::from_str(&text).expect("the plan file is JSON")
}

/// The text of a Word file (`word/document.xml` of the .docx).
pub fn docx_document_xml(bytes: Vec<u8>) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a .docx has word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    xml
}

/// The response's ETag.
pub fn etag(res: &reqwest::Response) -> String {
    res.headers()["etag"].to_str().unwrap().to_string()
}

/// An `If-Match` value for a row's `version` (as JSON gives it): the version in quotes.
pub fn if_match(version: &serde_json::Value) -> String {
    format!("\"{}\"", version)
}

/// Asserts the status (printing the body when it differs) and returns the JSON body.
pub async fn body(res: reqwest::Response, status: u16) -> serde_json::Value {
    let got = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            super::replace_db_name("postgres://u@h:5/postgres", "x"),
            "postgres://u@h:5/x"
        );
        assert_eq!(
            super::replace_db_name("postgres://u@h:5/p?sslmode=disable", "x"),
            "postgres://u@h:5/x?sslmode=disable"
        );
        assert_eq!(super::replace_db_name("postgres://u@h:5", "x"), "postgres://u@h:5/x");
    }
}
