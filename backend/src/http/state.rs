//! What every handler can reach: the database pool and the settings.

use actix_web::web;
use diesel::PgConnection;

use super::error::AppError;
use crate::db::PgPool;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

impl AppState {
    /// Runs blocking diesel work on the blocking pool, inside the request's tracing span
    /// (so its log lines carry the request id).
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }
}
