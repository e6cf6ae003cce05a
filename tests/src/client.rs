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
