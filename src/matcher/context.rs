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
    ac.find_overlapping_iter(text)
        .any(|m| boundary::is_whole(text, m.start(), m.end()))
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

    /// The scope's verdict: an `any` word occurs in `scope_text` (or in one
    /// of `extra`, the corrections other findings will write into the same
    /// scope, so a second pass agrees with the first), and no `none` word does.
    pub(crate) fn scope_allows<'a>(
        &self,
        scope_text: &str,
        extra: impl Iterator<Item = &'a str>,
    ) -> bool {
        if self
            .none
            .as_ref()
            .is_some_and(|none| mentions(none, scope_text))
        {
            return false;
        }
        match &self.any {
            None => true,
            Some(any) => mentions(any, scope_text) || extra.into_iter().any(|t| mentions(any, t)),
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
