//! Files of 督办件: the attachments of a notice's answers and the photos of inspections,
//! kept in the database like evidence (content included).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::cases::CaseFile;

use super::schema::{case_files, users};

/// What a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The answer of this notice not sent yet (its round is set when it is).
    Notice(i32),
    Inspection(i32),
}

pub struct NewCaseFile<'a> {
    pub owner: Owner,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: i32,
}

type Meta = (
    i32,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    String,
    String,
    i32,
    String,
    DateTime<Utc>,
);

macro_rules! meta_columns {
    () => {
        (
            case_files::id,
            case_files::notice_id,
            case_files::round,
            case_files::inspection_id,
            case_files::file_name,
            case_files::content_type,
            case_files::size_bytes,
            users::username,
            case_files::uploaded_at,
        )
    };
}

fn to_dto(m: &Meta) -> CaseFile {
    let (id, _, _, _, file_name, content_type, size_bytes, uploaded_by, uploaded_at) = m.clone();
    CaseFile {
        id,
        file_name,
        content_type,
        size_bytes,
        uploaded_by,
        uploaded_at,
    }
}

pub fn create(conn: &mut PgConnection, new: &NewCaseFile) -> QueryResult<CaseFile> {
    let (notice_id, inspection_id) = match new.owner {
        Owner::Notice(id) => (Some(id), None),
        Owner::Inspection(id) => (None, Some(id)),
    };
    let id: i32 = diesel::insert_into(case_files::table)
        .values((
            case_files::notice_id.eq(notice_id),
            case_files::inspection_id.eq(inspection_id),
            case_files::file_name.eq(new.file_name),
            case_files::content_type.eq(new.content_type),
            case_files::size_bytes.eq(new.content.len() as i32),
            case_files::sha256.eq(new.sha256),
            case_files::content.eq(new.content),
            case_files::uploaded_by.eq(new.uploaded_by),
        ))
        .returning(case_files::id)
        .get_result(conn)?;
    let meta: Meta = case_files::table
        .inner_join(users::table)
        .filter(case_files::id.eq(id))
        .select(meta_columns!())
        .first(conn)?;
    Ok(to_dto(&meta))
}

/// The files uploaded for a notice's next answer now belong to answer `round`.
pub fn bind_pending(conn: &mut PgConnection, notice_id: i32, round: i32) -> QueryResult<usize> {
    diesel::update(
        case_files::table
            .filter(case_files::notice_id.eq(notice_id))
            .filter(case_files::round.is_null()),
    )
    .set(case_files::round.eq(round))
    .execute(conn)
}

/// A notice's files by the round they were sent with (`None`: not sent yet).
pub type ByRound = HashMap<Option<i32>, Vec<CaseFile>>;

/// The files of these notices, by notice and by round.
pub fn for_notices(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<HashMap<i32, ByRound>> {
    let rows: Vec<Meta> = case_files::table
        .inner_join(users::table)
        .filter(case_files::notice_id.eq_any(ids))
        .order(case_files::id)
        .select(meta_columns!())
        .load(conn)?;
    let mut out: HashMap<i32, ByRound> = HashMap::new();
    for m in &rows {
        if let Some(notice) = m.1 {
            out.entry(notice).or_default().entry(m.2).or_default().push(to_dto(m));
        }
    }
    Ok(out)
}

/// The photos of these inspections, by inspection.
pub fn for_inspections(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<HashMap<i32, Vec<CaseFile>>> {
    let rows: Vec<Meta> = case_files::table
        .inner_join(users::table)
        .filter(case_files::inspection_id.eq_any(ids))
        .order(case_files::id)
        .select(meta_columns!())
        .load(conn)?;
    let mut out: HashMap<i32, Vec<CaseFile>> = HashMap::new();
    for m in &rows {
        if let Some(inspection) = m.3 {
            out.entry(inspection).or_default().push(to_dto(m));
        }
    }
    Ok(out)
}

/// A file's owner, metadata and content.
pub fn content(conn: &mut PgConnection, id: i32) -> QueryResult<Option<(Owner, CaseFile, Vec<u8>)>> {
    let found: Option<(Meta, Vec<u8>)> = case_files::table
        .inner_join(users::table)
        .filter(case_files::id.eq(id))
        .select((meta_columns!(), case_files::content))
        .first(conn)
        .optional()?;
    // The table's CHECK gives every file exactly one owner.
    Ok(found.and_then(|(m, bytes)| {
        let owner = match (m.1, m.3) {
            (Some(n), _) => Owner::Notice(n),
            (None, Some(i)) => Owner::Inspection(i),
            (None, None) => return None,
        };
        Some((owner, to_dto(&m), bytes))
    }))
}
