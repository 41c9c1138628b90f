//! Deterministic overlap resolution.

use std::collections::BTreeMap;

use super::{SkipReason, Skipped};
use crate::matcher::Finding;

/// Keeps a set of non-overlapping findings and reports the rest.
///
/// Findings are ranked, best first, by: longer span; more specific method
/// (exact, regex, source, fuzzy); `fix` before `suggest`; higher confidence;
/// earlier start; earlier glossary entry. Each is kept unless it overlaps
/// one already kept. The ranking is total, so the result does not depend
/// on the input order. The kept findings come back sorted by start.
///
/// Report-only findings (no replacement) edit nothing, so they never
/// conflict: they are all kept, and may overlap the others.
pub fn resolve(findings: Vec<Finding>) -> (Vec<Finding>, Vec<Skipped>) {
    let (report_only, mut findings): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| f.replacement.is_none());
    findings.sort_by(|a, b| {
        (b.span.len())
            .cmp(&a.span.len())
            .then(a.method.cmp(&b.method))
            .then(b.action.cmp(&a.action))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.entry.cmp(&b.entry))
            .then(a.replacement.cmp(&b.replacement))
    });
    // start → index into `kept`
    let mut by_start: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Finding> = Vec::new();
    let mut skipped = Vec::new();
    for f in findings {
        let before = by_start
            .range(..f.span.end)
            .next_back()
            .map(|(_, &i)| &kept[i]);
        let clash = before.filter(|k| k.span.end > f.span.start);
        match clash {
            Some(k) => {
                let reason = SkipReason::Overlaps {
                    rule: k.rule.clone(),
                    span: k.span.clone(),
                };
                skipped.push(Skipped { finding: f, reason });
            }
            None => {
                by_start.insert(f.span.start, kept.len());
                kept.push(f);
            }
        }
    }
    kept.extend(report_only);
    kept.sort_by_key(|f| (f.span.start, f.replacement.is_none()));
    skipped.sort_by_key(|s| (s.finding.span.start, s.finding.span.end));
    (kept, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Action;
    use crate::matcher::Method;
    use crate::rewrite::tests::f;

    #[test]
    fn longer_wins_then_earlier() {
        let (kept, skipped) = resolve(vec![
            f(0, 3, "a", Action::Fix),
            f(0, 7, "b", Action::Fix),
            f(5, 9, "c", Action::Fix),
            f(8, 12, "d", Action::Fix),
        ]);
        let spans: Vec<_> = kept.iter().map(|k| k.span.clone()).collect();
        assert_eq!(spans, vec![0..7, 8..12]);
        assert_eq!(skipped.len(), 2);
    }

    #[test]
    fn exact_beats_fuzzy_and_fix_beats_suggest_on_same_span() {
        let mut fuzzy = f(0, 4, "fuzzy", Action::Fix);
        fuzzy.method = Method::Fuzzy;
        let suggest = f(0, 4, "suggest", Action::Suggest);
        let fix = f(0, 4, "fix", Action::Fix);
        let (kept, _) = resolve(vec![fuzzy, suggest, fix]);
        assert_eq!(kept[0].replacement.as_deref(), Some("fix"));
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let a = vec![
            f(0, 3, "a", Action::Fix),
            f(2, 5, "b", Action::Fix),
            f(4, 6, "c", Action::Fix),
        ];
        let mut b = a.clone();
        b.reverse();
        assert_eq!(resolve(a).0, resolve(b).0);
    }
}
