//! The one error vocabulary of the API: `{"error": {"code": "...", "message": "..."}}`.
//! The code is what programs and the UI match on; the message is for people.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    InvalidJson,
    Unauthenticated,
    InvalidCredentials,
    TokenExpired,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    /// The plan's year is closed (年终销号): it is read-only.
    PlanClosed,
    PreconditionRequired,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    Validation,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with each code.
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest | InvalidJson => 400,
            Unauthenticated | InvalidCredentials | TokenExpired => 401,
            Forbidden => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            Conflict | PlanClosed => 409,
            PreconditionFailed => 412,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            Validation => 422,
            PreconditionRequired => 428,
            TooManyRequests => 429,
            Internal => 500,
            Unavailable => 503,
        }
    }

    /// What the UI shows a civil servant for this code.
    pub fn message_zh(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "请求有误，请检查后重试。",
            InvalidJson => "提交的数据格式有误。",
            Unauthenticated => "请先登录。",
            InvalidCredentials => "用户名或密码错误。",
            TokenExpired => "登录已过期，请重新登录。",
            Forbidden => "您没有权限进行此操作。",
            NotFound => "未找到相应内容。",
            MethodNotAllowed => "不支持此操作。",
            Conflict => "数据与现有记录冲突。",
            PlanClosed => "该年度计划已年终销号，只能查看。",
            PreconditionRequired => "缺少版本信息，请刷新后重试。",
            PreconditionFailed => "数据已被他人修改，请刷新后重试。",
            PayloadTooLarge => "提交的内容过大。",
            UnsupportedMediaType => "不支持的文件或数据类型。",
            Validation => "填写的内容不符合要求。",
            TooManyRequests => "操作过于频繁，请稍后再试。",
            Unavailable => "服务暂时不可用，请稍后再试。",
            Internal => "系统内部错误，请联系管理员。",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level problems for `validation`, keyed by field path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// Why a request breaks a rule of the domain (see `crate::rules`): fields that are wrong
/// (422, messages in Chinese for the form), or a row whose state does not allow it (409).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Invalid(Vec<FieldError>),
    Conflict(String),
}

impl Refusal {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Refusal::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Refusal::Conflict(message.into())
    }

    /// Ok when no field is wrong.
    pub fn check(fields: Vec<FieldError>) -> Result<(), Refusal> {
        if fields.is_empty() {
            Ok(())
        } else {
            Err(Refusal::Invalid(fields))
        }
    }
}

impl From<FieldError> for Refusal {
    fn from(f: FieldError) -> Self {
        Refusal::Invalid(vec![f])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_snake_case() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::PreconditionFailed,
                message: "stale".into(),
                fields: vec![],
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"precondition_failed","message":"stale"}}"#
        );
        assert_eq!(ErrorCode::PreconditionFailed.status(), 412);
        assert_eq!(ErrorCode::Forbidden.status(), 403);
    }
}
