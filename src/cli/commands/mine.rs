//! `mtfix mine`: candidates for the glossary, mined in parallel over files.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use mtfix::Matcher;
use mtfix::input::Document;
use mtfix::mine::{Miner, Unit, to_html, to_yaml};
use rayon::prelude::*;

use super::{Reading, report_error};
use crate::cli::ExitStatus;
use crate::cli::args::MineFormat;

/// Mines one document: each segment (line, record, unit) with its source,
/// or the whole text.
fn mine_document(matcher: &Matcher, doc: &Document) -> Miner {
    let mut miner = Miner::new();
    match &doc.segments {
        Some(segments) => {
            for seg in segments {
                miner.add(
                    matcher,
                    Unit {
                        doc: &doc.name,
                        line: seg.number,
                        text: &seg.target,
                        source: seg.source.as_deref(),
                    },
                );
            }
        }
        None => miner.add(
            matcher,
            Unit {
                doc: &doc.name,
                line: 1,
                text: &doc.text,
                source: None,
            },
        ),
    }
    miner
}

pub fn run(
    matcher: &Matcher,
    reading: &Reading,
    paths: &[PathBuf],
    top: usize,
    min_count: usize,
    format: MineFormat,
) -> Result<ExitStatus> {
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} mining: {pos} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let errors = std::sync::atomic::AtomicUsize::new(0);
    // Documents are read lazily and mined as they come: memory holds the
    // counts and the few documents in flight, not the corpus.
    let miner = reading
        .documents(paths)
        .par_bridge()
        .fold(Miner::new, |mut acc, doc| {
            match doc {
                Ok(doc) => acc.merge(mine_document(matcher, &doc)),
                Err(e) => {
                    report_error(&e);
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            progress.inc(1);
            acc
        })
        .reduce(Miner::new, |mut a, b| {
            a.merge(b);
            a
        });
    progress.finish_and_clear();
    let mut candidates = miner.candidates(matcher, min_count);
    let total = candidates.len();
    candidates.truncate(top);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        MineFormat::Yaml => out.write_all(to_yaml(&candidates).as_bytes())?,
        MineFormat::Html => out.write_all(to_html(&candidates).as_bytes())?,
        MineFormat::Json => {
            for c in &candidates {
                serde_json::to_writer(&mut out, c)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    eprintln!("mine: {total} candidates, {} shown", candidates.len());
    Ok(if errors.into_inner() > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Clean
    })
}
