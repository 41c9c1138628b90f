//! The pipeline in one call: find → resolve → rewrite.

use crate::matcher::{Finding, Matcher};
use crate::rewrite::{self, FixPolicy, Skipped};

/// What [`check`] found and made of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The findings kept after overlap resolution, sorted by start.
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
/// ```
/// use mtfix::{check, FixPolicy, Glossary, Matcher};
/// let matcher = Matcher::new(Glossary::builtin())?;
/// let out = check(&matcher, "Stephen Bacon flew to Hanoi.", &FixPolicy::default());
/// assert_eq!(out.text, "Stephen Biegun flew to Hanoi.");
/// assert_eq!(out.findings[0].rule.as_ref(), "stephen-biegun");
/// # Ok::<(), mtfix::BuildError>(())
/// ```
pub fn check(matcher: &Matcher, text: &str, policy: &FixPolicy) -> Outcome {
    let (findings, skipped) = rewrite::resolve(matcher.find(text));
    let rw = rewrite::apply(text, &findings, policy);
    Outcome {
        findings,
        applied: rw.applied,
        skipped,
        text: rw.text,
    }
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
