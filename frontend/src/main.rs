//! The units' bundle: the workspace, and the login for anyone without a session.

fn main() {
    duban_frontend::start(duban_frontend::unit_bundle());
}
