//! Carrying the case of the matched text over to the replacement.
//!
//! Case is classified for the whole match, never copied letter by letter:
//! names are kept as written ("Wen Zai" → "Moon Jae-in", not "MooN jae-in").

use crate::glossary::CasePolicy;

/// True when every letter of `s` is upper case and there are at least two.
fn is_shouting(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let mut n = 0;
    let all_upper = letters.all(|c| {
        n += 1;
        c.is_uppercase()
    });
    all_upper && n >= 2
}

/// True when every word of `s` that has letters starts with a capital and
/// there are at least two such words ("Staging And Simultaneous").
fn is_title(s: &str) -> bool {
    let words: Vec<&str> = s
        .split(char::is_whitespace)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// Capitalises the first letter of every space-separated word.
fn to_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_word_start = true;
    for c in s.chars() {
        if at_word_start && c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c.is_whitespace();
    }
    out
}

/// The replacement for `matched`, adapted to its case.
///
/// * `listed` is the glossary's own spelling of what matched (a variant),
///   when known: an all-capitals variant ("DPRK") is not shouting.
/// * `sentence_start`: the match begins a sentence.
///
/// With `Preserve`, a match in Title Case (a headline) whose glossary
/// spelling is not, gets a Title Case replacement.
pub fn adapt(
    policy: CasePolicy,
    matched: &str,
    listed: Option<&str>,
    replacement: &str,
    sentence_start: bool,
) -> String {
    if replacement.is_empty() {
        return String::new();
    }
    if is_shouting(matched) && !listed.is_some_and(is_shouting) {
        return replacement.to_uppercase();
    }
    match policy {
        CasePolicy::AsWritten => replacement.to_owned(),
        // Title Case only for a replacement of several words: a one-word
        // replacement in Title Case would read as a case error on re-check.
        CasePolicy::Preserve
            if is_title(matched)
                && !listed.is_some_and(is_title)
                && is_title(&to_title(replacement)) =>
        {
            to_title(replacement)
        }
        CasePolicy::Preserve => {
            let mut chars = replacement.chars();
            match chars.next() {
                Some(first) if sentence_start && first.is_lowercase() => {
                    first.to_uppercase().chain(chars).collect()
                }
                _ => replacement.to_owned(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CasePolicy::*;

    #[test]
    fn shapes() {
        let cases = [
            (
                AsWritten,
                "Wen Zai",
                Some("Wen Zai"),
                "Moon Jae-in",
                false,
                "Moon Jae-in",
            ),
            (
                AsWritten,
                "wen zai",
                Some("Wen Zai"),
                "Moon Jae-in",
                false,
                "Moon Jae-in",
            ),
            (
                AsWritten,
                "WEN ZAI",
                Some("Wen Zai"),
                "Moon Jae-in",
                false,
                "MOON JAE-IN",
            ),
            (
                Preserve,
                "staging and simultaneous",
                None,
                "phased and synchronized",
                true,
                "Phased and synchronized",
            ),
            (
                Preserve,
                "staging and simultaneous",
                None,
                "phased and synchronized",
                false,
                "phased and synchronized",
            ),
            (
                Preserve,
                "Korean-Korean",
                Some("Korean-Korean"),
                "inter-Korean",
                false,
                "inter-Korean",
            ),
            (
                Preserve,
                "Korean-Korean",
                Some("Korean-Korean"),
                "inter-Korean",
                true,
                "Inter-Korean",
            ),
            (
                Preserve,
                "DPRK-ROK",
                Some("DPRK-ROK"),
                "inter-Korean",
                false,
                "inter-Korean",
            ),
            (Preserve, "(End)", None, "", true, ""),
            (Preserve, "über", None, "ärger", true, "Ärger"),
            (
                Preserve,
                "Staging And Simultaneous",
                Some("staging and simultaneous"),
                "phased and synchronized",
                false,
                "Phased And Synchronized",
            ),
            (
                AsWritten,
                "Wen Zai",
                Some("wen zai"),
                "Moon Jae-in",
                false,
                "Moon Jae-in",
            ),
        ];
        for (policy, matched, listed, repl, start, want) in cases {
            assert_eq!(
                adapt(policy, matched, listed, repl, start),
                want,
                "{matched:?}"
            );
        }
    }
}
