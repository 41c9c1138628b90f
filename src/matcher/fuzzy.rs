//! Fuzzy matching: name-like spans of the text against glossary terms, to
//! catch the variants nobody listed ("Wen Zai-yin", "Moon Jae In",
//! "Kaecheng", "Pungye-ri", "Stephen Bigun").
//!
//! # Metric
//!
//! Both sides are reduced to a *compact key*: lower case, letters and digits
//! only ("Moon Jae-In" → `moonjaein`), so spacing, hyphen, apostrophe and
//! case variants are identical keys. Keys are compared with the normalised
//! Damerau-Levenshtein similarity (1 − edits / length of the longer key): it
//! counts the edits MT makes (a changed vowel, a dropped letter, two swapped
//! letters) and reads naturally as a threshold ("one edit in ten letters is
//! 0.9"). Jaro-Winkler is a second, independent guard (at least
//! [`MIN_JARO_WINKLER`]): it rewards a shared beginning and rejects pairs
//! that Damerau-Levenshtein scores well only because they are long. Keys
//! must also start with the same letter: MT keeps a name's initial in
//! practice, and this one rule removes most accidental neighbours.
//!
//! # Index
//!
//! A symmetric-deletion index, as in SymSpell: each term's key, and each of
//! its keys with one character deleted, is hashed to the term; a candidate
//! looks up its own key and its one-deletion keys. That finds every term
//! within one insertion, deletion, substitution or transposition (and many
//! at two) with a number of lookups that depends on the candidate's length,
//! not on the glossary's size. Keys are hashed with a polynomial hash, so a
//! key's one-deletion hashes all come from one pass over it. The table is a
//! sorted `Vec<(hash, term)>` (16 bytes a key) with a bucket index on the
//! hashes' top bits, behind a bit filter that answers most misses.
//!
//! # Speed
//!
//! The matches in a run of capitalised words depend only on the run's
//! text, so each run's answer is remembered per thread (news repeats its
//! names), and the re-check after a fix reads only the lines an edit
//! touched ([`FuzzyIndex::raw_after`]).
//!
//! # Precision guards
//!
//! Only capitalised, name-like runs of words are candidates; a candidate
//! whose words are all ordinary English words (SCOWL, `data/english-words.txt`)
//! is never matched; keys shorter than `min_len` are ignored; spans that the
//! exact and pattern matchers already cover, and correct forms, are never
//! fuzzy candidates; the entry's context and vetoes apply as for exact
//! matches.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::boundary;
use super::exact::Edit;
use crate::glossary::Glossary;

/// Least similarity of whole keys when the word counts differ (syllables
/// split or merged *and* edited): stricter than word-by-word scores.
pub const WHOLE_KEY_MIN: f64 = 0.85;

/// Jaro-Winkler similarity a pair needs on top of Damerau-Levenshtein.
pub const MIN_JARO_WINKLER: f64 = 0.8;

/// What fuzzy findings may become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FuzzyMode {
    /// No fuzzy matching.
    Off,
    /// Fuzzy findings are always suggestions.
    Suggest,
    /// Fuzzy findings whose confidence reaches the threshold (the entry's
    /// `fuzzy_fix_at`, else [`FuzzyOptions::min_confidence`]) are fixes;
    /// the rest are suggestions. The default.
    #[default]
    Fix,
}

/// Settings of the fuzzy matcher.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuzzyOptions {
    /// Off, suggest only, or fix when near-certain.
    pub mode: FuzzyMode,
    /// Confidence from which a fuzzy finding is a fix (confidence is the
    /// similarity times the entry's confidence). The default, 0.9, lets only
    /// spelling-variant-equal matches ("Moon Jae In") of entries of
    /// confidence ≥ 0.9 be fixed; everything else is a suggestion.
    pub min_confidence: f64,
    /// Similarity below which a candidate is not reported at all (0.75:
    /// one edit in a four-letter word of a name).
    pub min_similarity: f64,
    /// Shortest compact key (letters and digits) that takes part.
    pub min_len: usize,
}

impl Default for FuzzyOptions {
    fn default() -> Self {
        FuzzyOptions {
            mode: FuzzyMode::Fix,
            min_confidence: 0.9,
            min_similarity: 0.75,
            min_len: 6,
        }
    }
}

/// The ordinary English words never matched fuzzily (asked about every
/// word of every new run of names: a fast hash).
pub fn english_words() -> &'static FxHashSet<&'static str> {
    static WORDS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../data/english-words.txt")
            .lines()
            .collect()
    })
}

/// Lower case, letters and digits only.
pub fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    compact_into(s, &mut out);
    out
}

/// [`compact`], appended to `out`.
fn compact_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Buffers of one [`FuzzyIndex::find`] call, reused for every span.
#[derive(Default)]
struct Scratch {
    hashes: Vec<u64>,
    hash: HashScratch,
    terms: Vec<u32>,
}

/// Multiplier of the polynomial string hash (odd, so no information is
/// lost in the low bits).
const BASE: u64 = 0x0100_0000_01b3;

/// Spreads a polynomial hash over all 64 bits (the table buckets by the
/// top bits), mixing in the length (the murmur3 finaliser).
fn finish(h: u64, len: usize) -> u64 {
    let mut x = h ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Scratch space of [`key_hashes`], reused across calls.
#[derive(Default)]
struct HashScratch {
    chars: Vec<u64>,
    prefix: Vec<u64>,
    suffix: Vec<u64>,
}

/// Appends to `out` the hash of `key` and the hashes of `key` with each
/// one character but the first deleted, in O(length). Every guard of
/// [`name_similarity`] wants the same initial, and a pair with the same
/// initial that meets by deleting it also meets without (deleting the first
/// of "aab" is deleting the second): the first deletion only ever brings in
/// pairs to reject. With the polynomial hash
/// H(c₀…cₙ₋₁) = Σ cⱼ·Bⁿ⁻¹⁻ʲ, deleting cᵢ gives prefix(i)·Bⁿ⁻¹⁻ⁱ + suffix(i+1).
/// A hash depends only on the string it stands for, so a term's deletion
/// and a candidate's key that are the same string collide, as the
/// symmetric-deletion index needs.
fn key_hashes(key: &str, scratch: &mut HashScratch, out: &mut Vec<u64>) {
    let HashScratch {
        chars,
        prefix,
        suffix,
    } = scratch;
    chars.clear();
    chars.extend(key.chars().map(|c| c as u64 + 1));
    let n = chars.len();
    prefix.clear();
    prefix.push(0);
    for &c in chars.iter() {
        prefix.push(prefix.last().unwrap().wrapping_mul(BASE).wrapping_add(c));
    }
    // suffix[i] = Σ_{j ≥ i} cⱼ·Bⁿ⁻¹⁻ʲ, built from the end with the power.
    suffix.clear();
    suffix.resize(n + 1, 0);
    let mut power = 1u64;
    for i in (0..n).rev() {
        suffix[i] = chars[i].wrapping_mul(power).wrapping_add(suffix[i + 1]);
        power = power.wrapping_mul(BASE);
    }
    out.push(finish(prefix[n], n));
    // power of Bⁿ⁻¹⁻ⁱ for i from n-1 down to 1.
    let mut power = 1u64;
    let start = out.len();
    out.resize(start + n.saturating_sub(1), 0);
    for i in (1..n).rev() {
        out[start + i - 1] = finish(
            prefix[i].wrapping_mul(power).wrapping_add(suffix[i + 1]),
            n - 1,
        );
        power = power.wrapping_mul(BASE);
    }
}

/// Similarity of two compact keys, or `None` when a guard rejects the pair.
pub fn similarity(a: &str, b: &str) -> Option<f64> {
    if a.chars().next() != b.chars().next() {
        return None;
    }
    let dl = strsim::normalized_damerau_levenshtein(a, b);
    (strsim::jaro_winkler(a, b) >= MIN_JARO_WINKLER).then_some(dl)
}

/// The words of a term, as compact keys ("Moon Jae-in" → moon, jae, in).
fn parts(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .map(compact)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Similarity of a candidate to a term, both as written.
///
/// Identical compact keys (spacing, hyphen, apostrophe or case variants)
/// score 1. Otherwise, when both have the same number of words, only the
/// words that differ are compared, each with [`similarity`] (so its initial
/// must match), and the weakest pair decides: a shared first name does not
/// carry "Stephen Baron" to "Stephen Bacon". A differing word of three
/// letters or fewer rejects the pair: one letter changed in a short
/// syllable is usually another real person ("Kim Jong-hun", "Moon Jae-il",
/// "Wen Hai"), and so does a differing word that is an ordinary English
/// word ("Stephen Begun"). With different word counts (syllables split or
/// merged) the whole keys are compared.
pub fn name_similarity(candidate: &str, term: &str) -> Option<f64> {
    let (ck, tk) = (compact(candidate), compact(term));
    if ck == tk {
        return Some(1.0);
    }
    let (cp, tp) = (parts(candidate), parts(term));
    if cp.len() != tp.len() {
        return similarity(&ck, &tk).filter(|&s| s >= WHOLE_KEY_MIN);
    }
    let mut worst: f64 = 1.0;
    for (c, t) in cp.iter().zip(&tp) {
        if c == t {
            continue;
        }
        if t.chars().count() <= 3 || c.chars().count() <= 3 || english_words().contains(c.as_str())
        {
            return None;
        }
        worst = worst.min(similarity(c, t)?);
    }
    (strsim::jaro_winkler(&ck, &tk) >= MIN_JARO_WINKLER).then_some(worst)
}

#[derive(Debug)]
struct Term {
    entry: u32,
    key: Box<str>,
    text: Box<str>,
    words: usize,
    /// The entry's correct form (preferred on ties).
    correct: bool,
    /// A correct form or an alternative: a match becomes this very term.
    accepted: bool,
}

/// A fuzzy match of `text[start..end]` to a glossary term.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: u32,
    pub similarity: f64,
    /// Index of the term matched (see [`FuzzyIndex::term`]).
    pub term: u32,
}

/// Most runs [`FuzzyIndex::find`] remembers per thread before it starts
/// afresh (about 10 MB).
const MEMO_MAX: usize = 200_000;

/// The matches found in each run of name-like words seen (see
/// [`for_each_run`]), per thread: news repeats its names (and the re-check
/// after a fix sees every run again), and the matches in a run depend only
/// on its text. `typos` keeps such a cache of its per-word answers too.
#[derive(Default)]
struct Memo {
    /// The [`FuzzyIndex::id`] the answers belong to.
    index: u64,
    /// Run text → its matches.
    runs: FxHashMap<Box<str>, Box<[RunMatch]>>,
}

/// A match in a run: `(start, end, term, similarity)`, offsets relative to
/// the run.
type RunMatch = (u32, u32, u32, f64);

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::default();
}

/// The compiled fuzzy matcher.
#[derive(Debug)]
pub(crate) struct FuzzyIndex {
    /// Unique per index built in this process (keys the memo).
    id: u64,
    terms: Vec<Term>,
    /// `(hash, term)`, sorted: each term's key and one-deletion keys.
    table: Vec<(u64, u32)>,
    /// `table[starts[b]..starts[b + 1]]` holds the hashes whose top bits
    /// are `b`: a look-up reads about one entry, not a binary search.
    starts: Vec<u32>,
    /// One bit per hash value modulo its length (at least eight bits per
    /// table entry): most look-ups are of keys near no term, and a clear
    /// bit answers them from a small array instead of the table.
    filter: Vec<u64>,
    /// 64 minus the number of bucket bits.
    shift: u32,
    max_words: usize,
    max_key: usize,
    options: FuzzyOptions,
}

impl FuzzyIndex {
    pub(crate) fn build(glossary: &Glossary, options: FuzzyOptions) -> FuzzyIndex {
        let mut terms = Vec::new();
        for (i, e) in glossary.entries().iter().enumerate() {
            let Some(correct) = &e.correct else { continue };
            // Pattern entries (boilerplate, punctuation) are not names.
            if !e.fuzzy || e.replace.is_some() || !e.patterns.is_empty() {
                continue;
            }
            let all = std::iter::once((correct, true, true))
                .chain(e.alternatives.iter().map(|a| (a, false, true)))
                .chain(e.variants.iter().map(|v| (v, false, false)));
            for (text, is_correct, accepted) in all {
                let key = compact(text);
                if key.chars().count() < options.min_len {
                    continue;
                }
                terms.push(Term {
                    entry: i as u32,
                    key: key.into(),
                    text: text.as_str().into(),
                    words: word_count(text),
                    correct: is_correct,
                    accepted,
                });
            }
        }
        let mut table = Vec::new();
        let (mut scratch, mut hashes) = (HashScratch::default(), Vec::new());
        for (t, term) in terms.iter().enumerate() {
            hashes.clear();
            key_hashes(&term.key, &mut scratch, &mut hashes);
            table.extend(hashes.iter().map(|&h| (h, t as u32)));
        }
        table.sort_unstable();
        table.dedup();
        let filter_bits = (table.len() * 8).max(64).next_power_of_two();
        let mut filter = vec![0u64; filter_bits / 64];
        for &(h, _) in &table {
            let bit = h as usize & (filter_bits - 1);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        let bits = table.len().max(2).next_power_of_two().trailing_zeros();
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &table {
            starts[(h >> shift) as usize + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let max_words = terms.iter().map(|t| t.words).max().unwrap_or(0);
        let max_key = terms
            .iter()
            .map(|t| t.key.chars().count())
            .max()
            .unwrap_or(0);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        FuzzyIndex {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            terms,
            table,
            starts,
            filter,
            shift,
            max_words,
            max_key,
            options,
        }
    }

    pub(crate) fn options(&self) -> &FuzzyOptions {
        &self.options
    }

    /// The text of term `t` as written in the glossary.
    pub(crate) fn term(&self, t: u32) -> &str {
        &self.terms[t as usize].text
    }

    /// What a match of term `t` becomes: the term itself if it is a correct
    /// form or an alternative ("Joe Bidenn" → "Joe Biden"), else `None`
    /// (the entry's correct form).
    pub(crate) fn accepted(&self, t: u32) -> Option<&str> {
        let term = &self.terms[t as usize];
        term.accepted.then_some(&*term.text)
    }

    /// Puts in `scratch.terms` the terms whose key or one-deletion keys
    /// share a hash with those in `scratch.hashes` (a key's [`key_hashes`]).
    fn lookup(&self, scratch: &mut Scratch) {
        let Scratch {
            hashes, terms: out, ..
        } = scratch;
        out.clear();
        let mask = self.filter.len() * 64 - 1;
        for &h in hashes.iter() {
            let bit = h as usize & mask;
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let b = (h >> self.shift) as usize;
            let bucket = &self.table[self.starts[b] as usize..self.starts[b + 1] as usize];
            out.extend(bucket.iter().filter(|&&(k, _)| k == h).map(|&(_, t)| t));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The best term for one candidate key, if any passes the guards.
    fn best(
        &self,
        candidate: &str,
        key: &str,
        words: usize,
        scratch: &mut Scratch,
    ) -> Option<(u32, f64)> {
        // Only a term with the same key scores 1, and a 1 beats every other
        // score: when there is one, the key's own bucket decides, without
        // the look-ups of its deletions (a name written right, the common
        // case, costs one probe instead of one per character).
        scratch.hashes.clear();
        key_hashes(key, &mut scratch.hash, &mut scratch.hashes);
        self.lookup_key(key, scratch);
        if scratch.terms.is_empty() {
            self.lookup(scratch);
        }
        self.choose(candidate, key, words, &scratch.terms)
    }

    /// Puts in `scratch.terms` the terms whose key is `key` itself
    /// (`scratch.hashes` holds its [`key_hashes`]).
    fn lookup_key(&self, key: &str, scratch: &mut Scratch) {
        let Scratch {
            hashes, terms: out, ..
        } = scratch;
        out.clear();
        let h = hashes[0];
        let mask = self.filter.len() * 64 - 1;
        let bit = h as usize & mask;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        let b = (h >> self.shift) as usize;
        let bucket = &self.table[self.starts[b] as usize..self.starts[b + 1] as usize];
        out.extend(
            bucket
                .iter()
                .filter(|&&(k, t)| k == h && *self.terms[t as usize].key == *key)
                .map(|&(_, t)| t),
        );
        out.sort_unstable();
        out.dedup();
    }

    /// The best of `terms` for `candidate` (whose key is `key`), if any
    /// passes the guards.
    fn choose(
        &self,
        candidate: &str,
        key: &str,
        words: usize,
        terms: &[u32],
    ) -> Option<(u32, f64)> {
        let mut best: Option<(u32, f64, bool)> = None;
        for &t in terms {
            let term = &self.terms[t as usize];
            if term.words.abs_diff(words) > 1 && *term.key != *key {
                continue;
            }
            // What name_similarity would say, without its allocations: the
            // same compact key scores 1, a different initial is rejected.
            let sim = if *term.key == *key {
                1.0
            } else if term.key.as_bytes()[0] != key.as_bytes()[0] {
                continue;
            } else {
                let Some(sim) = name_similarity(candidate, &term.text) else {
                    continue;
                };
                sim
            };
            if sim < self.options.min_similarity {
                continue;
            }
            let better = match best {
                None => true,
                Some((bt, bs, bc)) => {
                    sim > bs
                        || (sim == bs && term.correct && !bc)
                        || (sim == bs
                            && term.correct == bc
                            && term.entry < self.terms[bt as usize].entry)
                }
            };
            if better {
                best = Some((t, sim, term.correct));
            }
        }
        best.map(|(t, s, _)| (t, s))
    }

    /// Fuzzy hits in `text`, disjoint, sorted by start. `blocked(start, end)`
    /// says whether a span overlaps something the exact or pattern matchers
    /// found, or a correct form.
    #[cfg(test)]
    pub(crate) fn find(&self, text: &str, blocked: impl FnMut(usize, usize) -> bool) -> Vec<Hit> {
        Self::select(&self.raw(text), blocked)
    }

    /// Every span of `text` with a term, overlapping ones included, before
    /// blocking: sorted by (start, end).
    pub(crate) fn raw(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.raw_into(text, 0, &mut hits);
        hits
    }

    /// The [`raw`](Self::raw) hits of `new_text`, which is a text whose raw
    /// hits were `old` with `edits` applied. A run of names never crosses a
    /// line and its hits depend only on its text, so only the lines an edit
    /// touched are read again; the other hits are carried over, shifted.
    pub(crate) fn raw_after(&self, old: &[Hit], new_text: &str, edits: &[Edit]) -> Vec<Hit> {
        if edits.is_empty() {
            return old.to_vec();
        }
        let carry = super::Carry::new(new_text, edits);
        let mut out: Vec<Hit> = old
            .iter()
            .filter_map(|h| {
                let (start, end) = carry.shift(h.start, h.end)?;
                Some(Hit {
                    start,
                    end,
                    ..h.clone()
                })
            })
            .collect();
        for &(lo, hi) in &carry.dirty {
            self.raw_into(&new_text[lo..hi], lo, &mut out);
        }
        out.sort_by_key(|h| (h.start, h.end));
        out
    }

    /// Pushes the raw hits of `text`, which starts at `offset` of the text
    /// they are reported in.
    fn raw_into(&self, text: &str, offset: usize, hits: &mut Vec<Hit>) {
        if self.terms.is_empty() {
            return;
        }
        let mut scratch = Scratch::default();
        let mut key = String::new();
        let mut words = RunWords::default();
        MEMO.with_borrow_mut(|memo| {
            if memo.index != self.id || memo.runs.len() >= MEMO_MAX {
                memo.index = self.id;
                memo.runs.clear();
            }
            for_each_run(text, |run| {
                let (from, to) = (run[0].start, run[run.len() - 1].end);
                // A key has at most as many characters as its text has
                // bytes: a run shorter than the shortest key ("The", "In")
                // has no span to look up, and is not worth remembering.
                if to - from < self.options.min_len {
                    return;
                }
                let found = match memo.runs.get(&text[from..to]) {
                    Some(found) => found,
                    None => {
                        let mut found = Vec::new();
                        words.spans(text, run, self.max_words, true, |start, end| {
                            let span = &text[start..end];
                            key.clear();
                            compact_into(span, &mut key);
                            let len = key.chars().count();
                            if len < self.options.min_len || len > self.max_key + 1 {
                                return;
                            }
                            if let Some((term, similarity)) =
                                self.best(span, &key, word_count(span), &mut scratch)
                            {
                                found.push((
                                    (start - from) as u32,
                                    (end - from) as u32,
                                    term,
                                    similarity,
                                ));
                            }
                        });
                        memo.runs
                            .entry(text[from..to].into())
                            .or_insert(found.into_boxed_slice())
                    }
                };
                for &(start, end, term, similarity) in found.iter() {
                    let (start, end) =
                        (offset + from + start as usize, offset + from + end as usize);
                    hits.push(Hit {
                        start,
                        end,
                        entry: self.terms[term as usize].entry,
                        similarity,
                        term,
                    });
                }
            });
        });
    }

    /// The hits of `raw` that are not `blocked`, the best of overlapping
    /// ones kept (higher similarity, then longer, then earlier), sorted by
    /// start.
    pub(crate) fn select(raw: &[Hit], mut blocked: impl FnMut(usize, usize) -> bool) -> Vec<Hit> {
        let mut hits: Vec<Hit> = raw
            .iter()
            .filter(|h| !blocked(h.start, h.end))
            .cloned()
            .collect();
        hits.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if !kept.iter().any(|k| k.start < h.end && h.start < k.end) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }
}

/// Name-like spans of `text`: every run of up to `max_words` consecutive
/// capitalised words separated by single spaces; with `skip_english`,
/// except runs made only of ordinary English words. Shared by fuzzy
/// matching (which skips them) and source evidence (which does not: when
/// the source names 金特会, "Golden Session" is exactly what to look for).
///
/// Streams: only the current run of capitalised words is held in memory.
pub(crate) fn for_each_name_span(
    text: &str,
    max_words: usize,
    skip_english: bool,
    mut f: impl FnMut(usize, usize),
) {
    let mut words = RunWords::default();
    for_each_run(text, |run| {
        words.spans(text, run, max_words, skip_english, &mut f);
    });
}

/// Calls `f` with every maximal run of name-like words: capitalised words
/// separated by single spaces, with the short lower-case words inside
/// ("Moon Jae in", "Punggye ri", "Institute of"). A run never crosses a
/// line, and its words depend only on its own text.
fn for_each_run(text: &str, mut f: impl FnMut(&[Token])) {
    let mut run: Vec<Token> = Vec::new();
    for t in name_tokens(text) {
        let short_lower = !t.capitalised && t.end - t.start <= 3;
        let joins = run
            .last()
            .is_some_and(|last| (t.capitalised || short_lower) && text[last.end..t.start] == *" ");
        if !joins && !run.is_empty() {
            f(&run);
            run.clear();
        }
        if t.capitalised || joins {
            run.push(t);
        }
    }
    if !run.is_empty() {
        f(&run);
    }
}

/// Buffers for the spans of a run.
#[derive(Default)]
struct RunWords {
    english: Vec<bool>,
    lower: String,
}

impl RunWords {
    /// Calls `f(start, end)` for the spans of `run` (see
    /// [`for_each_name_span`]).
    fn spans(
        &mut self,
        text: &str,
        run: &[Token],
        max_words: usize,
        skip_english: bool,
        mut f: impl FnMut(usize, usize),
    ) {
        self.english.clear();
        if skip_english {
            let english = english_words();
            for t in run {
                self.lower.clear();
                self.lower
                    .extend(text[t.start..t.end].chars().flat_map(char::to_lowercase));
                self.english.push(english.contains(self.lower.as_str()));
            }
        }
        for i in 0..run.len() {
            if !run[i].capitalised {
                continue;
            }
            for n in 1..=max_words.min(run.len() - i) {
                if !skip_english || !self.english[i..i + n].iter().all(|&e| e) {
                    f(run[i].start, run[i + n - 1].end);
                }
            }
        }
    }
}

/// [`for_each_name_span`], collected (for short texts).
pub(crate) fn name_spans(text: &str, max_words: usize, skip_english: bool) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for_each_name_span(text, max_words, skip_english, |s, e| spans.push((s, e)));
    spans
}

/// Words counted as MT splits them: "Moon Jae-in" has three.
fn word_count(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .count()
}

/// A word of the text, as fuzzy matching sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Token {
    start: usize,
    end: usize,
    capitalised: bool,
}

/// Words: runs of word characters, joined by inner hyphens and apostrophes
/// ("Jae-in", "O'Brien"), but not by a possessive "'s".
fn name_tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = chars.next()?;
            if !boundary::is_word_char(c) {
                continue;
            }
            let mut end = start + c.len_utf8();
            loop {
                match chars.peek() {
                    Some(&(_, d)) if boundary::is_word_char(d) => {
                        end += d.len_utf8();
                        chars.next();
                    }
                    Some(&(i, d)) if matches!(d, '-' | '\'' | '\u{2019}' | '\u{2010}') => {
                        let rest = &text[i + d.len_utf8()..];
                        let next_is_word = rest.chars().next().is_some_and(boundary::is_word_char);
                        let possessive = d != '-' && d != '\u{2010}' && {
                            let mut r = rest.chars();
                            matches!(r.next(), Some('s' | 'S'))
                                && !r.next().is_some_and(boundary::is_word_char)
                        };
                        if !next_is_word || possessive {
                            break;
                        }
                        end = i + d.len_utf8();
                        chars.next();
                    }
                    _ => break,
                }
            }
            return Some(Token {
                start,
                end,
                capitalised: c.is_uppercase(),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(yaml: &str) -> (Glossary, FuzzyIndex) {
        let g = Glossary::from_yaml(yaml, "t.yaml").unwrap();
        let i = FuzzyIndex::build(&g, FuzzyOptions::default());
        (g, i)
    }

    const G: &str = "- id: moon\n  correct: Moon Jae-in\n  variants: [Wen Zaiyin]\n  category: name/person\n- id: kaesong\n  correct: Kaesong\n  variants: [Kaicheng]\n  category: name/place\n- id: punggye\n  correct: Punggye-ri\n  category: name/place\n- id: biegun\n  correct: Stephen Biegun\n  category: name/person\n";

    fn hits(text: &str) -> Vec<(String, String, f64)> {
        let (_, i) = index(G);
        i.find(text, |_, _| false)
            .into_iter()
            .map(|h| {
                (
                    text[h.start..h.end].to_owned(),
                    i.term(h.term).to_owned(),
                    (h.similarity * 100.0).round() / 100.0,
                )
            })
            .collect()
    }

    #[test]
    fn compact_keys_and_similarity() {
        assert_eq!(compact("Moon Jae-In"), "moonjaein");
        assert_eq!(compact("Wen Zai-yin’s"), "wenzaiyins");
        assert_eq!(similarity("kaecheng", "kaicheng"), Some(0.875));
        assert_eq!(similarity("moonjaein", "moonjaein"), Some(1.0));
        assert_eq!(similarity("kaecheng", "baicheng"), None, "initials differ");
        assert!(
            similarity("abcdefgh", "ahgfedcb").is_none(),
            "Jaro-Winkler guard"
        );
    }

    #[test]
    fn unseen_variants_are_found() {
        assert_eq!(
            hits("Moon Jae In spoke."),
            vec![("Moon Jae In".into(), "Moon Jae-in".into(), 1.0)]
        );
        assert_eq!(
            hits("Then Wen Zai-yin left."),
            vec![("Wen Zai-yin".into(), "Wen Zaiyin".into(), 1.0)]
        );
        assert_eq!(
            hits("the Kaecheng zone"),
            vec![("Kaecheng".into(), "Kaicheng".into(), 0.88)]
        );
        assert_eq!(
            hits("at Pungye-ri"),
            vec![("Pungye-ri".into(), "Punggye-ri".into(), 0.86)]
        );
        assert_eq!(
            hits("Stephen Bigun said"),
            vec![("Stephen Bigun".into(), "Stephen Biegun".into(), 0.83)]
        );
        assert_eq!(
            hits("Stephen Bigun's trip")[0].0,
            "Stephen Bigun",
            "possessive is not part of the name"
        );
    }

    #[test]
    fn guards_hold() {
        // Ordinary English, lower case, far terms, short keys: nothing.
        assert!(
            hits("The cheng was in Kaicheng Road.")
                .iter()
                .all(|h| h.0 != "The")
        );
        assert!(hits("moon jae in, lower case").is_empty());
        assert!(hits("Kaifeng and Kunming are Chinese cities.").is_empty());
        assert!(hits("Morning Jazz In town").is_empty());
        let (_, i) = index(G);
        assert!(
            i.find("Moon Jae In", |_, _| true).is_empty(),
            "blocked spans are skipped"
        );
    }

    #[test]
    fn other_real_names_are_not_near_misses() {
        // One letter changed in a short syllable, or a shared first name
        // carrying a different surname: other people, not MT damage.
        let yaml = "- id: kim\n  correct: Kim Jong-un\n  category: name/person\n- id: moon\n  correct: Moon Jae-in\n  variants: [Wen Zai]\n  category: name/person\n- id: biegun\n  correct: Stephen Biegun\n  variants: [Stephen Bacon]\n  category: name/person\n";
        let (_, i) = index(yaml);
        for other in [
            "Kim Jong-hun",
            "Kim Jong-in",
            "Moon Jae-il",
            "Wen Hai",
            "Stephen Baron",
            "Stephen Macon",
            "Stephen Begun",
        ] {
            assert!(i.find(other, |_, _| false).is_empty(), "{other}");
        }
        assert_eq!(name_similarity("Moon Jae In", "Moon Jae-in"), Some(1.0));
        assert_eq!(name_similarity("Kim Jong-hun", "Kim Jong-un"), None);
        assert!(name_similarity("Stephen Bigun", "Stephen Biegun").unwrap() > 0.82);
    }

    #[test]
    fn a_near_miss_of_an_alternative_becomes_that_alternative() {
        let (_, i) = index(
            "- id: biden\n  correct: Biden\n  alternatives: [Joe Biden]\n  category: name/person\n",
        );
        let h = &i.find("Joe Bidenn spoke", |_, _| false)[0];
        assert_eq!(i.accepted(h.term), Some("Joe Biden"));
    }

    #[test]
    fn the_index_finds_one_edit_of_every_kind() {
        let (_, i) = index("- id: a\n  correct: Abcdefgh\n  category: name/person\n");
        for probe in ["Abcdefgh", "Abcdefg", "Abcdefghi", "Abcdxfgh", "Abcedfgh"] {
            assert_eq!(i.find(probe, |_, _| false).len(), 1, "{probe}");
        }
        assert!(i.find("Axyzefgh", |_, _| false).is_empty());
    }

    #[test]
    fn tokens() {
        let text = "Moon Jae-in's O'Brien - x";
        let t: Vec<_> = name_tokens(text).map(|t| &text[t.start..t.end]).collect();
        assert_eq!(t, vec!["Moon", "Jae-in", "s", "O'Brien", "x"]);
        let text = "the Golden Gate and Kaesong";
        let spans: Vec<_> = name_spans(text, 4, true)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            spans,
            vec!["Golden Gate and Kaesong", "Gate and Kaesong", "Kaesong"],
            "all-English runs are skipped; short lower-case words join a run"
        );
        assert_eq!(name_spans("the Golden Gate", 4, false).len(), 3);
    }

    fn hashes(key: &str) -> Vec<u64> {
        let mut out = Vec::new();
        key_hashes(key, &mut HashScratch::default(), &mut out);
        out
    }

    proptest::proptest! {
        /// The rolling deletion hashes are the hashes of the shortened keys
        /// themselves, so a term's deletion meets a candidate's key.
        #[test]
        fn a_deletion_hash_is_the_hash_of_the_shortened_key(key in "[a-zà-ÿ0-9한]{0,12}") {
            let all = hashes(&key);
            let chars: Vec<char> = key.chars().collect();
            proptest::prop_assert_eq!(all.len(), chars.len().max(1));
            for (i, &h) in all.iter().enumerate().skip(1) {
                let shorter: String = chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect();
                proptest::prop_assert_eq!(h, hashes(&shorter)[0], "deleting {} of {}", i, key);
            }
        }

        /// A candidate whose key some term has is decided by those terms
        /// alone: the same answer as weighing every term its deletions meet.
        #[test]
        fn the_key_bucket_decides_as_the_full_look_up_would(
            terms in proptest::collection::vec(("[ab]{4,6}( [AB][ab]{3})?", 0usize..3), 1..12),
            candidate in "[ab]{4,6}( [AB][ab]{3})?",
        ) {
            let mut terms = terms;
            terms.sort_by_key(|a| a.0.to_lowercase());
            terms.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
            let mut yaml = String::new();
            for (i, (t, kind)) in terms.iter().enumerate() {
                let t = format!("X{t}");
                let field = ["correct: ", "alternatives: [", "variants: ["][*kind];
                let close = if *kind == 0 { "" } else { "]" };
                let correct = if *kind == 0 { String::new() } else { format!("  correct: Zz{i}q\n") };
                yaml.push_str(&format!("- id: e{i}\n{correct}  {field}\"{t}\"{close}\n  category: name/person\n"));
            }
            let g = Glossary::from_yaml(&yaml, "t.yaml");
            proptest::prop_assume!(g.is_ok(), "{:?}", g.err());
            let g = g.unwrap();
            let index = FuzzyIndex::build(&g, FuzzyOptions::default());
            let candidate = format!("X{candidate}");
            let key = compact(&candidate);
            let words = word_count(&candidate);
            let mut scratch = Scratch::default();
            let fast = index.best(&candidate, &key, words, &mut scratch);
            scratch.hashes.clear();
            key_hashes(&key, &mut scratch.hash, &mut scratch.hashes);
            index.lookup(&mut scratch);
            let full = index.choose(&candidate, &key, words, &scratch.terms);
            proptest::prop_assert_eq!(fast, full);
        }

        /// The index skips deleting the first character: no pair that
        /// name_similarity accepts and that meets with one deletion on
        /// either side is lost, and every accepted pair has the same initial
        /// (what `best` relies on to skip the others).
        #[test]
        fn the_first_deletion_only_brings_pairs_to_reject(
            c in "[ab][abc]{0,3}( [AB][abc]{2,5})?",
            t in "[ab][abc]{0,3}( [AB][abc]{2,5})?",
        ) {
            let (ck, tk) = (compact(&c), compact(&t));
            let all = |k: &str| -> Vec<String> {
                let chars: Vec<char> = k.chars().collect();
                let mut v = vec![k.to_owned()];
                for i in 0..chars.len() {
                    v.push(chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect());
                }
                v
            };
            let meet_all = all(&ck).iter().any(|x| all(&tk).contains(x));
            let (hc, ht) = (hashes(&ck), hashes(&tk));
            let meet_index = hc.iter().any(|h| ht.contains(h));
            if let Some(sim) = name_similarity(&c, &t) {
                proptest::prop_assert_eq!(ck.chars().next(), tk.chars().next());
                if ck == tk {
                    proptest::prop_assert_eq!(sim, 1.0);
                }
                if meet_all {
                    proptest::prop_assert!(meet_index, "{:?} and {:?} no longer meet", c, t);
                }
            }
        }
    }

    #[test]
    fn distinct_short_keys_hash_apart() {
        let keys = [
            "moonjaein",
            "moonjaeni",
            "moonjaei",
            "oonjaein",
            "kaesong",
            "kaesnog",
            "ab",
            "ba",
            "",
        ];
        let mut h: Vec<u64> = keys.iter().map(|k| hashes(k)[0]).collect();
        h.sort_unstable();
        h.dedup();
        assert_eq!(h.len(), keys.len());
    }

    #[test]
    fn the_memo_is_per_index_and_blocking_is_per_occurrence() {
        let text = "Stephen Bigun met Wen Zaiyn. Later Stephen Bigun left.";
        let (_, a) = index(G);
        let (_, b) = index("- id: x\n  correct: Stephen Bogun\n  category: name/person\n");
        let spans =
            |i: &FuzzyIndex, blocked: &dyn Fn(usize, usize) -> bool| -> Vec<(usize, String)> {
                i.find(text, blocked)
                    .into_iter()
                    .map(|h| (h.start, i.term(h.term).to_owned()))
                    .collect()
            };
        let first = spans(&a, &|_, _| false);
        let terms: Vec<&str> = first.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(terms, ["Stephen Biegun", "Wen Zaiyin", "Stephen Biegun"]);
        // Another index on the same thread does not see `a`'s answers.
        let other = spans(&b, &|_, _| false);
        assert_eq!(
            other.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            ["Stephen Bogun"; 2]
        );
        // The same run, remembered, is still blocked where it is blocked.
        let later = text.rfind("Stephen").unwrap();
        let kept = spans(&a, &|s, _| s >= later);
        assert_eq!(kept.iter().map(|(s, _)| *s).collect::<Vec<_>>(), [0, 18]);
    }

    const PIECES: &[&str] = &[
        "Stephen ", "Bigun", "Biegun", "Moon ", "Jae ", "In", "Jae-in", "Kaesung", "Punggye",
        "-ri", " ", "\n", "said ", "the ", ". ", "of ", "Wen ", "Zaiyn", "'s ", "é",
    ];

    proptest::proptest! {
        /// Reading only the touched lines again gives the raw hits of the
        /// whole edited text.
        #[test]
        fn raw_hits_after_edits_equal_a_fresh_reading(
            text in proptest::collection::vec(proptest::sample::select(PIECES), 0..30),
            edits in proptest::collection::vec(
                (0usize..30, 0usize..3, proptest::collection::vec(proptest::sample::select(PIECES), 0..3)),
                0..4,
            ),
        ) {
            let (_, i) = index(G);
            let (old, new, list) = crate::matcher::exact::tests::edited(&text, edits);
            let before = i.raw(&old);
            proptest::prop_assert_eq!(i.raw_after(&before, &new, &list), i.raw(&new));
        }
    }
}
