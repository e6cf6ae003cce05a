//! The common bundle: the pages every role opens from its first page (an item, a plan, the
//! messages, the briefings, the account, the evaluation).

fn main() {
    duban_frontend::start(duban_frontend::common_bundle());
}
