//! Lights and progress bars for the dashboard and the lists: colour always with its words,
//! bars drawn as SVG (widths as attributes, so the strict CSP needs no inline style).

use duban_shared::lights::Colour;
use duban_shared::quantity::round1;
use duban_shared::summary::LightCounts;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

use crate::format::figure;
use crate::routes::Route;

/// "红灯" …: the colour's name, said beside its meaning.
pub fn colour_name(c: Colour) -> &'static str {
    match c {
        Colour::Blue => "蓝灯",
        Colour::Green => "绿灯",
        Colour::Yellow => "黄灯",
        Colour::Red => "红灯",
    }
}

/// The order the dashboard lists lights in: done first, worst last.
pub const COLOURS: [Colour; 4] = [Colour::Blue, Colour::Green, Colour::Yellow, Colour::Red];

pub fn count_of(counts: &LightCounts, c: Colour) -> i64 {
    match c {
        Colour::Blue => counts.blue,
        Colour::Green => counts.green,
        Colour::Yellow => counts.yellow,
        Colour::Red => counts.red,
    }
}

#[derive(Properties, PartialEq)]
pub struct LightBadgeProps {
    pub colour: Colour,
}

/// A light as a dot in its colour and its words: "● 严重滞后".
#[component]
pub fn LightBadge(props: &LightBadgeProps) -> Html {
    let c = props.colour;
    html! {
        <span class={classes!("lamp", format!("lamp-{}", c.as_str()))} data-light={c.as_str()}>
            <span class="lamp-dot" aria-hidden="true"></span>
            <span class="visually-hidden">{ colour_name(c) }</span>
            { c.label_zh() }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgressBarProps {
    /// 0–100.
    pub pct: f64,
    /// The 序时进度 (where it should be by now), 0–100: drawn as a mark across the bar and said
    /// in words, so that a low bar that is on pace and a high one that is behind read right.
    #[prop_or_default]
    pub expected: Option<f64>,
}

/// A bar with its figure: the figure is the text, the bar only draws it.
#[component]
pub fn ProgressBar(props: &ProgressBarProps) -> Html {
    let pct = props.pct.clamp(0.0, 100.0);
    let width = format!("{:.1}", pct);
    let one = |x: f64| figure(round1(x));
    let behind = props.expected.is_some_and(|e| props.pct + 0.05 < e);
    html! {
        <span class={classes!("bar", behind.then_some("bar-behind"))} data-expected={props.expected.map(one)}>
            <svg class="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="bar-track" x="0" y="0" width="100" height="10" />
                <rect class="bar-fill" x="0" y="0" width={width} height="10" />
                if let Some(e) = props.expected {
                    <rect class="bar-expected" x={format!("{:.1}", e.clamp(0.0, 100.0) - 0.6)} y="0" width="1.2" height="10" />
                }
            </svg>
            <span class="bar-value">
                { format!("{}%", one(props.pct)) }
                if let Some(e) = props.expected {
                    <span class="bar-expected-text">{ format!("序时{}%", one(e)) }</span>
                }
            </span>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct LightMixProps {
    pub counts: LightCounts,
}

/// How many items of each light, as a stacked strip and in words ("红1 黄0 绿2").
#[component]
pub fn LightMix(props: &LightMixProps) -> Html {
    let total = props.counts.total.max(1) as f64;
    let mut x = 0.0;
    let rects = COLOURS.iter().rev().map(|c| {
        let n = count_of(&props.counts, *c) as f64;
        let w = n * 100.0 / total;
        let rect = html! {
            <rect class={format!("mix-{}", c.as_str())} x={format!("{x:.2}")} y="0" width={format!("{w:.2}")} height="10" />
        };
        x += w;
        rect
    });
    let words = COLOURS
        .iter()
        .rev()
        .filter(|c| count_of(&props.counts, **c) > 0)
        .map(|c| format!("{}{}项", c.label_zh(), count_of(&props.counts, *c)))
        .collect::<Vec<_>>()
        .join("，");
    html! {
        <span class="mix">
            <svg class="mix-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                { for rects }
            </svg>
            <span class="mix-words">{ words }</span>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct QueryLinkProps {
    pub to: Route,
    /// Without the leading '?'; empty for none.
    #[prop_or_default]
    pub query: String,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route with a query string (`/items?light=red&as_of=…`), handled in the app.
#[component]
pub fn QueryLink(props: &QueryLinkProps) -> Html {
    let navigator = use_navigator();
    let path = props.to.to_path();
    let href = if props.query.is_empty() {
        path
    } else {
        format!("{path}?{}", props.query)
    };
    let onclick = {
        let to = props.to.clone();
        let query = props.query.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() != 0 || e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
                return;
            }
            if let Some(navigator) = &navigator {
                e.prevent_default();
                if query.is_empty() {
                    navigator.push(&to);
                } else {
                    let _ = navigator.push_with_query(&to, Raw(query.as_str()));
                }
            }
        })
    };
    html! {
        <a class={props.classes.clone()} id={props.id.clone()} {href} {onclick} aria-label={props.aria_label.clone()}>
            { props.children.clone() }
        </a>
    }
}
