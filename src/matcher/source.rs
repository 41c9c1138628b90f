//! Source evidence: what the Chinese source segment says the English must
//! contain.
//!
//! The `source` terms of all entries (simplified and traditional) go into
//! one Aho-Corasick automaton run over the source segment. For each entry
//! whose term the source contains:
//!
//! * a finding of that entry in the target is *confirmed*: it becomes a fix
//!   with confidence at least [`CONFIRMED`] (a fuzzy finding included);
//! * if the target already has the entry's correct form or an alternative,
//!   nothing happens;
//! * otherwise the target span MT made of the term is *located*: the
//!   name-like span most similar to the correct form, to a known variant, or
//!   to the pinyin reading of the term ("Wen Zaiyin" for 文在寅), with its
//!   position as a tie-breaker. Found: a `source` finding; not found: a
//!   report-only finding ("the source has 文在寅, the target lacks Moon
//!   Jae-in").
//!
//! And a finding of an entry that has source terms, none of which the
//! source contains, is *contradicted*: it is only a suggestion, at half its
//! confidence (the source names 温家宝, not 文在寅).
//!
//! Source evidence never overrides an entry's context: 开城 is Kaesong in
//! North Korea, but also Kaicheng in Ningxia.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pinyin::ToPinyin;

use super::BuildError;
use super::fuzzy::compact;
use crate::glossary::Glossary;

/// Confidence of a finding the source confirms.
pub const CONFIRMED: f64 = 0.99;
/// Least score for a located span to be reported as a `source` finding.
pub const LOCATE_MIN: f64 = 0.6;
/// Least score for a located span to be a fix rather than a suggestion.
pub const LOCATE_FIX: f64 = 0.75;

/// The pinyin reading of the Han characters of `term`, syllables separated
/// by spaces: 文在寅 → "wen zai yin". Other characters are skipped.
pub fn pinyin_reading(term: &str) -> String {
    term.to_pinyin()
        .flatten()
        .map(|p| p.plain())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What makes an organisation's name a title when it follows it: 部长,
/// 院长, 局长, 长官 (all 长), 国务院总理, 国务院副总理.
const TITLE_SUFFIXES: &[&str] = &["长", "長", "总理", "總理", "副总理", "副總理"];

/// Last characters of organisations' names (ministry, council, bureau,
/// commission, department, office ...): only these become titles (朝鲜长期
/// is "North Korea, long-term", not a post).
const ORG_ENDINGS: &[char] = &[
    '部', '院', '局', '会', '會', '委', '厅', '廳', '署', '处', '處', '办', '辦', '司',
];

/// An entry's source term found in a source segment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceHit {
    pub entry: usize,
    pub term: String,
    /// Where in the source the term starts, 0..1 (for the position tie-break).
    pub position: f64,
}

/// All source terms of a glossary.
#[derive(Debug)]
pub(crate) struct SourceIndex {
    ac: Option<AhoCorasick>,
    /// For each pattern (a distinct term): the term and every entry that lists it
    /// (金特会 belongs to two entries).
    terms: Vec<(String, Vec<usize>)>,
}

impl SourceIndex {
    pub(crate) fn build(glossary: &Glossary) -> Result<SourceIndex, BuildError> {
        let mut terms: Vec<(String, Vec<usize>)> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, e) in glossary.entries().iter().enumerate() {
            for t in &e.source {
                match index.get(t.as_str()) {
                    Some(&k) => terms[k].1.push(i),
                    None => {
                        index.insert(t, terms.len());
                        terms.push((t.clone(), vec![i]));
                    }
                }
            }
        }
        let ac = if terms.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(terms.iter().map(|(t, _)| t))
                    .map_err(|e| BuildError(format!("cannot build the source matcher: {e}")))?,
            )
        };
        Ok(SourceIndex { ac, terms })
    }

    /// The entries whose source terms occur in `source`, each once (first
    /// occurrence), in order of position.
    pub(crate) fn found(&self, source: &str) -> Vec<SourceHit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let len = source.len().max(1) as f64;
        let mut hits: Vec<SourceHit> = Vec::new();
        for m in ac.find_iter(source) {
            // 外交部长 is the foreign minister, not 外交部 the ministry: a
            // term followed by a title suffix names a post, not the body.
            let rest = &source[m.end()..];
            let body = source[..m.end()].ends_with(ORG_ENDINGS);
            if body && TITLE_SUFFIXES.iter().any(|t| rest.starts_with(t)) {
                continue;
            }
            let (term, entries) = &self.terms[m.pattern().as_usize()];
            for &entry in entries {
                if !hits.iter().any(|h| h.entry == entry) {
                    hits.push(SourceHit {
                        entry,
                        term: term.clone(),
                        position: m.start() as f64 / len,
                    });
                }
            }
        }
        hits
    }

    /// The source terms of entry `entry` (for messages).
    pub(crate) fn terms_of(&self, entry: usize) -> Vec<&str> {
        self.terms
            .iter()
            .filter(|(_, es)| es.contains(&entry))
            .map(|(t, _)| t.as_str())
            .collect()
    }
}

/// How well `candidate` (text) matches any of `keys` (compact keys): the
/// mean of normalised Damerau-Levenshtein and Jaro-Winkler similarity, the
/// best over the keys. Looser than fuzzy matching (no first-letter rule):
/// the source already says which term is meant.
pub(crate) fn locate_score(candidate: &str, keys: &[String]) -> f64 {
    let c = compact(candidate);
    keys.iter()
        .filter(|k| !k.is_empty())
        .map(|k| {
            (strsim::normalized_damerau_levenshtein(&c, k) + strsim::jaro_winkler(&c, k)) / 2.0
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_readings() {
        assert_eq!(pinyin_reading("文在寅"), "wen zai yin");
        assert_eq!(pinyin_reading("丰溪里"), "feng xi li");
        assert_eq!(pinyin_reading("斯蒂芬·比根"), "si di fen bi gen");
    }

    #[test]
    fn an_organisation_followed_by_a_title_is_a_post() {
        let g = crate::Glossary::from_yaml(
            "- id: mfa\n  correct: Ministry of Foreign Affairs\n  source: [外交部]\n  category: org\n- id: sc\n  correct: State Council\n  source: [国务院]\n  category: org\n- id: dprk\n  correct: DPRK\n  source: [朝鲜]\n  category: name/place\n",
            "t.yaml",
        )
        .unwrap();
        let idx = SourceIndex::build(&g).unwrap();
        assert!(idx.found("外交部长王毅表示").is_empty());
        assert!(idx.found("国务院总理李强").is_empty());
        assert!(idx.found("国务院副总理").is_empty());
        assert_eq!(idx.found("外交部发言人表示").len(), 1);
        assert_eq!(idx.found("国务院常务会议").len(), 1);
        assert_eq!(idx.found("朝鲜长期坚持").len(), 1, "a place is not a body");
    }

    #[test]
    fn source_terms_are_found_once_in_order() {
        let g = Glossary::builtin();
        let idx = SourceIndex::build(&g).unwrap();
        let hits = idx.found("特朗普与文在寅通电话，文在寅表示");
        let ids: Vec<&str> = hits
            .iter()
            .map(|h| g.entries()[h.entry].id.as_ref())
            .collect();
        assert_eq!(ids, ["donald-trump", "moon-jae-in"]);
        let hits = &hits[1..];
        // A term listed by two entries counts for both.
        let both: Vec<&str> = idx
            .found("第二次金特会")
            .iter()
            .map(|h| g.entries()[h.entry].id.as_ref())
            .collect();
        assert_eq!(
            both,
            vec!["trump-kim-summit", "trump-kim-summit-golden-gate"]
        );
        assert_eq!(g.entries()[hits[0].entry].id.as_ref(), "moon-jae-in");
        assert_eq!(hits[0].term, "文在寅");
        assert!(idx.terms_of(hits[0].entry).contains(&"文在寅"));
    }

    #[test]
    fn locating_scores() {
        let keys = vec![compact("Moon Jae-in"), compact("wen zai yin")];
        assert!(locate_score("Wen Zaiyin", &keys) > 0.99);
        assert!(locate_score("Moon Zai-in", &keys) > LOCATE_FIX);
        assert!(locate_score("Trump", &keys) < LOCATE_MIN);
    }
}
