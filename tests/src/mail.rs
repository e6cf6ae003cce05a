//! A real SMTP server on loopback (Python's aiosmtpd, `tests/fixtures/smtp/sink.py`) and
//! `duban serve` as its own process: what the reminder and email tests run against.
//!
//! The Python with aiosmtpd is `DUBAN_TEST_PYTHON` (`./dev test` makes a virtualenv for it),
//! else `python3`.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A mail the server accepted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

pub struct SmtpSink {
    pub port: u16,
    file: PathBuf,
    child: Option<Child>,
    _dir: TempDir,
}

impl SmtpSink {
    /// Starts the server on a free port.
    pub fn start() -> SmtpSink {
        let dir = TempDir::new("duban-smtp");
        let mut sink = SmtpSink {
            port: free_port(),
            file: dir.0.join("mail.jsonl"),
            child: None,
            _dir: dir,
        };
        sink.resume();
        sink
    }

    /// Stops it: the port refuses connections until [`resume`](Self::resume).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, keeping the mail received so far.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "the SMTP server runs already");
        let python = std::env::var("DUBAN_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = crate::manifest_dir().join("fixtures/smtp/sink.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .arg(self.port.to_string())
            .arg(&self.file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() != "ready" {
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
            panic!(
                "the SMTP server did not start (needs aiosmtpd: `./dev test` installs it; or set DUBAN_TEST_PYTHON): {err}"
            );
        }
        self.child = Some(child);
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail accepted so far, in order.
    pub fn mails(&self) -> Vec<Mail> {
        match std::fs::read_to_string(&self.file) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).expect("a mail record"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `duban serve` as its own process (the real binary, with its scheduler and mail worker).
pub struct ServeProcess {
    pub base: String,
    child: Child,
}

impl ServeProcess {
    /// Starts it on `db_url` with extra environment, and waits until it answers. The port is
    /// free when chosen but may be taken before the server binds it (tests run side by side):
    /// a server that exits without answering is started again on another port.
    pub async fn start(db_url: &str, env: &[(&str, &str)]) -> ServeProcess {
        let mut exits = Vec::new();
        for _ in 0..3 {
            match Self::try_start(db_url, env).await {
                Ok(process) => return process,
                Err(status) => exits.push(status),
            }
        }
        panic!("duban serve exited before answering: {exits:?}");
    }

    async fn try_start(db_url: &str, env: &[(&str, &str)]) -> Result<ServeProcess, std::process::ExitStatus> {
        let port = free_port();
        let mut cmd = Command::new(duban_binary());
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", db_url)
            .env("DUBAN_JWT_SECRET", "ZHViYW4tdGVzdC1zaWduaW5nLWtleS0zMi1ieXRlcyE=")
            .env("DUBAN_LOG", "warn")
            .env_remove("DUBAN_SMTP_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        // Owned at once, so that it is killed and reaped (Drop) whatever happens below.
        let mut process = ServeProcess {
            base: format!("http://127.0.0.1:{port}"),
            child: cmd.spawn().expect("start duban serve"),
        };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if client.get(format!("{}/healthz", process.base)).send().await.is_ok() {
                return Ok(process);
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                return Err(status);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("duban serve did not answer within 30 s");
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `duban` binary beside the test binary (a test build of the whole workspace builds
/// it: backend/tests/binary.rs).
pub fn duban_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("duban");
    assert!(
        bin.exists(),
        "{} is missing: run the whole suite (`cargo nextest run`), or `cargo build -p duban-backend --bin duban` first",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
