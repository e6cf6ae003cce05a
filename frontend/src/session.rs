//! The logged-in user's session.
//!
//! It lives in three places that only the functions here change together:
//! - `localStorage` under [`STORAGE_KEY`], so it survives a reload and every tab shares it;
//! - a thread-local, which [`crate::api`] reads to add `Authorization: Bearer …`;
//! - the [`SessionState`] context that [`SessionProvider`] gives the components.
//!
//! When the server says the session is over (a 401), [`crate::api`] calls [`end_if_current`];
//! the route guard in `app.rs` then sends the user to `/login?next=…`.

use std::cell::RefCell;
use std::rc::Rc;

use duban_shared::auth::{LoginResponse, User};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api;

/// The one `localStorage` key the app writes.
pub const STORAGE_KEY: &str = "duban.session";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// The browser's clock, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    date_now() as i64
}

/// What is kept of a login.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub access_token: String,
    /// When the token stops working: ms since the epoch, by the browser's clock.
    pub expires_at: i64,
    pub user: User,
}

impl Session {
    fn from_login(login: LoginResponse) -> Self {
        Session {
            access_token: login.access_token,
            expires_at: now_ms().saturating_add(login.expires_in.saturating_mul(1000)),
            user: login.user,
        }
    }

    pub fn is_expired(&self) -> bool {
        now_ms() >= self.expires_at
    }

    /// How the header names the user: the display name, else the username.
    pub fn user_name(&self) -> &str {
        let name = self.user.display_name.trim();
        if name.is_empty() {
            &self.user.username
        } else {
            name
        }
    }
}

/// Why a session ended; each says so on the login page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The user pressed 退出登录.
    LoggedOut,
    /// The user changed the password, which ends every session of the account.
    PasswordChanged,
    /// The token's time ran out (`token_expired`).
    Expired,
    /// The server no longer knows the session (`unauthenticated`): logout elsewhere,
    /// a password change, a disabled account.
    Invalidated,
}

impl EndReason {
    pub fn message(self) -> &'static str {
        match self {
            EndReason::LoggedOut => "您已安全退出",
            EndReason::PasswordChanged => "密码已修改，请重新登录",
            EndReason::Expired => "登录已过期，请重新登录",
            EndReason::Invalidated => "您已退出登录或会话已失效，请重新登录",
        }
    }
}

// ---------- localStorage ----------

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

enum Stored {
    Nothing,
    Expired,
    Valid(Session),
}

fn read_stored() -> Stored {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Stored::Nothing;
    };
    match crate::api::from_json::<Session>(&text) {
        Some(session) if session.is_expired() => Stored::Expired,
        Some(session) if !session.access_token.is_empty() => Stored::Valid(session),
        // Written by another version of the app, or tampered with: forget it.
        _ => Stored::Nothing,
    }
}

/// The role of the session stored in this browser: what `boot.js` reads to choose the bundle.
pub fn stored_role() -> Option<duban_shared::auth::Role> {
    match read_stored() {
        Stored::Valid(session) => Some(session.user.role),
        _ => None,
    }
}

fn write_stored(session: &Session) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(session)) {
        // Private browsing may refuse; the session then lasts as long as the tab.
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

fn remove_stored() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

// ---------- the thread-local mirror and the context ----------

thread_local! {
    static CURRENT: RefCell<Option<Rc<Session>>> = const { RefCell::new(None) };
    static DISPATCH: RefCell<Option<UseReducerDispatcher<SessionState>>> = const { RefCell::new(None) };
}

/// The session requests are made with, if any.
pub fn current() -> Option<Rc<Session>> {
    CURRENT.with(|c| c.borrow().clone())
}

fn set_current(session: Option<Rc<Session>>) {
    CURRENT.with(|c| *c.borrow_mut() = session);
}

fn dispatch(action: SessionAction) {
    let dispatcher = DISPATCH.with(|d| d.borrow().clone());
    if let Some(dispatcher) = dispatcher {
        dispatcher.dispatch(action);
    }
}

/// What the components see.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionState {
    pub session: Option<Rc<Session>>,
    /// Why the last session ended, shown once on the login page.
    pub ended: Option<EndReason>,
}

impl SessionState {
    pub fn logged_in(&self) -> bool {
        self.session.is_some()
    }
}

pub enum SessionAction {
    Begin(Rc<Session>),
    End(EndReason),
    /// Forget the ended-session message (a new login attempt starts).
    ClearNotice,
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        Rc::new(match action {
            SessionAction::Begin(session) => SessionState {
                session: Some(session),
                ended: None,
            },
            SessionAction::End(reason) => SessionState {
                session: None,
                ended: Some(reason),
            },
            SessionAction::ClearNotice => SessionState {
                session: self.session.clone(),
                ended: None,
            },
        })
    }
}

/// Starts a session from the answer to `POST /auth/login`.
pub fn begin(login: LoginResponse) {
    let session = Rc::new(Session::from_login(login));
    write_stored(&session);
    set_current(Some(session.clone()));
    dispatch(SessionAction::Begin(session));
}

/// Keeps the session for the next page load only, without starting it in this page: the
/// bundle of the page the user goes on to takes it from there (see `boot.js`). False when
/// the browser refuses to store it, and the session must start here instead.
pub fn keep_for_next_load(login: &LoginResponse) -> bool {
    let session = Session::from_login(login.clone());
    write_stored(&session);
    matches!(read_stored(), Stored::Valid(stored) if stored == session)
}

/// Ends the session here (the server's side is the caller's business).
pub fn end(reason: EndReason) {
    remove_stored();
    set_current(None);
    dispatch(SessionAction::End(reason));
}

/// Ends the session because a request made with `token` was refused — unless the user has
/// meanwhile logged in again (an old request answering late must not end the new session).
pub fn end_if_current(token: &str, reason: EndReason) {
    if current().is_some_and(|s| s.access_token == token) {
        end(reason);
    }
}

/// Forgets the "why the session ended" message.
pub fn clear_notice() {
    dispatch(SessionAction::ClearNotice);
}

/// The session state, from any component under [`SessionProvider`].
#[hook]
pub fn use_session() -> UseReducerHandle<SessionState> {
    use_context::<UseReducerHandle<SessionState>>().expect("components live under SessionProvider")
}

#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Loads the stored session, keeps it in step with other tabs, and gives it to `children`.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let state = use_reducer(|| {
        let state = match read_stored() {
            Stored::Valid(session) => SessionState {
                session: Some(Rc::new(session)),
                ended: None,
            },
            Stored::Expired => {
                remove_stored();
                SessionState {
                    session: None,
                    ended: Some(EndReason::Expired),
                }
            }
            Stored::Nothing => SessionState::default(),
        };
        set_current(state.session.clone());
        state
    });
    {
        // Set before any child's effect can send a request and need it.
        let dispatcher = state.dispatcher();
        DISPATCH.with(|d| *d.borrow_mut() = Some(dispatcher));
    }
    use_effect_with((), |()| {
        refresh_user();
        let listener = listen_to_other_tabs();
        move || {
            if let (Some(window), Some(listener)) = (web_sys::window(), listener) {
                let _ = window.remove_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
            }
        }
    });
    html! {
        <ContextProvider<UseReducerHandle<SessionState>> context={state}>
            { props.children.clone() }
        </ContextProvider<UseReducerHandle<SessionState>>>
    }
}

/// After a reload, asks the server who we are: a session that ended meanwhile is noticed at
/// once (the 401 ends it here), and a renamed user or moved unit shows correctly.
fn refresh_user() {
    let Some(session) = current() else {
        return;
    };
    spawn_local(async move {
        let Ok(me) = api::auth::me().await else {
            return;
        };
        let Some(user) = me.user else {
            return;
        };
        let still_current = current().filter(|s| s.access_token == session.access_token);
        if let Some(now) = still_current {
            if now.user != user {
                let updated = Rc::new(Session { user, ..(*now).clone() });
                write_stored(&updated);
                set_current(Some(updated.clone()));
                dispatch(SessionAction::Begin(updated));
            }
        }
    });
}

/// Another tab logged in or out: do the same here. (The `storage` event never fires in the
/// tab that wrote.)
fn listen_to_other_tabs() -> Option<Closure<dyn FnMut(web_sys::StorageEvent)>> {
    let window = web_sys::window()?;
    let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(|event: web_sys::StorageEvent| {
        // `key` is null when the other tab cleared all of localStorage.
        if event.key().is_some_and(|k| k != STORAGE_KEY) {
            return;
        }
        let mine = current();
        match read_stored() {
            Stored::Valid(theirs) => {
                if mine.as_deref() != Some(&theirs) {
                    let theirs = Rc::new(theirs);
                    set_current(Some(theirs.clone()));
                    dispatch(SessionAction::Begin(theirs));
                }
            }
            Stored::Expired | Stored::Nothing => {
                if mine.is_some() {
                    set_current(None);
                    dispatch(SessionAction::End(EndReason::Invalidated));
                }
            }
        }
    });
    window
        .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
        .ok()?;
    Some(listener)
}
