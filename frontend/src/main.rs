//! The bundle for units, leaders and deputies (and the login): every screen but the office's.

fn main() {
    duban_frontend::start(None);
}
