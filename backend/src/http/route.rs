//! A route of `/api/v1`, declared once beside its handler: the same value registers it in the
//! router, documents it in the OpenAPI document and is walked by the permission matrix.
//!
//! What a handler extracts decides what its documentation says, so the two cannot drift:
//! [`Caller`] makes the route need a bearer token (401/403), [`IfMatch`] makes the
//! `If-Match` header required (412/428), [`Json<T>`] documents `T` as the body and
//! `web::Query<T>` its parameters. Only the summary and the answer are written by hand.

use std::sync::Arc;

use actix_web::{guard, web, FromRequest, Handler, HttpRequest, Resource, Responder};
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::input::Json;
use super::read_cache::ReadAfter;
use super::versioning::IfMatch;

pub type Schemas = Vec<(String, RefOr<Schema>)>;
pub type SchemaFn = fn(&mut Schemas) -> RefOr<Schema>;

/// Registers `T` (and what it refers to) and answers a reference to it.
pub fn schema_of<T: ToSchema>(out: &mut Schemas) -> RefOr<Schema> {
    out.push((T::name().into_owned(), T::schema()));
    T::schemas(out);
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name()))
}

fn query_params<T: IntoParams>() -> Vec<Parameter> {
    T::into_params(|| Some(ParameterIn::Query))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// As the permission matrix names it: `Get`, `Post`, …
    pub fn name(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Delete => "Delete",
        }
    }

    /// As HTTP names it: `GET`, `POST`, …
    pub fn http(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    fn guard(self) -> impl guard::Guard {
        use actix_web::http::Method as M;
        guard::Method(match self {
            Method::Get => M::GET,
            Method::Post => M::POST,
            Method::Put => M::PUT,
            Method::Delete => M::DELETE,
        })
    }
}

/// What a request carries in its body.
#[derive(Clone, Copy, Default)]
pub enum Body {
    #[default]
    None,
    Json(SchemaFn),
    /// The raw bytes of an uploaded file.
    File,
}

/// What a route answers when it succeeds.
#[derive(Clone, Copy)]
pub enum Answer {
    Json(u16, SchemaFn),
    Empty(u16),
    File(&'static str),
}

/// What the handler's extractors require of a request, read from their types.
#[derive(Clone, Copy, Default)]
pub struct Extracted {
    /// A bearer token: a session or an API token ([`Caller`]).
    pub caller: bool,
    /// The version edited ([`IfMatch`]).
    pub if_match: bool,
    /// A write's token, to read what it wrote ([`ReadAfter`]).
    pub read_after: bool,
    pub body: Body,
    pub query: Option<fn() -> Vec<Parameter>>,
}

/// An extractor's mark on the documentation. Extractors that add nothing keep the default.
pub trait Documented {
    fn document(_: &mut Extracted) {}
}

impl Documented for Caller {
    fn document(x: &mut Extracted) {
        x.caller = true;
    }
}

impl Documented for IfMatch {
    fn document(x: &mut Extracted) {
        x.if_match = true;
    }
}

impl Documented for ReadAfter {
    fn document(x: &mut Extracted) {
        x.read_after = true;
    }
}

impl<T: ToSchema + 'static> Documented for Json<T> {
    fn document(x: &mut Extracted) {
        x.body = Body::Json(schema_of::<T>);
    }
}

impl<T: IntoParams> Documented for web::Query<T> {
    fn document(x: &mut Extracted) {
        x.query = Some(query_params::<T>);
    }
}

impl Documented for web::Payload {
    fn document(x: &mut Extracted) {
        x.body = Body::File;
    }
}

impl<T> Documented for web::Path<T> {}
impl Documented for super::auth::ItemAlongside {}
impl<T: ?Sized> Documented for web::Data<T> {}
impl Documented for HttpRequest {}

/// A handler's whole argument list (actix passes it as a tuple).
pub trait DocumentedArgs {
    fn document(x: &mut Extracted);
}

macro_rules! documented_tuple {
    ($($t:ident),*) => {
        impl<$($t: Documented),*> DocumentedArgs for ($($t,)*) {
            #[allow(unused_variables)]
            fn document(x: &mut Extracted) {
                $($t::document(x);)*
            }
        }
    };
}

documented_tuple!();
documented_tuple!(A);
documented_tuple!(A, B);
documented_tuple!(A, B, C);
documented_tuple!(A, B, C, D);
documented_tuple!(A, B, C, D, E);
documented_tuple!(A, B, C, D, E, F);

/// `ApiRoute::get(path, handler, tag, summary)` and the same for the other methods.
macro_rules! method_constructors {
    ($($name:ident $method:ident),*) => {$(
        pub fn $name<F, Args>(path: &'static str, handler: F, tag: &'static str, summary: &'static str) -> Self
        where
            F: Handler<Args> + Send + Sync,
            Args: FromRequest + DocumentedArgs + 'static,
            F::Output: Responder + 'static,
        {
            Self::new(Method::$method, path, handler, tag, summary)
        }
    )*};
}

type Register = Arc<dyn Fn() -> Resource + Send + Sync>;

/// One route of `/api/v1`.
#[derive(Clone)]
pub struct ApiRoute {
    pub method: Method,
    /// Below `/api/v1`, in actix's pattern syntax (`/items/{id}`).
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub answer: Answer,
    pub extracted: Extracted,
    /// Errors particular to this route, beside those its extractors and method imply.
    pub errors: &'static [(u16, &'static str)],
    /// The handler's Rust path (`duban::http::routes::reports::create`).
    pub handler: &'static str,
    register: Register,
}

impl ApiRoute {
    pub fn new<F, Args>(
        method: Method,
        path: &'static str,
        handler: F,
        tag: &'static str,
        summary: &'static str,
    ) -> Self
    where
        F: Handler<Args> + Send + Sync,
        Args: FromRequest + DocumentedArgs + 'static,
        F::Output: Responder + 'static,
    {
        let mut extracted = Extracted::default();
        Args::document(&mut extracted);
        let name = std::any::type_name::<F>();
        ApiRoute {
            method,
            path,
            tag,
            summary,
            answer: Answer::Empty(204),
            extracted,
            errors: &[],
            handler: name,
            register: Arc::new(move || web::resource(path).guard(method.guard()).to(handler.clone())),
        }
    }

    method_constructors!(get Get, post Post, put Put, delete Delete);

    /// Answers `T` as JSON with `status`.
    pub fn json<T: ToSchema>(mut self, status: u16) -> Self {
        self.answer = Answer::Json(status, schema_of::<T>);
        self
    }

    /// Answers no body (204 unless said otherwise).
    pub fn empty(mut self, status: u16) -> Self {
        self.answer = Answer::Empty(status);
        self
    }

    /// Answers a file of type `mime`.
    pub fn file(mut self, mime: &'static str) -> Self {
        self.answer = Answer::File(mime);
        self
    }

    pub fn errors(mut self, errors: &'static [(u16, &'static str)]) -> Self {
        self.errors = errors;
        self
    }

    /// The actix resource serving this route.
    pub fn resource(&self) -> Resource {
        (self.register)()
    }
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
