//! Accounts, API tokens and the audit log's paging.

use super::Refusal;
use crate::auth::Role;

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
/// Wrong passwords one client may try for one account before it must wait.
pub const FREE_LOGIN_FAILURES: i64 = 3;
/// The longest wait between two guesses of one client at one account.
pub const MAX_LOGIN_WAIT_SECONDS: u64 = 15 * 60;

/// How long a client that has failed `failures` times at an account waits after its last
/// failure before it may try again: nothing for the first few, then 1 s, 2 s, 4 s … up to
/// 15 minutes. Only that client waits; the owner signing in from elsewhere does not.
pub fn login_wait_seconds(failures: i64) -> u64 {
    if failures < FREE_LOGIN_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_LOGIN_FAILURES).min(20) as u32;
    (1u64 << doublings).min(MAX_LOGIN_WAIT_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guesser_waits_longer_each_time() {
        let waits: Vec<u64> = (0..8).map(login_wait_seconds).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(login_wait_seconds(40), MAX_LOGIN_WAIT_SECONDS);
        assert_eq!(login_wait_seconds(i64::MAX), MAX_LOGIN_WAIT_SECONDS);
    }
}

/// How history and documents name a person: their unit (or the office) and their name,
/// "市人力资源和社会保障局 · 张三", "督查室 · 李四"; the login stands in for a missing name,
/// and a name that merely repeats the unit is not said twice.
pub fn signature(role: Role, unit_name: Option<&str>, display_name: &str, username: &str) -> String {
    let person = if display_name.trim().is_empty() {
        username
    } else {
        display_name.trim()
    };
    let org = match role {
        Role::Unit => unit_name.unwrap_or_default(),
        Role::Admin => "督查室",
        Role::Leader => "市领导",
        Role::Deputy => "人大代表",
    };
    if org.is_empty() || person == org {
        person.to_string()
    } else {
        format!("{org} · {person}")
    }
}

#[cfg(test)]
mod signature_tests {
    use super::*;

    #[test]
    fn a_signature_names_the_unit_and_the_person() {
        assert_eq!(
            signature(Role::Unit, Some("市人力资源和社会保障局"), "张三", "rsj"),
            "市人力资源和社会保障局 · 张三"
        );
        assert_eq!(signature(Role::Unit, Some("市教育局"), " ", "jyj"), "市教育局 · jyj");
        assert_eq!(signature(Role::Unit, Some("市教育局"), "市教育局", "jyj"), "市教育局");
        assert_eq!(signature(Role::Admin, None, "周敏", "admin"), "督查室 · 周敏");
    }
}
