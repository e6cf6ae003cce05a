//! Text columns that hold one of a shared enum's names (`reports.state`, `users.role`, …).
//! They are read back as the enum itself; a name the enum does not know fails the query
//! instead of passing for a default, so a bad row is noticed, never quietly misread.

use std::str::FromStr;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::pg::Pg;
use diesel::sql_types::{SingleValue, Text};

/// A column value read through `#[diesel(deserialize_as = Stored<T>)]`.
#[derive(Debug, Clone, Copy)]
pub struct Stored<T>(pub T);

impl<T: FromStr> FromSql<Text, Pg> for Stored<T> {
    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let name = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
        name.parse()
            .map(Stored)
            .map_err(|_| format!("unknown {} {name:?} in the database", std::any::type_name::<T>()).into())
    }
}

impl<T, ST, DB> Queryable<ST, DB> for Stored<T>
where
    DB: Backend,
    ST: SingleValue,
    Self: FromSql<ST, DB>,
{
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

macro_rules! stored {
    ($($t:ty),*) => {$(
        impl From<Stored<$t>> for $t {
            fn from(s: Stored<$t>) -> $t {
                s.0
            }
        }
    )*};
}

stored!(
    duban_shared::reporting::ReportState,
    duban_shared::supervision::ExtensionState,
    duban_shared::supervision::NoticeState,
    duban_shared::cases::Grade,
    duban_shared::api::PlanStatus,
    duban_shared::api::IndicatorKind,
    duban_shared::auth::Role
);
