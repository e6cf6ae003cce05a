//! A 节点计划 cell into dated milestones: "3月31日前：…", "6月底前：…", "二季度：…", "年底前：…".

use chrono::NaiveDate;

/// A date marker found in the text: where it starts and ends, and the day it names.
#[derive(Debug, PartialEq)]
struct Marker {
    start: usize,
    end: usize,
    due: Result<NaiveDate, String>,
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt())
}

fn quarter_end(year: i32, q: u32) -> Option<NaiveDate> {
    month_end(year, q * 3)
}

/// Reads a marker at the start of `s` (a slice of chars), up to and including its colon.
/// Returns the number of chars it covers and the day.
fn marker_at(s: &[char], year: i32) -> Option<(usize, Result<NaiveDate, String>)> {
    let mut i = 0;
    let digits = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < s.len() && s[*i].is_ascii_digit() && *i - start < 4 {
            *i += 1;
        }
        (start < *i)
            .then(|| s[start..*i].iter().collect::<String>().parse().ok())
            .flatten()
    };
    let word = |i: &mut usize, w: &str| -> bool {
        let w: Vec<char> = w.chars().collect();
        if s.len() >= *i + w.len() && s[*i..*i + w.len()] == w[..] {
            *i += w.len();
            true
        } else {
            false
        }
    };
    let mut written_year = None;
    let start_digits = i;
    if let Some(y) = digits(&mut i) {
        if word(&mut i, "年") && i - start_digits == 5 {
            written_year = Some(y as i32);
        } else {
            i = start_digits;
        }
    }
    let due: Result<NaiveDate, String>;
    if let Some(m) = digits(&mut i) {
        if !word(&mut i, "月") {
            return None;
        }
        let y = written_year.unwrap_or(year);
        let text_so_far = |i: usize| s[..i].iter().collect::<String>();
        if let Some(d) = digits(&mut i) {
            if !(word(&mut i, "日") || word(&mut i, "号")) {
                return None;
            }
            due = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| text_so_far(i));
        } else {
            let _ = word(&mut i, "份");
            let _ = word(&mut i, "底") || word(&mut i, "末") || word(&mut i, "中旬") || word(&mut i, "下旬");
            due = (1..=12)
                .contains(&m)
                .then(|| month_end(y, m))
                .flatten()
                .ok_or_else(|| text_so_far(i));
        }
    } else {
        let y = written_year.unwrap_or(year);
        let quarter = |c: char| "一二三四1234".chars().position(|q| q == c).map(|p| p as u32 % 4 + 1);
        let _ = word(&mut i, "第");
        if word(&mut i, "前三季度") {
            due = Ok(quarter_end(y, 3).expect("a quarter"));
        } else if i < s.len() && quarter(s[i]).is_some() && s.get(i + 1..i + 3) == Some(&['季', '度']) {
            let q = quarter(s[i]).expect("checked");
            i += 3;
            let _ = word(&mut i, "末") || word(&mut i, "底");
            due = Ok(quarter_end(y, q).expect("a quarter"));
        } else if word(&mut i, "上半年") {
            due = Ok(month_end(y, 6).expect("June"));
        } else if word(&mut i, "下半年")
            || word(&mut i, "年底")
            || word(&mut i, "年末")
            || word(&mut i, "年内")
            || word(&mut i, "全年")
        {
            due = Ok(month_end(y, 12).expect("December"));
        } else {
            return None;
        }
    }
    let _ = word(&mut i, "之前") || word(&mut i, "前") || word(&mut i, "以前");
    while i < s.len() && s[i] == ' ' {
        i += 1;
    }
    if i < s.len() && matches!(s[i], '：' | ':') {
        Some((i + 1, due))
    } else {
        None
    }
}

fn markers(text: &str, year: i32) -> Vec<Marker> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A marker starts a paragraph or follows a space or a sentence's end, never mid-word
        // ("于8月份动工" is text).
        let boundary = i == 0 || matches!(chars[i - 1], '\n' | ' ' | '。' | '；' | ';' | '）' | ')');
        if boundary {
            if let Some((len, due)) = marker_at(&chars[i..], year) {
                out.push(Marker {
                    start: i,
                    end: i + len,
                    due,
                });
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The milestones of one cell, in the order written: (day or the unreadable marker, text).
/// Text before the first marker comes back as `preamble`.
pub struct Split {
    pub milestones: Vec<(Result<NaiveDate, String>, String)>,
    pub preamble: String,
}

pub fn split(cell: &str, year: i32) -> Split {
    let chars: Vec<char> = cell.chars().collect();
    let found = markers(cell, year);
    let piece = |a: usize, b: usize| -> String {
        let s: String = chars[a..b].iter().collect();
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let preamble = piece(0, found.first().map_or(chars.len(), |m| m.start));
    let milestones = found
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let end = found.get(k + 1).map_or(chars.len(), |n| n.start);
            (m.due.clone(), piece(m.end, end))
        })
        .collect();
    Split { milestones, preamble }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dues(cell: &str) -> Vec<String> {
        split(cell, 2030)
            .milestones
            .into_iter()
            .map(|(d, _)| d.map(|d| d.to_string()).unwrap_or_else(|e| format!("bad {e}")))
            .collect()
    }

    #[test]
    fn dates_quarters_and_year_end() {
        assert_eq!(dues("3月31日前：甲。 6月底前：乙"), ["2030-03-31", "2030-06-30"]);
        assert_eq!(
            dues("一季度：甲\n第二季度末前：乙\n三季度:丙\n年底前：丁"),
            ["2030-03-31", "2030-06-30", "2030-09-30", "2030-12-31"]
        );
        assert_eq!(dues("上半年：甲；下半年：乙"), ["2030-06-30", "2030-12-31"]);
        assert_eq!(dues("2030年2月28日前：甲"), ["2030-02-28"]);
        assert_eq!(dues("2月30日前：甲"), ["bad 2月30日"]);
    }

    #[test]
    fn dates_inside_the_text_are_text() {
        let s = split("9月30日前：项目于8月份动工建设，并于9月底前按时完成改造。", 2024);
        assert_eq!(s.milestones.len(), 1);
        assert_eq!(s.milestones[0].1, "项目于8月份动工建设，并于9月底前按时完成改造。");
        let s = split("新建工程：甲。\n改造工程：乙。", 2024);
        assert!(s.milestones.is_empty());
        assert_eq!(s.preamble, "新建工程：甲。\n改造工程：乙。");
    }
}
