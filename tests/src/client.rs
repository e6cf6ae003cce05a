//! Clients that call the API as one principal each, after crates.io's `RequestHelper`: an
//! [`Anonymous`] caller, a signed-in [`User`], and a [`Bearer`] of any other token (an API
//! token, or a forged one). Paths are relative to `/api/v1`; `.if_match(version)` gives the
//! same client sending `If-Match`.

use std::future::Future;

use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

use crate::TestApp;

/// What every client can send. Only [`RequestHelper::request`] is per client; the rest is
/// built on it.
pub trait RequestHelper {
    fn app(&self) -> &TestApp;

    /// A request to `/api/v1{path}` as this client, to add a body to and send.
    fn request(&self, method: Method, path: &str) -> RequestBuilder;

    /// The same client, sending `If-Match: version`.
    fn if_match(&self, version: impl Into<String>) -> IfMatch<'_, Self>
    where
        Self: Sized,
    {
        IfMatch {
            inner: self,
            version: version.into(),
        }
    }

    // The futures below own their request: they borrow neither the client nor the path, so
    // a closure may return one (`|n| unit.if_match(&v).put(&format!(…), …)`).

    fn get(&self, path: &str) -> impl Future<Output = Response> + use<Self>
    where
        Self: Sized,
    {
        sent(self.request(Method::GET, path))
    }

    /// GET, expect `status` (the body is printed when it differs), return the JSON body.
    fn get_json(&self, path: &str, status: u16) -> impl Future<Output = Value> + use<Self>
    where
        Self: Sized,
    {
        let res = self.get(path);
        async move { crate::body(res.await, status).await }
    }

    fn post(&self, path: &str, json: Value) -> impl Future<Output = Response> + use<Self>
    where
        Self: Sized,
    {
        sent(self.request(Method::POST, path).json(&json))
    }

    /// POST without a body.
    fn post_empty(&self, path: &str) -> impl Future<Output = Response> + use<Self>
    where
        Self: Sized,
    {
        sent(self.request(Method::POST, path))
    }

    fn put(&self, path: &str, json: Value) -> impl Future<Output = Response> + use<Self>
    where
        Self: Sized,
    {
        sent(self.request(Method::PUT, path).json(&json))
    }

    fn delete(&self, path: &str) -> impl Future<Output = Response> + use<Self>
    where
        Self: Sized,
    {
        sent(self.request(Method::DELETE, path))
    }
}

async fn sent(req: RequestBuilder) -> Response {
    req.send().await.expect("request sent")
}

fn api_request(app: &TestApp, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
    let req = app.client.request(method, app.url(&format!("/api/v1{path}")));
    match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    }
}

/// Nobody signed in.
pub struct Anonymous<'a> {
    pub(crate) app: &'a TestApp,
}

impl RequestHelper for Anonymous<'_> {
    fn app(&self) -> &TestApp {
        self.app
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        api_request(self.app, method, path, None)
    }
}

/// An account signed in over HTTP, with a session of its own.
pub struct User<'a> {
    pub(crate) app: &'a TestApp,
    pub username: String,
    /// The session's access token.
    pub token: String,
}

impl RequestHelper for User<'_> {
    fn app(&self) -> &TestApp {
        self.app
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        api_request(self.app, method, path, Some(&self.token))
    }
}

/// Any other bearer token: an API token's secret, or one a test made up.
pub struct Bearer<'a> {
    pub(crate) app: &'a TestApp,
    pub token: String,
}

impl RequestHelper for Bearer<'_> {
    fn app(&self) -> &TestApp {
        self.app
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        api_request(self.app, method, path, Some(&self.token))
    }
}

/// A client's requests with `If-Match`.
pub struct IfMatch<'c, C> {
    inner: &'c C,
    version: String,
}

impl<C: RequestHelper> RequestHelper for IfMatch<'_, C> {
    fn app(&self) -> &TestApp {
        self.inner.app()
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.inner.request(method, path).header("If-Match", &self.version)
    }
}

impl TestApp {
    pub fn anonymous(&self) -> Anonymous<'_> {
        Anonymous { app: self }
    }

    /// `username` signed in over HTTP (a new session each time).
    pub async fn as_user(&self, username: &str) -> User<'_> {
        User {
            app: self,
            username: username.to_string(),
            token: self.login(username).await,
        }
    }

    pub async fn admin(&self) -> User<'_> {
        self.as_user("admin").await
    }

    /// The leader whose session every [`TestApp`] starts with, for tests that only read.
    pub fn reader(&self) -> User<'_> {
        User {
            app: self,
            username: "leader".into(),
            token: self.reader.clone(),
        }
    }

    /// A client sending `token`.
    pub fn bearer(&self, token: impl Into<String>) -> Bearer<'_> {
        Bearer {
            app: self,
            token: token.into(),
        }
    }

    /// A fresh API token (see [`TestApp::api_token`]) as a client.
    pub fn api_token_client(&self, plan_year: Option<i32>) -> Bearer<'_> {
        self.bearer(self.api_token(plan_year))
    }
}

/// Sends `method /api/v1{path}` with a body the server may refuse before reading it all
/// (413). The body is written from another thread while the answer is read: an HTTP client
/// writes first, and when the server closes on the unread rest it reports the reset instead
/// of the answer that came before it. Returns the status (0 when no answer came) and the
/// answer's body.
pub async fn send_oversized(
    app: &TestApp,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: OversizedBody,
) -> (u16, String) {
    let host = app.address.trim_start_matches("http://").to_string();
    let mut head = format!("{method} /api/v1{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    tokio::task::spawn_blocking(move || exchange(&host, &head, body))
        .await
        .unwrap()
}

/// What `send_oversized` writes after the head.
pub enum OversizedBody {
    Bytes(Vec<u8>),
    /// This many spaces, written from one small buffer: a 100 MB body made in memory for
    /// every call costs more than the call.
    Spaces(usize),
}

impl OversizedBody {
    fn len(&self) -> usize {
        match self {
            OversizedBody::Bytes(bytes) => bytes.len(),
            OversizedBody::Spaces(len) => *len,
        }
    }

    /// Writes the body until it is all written or the server stops reading (an error here is
    /// the server closing on the unread rest; the answer is read on the other side).
    fn write_to(&self, writer: &mut impl std::io::Write) {
        use std::io::Read;
        let _ = match self {
            OversizedBody::Bytes(bytes) => writer.write_all(bytes),
            OversizedBody::Spaces(len) => std::io::copy(&mut std::io::repeat(b' ').take(*len as u64), writer).map(drop),
        };
    }
}

fn exchange(host: &str, head: &str, body: OversizedBody) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let feeding = std::thread::spawn(move || body.write_to(&mut writer));
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // To the end of the answer: its declared length after the head, or the server's close.
    loop {
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|len| answer.len() >= end + 4 + len) {
                break;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = feeding.join();
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}
