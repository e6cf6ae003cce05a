//! `AppError`: the one error type of the HTTP layer. Every failure leaves as
//! `{"error": {"code", "message"}}` with the code's status; a 500 says nothing internal.
//! The error keeps its cause, which is logged (under the request's id) when the answer is
//! made, and never put in the body.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use duban_shared::error::{ErrorBody, ErrorCode, ErrorDetail, FieldError, Refusal};

#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// What went wrong underneath, for the log only.
    pub cause: Option<String>,
    /// Seconds to wait before asking again (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            fields: Vec::new(),
            cause: None,
            retry_after: None,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// 422 naming the field that is wrong and why (the message is for the form).
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError {
            code: ErrorCode::Validation,
            message: format!("{field}: {message}"),
            fields: vec![FieldError {
                field: field.to_string(),
                message,
            }],
            cause: None,
            retry_after: None,
        }
    }

    /// Ok when there are no problems, else 422 listing every field that is wrong.
    pub fn check(fields: Vec<FieldError>) -> Result<(), AppError> {
        let Some(first) = fields.first() else {
            return Ok(());
        };
        Err(AppError {
            code: ErrorCode::Validation,
            message: format!("{}: {}", first.field, first.message),
            fields,
            cause: None,
            retry_after: None,
        })
    }

    /// For deletes: a row that others still point to is "in use" (409), not a bad request.
    pub fn in_use(e: DieselError, what: &str) -> Self {
        match e {
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                AppError::new(ErrorCode::Conflict, format!("{what} is still in use"))
            }
            other => other.into(),
        }
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "you may not do this")
    }

    /// A 500 that reveals nothing of its cause (the log gets it).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::Internal, "internal error").caused_by(cause)
    }

    /// 503: a dependency is down; ask again in a second.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unavailable, message).retry_after(1)
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Keeps `cause` for the log.
    pub fn caused_by(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if self.code.status() >= 500 {
            tracing::error!(code = ?self.code, cause = self.cause.as_deref().unwrap_or(""), "{}", self.message);
        } else if let Some(cause) = &self.cause {
            tracing::debug!(code = ?self.code, %cause, "{}", self.message);
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
                fields: self.fields.clone(),
            },
        })
    }
}

impl From<DieselError> for AppError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => AppError::not_found("record"),
            DieselError::DatabaseError(kind, info) => match kind {
                DatabaseErrorKind::UniqueViolation => AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "conflicts with an existing record ({})",
                        info.constraint_name().unwrap_or("unique")
                    ),
                ),
                // Recorded work that the plan editor may not delete (migration 6).
                DatabaseErrorKind::ForeignKeyViolation
                    if info.constraint_name().is_some_and(|c| c.ends_with("_kept")) =>
                {
                    AppError::new(
                        ErrorCode::Conflict,
                        "reports, evidence or notices already depend on this; it cannot be removed",
                    )
                }
                // A write to anything of a closed year (migration 10's triggers).
                DatabaseErrorKind::CheckViolation if info.constraint_name() == Some("plan_closed") => AppError::new(
                    ErrorCode::PlanClosed,
                    "the plan's year is closed (年终销号): it is read-only",
                ),
                DatabaseErrorKind::ForeignKeyViolation
                | DatabaseErrorKind::CheckViolation
                | DatabaseErrorKind::NotNullViolation => AppError::new(
                    ErrorCode::Validation,
                    format!("violates rule {}", info.constraint_name().unwrap_or("of the data")),
                ),
                DatabaseErrorKind::SerializationFailure => {
                    AppError::new(ErrorCode::Conflict, "a concurrent change interfered; try again")
                }
                // Two writers waiting on each other (a close racing an edit): one is let go.
                _ if info.message().contains("deadlock detected") => {
                    AppError::new(ErrorCode::Conflict, "a concurrent change interfered; try again")
                }
                _ => AppError::internal(info.message()),
            },
            other => AppError::internal(other),
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(fields) => match AppError::check(fields) {
                Err(e) => e,
                Ok(()) => AppError::new(ErrorCode::Validation, "invalid input"),
            },
            Refusal::Conflict(message) => AppError::new(ErrorCode::Conflict, message),
        }
    }
}

impl From<crate::accounts::AccountError> for AppError {
    fn from(e: crate::accounts::AccountError) -> Self {
        use crate::accounts::AccountError as A;
        match e {
            A::Invalid { field, message } => AppError::invalid(field, message),
            A::UsernameTaken => AppError::new(ErrorCode::Conflict, "that username is taken"),
            A::NoSuchUser => AppError::not_found("user"),
            A::Database(d) => d.into(),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::unavailable("database unavailable").caused_by(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(e)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::body::MessageBody;
    use actix_web::ResponseError;

    use super::AppError;

    #[test]
    fn a_500_keeps_its_cause_for_the_log_and_out_of_the_body() {
        let e = AppError::internal("relation \"secret_table\" does not exist");
        assert_eq!(e.cause.as_deref(), Some("relation \"secret_table\" does not exist"));
        let body = e.error_response().into_body().try_into_bytes().unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            text.contains("\"internal\"") && !text.contains("secret_table"),
            "{text}"
        );
    }
}
