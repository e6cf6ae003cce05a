//! Binding and running the HTTP server. Shutdown on SIGINT/SIGTERM is graceful: the socket
//! stops accepting and requests in flight get up to 30 s to finish.

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::{dev::Server, App, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::http::{self, state::AppState};

pub struct ServeOptions {
    pub static_dir: Option<PathBuf>,
    pub workers: Option<usize>,
}

/// Binds `addr`, turning the usual failures into sentences an operator can act on.
pub fn bind(addr: &str) -> Result<TcpListener, String> {
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("{addr} is already in use by another program; stop it or set DUBAN_BIND to another address")
        }
        std::io::ErrorKind::PermissionDenied => format!("no permission to listen on {addr}"),
        _ => format!("cannot listen on {addr}: {e}"),
    })
}

pub fn start(state: AppState, listener: TcpListener, options: ServeOptions) -> std::io::Result<Server> {
    let routes = http::configure(state, options.static_dir);
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(actix_web::middleware::from_fn(http::read_cache::retire_after_writes))
            .wrap(actix_web::middleware::from_fn(http::conditional::conditional_get))
            .wrap(http::security_headers())
            .wrap(actix_web::middleware::Compress::default())
            .wrap(TracingLogger::<http::access_log::RequestSpan>::new())
            .configure(routes.clone())
    })
    .shutdown_timeout(30)
    .listen(listener)?;
    if let Some(n) = options.workers {
        server = server.workers(n);
    }
    Ok(server.run())
}
