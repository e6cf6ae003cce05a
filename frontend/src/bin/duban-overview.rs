//! The leaders' bundle: the dashboard and the item lists behind it.

fn main() {
    duban_frontend::start(duban_frontend::overview_bundle());
}
