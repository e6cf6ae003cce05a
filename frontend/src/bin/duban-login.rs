//! The login's bundle: the login page, for anyone without a session.

fn main() {
    duban_frontend::start(duban_frontend::login_bundle());
}
