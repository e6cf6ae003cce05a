//! The public progress page (`/public/{year}`): plain HTML with its own small stylesheet, no
//! script, readable on a phone and with JavaScript off.

use chrono::Datelike;
use duban_shared::briefing::chinese_date;
use duban_shared::lights::Colour;
use duban_shared::numerals::chinese_ordinal;
use duban_shared::public::{PublicItem, PublicPlan};
use v_htmlescape::escape_fmt as escape;

pub const STYLE: &str = "body{margin:0;font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;color:#1d2024;background:#eef0f3;line-height:1.7}\
main,.head{max-width:960px;margin:0 auto;padding:1rem}header .head{padding:0}header{background:#16325c;color:#fff;padding:1rem}header p{margin:.25rem 0;opacity:.9}\
h1{font-size:1.35rem;margin:.25rem 0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}\
.item{background:#fff;border:1px solid #c9ced6;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}\
.item h3{font-size:1rem;margin:0 0 .25rem}.unit{color:#555b63;margin:0}.light{display:inline-block;border-radius:999px;padding:0 .6rem;font-size:.9rem;border:1px solid}\
.light-blue{color:#1750b8}.light-green{color:#17783a}.light-yellow{color:#7a5200}.light-red{color:#b3121a}\
ul{padding-left:1.25rem;margin:.25rem 0}.done{color:#17783a}.todo{color:#555b63}.progress{background:#f4f6f9;border-left:3px solid #0b4f9c;padding:.4rem .6rem;margin:.5rem 0}\
.muted{color:#555b63;font-size:.9rem}footer{max-width:960px;margin:0 auto;padding:1rem;color:#555b63;font-size:.85rem}";

fn light_label(c: Colour) -> &'static str {
    match c {
        Colour::Blue => "已完成",
        Colour::Green => "正常推进",
        Colour::Yellow => "滞后",
        Colour::Red => "严重滞后",
    }
}

fn item_html(i: &PublicItem) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<article class=\"item\" id=\"item-{n}\"><h3>第{n}项　<span class=\"light light-{c}\">{label}</span>{result}</h3><p>{content}</p>",
        n = i.number,
        c = i.light.as_str(),
        label = light_label(i.light),
        result = i.final_result.map(|r| format!("　<span class=\"light\">年终：{}</span>", r.label_zh())).unwrap_or_default(),
        content = escape(&i.content),
    ));
    let co = if i.co_units.is_empty() {
        String::new()
    } else {
        format!("；配合单位：{}", escape(&i.co_units.join("、")))
    };
    out.push_str(&format!("<p class=\"unit\">责任单位：{}{co}</p>", escape(&i.lead_unit)));
    if !i.reasons.is_empty() {
        out.push_str(&format!("<p class=\"muted\">{}</p>", escape(&i.reasons.join("；"))));
    }
    out.push_str("<ul class=\"milestones\">");
    for m in &i.milestones {
        let (class, state) = if m.done {
            ("done", "已完成")
        } else {
            ("todo", "未完成")
        };
        out.push_str(&format!(
            "<li class=\"{class}\">{}月{}日前：{}（{state}）</li>",
            m.due.month(),
            m.due.day(),
            escape(&m.text)
        ));
    }
    out.push_str("</ul>");
    if let Some(p) = &i.progress {
        let month = p.period.split_once('-').map_or(p.period.clone(), |(y, m)| {
            format!("{y}年{}月", m.trim_start_matches('0'))
        });
        out.push_str(&format!(
            "<div class=\"progress\"><p class=\"muted\">最新进展（{month}）</p><p>{}</p></div>",
            escape(&p.text)
        ));
    }
    out.push_str("</article>");
    out
}

pub fn html(plan: &PublicPlan) -> String {
    let mut body = String::new();
    for c in &plan.categories {
        body.push_str(&format!(
            "<section><h2>{}、{}</h2>{}</section>",
            chinese_ordinal(c.ordinal),
            escape(&c.title),
            c.items.iter().map(item_html).collect::<String>()
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}推进情况</title><style>{STYLE}</style></head><body>\
<header><div class=\"head\"><p>{issuer}　{doc}</p><h1>{title}推进情况</h1><p>截至{as_of}{closed}</p></div></header>\
<main>{body}</main><footer>本页由{issuer}主动公开，内容为督查室审核通过的进展情况。</footer></body></html>",
        title = escape(&plan.title),
        issuer = escape(&plan.issuer),
        doc = escape(&plan.doc_number),
        as_of = chinese_date(plan.as_of),
        closed = if plan.closed { "　本年度已年终销号" } else { "" },
    )
}
