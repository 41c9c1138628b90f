//! Matchers: glossary → [`Matcher`] → [`Finding`]s.
//!
//! [`Matcher::new`] compiles a [`Glossary`] once; [`Matcher::find`] runs it
//! over a text and returns every candidate finding, context and protection
//! already applied but overlaps not yet resolved (that is
//! [`crate::rewrite::resolve`]'s job).

pub mod boundary;
pub mod case;
mod context;
mod exact;
pub mod fuzzy;
mod prefilter;
mod regex;
pub(crate) mod source;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use self::regex::Patterns;
use crate::glossary::{Action, Entry, Glossary, Scope};
use context::{ContextIndex, ContextMatcher, Hit};
pub(crate) use exact::{Edit, Hit as LiteralHit};
use exact::{Exact, Role};

/// What a text's matching needs that depends on its text alone, so that a
/// re-check after a fix can carry it over away from the edits: the literal
/// matches of the findings' patterns, the correct forms everywhere or
/// (`None`) only where a finding needs them, the fuzzy matcher's raw
/// hits, and the pattern entries' matches.
#[derive(Debug, Clone)]
pub(crate) struct LiteralHits {
    found: Vec<LiteralHit>,
    protect: Option<Vec<LiteralHit>>,
    fuzzy: Vec<fuzzy::Hit>,
    patterns: Vec<regex::PatternHit>,
}

/// What a re-check that reads only the touched lines needs: the lines of
/// `new_text` (a text with `edits` applied) that an edit touched, and
/// where a match of the old text lands in the new one.
pub(crate) struct Carry<'a> {
    edits: &'a [Edit],
    /// Net length change of the edits before each edit, and after all.
    deltas: Vec<isize>,
    /// The touched lines, as merged byte ranges without their final line
    /// feed: the line where each edit's new text starts, through the line
    /// where it ends. A line outside them has the same bytes as before, and
    /// the same neighbours (a line feed, or the start or end of the text).
    pub dirty: Vec<(usize, usize)>,
}

impl<'a> Carry<'a> {
    pub(crate) fn new(new_text: &str, edits: &'a [Edit]) -> Carry<'a> {
        let bytes = new_text.as_bytes();
        let mut dirty: Vec<(usize, usize)> = Vec::new();
        let mut deltas = Vec::with_capacity(edits.len() + 1);
        let mut delta: isize = 0;
        for e in edits {
            deltas.push(delta);
            let start = (e.old.start as isize + delta) as usize;
            let end = start + e.new_len;
            let lo = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
            let hi = memchr::memchr(b'\n', &bytes[end..]).map_or(new_text.len(), |i| end + i);
            match dirty.last_mut() {
                Some(d) if lo <= d.1 => d.1 = d.1.max(hi),
                _ => dirty.push((lo, hi)),
            }
            delta += e.new_len as isize - e.old.len() as isize;
        }
        deltas.push(delta);
        Carry {
            edits,
            deltas,
            dirty,
        }
    }

    /// Where the old text's `start..end` lies in the new text, or `None`
    /// when an edit overlaps it or it lies on a touched line (which is
    /// read again).
    pub(crate) fn shift(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let i = self.edits.partition_point(|e| e.old.end <= start);
        if self.edits.get(i).is_some_and(|e| e.old.start < end) {
            return None;
        }
        let (start, end) = (
            (start as isize + self.deltas[i]) as usize,
            (end as isize + self.deltas[i]) as usize,
        );
        let k = self.dirty.partition_point(|&(_, hi)| hi < start);
        if self.dirty.get(k).is_some_and(|&(lo, _)| lo <= end) {
            return None;
        }
        Some((start, end))
    }
}

pub use exact::spellings;
pub use fuzzy::{FuzzyMode, FuzzyOptions};
pub use source::pinyin_reading;

/// How a finding was found. Ordered by specificity: the resolver prefers
/// `Exact` over `Regex` over `Source` over `Fuzzy` for the same span length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A literal variant from the glossary.
    Exact,
    /// A pattern entry.
    Regex,
    /// Evidence from the Chinese source.
    Source,
    /// A fuzzy match against a glossary term.
    Fuzzy,
}

impl Method {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Regex => "regex",
            Method::Source => "source",
            Method::Fuzzy => "fuzzy",
        }
    }
}

/// One artifact found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The id of the glossary entry.
    pub rule: Arc<str>,
    /// The entry's category.
    pub category: Arc<str>,
    /// Byte range in the text; always on char boundaries.
    pub span: Range<usize>,
    /// `text[span]`.
    pub matched: String,
    /// What the span becomes (`""` deletes); `None` for report-only findings.
    pub replacement: Option<String>,
    /// 0..=1.
    pub confidence: f64,
    /// Whether `fix` applies it without `--suggestions`.
    pub action: Action,
    /// How it was found.
    pub method: Method,
    /// One line for people.
    pub message: String,
    /// The Chinese source term that confirmed or located the finding.
    pub source_term: Option<String>,
    /// 1-based segment (line, record, unit) of a bilingual input.
    pub segment: Option<usize>,
    /// Position of the entry in the glossary: the last tie-breaker.
    #[serde(skip)]
    pub entry: usize,
}

/// The matcher could not be built (should not happen for a glossary that
/// loaded: loading already compiles every pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Confidence of a follow-up relative to its entry: a lone surname is a
/// weaker signal than the full name.
const FOLLOW_UP_FACTOR: f64 = 0.9;

/// Title words that may stand before a lone surname without making it part
/// of another name ("President Wen").
const TITLES: &[&str] = &[
    "President",
    "Premier",
    "Minister",
    "Chairman",
    "Chairwoman",
    "Secretary",
    "Leader",
    "General",
    "Ambassador",
    "Envoy",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Professor",
    "Director",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Governor",
    "Mayor",
    "Senator",
    "Representative",
    "Chief",
];

/// A compiled glossary.
///
/// ```
/// use mtfix::{Glossary, Matcher};
/// let matcher = Matcher::new(Glossary::builtin())?;
/// let findings = matcher.find("US President Trump spoke to Wen Zai of South Korea.");
/// assert_eq!(findings[0].replacement.as_deref(), Some("Moon Jae-in"));
/// # Ok::<(), mtfix::BuildError>(())
/// ```
#[derive(Debug)]
pub struct Matcher {
    glossary: Glossary,
    exact: Exact,
    patterns: Patterns,
    context_index: ContextIndex,
    contexts: Vec<Option<ContextMatcher>>,
    fuzzy: Option<fuzzy::FuzzyIndex>,
    sources: source::SourceIndex,
}

/// How a [`Matcher`] matches, beyond what the glossary says.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MatchOptions {
    /// Fuzzy matching of unlisted variants.
    pub fuzzy: FuzzyOptions,
}

/// Per-text state of the context checks: the context hits (scanned once,
/// when first needed) and the verdicts per (entry, scope).
#[derive(Default)]
struct ContextCache {
    /// The context words in each scope searched so far.
    hits: HashMap<(usize, usize), Vec<Hit>>,
    verdicts: HashMap<(usize, usize), bool>,
    /// Entries whose `source_confirms` term the source segment contains:
    /// their `any` words are not needed.
    confirmed: Vec<usize>,
}

/// A match before context and case are applied.
struct Candidate {
    entry: usize,
    start: usize,
    end: usize,
    method: Method,
    /// The glossary spelling that matched (for case), if literal.
    listed: Option<usize>,
    /// A filled-in template, for pattern entries with `replace`.
    expanded: Option<String>,
}

impl Matcher {
    /// Compiles `glossary` with the default [`MatchOptions`].
    ///
    /// # Errors
    /// Only when an automaton cannot be built (e.g. too large).
    pub fn new(glossary: Glossary) -> Result<Matcher, BuildError> {
        Self::with_options(glossary, MatchOptions::default())
    }

    /// Compiles `glossary` with `options`.
    ///
    /// ```
    /// use mtfix::{FuzzyMode, FuzzyOptions, Glossary, MatchOptions, Matcher, Method};
    /// let options = MatchOptions { fuzzy: FuzzyOptions { mode: FuzzyMode::Suggest, ..Default::default() } };
    /// let matcher = Matcher::with_options(Glossary::builtin(), options)?;
    /// let f = &matcher.find("In Seoul, Moon Jae In spoke.")[0];
    /// assert_eq!((f.method, f.replacement.as_deref()), (Method::Fuzzy, Some("Moon Jae-in")));
    /// # Ok::<(), mtfix::BuildError>(())
    /// ```
    ///
    /// # Errors
    /// Only when an automaton cannot be built (e.g. too large).
    pub fn with_options(glossary: Glossary, options: MatchOptions) -> Result<Matcher, BuildError> {
        // The parts are independent: built side by side when the thread
        // pool has room.
        let (exact, rest) = rayon::join(
            || Exact::build(&glossary),
            || {
                rayon::join(
                    || {
                        (options.fuzzy.mode != FuzzyMode::Off)
                            .then(|| fuzzy::FuzzyIndex::build(&glossary, options.fuzzy))
                    },
                    || -> Result<_, BuildError> {
                        Ok((
                            Patterns::build(&glossary)?,
                            context::build(&glossary)?,
                            source::SourceIndex::build(&glossary)?,
                        ))
                    },
                )
            },
        );
        let exact = exact?;
        let (fuzzy, rest) = rest;
        let (patterns, (context_index, contexts), sources) = rest?;
        Ok(Matcher {
            glossary,
            exact,
            patterns,
            context_index,
            contexts,
            fuzzy,
            sources,
        })
    }

    /// The glossary this matcher was built from.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Every candidate finding in `text`, sorted by position. Overlapping
    /// findings are possible; resolve them with [`crate::rewrite::resolve`].
    pub fn find(&self, text: &str) -> Vec<Finding> {
        self.find_with_source(text, None)
    }

    /// The entries whose source terms occur in `source`: `(entry index,
    /// term)`, each entry once, in order of position.
    pub fn source_terms(&self, source: &str) -> Vec<(usize, String)> {
        self.sources
            .found(source)
            .into_iter()
            .map(|h| (h.entry, h.term))
            .collect()
    }

    /// Correct forms and alternatives written in `text` (whole words, any
    /// case): `(entry index, start, end)`, in order.
    pub fn mentions(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.exact
            .hits(text, true)
            .into_iter()
            .map(|h| (h.info.entry as usize, h.start, h.end))
            .collect()
    }

    /// Like [`find`](Self::find), with `source`, the Chinese source of
    /// `text`, as evidence (see the `source` module docs in
    /// `src/matcher/source.rs`): findings it confirms become fixes, findings
    /// it contradicts become suggestions, and a source term the target
    /// lacks is located (`Method::Source`) or reported.
    ///
    /// ```
    /// use mtfix::{Glossary, Matcher, Method};
    /// let m = Matcher::new(Glossary::builtin())?;
    /// let f = m.find_with_source("Moon Zai-in spoke in Seoul.", Some("文在寅在首尔讲话。"));
    /// assert_eq!((f[0].method, f[0].replacement.as_deref()), (Method::Source, Some("Moon Jae-in")));
    /// # Ok::<(), mtfix::BuildError>(())
    /// ```
    pub fn find_with_source(&self, text: &str, source: Option<&str>) -> Vec<Finding> {
        self.find_with_hits(text, source, &self.literal_hits(text, source))
    }

    /// The literal matches of `text`, for [`find_with_hits`](Self::find_with_hits).
    pub(crate) fn literal_hits(&self, text: &str, source: Option<&str>) -> LiteralHits {
        LiteralHits {
            found: self.exact.hits(text, false),
            protect: self
                .needs_all_correct_forms(source)
                .then(|| self.exact.hits(text, true)),
            fuzzy: self.fuzzy.as_ref().map(|f| f.raw(text)).unwrap_or_default(),
            patterns: self.patterns.hits(text),
        }
    }

    /// Source evidence looks at every correct form in the text; otherwise
    /// only those around a match (exact, pattern or fuzzy) matter.
    fn needs_all_correct_forms(&self, source: Option<&str>) -> bool {
        source.is_some()
    }

    /// The literal matches of `new_text`, which is a text whose literal
    /// matches were `old` with `edits` applied; only the text near the
    /// edits is searched.
    pub(crate) fn literal_hits_after(
        &self,
        old: &LiteralHits,
        new_text: &str,
        edits: &[Edit],
    ) -> LiteralHits {
        LiteralHits {
            found: self.exact.hits_after(&old.found, new_text, edits, false),
            protect: old
                .protect
                .as_ref()
                .map(|p| self.exact.hits_after(p, new_text, edits, true)),
            fuzzy: self
                .fuzzy
                .as_ref()
                .map(|f| f.raw_after(&old.fuzzy, new_text, edits))
                .unwrap_or_default(),
            patterns: self.patterns.hits_after(&old.patterns, new_text, edits),
        }
    }

    /// [`find_with_source`](Self::find_with_source) with the literal matches
    /// of `text` already found.
    pub(crate) fn find_with_hits(
        &self,
        text: &str,
        source: Option<&str>,
        hits: &LiteralHits,
    ) -> Vec<Finding> {
        // A "source" without a single Chinese character (a JSON field named
        // `source` holding "Xinhua", a line of numbers) is no evidence.
        let source = source.filter(|s| s.chars().any(boundary::is_cjk));
        let entries = self.glossary.entries();
        let mut candidates = Vec::new();
        let mut protected: Vec<(usize, usize)> = Vec::new();
        let mut present: Vec<usize> = Vec::new();
        let mut follow_ups: Vec<(usize, u32, usize, usize)> = Vec::new();
        for &LiteralHit {
            info, start, end, ..
        } in &hits.found
        {
            let entry = info.entry as usize;
            match info.role {
                Role::FollowUp(j) => follow_ups.push((entry, j, start, end)),
                Role::Variant { listed } => candidates.push(Candidate {
                    entry,
                    start,
                    end,
                    method: Method::Exact,
                    listed: Some(listed as usize),
                    expanded: None,
                }),
                Role::Protect => {}
            }
        }
        for h in &hits.patterns {
            let replacement = h
                .expanded
                .as_deref()
                .or(entries[h.entry as usize].replacement());
            if replacement == Some(&text[h.start..h.end]) {
                continue; // a no-op is not an artifact
            }
            let (start, end, expanded) =
                trim_context(text, h.start, h.end, replacement, h.expanded.as_deref());
            candidates.push(Candidate {
                entry: h.entry as usize,
                start,
                end,
                method: Method::Regex,
                listed: None,
                expanded,
            })
        }
        if candidates.is_empty() && self.fuzzy.is_none() && source.is_none() {
            return Vec::new();
        }
        let near;
        let protect = match &hits.protect {
            Some(all) => all,
            None => {
                let spans = candidates
                    .iter()
                    .map(|c| (c.start, c.end))
                    .chain(follow_ups.iter().map(|&(_, _, s, e)| (s, e)));
                near = self.exact.protect_near(text, spans);
                &near
            }
        };
        for &LiteralHit {
            info, start, end, ..
        } in protect
        {
            let entry = info.entry as usize;
            protected.push((start, end));
            present.push(entry);
        }
        protected.sort_unstable();
        candidates.sort_by_key(|c| (c.start, c.end, c.entry));

        let inside_protected = |start: usize, end: usize| {
            let upto = protected.partition_point(|&(s, _)| s <= start);
            protected[..upto]
                .iter()
                .rev()
                .take_while(|&&(s, _)| s + self.exact.max_protect_len >= end)
                .any(|&(s, e)| e >= end && (s, e) != (start, end))
        };

        let mut cache = ContextCache::default();
        let source_hits = source.map(|s| self.sources.found(s)).unwrap_or_default();
        cache.confirmed = source_hits
            .iter()
            .filter(|h| entries[h.entry].source_confirms)
            .map(|h| h.entry)
            .collect();
        let mut findings = Vec::new();
        for c in &candidates {
            if inside_protected(c.start, c.end) {
                continue;
            }
            let e = &entries[c.entry];
            if !self.context_allows(text, c.entry, c.start, c.end, &candidates, &mut cache) {
                continue;
            }
            let listed = c.listed.map(|i| e.variants[i].as_str());
            let Some(replacement) = c.expanded.as_deref().or(e.replacement()) else {
                continue;
            };
            findings.push(self.finding(
                text,
                e,
                c.entry,
                c.start,
                c.end,
                c.method,
                listed,
                replacement,
                e.confidence,
            ));
        }

        if let Some(fz) = &self.fuzzy {
            self.fuzzy_findings(
                text,
                fz,
                &hits.fuzzy,
                &candidates,
                &mut cache,
                &mut findings,
            );
        }

        // Follow-ups: after an entry's first finding, its lone short forms.
        if !follow_ups.is_empty() {
            let mut first_end: HashMap<usize, usize> = HashMap::new();
            for f in &findings {
                first_end.entry(f.entry).or_insert(f.span.end);
            }
            for &(entry, j, start, end) in &follow_ups {
                let Some(&after) = first_end.get(&entry) else {
                    continue;
                };
                if start < after || !is_lone_name(text, start, end) || inside_protected(start, end)
                {
                    continue;
                }
                if !self.context_allows(text, entry, start, end, &candidates, &mut cache) {
                    continue;
                }
                let e = &entries[entry];
                let fu = &e.follow_up[j as usize];
                let confidence = e.confidence * FOLLOW_UP_FACTOR;
                findings.push(self.finding(
                    text,
                    e,
                    entry,
                    start,
                    end,
                    Method::Exact,
                    Some(&fu.variant),
                    &fu.correct,
                    confidence,
                ));
            }
        }
        if source.is_some() {
            self.source_evidence(
                text,
                &source_hits,
                &mut findings,
                &present,
                &candidates,
                &protected,
                &mut cache,
            );
        }

        // A finding that would write what is already there is no finding
        // (a correct form in capitals, say).
        findings.retain(|f| f.replacement.as_deref() != Some(f.matched.as_str()));
        findings.sort_by_key(|f| (f.span.start, f.span.end, f.entry));
        findings
    }

    /// Applies the evidence of `src` (see `source.rs`).
    #[allow(clippy::too_many_arguments)]
    fn source_evidence(
        &self,
        text: &str,
        hits: &[source::SourceHit],
        findings: &mut Vec<Finding>,
        present: &[usize],
        candidates: &[Candidate],
        protected: &[(usize, usize)],
        cache: &mut ContextCache,
    ) {
        let entries = self.glossary.entries();
        for f in findings.iter_mut() {
            if entries[f.entry].source.is_empty() {
                continue;
            }
            match hits.iter().find(|h| h.entry == f.entry) {
                Some(h) => {
                    f.confidence = f.confidence.max(source::CONFIRMED);
                    // Confirmed: as strong as the entry allows.
                    f.action = entries[f.entry].action;
                    f.message.push_str(&format!("; the source has {}", h.term));
                    f.source_term = Some(h.term.clone());
                }
                None => {
                    f.action = Action::Suggest;
                    f.confidence *= 0.5;
                    let terms = self.sources.terms_of(f.entry).join(", ");
                    f.message
                        .push_str(&format!("; but the source has none of {terms}"));
                }
            }
        }
        let mut busy: Vec<(usize, usize)> = findings
            .iter()
            .map(|f| (f.span.start, f.span.end))
            .collect();
        busy.extend(protected.iter().copied());
        busy.extend(candidates.iter().map(|c| (c.start, c.end)));
        let len = text.len().max(1) as f64;
        for h in hits {
            let e = &entries[h.entry];
            let Some(correct) = e.correct.as_deref() else {
                continue;
            };
            // Already found, already right, or being written by another
            // entry with the same correct form (金特会 has two entries).
            let written =
                |f: &Finding| f.entry == h.entry || f.replacement.as_deref() == Some(correct);
            if findings.iter().any(written) || present.contains(&h.entry) {
                continue;
            }
            // For a name, a distinctive word of the correct form already there
            // ("Biegun told reporters", "President Moon") is the name written
            // short. (Not for other terms: "Trump" in "Trump-Kim summit".)
            let written_short = e.category.starts_with("name/")
                && correct
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|w| {
                        w.chars().count() >= 4 && w.chars().next().is_some_and(char::is_uppercase)
                    })
                    .any(|w| {
                        text.match_indices(w).any(|(i, _)| {
                            boundary::is_whole(text, i, i + w.len())
                                && is_lone_name(text, i, i + w.len())
                        })
                    });
            if written_short {
                continue;
            }
            let reading = source::pinyin_reading(&h.term);
            let keys: Vec<String> = std::iter::once(correct)
                .chain(e.variants.iter().map(String::as_str))
                .chain(std::iter::once(reading.as_str()))
                .map(fuzzy::compact)
                .collect();
            let best = fuzzy::name_spans(text, 4, false)
                .into_iter()
                .filter(|&(s, end)| !busy.iter().any(|&(bs, be)| bs < end && s < be))
                .map(|(s, end)| {
                    let score = source::locate_score(&text[s..end], &keys)
                        - 0.1 * ((s as f64 / len) - h.position).abs();
                    (score, s, end)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((score, s, end)) if score >= source::LOCATE_MIN => {
                    if !self.context_allows(text, h.entry, s, end, candidates, cache) {
                        continue;
                    }
                    let confidence = (score * e.confidence).min(1.0);
                    let mut f = self.finding(
                        text,
                        e,
                        h.entry,
                        s,
                        end,
                        Method::Source,
                        Some(&text[s..end]),
                        correct,
                        confidence,
                    );
                    f.action = if score >= source::LOCATE_FIX {
                        Action::Fix
                    } else {
                        Action::Suggest
                    }
                    .min(entries[h.entry].action);
                    f.message = format!(
                        "{}: the source has {} ({reading}); {score:.2} similar",
                        f.message, h.term
                    );
                    f.source_term = Some(h.term.clone());
                    busy.push((f.span.start, f.span.end));
                    findings.push(f);
                }
                _ => {
                    let start = text.len() - text.trim_start().len();
                    let end = text.trim_end().len();
                    if start >= end
                        || !self.context_allows(text, h.entry, start, end, candidates, cache)
                    {
                        continue;
                    }
                    findings.push(Finding {
                        rule: e.id.clone(),
                        category: e.category.clone(),
                        span: start..end,
                        matched: text[start..end].to_owned(),
                        replacement: None,
                        confidence: e.confidence,
                        action: Action::Suggest,
                        method: Method::Source,
                        message: format!(
                            "the source has {} but the target lacks {correct:?}",
                            h.term
                        ),
                        source_term: Some(h.term.clone()),
                        segment: None,
                        entry: h.entry,
                    });
                }
            }
        }
    }

    /// Fuzzy findings: name-like spans that no exact or pattern candidate
    /// and no correct form covers, gated into fix or suggest.
    fn fuzzy_findings(
        &self,
        text: &str,
        fz: &fuzzy::FuzzyIndex,
        raw: &[fuzzy::Hit],
        candidates: &[Candidate],
        cache: &mut ContextCache,
        findings: &mut Vec<Finding>,
    ) {
        let mut blocking: Vec<(usize, usize)> =
            candidates.iter().map(|c| (c.start, c.end)).collect();
        blocking.sort_unstable();
        // The furthest end among the spans up to each one: a span overlaps
        // [start, end) iff one of those starting before `end` ends after
        // `start`, whatever the spans' lengths.
        let furthest: Vec<usize> = blocking
            .iter()
            .scan(0, |far, &(_, e)| {
                *far = e.max(*far);
                Some(*far)
            })
            .collect();
        let entries = self.glossary.entries();
        // A correct form written exactly so (case included) is left alone
        // ("Moon Jae-In" is a case variant for the exact matcher to fix).
        // Asked only of spans with a fuzzy match, so the correct forms are
        // searched around those only (the last window searched is kept for
        // the next span, often in the same run of names).
        // Most spans asked about are a correct form themselves (a name
        // written right matches its own accepted form): a hash look-up tells
        // those, and a later span overlapping one of them is blocked too.
        let reach = self.exact.max_protect_len;
        let mut window = (0, 0);
        let mut right: Vec<(usize, usize)> = Vec::new();
        let mut known: Vec<(usize, usize)> = Vec::new();
        let mut written_right = |start: usize, end: usize| {
            // Spans come sorted by start: those ending before it are done with.
            known.retain(|&(_, e)| e > start);
            if known.iter().any(|&(s, _)| s < end) {
                return true;
            }
            if self.exact.is_written_right(text, start, end) {
                known.push((start, end));
                return true;
            }
            let need = (start.saturating_sub(reach), (end + reach).min(text.len()));
            if need.0 < window.0 || need.1 > window.1 {
                window = need;
                right.clear();
                right.extend(
                    self.exact
                        .protect_in(text, window.0, window.1)
                        .iter()
                        .filter(|h| {
                            let e = &entries[h.info.entry as usize];
                            let found = &text[h.start..h.end];
                            e.correct
                                .iter()
                                .chain(&e.alternatives)
                                .chain(&e.replace)
                                .any(|c| c == found)
                        })
                        .map(|h| (h.start, h.end)),
                );
            }
            right.iter().any(|&(s, e)| s < end && start < e)
        };
        let blocked = |start: usize, end: usize| {
            let upto = blocking.partition_point(|&(s, _)| s < end);
            (upto > 0 && furthest[upto - 1] > start) || written_right(start, end)
        };
        let options = fz.options();
        for hit in fuzzy::FuzzyIndex::select(raw, blocked) {
            let entry = hit.entry as usize;
            let e = &entries[entry];
            if !self.context_allows(text, entry, hit.start, hit.end, candidates, cache) {
                continue;
            }
            let Some(correct) = e.correct.as_deref() else {
                continue;
            };
            // A near-miss of an accepted form becomes that form ("Joe Bidenn" → "Joe Biden").
            let correct = fz.accepted(hit.term).unwrap_or(correct);
            let confidence = hit.similarity * e.confidence;
            let threshold = e.fuzzy_fix_at.unwrap_or(options.min_confidence);
            // The term it matched is the listed spelling, for case, as for exact matches.
            let listed = Some(fz.term(hit.term));
            let mut f = self.finding(
                text,
                e,
                entry,
                hit.start,
                hit.end,
                Method::Fuzzy,
                listed,
                correct,
                confidence,
            );
            f.action = match options.mode {
                FuzzyMode::Fix if confidence + 1e-9 >= threshold => Action::Fix,
                _ => Action::Suggest,
            }
            .min(e.action);
            f.message = format!(
                "{} (fuzzy: {:.2} similar to {:?})",
                f.message,
                hit.similarity,
                fz.term(hit.term)
            );
            findings.push(f);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        text: &str,
        e: &Entry,
        entry: usize,
        start: usize,
        end: usize,
        method: Method,
        listed: Option<&str>,
        replacement: &str,
        confidence: f64,
    ) -> Finding {
        let (start, end) = if e.strip_quotes {
            boundary::quoted(text, start, end).unwrap_or((start, end))
        } else {
            (start, end)
        };
        let core = &text[start..end];
        let replacement = case::adapt(
            e.case,
            core,
            listed,
            replacement,
            boundary::at_sentence_start(text, start),
        );
        let message = if replacement.is_empty() {
            format!("delete {core:?}")
        } else {
            format!("{core:?} → {replacement:?}")
        };
        Finding {
            rule: e.id.clone(),
            category: e.category.clone(),
            span: start..end,
            matched: core.to_owned(),
            replacement: Some(replacement),
            confidence,
            action: e.action,
            method,
            message,
            source_term: None,
            segment: None,
            entry,
        }
    }

    /// Whether entry `entry`'s context holds for a match at `start..end`.
    fn context_allows(
        &self,
        text: &str,
        entry: usize,
        start: usize,
        end: usize,
        candidates: &[Candidate],
        cache: &mut ContextCache,
    ) -> bool {
        let Some(ctx) = &self.contexts[entry] else {
            return true;
        };
        if !ctx.neighbours_allow(text, start, end) {
            return false;
        }
        let scope = match ctx.scope {
            Scope::Document => 0..text.len(),
            Scope::Paragraph => boundary::paragraph(text, start),
        };
        if let Some(&verdict) = cache.verdicts.get(&(entry, scope.start)) {
            return verdict;
        }
        // Only the scope's words count: a paragraph is searched for them
        // the first time a match in it needs them.
        let hits = cache
            .hits
            .entry((scope.start, scope.end))
            .or_insert_with(|| self.context_index.hits_in(text, scope.clone()));
        // What other entries will rewrite in the scope, and the context
        // words they write: context is judged on the fixed text.
        let others: Vec<(Range<usize>, std::borrow::Cow<'_, [u32]>)> = candidates
            .iter()
            .filter(|c| c.entry != entry && c.start >= scope.start && c.end <= scope.end)
            .map(|c| {
                (
                    c.start..c.end,
                    self.context_index
                        .words_written(c.entry, c.expanded.as_deref()),
                )
            })
            .collect();
        let waive_any = cache.confirmed.contains(&entry);
        let verdict = ctx.scope_allows(hits, scope.clone(), &others, waive_any);
        cache.verdicts.insert((entry, scope.start), verdict);
        verdict
    }
}

/// Narrows a pattern match to what it changes. The regex crate has no
/// look-around, so patterns match the text they need as context: the
/// whitespace before (`(^|\s)of'`) and the letters after (`of'([a-z])`).
/// Whitespace that the match and its replacement share at the start, and
/// letters or whitespace they share at the end, are not part of the edit;
/// leaving them in would make the finding overlap its neighbours' (a
/// deleted line before it, a name after it). At least one character of the
/// match is kept. Returns the new span and, if it changed, the replacement.
fn trim_context(
    text: &str,
    start: usize,
    end: usize,
    replacement: Option<&str>,
    expanded: Option<&str>,
) -> (usize, usize, Option<String>) {
    let Some(repl) = replacement else {
        return (start, end, expanded.map(str::to_owned));
    };
    let m = &text[start..end];
    // Never trim the whole match away: keep at least its last character.
    let limit = m.len() - m.chars().next_back().map_or(0, char::len_utf8);
    let head = m
        .chars()
        .zip(repl.chars())
        .take_while(|(a, b)| a == b && a.is_whitespace())
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>()
        .min(limit);
    let (m, r) = (&m[head..], &repl[head..]);
    let tail = m
        .chars()
        .rev()
        .zip(r.chars().rev())
        .take_while(|(a, b)| a == b && (a.is_whitespace() || a.is_alphanumeric()))
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let tail = tail.min(m.len().saturating_sub(1));
    if head == 0 && tail == 0 {
        return (start, end, expanded.map(str::to_owned));
    }
    let trimmed = r[..r.len() - tail].to_owned();
    (start + head, end - tail, Some(trimmed))
}

/// A lone name: not followed by another capitalised word ("Wen Jiabao"),
/// and not preceded by one unless that is a title or starts the sentence.
fn is_lone_name(text: &str, start: usize, end: usize) -> bool {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if boundary::next_word(text, end).is_some_and(capitalised) {
        return false;
    }
    match boundary::prev_word(text, start) {
        Some(w) if capitalised(w) => {
            let w_start = text[..start]
                .trim_end_matches([' ', '\t', '\u{00A0}'])
                .len()
                - w.len();
            TITLES.contains(&w) || boundary::at_sentence_start(text, w_start)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::trim_context;

    #[test]
    fn pattern_spans_are_trimmed_to_the_edit() {
        let text = "x\nin'wait";
        // `(^|\s)(in)(')` matched "\nin'" and writes "\nin '".
        assert_eq!(
            trim_context(text, 1, 5, Some("\nin '"), Some("\nin '")),
            (2, 5, Some("in '".to_owned()))
        );
        // Nothing shared: unchanged.
        assert_eq!(
            trim_context(text, 2, 5, Some("in '"), Some("in '")),
            (2, 5, Some("in '".to_owned()))
        );
        // Letters matched as look-ahead are trimmed from the end.
        assert_eq!(
            trim_context("of'wait", 0, 4, Some("of 'w"), None),
            (0, 3, Some("of '".to_owned()))
        );
        // A deletion keeps its whole span.
        assert_eq!(trim_context(text, 0, 2, Some(""), None), (0, 2, None));
        // Never trimmed to nothing.
        assert_eq!(trim_context(" ", 0, 1, Some("  "), None), (0, 1, None));
    }
}
