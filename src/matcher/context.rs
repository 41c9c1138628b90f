//! Entry context: words that must (or must not) occur around a match.
//!
//! All context words of all entries go into one automaton, scanned at most
//! once per text (and only when a candidate needs it), so the cost does not
//! grow with the number of entries that have a context. An entry's scope
//! check is then a range lookup in the sorted hits.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::BuildError;
use super::boundary;
use crate::glossary::{Glossary, Scope};

/// A whole-word occurrence of context word `word` at `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub word: u32,
}

/// Every context word of the glossary, in one automaton.
#[derive(Debug)]
pub(crate) struct ContextIndex {
    ac: Option<AhoCorasick>,
    /// Per entry: the context words its replacement writes (sorted ids).
    writes: Vec<Vec<u32>>,
}

impl ContextIndex {
    /// The context words an entry's replacement writes; `expanded` is a
    /// filled-in template, scanned on the spot.
    pub(crate) fn words_written(
        &self,
        entry: usize,
        expanded: Option<&str>,
    ) -> std::borrow::Cow<'_, [u32]> {
        match expanded {
            None => std::borrow::Cow::Borrowed(&self.writes[entry]),
            Some(text) => std::borrow::Cow::Owned(self.hits(text).iter().map(|h| h.word).collect()),
        }
    }

    /// Whole-word hits in `text`, sorted by start.
    pub(crate) fn hits(&self, text: &str) -> Vec<Hit> {
        self.hits_in(text, 0..text.len())
    }

    /// Whole-word hits lying in `text[range]` (a word is whole or not by
    /// the characters around it in `text`), sorted by start.
    pub(crate) fn hits_in(&self, text: &str, range: Range<usize>) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let input = aho_corasick::Input::new(text).span(range);
        let mut hits: Vec<Hit> = ac
            .find_overlapping_iter(input)
            .filter(|m| boundary::is_whole(text, m.start(), m.end()))
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                word: m.pattern().as_u32(),
            })
            .collect();
        hits.sort_by_key(|h| h.start);
        hits
    }
}

/// One entry's compiled context.
#[derive(Debug)]
pub(crate) struct ContextMatcher {
    pub scope: Scope,
    /// Word ids, sorted.
    any: Vec<u32>,
    none: Vec<u32>,
    not_followed_by: Vec<String>,
    not_preceded_by: Vec<String>,
}

/// Compiles the contexts of all entries.
pub(crate) fn build(
    glossary: &Glossary,
) -> Result<(ContextIndex, Vec<Option<ContextMatcher>>), BuildError> {
    let mut all: Vec<&str> = Vec::new();
    for e in glossary.entries() {
        if let Some(c) = &e.context {
            all.extend(c.any.iter().chain(&c.none).map(String::as_str));
        }
    }
    all.sort_unstable();
    all.dedup();
    let index_of: HashMap<&str, u32> = all
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, i as u32))
        .collect();
    let ids_for = |list: &[String]| {
        let mut v: Vec<u32> = list.iter().map(|w| index_of[w.as_str()]).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let matchers = glossary
        .entries()
        .iter()
        .map(|e| {
            e.context.as_ref().map(|c| ContextMatcher {
                scope: c.scope,
                any: ids_for(&c.any),
                none: ids_for(&c.none),
                not_followed_by: c.not_followed_by.clone(),
                not_preceded_by: c.not_preceded_by.clone(),
            })
        })
        .collect();
    let ac = if all.is_empty() {
        None
    } else {
        Some(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind((all.len() <= super::exact::DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA))
                .build(&all)
                .map_err(|e| BuildError(format!("cannot build the context matcher: {e}")))?,
        )
    };
    let mut index = ContextIndex {
        ac,
        writes: Vec::new(),
    };
    index.writes = glossary
        .entries()
        .iter()
        .map(|e| {
            let mut w: Vec<u32> = e
                .replacement()
                .map(|r| index.hits(r).iter().map(|h| h.word).collect())
                .unwrap_or_default();
            w.sort_unstable();
            w.dedup();
            w
        })
        .collect();
    Ok((index, matchers))
}

impl ContextMatcher {
    /// The scope's verdict, judged on the scope as it will read once fixed,
    /// so that a second run agrees with the first (idempotence):
    ///
    /// * `hits` are the context hits of the whole text; `scope` the range;
    /// * `others` are the spans that other findings will rewrite in the
    ///   scope, with what they write;
    /// * an `any` word must occur in the scope or in one of those
    ///   replacements;
    /// * no `none` word may occur in the scope outside those spans, nor in
    ///   their replacements;
    /// * `waive_any`: the source confirms the entry, `any` is not needed.
    pub(crate) fn scope_allows(
        &self,
        hits: &[Hit],
        scope: Range<usize>,
        others: &[(Range<usize>, std::borrow::Cow<'_, [u32]>)],
        waive_any: bool,
    ) -> bool {
        let from = hits.partition_point(|h| h.start < scope.start);
        let in_scope = hits[from..].iter().take_while(|h| h.end <= scope.end);
        let written = |set: &[u32]| {
            others
                .iter()
                .any(|(_, words)| words.iter().any(|w| set.binary_search(w).is_ok()))
        };
        if !self.none.is_empty() {
            let vetoed = in_scope.clone().any(|h| {
                self.none.binary_search(&h.word).is_ok()
                    && !others
                        .iter()
                        .any(|(span, _)| span.start < h.end && h.start < span.end)
            }) || written(&self.none);
            if vetoed {
                return false;
            }
        }
        waive_any
            || self.any.is_empty()
            || in_scope
                .clone()
                .any(|h| self.any.binary_search(&h.word).is_ok())
            || written(&self.any)
    }

    /// The neighbours' verdict: the words right before and after the match
    /// are not vetoed.
    pub(crate) fn neighbours_allow(&self, text: &str, start: usize, end: usize) -> bool {
        let hit = |word: Option<&str>, list: &[String]| {
            word.is_some_and(|w| list.iter().any(|v| v.eq_ignore_ascii_case(w)))
        };
        !(hit(boundary::next_word(text, end), &self.not_followed_by)
            || hit(boundary::prev_word(text, start), &self.not_preceded_by))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The words found in a range are the words of the whole text that
        /// lie in it, each whole or not as in the whole text.
        #[test]
        fn hits_in_a_range_are_the_whole_texts_hits_in_it(
            text in "(war|warm|arm|army| |-|é|\n){0,12}",
            a in 0usize..40,
            b in 0usize..40,
        ) {
            let g = Glossary::from_yaml(
                "- id: w\n  correct: X\n  variants: [Y]\n  category: term\n  context:\n    any: [war, arm]\n    none: [army, warm]\n",
                "t.yaml",
            )
            .unwrap();
            let (index, _) = build(&g).unwrap();
            let clamp = |x: usize| {
                let mut x = x.min(text.len());
                while !text.is_char_boundary(x) {
                    x -= 1;
                }
                x
            };
            let (a, b) = (clamp(a.min(b)), clamp(a.max(b)));
            let want: Vec<Hit> = index
                .hits(&text)
                .into_iter()
                .filter(|h| a <= h.start && h.end <= b)
                .collect();
            prop_assert_eq!(index.hits_in(&text, a..b), want);
        }
    }
}
