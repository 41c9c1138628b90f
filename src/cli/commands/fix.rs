//! `mtfix fix`: corrected text to stdout, `--in-place`, or `--diff`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Result, bail};
use mtfix::output::{write_atomic, write_backup};
use mtfix::report::write_diff;
use mtfix::{FixPolicy, Matcher, Summary};

use super::check::status;
use super::{Allow, Reading, report_error};
use crate::cli::ExitStatus;

/// Where `fix` writes.
pub struct Mode<'a> {
    /// Rewrite the files.
    pub in_place: bool,
    /// With `in_place`: keep originals as FILE+suffix.
    pub backup: Option<&'a str>,
    /// Print a unified diff.
    pub diff: bool,
    /// Apply suggestions too.
    pub suggestions: bool,
}

pub fn run(
    matcher: &Matcher,
    allow: &Allow,
    reading: &Reading,
    paths: &[PathBuf],
    mode: &Mode,
) -> Result<ExitStatus> {
    let Mode {
        in_place,
        backup,
        diff,
        suggestions,
    } = *mode;
    let policy = FixPolicy { suggestions };
    let mut summary = Summary::default();
    let mut changed_files = 0;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // One path that is not a folder (a missing file is reported as such below).
    let single = paths.len() <= 1 && !paths.first().is_some_and(|p| p.is_dir());
    if !in_place && !diff && !single {
        let what = match paths {
            [one] => format!("{} is a folder", one.display()),
            _ => format!("{} inputs were given", paths.len()),
        };
        bail!("`fix` writes one document to stdout, but {what}; use --in-place or --diff");
    }
    super::for_each_ordered(
        reading.documents(paths),
        |doc| allow.check(matcher, doc, &policy),
        |result| {
            let (doc, outcome) = match result {
                Ok(r) => r,
                Err(e) => {
                    report_error(&e);
                    summary.errors += 1;
                    return Ok(());
                }
            };
            let changed = outcome.text != doc.text;
            if diff {
                write_diff(&mut out, &doc.name, &doc.text, &outcome.text)?;
            } else if in_place && doc.path.is_some() {
                if changed {
                    let path = doc.path.as_deref().expect("checked above");
                    let written = match backup {
                        Some(suffix) => write_backup(path, suffix, &doc.text)
                            .and_then(|()| write_atomic(path, &outcome.text)),
                        None => write_atomic(path, &outcome.text),
                    };
                    if let Err(e) = written {
                        // Nothing was written: count the document, not its fixes.
                        report_error(&e);
                        summary.errors += 1;
                        summary.documents += 1;
                        return Ok(());
                    }
                }
            } else {
                out.write_all(outcome.text.as_bytes())?;
            }
            summary.add(&outcome);
            changed_files += usize::from(changed);
            Ok(())
        },
    )?;
    out.flush()?;
    if in_place || std::io::stderr().is_terminal() {
        eprintln!(
            "mtfix: {} fix{} applied in {} of {} document{}; {} finding{} left to review{}",
            summary.applied,
            if summary.applied == 1 { "" } else { "es" },
            changed_files,
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
            summary.remaining,
            if summary.remaining == 1 { "" } else { "s" },
            if summary.errors > 0 {
                format!("; {} error(s)", summary.errors)
            } else {
                String::new()
            },
        );
    }
    // --diff is a check mode: a non-empty diff means there is work to do.
    let left = summary.remaining + if diff { changed_files } else { 0 };
    Ok(status(&summary, left))
}
