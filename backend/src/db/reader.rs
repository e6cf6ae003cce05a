//! The two reads nearly every request makes, on tokio-postgres: the session behind an access
//! token and one item whole. They run on the thread serving the request, over a connection
//! that thread keeps, so they need no hop to the blocking pool and no pool checkout (on two
//! cores those cost more than the statements: a session check through the pool took about
//! 140 µs of machine time, a bare statement about 40). Requests a thread serves at once share
//! its connection, and tokio-postgres sends their statements one behind the other without
//! waiting (pipelining). The item is read by the item statement's text for one id
//! (`item_statement`); both statements are prepared once per connection.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use duban_shared::auth::Role;
use tokio_postgres::{Client, NoTls, Row, Statement};
use uuid::Uuid;

use super::item_statement::{self, ItemRow};
use super::users::UserRow;

const APPLICATION_NAME: &str = "duban reader";

/// Longer than any of these reads takes even under load; past it the connection is taken
/// for dead (a network that drops packets without a word) and left for a new one.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a read failed: the database did not answer (503), or it answered something this code
/// cannot read (500).
#[derive(Debug)]
pub enum ReadError {
    Unreachable(String),
    BadRow(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unreachable(why) => write!(f, "the database did not answer: {why}"),
            ReadError::BadRow(why) => write!(f, "unreadable row: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The server's answer to the statement is a fault here; no answer, or the server refusing
/// or ending the connection (SQLSTATE classes 08, 53, 57), is an outage.
fn is_outage(e: &tokio_postgres::Error) -> bool {
    e.as_db_error()
        .is_none_or(|db| matches!(&db.code().code()[..2], "08" | "53" | "57"))
}

impl From<tokio_postgres::Error> for ReadError {
    fn from(e: tokio_postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) if !is_outage(&e) => ReadError::BadRow(db.message().to_string()),
            _ => ReadError::Unreachable(e.to_string()),
        }
    }
}

/// Where the readers connect, and how long a connection attempt may take.
#[derive(Debug, Clone)]
pub struct Reader {
    /// What this thread's connections are kept by (the URL as given).
    key: String,
    config: tokio_postgres::Config,
    connect_timeout: Duration,
}

/// One thread's connection with its statements.
struct Connection {
    client: Client,
    live_user: Statement,
    item: Statement,
    live_user_with_item: Statement,
}

thread_local! {
    /// Keyed by the database it reaches (tests run servers of several databases in one process).
    static CONNECTIONS: RefCell<Vec<(String, Rc<Connection>)>> = const { RefCell::new(Vec::new()) };
}

// The user's columns are named apart from the item's (`id`, `unit_id`, `version`), so the
// two can share a row.
const USER_COLUMNS: &str = "u.id AS user_id, u.username, u.display_name, u.role, u.unit_id AS user_unit_id, \
     u.password_hash, u.disabled_at, u.version AS user_version, u.email, s.expires_at";
const LIVE_SESSION: &str = "FROM sessions s JOIN users u ON u.id = s.user_id";
const LIVE_SESSION_WHERE: &str = "WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL \
     AND s.expires_at > now() AND u.disabled_at IS NULL";

fn live_user_text() -> String {
    format!("SELECT {USER_COLUMNS} {LIVE_SESSION} {LIVE_SESSION_WHERE}")
}

/// The live session's user and, beside it, item `$3` (its columns null when there is no
/// such item): no row when the session is not live.
fn live_user_with_item_text() -> String {
    let item = item_statement::by_id_text().replace("$1", "$3");
    format!("SELECT {USER_COLUMNS}, it.* {LIVE_SESSION} LEFT JOIN LATERAL ({item}) it ON true {LIVE_SESSION_WHERE}")
}

impl Reader {
    /// Readers of the database at `url`. A URL tokio-postgres cannot read is refused here,
    /// when the server starts, not at every request.
    pub fn new(url: &str, connect_timeout: Duration) -> Result<Reader, super::SetupError> {
        let mut config = url
            .parse::<tokio_postgres::Config>()
            .map_err(|e| super::SetupError::Unreachable {
                url: super::redact(url),
                reason: e.to_string(),
            })?;
        config
            .application_name(APPLICATION_NAME)
            .connect_timeout(connect_timeout)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(5));
        Ok(Reader {
            key: url.to_string(),
            config,
            connect_timeout,
        })
    }

    /// This thread's connection, opened (and its statements prepared) when it has none or
    /// the one it had has closed.
    async fn connection(&self) -> Result<Rc<Connection>, ReadError> {
        let key = &self.key;
        let kept = CONNECTIONS.with(|c| {
            c.borrow()
                .iter()
                .find(|(k, conn)| k == key && !conn.client.is_closed())
                .map(|(_, conn)| conn.clone())
        });
        if let Some(conn) = kept {
            return Ok(conn);
        }
        let config = self.config.clone();
        let opened = tokio::time::timeout(self.connect_timeout, async move {
            let (client, connection) = config.connect(NoTls).await?;
            // Driven on this thread; it ends when the client is dropped or the server goes.
            tokio::task::spawn_local(async move {
                let _ = connection.await;
            });
            let live_user = client.prepare(&live_user_text()).await?;
            let item = client.prepare(&item_statement::by_id_text()).await?;
            let live_user_with_item = client.prepare(&live_user_with_item_text()).await?;
            Ok::<_, tokio_postgres::Error>(Connection {
                client,
                live_user,
                item,
                live_user_with_item,
            })
        })
        .await
        .map_err(|_| ReadError::Unreachable("connecting timed out".into()))?
        // Not connected, whatever the reason (a database that refuses connections answers
        // with an error of its own): unreachable.
        .map_err(|e| ReadError::Unreachable(e.to_string()))?;
        let conn = Rc::new(opened);
        CONNECTIONS.with(|c| {
            let mut c = c.borrow_mut();
            c.retain(|(k, old)| k != key && !old.client.is_closed());
            c.push((key.clone(), conn.clone()));
        });
        Ok(conn)
    }

    /// Runs one read. A connection that failed it (the server restarted, or ended it while
    /// idle) is dropped and the read made once more on a new one: reads change nothing, and
    /// the first request after a restart need not fail.
    async fn read<T>(
        &self,
        read: impl AsyncFn(&Connection) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, ReadError> {
        let mut retried = false;
        loop {
            let conn = self.connection().await?;
            // This connection is done for: the next read opens another.
            let forget = || CONNECTIONS.with(|c| c.borrow_mut().retain(|(_, kept)| !Rc::ptr_eq(kept, &conn)));
            let Ok(result) = tokio::time::timeout(READ_TIMEOUT, read(&conn)).await else {
                forget();
                return Err(ReadError::Unreachable("no answer in time".into()));
            };
            if result.as_ref().is_err_and(is_outage) {
                forget();
                if !retried {
                    retried = true;
                    continue;
                }
            }
            return Ok(result?);
        }
    }

    /// The user behind a live session (not revoked, not expired, its user not disabled) and
    /// when the session ends.
    pub async fn live_user(
        &self,
        session_id: Uuid,
        user_id: i32,
    ) -> Result<Option<(UserRow, DateTime<Utc>)>, ReadError> {
        let row = self
            .read(async |c| c.client.query_opt(&c.live_user, &[&session_id, &user_id]).await)
            .await?;
        row.map(|row| user_of(&row)).transpose()
    }

    /// [`live_user`](Self::live_user) and, in the same statement, item `item_id`'s row of the
    /// item statement (none when there is no such item): one round trip for a request that
    /// reads one item, with nothing of the item used before the caller is known.
    pub async fn live_user_with_item(
        &self,
        session_id: Uuid,
        user_id: i32,
        item_id: i32,
    ) -> Result<Option<(UserRow, DateTime<Utc>, Option<ItemRow>)>, ReadError> {
        let row = self
            .read(async |c| {
                c.client
                    .query_opt(&c.live_user_with_item, &[&session_id, &user_id, &item_id])
                    .await
            })
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (user, expires_at) = user_of(&row)?;
        let item_found: Option<i32> = row.try_get("id").map_err(bad)?;
        let item = item_found.map(|_| item_of(&row)).transpose()?;
        Ok(Some((user, expires_at, item)))
    }

    /// One item's row of the item statement.
    pub async fn item(&self, id: i32) -> Result<Option<ItemRow>, ReadError> {
        let row = self.read(async |c| c.client.query_opt(&c.item, &[&id]).await).await?;
        row.map(|row| item_of(&row)).transpose()
    }
}

fn bad(e: impl std::fmt::Display) -> ReadError {
    ReadError::BadRow(e.to_string())
}

fn user_of(row: &Row) -> Result<(UserRow, DateTime<Utc>), ReadError> {
    let role: String = row.try_get("role").map_err(bad)?;
    let role: Role = role.parse().map_err(|_| bad(format!("unknown role {role:?}")))?;
    Ok((
        UserRow {
            id: row.try_get("user_id").map_err(bad)?,
            username: row.try_get("username").map_err(bad)?,
            display_name: row.try_get("display_name").map_err(bad)?,
            role,
            unit_id: row.try_get("user_unit_id").map_err(bad)?,
            password_hash: row.try_get("password_hash").map_err(bad)?,
            disabled_at: row.try_get("disabled_at").map_err(bad)?,
            version: row.try_get("user_version").map_err(bad)?,
            email: row.try_get("email").map_err(bad)?,
        },
        row.try_get("expires_at").map_err(bad)?,
    ))
}

fn item_of(row: &Row) -> Result<ItemRow, ReadError> {
    Ok(ItemRow {
        id: row.try_get("id").map_err(bad)?,
        number: row.try_get("number").map_err(bad)?,
        content: row.try_get("content").map_err(bad)?,
        version: row.try_get("version").map_err(bad)?,
        final_result: row.try_get("final_result").map_err(bad)?,
        final_note: row.try_get("final_note").map_err(bad)?,
        category_ordinal: row.try_get("category_ordinal").map_err(bad)?,
        category_title: row.try_get("category_title").map_err(bad)?,
        plan_id: row.try_get("plan_id").map_err(bad)?,
        plan_status: row.try_get("plan_status").map_err(bad)?,
        plan_year: row.try_get("plan_year").map_err(bad)?,
        first_report_due: row.try_get("first_report_due").map_err(bad)?,
        green_max_lag: row.try_get("green_max_lag").map_err(bad)?,
        red_min_lag: row.try_get("red_min_lag").map_err(bad)?,
        red_overdue_days: row.try_get("red_overdue_days").map_err(bad)?,
        unit_id: row.try_get("unit_id").map_err(bad)?,
        unit_name: row.try_get("unit_name").map_err(bad)?,
        unit_code: row.try_get("unit_code").map_err(bad)?,
        milestones: row.try_get("milestones").map_err(bad)?,
        indicators: row.try_get("indicators").map_err(bad)?,
        co_units: row.try_get("co_units").map_err(bad)?,
        versions: row.try_get("versions").map_err(bad)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a select list gives its columns (`x.col` or `… AS name`).
    fn output_names(list: &str) -> Vec<String> {
        list.split(',')
            .map(|c| {
                let c = c.trim();
                let name = c.rsplit_once(" AS ").map_or(c, |(_, alias)| alias);
                name.rsplit('.').next().unwrap_or(name).trim().to_string()
            })
            .collect()
    }

    #[test]
    fn the_user_and_the_item_share_a_row_without_sharing_a_column_name() {
        // Rows are read by column name, and a name two columns share reads the first.
        let item = item_statement::by_id_text();
        let item_list = item
            .trim_start()
            .strip_prefix("SELECT")
            .and_then(|rest| rest.split_once("\nFROM").map(|(list, _)| list))
            .expect("the item statement's select list");
        let user = output_names(USER_COLUMNS);
        let item = output_names(item_list);
        assert_eq!(user.len(), 10);
        assert_eq!(item.len(), 22);
        for name in &user {
            assert!(!item.contains(name), "{name} is both the user's and the item's");
        }
    }

    #[test]
    fn a_url_the_reader_cannot_read_is_refused_at_the_start() {
        assert!(Reader::new("postgres://u@127.0.0.1:5432/duban", Duration::from_secs(1)).is_ok());
        assert!(Reader::new("postgres://u@127.0.0.1:notaport/duban", Duration::from_secs(1)).is_err());
    }
}
