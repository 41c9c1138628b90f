//! Is a word made of Mandarin pinyin syllables? The syllable inventory is
//! read off the `pinyin` crate's table (the main reading of each CJK Unified
//! Ideograph, tones dropped), so it needs no data file of its own.

use std::collections::HashSet;
use std::sync::OnceLock;

use pinyin::ToPinyin;

fn inventory() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::new();
        for cp in 0x4E00u32..=0x9FFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(p) = c.to_pinyin() {
                let s = p.plain().replace('ü', "v");
                if s.is_ascii() && !s.is_empty() {
                    set.insert(s);
                }
            }
        }
        set
    })
}

/// The syllables of `key` (lowercase ASCII letters), longest first at
/// each step with backtracking: "fengxili" → feng xi li. `None` when
/// `key` is not made of syllables.
pub fn syllables(key: &str) -> Option<Vec<&str>> {
    let set = inventory();
    let key = key.trim();
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // best[i]: a split of key[i..] (fewest syllables), filled right to left.
    let n = key.len();
    let mut best: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    best[n] = Some(Vec::new());
    for i in (0..n).rev() {
        for len in (1..=6.min(n - i)).rev() {
            if set.contains(&key[i..i + len])
                && let Some(rest) = &best[i + len]
                && best[i].as_ref().is_none_or(|b| b.len() > rest.len() + 1)
            {
                let mut v = vec![i + len];
                v.extend(rest);
                best[i] = Some(v);
            }
        }
    }
    let cuts = best[0].as_ref()?;
    let mut out = Vec::with_capacity(cuts.len());
    let mut at = 0;
    for &c in cuts {
        out.push(&key[at..c]);
        at = c;
    }
    Some(out)
}

/// True when `word` (one word of text, hyphens and apostrophes allowed) is
/// capitalised and made only of pinyin syllables ("Fengxili", "Zai-in"),
/// with no syllable of a single vowel standing alone ("A", "E").
pub fn is_pinyin_word(word: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let key: String = word
        .chars()
        .filter(|c| *c != '-' && *c != '\'' && *c != '’')
        .flat_map(char::to_lowercase)
        .collect();
    key.len() >= 2 && syllables(&key).is_some_and(|s| s.iter().all(|x| x.len() >= 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_refuses() {
        assert_eq!(syllables("fengxili"), Some(vec!["feng", "xi", "li"]));
        assert_eq!(syllables("dongcangli"), Some(vec!["dong", "cang", "li"]));
        assert_eq!(syllables("zhengen").map(|v| v.len()), Some(2));
        assert_eq!(syllables("biegun"), Some(vec!["bie", "gun"]));
        assert_eq!(syllables("stephen"), None);
        assert_eq!(syllables("punggye"), None);
        assert!(is_pinyin_word("Fengxili"));
        assert!(is_pinyin_word("Wen"));
        assert!(!is_pinyin_word("Moon"));
        assert!(!is_pinyin_word("Stephen"));
        assert!(!is_pinyin_word("fengxili"), "lower case is not a name");
        assert!(!is_pinyin_word("Kaesong"));
    }
}
