//! Checkpoints of the audit chain, kept outside the database: a line per checkpoint with the
//! chain's position and hash at that moment, signed with HMAC-SHA256 under a key the
//! database never holds (`DUBAN_AUDIT_KEY`).
//!
//! The chain alone shows an event edited or removed by anyone who cannot recompute hashes.
//! A database superuser can: edit an event, recompute every later hash with the database's
//! own function, and the chain reads whole again. The checkpoint file then disagrees — the
//! hash at a checkpointed position is no longer the one signed — and `duban audit verify
//! --against FILE` says so. Events after the last checkpoint have only the chain's protection.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use base64::Engine;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::db::audit;

/// The signing key: base64 of at least 32 bytes, never stored in the database.
pub struct CheckpointKey(Vec<u8>);

impl CheckpointKey {
    pub fn from_base64(text: &str) -> Result<CheckpointKey> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .context("DUBAN_AUDIT_KEY is not base64")?;
        if bytes.len() < 32 {
            bail!("DUBAN_AUDIT_KEY must hold at least 32 bytes (duban gen-secret makes one)");
        }
        Ok(CheckpointKey(bytes))
    }

    fn mac(&self, seq: i64, hash: &str, at: &DateTime<Utc>) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("duban-audit-checkpoint\n{seq}\n{hash}\n{}", at.to_rfc3339()).as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// One line of a checkpoint file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The chain's length when it was taken: the position of its last event.
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
    pub mac: String,
}

/// Signs the chain's head now.
pub fn take(conn: &mut PgConnection, key: &CheckpointKey) -> Result<Checkpoint> {
    let (seq, hash) = audit::head(conn)?;
    let at = Utc::now();
    let mac = key.mac(seq, &hash, &at);
    Ok(Checkpoint { seq, hash, at, mac })
}

/// Appends `checkpoint` to `file` as one JSON line (the file is created when missing).
pub fn append(file: &Path, checkpoint: &Checkpoint) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .with_context(|| format!("open {}", file.display()))?;
    writeln!(f, "{}", serde_json::to_string(checkpoint)?)?;
    f.sync_all()?;
    Ok(())
}

/// Every disagreement between the checkpoints in `file` and the chain in the database.
pub fn check(conn: &mut PgConnection, key: &CheckpointKey, file: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("read {}", file.display()))?;
    let (length, _) = audit::head(conn)?;
    let mut problems = Vec::new();
    for (n, line) in (1..).zip(text.lines()) {
        if line.trim().is_empty() {
            continue;
        }
        let Ok(c) = serde_json::from_str::<Checkpoint>(line) else {
            problems.push(format!("checkpoint line {n} is unreadable"));
            continue;
        };
        if key.mac(c.seq, &c.hash, &c.at) != c.mac {
            problems.push(format!(
                "checkpoint line {n} is not signed with this key (the file or the key is wrong)"
            ));
            continue;
        }
        if c.seq == 0 {
            continue;
        }
        match audit::hash_at(conn, c.seq)? {
            Some(hash) if hash == c.hash => {}
            Some(_) => problems.push(format!(
                "the chain was rewritten: event {} no longer has the hash checkpointed at {} (line {n})",
                c.seq, c.at
            )),
            None => problems.push(format!(
                "event {} checkpointed at {} is gone (the chain holds {length} events; line {n})",
                c.seq, c.at
            )),
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mac_covers_every_field_and_needs_the_key() {
        let key = CheckpointKey(vec![7; 32]);
        let at: DateTime<Utc> = "2024-07-15T02:00:00Z".parse().unwrap();
        let mac = key.mac(5, "ab", &at);
        assert_ne!(mac, key.mac(6, "ab", &at));
        assert_ne!(mac, key.mac(5, "ac", &at));
        assert_ne!(mac, key.mac(5, "ab", &(at + chrono::Duration::seconds(1))));
        assert_ne!(mac, CheckpointKey(vec![8; 32]).mac(5, "ab", &at));
        assert!(CheckpointKey::from_base64("c2hvcnQ=").is_err());
    }
}
