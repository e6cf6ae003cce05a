//! Accounts, sessions and API tokens as the API speaks of them, and the rules for
//! usernames and passwords (checked the same way in the browser and on the server).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;

crate::named_enum! {
    pub enum Role {
        /// 督查室 of the government office.
        Admin,
        /// Staff of one responsible unit.
        Unit,
        /// City leaders: read everything, write nothing.
        Leader,
        /// 人大代表: grades the items in the year-end evaluation; sees only what the public sees.
        Deputy,
    }
}

impl Role {
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "督查室管理员",
            Role::Unit => "责任单位",
            Role::Leader => "市领导",
            Role::Deputy => "人大代表",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitRef>,
    pub disabled: bool,
    /// Where messages are also mailed, when set.
    pub email: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub user: User,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// The unit's code or id; required for role `unit`, refused for the others.
    #[serde(default)]
    pub unit: Option<String>,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub users: Vec<User>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i32,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    /// The plan it may read; `None` reads every plan.
    pub plan_year: Option<i32>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    #[serde(default)]
    pub plan_year: Option<i32>,
}

/// The answer to creating a token: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: String,
    pub api_token: ApiToken,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenList {
    pub api_tokens: Vec<ApiToken>,
}

/// `GET /api/v1/me`: who is asking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// "user" or "api_token".
    pub principal: String,
    pub user: Option<User>,
    pub api_token: Option<ApiToken>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    /// Pass as `before` to read the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// `None` when the username may be used, else why not (in Chinese, for the form).
pub fn username_problem(username: &str) -> Option<&'static str> {
    let ok_chars = username.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if !(2..=64).contains(&username.len()) || !ok_chars {
        return Some("用户名须为2至64位字母、数字或 _ . -");
    }
    None
}

/// `None` when the password is acceptable, else why not (in Chinese, for the form).
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        return Some("密码至少10位");
    }
    if n > PASSWORD_MAX_CHARS {
        return Some("密码不能超过128位");
    }
    if password.eq_ignore_ascii_case(username) {
        return Some("密码不能与用户名相同");
    }
    let first = password.chars().next().unwrap_or_default();
    if password.chars().all(|c| c == first) {
        return Some("密码不能由同一字符重复组成");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert_eq!(password_problem("short", "u"), Some("密码至少10位"));
        assert_eq!(
            password_problem("aaaaaaaaaaaa", "u"),
            Some("密码不能由同一字符重复组成")
        );
        assert_eq!(
            password_problem("Username12", "username12"),
            Some("密码不能与用户名相同")
        );
        assert_eq!(password_problem(&"x".repeat(129), "u"), Some("密码不能超过128位"));
        assert_eq!(password_problem("长城长城长城长城长城1", "u"), None);
        assert_eq!(password_problem("correct horse", "u"), None);
    }

    #[test]
    fn username_rules() {
        assert!(username_problem("rsj").is_none());
        assert!(username_problem("li.wei-2").is_none());
        assert!(username_problem("a").is_some());
        assert!(username_problem("有中文").is_some());
        assert!(username_problem("has space").is_some());
    }
}
