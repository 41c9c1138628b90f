//! Reports: plain data in, text out. Reporters never decide anything; they
//! render findings the engine already made, to any `io::Write`.

mod diff;
mod html;
mod human;
mod jsonl;

use std::io;

pub use diff::write_diff;
pub use html::{FULL_TEXT_LIMIT, HtmlReporter, escape_html, script_json};
pub use human::{HumanReporter, window as excerpt};
pub use jsonl::{JsonFinding, JsonReporter};

use crate::check::{Outcome, Summary};
use crate::input::Document;
pub use crate::input::stream::Origin;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Compiler-style lines with the span underlined.
    Human,
    /// JSON Lines, one finding per line.
    Json,
    /// A self-contained HTML review page.
    Html,
}

/// Renders the outcomes of a run.
pub trait Reporter {
    /// Called once per document, or once per piece of a document read in
    /// pieces, in input order. `origin` places `doc.text` in the whole
    /// input ([`Origin::WHOLE`] for a whole document): reporters add its
    /// offset and line to the positions they print.
    ///
    /// # Errors
    /// When the output cannot be written.
    fn document(&mut self, doc: &Document, origin: Origin, outcome: &Outcome) -> io::Result<()>;
    /// Called once at the end.
    ///
    /// # Errors
    /// When the output cannot be written.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Maps byte offsets to 1-based lines and columns (columns in characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line number of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Byte range of 0-based line `line` in `text`, without its line break
    /// (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
            end -= 1;
        }
        start..end
    }

    /// 1-based `(line, column)` of byte `offset`; the column counts chars.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let col = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// A cursor for positions asked in increasing order: each call only
    /// counts the characters since the previous one, so a report over a
    /// long line with many findings stays linear.
    pub fn cursor<'a>(&'a self, text: &'a str) -> PositionCursor<'a> {
        PositionCursor {
            index: self,
            text,
            line: 0,
            offset: 0,
            col: 1,
        }
    }
}

/// See [`LineIndex::cursor`].
#[derive(Debug)]
pub struct PositionCursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    line: usize,
    offset: usize,
    col: usize,
}

impl PositionCursor<'_> {
    /// 1-based `(line, column)` of byte `offset`, like [`LineIndex::position`].
    /// Falls back to a fresh count when `offset` goes backwards.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let line = self.index.line_of(offset);
        if line != self.line || offset < self.offset {
            self.line = line;
            self.offset = self.index.starts[line];
            self.col = 1;
        }
        self.col += self.text[self.offset..offset].chars().count();
        self.offset = offset;
        (line + 1, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let text = "ab\nc文d\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, text.find('d').unwrap()), (2, 3));
        assert_eq!(idx.position(text, text.len()), (3, 1));
        let mut cur = idx.cursor(text);
        for off in [0, 1, 3, 4, 7, 8, 2, text.len()] {
            assert_eq!(cur.position(off), idx.position(text, off), "offset {off}");
        }
    }
}
