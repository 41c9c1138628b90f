//! The `mtfix` binary: parse arguments, run, map the result to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Args::parse();
    match cli::run(args) {
        Ok(status) => status.into(),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mtfix: error: {err:#}");
            cli::ExitStatus::Error.into()
        }
    }
}
