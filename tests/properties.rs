//! Property tests of the engine with the shipped glossary: offsets, overlap,
//! idempotence and byte preservation hold for any text.

use std::sync::OnceLock;

use mtfix::{FixPolicy, Glossary, Matcher, Outcome, check};
use proptest::prelude::*;

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Glossary::builtin()).unwrap())
}

/// Words of the glossary (variants, correct forms, follow-ups, context
/// words) plus filler and awkward characters, so random texts hit the
/// matchers, the context rules and the boundaries all the time.
fn vocabulary() -> Vec<String> {
    let g = matcher().glossary();
    let mut v: Vec<String> = Vec::new();
    for e in g.entries() {
        v.extend(e.variants.iter().cloned());
        v.extend(e.correct.iter().cloned());
        v.extend(e.alternatives.iter().cloned());
        v.extend(e.follow_up.iter().map(|f| f.variant.clone()));
        if let Some(c) = &e.context {
            v.extend(c.any.iter().cloned());
            v.extend(c.none.iter().cloned());
            v.extend(c.not_followed_by.iter().cloned());
        }
    }
    for w in [
        "the",
        "of",
        "a",
        "said",
        "Jiabao",
        "Zaiming",
        "Bridge",
        "Homepage >",
        "(End)",
        "Latest International News",
        "Figure 4",
        "Data map:",
        "文在寅",
        "é",
        "🙂",
        "\u{FEFF}",
        "Ünïcode",
        "in",
        "to",
    ] {
        v.push(w.to_owned());
    }
    v
}

const SEPARATORS: &[&str] = &[
    " ", " ", " ", "\n", "\n\n", "\r\n", "-", "'", "\"", "“", "”", ", ", ". ", "'s ", "", "\t",
    "  ",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let vocab = vocabulary();
    let n = vocab.len();
    prop::collection::vec((0..n, 0..SEPARATORS.len()), 0..40).prop_map(move |parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(&vocab[w]);
            s.push_str(SEPARATORS[sep]);
        }
        s
    })
}

fn assert_invariants(text: &str, out: &Outcome) {
    let mut last_end = 0;
    for f in &out.findings {
        assert!(
            f.span.start < f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
        assert_eq!(
            &text[f.span.clone()],
            f.matched,
            "offsets slice to the matched text"
        );
        assert!(
            f.span.start >= last_end,
            "kept findings are sorted and disjoint"
        );
        last_end = f.span.end;
        assert!((0.0..=1.0).contains(&f.confidence));
    }
    for s in &out.skipped {
        let overlaps = out
            .findings
            .iter()
            .any(|k| k.span.start < s.finding.span.end && s.finding.span.start < k.span.end);
        assert!(overlaps, "a skipped finding overlaps a kept one: {s:?}");
    }
    // Every byte outside an applied edit is copied unchanged, in order.
    let mut rebuilt = String::new();
    let mut at = 0;
    for (f, applied) in out.findings.iter().zip(&out.applied) {
        if *applied {
            rebuilt.push_str(&text[at..f.span.start]);
            rebuilt.push_str(f.replacement.as_deref().unwrap());
            at = f.span.end;
        }
    }
    rebuilt.push_str(&text[at..]);
    assert_eq!(rebuilt, out.text);
}

fn assert_idempotent(text: &str, policy: &FixPolicy) {
    let once = check(matcher(), text, policy);
    assert_invariants(text, &once);
    let twice = check(matcher(), &once.text, policy);
    assert_eq!(
        twice.text, once.text,
        "fixing fixed text changed it\n input: {text:?}\n once: {:?}\n again found: {:?}",
        once.text, twice.findings
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn glossary_texts_keep_invariants_and_fix_is_idempotent(text in text_strategy()) {
        assert_idempotent(&text, &FixPolicy::default());
        assert_idempotent(&text, &FixPolicy { suggestions: true });
    }

    #[test]
    fn arbitrary_unicode_never_breaks_invariants(text in "\\PC{0,200}") {
        assert_idempotent(&text, &FixPolicy { suggestions: true });
    }
}

#[test]
fn correct_forms_alone_are_never_flagged() {
    let g = matcher().glossary();
    let mut text = String::from("Trump and Kim Jong-un met in Seoul with Biden. ");
    for e in g.entries() {
        for c in e.correct.iter().chain(&e.alternatives) {
            text.push_str(&format!("They mentioned {c} today. "));
        }
    }
    let out = check(matcher(), &text, &FixPolicy { suggestions: true });
    assert!(out.findings.is_empty(), "{:#?}", out.findings);
}

/// Guards the generator: most generated texts must contain findings, or the
/// properties above would pass vacuously.
#[test]
fn generator_produces_findings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = text_strategy();
    let mut with_findings = 0;
    for _ in 0..200 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        if !check(matcher(), &text, &FixPolicy::default())
            .findings
            .is_empty()
        {
            with_findings += 1;
        }
    }
    assert!(
        with_findings > 100,
        "only {with_findings} of 200 generated texts had findings"
    );
}
