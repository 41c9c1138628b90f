//! `mtfix apply DECISIONS`: replay decisions made in `review` or on the
//! HTML page.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use mtfix::output::write_atomic;
use mtfix::report::write_diff;
use mtfix::review::{Decisions, Status, Verdict, fingerprints, replay};
use mtfix::{FixPolicy, Matcher};

use super::{Allow, Reading, report_error};
use crate::cli::ExitStatus;
use crate::cli::args::InputArgs;

/// What `apply` does besides replaying.
pub struct Options {
    /// Write nothing.
    pub dry_run: bool,
    /// Print a diff instead of writing.
    pub diff: bool,
    /// Promote rejections to the allow list.
    pub remember: bool,
}

/// Every finding a person may decide on: fixes and suggestions alike.
pub const REVIEW_POLICY: FixPolicy = FixPolicy { suggestions: true };

pub fn run(
    matcher: &Matcher,
    mut allow: Allow,
    input: &InputArgs,
    decisions_path: &Path,
    paths: &[PathBuf],
    options: &Options,
) -> Result<ExitStatus> {
    let decisions = Decisions::read(decisions_path)?;
    let paths: Vec<PathBuf> = if paths.is_empty() {
        decisions.paths().into_iter().map(PathBuf::from).collect()
    } else {
        paths.to_vec()
    };
    let reading = Reading::new(input, &paths)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut errors = 0;
    let mut documents = 0;
    let mut counts = [0usize; 5];
    let mut undecided = 0;
    let mut rejected = Vec::new();
    let statuses = [
        Status::Applied,
        Status::Rejected,
        Status::AlreadyApplied,
        Status::Gone,
        Status::Stale,
    ];
    for doc in reading.documents(&paths) {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                report_error(&e);
                errors += 1;
                continue;
            }
        };
        documents += 1;
        let outcome = allow.check(matcher, &doc, &REVIEW_POLICY);
        let result = replay(&doc.text, &outcome.findings, decisions.for_path(&doc.name));
        let will_write = !options.dry_run && !options.diff && result.text != doc.text;
        let fps = fingerprints(&doc.text, &outcome.findings);
        let after = result.fingerprints_after(&outcome.findings);
        for (d, status) in &result.statuses {
            if *status == Status::Stale {
                eprintln!(
                    "mtfix: {}: stale decision: {} {:?} (between {:?} and {:?}) not applied: the words around it changed, or it overlaps another accepted change; review it again",
                    doc.name, d.rule, d.matched, d.before, d.after
                );
            }
            if d.decision == Verdict::Reject {
                // As it will read once the accepted changes are written.
                let fp = d.fingerprint();
                let now = fps
                    .iter()
                    .position(|x| *x == fp)
                    .and_then(|i| after[i].clone())
                    .filter(|_| will_write);
                rejected.push(now.unwrap_or(fp));
            }
        }
        for (k, s) in statuses.iter().enumerate() {
            counts[k] += result.count(*s);
        }
        undecided += result.undecided;
        if options.diff {
            write_diff(&mut out, &doc.name, &doc.text, &result.text)?;
        } else if !options.dry_run && result.text != doc.text {
            let Some(path) = doc.path.as_deref() else {
                out.write_all(result.text.as_bytes())?;
                continue;
            };
            if let Err(e) = write_atomic(path, &result.text) {
                report_error(&e);
                errors += 1;
            }
        }
    }
    out.flush()?;
    if options.remember {
        let added = allow
            .remember(&rejected)
            .with_context(|| format!("cannot write {}", allow.path.display()))?;
        eprintln!(
            "mtfix: {added} rejection{} added to {}",
            if added == 1 { "" } else { "s" },
            allow.path.display()
        );
    }
    let [applied, rejected_n, already, gone, stale] = counts;
    eprintln!(
        "mtfix: {}{applied} applied, {rejected_n} rejected, {already} already applied, {gone} gone, {stale} stale in {documents} document{}; {undecided} finding{} undecided",
        if options.dry_run { "dry run: " } else { "" },
        if documents == 1 { "" } else { "s" },
        if undecided == 1 { "" } else { "s" },
    );
    Ok(if errors > 0 {
        ExitStatus::Error
    } else if stale > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
