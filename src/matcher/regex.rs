//! Pattern entries: each entry's own `Regex` finds the spans and fills `$1`
//! templates. The regex crate guarantees linear time, so no pattern can be
//! catastrophic. (A `RegexSet` is not used: asked which of many
//! line-anchored Unicode patterns match, it falls back to the PikeVM, about
//! 1 MB/s, where each pattern's lazy DFA scans at hundreds.)
//!
//! Most patterns need a literal somewhere in every match ("Data map:",
//! "click ... to", a month name): one Aho-Corasick pass over the text with
//! every pattern's required literals (see [`super::prefilter`]) says which
//! patterns can match at all, and only those run. A pattern without a
//! useful literal runs on every text.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::Input;
use regex_automata::meta::Regex;

use std::ops::Range;

use super::prefilter;
use super::{BuildError, Carry, Edit};
use crate::glossary::Glossary;

#[derive(Debug)]
struct Pattern {
    /// The entry's index in the glossary.
    entry: u32,
    re: Regex,
    /// Some required literal exists for it (else it runs on every text).
    filtered: bool,
    /// No match can cross a line feed.
    single_line: bool,
    /// The entry's `replace` template, filled from each match.
    template: Option<Box<str>>,
}

/// A match of a pattern, before the matcher's own checks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatternHit {
    /// Index of the pattern (patterns are numbered in glossary order).
    pub pattern: u32,
    /// The pattern's entry.
    pub entry: u32,
    pub start: usize,
    pub end: usize,
    /// The entry's `replace` template filled from the match, or `None`
    /// when the entry has no template (its `correct` applies).
    pub expanded: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Patterns {
    /// In glossary order.
    each: Vec<Pattern>,
    /// The required literals of the patterns that have some.
    literals: Option<AhoCorasick>,
    /// For each literal of `literals`, the pattern (index into `each`).
    owner: Vec<u32>,
    /// The literals of the patterns that can cross a line, alone (the
    /// re-check after a fix searches the whole text only for them), and
    /// their owners.
    wide: Option<(AhoCorasick, Vec<u32>)>,
}

/// Where one pattern must be searched in a text.
#[derive(Debug, Clone, PartialEq)]
enum Scope {
    /// Nowhere: none of its literals occurs.
    Skip,
    /// The whole text.
    Whole,
    /// Only these lines (sorted, disjoint; a line without its line feed).
    Lines(Vec<(usize, usize)>),
}

impl Patterns {
    pub(crate) fn build(glossary: &Glossary) -> Result<Patterns, BuildError> {
        let mut each = Vec::new();
        let mut literals = Vec::new();
        let mut owner = Vec::new();
        for (i, e) in glossary.entries().iter().enumerate() {
            for p in &e.patterns {
                // The `regex` crate's own engine, used directly for searches
                // within a span that still see the text around it.
                let re =
                    Regex::new(p).map_err(|err| BuildError(format!("entry '{}': {err}", e.id)))?;
                let analysis = prefilter::analyse(p);
                let set = analysis.as_ref().and_then(|a| a.literals.clone());
                let filtered = set.is_some();
                if let Some(set) = set {
                    owner.extend(std::iter::repeat_n(each.len() as u32, set.len()));
                    literals.extend(set);
                }
                each.push(Pattern {
                    entry: i as u32,
                    re,
                    filtered,
                    single_line: analysis.is_some_and(|a| a.single_line),
                    template: e.replace.as_deref().map(Into::into),
                });
            }
        }
        let automaton = |literals: &[Vec<u8>]| -> Result<Option<AhoCorasick>, BuildError> {
            if literals.is_empty() {
                return Ok(None);
            }
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(literals)
                .map(Some)
                .map_err(|err| BuildError(format!("pattern literals: {err}")))
        };
        let (wide_literals, wide_owner): (Vec<Vec<u8>>, Vec<u32>) = literals
            .iter()
            .zip(&owner)
            .filter(|&(_, &k)| !each[k as usize].single_line)
            .map(|(l, &k)| (l.clone(), k))
            .unzip();
        Ok(Patterns {
            literals: automaton(&literals)?,
            wide: automaton(&wide_literals)?.map(|ac| (ac, wide_owner)),
            each,
            owner,
        })
    }

    /// Where each pattern must be searched in `text`: nowhere when none of
    /// its literals occurs; only the lines holding one when no match can
    /// cross a line; else the whole text.
    fn scopes(&self, text: &str) -> Vec<Scope> {
        let mut scopes: Vec<Scope> = self
            .each
            .iter()
            .map(|p| {
                if p.filtered {
                    Scope::Skip
                } else {
                    Scope::Whole
                }
            })
            .collect();
        let Some(ac) = &self.literals else {
            return scopes;
        };
        let bytes = text.as_bytes();
        for m in ac.find_overlapping_iter(text) {
            let p = self.owner[m.pattern().as_usize()] as usize;
            let scope = &mut scopes[p];
            if !self.each[p].single_line {
                *scope = Scope::Whole;
                continue;
            }
            if let Scope::Lines(lines) = scope
                && lines
                    .last()
                    .is_some_and(|&(s, e)| s <= m.start() && m.end() <= e)
            {
                continue;
            }
            let start = memchr::memrchr(b'\n', &bytes[..m.start()]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[m.end()..]).map_or(text.len(), |i| m.end() + i);
            match scope {
                Scope::Lines(lines) => lines.push((start, end)),
                _ => *scope = Scope::Lines(vec![(start, end)]),
            }
        }
        for scope in &mut scopes {
            if let Scope::Lines(lines) = scope {
                lines.sort_unstable();
                lines.dedup();
            }
        }
        scopes
    }

    /// Every non-empty match of every pattern in `text`, sorted by
    /// (pattern, start).
    ///
    /// The matches are those of a search of the whole text: a pattern
    /// searched line by line cannot match across a line, and the search
    /// of a line sees the text around it (`^`, `\b`, `\A`).
    pub(crate) fn hits(&self, text: &str) -> Vec<PatternHit> {
        let mut out = Vec::new();
        for (k, scope) in self.scopes(text).into_iter().enumerate() {
            match scope {
                Scope::Skip => {}
                Scope::Whole => self.search_whole(k, text, &mut out),
                Scope::Lines(lines) => {
                    for (start, end) in lines {
                        self.search(k, text, start..end, &mut out);
                    }
                }
            }
        }
        out
    }

    /// The [`hits`](Self::hits) of `new_text`, which is a text whose hits
    /// were `old` with `edits` applied. A pattern that cannot cross a line
    /// is searched again only on the lines an edit touched: on any other
    /// line its matches have the same bytes and the same surroundings (a
    /// line feed, or the start or end of the text) as before, and are
    /// carried over, shifted. Patterns that can cross lines are searched
    /// again in the whole text.
    pub(crate) fn hits_after(
        &self,
        old: &[PatternHit],
        new_text: &str,
        edits: &[Edit],
    ) -> Vec<PatternHit> {
        if edits.is_empty() {
            return old.to_vec();
        }
        let carry = Carry::new(new_text, edits);
        let mut out: Vec<PatternHit> = old
            .iter()
            .filter(|h| self.each[h.pattern as usize].single_line)
            .filter_map(|h| {
                let (start, end) = carry.shift(h.start, h.end)?;
                Some(PatternHit {
                    start,
                    end,
                    ..h.clone()
                })
            })
            .collect();
        // Single-line patterns on the touched lines, when a literal of
        // theirs is there (a literal of such a pattern holds no line feed).
        let mut wanted = vec![false; self.each.len()];
        for &(lo, hi) in &carry.dirty {
            for (k, p) in self.each.iter().enumerate() {
                wanted[k] = p.single_line && !p.filtered;
            }
            if let Some(ac) = &self.literals {
                for m in ac.find_overlapping_iter(&new_text[lo..hi]) {
                    let k = self.owner[m.pattern().as_usize()] as usize;
                    wanted[k] |= self.each[k].single_line;
                }
            }
            for k in (0..self.each.len()).filter(|&k| wanted[k]) {
                self.search(k, new_text, lo..hi, &mut out);
            }
        }
        // The others in the whole text, when a literal of theirs is there.
        let mut wanted: Vec<bool> = self.each.iter().map(|p| !p.filtered).collect();
        if let Some((ac, owner)) = &self.wide {
            for m in ac.find_overlapping_iter(new_text) {
                wanted[owner[m.pattern().as_usize()] as usize] = true;
            }
        }
        for (k, p) in self.each.iter().enumerate() {
            if !p.single_line && wanted[k] {
                self.search_whole(k, new_text, &mut out);
            }
        }
        out.sort_by_key(|h| (h.pattern, h.start));
        out
    }

    /// Pushes the matches of pattern `k` in `text`, if any.
    fn search_whole(&self, k: usize, text: &str, out: &mut Vec<PatternHit>) {
        if self.each[k].re.is_match(text) {
            self.search(k, text, 0..text.len(), out);
        }
    }

    /// Pushes the matches of pattern `k` in `text[span]`, searched as part
    /// of the whole text.
    fn search(&self, k: usize, text: &str, span: Range<usize>, out: &mut Vec<PatternHit>) {
        let p = &self.each[k];
        for caps in p.re.captures_iter(Input::new(text).span(span)) {
            let m = caps.get_match().expect("an iterated match always matched");
            if m.is_empty() {
                continue;
            }
            let expanded = p.template.as_deref().map(|t| {
                let mut out = String::new();
                caps.interpolate_string_into(text, t, &mut out);
                out
            });
            out.push(PatternHit {
                pattern: k as u32,
                entry: p.entry,
                start: m.start(),
                end: m.end(),
                expanded,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::RuleTest;

    #[test]
    fn the_prefilter_passes_every_rule_example_its_pattern_matches() {
        let g = Glossary::builtin();
        let p = Patterns::build(&g).unwrap();
        // Every shipped pattern has literals (one without runs on every text:
        // slower, still correct).
        assert!(p.each.iter().all(|p| p.filtered));
        let texts: Vec<&str> = g
            .entries()
            .iter()
            .flat_map(|e| &e.tests)
            .flat_map(|t| match t {
                RuleTest::Fix { wrong, right, .. } => vec![wrong.as_str(), right.as_str()],
                RuleTest::Unchanged { unchanged, .. } => vec![unchanged.as_str()],
            })
            .collect();
        let (mut matched, mut skipped) = (0, 0);
        for text in texts {
            for (p, scope) in p.each.iter().zip(p.scopes(text)) {
                if p.re.is_match(text) {
                    matched += 1;
                    assert_ne!(scope, Scope::Skip, "entry {} matches {text:?}", p.entry);
                } else if scope == Scope::Skip {
                    skipped += 1;
                }
            }
        }
        assert!(matched > 30, "{matched}");
        assert!(skipped > matched * 10, "{skipped} skipped");
    }

    #[test]
    fn only_patterns_whose_literals_occur_run() {
        let g = Glossary::from_yaml(
            "- id: a\n  correct: File photo\n  patterns: ['Data (?:map|chart):']\n  category: boilerplate\n\
             - id: b\n  correct: X\n  patterns: ['[0-9]+ x']\n  category: boilerplate\n",
            "t.yaml",
        )
        .unwrap();
        let p = Patterns::build(&g).unwrap();
        assert_eq!(
            p.scopes("A\nDATA MAP: here\n"),
            [Scope::Lines(vec![(2, 16)]), Scope::Whole]
        );
        assert_eq!(p.scopes("A data photo: here"), [Scope::Skip, Scope::Whole]);
    }

    use proptest::prelude::*;

    /// Patterns with a literal of three letters or more, some able to
    /// cross a line and some not, with the anchors whose meaning depends
    /// on the text around a line.
    fn pattern() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            Just("aba".to_owned()),
            Just("bab".to_owned()),
            Just("[ab]".to_owned()),
            Just("a*".to_owned()),
            Just("[^b]".to_owned()),
            Just("[^b]*".to_owned()),
            Just(r"\s".to_owned()),
            Just(r"\n".to_owned()),
            Just("^".to_owned()),
            Just("$".to_owned()),
            Just(r"(?-u:\b)".to_owned()),
            Just(r"\A".to_owned()),
            Just(r"\z".to_owned()),
            Just("(?:aab|bba)".to_owned()),
        ];
        let literal = prop_oneof![Just("aba"), Just("(?:aab|bba)"), Just("b\\nab")];
        (
            prop_oneof![Just(""), Just("(?m)"), Just("(?mR)")],
            prop::collection::vec(atom.clone(), 0..3),
            literal,
            prop::collection::vec(atom, 0..3),
        )
            .prop_map(|(flags, before, literal, after)| {
                format!("{flags}{}{literal}{}", before.concat(), after.concat())
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Searching only the lines (or texts) the literals allow finds
        /// exactly the matches of a search of the whole text.
        #[test]
        fn scoped_search_equals_a_whole_text_search(p in pattern(), text in "(aba|bab|aab|a|b| |\n){0,14}") {
            let yaml = format!(
                "- id: p\n  correct: X\n  patterns: ['{}']\n  category: boilerplate\n",
                p.replace('\'', "''")
            );
            let g = Glossary::from_yaml(&yaml, "t.yaml").unwrap();
            prop_assert!(Patterns::build(&g).unwrap().literals.is_some());
            let patterns = Patterns::build(&g).unwrap();
            let got: Vec<(usize, usize)> =
                patterns.hits(&text).iter().map(|h| (h.start, h.end)).collect();
            let want: Vec<(usize, usize)> = regex::Regex::new(&p)
                .unwrap()
                .find_iter(&text)
                .filter(|m| !m.is_empty())
                .map(|m| (m.start(), m.end()))
                .collect();
            prop_assert_eq!(got, want, "{:?} in {:?}", p, text);
        }

        /// Searching only the touched lines again, for the patterns that
        /// cannot cross a line, finds what searching the whole edited text
        /// finds, templates filled alike.
        #[test]
        fn hits_after_edits_equal_a_fresh_search(
            p in pattern(),
            q in pattern(),
            text in prop::collection::vec(prop::sample::select(PIECES), 0..16),
            edits in prop::collection::vec(
                (0usize..16, 0usize..3, prop::collection::vec(prop::sample::select(PIECES), 0..3)),
                0..4,
            ),
        ) {
            let yaml = format!(
                "- id: p\n  replace: '<$0>'\n  patterns: ['{}', '{}']\n  category: boilerplate\n",
                p.replace('\'', "''"),
                q.replace('\'', "''"),
            );
            let g = Glossary::from_yaml(&yaml, "t.yaml").unwrap();
            let patterns = Patterns::build(&g).unwrap();
            let (old, new, list) = crate::matcher::exact::tests::edited(&text, edits);
            let before = patterns.hits(&old);
            prop_assert_eq!(patterns.hits_after(&before, &new, &list), patterns.hits(&new));
        }
    }

    /// Pieces of text for the edit test: the literals, line feeds, spaces.
    const PIECES: &[&str] = &["aba", "bab", "aab", "bba", "a", "b", " ", "\n", "\n\n"];
}
