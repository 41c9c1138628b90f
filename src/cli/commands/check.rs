//! `mtfix check`: report, never write.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use mtfix::report::{HtmlReporter, HumanReporter, JsonReporter, Reporter};
use mtfix::{FixPolicy, Matcher, Summary};

use super::{Allow, Reading, Tally, report_error};
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
    let mut tally = Tally::default();
    super::for_each_piece(
        reading,
        paths,
        |doc| allow.check(matcher, doc, &FixPolicy::default()),
        |done| {
            match done.result {
                Ok((doc, outcome)) => {
                    let origin = done.origin.expect("read");
                    tally.add(origin, &outcome);
                    reporter.document(&doc, origin, &outcome)?;
                }
                Err(e) => {
                    report_error(&e);
                    tally.error(done.origin);
                }
            }
            Ok(())
        },
    )?;
    let summary = tally.summary;
    reporter.finish(&summary)?;
    std::io::stdout().flush()?;
    if format != CheckFormat::Human && std::io::stderr().is_terminal() {
        eprintln!("mtfix: {}", summary_line(&summary));
    }
    Ok(status(&summary, summary.findings))
}

/// One line for people: documents, findings, fixable, left, errors.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{} document{}, {} finding{} ({} fixable, {} to review){}",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        s.findings,
        if s.findings == 1 { "" } else { "s" },
        s.applied,
        s.remaining,
        if s.errors > 0 {
            format!(", {} error(s)", s.errors)
        } else {
            String::new()
        }
    )
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
