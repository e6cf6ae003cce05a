use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_title;
use crate::routes::Route;

#[component]
pub fn NotFoundPage() -> Html {
    use_title(Some("页面不存在".to_string()));
    html! {
        <section class="panel not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{ "页面不存在" }</h1>
            <p>{ "您访问的页面不存在，可能是地址有误，或该页面已被移除。" }</p>
            <p><Link<Route> to={Route::Home} classes="button">{ "返回首页" }</Link<Route>></p>
        </section>
    }
}
