//! `mtfix rules lint`: what makes a glossary wrong or dangerous, beyond what
//! loading already refuses (duplicate ids, a variant claimed twice, A→B with
//! B→A, regexes that do not compile).

use std::fmt;

use super::{Glossary, Origin};
use crate::matcher::boundary;
use crate::matcher::fuzzy::english_words;

/// One problem found by [`lint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    /// Where the entry is defined.
    pub origin: Origin,
    /// The entry's id.
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LintIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: entry '{}': {}",
            self.origin.file, self.origin.line, self.entry, self.message
        )
    }
}

/// True when `inner` occurs in `outer` as whole words (case-insensitive).
fn contains_words(outer: &str, inner: &str) -> bool {
    let (o, i) = (outer.to_lowercase(), inner.to_lowercase());
    o.match_indices(&i)
        .any(|(at, _)| boundary::is_whole(&o, at, at + i.len()))
}

/// Lints `glossary`. The checks:
///
/// * a variant contained, as whole words, in another entry's correct form or
///   alternative (a variant "Foreign Affairs" inside "Ministry of Foreign
///   Affairs" would fire there if correct forms were not protected: it is a
///   trap for the reader and for other tools);
/// * a one-word variant that is an ordinary English word (SCOWL list), in
///   an entry with neither a `context` nor `case_sensitive`;
/// * a `source` term without a Chinese character;
/// * an entry without a `note` or without `tests`.
pub fn lint(glossary: &Glossary) -> Vec<LintIssue> {
    let english = english_words();
    let mut issues = Vec::new();
    let entries = glossary.entries();
    for e in entries {
        let mut issue = |message: String| {
            issues.push(LintIssue {
                origin: e.origin.clone(),
                entry: e.id.to_string(),
                message,
            })
        };
        for v in &e.variants {
            for other in entries.iter().filter(|o| o.id != e.id) {
                for c in other.correct.iter().chain(&other.alternatives) {
                    if contains_words(c, v) {
                        issue(format!(
                            "variant {v:?} is inside {c:?}, a correct form of entry '{}'",
                            other.id
                        ));
                    }
                }
            }
            let one_word = !v.contains(char::is_whitespace);
            if one_word
                && e.context.is_none()
                && !e.case_sensitive
                && english.contains(v.to_lowercase().as_str())
            {
                issue(format!(
                    "variant {v:?} is an ordinary English word; give the entry a `context` or `case_sensitive: true`"
                ));
            }
        }
        for s in &e.source {
            if !s.chars().any(boundary::is_cjk) {
                issue(format!("source {s:?} has no Chinese character"));
            }
        }
        if e.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            issue("no `note` saying who or what the term is".into());
        }
        if e.tests.is_empty() {
            issue("no `tests`".into());
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_fires() {
        let yaml = r#"
- id: ministry
  correct: Ministry of Foreign Affairs
  category: org
  note: a ministry
  tests: [{unchanged: x}]
- id: affairs
  correct: Foreign Ministry
  variants: [Foreign Affairs, bacon]
  source: [abc]
  category: org
"#;
        let g = Glossary::from_yaml(yaml, "g.yaml").unwrap();
        let found: Vec<String> = lint(&g).iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(
            found[0]
                .starts_with("g.yaml:7: entry 'affairs': variant \"Foreign Affairs\" is inside")
        );
        assert!(found[1].contains("\"bacon\" is an ordinary English word"));
        assert!(found[2].contains("source \"abc\" has no Chinese character"));
        assert!(found[3].contains("no `note`"));
        assert!(found[4].contains("no `tests`"));
    }

    #[test]
    fn words_not_substrings() {
        assert!(contains_words(
            "Ministry of Foreign Affairs",
            "foreign affairs"
        ));
        assert!(!contains_words("Moon Jae-in", "Jae"));
        assert!(!contains_words("Kaesong", "Kae"));
    }
}
