//! Human output, compiler style:
//!
//! ```text
//! news.txt:3:41: [fix 0.95] moon-jae-in: "Wen Zai" → "Moon Jae-in": …
//!   |
//! 3 | …spoke to South Korean President Wen Zai on the 19th…
//!   |                                  ^^^^^^^ Moon Jae-in
//! ```

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{LineIndex, Origin, Reporter};
use crate::check::{Outcome, Summary};
use crate::glossary::Action;
use crate::input::Document;

/// Lines longer than this many characters are shown as a window around the span.
const MAX_LINE: usize = 100;
/// Characters of context on each side of the span in a window.
const WINDOW: usize = 40;

/// Writes compiler-style findings.
pub struct HumanReporter<W: Write> {
    out: W,
    color: bool,
}

impl<W: Write> HumanReporter<W> {
    /// A reporter writing to `out`, with ANSI colour when `color`.
    pub fn new(out: W, color: bool) -> Self {
        HumanReporter { out, color }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }
}

/// What to show of a line: the text, the span's offset in it and its
/// width, both in characters.
///
/// `line` is the whole line, `start..end` the span's bytes within it (`end`
/// may run past the line). Work is bounded by the window, not by the line:
/// a long line with many findings stays linear. A BOM is not shown.
pub fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let end = end.min(line.len());
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|&c| c != '\u{FEFF}')
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect()
    };
    let width = line[start..end]
        .chars()
        .filter(|&c| c != '\u{FEFF}')
        .count()
        .max(1);
    // Up to WINDOW characters on each side.
    let from = line[..start]
        .char_indices()
        .rev()
        .nth(WINDOW - 1)
        .map_or(0, |(i, _)| i);
    let to = line[end..]
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| end + i);
    let short = line.len() <= MAX_LINE;
    let (from, to) = if short { (0, line.len()) } else { (from, to) };
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    let before = clean(&line[from..start]);
    let at = before.chars().count() + usize::from(from > 0);
    shown.push_str(&before);
    shown.push_str(&clean(&line[start..to]));
    if to < line.len() {
        shown.push('…');
    }
    (shown, at, width)
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn document(&mut self, doc: &Document, origin: Origin, outcome: &Outcome) -> io::Result<()> {
        if outcome.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&doc.text);
        let mut cursor = index.cursor(&doc.text);
        let bold = Style::new().bold();
        let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
        let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
        let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
        let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
        for f in &outcome.findings {
            let (local, col) = cursor.position(f.span.start);
            let range = index.line_range(&doc.text, local - 1);
            let line = origin.line + local;
            let ls = range.start;
            let line_text = &doc.text[range];
            let (shown, at, width) = window(line_text, f.span.start - ls, f.span.end - ls);
            let action = match f.action {
                Action::Fix => self.paint(green.bold(), &format!("[fix {:.2}]", f.confidence)),
                Action::Suggest => self.paint(yellow, &format!("[suggest {:.2}]", f.confidence)),
            };
            let gutter = " ".repeat(line.to_string().len());
            let label = match f.replacement.as_deref() {
                None => "(no replacement: check by hand)".to_owned(),
                Some("") => "(delete)".to_owned(),
                Some(r) => r.to_owned(),
            };
            writeln!(
                self.out,
                "{}: {action} {}: {}",
                self.paint(bold, &format!("{}:{line}:{col}", doc.name)),
                self.paint(bold, &f.rule),
                f.message
            )?;
            writeln!(self.out, "{gutter} {}", self.paint(blue, "|"))?;
            writeln!(
                self.out,
                "{} {shown}",
                self.paint(blue, &format!("{line} |"))
            )?;
            writeln!(
                self.out,
                "{gutter} {} {}{} {}",
                self.paint(blue, "|"),
                " ".repeat(at),
                self.paint(red, &"^".repeat(width)),
                self.paint(green, &label)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let docs = if s.documents == 1 {
            "document"
        } else {
            "documents"
        };
        if s.findings == 0 {
            writeln!(self.out, "no findings in {} {docs}", s.documents)?;
        } else {
            writeln!(
                self.out,
                "{} finding{} in {} of {} {docs}: {} fixable by `mtfix fix`, {} to review",
                s.findings,
                if s.findings == 1 { "" } else { "s" },
                s.documents_with_findings,
                s.documents,
                s.applied,
                s.remaining
            )?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn long_lines_are_windowed() {
        let line = "x".repeat(200);
        let (shown, at, width) = window(&line, 120, 125);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), 5 + 2 * 40 + 2);
        assert_eq!((at, width), (41, 5));
        assert_eq!(
            &shown[shown.char_indices().nth(at).unwrap().0..][..5],
            "xxxxx"
        );
        let (shown, at, _) = window("short\tline", 6, 10);
        assert_eq!((shown.as_str(), at), ("short line", 6));
        let (shown, at, width) = window("\u{FEFF}Wen Zai said", 3, 10);
        assert_eq!((shown.as_str(), at, width), ("Wen Zai said", 0, 7));
        // A span running past the line end is cut there.
        let (_, _, width) = window("abc", 1, 99);
        assert_eq!(width, 2);
    }
}
