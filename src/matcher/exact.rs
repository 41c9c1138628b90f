//! Literal matching: every variant, correct form and follow-up of every entry
//! in Aho-Corasick automata, so the cost of a search does not grow with the
//! glossary. There are up to four: the findings' patterns (variants and
//! follow-ups) and the correct forms, each case-insensitive and
//! case-sensitive. The correct forms are searched over the whole text only
//! when asked ([`Exact::hits`] with `protect`); otherwise only around
//! candidate matches ([`Exact::protect_near`]), which is all that tells
//! whether a match lies inside a correct form. After a fix, only the text
//! near the edits is searched again ([`Exact::hits_after`]).
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
use rustc_hash::FxHashSet;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Correct forms (searched only where asked), not findings.
    protect: bool,
    /// The longest pattern, in bytes.
    max_len: usize,
}

/// Up to this many patterns the automaton is a DFA (fast overlapping
/// search, a few MB); above it the crate picks (a contiguous NFA), so a
/// 100,000-entry glossary builds in reasonable time and memory.
pub(crate) const DFA_MAX_PATTERNS: usize = 1_000;

/// The literal matcher.
#[derive(Debug)]
pub(crate) struct Exact {
    automata: Vec<Automaton>,
    /// The longest protected pattern, in bytes: bounds the look-back when
    /// testing whether a match lies inside a protected span.
    pub max_protect_len: usize,
    /// The longest pattern of all, in bytes.
    max_len: usize,
    /// Every correct form, alternative and literal replacement as written
    /// (case included): a span that is one of them, whole, is a correct
    /// form written right without a search ([`Exact::is_written_right`]).
    protected: FxHashSet<Box<str>>,
}

/// One whole-word literal match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub info: PatternInfo,
    pub start: usize,
    pub end: usize,
    /// Which automaton, and which of its (sorted) patterns: the last keys
    /// of the canonical order.
    automaton: u8,
    pattern: u32,
}

impl Hit {
    fn key(&self) -> (usize, usize, u8, u32) {
        (self.start, self.end, self.automaton, self.pattern)
    }
}

/// One replacement between two versions of a text: `old` in the old text
/// became `new_len` bytes in the new one. Edits are sorted and disjoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub old: std::ops::Range<usize>,
    pub new_len: usize,
}

/// How far (in bytes) the boundary test looks beyond a match: two
/// characters of at most four bytes ([`boundary::is_whole`]).
const BOUNDARY_REACH: usize = 8;

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
        // index 0: case-insensitive, 1: case-sensitive; +2: correct forms.
        let mut pats: [Vec<String>; 4] = Default::default();
        let mut infos: [Vec<PatternInfo>; 4] = Default::default();
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
                pats[k + 2].push(c.clone());
                infos[k + 2].push(PatternInfo {
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
        let protected: FxHashSet<Box<str>> = pats[2]
            .iter()
            .chain(&pats[3])
            .map(|c| Box::from(c.as_str()))
            .collect();
        // The automata are independent: built side by side when the thread
        // pool has room (a 100,000-entry glossary has two big ones).
        use rayon::prelude::*;
        type Group = (usize, (Vec<String>, Vec<PatternInfo>));
        let groups: Vec<Group> = pats
            .into_iter()
            .zip(infos)
            .enumerate()
            .filter(|(_, (p, _))| !p.is_empty())
            .collect();
        let built: Vec<Result<Automaton, BuildError>> = groups
            .into_par_iter()
            .with_max_len(1)
            .map(|(k, (p, info))| Automaton::build(k, p, info))
            .collect();
        let automata = built.into_iter().collect::<Result<Vec<_>, _>>()?;
        // (ASCII lowercasing keeps lengths: these are the patterns' own.)
        let max_len = automata.iter().map(|a| a.max_len).max().unwrap_or(0);
        let max_protect_len = automata
            .iter()
            .filter(|a| a.protect)
            .map(|a| a.max_len)
            .max()
            .unwrap_or(0);
        Ok(Exact {
            automata,
            max_protect_len,
            max_len,
            protected,
        })
    }

    /// Whether `text[start..end]` is, whole, a correct form, alternative or
    /// literal replacement written exactly so: then the correct forms'
    /// automata would find it there, under the entry it belongs to. A hash
    /// look-up, where a search of the text around it costs two automata.
    pub(crate) fn is_written_right(&self, text: &str, start: usize, end: usize) -> bool {
        start < end
            && self.protected.contains(&text[start..end])
            && boundary::is_whole(text, start, end)
    }

    /// Every whole-word literal match of the findings' patterns (variants
    /// and follow-ups; `protect`: of the correct forms), overlapping ones
    /// included, in canonical order (start, end, automaton, pattern).
    pub(crate) fn hits(&self, text: &str, protect: bool) -> Vec<Hit> {
        let mut out = Vec::new();
        self.search_window(text, 0, text.len(), protect, &mut out);
        out.sort_unstable_by_key(Hit::key);
        out
    }

    /// The correct forms that contain one of the spans `around`: a
    /// search of the text near them only. Enough to tell whether a match
    /// lies inside a correct form, at a fraction of the cost of searching a
    /// text full of correctly written names.
    pub(crate) fn protect_near(
        &self,
        text: &str,
        around: impl Iterator<Item = (usize, usize)>,
    ) -> Vec<Hit> {
        let reach = self.max_protect_len;
        // A correct form that contains `start..end` lies in `end - reach ..
        // start + reach`; none can contain a longer span.
        let mut windows: Vec<(usize, usize)> = around
            .filter(|&(start, end)| end - start <= reach)
            .map(|(start, end)| (end.saturating_sub(reach), (start + reach).min(text.len())))
            .collect();
        windows.sort_unstable();
        let mut out = Vec::new();
        let mut current: Option<(usize, usize)> = None;
        for (lo, hi) in windows {
            match &mut current {
                Some(c) if lo <= c.1 => c.1 = c.1.max(hi),
                _ => {
                    if let Some((a, b)) = current.replace((lo, hi)) {
                        self.search_window(text, a, b, true, &mut out);
                    }
                }
            }
        }
        if let Some((a, b)) = current {
            self.search_window(text, a, b, true, &mut out);
        }
        out.sort_unstable_by_key(Hit::key);
        out
    }

    /// The correct forms lying in `text[from..to]`.
    pub(crate) fn protect_in(&self, text: &str, from: usize, to: usize) -> Vec<Hit> {
        let mut out = Vec::new();
        self.search_window(text, from, to, true, &mut out);
        out
    }

    /// Pushes the whole-word matches lying in `text[from..to]` (widened to
    /// char boundaries) of the findings' or the correct forms' automata.
    fn search_window(
        &self,
        text: &str,
        mut from: usize,
        mut to: usize,
        protect: bool,
        out: &mut Vec<Hit>,
    ) {
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let window = &text[from..to];
        let mut lower = None;
        for (k, a) in self.automata.iter().enumerate() {
            if a.protect != protect {
                continue;
            }
            let haystack: &str = if a.folded {
                lower.get_or_insert_with(|| window.to_ascii_lowercase())
            } else {
                window
            };
            a.search(k, text, haystack, from, 0..window.len(), out);
        }
    }

    /// The hits of `new_text`, which is `old_text` (whose hits are `old`)
    /// with `edits` applied: the same as [`hits`](Self::hits)`(new_text)`,
    /// but only the text near an edit is searched again. A match further
    /// than [`BOUNDARY_REACH`] from every edit has the same bytes and the
    /// same neighbours as before, so it is carried over, shifted.
    pub(crate) fn hits_after(
        &self,
        old: &[Hit],
        new_text: &str,
        edits: &[Edit],
        protect: bool,
    ) -> Vec<Hit> {
        if edits.is_empty() {
            return old.to_vec();
        }
        // Zones of the new text whose matches must be found again: an edit's
        // new range and the reach of the boundary test around it. Zones
        // closer than the longest pattern share one search window.
        let mut zones: Vec<(usize, usize)> = Vec::with_capacity(edits.len());
        let mut windows: Vec<std::ops::Range<usize>> = Vec::new(); // of zones
        let mut delta: isize = 0;
        for e in edits {
            let start = (e.old.start as isize + delta) as usize;
            let lo = start.saturating_sub(BOUNDARY_REACH);
            let hi = (start + e.new_len + BOUNDARY_REACH).min(new_text.len());
            match windows.last_mut() {
                Some(w) if lo <= zones[w.end - 1].1 + self.max_len => w.end += 1,
                _ => windows.push(zones.len()..zones.len() + 1),
            }
            zones.push((lo, hi));
            delta += e.new_len as isize - e.old.len() as isize;
        }
        let mut out = Vec::with_capacity(old.len() + 16);
        // Carry over the old hits far from every edit, shifted.
        let mut i = 0; // edits passed
        let mut shift: isize = 0;
        for h in old {
            while i < edits.len() && edits[i].old.end + BOUNDARY_REACH <= h.start {
                shift += edits[i].new_len as isize - edits[i].old.len() as isize;
                i += 1;
            }
            let far = edits
                .get(i)
                .is_none_or(|e| h.end + BOUNDARY_REACH <= e.old.start);
            if far {
                out.push(Hit {
                    start: (h.start as isize + shift) as usize,
                    end: (h.end as isize + shift) as usize,
                    ..*h
                });
            }
        }
        // Search each zone again, with room for a whole pattern on either side.
        for w in windows {
            let zones = &zones[w];
            let (lo, hi) = (zones[0].0, zones.iter().map(|z| z.1).max().unwrap_or(0));
            let from = lo.saturating_sub(self.max_len);
            let to = (hi + self.max_len).min(new_text.len());
            let mut found = Vec::new();
            self.search_window(new_text, from, to, protect, &mut found);
            out.extend(
                found
                    .into_iter()
                    .filter(|h| zones.iter().any(|&(lo, hi)| h.end > lo && h.start < hi)),
            );
        }
        out.sort_unstable_by_key(Hit::key);
        out
    }
}

impl Automaton {
    /// Group `k` (even: case-insensitive; 2 and 3: correct forms).
    fn build(k: usize, p: Vec<String>, info: Vec<PatternInfo>) -> Result<Automaton, BuildError> {
        // Case-insensitive matching runs a case-sensitive automaton over
        // ASCII-lowercased text and patterns: the same matches at the same
        // offsets (ASCII lowercasing keeps every byte's place) as
        // `ascii_case_insensitive`, whose automaton for 200,000 patterns
        // takes 3.7× as long to build and searches 1.3× slower.
        let folded = k.is_multiple_of(2);
        let mut p: Vec<String> = if folded {
            p.iter().map(|s| s.to_ascii_lowercase()).collect()
        } else {
            p
        };
        // Inserted in sorted order, the trie is built with far better
        // locality: 250,000 patterns build in less than half the time.
        let mut order: Vec<u32> = (0..p.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| p[a as usize].cmp(&p[b as usize]).then(a.cmp(&b)));
        let info: Vec<PatternInfo> = order.iter().map(|&i| info[i as usize]).collect();
        p = order
            .iter()
            .map(|&i| std::mem::take(&mut p[i as usize]))
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind((p.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA))
            .build(&p)
            .map_err(|e| BuildError(format!("cannot build the literal matcher: {e}")))?;
        Ok(Automaton {
            ac,
            info,
            folded,
            protect: k >= 2,
            max_len: p.iter().map(String::len).max().unwrap_or(0),
        })
    }

    /// Pushes the whole-word matches in `haystack[span]`, where `haystack`
    /// is `text[offset..]` (folded or not), in `text`'s offsets.
    fn search(
        &self,
        k: usize,
        text: &str,
        haystack: &str,
        offset: usize,
        span: std::ops::Range<usize>,
        out: &mut Vec<Hit>,
    ) {
        let input = aho_corasick::Input::new(haystack).span(span);
        for m in self.ac.find_overlapping_iter(input) {
            let (start, end) = (m.start() + offset, m.end() + offset);
            if boundary::is_whole(text, start, end) {
                let pattern = m.pattern().as_u32();
                out.push(Hit {
                    info: self.info[pattern as usize],
                    start,
                    end,
                    automaton: k as u8,
                    pattern,
                });
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    const GLOSSARY: &str = r#"
- id: moon-jae-in
  correct: Moon Jae-in
  variants: [Wen Zai, Wen Zaiyin, Zai in]
  category: name/person
  follow_up: [{variant: Wen, correct: Moon}]
- id: trump-kim-summit
  correct: Trump-Kim summit
  variants: [Golden Conference, Gold Conference]
  category: event
- id: golden-conference-hall
  correct: Golden Conference Hall
  variants: [Gold Conference Hall]
  category: name/place
- id: file-photo
  correct: "File photo:"
  variants: ["Data map:"]
  category: boilerplate
- id: kaesong
  correct: Kaesong
  variants: [Kaicheng, "开城"]
  case_sensitive: true
  category: name/place
"#;

    const TOKENS: &[&str] = &[
        "Wen",
        "wen",
        "Zai",
        "zai",
        "Zaiyin",
        "in",
        "Moon",
        "Jae-in",
        "Golden",
        "Gold",
        "Conference",
        "conference",
        "Hall",
        "Data",
        "map:",
        "File",
        "photo:",
        "Kaicheng",
        "KAICHENG",
        "开城",
        "Kaesong",
        "summit",
        "Trump-Kim",
        " ",
        " ",
        " ",
        "-",
        "\n",
        ",",
        "'s",
        "é",
        "x",
    ];

    fn tokens() -> impl Strategy<Value = Vec<&'static str>> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..40)
    }

    /// The text of `tokens`, the same with `edits` applied (each: at which
    /// token, how many tokens to replace, by what; overlapping ones are
    /// dropped), and the edits as byte ranges. Token boundaries are char
    /// boundaries, so every edit is a valid one.
    pub(crate) fn edited(
        tokens: &[&str],
        edits: Vec<(usize, usize, Vec<&str>)>,
    ) -> (String, String, Vec<Edit>) {
        let mut starts = vec![0];
        for t in tokens {
            starts.push(starts.last().unwrap() + t.len());
        }
        let old: String = tokens.concat();
        let mut ranges: Vec<(usize, usize, String)> = Vec::new();
        for (at, len, with) in edits {
            let a = at.min(tokens.len());
            let b = (a + len).min(tokens.len());
            if ranges
                .iter()
                .any(|r| r.0 < b.max(a + 1) && a < r.1.max(r.0 + 1))
            {
                continue;
            }
            ranges.push((a, b, with.concat()));
        }
        ranges.sort_by_key(|r| r.0);
        let (mut new, mut last, mut list) = (String::new(), 0, Vec::new());
        for (a, b, with) in &ranges {
            let (a, b) = (starts[*a], starts[*b]);
            new.push_str(&old[last..a]);
            new.push_str(with);
            last = b;
            list.push(Edit {
                old: a..b,
                new_len: with.len(),
            });
        }
        new.push_str(&old[last..]);
        (old, new, list)
    }

    proptest! {
        /// Searching only near the edits finds exactly what searching the
        /// whole edited text finds.
        #[test]
        fn hits_after_edits_equal_a_fresh_search(
            text in tokens(),
            edits in prop::collection::vec((0usize..40, 0usize..3, tokens()), 0..5),
        ) {
            let g = Glossary::from_yaml(GLOSSARY, "t.yaml").unwrap();
            let exact = Exact::build(&g).unwrap();
            let (old, new, list) = edited(&text, edits);
            for protect in [false, true] {
                let before = exact.hits(&old, protect);
                prop_assert_eq!(
                    exact.hits_after(&before, &new, &list, protect),
                    exact.hits(&new, protect)
                );
            }
            // Near the findings' matches, the correct forms that contain one
            // are the same as in a search of the whole text.
            let found = exact.hits(&new, false);
            let contains = |p: &Hit| found.iter().any(|h| p.start <= h.start && h.end <= p.end);
            let all: Vec<Hit> = exact.hits(&new, true).into_iter().filter(contains).collect();
            let near: Vec<Hit> = exact.protect_near(&new, found.iter().map(|h| (h.start, h.end))).into_iter().filter(contains).collect();
            prop_assert_eq!(near, all);
            // A span the hash look-up calls written right is a correct form
            // the automata find there, whole, written exactly so.
            let protected = exact.hits(&new, true);
            for start in (0..=new.len()).filter(|&i| new.is_char_boundary(i)) {
                for end in (start..=new.len()).filter(|&i| new.is_char_boundary(i)) {
                    if exact.is_written_right(&new, start, end) {
                        prop_assert!(
                            protected.iter().any(|h| (h.start, h.end) == (start, end)),
                            "{:?} is not a protected hit", &new[start..end]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn written_right_is_the_exact_spelling_of_a_whole_correct_form() {
        let g = Glossary::from_yaml(GLOSSARY, "t.yaml").unwrap();
        let exact = Exact::build(&g).unwrap();
        let text = "Moon Jae-in met MOON JAE-IN at the Golden Conference Hallway.";
        let at = |s: &str| text.find(s).map(|i| (i, i + s.len())).unwrap();
        let (s, e) = at("Moon Jae-in");
        assert!(exact.is_written_right(text, s, e));
        let (s, e) = at("MOON JAE-IN");
        assert!(!exact.is_written_right(text, s, e), "case differs");
        let (s, e) = at("Golden Conference Hall");
        assert!(!exact.is_written_right(text, s, e), "not a whole word");
        let (s, e) = at("Jae-in");
        assert!(!exact.is_written_right(text, s, e), "part of a form");
    }

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
