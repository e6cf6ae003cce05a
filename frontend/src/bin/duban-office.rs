//! The office's bundle: every screen, the 督查室's and the administrator's included.

fn main() {
    duban_frontend::start(duban_frontend::office_bundle());
}
