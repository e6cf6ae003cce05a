//! `/items/:id/reports/:period`: the monthly report form. Opening it writes nothing: a month
//! not yet started shows last month's text (its month label dropped), and its draft is created
//! by the first 保存草稿 or 提交. Later saves send the content with the version they edit;
//! 提交 saves, then submits. When someone else saved meanwhile (412), what the
//! user typed stays in the form and the newer version is shown beside it.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::error::ErrorCode;
use duban_shared::lights::Period;
use duban_shared::reporting::{Report, ReportPrefill, ReportState};
use yew::prelude::*;

use crate::access::may_work_on;
use crate::api::{self, ApiError};
use crate::components::{ErrorPanel, RouteLink};
use crate::format::period_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;
use crate::session;

mod draft;
mod fields;
mod form;
mod read_only;

use form::ReportForm;

#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    pub id: i32,
    pub period: String,
}

/// The item, the month's report (started here when the user may), and whether the user may edit.
struct Loaded {
    item: Rc<ItemDetail>,
    report: Option<Report>,
    may_edit: bool,
}

async fn load(id: i32, period: Period) -> Result<Loaded, ApiError> {
    let item = api::items::item(id).await?;
    let may_edit = may_work_on(session::current().as_deref(), &item);
    let mut report = api::reports::report(id, period).await?;
    if report.is_none() && may_edit {
        // Looking writes nothing: the form starts from the carried text, and the draft exists
        // from the first 保存 (version 0 until then).
        let p = api::reports::prefill(id, period).await?;
        report = Some(unsaved(&item, p));
    }
    Ok(Loaded {
        item: Rc::new(item),
        report,
        may_edit,
    })
}

/// A month's report that is not on the server yet: version 0, a draft of nobody's.
fn unsaved(item: &ItemDetail, p: ReportPrefill) -> Report {
    Report {
        id: 0,
        item_id: item.id,
        period: p.period,
        state: ReportState::Draft,
        progress: p.content.progress,
        problems: p.content.problems,
        next_steps: p.content.next_steps,
        values: p.content.values,
        return_reason: None,
        due_on: p.due_on,
        late: false,
        first_submitted_at: None,
        created_by: String::new(),
        updated_by: String::new(),
        updated_at: chrono::DateTime::UNIX_EPOCH,
        version: 0,
        versions: Vec::new(),
    }
}

#[component]
pub fn ReportPage(props: &ReportPageProps) -> Html {
    let period = Period::parse(&props.period).ok();
    use_title(Some(match period {
        Some(p) => format!("{}月报", period_zh(p)),
        None => "月报".to_string(),
    }));
    let loaded = use_load((props.id, period), |(id, period)| async move {
        match period {
            Some(p) => load(id, p).await,
            None => Err(ApiError::not_found(ErrorCode::NotFound.message_zh())),
        }
    });
    match (&*loaded.state, period) {
        (Load::Loading, _) => html! {
            <div class="unit-page report-page" aria-busy="true">
                <div class="unit-head">
                    <h1>{ "月报" }</h1>
                    <p class="muted" role="status">{ "正在加载…" }</p>
                </div>
                <div class="report-skeleton">
                    <div class="bone bone-title"></div>
                    <div class="bone bone-field"></div>
                    <div class="bone bone-field"></div>
                </div>
            </div>
        },
        (Load::Failed(error), _) => html! {
            <ErrorPanel
                title="无法打开月报"
                error={error.clone()}
                not_found_message="未找到该项目或月份，请检查地址。"
                on_retry={loaded.retry.clone()}
            />
        },
        (Load::Ready(data), Some(period)) => match &data.report {
            Some(report) => html! {
                <ReportForm item={data.item.clone()} report={Rc::new(report.clone())} {period} may_edit={data.may_edit} />
            },
            None => html! {
                <section class="panel" aria-labelledby="report-none-title">
                    <h1 id="report-none-title">{ format!("第{}项 · {}月报", data.item.number, period_zh(period)) }</h1>
                    <p>{ format!("{}尚未填报本月月报。本项目由{}负责，您可以查看，但不能填报。", data.item.lead_unit.name, data.item.lead_unit.name) }</p>
                    <p><RouteLink to={Route::Item { id: data.item.id }} classes="button">{ "返回项目" }</RouteLink></p>
                </section>
            },
        },
        (Load::Ready(_), None) => Html::default(),
    }
}
