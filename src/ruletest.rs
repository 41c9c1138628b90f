//! The examples written inside glossary entries (`tests:`), run against the
//! whole loaded glossary, as `mtfix rules test` and `cargo test` do.
//!
//! * `wrong` → `right`: fixing `wrong` (suggestions included) gives exactly
//!   `right`, the entry is among the findings, and fixing `right` again
//!   changes nothing (no cascade, idempotent).
//! * `unchanged`: the entry does not fire on the text.
//!
//! An example with a `source` is checked with that Chinese source as
//! evidence, as a bilingual input would be.

use std::fmt;

use crate::check::check_with_source;
use crate::glossary::{Origin, RuleTest};
use crate::matcher::Matcher;
use crate::rewrite::FixPolicy;

/// One failed example.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The entry.
    pub entry: String,
    /// Where the entry is defined.
    pub origin: Origin,
    /// 1-based number of the example within the entry.
    pub example: usize,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: entry '{}', test {}: {}",
            self.origin.file, self.origin.line, self.entry, self.example, self.problem
        )
    }
}

/// The result of running every example.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Examples run.
    pub run: usize,
    /// Entries that have no example.
    pub untested: Vec<String>,
    /// Examples that failed.
    pub failures: Vec<Failure>,
}

/// Runs the examples of every entry of `matcher`'s glossary.
pub fn run(matcher: &Matcher) -> Report {
    let policy = FixPolicy { suggestions: true };
    let mut report = Report::default();
    for e in matcher.glossary().entries() {
        if e.tests.is_empty() {
            report.untested.push(e.id.to_string());
        }
        for (i, t) in e.tests.iter().enumerate() {
            report.run += 1;
            let fired = |text: &str, source: Option<&str>| {
                let out = check_with_source(matcher, text, source, &policy);
                let hit = out.findings.iter().any(|f| f.rule == e.id);
                (out, hit)
            };
            let problem = match t {
                RuleTest::Fix {
                    wrong,
                    right,
                    source,
                } => {
                    let (out, hit) = fired(wrong, source.as_deref());
                    let again = check_with_source(matcher, right, source.as_deref(), &policy).text;
                    if !hit {
                        Some(format!("the entry did not fire on {wrong:?}"))
                    } else if out.text != *right {
                        Some(format!(
                            "fixing {wrong:?}\n      gave {:?}\n  expected {right:?}",
                            out.text
                        ))
                    } else if again != *right {
                        Some(format!(
                            "fixing the right text again changed it: {right:?} → {again:?}"
                        ))
                    } else {
                        None
                    }
                }
                RuleTest::Unchanged { unchanged, source } => {
                    let (out, hit) = fired(unchanged, source.as_deref());
                    hit.then(|| format!("the entry fired on {unchanged:?} (→ {:?})", out.text))
                }
            };
            if let Some(problem) = problem {
                report.failures.push(Failure {
                    entry: e.id.to_string(),
                    origin: e.origin.clone(),
                    example: i + 1,
                    problem,
                });
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Glossary;

    #[test]
    fn failing_examples_are_reported() {
        let yaml = "- id: a\n  correct: Moon Jae-in\n  variants: [Wen Zai]\n  category: name/person\n  tests:\n    - wrong: Wen Zai said\n      right: Moon Jae-in says\n    - unchanged: Wen Zai spoke\n    - wrong: nothing here\n      right: nothing here\n";
        let m = Matcher::new(Glossary::from_yaml(yaml, "t.yaml").unwrap()).unwrap();
        let r = run(&m);
        assert_eq!(r.run, 3);
        let probs: Vec<_> = r
            .failures
            .iter()
            .map(|f| (f.example, f.problem.clone()))
            .collect();
        assert_eq!(probs.len(), 3, "{probs:#?}");
        assert!(probs[0].1.contains("expected \"Moon Jae-in says\""));
        assert!(probs[1].1.contains("fired"));
        assert!(probs[2].1.contains("did not fire"));
    }
}
