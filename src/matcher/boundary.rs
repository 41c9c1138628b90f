//! English word boundaries, shared by every matcher.
//!
//! A match is a whole word when the characters around it do not continue it.
//! "Continue" is wider than `\b`: a letter or digit continues a word, and so
//! does a hyphen that is itself followed (or preceded) by one, so "Wen Zai"
//! does not match inside "Wen Zai-in". CJK characters never continue a Latin
//! word ("Bibi拜登" still has "Bibi" as a word), and an apostrophe does not
//! either, so possessives stay matchable ("Wen Zai's").

/// True for CJK ideographs, kana, hangul and CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // radicals, CJK punctuation, kana, CJK unified
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // extensions B..
}

/// A character that continues a Latin word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// True when the text before `start` does not continue the word that begins there.
pub fn clean_before(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_hyphen(c) => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// True when the text after `end` does not continue the word that ends there.
pub fn clean_after(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_hyphen(c) => !after.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// True when `text[start..end]` is a whole word (or words). Edges of the
/// match that are not word characters themselves ("(End)", "Data map:")
/// need no boundary on that side.
pub fn is_whole(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let first_is_word = m.chars().next().is_some_and(is_word_char);
    let last_is_word = m.chars().next_back().is_some_and(is_word_char);
    (!first_is_word || clean_before(text, start)) && (!last_is_word || clean_after(text, end))
}

const QUOTE_PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('\u{201C}', '\u{201D}'),
    ('\'', '\''),
    ('\u{2018}', '\u{2019}'),
    ('\u{300C}', '\u{300D}'),
    ('\u{300E}', '\u{300F}'),
];

/// If `text[start..end]` sits directly inside a pair of quotes, the span
/// including them: `the "Golden Conference" ended` → `"Golden Conference"`.
/// The quotes must stand apart from other words (`of'Golden Conference'`
/// has an apostrophe glued to "of", and dropping it would glue the words).
pub fn quoted(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let open = text[..start].chars().next_back()?;
    let close = text[end..].chars().next()?;
    let (qs, qe) = (start - open.len_utf8(), end + close.len_utf8());
    let apart = clean_before(text, qs)
        && !text[..qs]
            .chars()
            .next_back()
            .is_some_and(|c| c == '\'' || c == '\u{2019}')
        && clean_after(text, qe);
    (apart && QUOTE_PAIRS.iter().any(|&(o, c)| o == open && c == close)).then_some((qs, qe))
}

/// True when `start` begins a sentence: only spaces, opening quotes or
/// brackets stand between it and the start of the text, a line break, or a
/// sentence-final mark.
pub fn at_sentence_start(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\'' | '\u{201C}' | '\u{2018}' | '(' | '[' | '\u{FEFF}' => continue,
            '\n' | '\r' | '.' | '!' | '?' | '\u{3002}' | '\u{2026}' => return true,
            _ => return false,
        }
    }
    true
}

/// The word directly after `end` (after spaces), if any.
pub fn next_word(text: &str, end: usize) -> Option<&str> {
    let rest = text[end..].trim_start_matches([' ', '\t', '\u{00A0}']);
    let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

/// The word directly before `start` (before spaces), if any.
pub fn prev_word(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].trim_end_matches([' ', '\t', '\u{00A0}']);
    let begin = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)?;
    Some(&head[begin..])
}

/// Byte range of the paragraph around `pos`: the lines up to the nearest
/// blank line (or the text's ends).
pub fn paragraph(text: &str, pos: usize) -> std::ops::Range<usize> {
    let is_blank = |line: &str| line.trim().is_empty();
    let mut start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if is_blank(&text[prev..start - 1]) {
            break;
        }
        start = prev;
    }
    let mut end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    while end < text.len() {
        let next_end = text[end + 1..]
            .find('\n')
            .map_or(text.len(), |i| end + 1 + i);
        if is_blank(&text[end + 1..next_end]) {
            break;
        }
        end = next_end;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($text:expr, $needle:expr, $want:expr) => {{
            let text: &str = $text;
            let s = text.find($needle).unwrap();
            assert_eq!(
                is_whole(text, s, s + $needle.len()),
                $want,
                "{:?} in {:?}",
                $needle,
                text
            );
        }};
    }

    #[test]
    fn whole_words() {
        t!("Bibi said", "Bibi", true);
        t!("Bibimbap is food", "Bibi", false);
        t!("the Bibi's plan", "Bibi", true);
        t!("Wen Zai-in said", "Wen Zai", false);
        t!("Wen Zai-", "Wen Zai", true);
        t!("(Bibi)", "Bibi", true);
        t!("拜登Bibi说", "Bibi", true);
        t!("Moon Jae‐in", "Moon Jae", false);
        t!("x-Bibi", "Bibi", false);
        t!("— Bibi", "Bibi", true);
        t!("ended.(End)", "(End)", true);
        t!("Bibi2", "Bibi", false);
        t!("Ñbibi", "bibi", false);
    }

    #[test]
    fn quotes_and_sentences() {
        let text = "the second \u{201C}Golden Conference\u{201D} ended";
        let s = text.find("Golden").unwrap();
        let e = s + "Golden Conference".len();
        let (qs, qe) = quoted(text, s, e).unwrap();
        assert_eq!(&text[qs..qe], "\u{201C}Golden Conference\u{201D}");
        assert_eq!(quoted("a \"x' b", 3, 4), None);
        assert_eq!(
            quoted("of'Gold'", 3, 7),
            None,
            "glued apostrophe is not a quote"
        );
        assert_eq!(quoted("x \"Gold\"s", 3, 7), None);
        assert!(at_sentence_start("Done. \"staging", 7));
        assert!(at_sentence_start("  staging", 2));
        assert!(!at_sentence_start("its staging", 4));
        assert!(at_sentence_start("a\n\nstaging", 3));
    }

    #[test]
    fn neighbour_words() {
        assert_eq!(next_word("Wen Jiabao said", 3), Some("Jiabao"));
        assert_eq!(next_word("Wen, said", 3), None);
        assert_eq!(prev_word("President Wen", 10), Some("President"));
        assert_eq!(prev_word("Wen", 0), None);
    }

    #[test]
    fn paragraphs() {
        let text = "one\ntwo\n\nthree\nfour\n\n\nfive";
        assert_eq!(&text[paragraph(text, 5)], "one\ntwo");
        assert_eq!(
            &text[paragraph(text, text.find("four").unwrap())],
            "three\nfour"
        );
        assert_eq!(&text[paragraph(text, text.len())], "five");
        assert_eq!(&text[paragraph(text, 0)], "one\ntwo");
    }
}
