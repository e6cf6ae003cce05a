//! The units' bundle: the workspace (the to-do list, the unit's items, the report form).

fn main() {
    duban_frontend::start(duban_frontend::unit_bundle());
}
