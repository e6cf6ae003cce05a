//! Evidence files of milestones, kept in the database (content included).

use diesel::prelude::*;
use duban_shared::ids::EvidenceId;
use duban_shared::supervision::Evidence;

use super::schema::{evidence, milestones, users};

type Meta = (
    i32,
    i32,
    String,
    String,
    i32,
    String,
    String,
    chrono::DateTime<chrono::Utc>,
);

fn to_dto((id, milestone_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at): Meta) -> Evidence {
    Evidence {
        id,
        milestone_id,
        file_name,
        content_type,
        size_bytes,
        sha256,
        uploaded_by,
        uploaded_at,
    }
}

macro_rules! meta_columns {
    () => {
        (
            evidence::id,
            evidence::milestone_id,
            evidence::file_name,
            evidence::content_type,
            evidence::size_bytes,
            evidence::sha256,
            users::username,
            evidence::uploaded_at,
        )
    };
}

/// Metadata (not content) of the evidence of these items' milestones.
pub fn for_items(conn: &mut PgConnection, item_ids: &[i32]) -> QueryResult<Vec<Evidence>> {
    Ok(evidence::table
        .inner_join(milestones::table)
        .inner_join(users::table)
        .filter(milestones::item_id.eq_any(item_ids))
        .order(evidence::id)
        .select(meta_columns!())
        .load::<Meta>(conn)?
        .into_iter()
        .map(to_dto)
        .collect())
}

pub struct NewEvidence<'a> {
    pub milestone_id: i32,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: i32,
}

pub fn create(conn: &mut PgConnection, new: &NewEvidence<'_>) -> QueryResult<Evidence> {
    let id: i32 = diesel::insert_into(evidence::table)
        .values((
            evidence::milestone_id.eq(new.milestone_id),
            evidence::file_name.eq(new.file_name),
            evidence::content_type.eq(new.content_type),
            evidence::size_bytes.eq(new.content.len() as i32),
            evidence::sha256.eq(new.sha256),
            evidence::content.eq(new.content),
            evidence::uploaded_by.eq(new.uploaded_by),
        ))
        .returning(evidence::id)
        .get_result(conn)?;
    find(conn, EvidenceId(id)).map(|e| e.expect("just inserted"))
}

pub fn find(conn: &mut PgConnection, id: EvidenceId) -> QueryResult<Option<Evidence>> {
    let id = id.get();
    Ok(evidence::table
        .inner_join(users::table)
        .filter(evidence::id.eq(id))
        .select(meta_columns!())
        .first::<Meta>(conn)
        .optional()?
        .map(to_dto))
}

/// The file's bytes, with the item it belongs to (for the read check).
pub fn content(conn: &mut PgConnection, id: EvidenceId) -> QueryResult<Option<(i32, Vec<u8>)>> {
    let id = id.get();
    evidence::table
        .inner_join(milestones::table)
        .filter(evidence::id.eq(id))
        .select((milestones::item_id, evidence::content))
        .first(conn)
        .optional()
}

pub fn delete(conn: &mut PgConnection, id: EvidenceId) -> QueryResult<usize> {
    let id = id.get();
    diesel::delete(evidence::table.find(id)).execute(conn)
}
