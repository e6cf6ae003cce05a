//! Real Chromium, driven through chromedriver (WebDriver) with fantoccini.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempdir::Dir,
}

mod tempdir {
    /// A temporary folder removed on drop.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium of `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        // On Linux Chromium takes its language from the environment (`--lang` alone leaves date
        // inputs reading mm/dd/yyyy): Chinese, as our users' browsers are. LANGUAGE only: a
        // LANG naming a locale the system lacks garbles the file names sent to uploads.
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .env("LANGUAGE", "zh_CN:zh")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e} (./dev test installs it)"));
        let profile = std::env::temp_dir().join(format!("duban-chromium-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&profile).unwrap();
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=zh-CN",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps = match caps {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = None;
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        driver,
                        _profile: tempdir::Dir(profile),
                    }
                }
                Err(e) => {
                    last_err = Some(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("chromedriver did not answer: {last_err:?}");
    }

    /// Waits (up to 15 s) for an element to appear.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    /// Waits (up to 15 s) until nothing matches `css`: a row removed after a write goes when
    /// the list is fetched again, a moment after the outcome is announced.
    pub async fn wait_gone(&self, css: &str) {
        for _ in 0..300 {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} is still shown after 15 s");
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(super::artifacts_dir().join(format!("{name}.png")), png).expect("write screenshot");
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Logs in through the login page as one of [`crate::ACCOUNTS`] and waits for the app.
    pub async fn login(&self, app: &crate::TestApp, username: &str, next: &str) {
        let c = &self.client;
        c.goto(&app.url(&format!("/login?next={next}"))).await.unwrap();
        self.wait_for("#login-username")
            .await
            .send_keys(username)
            .await
            .unwrap();
        self.wait_for("#login-password")
            .await
            .send_keys(crate::PASSWORD)
            .await
            .unwrap();
        self.wait_for("#login-submit").await.click().await.unwrap();
        self.wait_for("#logout-button").await;
    }
}

/// axe-core from the npm package in `tools/` (`./dev test` installs it).
fn axe_source() -> String {
    let path = super::manifest_dir().join("../tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run ./dev test, which installs it)", path.display()))
}

impl Browser {
    /// Runs axe-core in the page; panics listing every serious or critical violation.
    pub async fn assert_accessible(&self, what: &str) {
        let src = axe_source();
        self.client.execute(&src, vec![]).await.expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => \
                   ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))\
                 .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let bad: Vec<&serde_json::Value> = result
            .as_array()
            .expect("a list of violations")
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious") | Some("critical")))
            .collect();
        assert!(
            bad.is_empty(),
            "{what}: accessibility violations: {}",
            serde_json::to_string_pretty(&bad).unwrap()
        );
    }
}
