//! Account operations shared by the API and the `duban user …` commands: the checks, the
//! write, the ended sessions and the audit entry, in one transaction each.

use diesel::prelude::*;
use duban_shared::auth::{password_problem, username_problem, NewUser, Role, User};
use duban_shared::ids::UserId;

use crate::auth::password;
use crate::db::audit::{self, AuditActor, Change};
use crate::db::{sessions, units, users};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("that username is taken")]
    UsernameTaken,
    #[error("no such user")]
    NoSuchUser,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fn invalid(field: &'static str, message: &str) -> AccountError {
    AccountError::Invalid {
        field,
        message: message.to_string(),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

pub fn create_user(conn: &mut PgConnection, actor: &AuditActor, new: &NewUser) -> Result<User, AccountError> {
    let username = new.username.trim().to_lowercase();
    if let Some(p) = username_problem(&username) {
        return Err(invalid("username", p));
    }
    if let Some(p) = password_problem(&new.password, &username) {
        return Err(invalid("password", p));
    }
    match (new.role, &new.unit) {
        (Role::Unit, None) => return Err(invalid("unit", "责任单位账号必须指定所属单位")),
        (Role::Admin | Role::Leader | Role::Deputy, Some(_)) => {
            return Err(invalid("unit", "只有责任单位账号属于单位"))
        }
        _ => {}
    }
    // Hash before taking locks: it is the slow part.
    let hash = password::hash(&new.password);
    conn.transaction(|conn| {
        let unit_id = match &new.unit {
            Some(u) => Some(
                units::find_unit(conn, u)?
                    .ok_or_else(|| invalid("unit", "没有这个单位"))?
                    .id,
            ),
            None => None,
        };
        if users::find_by_username(conn, &username)?.is_some() {
            return Err(AccountError::UsernameTaken);
        }
        let row = users::create(
            conn,
            &users::NewUserRow {
                username: &username,
                display_name: new.display_name.trim(),
                role: new.role,
                unit_id,
                password_hash: &hash,
            },
        )?;
        let dto = users::dto(conn, &row)?;
        audit::record(
            conn,
            actor,
            Change {
                action: "create",
                entity: "user",
                entity_id: Some(row.id.to_string()),
                before: None,
                after: json(&dto),
            },
        )?;
        Ok(dto)
    })
}

/// Disables the account and ends all its sessions at once.
pub fn disable_user(conn: &mut PgConnection, actor: &AuditActor, id: i32) -> Result<User, AccountError> {
    if actor.user_id == Some(id) {
        return Err(invalid("id", "不能停用自己的账号"));
    }
    conn.transaction(|conn| {
        let before = users::find(conn, UserId(id))?.ok_or(AccountError::NoSuchUser)?;
        let before = users::dto(conn, &before)?;
        let after = users::set_disabled(conn, UserId(id), true)?;
        sessions::revoke_all_for_user(conn, id)?;
        crate::db::outbox::withdraw_for_user(conn, id)?;
        let after = users::dto(conn, &after)?;
        audit::record(
            conn,
            actor,
            Change {
                action: "disable",
                entity: "user",
                entity_id: Some(id.to_string()),
                before: json(&before),
                after: json(&after),
            },
        )?;
        Ok(after)
    })
}

/// Sets or removes the address messages are also mailed to (an admin for anyone, a user
/// for themself). Blank removes it.
pub fn set_email(
    conn: &mut PgConnection,
    actor: &AuditActor,
    id: i32,
    email: Option<&str>,
) -> Result<User, AccountError> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    if let Some(p) = email.and_then(duban_shared::messages::email_problem) {
        return Err(invalid("email", p));
    }
    conn.transaction(|conn| {
        let before = users::find(conn, UserId(id))?.ok_or(AccountError::NoSuchUser)?;
        let before = users::dto(conn, &before)?;
        if before.email.as_deref() != email {
            crate::db::outbox::withdraw_for_user(conn, id)?;
        }
        let after = users::set_email(conn, UserId(id), email)?;
        let after = users::dto(conn, &after)?;
        audit::record(
            conn,
            actor,
            Change {
                action: "set_email",
                entity: "user",
                entity_id: Some(id.to_string()),
                before: json(&before),
                after: json(&after),
            },
        )?;
        Ok(after)
    })
}

/// Sets a new password (by an admin, or by the user after checking the old one) and ends
/// every session of the account.
pub fn set_password(
    conn: &mut PgConnection,
    actor: &AuditActor,
    id: i32,
    new_password: &str,
    action: &str,
) -> Result<(), AccountError> {
    let user = users::find(conn, UserId(id))?.ok_or(AccountError::NoSuchUser)?;
    if let Some(p) = password_problem(new_password, &user.username) {
        return Err(invalid("new_password", p));
    }
    let hash = password::hash(new_password);
    conn.transaction(|conn| {
        users::set_password(conn, UserId(id), &hash)?;
        sessions::revoke_all_for_user(conn, id)?;
        audit::record(
            conn,
            actor,
            Change {
                action,
                entity: "user",
                entity_id: Some(id.to_string()),
                before: None,
                after: None,
            },
        )?;
        Ok(())
    })
}
