//! Accounts, API tokens and the audit log's paging.

use super::Refusal;

/// Longest API token name, in characters.
pub const TOKEN_NAME_MAX_CHARS: usize = 100;

/// An API token's name (trimmed): 1 to 100 characters.
pub fn api_token_name(name: &str) -> Result<(), Refusal> {
    let n = name.trim().chars().count();
    if n == 0 || n > TOKEN_NAME_MAX_CHARS {
        return Err(Refusal::invalid("name", "名称须为1至100个字"));
    }
    Ok(())
}

/// A new password differs from the current one (the rest is `auth::password_problem`).
pub fn new_password(current: &str, new: &str) -> Result<(), Refusal> {
    if new == current {
        return Err(Refusal::invalid("new_password", "新密码不能与当前密码相同"));
    }
    Ok(())
}

/// The audit log is read 1 to 200 rows a page.
pub fn audit_limit(limit: i64) -> Result<(), Refusal> {
    if !(1..=200).contains(&limit) {
        return Err(Refusal::invalid("limit", "每页1至200条"));
    }
    Ok(())
}
