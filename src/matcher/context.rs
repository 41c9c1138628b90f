//! Entry context: words that must (or must not) occur around a match.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::BuildError;
use super::boundary;
use crate::glossary::{Context, Scope};

/// A compiled [`Context`].
#[derive(Debug)]
pub(crate) struct ContextMatcher {
    pub scope: Scope,
    any: Option<AhoCorasick>,
    none: Option<AhoCorasick>,
    not_followed_by: Vec<String>,
    not_preceded_by: Vec<String>,
}

fn words(list: &[String]) -> Result<Option<AhoCorasick>, BuildError> {
    if list.is_empty() {
        return Ok(None);
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(list)
        .map(Some)
        .map_err(|e| BuildError(format!("cannot build a context matcher: {e}")))
}

/// True when `ac` finds one of its words, as a whole word, in `text`.
fn mentions(ac: &AhoCorasick, text: &str) -> bool {
    mentions_outside(ac, text, &[])
}

/// Like [`mentions`], ignoring hits that overlap one of `holes`.
fn mentions_outside(ac: &AhoCorasick, text: &str, holes: &[(usize, usize)]) -> bool {
    ac.find_overlapping_iter(text).any(|m| {
        boundary::is_whole(text, m.start(), m.end())
            && !holes.iter().any(|&(s, e)| s < m.end() && m.start() < e)
    })
}

impl ContextMatcher {
    pub(crate) fn build(ctx: &Context) -> Result<ContextMatcher, BuildError> {
        Ok(ContextMatcher {
            scope: ctx.scope,
            any: words(&ctx.any)?,
            none: words(&ctx.none)?,
            not_followed_by: ctx.not_followed_by.clone(),
            not_preceded_by: ctx.not_preceded_by.clone(),
        })
    }

    /// The scope's verdict, judged on the scope as it will read once fixed,
    /// so that a second run agrees with the first (idempotence):
    ///
    /// * `others` are the spans (relative to `scope_text`) that other
    ///   findings will rewrite, with what they write;
    /// * an `any` word must occur in the scope or in one of those
    ///   replacements;
    /// * no `none` word may occur in the scope outside those spans, nor in
    ///   their replacements.
    pub(crate) fn scope_allows(&self, scope_text: &str, others: &[((usize, usize), &str)]) -> bool {
        if let Some(none) = &self.none {
            let holes: Vec<(usize, usize)> = others.iter().map(|&(span, _)| span).collect();
            if mentions_outside(none, scope_text, &holes)
                || others.iter().any(|&(_, r)| mentions(none, r))
            {
                return false;
            }
        }
        match &self.any {
            None => true,
            Some(any) => mentions(any, scope_text) || others.iter().any(|&(_, r)| mentions(any, r)),
        }
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
