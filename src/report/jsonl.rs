//! JSON Lines: one finding per line. The fields are a contract (README,
//! "JSON Lines"); `tests/jsonl_contract.rs` reads them back strictly.

use std::io::{self, Write};

use serde::Serialize;

use super::{LineIndex, Origin, Reporter};
use crate::check::{Outcome, Summary};
use crate::input::Document;
use crate::matcher::Finding;
use crate::review::{Fingerprint, Occurrences, fingerprints_continued};

/// The wire form of one finding.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// Input name (`<stdin>` for standard input).
    pub path: &'a str,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// Byte offset of the span's start in the whole input.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
    /// Entry id.
    pub rule: &'a str,
    /// Entry category.
    pub category: &'a str,
    /// The text of the span.
    pub matched: &'a str,
    /// The replacement, or null for report-only findings.
    pub replacement: Option<&'a str>,
    /// 0..=1.
    pub confidence: f64,
    /// `fix` or `suggest`.
    pub action: &'a str,
    /// `exact`, `regex`, `fuzzy` or `source`.
    pub method: &'a str,
    /// One line for people.
    pub message: &'a str,
    /// The Chinese source term that confirmed or located the finding
    /// (bilingual inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_term: Option<&'a str>,
    /// 1-based segment: line, record or unit (bilingual inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
    /// Context words before the span: with `rule`, `matched`, `after` and
    /// `occurrence`, the finding's fingerprint (what a decision names).
    pub before: &'a str,
    /// Context words after the span.
    pub after: &'a str,
    /// Which of several findings with the same fingerprint (0: the first).
    pub occurrence: usize,
}

impl<'a> JsonFinding<'a> {
    /// The wire form of finding `f` of document `path`, at 1-based `line`
    /// and `column` of a piece at `origin`, with fingerprint `fp`.
    pub fn new(
        path: &'a str,
        origin: Origin,
        (line, column): (usize, usize),
        f: &'a Finding,
        fp: &'a Fingerprint,
    ) -> Self {
        JsonFinding {
            path,
            line: origin.line + line,
            column,
            start: origin.offset + f.span.start,
            end: origin.offset + f.span.end,
            rule: &f.rule,
            category: &f.category,
            matched: &f.matched,
            replacement: f.replacement.as_deref(),
            confidence: f.confidence,
            action: f.action.as_str(),
            method: f.method.as_str(),
            message: &f.message,
            source_term: f.source_term.as_deref(),
            segment: f.segment,
            before: &fp.before,
            after: &fp.after,
            occurrence: fp.occurrence,
        }
    }
}

/// Writes JSON Lines.
pub struct JsonReporter<W: Write> {
    out: W,
    seen: Occurrences,
}

impl<W: Write> JsonReporter<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Self {
        JsonReporter {
            out,
            seen: Occurrences::default(),
        }
    }
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn document(&mut self, doc: &Document, origin: Origin, outcome: &Outcome) -> io::Result<()> {
        if origin.first {
            self.seen.clear();
        }
        if outcome.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&doc.text);
        let mut cursor = index.cursor(&doc.text);
        let fps = fingerprints_continued(&doc.text, &outcome.findings, &mut self.seen);
        for (f, fp) in outcome.findings.iter().zip(&fps) {
            let record = JsonFinding::new(&doc.name, origin, cursor.position(f.span.start), f, fp);
            serde_json::to_writer(&mut self.out, &record)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
