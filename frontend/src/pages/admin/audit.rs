//! `/admin/audit`: the append-only audit log, newest first, filtered by what, which action
//! and who; 下一页 reads older events.

use duban_shared::auth::AuditEvent;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::api::audit::AuditFilter;
use crate::components::office_frame::OfficeFrame;
use crate::components::ErrorPanel;
use crate::format::time_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn AuditPage() -> Html {
    use_title(Some("审计日志".to_string()));
    html! {
        <OfficeFrame current={Route::AdminAudit}>
            <Audit />
        </OfficeFrame>
    }
}

/// What an action is called on screen (the log keeps the English word).
fn action_zh(action: &str) -> &str {
    match action {
        "create" => "新建",
        "update" => "修改",
        "submit" => "报送",
        "accept" => "采纳",
        "return" => "退回",
        "complete" => "完成",
        "reopen" => "重开",
        "issue" => "下发",
        "answer" => "答复",
        "close" => "办结",
        "decide" => "审批",
        "publish" => "发布",
        "revoke" => "吊销",
        "disable" => "停用",
        "login" => "登录",
        "logout" => "退出",
        "reset_password" => "重置密码",
        "change_password" => "修改密码",
        other => other,
    }
}

fn entity_zh(entity: &str) -> &str {
    match entity {
        "report" => "月报",
        "milestone" => "节点",
        "notice" => "督办通知",
        "extension" | "extension_request" => "延期申请",
        "briefing" => "情况通报",
        "user" => "账号",
        "api_token" => "API令牌",
        "evidence" => "佐证材料",
        "plan" => "计划",
        other => other,
    }
}

#[component]
fn Audit() -> Html {
    // The filters being typed, and the ones applied (with the page's `before`).
    let entity = use_node_ref();
    let action = use_node_ref();
    let actor = use_node_ref();
    let applied = use_state(AuditFilter::default);
    // The `before` of each page read so far, to go back.
    let pages = use_state(Vec::<Option<i64>>::new);
    let loaded = use_load((*applied).clone(), api::audit::audit);
    let onsubmit = {
        let (entity, action, actor, applied, pages) = (
            entity.clone(),
            action.clone(),
            actor.clone(),
            applied.clone(),
            pages.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let v = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|el| el.value()).unwrap_or_default();
            pages.set(Vec::new());
            applied.set(AuditFilter {
                entity: v(&entity),
                action: v(&action),
                actor: v(&actor),
                before: None,
            });
        })
    };
    let next = match &*loaded.state {
        Load::Ready(page) => page.next_before,
        _ => None,
    };
    let on_next = {
        let (applied, pages) = (applied.clone(), pages.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(before) = next {
                let mut p = (*pages).clone();
                p.push(applied.before);
                pages.set(p);
                applied.set(AuditFilter {
                    before: Some(before),
                    ..(*applied).clone()
                });
            }
        })
    };
    let on_prev = {
        let (applied, pages) = (applied.clone(), pages.clone());
        Callback::from(move |_: MouseEvent| {
            let mut p = (*pages).clone();
            if let Some(before) = p.pop() {
                pages.set(p);
                applied.set(AuditFilter {
                    before,
                    ..(*applied).clone()
                });
            }
        })
    };
    let body = match &*loaded.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取审计日志" error={e.clone()} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(page) if page.events.is_empty() => html! { <p class="panel-empty">{ "没有符合条件的记录。" }</p> },
        Load::Ready(page) => html! {
            <div class="table-wrap" tabindex="0" role="region" aria-label="审计记录表">
                <table class="data-table audit-table" id="audit-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "时间" }</th>
                            <th scope="col">{ "操作人" }</th>
                            <th scope="col">{ "操作" }</th>
                            <th scope="col">{ "对象" }</th>
                            <th scope="col">{ "变更内容" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for page.events.iter().map(event_row) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <>
            <h1 id="audit-title">{ "审计日志" }</h1>
            <p class="muted">{ "系统中的每一次写操作都记录在此，只增不改。" }</p>
            <form class="form filter-form" {onsubmit} aria-label="筛选审计记录">
                <div class="field">
                    <label for="audit-entity">{ "对象类型" }</label>
                    <input id="audit-entity" class="input" ref={entity} placeholder="如 report、notice、user" />
                </div>
                <div class="field">
                    <label for="audit-action">{ "操作" }</label>
                    <input id="audit-action" class="input" ref={action} placeholder="如 return、issue、create" />
                </div>
                <div class="field">
                    <label for="audit-actor">{ "操作人" }</label>
                    <input id="audit-actor" class="input" ref={actor} placeholder="用户名" />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button">{ "筛选" }</button>
                </div>
            </form>
            { body }
            <nav class="pager" aria-label="翻页">
                <button type="button" class="button button-secondary" onclick={on_prev} disabled={pages.is_empty()}>{ "上一页" }</button>
                <button id="audit-next" type="button" class="button button-secondary" onclick={on_next} disabled={next.is_none()}>{ "下一页" }</button>
            </nav>
        </>
    }
}

fn event_row(e: &AuditEvent) -> Html {
    let json = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
            .unwrap_or_default()
    };
    let has_change = e.before.is_some() || e.after.is_some();
    html! {
        <tr key={e.id} data-event={e.id.to_string()}>
            <td class="nowrap">{ time_zh(e.at) }</td>
            <td>{ &e.actor }</td>
            <td>{ action_zh(&e.action) }<span class="muted">{ format!("（{}）", e.action) }</span></td>
            <td>{ entity_zh(&e.entity) }{ e.entity_id.as_ref().map(|id| format!(" #{id}")).unwrap_or_default() }</td>
            <td>
                if has_change {
                    <details>
                        <summary>{ "查看前后对比" }</summary>
                        <div class="audit-diff">
                            if e.before.is_some() {
                                <div><p class="strong">{ "变更前" }</p><pre>{ json(&e.before) }</pre></div>
                            }
                            if e.after.is_some() {
                                <div><p class="strong">{ "变更后" }</p><pre>{ json(&e.after) }</pre></div>
                            }
                        </div>
                    </details>
                }
                if let Some(ip) = &e.ip { <span class="muted">{ format!("　IP {ip}") }</span> }
            </td>
        </tr>
    }
}
