use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    duban::telemetry::init();
    match duban::cli::run(duban::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("duban: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
