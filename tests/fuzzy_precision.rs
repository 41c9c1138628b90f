//! Precision of the matcher, fuzzy matching included, on clean English.
//!
//! `tests/data/clean-english.txt` is invented news written by hand for this
//! test (business, sport, science, European and American politics; about
//! 4,300 words). Its people are fictional except for historical figures;
//! it is full of capitalised names that sit near English words or near the
//! glossary (Jackson, Stephenson, Kaiser, Monroe, Punjab, Kingston,
//! Moonlight, Jaeger, Bacon, Golden State), headlines in Title Case, and
//! the topic words the glossary's contexts look for (Seoul, North Korea,
//! Trump, White House), so every `context: any` of the shipped glossary is
//! satisfied somewhere in the document. Nothing in it is a machine
//! translation artifact: every finding is a false positive.
//!
//! `tests/data/clean-english-asian-names.txt` is the same kind of text with
//! Korean and Chinese names one letter away from glossary terms, found by
//! probing the fuzzy matcher (Kim Jong-hun, Moon Jae-il, Wen Hai, Stephen
//! Baron, …): other real people, never to be "corrected".

use mtfix::{FixPolicy, Glossary, Matcher, Method, check};

const CLEAN: &str = include_str!("data/clean-english.txt");
const ASIAN_NAMES: &str = include_str!("data/clean-english-asian-names.txt");

fn matcher() -> Matcher {
    Matcher::new(Glossary::builtin()).unwrap()
}

/// Every finding `check` reports on `text`, one line each.
fn findings(matcher: &Matcher, text: &str) -> Vec<String> {
    let out = check(matcher, text, &FixPolicy { suggestions: true });
    out.findings
        .iter()
        .map(|f| {
            let mut from = f.span.start.saturating_sub(40);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = (f.span.end + 40).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            format!(
                "{} {:?} {:?} -> {:?} ({}, {:.3}): …{}…",
                f.method.as_str(),
                f.action,
                f.matched,
                f.replacement,
                f.rule,
                f.confidence,
                text[from..to].replace('\n', " ")
            )
        })
        .collect()
}

/// Articles: a headline line, a blank line, then paragraphs up to the next
/// headline.
fn articles(text: &str) -> Vec<&str> {
    let mut starts = vec![0];
    let paragraphs: Vec<usize> = text.match_indices("\n\n").map(|(i, _)| i + 2).collect();
    for w in paragraphs.windows(2) {
        let headline = &text[w[0]..w[1] - 2];
        if !headline.contains(['.', '"']) && !headline.contains(" - ") {
            starts.push(w[0]);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

#[test]
fn the_clean_text_is_long_and_name_rich() {
    assert!(CLEAN.split_whitespace().count() >= 3000);
    for name in [
        "Jackson",
        "Stephenson",
        "Kaiser",
        "Monroe",
        "Punjab",
        "Kingston",
        "Moonlight",
        "Jaeger",
        "Bacon",
        "Golden State",
        "Seoul",
        "North Korea",
        "Trump",
        "White House",
    ] {
        assert!(CLEAN.contains(name), "{name}");
    }
    assert!(articles(CLEAN).len() >= 25, "{}", articles(CLEAN).len());
}

#[test]
fn no_fuzzy_findings_on_clean_english() {
    let m = matcher();
    let fuzzy: Vec<String> = m
        .find(CLEAN)
        .into_iter()
        .filter(|f| f.method == Method::Fuzzy)
        .map(|f| format!("{:?} -> {:?} ({})", f.matched, f.replacement, f.message))
        .collect();
    assert!(
        fuzzy.is_empty(),
        "fuzzy false positives:\n{}",
        fuzzy.join("\n")
    );
}

#[test]
fn no_findings_at_all_on_clean_english() {
    let m = matcher();
    let found = findings(&m, CLEAN);
    assert!(found.is_empty(), "false positives:\n{}", found.join("\n"));
    let out = check(&m, CLEAN, &FixPolicy { suggestions: true });
    assert_eq!(out.text, CLEAN);
}

#[test]
fn no_findings_in_any_article_alone() {
    // One article is a document of its own: the contexts of the others do
    // not help, and their vetoes ("San Francisco") do not protect it.
    let m = matcher();
    for article in articles(CLEAN) {
        let found = findings(&m, article);
        assert!(found.is_empty(), "false positives:\n{}", found.join("\n"));
    }
}

#[test]
fn no_findings_on_korean_and_chinese_names_near_the_glossary() {
    let m = matcher();
    let found = findings(&m, ASIAN_NAMES);
    assert!(found.is_empty(), "false positives:\n{}", found.join("\n"));
}
