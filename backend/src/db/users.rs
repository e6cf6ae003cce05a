//! Queries on user accounts.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::api::UnitRef;
use duban_shared::auth::{Role, User};
use duban_shared::ids::UserId;

use super::schema::{units, users};
use super::stored::Stored;
use super::units::UnitRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    #[diesel(deserialize_as = Stored<Role>)]
    pub role: Role,
    pub unit_id: Option<i32>,
    pub password_hash: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub email: Option<String>,
}

impl UserRow {
    pub fn role(&self) -> Role {
        self.role
    }

    pub fn to_dto(&self, unit: Option<UnitRef>) -> User {
        User {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            unit,
            disabled: self.disabled_at.is_some(),
            email: self.email.clone(),
            version: self.version,
        }
    }
}

pub fn find(conn: &mut PgConnection, id: UserId) -> QueryResult<Option<UserRow>> {
    let id = id.get();
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(conn: &mut PgConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// The account as the API shows it (with its unit).
pub fn dto(conn: &mut PgConnection, row: &UserRow) -> QueryResult<User> {
    let unit = match row.unit_id {
        Some(id) => Some(units::table.find(id).select(UnitRow::as_select()).first(conn)?.into()),
        None => None,
    };
    Ok(row.to_dto(unit))
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<User>> {
    let rows: Vec<(UserRow, Option<UnitRow>)> = users::table
        .left_join(units::table)
        .select((UserRow::as_select(), Option::<UnitRow>::as_select()))
        .order(users::username)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(u, unit)| u.to_dto(unit.map(Into::into)))
        .collect())
}

pub struct NewUserRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub unit_id: Option<i32>,
    pub password_hash: &'a str,
}

pub fn create(conn: &mut PgConnection, new: &NewUserRow<'_>) -> QueryResult<UserRow> {
    diesel::insert_into(users::table)
        .values((
            users::username.eq(new.username),
            users::display_name.eq(new.display_name),
            users::role.eq(new.role.as_str()),
            users::unit_id.eq(new.unit_id),
            users::password_hash.eq(new.password_hash),
        ))
        .returning(UserRow::as_returning())
        .get_result(conn)
}

pub fn set_password(conn: &mut PgConnection, id: UserId, password_hash: &str) -> QueryResult<UserRow> {
    let id = id.get();
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::version.eq(users::version + 1),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .returning(UserRow::as_returning())
        .get_result(conn)
}

pub fn set_disabled(conn: &mut PgConnection, id: UserId, disabled: bool) -> QueryResult<UserRow> {
    let id = id.get();
    let at: Option<DateTime<Utc>> = disabled.then(Utc::now);
    diesel::update(users::table.find(id))
        .set((
            users::disabled_at.eq(at),
            users::version.eq(users::version + 1),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .returning(UserRow::as_returning())
        .get_result(conn)
}

pub fn set_email(conn: &mut PgConnection, id: UserId, email: Option<&str>) -> QueryResult<UserRow> {
    let id = id.get();
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::version.eq(users::version + 1),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .returning(UserRow::as_returning())
        .get_result(conn)
}

/// How history names these users: "单位 · 姓名" (see `rules::accounts::signature`).
pub fn signatures(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<std::collections::HashMap<i32, String>> {
    Ok(users::table
        .left_join(units::table)
        .filter(users::id.eq_any(ids))
        .select((
            users::id,
            users::role,
            units::name.nullable(),
            users::display_name,
            users::username,
        ))
        .load::<(i32, String, Option<String>, String, String)>(conn)?
        .into_iter()
        .map(|(id, role, unit, display, login)| {
            let name = match Role::parse(&role) {
                Some(role) => duban_shared::rules::accounts::signature(role, unit.as_deref(), &display, &login),
                None => login,
            };
            (id, name)
        })
        .collect())
}
