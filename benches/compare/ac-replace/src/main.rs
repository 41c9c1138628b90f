//! The raw engine under mtfix, as a whole process: read `variant<TAB>correct`
//! pairs, build one leftmost-longest Aho-Corasick automaton, read the whole
//! input, `replace_all`, write the result. No word boundaries, context, case
//! handling or overlap policy: the upper bound a glossary replacer can reach
//! on one core.
//!
//! Usage: ac-replace PAIRS.tsv [INPUT|-] > OUTPUT

use std::io::{Read, Write};

use aho_corasick::{AhoCorasick, MatchKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(pairs), input) = (args.next(), args.next()) else {
        eprintln!("usage: ac-replace PAIRS.tsv [INPUT|-] > OUTPUT");
        std::process::exit(2);
    };
    let pairs = std::fs::read_to_string(&pairs).unwrap_or_else(|e| fail(&pairs, e));
    let (mut patterns, mut replacements) = (Vec::new(), Vec::new());
    for line in pairs.lines().filter(|l| !l.is_empty()) {
        let (wrong, right) = line.split_once('\t').unwrap_or((line, ""));
        patterns.push(wrong);
        replacements.push(right);
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .unwrap_or_else(|e| fail("automaton", e));
    let mut text = Vec::new();
    match input.as_deref() {
        None | Some("-") => std::io::stdin().read_to_end(&mut text).map(|_| ()),
        Some(path) => std::fs::read(path).map(|t| text = t),
    }
    .unwrap_or_else(|e| fail("input", e));
    let out = ac.replace_all_bytes(&text, &replacements);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(&out)
        .and_then(|_| lock.flush())
        .unwrap_or_else(|e| fail("stdout", e));
}

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("ac-replace: {what}: {e}");
    std::process::exit(2);
}
