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

use super::{LineIndex, Reporter};
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

/// The part of `line` to show, the span's char offset in it and its width.
fn window(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let width = width.min(chars.len().saturating_sub(col)).max(1);
    if chars.len() <= MAX_LINE {
        return (chars.into_iter().collect(), col, width);
    }
    let from = col.saturating_sub(WINDOW);
    let to = (col + width + WINDOW).min(chars.len());
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, col - from + usize::from(from > 0), width)
}

impl<W: Write> Reporter for HumanReporter<W> {
    fn document(&mut self, doc: &Document, outcome: &Outcome) -> io::Result<()> {
        if outcome.findings.is_empty() {
            return Ok(());
        }
        let index = LineIndex::new(&doc.text);
        let bold = Style::new().bold();
        let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
        let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
        let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
        let yellow = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
        for f in &outcome.findings {
            let (line, col) = index.position(&doc.text, f.span.start);
            let ls = index.line_start(line - 1);
            let le = doc.text[ls..].find('\n').map_or(doc.text.len(), |i| ls + i);
            let line_text = doc.text[ls..le].trim_end_matches('\r');
            let span_chars = doc.text[f.span.clone()].chars().count();
            let (shown, at, width) = window(line_text, col - 1, span_chars);
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
        let (shown, at, width) = window(&line, 120, 5);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), 5 + 2 * 40 + 2);
        assert_eq!((at, width), (41, 5));
        let (shown, at, _) = window("short\tline", 6, 4);
        assert_eq!((shown.as_str(), at), ("short line", 6));
    }
}
