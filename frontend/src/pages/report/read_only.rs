//! A report that can no longer be edited here, as it reads.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::reporting::Report;
use yew::prelude::*;

use crate::format::{figure, time_zh};

#[derive(Properties, PartialEq)]
pub(super) struct ReportReadOnlyProps {
    pub item: Rc<ItemDetail>,
    pub report: Rc<Report>,
}

#[component]
pub(super) fn ReportReadOnly(props: &ReportReadOnlyProps) -> Html {
    let r = &props.report;
    let text = |t: &str| {
        if t.trim().is_empty() {
            "（未填写）".to_string()
        } else {
            t.to_string()
        }
    };
    html! {
        <section class="unit-section report-readonly" aria-labelledby="readonly-title">
            <h2 id="readonly-title">{ "月报内容" }</h2>
            <dl class="report-dl">
                <dt>{ "工作进展" }</dt><dd>{ text(&r.progress) }</dd>
                <dt>{ "存在问题" }</dt><dd>{ text(&r.problems) }</dd>
                <dt>{ "下步计划" }</dt><dd>{ text(&r.next_steps) }</dd>
                { for props.item.indicators.iter().map(|ind| {
                    let v = r.values.iter().find(|v| v.indicator_id == ind.id);
                    html! {
                        <>
                            <dt>{ format!("{}（{}）", ind.name, ind.measure) }</dt>
                            <dd>{ v.map(|v| figure(v.value)).unwrap_or_else(|| "（未填写）".to_string()) }</dd>
                        </>
                    }
                }) }
            </dl>
            if let Some(at) = r.first_submitted_at {
                <p class="muted">{ format!("首次报送：{}{}", time_zh(at), if r.late { "（逾期报送）" } else { "" }) }</p>
            }
        </section>
    }
}
