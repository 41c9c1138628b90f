//! Applying findings: resolve overlaps, then rewrite in one pass.
//!
//! Every edit is computed against the *original* text and applied in a
//! single left-to-right pass, so a replacement is never matched again
//! (no cascading), and every byte outside an edit is copied unchanged.

mod overlap;

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::glossary::Action;
use crate::matcher::Finding;

pub use overlap::resolve;

/// Which findings `apply` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixPolicy {
    /// Also apply findings whose action is `suggest` (`--suggestions`).
    pub suggestions: bool,
}

impl FixPolicy {
    /// True when this policy applies `finding`.
    pub fn applies(&self, finding: &Finding) -> bool {
        finding.replacement.is_some() && (finding.action == Action::Fix || self.suggestions)
    }
}

/// Why a finding was not kept by [`resolve`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// Another finding covering some of the same bytes won.
    Overlaps {
        /// The winner's rule.
        rule: Arc<str>,
        /// The winner's span.
        span: Range<usize>,
    },
}

/// A finding that [`resolve`] dropped, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// The dropped finding.
    pub finding: Finding,
    /// Why.
    pub reason: SkipReason,
}

/// The result of [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rewrite {
    /// The corrected text.
    pub text: String,
    /// For each finding given to `apply`, whether it was written.
    pub applied: Vec<bool>,
}

/// Writes the findings `policy` selects into `text`.
///
/// `findings` must be sorted by start and must not overlap (the output of
/// [`resolve`]); spans must lie on char boundaries of `text`.
///
/// # Panics
/// If two findings overlap or a span is out of bounds.
pub fn apply(text: &str, findings: &[Finding], policy: &FixPolicy) -> Rewrite {
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::with_capacity(findings.len());
    let mut last = 0;
    for f in findings {
        let write = policy.applies(f);
        applied.push(write);
        if !write {
            continue;
        }
        assert!(f.span.start >= last, "findings overlap or are unsorted");
        out.push_str(&text[last..f.span.start]);
        out.push_str(f.replacement.as_deref().unwrap_or_default());
        last = f.span.end;
    }
    out.push_str(&text[last..]);
    Rewrite { text: out, applied }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Method;

    pub(crate) fn f(start: usize, end: usize, repl: &str, action: Action) -> Finding {
        Finding {
            rule: Arc::from("r"),
            category: Arc::from("t"),
            span: start..end,
            matched: String::new(),
            replacement: Some(repl.to_owned()),
            confidence: 0.9,
            action,
            method: Method::Exact,
            message: String::new(),
            source_term: None,
            segment: None,
            entry: 0,
        }
    }

    #[test]
    fn applies_in_one_pass() {
        let text = "ab cd ef";
        let fs = [
            f(0, 2, "cd", Action::Fix),
            f(3, 5, "XY", Action::Fix),
            f(6, 8, "", Action::Suggest),
        ];
        let r = apply(text, &fs, &FixPolicy::default());
        assert_eq!(r.text, "cd XY ef");
        assert_eq!(r.applied, vec![true, true, false]);
        let r = apply(text, &fs, &FixPolicy { suggestions: true });
        assert_eq!(r.text, "cd XY ");
    }

    #[test]
    fn report_only_is_never_written() {
        let mut x = f(0, 1, "", Action::Fix);
        x.replacement = None;
        let r = apply("a", &[x], &FixPolicy { suggestions: true });
        assert_eq!(r.text, "a");
        assert_eq!(r.applied, vec![false]);
    }
}
