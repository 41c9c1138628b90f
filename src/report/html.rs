//! The HTML review page (`mtfix check --format html`): one self-contained
//! file, no network. The documents are rendered with each finding marked
//! (`<del>` what is there, `<ins>` the replacement); the findings, with
//! their fingerprints, are embedded as JSON for the page's script, which
//! adds the decision toggles, filters, keyboard navigation and the export
//! of a decisions file (docs/review.md). Styles and script live beside
//! this file (`review.css`, `review.js`) and are inlined.

use std::io::{self, Write};

use serde::Serialize;

use super::{JsonFinding, LineIndex, Origin, Reporter};
use crate::check::{Outcome, Summary};
use crate::input::Document;
use crate::review::{Occurrences, fingerprints_continued};

const CSS: &str = include_str!("review.css");
const SCRIPT: &str = include_str!("review.js");

/// Documents longer than this are shown as excerpts around their findings.
pub const FULL_TEXT_LIMIT: usize = 256 * 1024;
/// Lines of context around each finding in an excerpt.
const EXCERPT_LINES: usize = 2;

/// One finding as the page's script sees it: the JSON Lines form plus
/// where it is on the page.
#[derive(Debug, Serialize)]
struct PageFinding<'a> {
    /// Index, also the `data-i` of its mark.
    i: usize,
    /// Index of its document.
    doc: usize,
    #[serde(flatten)]
    finding: JsonFinding<'a>,
}

#[derive(Debug, Serialize)]
struct PageData {
    version: u32,
    tool: &'static str,
    documents: Vec<String>,
    findings: Vec<serde_json::Value>,
}

/// Writes the review page. Document sections stream out as they come; the
/// findings' data and the script follow at the end.
pub struct HtmlReporter<W: Write> {
    out: W,
    started: bool,
    data: PageData,
    seen: Occurrences,
}

impl<W: Write> HtmlReporter<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Self {
        HtmlReporter {
            out,
            started: false,
            seen: Occurrences::default(),
            data: PageData {
                version: 1,
                tool: "mtfix",
                documents: Vec::new(),
                findings: Vec::new(),
            },
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"mtfix {}\">\n\
             <title>mtfix review</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
             <header id=\"bar\"></header>\n<div id=\"main\">\n<main id=\"docs\">\n",
            env!("CARGO_PKG_VERSION")
        )
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{FEFF}' => {}
            c => out.push(c),
        }
    }
}

/// JSON safe inside `<script>`: no `<`, `>`, `&` or line separators that
/// could end the element or break a parser.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("plain data serializes");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The byte ranges of `text` to show: everything, or for a long text the
/// lines around each finding, as (start, end) pairs in order.
fn shown_ranges(text: &str, index: &LineIndex, outcome: &Outcome) -> Vec<(usize, usize)> {
    if text.len() <= FULL_TEXT_LIMIT {
        return vec![(0, text.len())];
    }
    let lines = index.line_of(text.len()) + 1;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for f in &outcome.findings {
        let first = index.line_of(f.span.start).saturating_sub(EXCERPT_LINES);
        let last = (index.line_of(f.span.end) + EXCERPT_LINES).min(lines - 1);
        let start = index.line_start(first);
        let end = if last + 1 < lines {
            index.line_start(last + 1)
        } else {
            text.len()
        };
        match ranges.last_mut() {
            Some(r) if start <= r.1 => r.1 = r.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

impl<W: Write> Reporter for HtmlReporter<W> {
    fn document(&mut self, doc: &Document, origin: Origin, outcome: &Outcome) -> io::Result<()> {
        if origin.first {
            self.seen.clear();
        }
        self.start()?;
        if outcome.findings.is_empty() {
            return Ok(());
        }
        let d = self.data.documents.len();
        self.data.documents.push(doc.name.clone());
        let text = &doc.text;
        let index = LineIndex::new(text);
        let mut cursor = index.cursor(text);
        let fps = fingerprints_continued(text, &outcome.findings, &mut self.seen);
        let first = self.data.findings.len();
        let mut html = String::with_capacity(text.len().min(FULL_TEXT_LIMIT) * 11 / 10);
        html.push_str(&format!("<section class=\"doc\" data-doc=\"{d}\">\n<h2>"));
        escape_html(&doc.name, &mut html);
        // The parser drops a line break right after <pre>: give it one.
        html.push_str("</h2>\n<pre class=\"text\">\n");
        let ranges = shown_ranges(text, &index, outcome);
        let mut findings = outcome.findings.iter().enumerate().peekable();
        for (k, &(start, end)) in ranges.iter().enumerate() {
            if start > 0 {
                let hidden = index.line_of(start)
                    - if k == 0 {
                        0
                    } else {
                        index.line_of(ranges[k - 1].1)
                    };
                html.push_str(&format!(
                    "<span class=\"gap\">⋯ {hidden} line{} not shown ⋯\n</span>",
                    if hidden == 1 { "" } else { "s" }
                ));
            }
            let mut at = start;
            while let Some((j, f)) = findings.next_if(|(_, f)| f.span.start < end) {
                let i = first + j;
                // A report-only finding about a whole bilingual unit may
                // cover others: it is marked where it would start, empty.
                let overlaps = f.span.start < at;
                if !overlaps {
                    escape_html(&text[at..f.span.start], &mut html);
                }
                html.push_str(&format!(
                    "<span class=\"f {}{}\" id=\"f{i}\" data-i=\"{i}\" tabindex=\"-1\"><del>",
                    f.action.as_str(),
                    if overlaps { " overlap" } else { "" }
                ));
                if !overlaps {
                    escape_html(&f.matched, &mut html);
                }
                html.push_str("</del>");
                if let Some(r) = &f.replacement {
                    html.push_str("<ins>");
                    escape_html(r, &mut html);
                    html.push_str("</ins>");
                }
                html.push_str("</span>");
                at = f.span.end.max(at);
            }
            if at < end {
                escape_html(&text[at..end], &mut html);
            }
        }
        if let Some(&(_, end)) = ranges.last().filter(|r| r.1 < text.len()) {
            let hidden = index.line_of(text.len() - 1) - index.line_of(end) + 1;
            html.push_str(&format!(
                "<span class=\"gap\">⋯ {hidden} line{} not shown ⋯\n</span>",
                if hidden == 1 { "" } else { "s" }
            ));
        }
        html.push_str("</pre>\n</section>\n");
        self.out.write_all(html.as_bytes())?;
        for ((j, f), fp) in outcome.findings.iter().enumerate().zip(&fps) {
            let page = PageFinding {
                i: first + j,
                doc: d,
                finding: JsonFinding::new(&doc.name, origin, cursor.position(f.span.start), f, fp),
            };
            self.data
                .findings
                .push(serde_json::to_value(&page).expect("plain data serializes"));
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.start()?;
        if self.data.findings.is_empty() {
            writeln!(
                self.out,
                "<p class=\"empty\">No findings in {} document{}.</p>",
                summary.documents,
                if summary.documents == 1 { "" } else { "s" }
            )?;
        }
        write!(
            self.out,
            "</main>\n<aside id=\"panel\"></aside>\n</div>\n\
             <script type=\"application/json\" id=\"mtfix-data\">{}</script>\n\
             <script>\n{SCRIPT}</script>\n</body>\n</html>\n",
            script_json(&self.data)
        )?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_html("<a href=\"x\">&'</a>", &mut s);
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        let j = script_json(&serde_json::json!({"t": "</script><!-- & \u{2028}"}));
        assert!(!j.contains('<') && !j.contains('>') && !j.contains('&'));
        assert!(!j.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back["t"], "</script><!-- & \u{2028}");
    }
}
