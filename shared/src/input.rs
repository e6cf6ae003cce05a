//! What any text, number or date sent to Duban must be, whatever the route: the server
//! screens every JSON body and query string with these before a handler sees them, so that
//! nothing PostgreSQL cannot store (a NUL, a date in year −9999) ever reaches it as a 500.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::error::FieldError;

/// The years a date may fall in (a plan's year is 2000–2100; a cut-off or deadline lies in
/// or near it).
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// Larger than any figure of a livelihood plan (people, households, yuan, kilometres).
pub const MAX_ABS_NUMBER: f64 = 1e15;

/// Why a piece of text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// NUL, the other C0 and C1 controls and DEL; tab, line feed and carriage return are text.
    Control(char),
    /// The bidirectional controls that make a name read differently from what it is
    /// (`invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`).
    Bidi(char),
}

impl TextProblem {
    pub fn message(self) -> String {
        match self {
            TextProblem::Control(c) => format!("含有不允许的控制字符 U+{:04X}", c as u32),
            TextProblem::Bidi(c) => format!("含有改变文字方向的控制字符 U+{:04X}", c as u32),
        }
    }
}

fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Any text: no control characters besides tab and line breaks.
pub fn text_problem(s: &str) -> Option<TextProblem> {
    s.chars().find(|&c| is_control(c)).map(TextProblem::Control)
}

/// A file name: no control characters at all, and no bidirectional controls.
pub fn file_name_text_problem(s: &str) -> Option<TextProblem> {
    s.chars().find_map(|c| {
        if c.is_control() {
            Some(TextProblem::Control(c))
        } else if is_bidi_control(c) {
            Some(TextProblem::Bidi(c))
        } else {
            None
        }
    })
}

/// A date Duban can reason about.
pub fn date_problem(date: NaiveDate) -> Option<String> {
    (!(MIN_YEAR..=MAX_YEAR).contains(&date.year())).then(|| format!("日期须在{MIN_YEAR}年至{MAX_YEAR}年之间"))
}

/// The year of a string written as a calendar date (`2024-06-30`, `-9999-01-01`,
/// `+10000-01-01`), whether or not the day exists; `None` for any other text.
pub fn date_shaped_year(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'-' => (-1, &s[1..]),
        b'+' => (1, &s[1..]),
        _ => (1, s),
    };
    let (year, month_day) = rest.split_once('-')?;
    let digits = |t: &str, n: Option<usize>| {
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && n.is_none_or(|n| t.len() == n)
    };
    let (month, day) = month_day.split_once('-')?;
    let day = day.split(['T', ' ']).next()?;
    if !(digits(year, None) && year.len() >= 4 && digits(month, Some(2)) && digits(day, Some(2))) {
        return None;
    }
    Some(sign * year.parse::<i64>().unwrap_or(i64::MAX))
}

/// A string value: text rules, and the date range when it is written as a date.
pub fn string_problem(s: &str) -> Option<String> {
    if let Some(p) = text_problem(s) {
        return Some(p.message());
    }
    match date_shaped_year(s) {
        Some(y) if y < i64::from(MIN_YEAR) || y > i64::from(MAX_YEAR) => {
            Some(format!("日期须在{MIN_YEAR}年至{MAX_YEAR}年之间"))
        }
        _ => None,
    }
}

/// A number value: finite and of a size a plan can hold.
pub fn number_problem(n: f64) -> Option<String> {
    (!n.is_finite() || n.abs() > MAX_ABS_NUMBER).then(|| "数值超出允许范围".to_string())
}

/// Every problem in a JSON document, named by its path (`values[0].value`); keys are text
/// too. Empty when the whole document may be passed on.
pub fn json_problems(value: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

fn walk(value: &Value, path: &mut String, out: &mut Vec<FieldError>) {
    let mut push = |path: &str, message: String| {
        out.push(FieldError {
            field: if path.is_empty() {
                "body".into()
            } else {
                path.to_string()
            },
            message,
        })
    };
    match value {
        Value::String(s) => {
            if let Some(m) = string_problem(s) {
                push(path, m);
            }
        }
        Value::Number(n) => {
            if let Some(m) = n.as_f64().and_then(number_problem) {
                push(path, m);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if let Some(p) = text_problem(key) {
                    out.push(FieldError {
                        field: path.clone(),
                        message: p.message(),
                    });
                } else {
                    walk(item, path, out);
                }
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_keeps_line_breaks_and_refuses_controls() {
        assert_eq!(text_problem("第一行\n第二行\t完成\r\n"), None);
        assert_eq!(text_problem("a\u{0}"), Some(TextProblem::Control('\0')));
        assert_eq!(text_problem("a\u{7f}"), Some(TextProblem::Control('\u{7f}')));
        assert_eq!(text_problem("a\u{85}"), Some(TextProblem::Control('\u{85}')));
        assert_eq!(text_problem("invoice\u{202E}fdp.exe"), None);
    }

    #[test]
    fn file_names_refuse_bidi_controls() {
        assert_eq!(file_name_text_problem("验收报告.pdf"), None);
        for c in ['\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}'] {
            assert_eq!(
                file_name_text_problem(&format!("a{c}b.pdf")),
                Some(TextProblem::Bidi(c))
            );
        }
        assert_eq!(file_name_text_problem("a\nb.pdf"), Some(TextProblem::Control('\n')));
    }

    #[test]
    fn dates_are_recognised_by_their_shape() {
        assert_eq!(date_shaped_year("2024-06-30"), Some(2024));
        assert_eq!(date_shaped_year("-9999-01-01"), Some(-9999));
        assert_eq!(date_shaped_year("+10000-01-01"), Some(10000));
        assert_eq!(date_shaped_year("0001-01-01T00:00:00Z"), Some(1));
        assert_eq!(date_shaped_year("2024-13-45"), Some(2024));
        assert_eq!(date_shaped_year("2024-06"), None);
        assert_eq!(date_shaped_year("24-06-30"), None);
        assert_eq!(date_shaped_year("完成2024-06-30前"), None);
        assert_eq!(date_shaped_year("-"), None);
    }

    #[test]
    fn json_problems_name_the_field() {
        let body = json!({
            "progress": "ok",
            "cutoff": "0001-01-01",
            "values": [{"value": 1e300}, {"value": 3.5, "note": "x\u{0}"}],
            "bad\u{1}key": 1,
        });
        let fields: Vec<String> = json_problems(&body).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["bad\u{1}key", "cutoff", "values[0].value", "values[1].note"]);
        assert!(json_problems(&json!({"as_of": "2024-06-30", "n": 3293.48, "t": "第\t1"})).is_empty());
        assert_eq!(json_problems(&json!("\u{0}"))[0].field, "body");
    }

    #[test]
    fn the_date_range_is_the_plan_years() {
        let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        assert!(date_problem(d(2024)).is_none() && date_problem(d(2100)).is_none());
        assert!(date_problem(d(1)).is_some() && date_problem(d(2101)).is_some());
    }
}
