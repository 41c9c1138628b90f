//! `mtfix check`: report, never write.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use mtfix::report::{HumanReporter, JsonReporter, Reporter};
use mtfix::{FixPolicy, Matcher, Summary, check_document};

use super::{Reading, report_error};
use crate::cli::ExitStatus;
use crate::cli::args::Format;

pub fn run(
    matcher: &Matcher,
    reading: &Reading,
    paths: &[PathBuf],
    format: Format,
    color: bool,
) -> Result<ExitStatus> {
    let stdout = std::io::stdout().lock();
    let out = std::io::BufWriter::new(stdout);
    let mut reporter: Box<dyn Reporter> = match format {
        Format::Human => Box::new(HumanReporter::new(out, color)),
        Format::Json => Box::new(JsonReporter::new(out)),
    };
    let mut summary = Summary::default();
    super::for_each_ordered(
        reading.documents(paths),
        |doc| check_document(matcher, doc, &FixPolicy::default()),
        |result| {
            match result {
                Ok((doc, outcome)) => {
                    summary.add(&outcome);
                    reporter.document(&doc, &outcome)?;
                }
                Err(e) => {
                    report_error(&e);
                    summary.errors += 1;
                }
            }
            Ok(())
        },
    )?;
    reporter.finish(&summary)?;
    std::io::stdout().flush()?;
    Ok(status(&summary, summary.findings))
}

/// 2 on any error, else 1 when `left` findings remain, else 0.
pub fn status(summary: &Summary, left: usize) -> ExitStatus {
    if summary.errors > 0 {
        ExitStatus::Error
    } else if left > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}
