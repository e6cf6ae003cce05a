//! 一键催报 on the review page: the office reminds at once every unit whose report for the
//! current month is not in (the message center, and mail where an address is set).

use duban_shared::messages::ReminderRun;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::message_bell::use_unread;
use crate::error_messages::write_error;
use crate::format::period_zh;

#[component]
pub fn ChasePanel() -> Html {
    let busy = use_state(|| false);
    let asking = use_state(|| false);
    let result = use_state(|| None::<Result<ReminderRun, String>>);
    let unread = use_unread();
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(!*asking))
    };
    let onclick = {
        let (busy, result, asking) = (busy.clone(), result.clone(), asking.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            asking.set(false);
            busy.set(true);
            let (busy, result, unread) = (busy.clone(), result.clone(), unread.clone());
            spawn_local(async move {
                let run = async {
                    let year = api::plans::year_or_current(None).await?;
                    api::messages::chase(year).await
                }
                .await;
                match run {
                    Ok(run) => result.set(Some(Ok(run))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => result.set(Some(Err(write_error(&e)))),
                }
                if let Some(u) = unread {
                    u.refresh.emit(());
                }
                busy.set(false);
            });
        })
    };
    let outcome = match &*result {
        None => Html::default(),
        Some(Err(message)) => html! { <p class="status-line status-error" role="alert">{ message.clone() }</p> },
        Some(Ok(run)) if run.units.is_empty() => html! {
            <p class="status-line status-ok" role="status" id="chase-result">
                { format!("{}月报各单位均已报送，无需催报。", period_zh(run.period)) }
            </p>
        },
        Some(Ok(run)) => html! {
            <div id="chase-result" role="status">
                <p class="status-line status-ok">
                    { format!("已向{}个单位发送{}月报催报提醒：", run.sent, period_zh(run.period)) }
                </p>
                <ul class="chase-units">
                    { for run.units.iter().map(|u| html! {
                        <li>
                            <strong>{ &u.unit.name }</strong>
                            { format!("（第{}项", u.items.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("、")) }
                            { if u.recipients == 0 { "；该单位暂无账号，未能送达）".to_string() } else { format!("；{}个账号）", u.recipients) } }
                        </li>
                    }) }
                </ul>
            </div>
        },
    };
    html! {
        <section class="office-section chase-panel" aria-labelledby="chase-title">
            <h2 id="chase-title">{ "一键催报" }</h2>
            <p class="muted">{ "系统已按计划设置在月底前和逾期后自动提醒；需要时可在此立即催报本月月报尚未报送的全部单位。" }</p>
            if *asking {
                <div class="confirm-box" role="group" aria-labelledby="chase-question">
                    <p id="chase-question">{ "向本月月报尚未报送的全部责任单位发送催报提醒？" }</p>
                    <button id="chase-confirm" type="button" class="button" {onclick}>{ "确认催报" }</button>
                    { " " }
                    <button type="button" class="button button-secondary" onclick={ask.clone()}>{ "取消" }</button>
                </div>
            } else {
                <button id="chase-button" type="button" class="button" onclick={ask} disabled={*busy}>
                    { if *busy { "正在催报…" } else { "一键催报" } }
                </button>
            }
            { outcome }
        </section>
    }
}
