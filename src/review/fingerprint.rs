//! Stable fingerprints of findings: the rule, the matched text and a few
//! words on each side, never byte offsets, so that a decision about a
//! finding survives edits elsewhere in the file.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::matcher::Finding;

/// Words of context kept on each side of a finding.
pub const CONTEXT_WORDS: usize = 4;
/// At most this many characters of context on each side (a line of Chinese
/// or a JSON record may have no spaces for a long way).
pub const CONTEXT_CHARS: usize = 40;

/// What identifies a finding across runs and edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Entry id.
    pub rule: String,
    /// The text of the span, exactly.
    pub matched: String,
    /// Up to [`CONTEXT_WORDS`] words before the span on its line, joined by
    /// single spaces.
    pub before: String,
    /// Up to [`CONTEXT_WORDS`] words after the span on its line.
    pub after: String,
    /// 0 for the first finding in the document with these four fields, 1 for
    /// the second, and so on.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub occurrence: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The context words around `span` in `text`: `(before, after)`.
///
/// Only the span's line is looked at, and at most a few hundred bytes of it,
/// so the cost does not depend on the line's length.
pub fn context(text: &str, span: Range<usize>) -> (String, String) {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..span.start]).map_or(0, |i| i + 1);
    let line_end =
        memchr::memchr(b'\n', &text.as_bytes()[span.end..]).map_or(text.len(), |i| span.end + i);
    let limit = CONTEXT_CHARS * 4;
    let mut from = span.start.saturating_sub(limit).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (span.end + limit).min(line_end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before: Vec<&str> = text[from..span.start]
        .split_whitespace()
        .rev()
        .take(CONTEXT_WORDS)
        .collect();
    let before: Vec<&str> = before.into_iter().rev().collect();
    let before = before.join(" ");
    let after = text[span.end..to]
        .split_whitespace()
        .take(CONTEXT_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    (
        last_chars(&before, CONTEXT_CHARS),
        first_chars(&after, CONTEXT_CHARS),
    )
}

fn last_chars(s: &str, n: usize) -> String {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) => s[i..].to_owned(),
        None => s.to_owned(),
    }
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The fingerprint of every finding of one document, in order.
/// `text` is the text the findings' spans point into.
pub fn fingerprints(text: &str, findings: &[Finding]) -> Vec<Fingerprint> {
    fingerprints_at(text, findings.iter().map(|f| (&*f.rule, f.span.clone())))
}

/// Occurrence counts of the fingerprints seen so far in one document, for
/// a document read in pieces (see [`fingerprints_continued`]).
#[derive(Debug, Default, Clone)]
pub struct Occurrences(FxHashMap<Fingerprint, usize>);

impl Occurrences {
    /// Forgets everything: a new document starts.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Like [`fingerprints`] for one piece of a document: occurrences count on
/// from the earlier pieces recorded in `seen`.
pub fn fingerprints_continued(
    text: &str,
    findings: &[Finding],
    seen: &mut Occurrences,
) -> Vec<Fingerprint> {
    fingerprints_counted(
        text,
        findings.iter().map(|f| (&*f.rule, f.span.clone())),
        &mut seen.0,
    )
}

/// The fingerprints of spans of `text`, each with its rule, in order.
pub fn fingerprints_at<'a>(
    text: &str,
    spans: impl IntoIterator<Item = (&'a str, Range<usize>)>,
) -> Vec<Fingerprint> {
    fingerprints_counted(text, spans, &mut FxHashMap::default())
}

fn fingerprints_counted<'a>(
    text: &str,
    spans: impl IntoIterator<Item = (&'a str, Range<usize>)>,
    seen: &mut FxHashMap<Fingerprint, usize>,
) -> Vec<Fingerprint> {
    spans
        .into_iter()
        .map(|(rule, span)| {
            let (before, after) = context(text, span.clone());
            let mut fp = Fingerprint {
                rule: rule.to_owned(),
                matched: text[span].to_owned(),
                before,
                after,
                occurrence: 0,
            };
            let n = seen.entry(fp.clone()).or_insert(0);
            fp.occurrence = *n;
            *n += 1;
            fp
        })
        .collect()
}

impl Fingerprint {
    /// The fingerprint without its occurrence number.
    pub fn base(&self) -> Fingerprint {
        Fingerprint {
            occurrence: 0,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_takes_words_on_the_same_line() {
        let text = "first line\nOn Monday in Seoul, Wen Zaiyin met the envoy there today.\nnext";
        let start = text.find("Wen").unwrap();
        let (b, a) = context(text, start..start + "Wen Zaiyin".len());
        assert_eq!(b, "On Monday in Seoul,");
        assert_eq!(a, "met the envoy there");
    }

    #[test]
    fn context_is_bounded_on_long_lines_without_spaces() {
        let text = format!("{}X{}", "字".repeat(10_000), "字".repeat(10_000));
        let start = text.find('X').unwrap();
        let (b, a) = context(&text, start..start + 1);
        assert_eq!(b.chars().count(), CONTEXT_CHARS);
        assert_eq!(a.chars().count(), CONTEXT_CHARS);
    }

    #[test]
    fn context_at_the_edges_is_empty() {
        assert_eq!(context("abc", 0..3), (String::new(), String::new()));
        assert_eq!(context("x\nabc\ny", 2..5), (String::new(), String::new()));
    }
}
