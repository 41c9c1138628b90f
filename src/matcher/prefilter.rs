//! Required literals of a regular expression: a small set of strings one of
//! which every match contains, so that one Aho-Corasick pass over a text
//! tells which patterns can match at all (the "inner literal" idea of
//! ripgrep, applied to a set of patterns).
//!
//! The set is derived from the pattern's syntax tree (`regex-syntax`):
//!
//! - a literal requires itself; a small class (`[Ee]`, `['‘]`, `(?i)k`
//!   with its Kelvin sign) requires one of its characters;
//! - a concatenation requires what its best part requires, and runs of
//!   parts that match a small finite set of strings are joined into longer
//!   literals (`Mars-?` → `mars`, `mars-`);
//! - an alternation requires the union of what its branches require (none
//!   if one branch requires nothing);
//! - a repetition with a minimum of one or more requires what its body does;
//!   anything that can match the empty string requires nothing.
//!
//! Literals are lower-cased (ASCII) and searched ignoring ASCII case, so a
//! set is a superset test: it can let a text through that the pattern does
//! not match, never the reverse. A pattern whose best set has a literal
//! shorter than [`MIN_LEN`] gets no prefilter and runs on every text.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings a finite set may hold while parts are joined.
const MAX_SET: usize = 64;

/// Most characters of a class expanded into single-character literals.
const MAX_CLASS: usize = 8;

/// Shortest literal worth a prefilter: one- and two-letter literals occur
/// in almost every text.
pub(crate) const MIN_LEN: usize = 3;

type Set = Vec<Vec<u8>>;

/// What the prefilter knows of one pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analysis {
    /// The required literals (lower-cased, sorted, none containing
    /// another), or `None` when there is no useful set.
    pub literals: Option<Vec<Vec<u8>>>,
    /// No match can contain a line feed: every match lies within one line,
    /// so only the lines holding a required literal need a search.
    pub single_line: bool,
}

/// The [`Analysis`] of `pattern`, or `None` when it does not parse (the
/// regex compiler reports that on its own).
pub(crate) fn analyse(pattern: &str) -> Option<Analysis> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    Some(Analysis {
        literals: required(&hir)
            .map(normalise)
            .filter(|s| min_len(s) >= MIN_LEN)
            .map(minimise),
        single_line: !consumes_line_feed(&hir),
    })
}

/// The required literals of `pattern` (see [`Analysis::literals`]).
#[cfg(test)]
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    analyse(pattern)?.literals
}

/// Whether some match of `hir` can contain `\n`.
fn consumes_line_feed(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && consumes_line_feed(&rep.sub),
        HirKind::Capture(cap) => consumes_line_feed(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().any(consumes_line_feed)
        }
    }
}

/// Drops every literal that contains another one of the set: a text with
/// "editor in charge" has "editor".
fn minimise(set: Set) -> Set {
    let keep: Vec<bool> = set
        .iter()
        .map(|s| {
            !set.iter()
                .any(|t| t.len() < s.len() && s.windows(t.len()).any(|w| w == t.as_slice()))
        })
        .collect();
    set.into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect()
}

fn min_len(set: &Set) -> usize {
    set.iter().map(Vec::len).min().unwrap_or(0)
}

fn normalise(mut set: Set) -> Set {
    for s in &mut set {
        s.make_ascii_lowercase();
    }
    set.sort();
    set.dedup();
    set
}

/// Which of two candidate sets filters better: longer shortest literal,
/// then fewer literals.
fn better(a: Option<Set>, b: Option<Set>) -> Option<Set> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let key = |s: &Set| (min_len(s), std::cmp::Reverse(s.len()));
            Some(if key(&b) > key(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// Every string `hir` can match, when that is a small finite set.
fn exact(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(class) => class_strings(class),
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Repetition(rep) => match (rep.min, rep.max) {
            (1, Some(1)) => exact(&rep.sub),
            (0, Some(1)) => {
                let mut set = exact(&rep.sub)?;
                set.push(Vec::new());
                Some(normalise(set))
            }
            _ => None,
        },
        HirKind::Concat(parts) => {
            let mut acc: Set = vec![Vec::new()];
            for part in parts {
                acc = product(&acc, &exact(part)?)?;
            }
            Some(acc)
        }
        HirKind::Alternation(branches) => {
            let mut all = Set::new();
            for b in branches {
                all.extend(exact(b)?);
                if all.len() > MAX_SET {
                    return None;
                }
            }
            Some(normalise(all))
        }
    }
}

/// `a` × `b`, joined, when the result stays small.
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            out.push(s);
        }
    }
    Some(normalise(out))
}

/// The characters of a small class, each as a string.
fn class_strings(class: &Class) -> Option<Set> {
    let mut out = Set::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                for ch in r.start()..=r.end() {
                    if out.len() >= MAX_CLASS * 2 {
                        return None;
                    }
                    out.push(ch.to_string().into_bytes());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    if out.len() >= MAX_CLASS * 2 {
                        return None;
                    }
                    out.push(vec![b]);
                }
            }
        }
    }
    // Case pairs ([Ee]) fold into one literal.
    let out = normalise(out);
    (out.len() <= MAX_CLASS).then_some(out)
}

/// A set one of whose strings every match of `hir` contains.
fn required(hir: &Hir) -> Option<Set> {
    let whole = exact(hir).filter(|s| min_len(s) > 0);
    let inner = match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Alternation(branches) => {
            let mut all = Set::new();
            for b in branches {
                all.extend(required(b)?);
            }
            Some(normalise(all))
        }
        HirKind::Concat(parts) => {
            let mut best = None;
            // Runs of parts with small finite sets, joined.
            let mut run: Set = vec![Vec::new()];
            for part in parts {
                match exact(part) {
                    Some(e) => match product(&run, &e) {
                        Some(joined) => run = joined,
                        None => {
                            best = better(best, Some(run));
                            run = e;
                        }
                    },
                    None => {
                        best = better(best, Some(run));
                        run = vec![Vec::new()];
                        best = better(best, required(part));
                    }
                }
            }
            better(best, Some(run))
        }
        _ => None,
    };
    better(whole, inner).filter(|s| min_len(s) > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required_literals(p).map(|s| {
            s.into_iter()
                .map(|b| String::from_utf8(b).unwrap())
                .collect()
        })
    }

    #[test]
    fn literals_classes_and_joins() {
        assert_eq!(req("Data map:"), Some(vec!["data map:".into()]));
        assert_eq!(
            req(r"(?-u:\b)Mars-?(1[0-9]|20)(?-u:\b)"),
            Some(vec!["mars".into()])
        );
        // Case-insensitive groups fold to one literal.
        assert_eq!(
            req("(?i:editor) in charge"),
            Some(vec!["editor in charge".into()])
        );
        // The best part of a concatenation: the longer literal.
        assert_eq!(
            req(r"(?m)^[ \t]*Click (?:here )?to [a-z]+ topic"),
            Some(vec!["click here to ".into(), "click to ".into()])
        );
        // Longer literals that contain a shorter one of the set go.
        assert_eq!(
            req("(?:editor|editor in charge|chief editor)"),
            Some(vec!["editor".into()])
        );
        // The run with the longest shortest literal wins.
        assert_eq!(
            req("(?:Latest|Newest) [A-Z][a-z]+ News"),
            Some(vec!["latest ".into(), "newest ".into()])
        );
        assert_eq!(
            req("(?:New|Old) [A-Z][a-z]+ Reports"),
            Some(vec![" reports".into()])
        );
        // Alternations take the union.
        assert_eq!(
            req("(?:Latest [a-z]+|Newest)"),
            Some(vec!["latest ".into(), "newest".into()])
        );
    }

    #[test]
    fn single_line_patterns() {
        let single = |p: &str| analyse(p).unwrap().single_line;
        assert!(single(r"(?m)^[ \t]*Reporters? [A-Z][a-z]+$"));
        assert!(single(r"[^\r\n]{0,80}x\z"));
        assert!(!single(r"(?:\r?\n)+Click"));
        assert!(!single(r"[^\r]x"), "a negated class holds the line feed");
        assert!(!single(r"\s+x"));
        assert!(!single(r"(?s).x"));
        assert!(single(r"(?:\n){0}x"));
    }

    #[test]
    fn no_set_when_a_match_can_avoid_every_literal() {
        assert_eq!(req("[a-z]+"), None);
        assert_eq!(req("(?:Latest|[0-9]+)"), None);
        assert_eq!(req("(?:abc)?x"), None);
        assert_eq!(req("ab"), None, "too short to be worth it");
        assert_eq!(req("(?:abc)*"), None);
        // A non-ASCII class: each of its characters.
        assert_eq!(req("of['‘]"), Some(vec!["of'".into(), "of‘".into()]));
    }

    use proptest::prelude::*;

    /// Small patterns over a two-letter alphabet, with every construct the
    /// extraction looks into.
    fn pattern() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "[ab]{1,4}",
            Just("[ab]".to_owned()),
            Just("[aA]".to_owned()),
            Just("(?i:ab)".to_owned()),
            Just(r"\b".to_owned()),
            Just("^".to_owned()),
            Just(".".to_owned()),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                prop::collection::vec(inner.clone(), 2..4)
                    .prop_map(|v| format!("(?:{})", v.join("|"))),
                (
                    inner,
                    prop_oneof![Just("?"), Just("*"), Just("+"), Just("{2}")]
                )
                    .prop_map(|(p, q)| format!("(?:{p}){q}")),
            ]
        })
    }

    proptest! {
        /// The set is never wrong: a text the pattern matches contains one
        /// of its literals (ignoring ASCII case).
        #[test]
        fn a_match_contains_a_required_literal(p in pattern(), text in "[abAB ]{0,24}") {
            let re = regex::Regex::new(&p).unwrap();
            if let (true, Some(set)) = (re.is_match(&text), required_literals(&p)) {
                let lower = text.to_ascii_lowercase();
                prop_assert!(
                    set.iter().any(|l| lower.contains(std::str::from_utf8(l).unwrap())),
                    "{p:?} matches {text:?} but the set is {set:?}"
                );
            }
        }
    }
}
