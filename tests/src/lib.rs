//! Helpers for the end-to-end tests: a fresh PostgreSQL database per test on the cluster
//! named by `DATABASE_URL` (the test command starts a throwaway one), the real app on a
//! random port, and Chromium through chromedriver.

pub mod browser;

use std::net::TcpListener;
use std::path::PathBuf;

use diesel::prelude::*;
use diesel::Connection;

/// A database that exists for one test and is dropped after it.
pub struct TestDb {
    pub name: String,
    pub url: String,
    admin_url: String,
}

impl TestDb {
    pub fn create() -> TestDb {
        let admin_url = std::env::var("DATABASE_URL")
            .expect("DATABASE_URL must name a PostgreSQL cluster the tests may create databases on (./dev test sets it)");
        let name = format!("duban_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url).expect("connect to the test cluster");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("create test database");
        let url = replace_db_name(&admin_url, &name);
        let mut conn = PgConnection::establish(&url).expect("connect to the test database");
        duban::db::migrate(&mut conn).expect("migrations apply");
        TestDb {
            name,
            url,
            admin_url,
        }
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect to the test database")
    }

    /// Loads the bundled 2024 plan.
    pub fn seed_2024(&self) {
        duban::db::seed::load_plan(&mut self.conn(), &duban::db::seed::plan_2024())
            .expect("seed 2024");
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
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

/// The real server on 127.0.0.1 with a random port, backed by its own database.
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub client: reqwest::Client,
}

impl TestApp {
    /// The app with the 2024 plan loaded.
    pub async fn spawn() -> TestApp {
        let db = TestDb::create();
        db.seed_2024();
        Self::spawn_on(db).await
    }

    pub async fn spawn_on(db: TestDb) -> TestApp {
        let pool = duban::db::connect(&db.url, 4).expect("pool");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let port = listener.local_addr().unwrap().port();
        let server = duban::server::start(
            pool,
            listener,
            duban::server::ServeOptions {
                static_dir: static_dir(),
                workers: Some(2),
            },
        )
        .expect("server starts");
        tokio::spawn(server);
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            db,
            client: reqwest::Client::builder().build().unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// GET, expect `status`, return the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let res = self.get(path).await;
        assert_eq!(res.status().as_u16(), status, "GET {path}");
        res.json().await.expect("JSON body")
    }
}

/// The built web app, when there is one (`./dev test` builds it first).
pub fn static_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DUBAN_STATIC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist"));
    dir.join("index.html").exists().then_some(dir)
}

/// Where tests write screenshots and other things for a reviewer to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("DUBAN_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-artifacts")
        });
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
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
        assert_eq!(
            super::replace_db_name("postgres://u@h:5", "x"),
            "postgres://u@h:5/x"
        );
    }
}
