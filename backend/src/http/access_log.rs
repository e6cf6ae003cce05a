//! The request span behind the access log: `tracing-actix-web`'s fields plus `principal`,
//! which the auth extractor fills in (`user:12`, `token:3`), so that the log says who read
//! what. The span's closing line is the access-log line (see `telemetry`).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, HttpRequest};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpan, RootSpanBuilder};

use super::auth::{Caller, Who};

pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        tracing_actix_web::root_span!(request, principal = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// The request's span, to name the caller on once it is known (none outside a `TracingLogger`).
pub fn request_span(req: &HttpRequest) -> Option<RootSpan> {
    req.extensions().get::<RootSpan>().cloned()
}

pub fn record_caller(span: Option<RootSpan>, caller: &Caller) {
    if let Some(span) = span {
        let who = match &caller.who {
            Who::User(u) => format!("user:{}", u.user.id),
            Who::ApiToken(t) => format!("token:{}", t.id),
        };
        span.record("principal", who.as_str());
    }
}
