//! Replaying decisions on a document (`mtfix apply`, and `mtfix review`
//! when it writes): accepted findings are written, rejected ones are not,
//! and a decision whose finding is no longer there is reported, not guessed.

use rustc_hash::FxHashMap;

use std::ops::Range;

use super::{Decision, Fingerprint, Verdict, context, fingerprints, fingerprints_at};
use crate::matcher::Finding;

/// What became of one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Accepted, and its replacement was written.
    Applied,
    /// Rejected: the finding is still there and was left alone.
    Rejected,
    /// Accepted earlier: the replacement already stands where the finding was.
    AlreadyApplied,
    /// No finding of this rule and text is left (the text was edited by
    /// hand): nothing to do.
    Gone,
    /// Accepted, and a finding of the same rule and text is still there but
    /// the words around it changed: not applied, for a person to look at.
    Stale,
}

/// The result of [`replay`] on one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The text with accepted findings written.
    pub text: String,
    /// Each decision about the document with what became of it, in the
    /// order given.
    pub statuses: Vec<(Decision, Status)>,
    /// Findings of the document that no decision is about.
    pub undecided: usize,
    /// Where each finding's span, or the replacement written over it, is
    /// in `text`; `None` for a finding that a written edit overlapped.
    pub spans: Vec<Option<Range<usize>>>,
}

impl Replay {
    /// Number of decisions with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.statuses.iter().filter(|(_, s)| *s == status).count()
    }
}

/// Applies `decisions` to `text`, whose findings (sorted, disjoint, as
/// [`crate::check_document`] returns them) are `findings`.
pub fn replay<'a>(
    text: &str,
    findings: &[Finding],
    decisions: impl IntoIterator<Item = &'a Decision>,
) -> Replay {
    let fps = fingerprints(text, findings);
    let by_fp: FxHashMap<&Fingerprint, usize> =
        fps.iter().enumerate().map(|(i, f)| (f, i)).collect();
    let mut chosen: Vec<Option<String>> = vec![None; findings.len()];
    let mut decided = vec![false; findings.len()];
    let mut statuses = Vec::new();
    let mut about = Vec::new(); // the finding each status is about
    for d in decisions {
        let found = by_fp.get(&d.fingerprint()).copied();
        let status = match found {
            Some(i) => {
                decided[i] = true;
                match d.decision {
                    Verdict::Reject => {
                        chosen[i] = None;
                        Status::Rejected
                    }
                    Verdict::Accept => {
                        chosen[i] = d
                            .replacement
                            .clone()
                            .or_else(|| findings[i].replacement.clone());
                        Status::Applied
                    }
                }
            }
            None => match d.decision {
                Verdict::Accept if already_applied(text, d) => Status::AlreadyApplied,
                Verdict::Accept
                    if fps
                        .iter()
                        .any(|f| f.rule == d.rule && f.matched == d.matched) =>
                {
                    Status::Stale
                }
                _ => Status::Gone,
            },
        };
        statuses.push((d.clone(), status));
        about.push(found);
    }
    // Findings are sorted by start; only a report-only finding about a
    // whole bilingual unit may overlap others. An accepted finding that
    // overlaps one written before it cannot be written: it is stale.
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::with_capacity(findings.len());
    let mut written = vec![false; findings.len()];
    let mut last = 0;
    let mut delta = 0isize; // output offset - input offset after `last`
    for (k, (f, r)) in findings.iter().zip(&chosen).enumerate() {
        if f.span.start < last {
            spans.push(None);
            continue;
        }
        match r {
            Some(r) => {
                out.push_str(&text[last..f.span.start]);
                let start = out.len();
                out.push_str(r);
                spans.push(Some(start..out.len()));
                delta += r.len() as isize - f.span.len() as isize;
                last = f.span.end;
                written[k] = true;
            }
            None => {
                let at = |x: usize| x.checked_add_signed(delta).expect("offsets stay in range");
                spans.push(Some(at(f.span.start)..at(f.span.end)));
            }
        }
    }
    out.push_str(&text[last..]);
    for ((_, status), found) in statuses.iter_mut().zip(about) {
        if *status == Status::Applied && found.is_some_and(|i| !written[i] && chosen[i].is_some()) {
            *status = Status::Stale;
        }
    }
    Replay {
        text: out,
        statuses,
        undecided: decided.iter().filter(|&&d| !d).count(),
        spans,
    }
}

impl Replay {
    /// The fingerprints of the findings left in place, as they read in the
    /// rewritten text: what a decision or allow entry about them must say
    /// once the accepted changes around them are written. `None` for the
    /// findings that were applied.
    pub fn fingerprints_after(&self, findings: &[Finding]) -> Vec<Option<Fingerprint>> {
        let kept: Vec<bool> = findings
            .iter()
            .zip(&self.spans)
            .map(|(f, s)| {
                s.as_ref()
                    .is_some_and(|s| self.text[s.clone()] == f.matched)
            })
            .collect();
        let mut fps = fingerprints_at(
            &self.text,
            findings
                .iter()
                .zip(&self.spans)
                .zip(&kept)
                .filter(|(_, k)| **k)
                .filter_map(|((f, s), _)| Some((&*f.rule, s.clone()?))),
        )
        .into_iter();
        kept.iter()
            .map(|&k| if k { fps.next() } else { None })
            .collect()
    }
}

/// True when `d`'s replacement stands in `text` next to `d`'s context
/// words on one side at least (the other side may hold a neighbour that was
/// fixed too). Only the report depends on it: nothing is written either way.
fn already_applied(text: &str, d: &Decision) -> bool {
    let Some(r) = d.replacement.as_deref().filter(|r| !r.is_empty()) else {
        return false;
    };
    memchr::memmem::find_iter(text.as_bytes(), r.as_bytes()).any(|at| {
        let (before, after) = context(text, at..at + r.len());
        before == d.before || after == d.after
    })
}
