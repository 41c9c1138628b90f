//! Literal matching: every variant, correct form and follow-up of every entry
//! in one Aho-Corasick automaton (two: case-insensitive and case-sensitive),
//! so the cost of a search does not grow with the glossary.
//!
//! The automata are DFAs up to [`DFA_MAX_PATTERNS`] patterns and contiguous
//! NFAs above that (a DFA of the shipped glossary cost 0.15 s and 70 MB to
//! build for no gain). The case-insensitive one matches ASCII-lowercased
//! patterns against ASCII-lowercased text. They use `MatchKind::Standard`
//! with *overlapping* search: a longer
//! variant that fails the word-boundary test ("Wen Zai" in "Wen Zaiming")
//! must not hide a shorter one that passes. The resolver
//! ([`crate::rewrite::resolve`]) then keeps the leftmost-longest of the
//! surviving matches, which is what `MatchKind::LeftmostLongest` would give
//! for clean input.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::BuildError;
use super::boundary;
use crate::glossary::Glossary;

/// What a literal pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A bad rendering: `listed` indexes the entry's `variants`.
    Variant { listed: u32 },
    /// A correct form or alternative: text inside it is never flagged.
    Protect,
    /// A follow-up short form: indexes the entry's `follow_up`.
    FollowUp(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternInfo {
    pub entry: u32,
    pub role: Role,
}

#[derive(Debug)]
struct Automaton {
    ac: AhoCorasick,
    info: Vec<PatternInfo>,
    /// Patterns are ASCII-lowercased: search the lowercased text.
    folded: bool,
}

/// Up to this many patterns the automaton is a DFA (fast overlapping
/// search, a few MB); above it the crate picks (a contiguous NFA), so a
/// 100,000-entry glossary builds in reasonable time and memory.
const DFA_MAX_PATTERNS: usize = 1_000;

/// The literal matcher.
#[derive(Debug)]
pub(crate) struct Exact {
    automata: Vec<Automaton>,
    /// The longest protected pattern, in bytes: bounds the look-back when
    /// testing whether a match lies inside a protected span.
    pub max_protect_len: usize,
}

/// Spellings MT produces for the same multi-word term: a space may be a
/// hyphen ("Wen-Zai"), a hyphen may vanish ("Punggyeri"), and straight and
/// curly apostrophes are interchangeable. Capped so a long variant does not
/// explode (at most 4 variable positions, 81 spellings).
pub fn spellings(variant: &str) -> Vec<String> {
    let slots = variant
        .chars()
        .filter(|c| matches!(c, ' ' | '-' | '\'' | '\u{2019}'))
        .count();
    if slots == 0 || slots > 4 {
        return vec![variant.to_owned()];
    }
    let mut out = vec![String::new()];
    for c in variant.chars() {
        let options: &[&str] = match c {
            ' ' => &[" ", "-"],
            '-' => &["-", ""],
            '\'' | '\u{2019}' => &["'", "\u{2019}"],
            _ => {
                for s in &mut out {
                    s.push(c);
                }
                continue;
            }
        };
        out = out
            .iter()
            .flat_map(|s| options.iter().map(move |o| format!("{s}{o}")))
            .collect();
    }
    out.sort();
    out.dedup();
    // Keep the listed spelling first.
    if let Some(i) = out.iter().position(|s| s == variant) {
        out.swap(0, i);
    }
    out
}

impl Exact {
    pub(crate) fn build(glossary: &Glossary) -> Result<Exact, BuildError> {
        // index 0: case-insensitive, 1: case-sensitive
        let mut pats: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut infos: [Vec<PatternInfo>; 2] = [Vec::new(), Vec::new()];
        let mut max_protect_len = 0;
        for (i, e) in glossary.entries().iter().enumerate() {
            let entry = i as u32;
            let k = usize::from(e.case_sensitive);
            for (listed, v) in e.variants.iter().enumerate() {
                for s in spellings(v) {
                    pats[k].push(s);
                    infos[k].push(PatternInfo {
                        entry,
                        role: Role::Variant {
                            listed: listed as u32,
                        },
                    });
                }
            }
            // What a literal `replace` writes is protected like a correct form,
            // so that fixing fixed text changes nothing ("Great Hall" → "Great
            // Hall of the People" does not grow on every run).
            let literal_replace = e
                .replace
                .as_ref()
                .filter(|r| !r.is_empty() && !r.contains('$'));
            for c in e
                .correct
                .iter()
                .chain(&e.alternatives)
                .chain(literal_replace)
            {
                max_protect_len = max_protect_len.max(c.len());
                pats[k].push(c.clone());
                infos[k].push(PatternInfo {
                    entry,
                    role: Role::Protect,
                });
            }
            // A lone surname is a capitalised word: always case-sensitive.
            for (j, f) in e.follow_up.iter().enumerate() {
                pats[1].push(f.variant.clone());
                infos[1].push(PatternInfo {
                    entry,
                    role: Role::FollowUp(j as u32),
                });
            }
        }
        let mut automata = Vec::new();
        for (k, (p, info)) in pats.into_iter().zip(infos).enumerate() {
            if p.is_empty() {
                continue;
            }
            // Case-insensitive matching runs a case-sensitive automaton over
            // ASCII-lowercased text and patterns: the same matches at the
            // same offsets (ASCII lowercasing keeps every byte's place) as
            // `ascii_case_insensitive`, whose automaton for 200,000
            // patterns takes 3.7× as long to build and searches 1.3× slower.
            let p: Vec<String> = if k == 0 {
                p.iter().map(|s| s.to_ascii_lowercase()).collect()
            } else {
                p
            };
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind((p.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA))
                .build(&p)
                .map_err(|e| BuildError(format!("cannot build the literal matcher: {e}")))?;
            automata.push(Automaton {
                ac,
                info,
                folded: k == 0,
            });
        }
        Ok(Exact {
            automata,
            max_protect_len,
        })
    }

    /// Calls `f` for every whole-word literal match, overlapping ones included.
    pub(crate) fn for_each(&self, text: &str, mut f: impl FnMut(PatternInfo, usize, usize)) {
        let mut lower = None;
        for a in &self.automata {
            let haystack: &str = if a.folded {
                lower.get_or_insert_with(|| text.to_ascii_lowercase())
            } else {
                text
            };
            for m in a.ac.find_overlapping_iter(haystack) {
                if boundary::is_whole(text, m.start(), m.end()) {
                    f(a.info[m.pattern().as_usize()], m.start(), m.end());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants() {
        assert_eq!(spellings("Kaicheng"), vec!["Kaicheng"]);
        assert_eq!(spellings("Wen Zai"), vec!["Wen Zai", "Wen-Zai"]);
        let s = spellings("Wen Zai-in");
        assert_eq!(s[0], "Wen Zai-in");
        assert!(s.contains(&"Wen Zaiin".to_owned()) && s.contains(&"Wen-Zai-in".to_owned()));
        assert_eq!(s.len(), 4);
        assert!(
            !s.iter().any(|x| x == "Wen Zai in"),
            "a hyphen never becomes a space"
        );
        assert_eq!(spellings("of'wait"), vec!["of'wait", "of\u{2019}wait"]);
        assert_eq!(spellings("a b c d e f"), vec!["a b c d e f"]);
    }
}
