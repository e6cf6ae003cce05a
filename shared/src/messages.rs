//! The message center (消息中心) and email: what a user is told, and the office's 一键催报.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;
use crate::lights::Period;

crate::named_enum! {
    pub enum MessageKind {
        /// 催报: a report, milestone or notice answer is due.
        Reminder,
        /// A new 督查通知书.
        Notice,
        /// A report sent back by the office.
        ReportReturned,
        /// A published 情况通报.
        Briefing,
        /// A leader's 批示.
        Instruction,
    }
}

impl MessageKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            MessageKind::Reminder => "催报提醒",
            MessageKind::Notice => "督查通知书",
            MessageKind::ReportReturned => "月报退回",
            MessageKind::Briefing => "情况通报",
            MessageKind::Instruction => "领导批示",
        }
    }
}

/// One message of `GET /api/v1/messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub kind: MessageKind,
    pub title: String,
    pub body: String,
    /// The page of the app it is about (`/items/5`), or empty.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/messages`: the signed-in user's own, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    /// Unread messages in all (not only on this page).
    pub unread: i64,
    pub messages: Vec<Message>,
    /// Pass as `before` to read the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

/// A unit reminded by 一键催报.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemindedUnit {
    #[serde(flatten)]
    pub unit: UnitRef,
    /// The numbers of its items whose report is missing.
    pub items: Vec<i32>,
    /// Its active accounts, who each got the message.
    pub recipients: i64,
}

/// `POST /api/v1/plans/{year}/reminders` (一键催报).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderRun {
    /// Units reminded.
    pub sent: i64,
    pub units: Vec<RemindedUnit>,
    /// The month chased: the current one.
    pub period: Period,
}

/// `GET /api/v1/mail/status`: whether email goes out, and the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailStatus {
    /// `DUBAN_SMTP_URL` is set on this server.
    pub configured: bool,
    /// The mail server, without its password.
    pub server: Option<String>,
    pub pending: i64,
    pub sent: i64,
    /// Refused for good by the mail server.
    pub failed: i64,
    /// The last error of a message still waiting, if any.
    pub last_error: Option<String>,
}

/// `PUT /api/v1/users/{id}/email`, `PUT /api/v1/me/email`: `null` removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    pub email: Option<String>,
}

/// `None` when the address may be used, else why not (in Chinese). A plain check (one @,
/// something either side, no spaces); the mail server has the last word.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && (domain.contains('.') || domain == "localhost")
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    };
    if !(3..=254).contains(&email.len()) || !ok || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("邮箱地址格式不正确");
    }
    None
}

/// The words of the messages that events send (a reminder's are in [`crate::reminders`]).
pub mod words {
    use chrono::{Datelike, NaiveDate};

    use crate::lights::Period;

    fn date_zh(d: NaiveDate) -> String {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    }

    fn excerpt(text: &str) -> String {
        let mut s: String = text.trim().chars().take(120).collect();
        if text.trim().chars().count() > 120 {
            s.push('…');
        }
        s
    }

    /// (title, body) of a new 督查通知书 to the unit.
    pub fn notice_issued(
        number: &str,
        item_number: i32,
        grade: &str,
        answer_by: NaiveDate,
        reason: &str,
    ) -> (String, String) {
        (
            format!("收到督查通知书：{number}"),
            format!(
                "第{item_number}项收到{grade}{number}，请签收并于{}前答复。事由：{}",
                date_zh(answer_by),
                excerpt(reason)
            ),
        )
    }

    pub fn report_returned(item_number: i32, period: Period, reason: &str) -> (String, String) {
        (
            format!("月报被退回：第{item_number}项{}年{}月", period.year, period.month),
            format!(
                "第{item_number}项{}年{}月月报被督查室退回，请修改后重新报送。退回原因：{}",
                period.year,
                period.month,
                excerpt(reason)
            ),
        )
    }

    pub fn instruction_written(item_number: i32, leader: &str, text: &str) -> (String, String) {
        (
            format!("领导批示：第{item_number}项"),
            format!("{leader}对第{item_number}项作出批示：{}", excerpt(text)),
        )
    }

    pub fn briefing_published(title: &str, number: i32, cut_off: NaiveDate) -> (String, String) {
        (
            format!("情况通报第{number}期"),
            format!("{title}（截至{}）已印发，请查阅。", date_zh(cut_off)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_plainly() {
        assert_eq!(email_problem("li.na@jyj.kaiping.gov.cn"), None);
        assert_eq!(email_problem("ops@localhost"), None);
        for bad in [
            "",
            "a",
            "no-at.example",
            "a@b",
            "a@@b.cn",
            "a b@c.cn",
            "@c.cn",
            "a@.cn",
            "a@c.cn.",
            "a\u{0}@c.cn",
        ] {
            assert!(email_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn a_reminded_unit_reads_as_a_unit_with_its_items() {
        let r = RemindedUnit {
            unit: UnitRef {
                id: 3,
                name: "市医疗保障局".into(),
                code: "ybj".into(),
            },
            items: vec![1, 2],
            recipients: 1,
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["code"], "ybj");
        assert_eq!(json["items"], serde_json::json!([1, 2]));
    }
}
