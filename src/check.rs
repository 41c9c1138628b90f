//! The pipeline in one call: find → resolve → rewrite, until stable.

use crate::input::Document;
use crate::matcher::{Edit, Finding, Matcher};
use crate::rewrite::{self, FixPolicy, Skipped};

/// Most passes [`check`] makes over one text. One pass suffices unless an
/// edit enables another (a deletion exposes the end of the text to an
/// end-anchored rule, say); then later passes finish the job, as ruff's
/// fix loop does.
pub const MAX_PASSES: usize = 4;

/// What [`check`] found and made of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The findings kept after overlap resolution, sorted by start,
    /// disjoint, with spans in the original text.
    pub findings: Vec<Finding>,
    /// For each finding, whether the policy applied it to `text`.
    pub applied: Vec<bool>,
    /// Findings dropped because a better one overlapped them.
    pub skipped: Vec<Skipped>,
    /// The text with the applied findings written in.
    pub text: String,
}

impl Outcome {
    /// Number of findings written into `text`.
    pub fn applied_count(&self) -> usize {
        self.applied.iter().filter(|&&a| a).count()
    }

    /// Number of findings left for a person (suggestions, report-only).
    pub fn remaining_count(&self) -> usize {
        self.findings.len() - self.applied_count()
    }
}

/// Checks `text` with `matcher` and rewrites what `policy` allows.
///
/// The result is stable: checking `outcome.text` again with the same
/// policy changes nothing. Edits never cascade: a later pass ignores
/// findings that lie entirely inside text an earlier pass wrote.
///
/// ```
/// use mtfix::{check, FixPolicy, Glossary, Matcher};
/// let matcher = Matcher::new(Glossary::builtin())?;
/// let out = check(&matcher, "Stephen Bacon flew to Hanoi.", &FixPolicy::default());
/// assert_eq!(out.text, "Stephen Biegun flew to Hanoi.");
/// assert_eq!(out.findings[0].rule.as_ref(), "stephen-biegun");
/// # Ok::<(), mtfix::BuildError>(())
/// ```
pub fn check(matcher: &Matcher, text: &str, policy: &FixPolicy) -> Outcome {
    check_with_source(matcher, text, None, policy)
}

/// Like [`check`], with `source`, the Chinese source of `text`, as
/// evidence (see [`Matcher::find_with_source`]).
///
/// ```
/// use mtfix::{check_with_source, FixPolicy, Glossary, Matcher};
/// let m = Matcher::new(Glossary::builtin())?;
/// let out = check_with_source(&m, "In Seoul, Wen Zaiyin spoke.", Some("文在寅在首尔讲话。"), &FixPolicy::default());
/// assert_eq!(out.text, "In Seoul, Moon Jae-in spoke.");
/// assert_eq!(out.findings[0].source_term.as_deref(), Some("文在寅"));
/// # Ok::<(), mtfix::BuildError>(())
/// ```
pub fn check_with_source(
    matcher: &Matcher,
    text: &str,
    source: Option<&str>,
    policy: &FixPolicy,
) -> Outcome {
    let hits = matcher.literal_hits(text, source);
    let (findings, skipped) = rewrite::resolve(matcher.find_with_hits(text, source, &hits));
    let rw = rewrite::apply(text, &findings, policy);
    let mut out = Outcome {
        findings,
        applied: rw.applied,
        skipped,
        text: rw.text,
    };
    for pass in 1..MAX_PASSES {
        if out.applied_count() == 0 {
            break;
        }
        let found = if pass == 1 {
            // The literal matches far from the first pass's edits are the
            // same as before: only the text around the edits is searched.
            let edits: Vec<Edit> = out
                .findings
                .iter()
                .zip(&out.applied)
                .filter(|&(_, &a)| a)
                .map(|(f, _)| Edit {
                    old: f.span.clone(),
                    new_len: f.replacement.as_deref().map_or(0, str::len),
                })
                .collect();
            let hits = matcher.literal_hits_after(&hits, &out.text, &edits);
            matcher.find_with_hits(&out.text, source, &hits)
        } else {
            matcher.find_with_source(&out.text, source)
        };
        let (more, _) = rewrite::resolve(found);
        let more: Vec<Finding> = more.into_iter().filter(|f| policy.applies(f)).collect();
        if more.is_empty() || !absorb(&mut out, text, more, policy) {
            break;
        }
    }
    out
}

/// Checks a [`Document`]: the whole text, or, for a bilingual input, each
/// segment with its source as evidence. Findings come back in input offsets
/// (their `replacement` escaped for the input's format, so that applying
/// them to the input bytes gives `text`), and `text` is the input with the
/// applied edits spliced in: every other byte is unchanged.
pub fn check_document(matcher: &Matcher, doc: &Document, policy: &FixPolicy) -> Outcome {
    let Some(segments) = &doc.segments else {
        return check(matcher, &doc.text, policy);
    };
    let mut findings = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    // The pieces of one unit (text on either side of inline tags) are
    // checked together, joined by spaces, against the unit's source: the
    // evidence is about the unit, and a piece after a tag does not start a
    // sentence. A finding across two pieces cannot be spliced and is dropped.
    let mut i = 0;
    while i < segments.len() {
        let j = i + segments[i..]
            .iter()
            .take_while(|s| s.number == segments[i].number)
            .count();
        let unit = &segments[i..j];
        i = j;
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(unit.len());
        for (k, seg) in unit.iter().enumerate() {
            if k > 0 {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.push_str(&seg.target);
        }
        let piece_of = |at: usize| starts.partition_point(|&s| s <= at) - 1;
        let out = check_with_source(matcher, &joined, unit[0].source.as_deref(), policy);
        let to_input = |f: Finding| -> Option<Finding> {
            let k = piece_of(f.span.start);
            let seg = &unit[k];
            let (s, e) = (f.span.start - starts[k], f.span.end - starts[k]);
            let (start, end) = if e <= seg.target.len() {
                (seg.to_input(s), seg.to_input(e))
            } else if f.replacement.is_none() {
                // A report-only finding about the whole unit: show its first piece.
                (seg.raw.start, seg.raw.end)
            } else {
                return None;
            };
            Some(Finding {
                span: start..end,
                matched: doc.text[start..end].to_owned(),
                replacement: f.replacement.map(|r| seg.escape.apply(&r)),
                segment: Some(seg.number),
                ..f
            })
        };
        for (f, a) in out.findings.into_iter().zip(out.applied) {
            if let Some(f) = to_input(f) {
                findings.push(f);
                applied.push(a);
            }
        }
        for s in out.skipped {
            if let Some(finding) = to_input(s.finding) {
                skipped.push(Skipped {
                    finding,
                    reason: s.reason,
                });
            }
        }
    }
    // The same policy decided `applied` per segment, so this agrees with it.
    let rw = rewrite::apply(&doc.text, &findings, policy);
    debug_assert_eq!(rw.applied, applied);
    Outcome {
        findings,
        applied: rw.applied,
        skipped,
        text: rw.text,
    }
}

/// Where one applied finding's replacement sits in the rewritten text.
struct Written {
    /// Index into `Outcome::findings`.
    index: usize,
    start: usize,
    end: usize,
}

/// Folds the findings of a later pass (`more`, in the coordinates of
/// `out.text`) into `out` (in the coordinates of `original`). Returns false
/// when nothing was added.
fn absorb(out: &mut Outcome, original: &str, more: Vec<Finding>, policy: &FixPolicy) -> bool {
    // Map the rewritten text back to the original.
    let mut written = Vec::new();
    let mut delta: isize = 0; // rewritten offset - original offset, after the last edit
    for (index, (f, &applied)) in out.findings.iter().zip(&out.applied).enumerate() {
        if !applied {
            continue;
        }
        let start = (f.span.start as isize + delta) as usize;
        let len = f.replacement.as_deref().map_or(0, str::len);
        written.push(Written {
            index,
            start,
            end: start + len,
        });
        delta += len as isize - f.span.len() as isize;
    }
    // Original offset of a rewritten offset that lies outside any replacement.
    let to_original = |pos: usize, prefer_after: bool| -> usize {
        let mut orig = pos as isize;
        let mut d: isize = 0;
        for w in &written {
            let f = &out.findings[w.index];
            if w.end < pos || (w.end == pos && (prefer_after || w.start < pos)) {
                d = w.end as isize - f.span.end as isize;
            } else {
                break;
            }
        }
        orig -= d;
        orig as usize
    };

    // Drop pure cascades: findings entirely inside text an edit wrote.
    let more: Vec<Finding> = more
        .into_iter()
        .filter(|g| {
            !written
                .iter()
                .any(|w| w.start < w.end && w.start <= g.span.start && g.span.end <= w.end)
        })
        .collect();
    if more.is_empty() {
        return false;
    }

    // Group each new finding with the edits it touches; overlapping groups merge.
    let touches = |g: &Finding, w: &Written| {
        if w.start == w.end {
            g.span.start < w.start && w.start < g.span.end
        } else {
            g.span.start < w.end && w.start < g.span.end
        }
    };
    struct Group {
        lo: usize,
        hi: usize,
        news: Vec<Finding>,
        olds: Vec<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for g in more {
        let olds: Vec<&Written> = written.iter().filter(|w| touches(&g, w)).collect();
        let lo = olds.iter().map(|w| w.start).fold(g.span.start, usize::min);
        let hi = olds.iter().map(|w| w.end).fold(g.span.end, usize::max);
        let olds: Vec<usize> = olds.iter().map(|w| w.index).collect();
        match groups.last_mut() {
            Some(last) if lo < last.hi || olds.iter().any(|i| last.olds.contains(i)) => {
                last.hi = last.hi.max(hi);
                last.olds.extend(olds);
                last.news.push(g);
            }
            _ => groups.push(Group {
                lo,
                hi,
                news: vec![g],
                olds,
            }),
        }
    }

    let mut removed = vec![false; out.findings.len()];
    let mut added: Vec<Finding> = Vec::new();
    for group in groups {
        // Original span of the group.
        let first_old = group.olds.iter().min().copied();
        let last_old = group.olds.iter().max().copied();
        let start_in_old =
            first_old.filter(|&i| written.iter().any(|w| w.index == i && w.start == group.lo));
        let end_in_old =
            last_old.filter(|&i| written.iter().any(|w| w.index == i && w.end == group.hi));
        let olo = match start_in_old {
            Some(i) => out.findings[i].span.start,
            None => to_original(group.lo, true),
        };
        let ohi = match end_in_old {
            Some(i) => out.findings[i].span.end,
            None => to_original(group.hi, false),
        };
        // The group's new text: the rewritten region with the new findings applied.
        let mut new_text = String::new();
        let mut at = group.lo;
        for g in &group.news {
            new_text.push_str(&out.text[at..g.span.start]);
            new_text.push_str(g.replacement.as_deref().unwrap_or_default());
            at = g.span.end;
        }
        new_text.push_str(&out.text[at..group.hi]);
        let lead = &group.news[0];
        let mut message = lead.message.clone();
        for i in &group.olds {
            removed[*i] = true;
            message.push_str(&format!(
                ", with {} ({})",
                out.findings[*i].rule, out.findings[*i].message
            ));
        }
        for g in &group.news[1..] {
            message.push_str(&format!(", and {} ({})", g.rule, g.message));
        }
        let confidence = group
            .news
            .iter()
            .map(|g| g.confidence)
            .chain(group.olds.iter().map(|&i| out.findings[i].confidence))
            .fold(1.0_f64, f64::min);
        added.push(Finding {
            span: olo..ohi,
            matched: original[olo..ohi].to_owned(),
            replacement: Some(new_text),
            confidence,
            message,
            ..lead.clone()
        });
    }

    let mut findings: Vec<Finding> = out
        .findings
        .drain(..)
        .zip(&removed)
        .filter(|(_, r)| !**r)
        .map(|(f, _)| f)
        .collect();
    findings.extend(added);
    findings.sort_by_key(|f| f.span.start);
    let rw = rewrite::apply(original, &findings, policy);
    out.findings = findings;
    out.applied = rw.applied;
    out.text = rw.text;
    true
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents checked.
    pub documents: usize,
    /// Documents with at least one finding.
    pub documents_with_findings: usize,
    /// Findings kept.
    pub findings: usize,
    /// Findings written.
    pub applied: usize,
    /// Findings left for review.
    pub remaining: usize,
    /// Inputs that could not be read or written.
    pub errors: usize,
}

impl Summary {
    /// Adds one document's outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        self.documents += 1;
        self.documents_with_findings += usize::from(!outcome.findings.is_empty());
        self.findings += outcome.findings.len();
        self.applied += outcome.applied_count();
        self.remaining += outcome.remaining_count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GlossaryBuilder;

    fn matcher(yaml: &str) -> Matcher {
        Matcher::new(
            GlossaryBuilder::new()
                .add_yaml(yaml, "t.yaml")
                .unwrap()
                .build()
                .unwrap(),
        )
        .unwrap()
    }

    const RULES: &str = r#"
- id: trailer
  replace: ""
  patterns: ['\n+Latest News\n?\z']
  category: boilerplate
- id: crumb
  replace: ""
  patterns: ['(?m)^Home > [^\n]*\n?']
  category: boilerplate
- id: space
  replace: "$1 '"
  patterns: ['\b(of)''']
  category: punctuation
- id: gold
  correct: Trump-Kim summit
  variants: [Gold Meeting]
  category: event
"#;

    #[test]
    fn an_edit_that_exposes_another_is_finished_in_one_run() {
        let m = matcher(RULES);
        let text = "Body.\n\nLatest News\nHome > World\n";
        let out = check(&m, text, &FixPolicy::default());
        assert_eq!(out.text, "Body.");
        // The findings are disjoint, in original offsets, and rebuild the text.
        let again = rewrite::apply(text, &out.findings, &FixPolicy::default());
        assert_eq!(again.text, out.text);
        assert!(
            out.findings
                .iter()
                .all(|f| text[f.span.clone()] == f.matched)
        );
        assert_eq!(check(&m, &out.text, &FixPolicy::default()).text, out.text);
    }

    #[test]
    fn a_later_finding_that_straddles_an_edit_is_merged_with_it() {
        let m = matcher(&format!(
            "{RULES}- id: curly\n  replace: \"summit’s\"\n  patterns: [\"summit's\"]\n  category: punctuation\n"
        ));
        let text = "the Gold Meeting's end";
        let out = check(&m, text, &FixPolicy::default());
        assert_eq!(out.text, "the Trump-Kim summit\u{2019}s end");
        assert_eq!(out.findings.len(), 1, "{:#?}", out.findings);
        let f = &out.findings[0];
        // The shared trailing "s" is look-ahead context, not part of the edit.
        assert_eq!(
            (f.rule.as_ref(), f.matched.as_str()),
            ("curly", "Gold Meeting'")
        );
        assert!(f.message.contains("with gold"), "{}", f.message);
        assert_eq!(
            rewrite::apply(text, &out.findings, &FixPolicy::default()).text,
            out.text
        );
        assert_eq!(check(&m, &out.text, &FixPolicy::default()).text, out.text);
    }

    #[test]
    fn no_cascade_into_written_text() {
        // "of'" inside a replacement would be a cascade; none is written here,
        // and a plain second pass over clean text adds nothing.
        let m = matcher(RULES);
        let out = check(&m, "a stance of'Gold Meeting' x", &FixPolicy::default());
        assert_eq!(out.text, "a stance of 'Trump-Kim summit' x");
        assert_eq!(out.findings.len(), 2);
    }
}
