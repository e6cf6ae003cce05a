//! Structured logs. `DUBAN_LOG` sets the filter (default `info`); `DUBAN_LOG_FORMAT=json`
//! writes one JSON object per line. Each request's lines carry its `request_id`, and each
//! request ends with one access-log line: the closing of its span (`tracing-actix-web`),
//! with method, route, target, status, client address, caller (`http::access_log`) and the
//! time it took. Bodies and headers are never logged, so neither passwords nor tokens reach
//! the log.

use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_env("DUBAN_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    // A second init (tests) is harmless; ignore it.
    let _ = if std::env::var("DUBAN_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
