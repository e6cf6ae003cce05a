//! Email through SMTP (lettre): the worker that empties the outbox. A message is marked sent
//! only once the server accepted it; a failure that may pass is tried again with back-off
//! (the server down for an hour loses nothing), a permanent refusal (5xx) is kept as failed.
//! A crash between the server's "accepted" and our commit sends that one mail again: at
//! least once, never lost.

use std::time::Duration;

use anyhow::{Context, Result};
use diesel::prelude::*;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};

use crate::db::outbox::{self, Outgoing};
use crate::db::PgPool;

pub const CHANNEL: &str = "email";

/// How mail goes out.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The app's address as users reach it (`http://duban.gov.local`), put before links.
    base_url: String,
}

/// Why a message did not go.
#[derive(Debug)]
pub struct SendError {
    /// The server refused it for good: do not try again.
    pub permanent: bool,
    pub message: String,
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:25` (plain), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://host:465` (TLS).
    pub fn new(url: &str, from: &str, base_url: &str) -> Result<Mailer> {
        let transport = SmtpTransport::from_url(url)
            .with_context(|| format!("DUBAN_SMTP_URL {} is not a mail server address", redact(url)))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = from
            .parse()
            .with_context(|| format!("DUBAN_MAIL_FROM {from:?} is not a mail address"))?;
        Ok(Mailer {
            transport,
            from,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    /// The mail of an outbox row: its text, then the link into the app.
    pub fn compose(&self, m: &Outgoing) -> Result<Message, SendError> {
        let to: Mailbox = m.recipient.parse().map_err(|e| SendError {
            permanent: true,
            message: format!("bad address {:?}: {e}", m.recipient),
        })?;
        let mut text = m.body.clone();
        if !m.link.is_empty() {
            text.push_str(&format!("\n\n查看详情：{}{}", self.base_url, m.link));
        }
        text.push_str("\n\n——\n督办系统（此邮件由系统自动发送，请勿直接回复）\n");
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text)
            .map_err(|e| SendError {
                permanent: true,
                message: format!("cannot compose the mail: {e}"),
            })
    }

    pub fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let mail = self.compose(m)?;
        self.transport.send(&mail).map(drop).map_err(|e| SendError {
            permanent: refuses_this_mail(&e),
            message: e.to_string(),
        })
    }
}

/// A refusal of this recipient or this message (550–553), not to be tried again. Other
/// permanent answers (a wrong password, 530/535; a server refusing everyone, 554) are the
/// setup's fault: the mail waits until it is fixed.
fn refuses_this_mail(e: &lettre::transport::smtp::Error) -> bool {
    e.is_permanent()
        && e.status()
            .is_some_and(|c| matches!(c.to_string().as_str(), "550" | "551" | "552" | "553"))
}

/// The wait before attempt `attempts + 1`: `base`, doubling, at most 16 × `base`.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    base.saturating_mul(1u32 << attempts.clamp(0, 4))
}

/// Sends up to 20 due mails, each in its own transaction (its row locked while it is sent,
/// so no other worker takes it; marked in the same transaction, so an accepted mail is
/// resent only if this one commit is lost). After a failure that may pass, the rest wait for
/// the next poll. Answers how many were sent.
pub fn send_due(conn: &mut PgConnection, mailer: &Mailer, retry_base: Duration) -> QueryResult<usize> {
    let mut sent = 0;
    for _ in 0..20 {
        let outcome = conn.transaction(|conn| -> QueryResult<Option<bool>> {
            let Some(m) = outbox::take_due(conn, CHANNEL, 1)?.pop() else {
                return Ok(None);
            };
            match mailer.send(&m) {
                Ok(()) => {
                    outbox::mark_sent(conn, m.id)?;
                    Ok(Some(true))
                }
                Err(e) if e.permanent => {
                    tracing::error!(id = m.id, error = %e.message, "mail refused for good");
                    outbox::mark_failed(conn, m.id, &e.message)?;
                    Ok(Some(true))
                }
                Err(e) => {
                    let wait = backoff(retry_base, m.attempts);
                    tracing::warn!(id = m.id, error = %e.message, retry_in = ?wait, "mail not sent; will retry");
                    let next =
                        chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::minutes(10));
                    outbox::mark_retry(conn, m.id, &e.message, next)?;
                    Ok(Some(false))
                }
            }
        })?;
        match outcome {
            None => break,
            Some(true) => sent += 1,
            // The server is likely down for the rest too.
            Some(false) => break,
        }
    }
    Ok(sent)
}

/// The mail worker of `duban serve`: every `poll`, sends what is due.
pub fn keep_sending(pool: PgPool, mailer: Mailer, retry_base: Duration, poll: Duration) -> std::io::Result<()> {
    std::thread::Builder::new().name("mail".into()).spawn(move || loop {
        match pool.get() {
            Ok(mut conn) => match send_due(&mut conn, &mailer, retry_base) {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "mail sent"),
                Err(e) => tracing::warn!(error = %e, "mail: the outbox could not be read"),
            },
            Err(e) => tracing::warn!(error = %e, "mail: no database connection"),
        }
        std::thread::sleep(poll);
    })?;
    Ok(())
}

/// The server's address without its password, to show.
pub fn redact(url: &str) -> String {
    crate::db::redact(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_a_cap() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
        assert_eq!(backoff(base, 1), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(480));
        assert_eq!(backoff(base, 40), Duration::from_secs(480));
    }

    #[test]
    fn a_mail_carries_its_text_and_the_link() {
        let mailer = Mailer::new(
            "smtp://127.0.0.1:2525",
            "督办系统 <duban@kaiping.gov.cn>",
            "http://duban.local/",
        )
        .unwrap();
        let m = Outgoing {
            id: 1,
            channel: CHANNEL.into(),
            recipient: "ybj@kaiping.gov.cn".into(),
            subject: "【督办】月报提醒：2024年6月".into(),
            body: "市医疗保障局：请报送。".into(),
            link: "/items/1".into(),
            attempts: 0,
        };
        let raw = String::from_utf8(mailer.compose(&m).unwrap().formatted()).unwrap();
        assert!(raw.contains("To: ybj@kaiping.gov.cn"), "{raw}");
        assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
        let bad = Outgoing {
            recipient: "not an address".into(),
            ..m
        };
        assert!(mailer.compose(&bad).unwrap_err().permanent);
    }
}
