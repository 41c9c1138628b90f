//! `mtfix mine`: propose new glossary entries from a corpus, with evidence.
//!
//! A [`Miner`] reads texts (with their Chinese source when known) and keeps
//! counts, never the texts: memory grows with the number of distinct
//! candidates, not with the corpus. Miners of different files are
//! [merged](Miner::merge), so files can be mined in parallel. Four kinds of
//! evidence are gathered:
//!
//! 1. [`Kind::NearMiss`]: a fuzzy or source-located finding whose matched
//!    text is not yet a variant of its entry (the entry gains a variant);
//! 2. [`Kind::Inconsistent`]: in bilingual input, one source term rendered
//!    several ways (the entry's form, else the majority, is `correct`);
//! 3. [`Kind::Pinyin`]: capitalised words made only of Mandarin pinyin
//!    syllables ("Fengxili") that are neither English nor known names,
//!    clustered by spelling; tied to an entry whose source term reads so,
//!    or to the source characters that read so;
//! 4. [`Kind::Literal`]: capitalised phrases made of glosses of single
//!    Chinese characters ("Golden Special Committee"), near known entities.

mod pinyin_shape;

use std::collections::{BTreeMap, HashMap};

use crate::glossary::spec::{ContextSpec, EntrySpec};
use crate::matcher::fuzzy::{compact, english_words};
use crate::matcher::source::pinyin_reading;
use crate::matcher::{Matcher, Method};

pub use pinyin_shape::{is_pinyin_word, syllables};

/// What a candidate is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A near-miss of a known entry.
    NearMiss,
    /// One source term rendered several ways.
    Inconsistent,
    /// A pinyin-shaped name.
    Pinyin,
    /// A literal reading of an abbreviation.
    Literal,
}

impl Kind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NearMiss => "near-miss",
            Kind::Inconsistent => "inconsistent",
            Kind::Pinyin => "pinyin",
            Kind::Literal => "literal",
        }
    }
}

/// Where a candidate was seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Example {
    /// Document name.
    pub doc: String,
    /// 1-based line (or record) in the document.
    pub line: usize,
    /// A few words around the span.
    pub context: String,
}

/// A proposed entry (or new variants for an existing one).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// Kind of evidence.
    pub kind: Kind,
    /// The existing entry that gains variants, if any.
    pub entry: Option<String>,
    /// Proposed correct form (`None`: for the reviewer to fill in).
    pub correct: Option<String>,
    /// Proposed variants (the renderings seen), most frequent first.
    pub variants: Vec<String>,
    /// Chinese source terms seen with it.
    pub source: Vec<String>,
    /// Proposed category.
    pub category: String,
    /// Proposed context words (known entities or country words seen nearby).
    pub context: Vec<String>,
    /// Occurrences.
    pub count: usize,
    /// Ranking score (higher first).
    pub score: f64,
    /// Up to three places where it was seen.
    pub examples: Vec<Example>,
    /// One line on why it is proposed.
    pub evidence: String,
}

/// Words whose presence nearby says a pinyin-shaped name is probably a
/// non-Chinese name read as Mandarin.
const FOREIGN_CONTEXT: &[&str] = &[
    "Korea",
    "Korean",
    "Koreas",
    "Seoul",
    "Pyongyang",
    "DPRK",
    "ROK",
    "Japan",
    "Japanese",
    "Tokyo",
    "Vietnam",
    "Vietnamese",
    "Hanoi",
    "Singapore",
    "Malaysia",
    "Thailand",
    "Cambodia",
    "Myanmar",
    "Laos",
    "Taiwan",
    "Hong Kong",
];

/// Words near a pinyin-shaped name that say it is probably a Chinese
/// person or place, rightly written in pinyin.
const CHINESE_CONTEXT: &[&str] = &[
    "China",
    "Chinese",
    "Beijing",
    "Shanghai",
    "professor",
    "researcher",
    "scholar",
    "reporter",
    "Institute",
    "University",
    "Academy",
    "Xinhua",
    "province",
    "Province",
];

/// Bytes either side of a name searched for context words.
const WINDOW: usize = 160;

/// English glosses MT gives single Chinese characters of abbreviated names,
/// with the characters: 金 "Golden", 特 "Special", 会 "Meeting" make
/// "Golden Special Meeting" of 金特会.
const GLOSSES: &[(&str, &str)] = &[
    ("gold", "金"),
    ("golden", "金"),
    ("special", "特"),
    ("extra", "特"),
    ("meeting", "会會"),
    ("conference", "会會"),
    ("session", "会會"),
    ("committee", "会會"),
    ("association", "会會"),
    ("society", "会會"),
    ("summit", "峰会會"),
    ("peak", "峰"),
    ("text", "文"),
    ("literature", "文"),
    ("culture", "文"),
    ("practice", "习習"),
    ("study", "习習"),
    ("worship", "拜"),
    ("general", "普"),
    ("universal", "普"),
    ("river", "川"),
    ("peace", "安和"),
    ("safety", "安"),
    ("harmony", "和"),
    ("sun", "日"),
    ("day", "日"),
    ("middle", "中"),
    ("central", "中"),
    ("beautiful", "美"),
    ("dynasty", "朝"),
    ("morning", "朝"),
    ("double", "双雙"),
    ("two", "两兩双雙二"),
    ("joint", "联聯"),
    ("alliance", "联聯盟"),
    ("union", "联聯盟"),
    ("party", "党黨"),
    ("new", "新"),
    ("great", "大"),
    ("grand", "大"),
    ("east", "东東"),
    ("west", "西"),
    ("south", "南"),
    ("north", "北"),
    ("dragon", "龙龍"),
    ("star", "星"),
    ("moon", "月"),
    ("mountain", "山"),
    ("sea", "海"),
    ("island", "岛島"),
    ("gate", "门門"),
    ("spring", "春"),
    ("red", "红紅"),
    ("heaven", "天"),
    ("heavenly", "天"),
    ("virtue", "德"),
    ("hero", "英"),
    ("law", "法"),
    ("talks", "谈談会會"),
    ("handshake", "握"),
];

fn gloss_chars(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    GLOSSES.iter().find(|(g, _)| *g == w).map(|(_, c)| *c)
}

#[derive(Debug, Clone, Default)]
struct Acc {
    count: usize,
    forms: BTreeMap<String, usize>,
    sources: BTreeMap<String, usize>,
    near: BTreeMap<String, usize>,
    examples: Vec<Example>,
    /// Occurrences with foreign-context words nearby (pinyin kind).
    foreign: usize,
    /// Occurrences with Chinese-context words nearby (pinyin kind).
    chinese: usize,
    /// Best similarity seen (near-miss kind).
    similarity: f64,
}

impl Acc {
    fn merge(&mut self, o: Acc) {
        self.count += o.count;
        self.foreign += o.foreign;
        self.chinese += o.chinese;
        self.similarity = self.similarity.max(o.similarity);
        for (m, other) in [
            (&mut self.forms, o.forms),
            (&mut self.sources, o.sources),
            (&mut self.near, o.near),
        ] {
            for (k, v) in other {
                *m.entry(k).or_default() += v;
            }
        }
        self.examples.extend(o.examples);
        self.examples.sort();
        self.examples.truncate(MAX_EXAMPLES);
    }

    /// Counts one occurrence. The examples kept are the first by (document,
    /// line, text), whatever order files were mined in, so the output does
    /// not depend on the number of threads.
    fn see(&mut self, form: &str, example: impl FnOnce() -> Example) {
        self.count += 1;
        *self.forms.entry(form.to_owned()).or_default() += 1;
        let ex = example();
        if self.examples.len() < MAX_EXAMPLES || self.examples.last().is_some_and(|l| ex < *l) {
            self.examples.push(ex);
            self.examples.sort();
            self.examples.truncate(MAX_EXAMPLES);
        }
    }
}

const MAX_EXAMPLES: usize = 3;

/// Counts evidence over a corpus. See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct Miner {
    near: HashMap<(usize, String), Acc>,
    inconsistent: HashMap<(usize, String), Acc>,
    pinyin: HashMap<String, Acc>,
    literal: HashMap<String, Acc>,
}

/// A piece of text to mine: the text, its source, and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// Document name (for examples).
    pub doc: &'a str,
    /// 1-based line or record number of the text's start.
    pub line: usize,
    /// The English text.
    pub text: &'a str,
    /// Its Chinese source, when known.
    pub source: Option<&'a str>,
}

impl Miner {
    /// An empty miner.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the evidence of `other` (mined from other files).
    pub fn merge(&mut self, other: Miner) {
        for (k, v) in other.near {
            self.near.entry(k).or_default().merge(v);
        }
        for (k, v) in other.inconsistent {
            self.inconsistent.entry(k).or_default().merge(v);
        }
        for (k, v) in other.pinyin {
            self.pinyin.entry(k).or_default().merge(v);
        }
        for (k, v) in other.literal {
            self.literal.entry(k).or_default().merge(v);
        }
    }

    /// Mines one unit of text.
    pub fn add(&mut self, matcher: &Matcher, unit: Unit<'_>) {
        let text = unit.text;
        let entries = matcher.glossary().entries();
        let line_of = |at: usize| unit.line + text[..at].matches('\n').count();
        let example = |s: usize, e: usize| Example {
            doc: unit.doc.to_owned(),
            line: line_of(s),
            context: context_around(text, s, e),
        };
        let findings = matcher.find_with_source(text, unit.source);
        // 1. Near-misses: fuzzy and located findings on unlisted spellings.
        for f in &findings {
            if !matches!(f.method, Method::Fuzzy | Method::Source) {
                continue;
            }
            let e = &entries[f.entry];
            let listed = e
                .correct
                .iter()
                .chain(&e.alternatives)
                .chain(&e.variants)
                .any(|t| t.eq_ignore_ascii_case(&f.matched));
            if listed || f.matched.trim().is_empty() {
                continue;
            }
            let acc = self.near.entry((f.entry, f.matched.clone())).or_default();
            acc.similarity = acc
                .similarity
                .max((f.confidence / e.confidence.max(1e-9)).min(1.0));
            if let Some(t) = &f.source_term {
                *acc.sources.entry(t.clone()).or_default() += 1;
            }
            acc.see(&f.matched, || example(f.span.start, f.span.end));
        }
        // 2. Renderings of each source term.
        let mentions = matcher.mentions(text);
        if let Some(source) = unit.source {
            for (entry, term) in matcher.source_terms(source) {
                let rendering = mentions
                    .iter()
                    .find(|(e, _, _)| *e == entry)
                    .map(|&(_, s, e)| (s, e, text[s..e].to_owned()))
                    .or_else(|| {
                        findings
                            .iter()
                            .find(|f| f.entry == entry && f.replacement.is_some())
                            .map(|f| (f.span.start, f.span.end, f.matched.clone()))
                    });
                if let Some((s, e, form)) = rendering {
                    let acc = self.inconsistent.entry((entry, term)).or_default();
                    acc.see(&form, || example(s, e));
                }
            }
        }
        // 3 and 4: pinyin-shaped names and literal readings.
        let known_near: Vec<String> = mentions
            .iter()
            .map(|&(_, s, e)| text[s..e].to_owned())
            .collect();
        let covered = |s: usize, e: usize| {
            findings
                .iter()
                .any(|f| f.span.start < e && s < f.span.end && f.method != Method::Source)
                || mentions.iter().any(|&(_, ms, me)| ms < e && s < me)
        };
        for (s, e) in capitalised_runs(text) {
            self.pinyin_run(text, s, e, unit.source, &covered, &example);
            self.literal_run(text, s, e, unit.source, &known_near, &covered, &example);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn pinyin_run(
        &mut self,
        text: &str,
        s: usize,
        e: usize,
        source: Option<&str>,
        covered: &dyn Fn(usize, usize) -> bool,
        example: &dyn Fn(usize, usize) -> Example,
    ) {
        let english = english_words();
        // The longest stretches of the run made of pinyin-shaped words.
        let words = words_of(text, s, e);
        let mut i = 0;
        while i < words.len() {
            let mut j = i;
            while j < words.len() && is_pinyin_word(&text[words[j].0..words[j].1]) {
                j += 1;
            }
            if j == i {
                i += 1;
                continue;
            }
            let (ps, pe) = (words[i].0, words[j - 1].1);
            let span = &text[ps..pe];
            let key = compact(span);
            let syl = syllables(&key).map_or(0, |v| v.len());
            let all_english = words[i..j]
                .iter()
                .all(|&(a, b)| english.contains(text[a..b].to_lowercase().as_str()));
            if syl >= 2 && !all_english && !covered(ps, pe) {
                let acc = self.pinyin.entry(key.clone()).or_default();
                acc.see(span, || example(ps, pe));
                let window = around(text, ps, pe, WINDOW);
                let foreign: Vec<&str> = FOREIGN_CONTEXT
                    .iter()
                    .copied()
                    .filter(|w| contains_word(window, w))
                    .collect();
                if !foreign.is_empty() {
                    acc.foreign += 1;
                }
                if CHINESE_CONTEXT.iter().any(|w| contains_word(window, w)) {
                    acc.chinese += 1;
                }
                for w in foreign {
                    *acc.near.entry(w.to_owned()).or_default() += 1;
                }
                if let Some(src) = source
                    && let Some(term) = source_reading_as(src, &key)
                {
                    *acc.sources.entry(term).or_default() += 1;
                }
            }
            i = j;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn literal_run(
        &mut self,
        text: &str,
        s: usize,
        e: usize,
        source: Option<&str>,
        known_near: &[String],
        covered: &dyn Fn(usize, usize) -> bool,
        example: &dyn Fn(usize, usize) -> Example,
    ) {
        let words = words_of(text, s, e);
        if words.len() < 2 || words.len() > 4 || covered(s, e) {
            return;
        }
        let glossed = words
            .iter()
            .filter(|&&(a, b)| gloss_chars(&text[a..b]).is_some())
            .count();
        if glossed < 2 || known_near.is_empty() {
            return;
        }
        let span = &text[s..e];
        let acc = self.literal.entry(span.to_lowercase()).or_default();
        acc.see(span, || example(s, e));
        for k in known_near {
            *acc.near.entry(k.clone()).or_default() += 1;
        }
        if let Some(src) = source
            && let Some(term) = source_glossed_as(
                src,
                &words.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>(),
            )
        {
            *acc.sources.entry(term).or_default() += 1;
        }
    }

    /// The candidates with at least `min_count` occurrences, best first.
    pub fn candidates(&self, matcher: &Matcher, min_count: usize) -> Vec<Candidate> {
        let entries = matcher.glossary().entries();
        let mut out = Vec::new();
        // Readings of every entry's source terms, to tie pinyin names to entries.
        let mut by_reading: HashMap<String, usize> = HashMap::new();
        let mut by_source: HashMap<&str, usize> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for t in &e.source {
                by_reading.entry(compact(&pinyin_reading(t))).or_insert(i);
                by_source.entry(t.as_str()).or_insert(i);
            }
        }
        let known_key = |k: &str| {
            entries.iter().any(|e| {
                e.correct
                    .iter()
                    .chain(&e.alternatives)
                    .chain(&e.variants)
                    .any(|t| compact(t) == k)
            })
        };
        for ((entry, form), acc) in &self.near {
            if acc.count < min_count {
                continue;
            }
            let e = &entries[*entry];
            out.push(Candidate {
                kind: Kind::NearMiss,
                entry: Some(e.id.to_string()),
                correct: e.correct.clone(),
                variants: vec![form.clone()],
                source: acc.sources.keys().cloned().collect(),
                category: e.category.to_string(),
                context: Vec::new(),
                count: acc.count,
                score: acc.count as f64 * (1.0 + acc.similarity),
                examples: acc.examples.clone(),
                evidence: format!(
                    "{form:?} matches {} fuzzily ({:.2}) but is not listed",
                    e.correct.as_deref().unwrap_or(&e.id),
                    acc.similarity
                ),
            });
        }
        for ((entry, term), acc) in &self.inconsistent {
            let e = &entries[*entry];
            let accepted = |f: &str| {
                e.correct
                    .iter()
                    .chain(&e.alternatives)
                    .any(|c| c.eq_ignore_ascii_case(f))
            };
            let bad: Vec<String> = by_count(&acc.forms)
                .into_iter()
                .filter(|f| !accepted(f) && !e.variants.iter().any(|v| v.eq_ignore_ascii_case(f)))
                .collect();
            let bad_count: usize = bad.iter().map(|f| acc.forms[f]).sum();
            if bad.is_empty() || bad_count < min_count {
                continue;
            }
            let shown: Vec<String> = by_count(&acc.forms)
                .iter()
                .map(|f| format!("{f:?} ×{}", acc.forms[f]))
                .collect();
            out.push(Candidate {
                kind: Kind::Inconsistent,
                entry: Some(e.id.to_string()),
                correct: e.correct.clone(),
                variants: bad,
                source: vec![term.clone()],
                category: e.category.to_string(),
                context: Vec::new(),
                count: bad_count,
                score: bad_count as f64 * 2.0,
                examples: acc.examples.clone(),
                evidence: format!("{term} is rendered {}", shown.join(", ")),
            });
        }
        for (key, acc) in &self.pinyin {
            if acc.count < min_count || known_key(key) {
                continue;
            }
            let forms = by_count(&acc.forms);
            let entry = by_reading.get(key.as_str()).copied().or_else(|| {
                acc.sources
                    .keys()
                    .find_map(|t| by_source.get(t.as_str()).copied())
            });
            let foreign_share = acc.foreign as f64 / acc.count as f64;
            let chinese_share = acc.chinese as f64 / acc.count as f64;
            let syl = syllables(key).map_or(0, |v| v.len()) as f64;
            // Glued syllables ("Fengxili") and foreign context weigh most.
            let glued = forms
                .first()
                .map_or(0.0, |f| if f.contains([' ', '-']) { 0.0 } else { 0.5 });
            let mut score = acc.count as f64
                * (0.5 + foreign_share + glued - 0.4 * chinese_share).max(0.1)
                * (syl / 3.0).min(1.5);
            let (entry_id, correct, category) = match entry {
                Some(i) => {
                    let e = &entries[i];
                    // A rendering equal to the entry's own reading of a
                    // Chinese name (Xi Jinping) is not an artifact.
                    if e.correct.as_deref().map(compact).as_deref() == Some(key.as_str()) {
                        continue;
                    }
                    score *= 2.0;
                    (
                        Some(e.id.to_string()),
                        e.correct.clone(),
                        e.category.to_string(),
                    )
                }
                None => (None, None, "name/person".to_owned()),
            };
            let mut source: Vec<String> = acc.sources.keys().cloned().collect();
            if let Some(i) = entry {
                for t in &entries[i].source {
                    if !source.contains(t) && compact(&pinyin_reading(t)) == *key {
                        source.push(t.clone());
                    }
                }
            }
            out.push(Candidate {
                kind: Kind::Pinyin,
                entry: entry_id,
                correct,
                variants: forms,
                source,
                category,
                context: by_count(&acc.near).into_iter().take(3).collect(),
                count: acc.count,
                score,
                examples: acc.examples.clone(),
                evidence: format!(
                    "made of pinyin syllables, neither English nor a known name; {} of {} near Korean, Japanese or Southeast Asian words, {} near Chinese ones",
                    acc.foreign, acc.count, acc.chinese
                ),
            });
        }
        for (key, acc) in &self.literal {
            if acc.count < min_count || known_key(&compact(key)) {
                continue;
            }
            let forms = by_count(&acc.forms);
            let near = by_count(&acc.near);
            // The entry it belongs to: by source term, else the entry whose
            // listed variants share most glossed words with it.
            let entry = acc
                .sources
                .keys()
                .find_map(|t| by_source.get(t.as_str()).copied())
                .or_else(|| sibling_entry(matcher, key));
            let (entry_id, correct, category) = match entry {
                Some(i) => {
                    let e = &entries[i];
                    (
                        Some(e.id.to_string()),
                        e.correct.clone(),
                        e.category.to_string(),
                    )
                }
                None => (None, None, "event".to_owned()),
            };
            out.push(Candidate {
                kind: Kind::Literal,
                entry: entry_id,
                correct,
                variants: forms,
                source: acc.sources.keys().cloned().collect(),
                category,
                context: near.iter().take(3).cloned().collect(),
                count: acc.count,
                score: acc.count as f64 * if entry.is_some() { 2.0 } else { 1.0 },
                examples: acc.examples.clone(),
                evidence: format!(
                    "glosses of single Chinese characters, seen near {}",
                    near.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.variants.cmp(&b.variants))
        });
        dedupe(out)
    }
}

/// One candidate per (entry, spelling): when several kinds of evidence
/// propose the same variant, the best-scored candidate stays, its score
/// raised by the others' and their evidence appended.
fn dedupe(sorted: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(sorted.len());
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    for c in sorted {
        let key = (
            c.entry.clone(),
            c.variants.first().map(|v| compact(v)).unwrap_or_default(),
        );
        match seen.get(&key) {
            Some(&i) => {
                let kept = &mut out[i];
                kept.score += c.score / 2.0;
                kept.evidence = format!(
                    "{}; also {}: {}",
                    kept.evidence,
                    c.kind.as_str(),
                    c.evidence
                );
                for s in c.source {
                    if !kept.source.contains(&s) {
                        kept.source.push(s);
                    }
                }
            }
            None => {
                seen.insert(key, out.len());
                out.push(c);
            }
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.kind.cmp(&b.kind))
    });
    out
}

/// The entry whose listed variants share most (at least two) glossed words
/// with `phrase` ("golden special committee" → the entry with "Golden
/// Special Meeting").
fn sibling_entry(matcher: &Matcher, phrase: &str) -> Option<usize> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut best: Option<(usize, usize)> = None;
    for (i, e) in matcher.glossary().entries().iter().enumerate() {
        for v in &e.variants {
            let shared = v
                .split_whitespace()
                .filter(|w| {
                    gloss_chars(w).is_some() && words.iter().any(|x| x.eq_ignore_ascii_case(w))
                })
                .count();
            if shared >= 2 && best.is_none_or(|(_, b)| shared > b) {
                best = Some((i, shared));
            }
        }
    }
    best.map(|(i, _)| i)
}

fn by_count(m: &BTreeMap<String, usize>) -> Vec<String> {
    let mut v: Vec<(&String, &usize)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter().map(|(k, _)| k.clone()).collect()
}

/// A substring of Han characters in `source` whose pinyin reads `key`.
fn source_reading_as(source: &str, key: &str) -> Option<String> {
    let han: Vec<(usize, char)> = source.char_indices().collect();
    let readings: Vec<String> = han
        .iter()
        .map(|&(_, c)| pinyin_reading(&c.to_string()))
        .collect();
    for i in 0..han.len() {
        let mut acc = String::new();
        for j in i..han.len().min(i + 6) {
            if readings[j].is_empty() {
                break;
            }
            acc.push_str(&readings[j]);
            if acc == key {
                let start = han[i].0;
                let end = han[j].0 + han[j].1.len_utf8();
                return Some(source[start..end].to_owned());
            }
            if !key.starts_with(&acc) {
                break;
            }
        }
    }
    None
}

/// A run of characters in `source`, one per word, each among the
/// characters the word glosses (金特会 for Golden Special Meeting).
fn source_glossed_as(source: &str, words: &[&str]) -> Option<String> {
    let sets: Vec<&str> = words.iter().map(|w| gloss_chars(w).unwrap_or("")).collect();
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    'start: for i in 0..chars.len() {
        for (k, set) in sets.iter().enumerate() {
            match chars.get(i + k) {
                Some(&(_, c))
                    if set.contains(c) || set.is_empty() && crate::matcher::boundary::is_cjk(c) => {
                }
                _ => continue 'start,
            }
        }
        let start = chars[i].0;
        let (last, c) = chars[i + sets.len() - 1];
        return Some(source[start..last + c.len_utf8()].to_owned());
    }
    None
}

fn contains_word(text: &str, w: &str) -> bool {
    text.match_indices(w)
        .any(|(at, _)| crate::matcher::boundary::is_whole(text, at, at + w.len()))
}

/// Words (letters, digits, inner hyphens and apostrophes) of `text[s..e]`.
fn words_of(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[s..e].char_indices() {
        let i = s + i;
        let inner = (c == '-' || c == '\'') && start.is_some();
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push((st, i));
        }
    }
    if let Some(st) = start {
        out.push((st, e));
    }
    out.into_iter()
        .map(|(a, b)| {
            let w = text[a..b].trim_end_matches(['-', '\'']);
            (a, a + w.len())
        })
        .collect()
}

/// Maximal runs of capitalised words joined by single spaces or hyphens,
/// outside the first word of a sentence only when the run has two words
/// or more (a lone sentence-initial word is just capitalised prose).
fn capitalised_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut words = words_of(text, 0, text.len()).into_iter().peekable();
    while let Some((s, mut e)) = words.next() {
        if !text[s..].starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let mut n = 1;
        while let Some(&(ns, ne)) = words.peek() {
            let gap = &text[e..ns];
            if (gap == " " || gap == "-") && text[ns..].starts_with(|c: char| c.is_uppercase()) {
                e = ne;
                n += 1;
                words.next();
            } else {
                break;
            }
        }
        let sentence_start = text[..s]
            .trim_end_matches([' ', '"', '“', '\''])
            .chars()
            .last()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '。'));
        if n >= 2 || !sentence_start {
            runs.push((s, e));
        }
    }
    runs
}

/// `text` from about `n` bytes before `s` to `n` bytes after `e`.
fn around(text: &str, s: usize, e: usize, n: usize) -> &str {
    &text[window(text, s, e, n)]
}

/// The byte range of [`around`], on character boundaries.
fn window(text: &str, s: usize, e: usize, n: usize) -> std::ops::Range<usize> {
    let mut a = s.saturating_sub(n);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (e + n).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    a..b
}

/// Up to about 60 characters around `s..e`, on one line.
fn context_around(text: &str, s: usize, e: usize) -> String {
    let std::ops::Range { start: a, end: b } = window(text, s, e, 30);
    let a = match text[a..s].rfind('\n') {
        Some(i) => a + i + 1,
        // Start at a word.
        None if a > 0 => text[a..s].find(' ').map_or(a, |i| a + i + 1),
        None => a,
    };
    let b = match text[e..b].find('\n') {
        Some(i) => e + i,
        None if b < text.len() => text[e..b].rfind(' ').map_or(b, |i| e + i),
        None => b,
    };
    text[a..b].trim().to_owned()
}

/// The candidate as a glossary entry spec for `rules add --from`: an
/// existing entry's id with the new variants only, or a new entry.
pub fn to_spec(c: &Candidate, taken: &mut std::collections::HashSet<String>) -> Option<EntrySpec> {
    let correct = c.correct.clone()?;
    let id = match &c.entry {
        Some(id) => id.clone(),
        None => crate::glossary::exchange::make_id("", &correct, taken),
    };
    let mut e = EntrySpec::new(&id, &correct, &c.category);
    e.variants = c
        .variants
        .iter()
        .filter(|v| !v.eq_ignore_ascii_case(&correct))
        .cloned()
        .collect();
    e.source.clone_from(&c.source);
    if !c.context.is_empty() && c.entry.is_none() {
        e.context = Some(ContextSpec {
            any: c.context.clone(),
            ..ContextSpec::default()
        });
    }
    Some(e)
}

/// Candidates as commented glossary YAML: each with its evidence and
/// examples; those without a proposed correct form are commented out
/// until a reviewer fills it in.
pub fn to_yaml(candidates: &[Candidate]) -> String {
    let mut out = String::from(
        "# Candidates from `mtfix mine`, best first. Review each, then merge with\n# `mtfix rules add FILE --from THIS_FILE`. Entries without a correct form are\n# commented out: fill in `correct`, add a test and a note, then uncomment.\n",
    );
    let mut taken = std::collections::HashSet::new();
    for (rank, c) in candidates.iter().enumerate() {
        out.push('\n');
        out.push_str(&format!(
            "# #{} {} ×{} (score {:.1}){}: {}\n",
            rank + 1,
            c.kind.as_str(),
            c.count,
            c.score,
            c.entry
                .as_deref()
                .map(|e| format!(", entry {e}"))
                .unwrap_or_default(),
            c.evidence
        ));
        for ex in &c.examples {
            out.push_str(&format!(
                "#   {}:{}: {}\n",
                ex.doc,
                ex.line,
                ex.context.replace('\n', " ")
            ));
        }
        match to_spec(c, &mut taken) {
            Some(spec) => {
                crate::glossary::spec::write_entry(&mut out, &spec);
            }
            None => {
                let mut spec = EntrySpec::new("", "", &c.category);
                spec.id = crate::glossary::exchange::make_id(
                    "",
                    c.variants.first().map_or("candidate", String::as_str),
                    &mut taken,
                );
                spec.correct = Some("FILL IN".into());
                spec.variants.clone_from(&c.variants);
                spec.source.clone_from(&c.source);
                if !c.context.is_empty() {
                    spec.context = Some(ContextSpec {
                        any: c.context.clone(),
                        ..ContextSpec::default()
                    });
                }
                let mut block = String::new();
                crate::glossary::spec::write_entry(&mut block, &spec);
                for line in block.lines() {
                    out.push_str("# ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::report::escape_html(s, &mut out);
    out
}

/// Candidates as one self-contained HTML page (no network; style and script
/// inline; every text escaped): a table to read and filter by kind, with
/// the evidence and examples of each candidate.
pub fn to_html(candidates: &[Candidate]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in candidates {
        *counts.entry(c.kind.as_str()).or_default() += 1;
    }
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mtfix mine: candidates</title>\n<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}.kind{font-family:monospace}.ex{color:#555;font-size:12px}tr.hidden{display:none}</style>\n</head><body>\n<h1>Candidate glossary entries</h1>\n<p>",
    );
    out.push_str(&format!("{} candidates", candidates.len()));
    for (k, n) in &counts {
        out.push_str(&format!(", {n} {}", esc(k)));
    }
    out.push_str(". Filter: <select id=\"kind\"><option value=\"\">all kinds</option>");
    for k in counts.keys() {
        out.push_str(&format!("<option>{}</option>", esc(k)));
    }
    out.push_str("</select></p>\n<table><thead><tr><th>#</th><th>kind</th><th>entry</th><th>correct</th><th>variants</th><th>source</th><th>count</th><th>score</th><th>evidence and examples</th></tr></thead><tbody>\n");
    for (i, c) in candidates.iter().enumerate() {
        out.push_str(&format!(
            "<tr data-kind=\"{}\"><td>{}</td><td class=\"kind\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}",
            esc(c.kind.as_str()),
            i + 1,
            esc(c.kind.as_str()),
            esc(c.entry.as_deref().unwrap_or("(new)")),
            esc(c.correct.as_deref().unwrap_or("?")),
            esc(&c.variants.join(" | ")),
            esc(&c.source.join(" ")),
            c.count,
            c.score,
            esc(&c.evidence),
        ));
        for ex in &c.examples {
            out.push_str(&format!(
                "<div class=\"ex\">{}:{}: {}</div>",
                esc(&ex.doc),
                ex.line,
                esc(&ex.context)
            ));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n<script>\ndocument.getElementById('kind').addEventListener('change', function (e) {\n  var k = e.target.value;\n  document.querySelectorAll('tbody tr').forEach(function (r) {\n    r.classList.toggle('hidden', k !== '' && r.dataset.kind !== k);\n  });\n});\n</script>\n</body></html>\n");
    out
}
