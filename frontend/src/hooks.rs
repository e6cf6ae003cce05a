//! Loading data from the API into a component, and other hooks the pages share.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::ApiError;

/// Where a request stands.
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    Failed(ApiError),
}

/// What [`use_load`] gives a component: the state and a callback that asks again.
pub struct Loaded<T> {
    pub state: UseStateHandle<Load<T>>,
    pub retry: Callback<()>,
    /// Counts the loads begun (and the component leaving), so a late answer knows it is stale.
    run: Rc<Cell<u32>>,
}

/// Runs `fetch(deps)` whenever `deps` change or `retry` is called. An answer that arrives
/// after the deps changed (or the component left the page) is dropped, never shown.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> Loaded<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    let run = (*use_state(|| Rc::new(Cell::new(0u32)))).clone();
    {
        let (state, run) = (state.clone(), run.clone());
        use_effect_with((deps, *attempt), move |(deps, _)| {
            state.set(Load::Loading);
            run.set(run.get() + 1);
            let this_run = run.get();
            let still_current = run.clone();
            let request = fetch(deps.clone());
            spawn_local(async move {
                let result = request.await;
                if still_current.get() == this_run {
                    state.set(match result {
                        Ok(value) => Load::Ready(Rc::new(value)),
                        Err(error) => Load::Failed(error),
                    });
                }
            });
            move || run.set(run.get() + 1)
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    Loaded { state, retry, run }
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded {
            state: self.state.clone(),
            retry: self.retry.clone(),
            run: self.run.clone(),
        }
    }
}

impl<T: 'static> Loaded<T> {
    /// Fetches again while the page keeps showing what it has (no "正在加载…" in between, so
    /// forms and focus stay); a failure keeps the old data, and an answer that arrives after
    /// the page moved on (new deps, or gone) is dropped like [`use_load`]'s own.
    pub fn refresh<Fut>(&self, fetch: Fut)
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let (state, run) = (self.state.clone(), self.run.clone());
        let this_run = run.get();
        spawn_local(async move {
            if let Ok(value) = fetch.await {
                if run.get() == this_run {
                    state.set(Load::Ready(Rc::new(value)));
                }
            }
        });
    }

    /// Shows this value (one a write answered with) in place of what was loaded.
    pub fn show(&self, value: T) {
        self.state.set(Load::Ready(Rc::new(value)));
    }
}

/// Sets the browser tab's title: "<page> · 督办".
#[hook]
pub fn use_title(page: Option<String>) {
    use_effect_with(page, |page| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            match page {
                Some(page) => doc.set_title(&format!("{page} · 督办")),
                None => doc.set_title("督办 · 民生实事督查督办系统"),
            }
        }
    });
}

/// What [`use_fetch`] gives: the latest answer (kept while a refresh runs, so the page does
/// not jump) and a callback that asks again.
pub struct Fetched<T> {
    pub data: Option<Result<Rc<T>, ApiError>>,
    pub reload: Callback<()>,
}

/// Like [`crate::hooks::use_load`], but a reload keeps showing the old data until the new
/// one is there.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, fetch: F) -> Fetched<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| None::<Result<Rc<T>, ApiError>>);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let current = Rc::new(Cell::new(true));
            let still_current = current.clone();
            let request = fetch(deps.clone());
            spawn_local(async move {
                let result = request.await;
                if still_current.get() {
                    state.set(Some(result.map(Rc::new)));
                }
            });
            move || current.set(false)
        });
    }
    let reload = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    Fetched {
        data: match &*state {
            None => None,
            Some(Ok(v)) => Some(Ok(v.clone())),
            Some(Err(e)) => Some(Err(e.clone())),
        },
        reload,
    }
}

/// Runs `f` after the current render (to focus a field that is about to appear).
pub fn after_render(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0);
    }
}
