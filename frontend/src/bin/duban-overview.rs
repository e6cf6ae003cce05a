//! The leaders' bundle: the dashboard, the item lists behind it and the evaluation.

fn main() {
    duban_frontend::start(duban_frontend::overview_bundle());
}
