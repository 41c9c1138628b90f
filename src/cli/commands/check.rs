//! `mtfix check`: report, never write.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use mtfix::report::{HtmlReporter, HumanReporter, JsonReporter, Reporter};
use mtfix::{FixPolicy, Matcher, Summary};

use super::{Allow, Reading, report_error};
use crate::cli::ExitStatus;
use crate::cli::args::CheckFormat;

pub fn run(
    matcher: &Matcher,
    allow: &Allow,
    reading: &Reading,
    paths: &[PathBuf],
    format: CheckFormat,
    color: bool,
) -> Result<ExitStatus> {
    let stdout = std::io::stdout().lock();
    let out = std::io::BufWriter::new(stdout);
    let mut reporter: Box<dyn Reporter> = match format {
        CheckFormat::Human => Box::new(HumanReporter::new(out, color)),
        CheckFormat::Json => Box::new(JsonReporter::new(out)),
        CheckFormat::Html => Box::new(HtmlReporter::new(out)),
    };
    let mut summary = Summary::default();
    super::for_each_ordered(
        reading.documents(paths),
        |doc| allow.check(matcher, doc, &FixPolicy::default()),
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
