//! Proposing an item's indicators from the figures its milestones set ("累计新增就业3000人").
//!
//! A figure becomes an indicator when the milestones carry it forward (the same measure in two
//! or more milestones, growing, said of the same thing), or when the last milestone sets it and
//! the item's content names the same figure. What looks like a level kept rather than work done
//! (持续/保障 …), a figure that never changes, or a rate's "完成" with no figure is reported as a
//! problem for the office to check instead of being guessed silently.

use super::ImportProblem;
use crate::api::IndicatorKind;
use crate::quantity::figure;
use crate::seed::{IndicatorSeed, MilestoneSeed};

/// The most figures an item's text may hold for indicators to be proposed.
const MAX_FIGURES: usize = 200;

/// Longest first, so that 人次 is not read as 人.
const MEASURES: &[&str] = &[
    "平方米",
    "立方米",
    "公顷",
    "公里",
    "千米",
    "万元",
    "亿元",
    "人次",
    "批次",
    "户次",
    "家次",
    "个",
    "家",
    "户",
    "张",
    "座",
    "所",
    "名",
    "人",
    "次",
    "台",
    "套",
    "处",
    "条",
    "间",
    "场",
    "份",
    "期",
    "棵",
    "株",
    "吨",
    "辆",
    "项",
    "件",
    "宗",
    "亩",
    "米",
    "元",
    "%",
    "％",
];
/// Measures that a Chinese numeral may count ("开展一次…"), read only for totals the content sets.
const EVENT_MEASURES: &[&str] = &["次", "场", "期", "轮"];
const CLAUSE_END: &[char] = &['，', '。', '；', ';', '\n', ',', '！', '？', '：', ':'];
const CONTEXT_END: &[char] = &['，', '。', '；', ';', '\n', ',', '！', '？', '：', ':', '、'];
const QUOTES: &[char] = &['“', '”', '"', '‘', '’', '「', '」', '《', '》'];
/// Words that say how a figure is reached, not what it counts.
const MODIFIERS: &[&str] = &[
    "累计",
    "不少于",
    "不低于",
    "不超过",
    "超过",
    "达到",
    "提高到",
    "提高至",
    "提升至",
    "全面",
    "全市",
    "完成",
    "合计",
    "实现",
    "力争",
    "确保",
    "以上",
    "共",
    "约",
];
/// A figure kept at a level (a canteen kept open, villages looked after), not work done.
const KEPT: &[&str] = &["持续", "保障", "维持", "保持"];

#[derive(Debug, Clone)]
struct Mention {
    milestone: usize,
    pos: usize,
    value: f64,
    measure: String,
    before: String,
    after: String,
    clause: String,
    approx: bool,
}

impl Mention {
    fn is_rate(&self) -> bool {
        self.measure == "%"
    }
    fn figure(&self) -> String {
        format!("{}{}", figure(self.value), self.measure)
    }
    /// The three characters ending in 率 (开工率, 竣工率): rates of different things never link.
    fn rate_head(&self) -> Option<String> {
        let b: Vec<char> = strip_suffixes(&self.before).chars().collect();
        (b.last() == Some(&'率')).then(|| b[b.len().saturating_sub(3)..].iter().collect())
    }
}

fn clean(s: &str) -> String {
    let mut s: String = s.chars().filter(|c| !QUOTES.contains(c)).collect();
    for m in MODIFIERS {
        s = s.replace(m, "");
    }
    s
}

fn strip_suffixes(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for suffix in [
            "不少于",
            "不低于",
            "达到",
            "提高到",
            "提高至",
            "提升至",
            "超过",
            "累计",
            "达",
            "至",
            "为",
            "约",
            "共",
            "完成",
        ] {
            s = s.strip_suffix(suffix).unwrap_or(s);
        }
        if s == before {
            return s;
        }
    }
}

fn measure_at(chars: &[char], j: usize) -> Option<&'static str> {
    MEASURES.iter().copied().find(|m| {
        let m: Vec<char> = m.chars().collect();
        chars.len() >= j + m.len() && chars[j..j + m.len()] == m[..]
    })
}

/// How far a figure's words reach either side (a clause is rarely longer): keeps the work
/// linear for text with no punctuation.
const REACH: usize = 40;

fn context(chars: &[char], start: usize, end: usize) -> (String, String, String) {
    let (floor, ceiling) = (start.saturating_sub(REACH), (end + REACH).min(chars.len()));
    let mut b = start;
    while b > floor && !CONTEXT_END.contains(&chars[b - 1]) {
        b -= 1;
    }
    let mut a = end;
    while a < ceiling && !CONTEXT_END.contains(&chars[a]) && !chars[a].is_ascii_digit() {
        a += 1;
    }
    let (mut cb, mut ca) = (start, end);
    while cb > floor && !CLAUSE_END.contains(&chars[cb - 1]) {
        cb -= 1;
    }
    while ca < ceiling && !CLAUSE_END.contains(&chars[ca]) {
        ca += 1;
    }
    let s = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    (s(b, start), s(end, a), s(cb, ca))
}

/// Every Arabic figure with a measure in `text` ("1200人", "4.52公里", "6万人", "38%").
fn mentions(text: &str, milestone: usize) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let prev = (i > 0).then(|| chars[i - 1]);
        let joined = prev
            .is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | '-' | '—' | '~' | '～' | '+' | '/' | '至'));
        if !chars[i].is_ascii_digit() || joined {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || (chars[i] == '.' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        // A range ("3-5名") sets no single figure.
        if chars
            .get(i)
            .is_some_and(|c| matches!(c, '-' | '—' | '~' | '～' | '至' | '+' | '/'))
        {
            continue;
        }
        let Ok(mut value) = number.parse::<f64>() else { continue };
        let mut j = i;
        if chars.get(j) == Some(&'万') && chars.get(j + 1) != Some(&'元') {
            value *= 10_000.0;
            j += 1;
        }
        let Some(measure) = measure_at(&chars, j) else { continue };
        let end = j + measure.chars().count();
        let (before, after, clause) = context(&chars, start, end);
        let approx = before.ends_with('约') || before.ends_with("约为") || before.ends_with("左右");
        let measure = match measure {
            "名" => "人",
            "％" => "%",
            m => m,
        };
        out.push(Mention {
            milestone,
            pos: start,
            value,
            measure: measure.to_string(),
            before,
            after,
            clause,
            approx,
        });
        i = end;
    }
    out
}

/// "开展一次…辅导课" as 1 次: only the event measures, only where the content sets their total.
fn counted_events(text: &str, milestone: usize, measure: &str) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let m: Vec<char> = measure.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let Some(n) = super::text::chinese_number(&chars[i].to_string()) else {
            continue;
        };
        let prev_numeral = i > 0 && super::text::chinese_number(&chars[i - 1].to_string()).is_some();
        if prev_numeral || chars.len() < i + 1 + m.len() || chars[i + 1..i + 1 + m.len()] != m[..] {
            continue;
        }
        let (before, after, clause) = context(&chars, i, i + 1 + m.len());
        out.push(Mention {
            milestone,
            pos: i,
            value: n as f64,
            measure: measure.to_string(),
            before,
            after,
            clause,
            approx: false,
        });
    }
    out
}

/// Longest common run of characters.
fn common_run(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for x in &a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if x == y { prev + 1 } else { 0 };
            best = best.max(row[j + 1]);
            prev = cur;
        }
    }
    best
}

/// How sure it is that two figures count the same thing.
fn likeness(a: &Mention, b: &Mention) -> usize {
    common_run(&clean(&a.before), &clean(&b.before)) + common_run(&clean(&a.after), &clean(&b.after))
}

fn name_of(m: &Mention) -> String {
    // What follows the last "完成" names the work ("并于9月底前按时完成改造学生坑位" → "改造学生坑位").
    let before = strip_suffixes(&m.before);
    let before = before.rsplit_once("完成").map_or(before, |(_, b)| b);
    let mut before: String = before.replace("累计", "").replace("全市", "");
    for prefix in ["合计", "实现", "力争", "确保", "共", "全面"] {
        before = before.strip_prefix(prefix).unwrap_or(&before).to_string();
    }
    // Other figures in the words ("28户农村危房改造竣工率") are not part of the name.
    let mut words = String::new();
    let chars: Vec<char> = before.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == '.')
            .count();
        if let Some(m) = (digits > 0).then(|| measure_at(&chars, i + digits)).flatten() {
            i += digits + m.chars().count();
        } else {
            words.push(chars[i]);
            i += 1;
        }
    }
    let before = strip_suffixes(words.trim_end_matches('的')).to_string();
    let after = if m.is_rate() {
        String::new()
    } else {
        let a = m.after.trim_start_matches("以上");
        a.split(['的', '为', '（', '('])
            .next()
            .unwrap_or("")
            .split("提供")
            .next()
            .unwrap_or("")
            .split("成功")
            .next()
            .unwrap_or("")
            .to_string()
    };
    let name: String = format!("{before}{after}").chars().take(30).collect();
    if name.is_empty() {
        m.measure.clone()
    } else {
        name
    }
}

fn targets(chain: &[Mention], milestones: usize) -> Vec<Option<f64>> {
    let mut t = vec![None; milestones];
    for m in chain {
        t[m.milestone] = Some(m.value);
    }
    t
}

/// The item's indicators, one per chain of figures the office can trust; problems for the rest.
pub fn propose(
    content: &str,
    milestones: &[MilestoneSeed],
    line: usize,
    at: &str,
    problems: &mut Vec<ImportProblem>,
) -> Vec<IndicatorSeed> {
    let n = milestones.len();
    if n == 0 {
        return Vec::new();
    }
    let in_content = mentions(content, usize::MAX);
    let by_milestone: Vec<Vec<Mention>> = milestones
        .iter()
        .enumerate()
        .map(|(k, m)| mentions(&m.text, k))
        .collect();
    // A real milestone sets a handful of figures; hundreds are not a plan's text.
    if in_content.len() + by_milestone.iter().map(Vec::len).sum::<usize>() > MAX_FIGURES {
        problems.push(ImportProblem::check(
            line,
            format!("{at}：数字过多，未建议指标，请在编辑中填写"),
        ));
        return Vec::new();
    }

    // Chains, built from the last milestone back: each figure links to the best-matching chain.
    let mut chains: Vec<Vec<Mention>> = Vec::new();
    for k in (0..n).rev() {
        let here = &by_milestone[k];
        let mut pairs = Vec::new();
        for (c, chain) in chains.iter().enumerate() {
            let head = chain.last().expect("chains are never empty");
            for (i, m) in here.iter().enumerate() {
                let fits = m.measure == head.measure && m.value <= head.value && m.rate_head() == head.rate_head();
                let score = likeness(m, head);
                // Short names ("改造20公里" … "改造35公里") link when nothing else here or at the
                // chain's head has that measure.
                let alone = |list: &[Mention]| list.iter().filter(|x| x.measure == m.measure).count() == 1;
                let needed = if alone(here) && alone(&by_milestone[head.milestone]) {
                    1
                } else {
                    3
                };
                if fits && score >= needed {
                    pairs.push((score, c, i));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut chain_used, mut mention_used) = (vec![false; chains.len()], vec![false; here.len()]);
        for (_, c, i) in pairs {
            if !chain_used[c] && !mention_used[i] {
                chain_used[c] = true;
                mention_used[i] = true;
                chains[c].push(here[i].clone());
            }
        }
        for (i, m) in here.iter().enumerate() {
            if !mention_used[i] {
                chains.push(vec![m.clone()]);
            }
        }
    }
    let content_has = |m: &Mention| -> Option<&Mention> {
        in_content
            .iter()
            .find(|c| c.value == m.value && c.measure.starts_with(&m.measure))
    };

    let mut accepted: Vec<(usize, usize, IndicatorSeed)> = Vec::new();
    let mut found_in_content: Vec<usize> = Vec::new();
    for chain in &chains {
        let last = &chain[0]; // the latest milestone's figure
        let first = chain.last().expect("non-empty");
        let named = content_has(last);
        if let Some(c) = named {
            found_in_content.push(c.pos);
        }
        let figure = last.figure();
        let kept = chain
            .iter()
            .map(|m| &m.clause)
            .chain(named.map(|c| &c.clause))
            .any(|c| KEPT.iter().any(|k| c.contains(k)));
        let accept = if chain.len() >= 2 {
            if chain.iter().all(|m| m.value == last.value) {
                problems.push(ImportProblem::check(
                    line,
                    format!("{at}：“{figure}”在各节点不变，未设为指标，请核对"),
                ));
                false
            } else {
                true
            }
        } else if last.is_rate() {
            last.milestone == n - 1
        } else {
            match named {
                Some(c) if c.approx => {
                    problems.push(ImportProblem::check(
                        line,
                        format!("{at}：具体内容写的是“约{figure}”，未设为指标，请核对"),
                    ));
                    false
                }
                Some(_) => last.milestone == n - 1 || last.clause.contains("完成"),
                None => false,
            }
        };
        if !accept {
            continue;
        }
        if kept {
            problems.push(ImportProblem::check(
                line,
                format!("{at}：“{figure}”像是要保持的数量而非年度完成量，未设为指标，请核对"),
            ));
            continue;
        }
        let mut t = targets(chain, n);
        // A rate whose last milestone says "完成…" with no figure: read as 100%, and say so.
        if last.is_rate() && last.milestone < n - 1 {
            let final_text = milestones[n - 1].text.trim_start_matches("全面");
            if by_milestone[n - 1].iter().all(|m| !m.is_rate()) && final_text.starts_with("完成") {
                t[n - 1] = Some(100.0);
                problems.push(ImportProblem::check(
                    line,
                    format!(
                        "{at}：指标“{}”末节点写“完成”而无百分比，按100%计，请核对",
                        name_of(last)
                    ),
                ));
            }
        }
        let kind = if last.is_rate() {
            IndicatorKind::Rate
        } else {
            IndicatorKind::Cumulative
        };
        // A proposal the plan's rules would refuse (a rate above 100%) is said, not made.
        if let Some(why) = crate::plan_edit::target_problems(kind, &t, n).first() {
            problems.push(ImportProblem::check(
                line,
                format!("{at}：“{figure}”{why}，未设为指标，请核对"),
            ));
            continue;
        }
        accepted.push((
            first.milestone,
            first.pos,
            IndicatorSeed {
                name: name_of(last),
                measure: last.measure.clone(),
                kind,
                targets: t,
            },
        ));
    }

    // A total the content sets that the milestones reach one event at a time ("开展一次…").
    for c in in_content
        .iter()
        .filter(|c| !found_in_content.contains(&c.pos) && EVENT_MEASURES.contains(&c.measure.as_str()))
    {
        let events: Vec<Mention> = milestones
            .iter()
            .enumerate()
            .flat_map(|(k, m)| counted_events(&m.text, k, &c.measure))
            .collect();
        let total: f64 = events.iter().map(|e| e.value).sum();
        if events.is_empty() || total != c.value || accepted.iter().any(|a| a.2.measure == c.measure) {
            continue;
        }
        let mut t = vec![None; n];
        let mut sum = 0.0;
        for e in &events {
            sum += e.value;
            t[e.milestone] = Some(sum);
        }
        let name = name_of(c);
        problems.push(ImportProblem::check(
            line,
            format!("{at}：指标“{name}”按各节点的次数累计至{}，请核对", c.figure()),
        ));
        accepted.push((
            events[0].milestone,
            events[0].pos,
            IndicatorSeed {
                name,
                measure: c.measure.clone(),
                kind: IndicatorKind::Cumulative,
                targets: t,
            },
        ));
    }
    accepted.sort_by_key(|a| (a.0, a.1));
    accepted.into_iter().map(|a| a.2).collect()
}
