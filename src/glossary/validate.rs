//! Cross-entry checks: what makes two entries fight each other.

use std::collections::HashMap;
use std::sync::Arc;

use super::Entry;
use super::load::{LoadError, locate_value};

/// A term as compared across entries: case-folded unless both sides are
/// case-sensitive (then exact).
fn key(s: &str) -> String {
    s.to_lowercase()
}

pub(crate) fn check(entries: &[Entry], files: &[(Arc<str>, String)]) -> Result<(), LoadError> {
    let text_of = |e: &Entry| {
        files
            .iter()
            .find(|(f, _)| *f == e.origin.file)
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    };
    let err_at = |e: &Entry, needle: &str, msg: String| {
        let text = text_of(e);
        let (l, c) = locate_value(text, e.origin.line, needle);
        LoadError::new(&e.origin.file, msg)
            .at(text, l, c)
            .entry(&e.id)
    };
    let place = |e: &Entry| format!("{}:{}", e.origin.file, e.origin.line);

    let mut ids: HashMap<&str, &Entry> = HashMap::new();
    for e in entries {
        if let Some(first) = ids.insert(&e.id, e) {
            return Err(err_at(
                e,
                &e.id,
                format!("duplicate id; first defined at {}", place(first)),
            ));
        }
    }

    // Correct forms and alternatives: what must never be flagged.
    let mut protected: HashMap<String, Vec<(&Entry, &str)>> = HashMap::new();
    for e in entries {
        for c in e.correct.iter().chain(&e.alternatives) {
            protected.entry(key(c)).or_default().push((e, c));
        }
    }
    let mut variants: HashMap<String, (&Entry, &str)> = HashMap::new();
    for e in entries {
        for v in &e.variants {
            let k = key(v);
            let same = |other: &Entry, o: &str| {
                (e.case_sensitive && other.case_sensitive) && o != v.as_str()
            };
            if let Some(list) = protected.get(&k) {
                for &(other, c) in list {
                    if !std::ptr::eq(other, e) && !same(other, c) {
                        return Err(err_at(
                            e,
                            v,
                            format!(
                                "variant {v:?} is the correct form {c:?} of entry '{}' ({}); fixing it would undo that entry",
                                other.id,
                                place(other)
                            ),
                        ));
                    }
                }
            }
            if let Some(&(other, o)) = variants.get(&k)
                && !std::ptr::eq(other, e)
                && !same(other, o)
            {
                return Err(err_at(
                    e,
                    v,
                    format!(
                        "variant {v:?} is also claimed by entry '{}' ({}); one text cannot have two corrections",
                        other.id,
                        place(other)
                    ),
                ));
            }
            variants.insert(k, (e, v));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Glossary;

    fn build(yaml: &str) -> Result<Glossary, crate::LoadError> {
        Glossary::from_yaml(yaml, "g.yaml")
    }

    #[test]
    fn duplicate_id_points_at_second() {
        let err =
            build("- id: a\n  correct: X\n  category: t\n- id: a\n  correct: Y\n  category: t\n")
                .unwrap_err();
        assert_eq!(err.line(), Some(4), "{err}");
        assert!(
            err.message()
                .contains("duplicate id; first defined at g.yaml:1"),
            "{err}"
        );
    }

    #[test]
    fn variant_claimed_twice() {
        let err = build(
            "- id: a\n  correct: X\n  variants: [Bibi]\n  category: t\n- id: b\n  correct: Y\n  variants: [bibi]\n  category: t\n",
        )
        .unwrap_err();
        assert_eq!(err.entry_id(), Some("b"));
        assert_eq!(err.line(), Some(7), "{err}");
        assert!(err.message().contains("also claimed by entry 'a'"), "{err}");
    }

    #[test]
    fn case_sensitive_entries_may_share_a_folded_variant() {
        build(
            "- id: a\n  correct: X\n  variants: [US]\n  case_sensitive: true\n  category: t\n- id: b\n  correct: Y\n  variants: [us]\n  case_sensitive: true\n  category: t\n",
        )
        .unwrap();
    }

    #[test]
    fn a_to_b_and_b_to_a_is_refused() {
        let err = build(
            "- id: a\n  correct: Alpha\n  variants: [Beta]\n  category: t\n- id: b\n  correct: Beta\n  variants: [Alpha]\n  category: t\n",
        )
        .unwrap_err();
        assert!(err.message().contains("correct form"), "{err}");
    }
}
