//! `/office/exports`: the plan's table with lights as Excel (the notice's layout) or CSV,
//! on any day.

use chrono::{Datelike, NaiveDate};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::DateInput;
use crate::hooks::use_title;
use crate::routes::Route;

#[component]
pub fn ExportsPage() -> Html {
    use_title(Some("数据导出".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeExports}>
            <Exports />
        </OfficeFrame>
    }
}

#[component]
fn Exports() -> Html {
    let input = use_node_ref();
    let status = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let download = |ext: &'static str| {
        let (input, status, busy) = (input.clone(), status.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let as_of = input
                .cast::<HtmlInputElement>()
                .and_then(|el| el.value().parse::<NaiveDate>().ok());
            busy.set(true);
            status.set(Some((true, "正在生成文件…".to_string())));
            let (status, busy) = (status.clone(), busy.clone());
            spawn_local(async move {
                let result = async {
                    let year = api::plans::year_or_current(None).await?;
                    let day = as_of
                        .map(|d| format!("（截至{:04}{:02}{:02}）", d.year(), d.month(), d.day()))
                        .unwrap_or_default();
                    let name = format!("{year}年民生实事推进情况{day}.{ext}");
                    api::exports::download_export(year, ext, as_of, &name).await?;
                    Ok::<_, crate::api::ApiError>(name)
                }
                .await;
                match result {
                    Ok(name) => status.set(Some((true, format!("已下载：{name}")))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, e.message))),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section aria-labelledby="exports-title">
            <h1 id="exports-title">{ "数据导出" }</h1>
            <p class="muted">{ "导出计划表及各项目的亮灯、完成度和最新进展。Excel 按通知附件的表格样式排版，CSV 便于导入其他系统。不选日期则按今天导出。" }</p>
            <StatusLine message={(*status).clone()} />
            <div class="form export-form">
                <div class="field">
                    <label for="export-as-of">{ "截至日期（选填）" }</label>
                    <DateInput id="export-as-of" classes={classes!("input", "input-date")} node_ref={input.clone()} />
                </div>
                <div class="form-actions">
                    <button id="export-xlsx" type="button" class="button" onclick={download("xlsx")} disabled={*busy}>{ "下载 Excel（.xlsx）" }</button>
                    <button id="export-csv" type="button" class="button button-secondary" onclick={download("csv")} disabled={*busy}>{ "下载 CSV" }</button>
                </div>
            </div>
        </section>
    }
}
