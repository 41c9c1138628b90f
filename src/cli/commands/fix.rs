//! `mtfix fix`: corrected text to stdout, `--in-place`, or `--diff`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Result, bail};
use mtfix::input::stream::Origin;
use mtfix::output::{write_atomic, write_backup};
use mtfix::report::write_diff;
use mtfix::{Document, FixPolicy, Matcher, Summary};

use super::check::status;
use super::{Allow, Reading, Tally, report_error};
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
    // With --in-place or --diff, the pieces of one input are gathered and
    // written at its last piece; to stdout they stream out as they come.
    let mut pending: Option<Gathered> = None;
    let finish = |g: Gathered, out: &mut dyn Write, summary: &mut Summary| -> Result<bool> {
        if g.failed {
            return Ok(false);
        }
        let (doc, fixed, own) = (g.doc, g.fixed, g.own);
        let changed = fixed != doc.text;
        if diff {
            write_diff(out, &doc.name, &doc.text, &fixed)?;
        } else if changed && let Some(path) = doc.path.as_deref() {
            let written = match backup {
                Some(suffix) => {
                    write_backup(path, suffix, &doc.text).and_then(|()| write_atomic(path, &fixed))
                }
                None => write_atomic(path, &fixed),
            };
            if let Err(e) = written {
                // Nothing was written: the document's fixes do not count.
                report_error(&e);
                summary.errors += 1;
                summary.findings -= own.findings;
                summary.applied -= own.applied;
                summary.remaining -= own.remaining;
                summary.documents_with_findings -= usize::from(own.findings > 0);
                return Ok(false);
            }
        } else if changed {
            out.write_all(fixed.as_bytes())?;
        }
        Ok(changed)
    };
    let mut tally = Tally::default();
    let mut stream_changed = false;
    super::for_each_piece(
        reading,
        paths,
        |doc| allow.check(matcher, doc, &policy),
        |done| {
            let origin = done.origin;
            match done.result {
                Err(e) => {
                    report_error(&e);
                    tally.error(origin);
                    match origin {
                        // Streaming: a piece that could not be used goes out
                        // as it came, so that no record is lost.
                        Some(o) if !(in_place || diff) && o != Origin::WHOLE => {
                            if let Some(raw) = &done.raw {
                                out.write_all(raw.as_bytes())?;
                            }
                        }
                        Some(o) if in_place || diff => {
                            if let Some(g) = &mut pending {
                                g.failed = true;
                            }
                            if o.last {
                                pending = None;
                            }
                        }
                        // A read error ends its input: whatever was gathered is dropped.
                        _ => pending = None,
                    }
                }
                Ok((doc, outcome)) => {
                    let origin = origin.expect("read");
                    tally.add(origin, &outcome);
                    if in_place || diff {
                        if origin.first {
                            pending = None;
                        }
                        let g = pending.get_or_insert_with(|| Gathered {
                            doc: Document {
                                name: doc.name.clone(),
                                path: doc.path.clone(),
                                text: String::new(),
                                segments: None,
                            },
                            fixed: String::new(),
                            failed: false,
                            own: Summary::default(),
                        });
                        g.doc.text.push_str(&doc.text);
                        g.fixed.push_str(&outcome.text);
                        g.own.add(&outcome);
                        if origin.last {
                            let g = pending.take().expect("inserted above");
                            changed_files += usize::from(finish(g, &mut out, &mut tally.summary)?);
                        }
                    } else {
                        out.write_all(outcome.text.as_bytes())?;
                        stream_changed |= outcome.text != doc.text;
                        if origin.last {
                            changed_files += usize::from(stream_changed);
                            stream_changed = false;
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    let summary = tally.summary;
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

/// The pieces of one input gathered for `--in-place` or `--diff`.
struct Gathered {
    /// The input: its name, path and text as read.
    doc: Document,
    /// The fixed text so far.
    fixed: String,
    /// A piece could not be used: the input is left alone.
    failed: bool,
    /// What its pieces found and fixed.
    own: Summary,
}
