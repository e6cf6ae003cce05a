//! Small text helpers for reading notices.

/// Full-width digits, letters' percent sign and colon as ASCII, so that `３月３１日前：` reads
/// like `3月31日前:`; everything else as written.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '\u{a0}' | '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Without any spaces: the heading "关于印发 2024 年 市十件…" reads "关于印发2024年市十件…".
pub fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// HTML paragraph marks as line breaks, other tags dropped, lines trimmed, empty lines gone.
pub fn paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        if tag.starts_with('p')
            || tag.starts_with("/p")
            || tag.starts_with("br")
            || tag.starts_with("div")
            || tag.starts_with("/div")
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A number as the notice writes it: Arabic (`12`, `（12）`, `12.`) or Chinese (`十二`).
pub fn ordinal(s: &str) -> Option<i32> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '.' | '．' | '、' | ' ' | '第' | '项'))
        .collect();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|n| (1..=999).contains(n));
    }
    chinese_number(&s)
}

/// 一 … 九十九 (and 两).
pub fn chinese_number(s: &str) -> Option<i32> {
    fn digit(c: char) -> Option<i32> {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as i32)
            .or((c == '两').then_some(2))
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|n| *n > 0),
        ['十', d] => digit(*d).map(|n| 10 + n),
        [t, '十'] => digit(*t).map(|n| n * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}
