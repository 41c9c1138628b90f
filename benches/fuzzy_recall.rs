//! Recall of the fuzzy matcher on deterministic perturbations of the
//! embedded glossary's terms.
//!
//! For every entry of `Glossary::builtin()` with a correct form of at least
//! 6 letters/digits and `fuzzy: true`, the correct form and each literal
//! variant are perturbed (spacing, case, syllable splits, one and two
//! edits), embedded in a neutral sentence that satisfies the entry's
//! context, and run through `check` with the default options. Each case is
//! classified as a fuzzy fix, a fuzzy suggestion, a catch by the exact or
//! pattern matcher, a finding of another entry, or a miss.
//!
//! `cargo bench --bench fuzzy_recall` (prints a Markdown report).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use mtfix::{Action, Entry, FixPolicy, Glossary, Matcher, Method, check};

/// Perturbation kinds, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    SpaceToHyphen,
    HyphenToSpace,
    HyphenRemoved,
    SpaceRemoved,
    SpacesRemoved,
    CaseLowerWord,
    CaseTitleAfterHyphen,
    SplitHyphen,
    SplitSpaceTitle,
    SplitSpaceLower,
    Vowel,
    Delete,
    Double,
    Transpose,
    TwoEdits,
}

impl Kind {
    const ALL: [Kind; 15] = [
        Kind::SpaceToHyphen,
        Kind::HyphenToSpace,
        Kind::HyphenRemoved,
        Kind::SpaceRemoved,
        Kind::SpacesRemoved,
        Kind::CaseLowerWord,
        Kind::CaseTitleAfterHyphen,
        Kind::SplitHyphen,
        Kind::SplitSpaceTitle,
        Kind::SplitSpaceLower,
        Kind::Vowel,
        Kind::Delete,
        Kind::Double,
        Kind::Transpose,
        Kind::TwoEdits,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::SpaceToHyphen => "1 spacing: one space → hyphen",
            Kind::HyphenToSpace => "1 spacing: one hyphen → space",
            Kind::HyphenRemoved => "1 spacing: one hyphen removed",
            Kind::SpaceRemoved => "1 spacing: one space removed",
            Kind::SpacesRemoved => "1 spacing: all spaces removed",
            Kind::CaseLowerWord => "2 case: a later word lower-cased",
            Kind::CaseTitleAfterHyphen => "2 case: Title-case after hyphen",
            Kind::SplitHyphen => "3 split: hyphen (Kae-song)",
            Kind::SplitSpaceTitle => "3 split: space, Title (Kae Song)",
            Kind::SplitSpaceLower => "3 split: space, lower (Kae song)",
            Kind::Vowel => "4 one edit: vowel substituted",
            Kind::Delete => "4 one edit: letter deleted",
            Kind::Double => "4 one edit: letter doubled",
            Kind::Transpose => "4 one edit: adjacent transposition",
            Kind::TwoEdits => "5 two edits",
        }
    }

    /// The group (1..=5) of the brief.
    fn group(self) -> u8 {
        self.label().as_bytes()[0] - b'0'
    }
}

/// How `check` handled one perturbed term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    FuzzyFix,
    FuzzySuggest,
    Exact,
    WrongEntry,
    Missed,
}

const CLASSES: [Class; 5] = [
    Class::FuzzyFix,
    Class::FuzzySuggest,
    Class::Exact,
    Class::WrongEntry,
    Class::Missed,
];

/// One perturbed term and its verdict.
struct Case {
    entry: String,
    category: String,
    original: String,
    term: String,
    kind: Kind,
    sentence: String,
    class: Class,
    detail: String,
}

// ---------------------------------------------------------------------------
// Perturbations. All work on `Vec<char>` and are fully deterministic.
// ---------------------------------------------------------------------------

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u')
}

/// A letter that starts a word or a hyphenated part (never edited: MT keeps
/// a name's initials, and the matcher requires the same first letter).
fn is_part_initial(s: &[char], i: usize) -> bool {
    i == 0 || !s[i - 1].is_alphanumeric()
}

/// Letters that may be edited: alphabetic, not a part initial.
fn editable(s: &[char]) -> Vec<usize> {
    (0..s.len())
        .filter(|&i| s[i].is_alphabetic() && !is_part_initial(s, i))
        .collect()
}

/// Up to three positions spread over `cands` (a quarter, half, three quarters).
fn spread(cands: &[usize]) -> Vec<usize> {
    let n = cands.len();
    let mut out: Vec<usize> = if n <= 3 {
        cands.to_vec()
    } else {
        vec![cands[n / 4], cands[n / 2], cands[3 * n / 4]]
    };
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Vowel,
    Delete,
    Double,
    Transpose,
}

/// Positions where `edit` applies.
fn edit_positions(s: &[char], edit: Edit) -> Vec<usize> {
    let e = editable(s);
    match edit {
        Edit::Vowel => e.into_iter().filter(|&i| is_vowel(s[i])).collect(),
        Edit::Delete | Edit::Double => e,
        Edit::Transpose => e
            .into_iter()
            .filter(|&i| i + 1 < s.len() && s[i + 1].is_alphabetic() && s[i] != s[i + 1])
            .collect(),
    }
}

fn swap_vowel(c: char) -> char {
    let l = match c.to_ascii_lowercase() {
        'a' => 'e',
        'e' => 'a',
        'i' => 'e',
        'o' => 'u',
        'u' => 'o',
        other => other,
    };
    if c.is_uppercase() {
        l.to_ascii_uppercase()
    } else {
        l
    }
}

fn apply_edit(s: &mut Vec<char>, edit: Edit, i: usize) {
    match edit {
        Edit::Vowel => s[i] = swap_vowel(s[i]),
        Edit::Delete => {
            s.remove(i);
        }
        Edit::Double => s.insert(i, s[i]),
        Edit::Transpose => s.swap(i, i + 1),
    }
}

/// Where to split the longest word into two syllables: before a consonant
/// that starts a syllable (followed by a vowel, or by `h` as in ch/sh/zh),
/// after a vowel or a nasal coda (n, m, ng); the point nearest the middle
/// of the part, earlier on ties; both halves at least two letters.
fn split_point(s: &[char]) -> Option<usize> {
    // Longest word (space-separated), then its longest hyphen-free part.
    let mut best: Option<(usize, usize)> = None; // (start, end) of the part
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < s.len() && s[i].is_alphanumeric() {
            i += 1;
        }
        if best.is_none_or(|(bs, be)| i - start > be - bs) {
            best = Some((start, i));
        }
    }
    let (start, end) = best?;
    let len = end - start;
    let mid2 = start * 2 + len; // twice the middle, to stay in integers
    let consonant = |c: char| c.is_alphabetic() && !is_vowel(c);
    (start + 2..=end - 2)
        .filter(|&p| {
            let (prev, cur, next) = (s[p - 1], s[p], s[p + 1]);
            let onset = consonant(cur) && (is_vowel(next) || matches!(next, 'h' | 'y'));
            let coda =
                is_vowel(prev) || matches!(prev, 'n' | 'm') || (prev == 'g' && s[p - 2] == 'n');
            onset && coda
        })
        .min_by_key(|&p| ((2 * p).abs_diff(mid2), p))
}

/// All perturbations of `term`, deduplicated, in a fixed order.
fn perturb(term: &str) -> Vec<(Kind, String)> {
    let s: Vec<char> = term.chars().collect();
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut push = |k: Kind, v: Vec<char>| out.push((k, v.into_iter().collect()));

    // (1) spacing / hyphen, one position at a time.
    for (i, &c) in s.iter().enumerate() {
        if c == ' ' {
            let mut v = s.clone();
            v[i] = '-';
            push(Kind::SpaceToHyphen, v);
            let mut v = s.clone();
            v.remove(i);
            push(Kind::SpaceRemoved, v);
        }
        if c == '-' {
            let mut v = s.clone();
            v[i] = ' ';
            push(Kind::HyphenToSpace, v);
            let mut v = s.clone();
            v.remove(i);
            push(Kind::HyphenRemoved, v);
        }
    }
    if s.iter().filter(|&&c| c == ' ').count() >= 2 {
        push(
            Kind::SpacesRemoved,
            s.iter().copied().filter(|&c| c != ' ').collect(),
        );
    }

    // (2) case.
    for i in 1..s.len() {
        if s[i - 1] == ' ' && s[i].is_uppercase() {
            let mut v = s.clone();
            v[i] = v[i].to_ascii_lowercase();
            push(Kind::CaseLowerWord, v);
        }
        if s[i - 1] == '-' && s[i].is_lowercase() && i >= 2 && s[i - 2].is_alphanumeric() {
            let mut v = s.clone();
            v[i] = v[i].to_ascii_uppercase();
            push(Kind::CaseTitleAfterHyphen, v);
        }
    }

    // (3) syllable split of the longest word.
    if let Some(p) = split_point(&s) {
        let mut v = s.clone();
        v.insert(p, '-');
        push(Kind::SplitHyphen, v);
        let mut v = s.clone();
        v.insert(p, ' ');
        // The part the split belongs to: capitalised parts give Title case.
        let part_start = (0..p).rev().find(|&j| is_part_initial(&s, j)).unwrap_or(0);
        let mut title = v.clone();
        if s[part_start].is_uppercase() {
            title[p + 1] = title[p + 1].to_ascii_uppercase();
            push(Kind::SplitSpaceTitle, title);
        }
        push(Kind::SplitSpaceLower, v);
    }

    // (4) one edit.
    for (kind, edit) in [
        (Kind::Vowel, Edit::Vowel),
        (Kind::Delete, Edit::Delete),
        (Kind::Double, Edit::Double),
        (Kind::Transpose, Edit::Transpose),
    ] {
        for i in spread(&edit_positions(&s, edit)) {
            let mut v = s.clone();
            apply_edit(&mut v, edit, i);
            push(kind, v);
        }
    }

    // (5) two edits: the first in the first quarter of its positions, the
    // second in the last quarter; the later one is applied first so the
    // earlier index stays valid.
    for (a, b) in [
        (Edit::Vowel, Edit::Delete),
        (Edit::Delete, Edit::Double),
        (Edit::Transpose, Edit::Vowel),
        (Edit::Double, Edit::Transpose),
        (Edit::Vowel, Edit::Vowel),
        (Edit::Delete, Edit::Delete),
    ] {
        let (pa, pb) = (edit_positions(&s, a), edit_positions(&s, b));
        let (Some(&i), Some(&j)) = (pa.get(pa.len() / 4), pb.get(pb.len() * 3 / 4)) else {
            continue;
        };
        if j < i + 2 {
            continue;
        }
        let mut v = s.clone();
        apply_edit(&mut v, b, j);
        apply_edit(&mut v, a, i);
        push(Kind::TwoEdits, v);
    }

    let mut seen = HashSet::new();
    out.retain(|(_, t)| t != term && seen.insert(t.clone()));
    out
}

// ---------------------------------------------------------------------------
// Evaluation.
// ---------------------------------------------------------------------------

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Whole-word occurrence of `word` in `text` (enough for the context check).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The sentence for `entry`, with `term` in it, and the term's byte span.
fn sentence(entry: &Entry, term: &str) -> (String, std::ops::Range<usize>) {
    let ctx = entry
        .context
        .as_ref()
        .and_then(|c| c.any.first())
        .map_or("the talks", String::as_str);
    let prefix = format!("Officials speaking about {ctx} said ");
    let text = format!("{prefix}{term} would attend.");
    (text, prefix.len()..prefix.len() + term.len())
}

fn classify(matcher: &Matcher, entry: &Entry, term: &str) -> (String, Class, String) {
    let (text, span) = sentence(entry, term);
    let out = check(matcher, &text, &FixPolicy::default());
    let overlapping: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.span.start < span.end && span.start < f.span.end)
        .collect();
    let covers = |r: &std::ops::Range<usize>| r.start <= span.start && span.end <= r.end;
    let describe = |f: &mtfix::Finding| {
        format!(
            "{} {} {} {:?}→{:?} conf {:.3}",
            f.rule,
            f.method.as_str(),
            f.action.as_str(),
            f.matched,
            f.replacement.as_deref().unwrap_or(""),
            f.confidence
        )
    };
    let same = |f: &&&mtfix::Finding| *f.rule == *entry.id;
    let class = if let Some(f) = overlapping
        .iter()
        .find(|f| same(f) && f.method == Method::Fuzzy && covers(&f.span))
    {
        let c = if f.action == Action::Fix {
            Class::FuzzyFix
        } else {
            Class::FuzzySuggest
        };
        (c, describe(f))
    } else if let Some(f) = overlapping
        .iter()
        .find(|f| same(f) && f.method != Method::Fuzzy)
    {
        (Class::Exact, describe(f))
    } else if let Some(f) = overlapping.iter().find(|f| !same(f)) {
        (Class::WrongEntry, describe(f))
    } else {
        // Say what the raw matcher saw, to tell a resolver drop from a true miss.
        let raw: Vec<String> = matcher
            .find(&text)
            .iter()
            .filter(|f| f.span.start < span.end && span.start < f.span.end)
            .map(describe)
            .collect();
        let partial: Vec<String> = overlapping.iter().map(|f| describe(f)).collect();
        let mut d = String::new();
        if !partial.is_empty() {
            write!(d, "partial: {}", partial.join("; ")).unwrap();
        } else if !raw.is_empty() {
            write!(d, "raw find (not kept): {}", raw.join("; ")).unwrap();
        }
        (Class::Missed, d)
    };
    (text, class.0, class.1)
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}", 100.0 * k as f64 / n as f64)
    }
}

fn row(label: &str, counts: &[usize; 5]) -> String {
    let n: usize = counts.iter().sum();
    let mut s = format!("| {label} | {n} |");
    for &k in counts {
        write!(s, " {} |", pct(k, n)).unwrap();
    }
    s
}

fn main() {
    let glossary = Glossary::builtin();
    let matcher = Matcher::new(glossary.clone()).expect("the embedded glossary builds");

    // Every string an entry lists: perturbations equal to one are skipped.
    let listed: HashSet<&str> = glossary
        .entries()
        .iter()
        .flat_map(|e| {
            e.correct
                .iter()
                .chain(&e.alternatives)
                .chain(&e.variants)
                .map(String::as_str)
        })
        .collect();

    let selected: Vec<&Entry> = glossary
        .entries()
        .iter()
        .filter(|e| e.fuzzy && e.correct.as_deref().is_some_and(|c| letters(c) >= 6))
        .collect();

    let mut cases: Vec<Case> = Vec::new();
    let mut skipped_listed = 0;
    let mut sanity_failures = Vec::new();
    for e in &selected {
        let ctx = e.context.as_ref();
        let terms = e.correct.iter().chain(&e.variants);
        for original in terms {
            // The unperturbed sentence must satisfy the context: a listed
            // variant is fixed by the exact matcher.
            let (text, _) = sentence(e, original);
            if let Some(c) = ctx {
                assert!(
                    !c.none.iter().any(|w| has_word(&text, w)),
                    "a context.none word in {text:?}"
                );
            }
            if Some(original) != e.correct.as_ref() {
                let (_, class, d) = classify(&matcher, e, original);
                if class != Class::Exact {
                    sanity_failures.push(format!("{}: {original:?} → {class:?} {d}", e.id));
                }
            }
            for (kind, term) in perturb(original) {
                if listed.contains(term.as_str()) {
                    skipped_listed += 1;
                    continue;
                }
                let (sentence, class, detail) = classify(&matcher, e, &term);
                // A perturbation that makes a vetoing word ("Fu" → "Fou")
                // is not a fair case.
                if ctx.is_some_and(|c| c.none.iter().any(|w| has_word(&sentence, w))) {
                    continue;
                }
                cases.push(Case {
                    entry: e.id.to_string(),
                    category: e.category.to_string(),
                    original: original.clone(),
                    term,
                    kind,
                    sentence,
                    class,
                    detail,
                });
            }
        }
    }

    // --- report ---
    let mut by_kind: BTreeMap<Kind, [usize; 5]> = BTreeMap::new();
    let mut by_group: BTreeMap<u8, [usize; 5]> = BTreeMap::new();
    let mut by_entry: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let mut total = [0usize; 5];
    for c in &cases {
        let k = CLASSES.iter().position(|&x| x == c.class).unwrap();
        by_kind.entry(c.kind).or_default()[k] += 1;
        by_group.entry(c.kind.group()).or_default()[k] += 1;
        by_entry.entry(c.entry.as_str()).or_default()[k] += 1;
        by_category.entry(c.category.as_str()).or_default()[k] += 1;
        total[k] += 1;
    }
    let header = "| perturbation | n | fix % | suggest % | exact % | wrong-entry % | missed % |\n\
                  |---|---:|---:|---:|---:|---:|---:|";

    println!("# Fuzzy recall on the embedded glossary (default options)\n");
    println!(
        "{} entries selected (correct form ≥ 6 letters/digits, fuzzy: true): {}",
        selected.len(),
        selected
            .iter()
            .map(|e| &*e.id)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{} perturbed terms; {} perturbations skipped because they equal a listed term.\n",
        cases.len(),
        skipped_listed
    );
    println!("{header}");
    for kind in Kind::ALL {
        if let Some(counts) = by_kind.get(&kind) {
            println!("{}", row(kind.label(), counts));
        }
    }
    for (g, counts) in &by_group {
        println!("{}", row(&format!("**group {g} subtotal**"), counts));
    }
    println!("{}", row("**total**", &total));

    println!("\n## Per category\n");
    println!("{}", header.replace("| perturbation |", "| category |"));
    for (cat, counts) in &by_category {
        println!("{}", row(cat, counts));
    }

    println!("\n## Per entry\n");
    println!("{}", header.replace("| perturbation |", "| entry |"));
    for (e, counts) in &by_entry {
        println!("{}", row(e, counts));
    }

    let misses: Vec<&Case> = cases.iter().filter(|c| c.class == Class::Missed).collect();
    println!("\n## First 20 misses (of {})\n", misses.len());
    for c in misses.iter().take(20) {
        println!(
            "- `{}` [{}] {:?} from {:?}: {:?}{}",
            c.entry,
            c.kind.label(),
            c.term,
            c.original,
            c.sentence,
            if c.detail.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.detail)
            }
        );
    }
    let wrong: Vec<&Case> = cases
        .iter()
        .filter(|c| c.class == Class::WrongEntry)
        .collect();
    println!("\n## Wrong-entry cases ({})\n", wrong.len());
    for c in &wrong {
        println!(
            "- `{}` [{}] {:?} from {:?}: {}",
            c.entry,
            c.kind.label(),
            c.term,
            c.original,
            c.detail
        );
    }
    println!(
        "\n## Listed variants not caught exactly when unperturbed ({})\n",
        sanity_failures.len()
    );
    for s in &sanity_failures {
        println!("- {s}");
    }
    if std::env::var_os("FUZZY_RECALL_ALL").is_some() {
        println!("\n## All cases\n");
        for c in &cases {
            println!(
                "- {:?} `{}` [{}] {:?} from {:?} — {}",
                c.class,
                c.entry,
                c.kind.label(),
                c.term,
                c.original,
                c.detail
            );
        }
    }
}
