//! One file per subcommand, plus reading inputs (shared by all of them).

pub mod check;
pub mod fix;
pub mod rules;

use std::path::PathBuf;

use mtfix::Document;
use mtfix::input::{self, Input, InputError};

/// Every document named by `paths`, in order. Errors are returned in place
/// so one bad file never stops the others. Binary files met while walking a
/// folder are skipped with a note; named explicitly, they are errors.
pub fn documents(paths: &[PathBuf]) -> impl Iterator<Item = Result<Document, InputError>> {
    input::expand(paths)
        .into_iter()
        .filter_map(|item| match item {
            Err(e) => Some(Err(e)),
            Ok(Input::Stdin) => Some(input::read_stdin()),
            Ok(Input::File(p)) => Some(input::read_path(&p)),
            Ok(Input::Walked(p)) => match input::read_path(&p) {
                Err(e @ InputError::Binary { .. }) => {
                    eprintln!("mtfix: note: {e}");
                    None
                }
                other => Some(other),
            },
        })
}

/// Prints an input error; the caller counts it.
pub fn report_error(err: &dyn std::fmt::Display) {
    eprintln!("mtfix: error: {err}");
}
