//! Glossaries in other formats: CSV/TSV tables, TBX (ISO 30042, the
//! terminology exchange standard) and CC-CEDICT.
//!
//! Imports produce [`EntrySpec`]s, written as canonical YAML for review and
//! merged with `rules add --from`; exports read loaded [`Entry`] values.
//!
//! * Tables: a header row naming any of `id`, `source`, `correct`,
//!   `alternatives`, `variants`, `category`, `note` (a table without a
//!   header is read as `source, correct, variants`); several values in one
//!   cell are separated by `|`.
//! * TBX: a preferred (or standardized, legal, regulated) English term is
//!   `correct`, an admitted one an alternative, a deprecated, superseded or
//!   forbidden one a variant; Chinese terms are the `source`. Both TBX v3
//!   (`conceptEntry`/`langSec`/`termSec`) and TBX 2008 (`termEntry`/
//!   `langSet`/`tig`) are read; v3 is written.
//! * CC-CEDICT: proper names (capitalised pinyin) whose first English gloss
//!   is a name become suggest-only, fuzzy-off entries that act only where a
//!   bilingual source holds the Chinese term.

use std::collections::{HashMap, HashSet};
use std::fmt;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::Entry;
use super::spec::{EntrySpec, TestSpec};

/// An import that cannot be read: file, line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Entries read from a foreign format, and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The entries, ids unique, each with at least one test.
    pub entries: Vec<EntrySpec>,
    /// `(line, reason)` of each record left out.
    pub skipped: Vec<(u64, String)>,
}

/// A kebab-case id from a term ("Moon Jae-in" → `moon-jae-in`), made
/// unique against `taken` with a numeric suffix.
pub fn make_id(prefix: &str, term: &str, taken: &mut HashSet<String>) -> String {
    let mut id = String::from(prefix);
    let mut dash = !id.is_empty() && !id.ends_with('-');
    for c in term.chars().flat_map(fold_diacritic) {
        if c.is_ascii_alphanumeric() {
            if dash && !id.is_empty() && !id.ends_with('-') {
                id.push('-');
            }
            dash = false;
            id.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if id.is_empty() || id.ends_with('-') {
        id.push_str("entry");
    }
    let mut unique = id.clone();
    let mut n = 2;
    while taken.contains(&unique) {
        unique = format!("{id}-{n}");
        n += 1;
    }
    taken.insert(unique.clone());
    unique
}

/// A letter with diacritics as its base letter(s), by canonical
/// decomposition; letters that do not decompose (ł, đ, ø, ß) by hand.
fn fold_diacritic(c: char) -> impl Iterator<Item = char> {
    use unicode_normalization::UnicodeNormalization;
    let special = match c.to_lowercase().next().unwrap_or(c) {
        'ł' => Some("l"),
        'đ' | 'ð' => Some("d"),
        'ø' => Some("o"),
        'ß' => Some("ss"),
        'ı' => Some("i"),
        'æ' => Some("ae"),
        'œ' => Some("oe"),
        'þ' => Some("th"),
        _ => None,
    };
    let s: String = match special {
        Some(s) => s.to_owned(),
        None => std::iter::once(c)
            .nfd()
            .filter(|d| !unicode_normalization::char::is_combining_mark(*d))
            .collect(),
    };
    s.chars().collect::<Vec<_>>().into_iter()
}

/// The tests an imported entry gets when it has none: its first variant
/// becomes its correct form (inside a context word when the entry needs
/// one), or, with no variant, its correct form is left alone next to its
/// source term.
pub fn default_tests(e: &EntrySpec) -> Vec<TestSpec> {
    let Some(correct) = &e.correct else {
        return Vec::new();
    };
    let lead = e
        .context
        .as_ref()
        .and_then(|c| c.any.first())
        .map(|w| format!("{w}: "))
        .unwrap_or_default();
    if let Some(v) = e.variants.first() {
        return vec![TestSpec {
            wrong: Some(format!("{lead}{v} was named.")),
            right: Some(format!("{lead}{correct} was named.")),
            ..TestSpec::default()
        }];
    }
    vec![TestSpec {
        unchanged: Some(format!("{lead}{correct} was named.")),
        source: e.source.first().map(|s| format!("{s}获提名。")),
        ..TestSpec::default()
    }]
}

fn split_cell(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The columns of a glossary table, in the order `export_table` writes them.
const COLUMNS: [&str; 7] = [
    "id",
    "source",
    "correct",
    "alternatives",
    "variants",
    "category",
    "note",
];

/// Reads a CSV (`delimiter` b',') or TSV (b'\t') table.
///
/// # Errors
/// A malformed table or a header without a `correct` column.
pub fn import_table(
    text: &str,
    delimiter: u8,
    file: &str,
    default_category: &str,
) -> Result<Imported, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .quoting(delimiter == b',')
        .from_reader(text.as_bytes());
    let err = |line: Option<u64>, message: String| ImportError {
        file: file.to_owned(),
        line,
        message,
    };
    let mut columns: Option<HashMap<String, usize>> = None;
    let mut out = Imported::default();
    let mut taken = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            err(
                e.position().map(|p| p.line()),
                format!("cannot read the table: {e}"),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cols = match &columns {
            Some(c) => c,
            None => {
                let names: Vec<String> = record.iter().map(|c| c.trim().to_lowercase()).collect();
                let known = COLUMNS;
                if names.iter().any(|n| n == "correct") {
                    let mut map = HashMap::new();
                    for (i, n) in names.iter().enumerate() {
                        if !known.contains(&n.as_str()) {
                            return Err(err(
                                Some(line),
                                format!("unknown column {n:?}; columns are {}", known.join(", ")),
                            ));
                        }
                        map.insert(n.clone(), i);
                    }
                    columns = Some(map);
                    continue;
                }
                columns = Some(HashMap::from([
                    ("source".to_owned(), 0),
                    ("correct".to_owned(), 1),
                    ("variants".to_owned(), 2),
                ]));
                columns.as_ref().expect("just set")
            }
        };
        let cell = |name: &str| {
            cols.get(name)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let correct = cell("correct");
        if correct.is_empty() {
            out.skipped.push((line, "no correct form".into()));
            continue;
        }
        let id = match cell("id") {
            "" => make_id("", correct, &mut taken),
            id => {
                taken.insert(id.to_owned());
                id.to_owned()
            }
        };
        let category = match cell("category") {
            "" => default_category,
            c => c,
        };
        let mut e = EntrySpec::new(&id, correct, category);
        e.source = split_cell(cell("source"));
        e.alternatives = split_cell(cell("alternatives"));
        e.variants = split_cell(cell("variants"));
        e.note = Some(cell("note").to_owned()).filter(|n| !n.is_empty());
        e.tests = default_tests(&e);
        out.entries.push(e);
    }
    Ok(out)
}

/// Writes `entries` (those with a correct form) as a table with a header.
pub fn export_table(entries: &[Entry], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if delimiter == b',' {
            csv::QuoteStyle::Necessary
        } else {
            csv::QuoteStyle::Never
        })
        .from_writer(Vec::new());
    let clean = |s: &str| {
        if delimiter == b'\t' {
            s.replace(['\t', '\n', '\r'], " ")
        } else {
            s.to_owned()
        }
    };
    let _ = w.write_record(COLUMNS);
    for e in entries {
        let Some(correct) = &e.correct else { continue };
        let _ = w.write_record([
            clean(&e.id),
            clean(&e.source.join("|")),
            clean(correct),
            clean(&e.alternatives.join("|")),
            clean(&e.variants.join("|")),
            clean(&e.category),
            clean(e.note.as_deref().unwrap_or("")),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn xml(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// Writes `entries` (those with a correct form) as TBX v3 (DCA style,
/// TBX-Basic dialect).
pub fn export_tbx(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>Exported by mtfix</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n",
    );
    for e in entries {
        let Some(correct) = &e.correct else { continue };
        out.push_str(&format!("      <conceptEntry id=\"{}\">\n", xml(&e.id)));
        out.push_str(&format!(
            "        <descrip type=\"subjectField\">{}</descrip>\n",
            xml(&e.category)
        ));
        if let Some(n) = &e.note {
            out.push_str(&format!(
                "        <descrip type=\"definition\">{}</descrip>\n",
                xml(n)
            ));
        }
        if !e.source.is_empty() {
            out.push_str("        <langSec xml:lang=\"zh\">\n");
            for s in &e.source {
                out.push_str(&format!(
                    "          <termSec>\n            <term>{}</term>\n          </termSec>\n",
                    xml(s)
                ));
            }
            out.push_str("        </langSec>\n");
        }
        out.push_str("        <langSec xml:lang=\"en\">\n");
        let terms = std::iter::once((correct, "preferredTerm-admn-sts"))
            .chain(e.alternatives.iter().map(|a| (a, "admittedTerm-admn-sts")))
            .chain(e.variants.iter().map(|v| (v, "deprecatedTerm-admn-sts")));
        for (t, status) in terms {
            out.push_str(&format!(
                "          <termSec>\n            <term>{}</term>\n            <termNote type=\"administrativeStatus\">{status}</termNote>\n          </termSec>\n",
                xml(t)
            ));
        }
        out.push_str("        </langSec>\n      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

#[derive(Default)]
struct TbxConcept {
    id: Option<String>,
    line: u64,
    category: Option<String>,
    note: Option<String>,
    source: Vec<String>,
    /// `(term, status)` of the English terms, in file order.
    terms: Vec<(String, Option<String>)>,
}

/// Reads TBX (v3 or 2008). Chinese terms (`zh*`) are sources, English
/// (`en*`) terms are sorted by administrative status.
///
/// # Errors
/// XML that does not parse, with its line.
pub fn import_tbx(text: &str, file: &str, default_category: &str) -> Result<Imported, ImportError> {
    let mut reader = Reader::from_str(text);
    let line_at =
        |pos: u64| text[..(pos as usize).min(text.len())].matches('\n').count() as u64 + 1;
    let mut out = Imported::default();
    let mut taken = HashSet::new();
    let mut concept: Option<TbxConcept> = None;
    let mut lang = String::new();
    // What the current text belongs to.
    #[derive(PartialEq)]
    enum Field {
        None,
        Term,
        Status,
        Category,
        Note,
    }
    let mut field = Field::None;
    let mut buf = String::new();
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| ImportError {
            file: file.to_owned(),
            line: Some(line_at(reader.error_position())),
            message: format!("not well-formed XML: {e}"),
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let local = e.local_name();
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                match local.as_ref() {
                    "conceptEntry" | "termEntry" => {
                        concept = Some(TbxConcept {
                            id: attr("id"),
                            line: line_at(pos),
                            ..TbxConcept::default()
                        });
                    }
                    "langSec" | "langSet" => lang = attr("lang").unwrap_or_default(),
                    "term" => {
                        field = Field::Term;
                        buf.clear();
                    }
                    "termNote"
                        if matches!(
                            attr("type").as_deref(),
                            Some("administrativeStatus" | "normativeAuthorization")
                        ) =>
                    {
                        field = Field::Status;
                        buf.clear();
                    }
                    "descrip" if attr("type").as_deref() == Some("subjectField") => {
                        field = Field::Category;
                        buf.clear();
                    }
                    "descrip" if attr("type").as_deref() == Some("definition") => {
                        field = Field::Note;
                        buf.clear();
                    }
                    "note" => {
                        field = Field::Note;
                        buf.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if field != Field::None => {
                let raw: &str = &t;
                buf.push_str(raw);
            }
            Event::CData(c) if field != Field::None => {
                let raw: &str = &c;
                buf.push_str(raw);
            }
            Event::GeneralRef(r) if field != Field::None => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else {
                    let name: &str = &r;
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(name) {
                        buf.push_str(s);
                    }
                }
            }
            Event::End(e) => {
                let Some(c) = concept.as_mut() else {
                    continue;
                };
                let value = buf.trim().to_owned();
                match (e.local_name().as_ref(), &field) {
                    ("term", Field::Term) => {
                        let l = lang.to_lowercase();
                        if l.starts_with("zh") {
                            if !value.is_empty() && !c.source.contains(&value) {
                                c.source.push(value);
                            }
                        } else if l.starts_with("en") && !value.is_empty() {
                            c.terms.push((value, None));
                        }
                    }
                    ("termNote", Field::Status) => {
                        if lang.to_lowercase().starts_with("en")
                            && let Some(last) = c.terms.last_mut()
                        {
                            last.1 = Some(value);
                        }
                    }
                    ("descrip", Field::Category) if !value.is_empty() => c.category = Some(value),
                    ("descrip" | "note", Field::Note) if !value.is_empty() && c.note.is_none() => {
                        c.note = Some(value)
                    }
                    ("conceptEntry" | "termEntry", _) => {
                        if let Some(c) = concept.take() {
                            finish_concept(c, default_category, &mut taken, &mut out);
                        }
                    }
                    ("langSec" | "langSet", _) => lang.clear(),
                    _ => {}
                }
                if matches!(
                    e.local_name().as_ref(),
                    "term" | "termNote" | "descrip" | "note"
                ) {
                    field = Field::None;
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn finish_concept(
    c: TbxConcept,
    default_category: &str,
    taken: &mut HashSet<String>,
    out: &mut Imported,
) {
    let rank = |s: &Option<String>| {
        let s = s.as_deref().unwrap_or("").to_lowercase();
        if ["preferred", "standardized", "legal", "regulated"]
            .iter()
            .any(|p| s.starts_with(p))
        {
            0
        } else if ["deprecated", "superseded", "forbidden", "obsolete"]
            .iter()
            .any(|p| s.starts_with(p))
        {
            2
        } else {
            1
        }
    };
    let correct = c
        .terms
        .iter()
        .find(|(_, s)| rank(s) == 0)
        .or_else(|| c.terms.iter().find(|(_, s)| rank(s) == 1));
    let Some((correct, _)) = correct.cloned() else {
        out.skipped
            .push((c.line, "no preferred or admitted English term".into()));
        return;
    };
    let id = match c
        .id
        .as_deref()
        .filter(|id| super::load::is_kebab(id) && !taken.contains(*id))
    {
        Some(id) => {
            taken.insert(id.to_owned());
            id.to_owned()
        }
        None => make_id("", &correct, taken),
    };
    let category = c.category.as_deref().unwrap_or(default_category);
    let mut e = EntrySpec::new(&id, &correct, category);
    for (t, s) in &c.terms {
        if *t == correct {
            continue;
        }
        let list = if rank(s) == 2 {
            &mut e.variants
        } else {
            &mut e.alternatives
        };
        if !list.contains(t) {
            list.push(t.clone());
        }
    }
    e.source = c.source;
    e.note = c.note;
    e.tests = default_tests(&e);
    out.entries.push(e);
}

/// Words that may stay lowercase inside a name gloss ("Isle of Man").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "de", "del", "della", "der", "des", "di", "da", "do", "dos", "du", "la", "le",
    "van", "von", "bin", "al", "el", "and", "upon", "on", "y", "e", "zu", "ibn", "den",
];

/// Reads CC-CEDICT (`TRAD SIMP [pin1 yin1] /gloss/.../`): the proper
/// names whose first gloss is itself a name. Terms already in `known`
/// (source terms of the loaded glossary) are skipped.
pub fn import_cedict(text: &str, known: &HashSet<String>) -> Imported {
    let mut out = Imported::default();
    let mut taken = HashSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((trad, rest)) = line.split_once(' ') else {
            out.skipped.push((line_no, "not a CC-CEDICT line".into()));
            continue;
        };
        let Some((simp, rest)) = rest.split_once(" [") else {
            out.skipped.push((line_no, "not a CC-CEDICT line".into()));
            continue;
        };
        let Some((pinyin, glosses)) = rest.split_once("] /") else {
            out.skipped.push((line_no, "not a CC-CEDICT line".into()));
            continue;
        };
        // CC-CEDICT capitalises the pinyin of proper names.
        if !pinyin.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        if !simp.chars().any(crate::matcher::boundary::is_cjk)
            || known.contains(simp)
            || known.contains(trad)
            || !seen.insert(simp.to_owned())
        {
            continue;
        }
        let first = glosses.split('/').next().unwrap_or("").trim();
        let Some((correct, alternatives)) = name_of_gloss(first) else {
            continue;
        };
        let id = make_id("cedict-", &correct, &mut taken);
        let mut e = EntrySpec::new(&id, &correct, category_of_gloss(first));
        e.alternatives = alternatives;
        e.source = if trad == simp {
            vec![simp.to_owned()]
        } else {
            vec![simp.to_owned(), trad.to_owned()]
        };
        e.note = Some(format!("CC-CEDICT: {first}"));
        // Unverified: never applied without review, never fuzzy-matched.
        e.action = Some(super::Action::Suggest);
        e.confidence = Some(0.6);
        e.fuzzy = false;
        e.tests = default_tests(&e);
        out.entries.push(e);
    }
    out
}

/// The name a CC-CEDICT gloss gives ("Kaesong or Gaeseong city in …" →
/// no; "Moon Jae-in (1953-), Korean politician" → "Moon Jae-in"), with
/// alternatives written "A or B".
fn name_of_gloss(gloss: &str) -> Option<(String, Vec<String>)> {
    const NOT_NAMES: &[&str] = &[
        "surname",
        "variant of",
        "old variant",
        "see ",
        "abbr.",
        "used in",
        "cl:",
        "also written",
        "erhua variant",
        "(",
    ];
    let lower = gloss.to_lowercase();
    if NOT_NAMES.iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    // Drop parentheticals, keep what comes before a comma or semicolon.
    let mut plain = String::new();
    let mut depth = 0;
    for c in gloss.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let head = plain.split([',', ';']).next()?.trim();
    let names: Vec<&str> = head.split(" or ").map(str::trim).collect();
    let mut valid = Vec::new();
    for name in names {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.is_empty() || words.len() > 5 {
            return None;
        }
        let ok = words.iter().enumerate().all(|(i, w)| {
            let first = w.chars().next().unwrap_or(' ');
            (first.is_uppercase() || (i > 0 && NAME_PARTICLES.contains(w)))
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.' | '’'))
        });
        if !ok || !name.chars().any(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        valid.push(name.to_owned());
    }
    let mut it = valid.into_iter();
    let correct = it.next()?;
    Some((correct, it.collect()))
}

fn category_of_gloss(gloss: &str) -> &'static str {
    let g = gloss.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| g.contains(w));
    let years = regex_lite_years(&g);
    if years
        || has(&[
            "politician",
            "president",
            "prime minister",
            "writer",
            "poet",
            "actor",
            "actress",
            "singer",
            "painter",
            "philosopher",
            "emperor",
            "king ",
            "general ",
            "scientist",
            "composer",
            "footballer",
            "player",
            "novelist",
        ])
    {
        "name/person"
    } else if has(&[
        "city",
        "province",
        "county",
        "district",
        "river",
        "mountain",
        "island",
        "capital",
        "prefecture",
        "lake",
        "country",
        "region",
        "town",
        "village",
        "mount ",
        " sea",
        "bay",
        "peninsula",
    ]) {
        "name/place"
    } else if has(&[
        "company",
        "university",
        "party",
        "agency",
        "bank",
        "organization",
        "corporation",
        "newspaper",
        "ministry",
    ]) {
        "org"
    } else {
        "name/other"
    }
}

/// A life span such as "(1953-)" or "(c. 1983-)" or "(1879-1955)".
fn regex_lite_years(g: &str) -> bool {
    g.match_indices('(').any(|(i, _)| {
        let rest = g[i + 1..].trim_start_matches("c. ");
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (3..=4).contains(&digits) && rest[digits..].starts_with('-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GlossaryBuilder;

    #[test]
    fn table_with_and_without_header() {
        let csv = "source,correct,variants,category,note\n文在寅,Moon Jae-in,Wen Zaiyin|Wen Zai,name/person,\"Korean president, 2017-2022\"\n,,,,\n";
        let got = import_table(csv, b',', "t.csv", "term").unwrap();
        assert_eq!(got.entries.len(), 1);
        let e = &got.entries[0];
        assert_eq!(e.id, "moon-jae-in");
        assert_eq!(e.variants, ["Wen Zaiyin", "Wen Zai"]);
        assert_eq!(e.source, ["文在寅"]);
        assert_eq!(e.note.as_deref(), Some("Korean president, 2017-2022"));
        assert_eq!(got.skipped.len(), 1);
        let tsv = "板门阁\tPanmungak\tBanmen Pavilion\n";
        let got = import_table(tsv, b'\t', "t.tsv", "name/place").unwrap();
        assert_eq!(got.entries[0].correct.as_deref(), Some("Panmungak"));
        assert_eq!(got.entries[0].category, "name/place");
        let bad = import_table("id,correct,colour\nx,X,red\n", b',', "t.csv", "term").unwrap_err();
        assert_eq!(bad.line, Some(1));
        assert!(
            bad.to_string()
                .starts_with("t.csv:1: unknown column \"colour\"")
        );
    }

    #[test]
    fn imported_entries_load_and_their_tests_pass() {
        let csv = "source,correct,variants\n文在寅,Moon Jae-in,Wen Zaiyin\n蓬佩奥,Mike Pompeo,\n";
        let got = import_table(csv, b',', "t.csv", "name/person").unwrap();
        let yaml = super::super::spec::write_entries("", &got.entries);
        let g = GlossaryBuilder::new()
            .add_yaml(&yaml, "imported.yaml")
            .unwrap()
            .build()
            .unwrap();
        let m = crate::Matcher::new(g).unwrap();
        let report = crate::ruletest::run(&m);
        assert_eq!(report.run, 2);
        assert!(report.failures.is_empty(), "{yaml}");
    }

    #[test]
    fn tbx_round_trip_keeps_statuses() {
        let g = GlossaryBuilder::new()
            .with_builtin()
            .unwrap()
            .build()
            .unwrap();
        let tbx = export_tbx(g.entries());
        let back = import_tbx(&tbx, "x.tbx", "term").unwrap();
        let with_correct: Vec<&Entry> =
            g.entries().iter().filter(|e| e.correct.is_some()).collect();
        assert_eq!(back.entries.len(), with_correct.len());
        for (a, b) in with_correct.iter().zip(&back.entries) {
            assert_eq!(&*a.id, b.id);
            assert_eq!(a.correct, b.correct);
            assert_eq!(a.alternatives, b.alternatives);
            assert_eq!(a.variants, b.variants);
            assert_eq!(a.source, b.source);
            assert_eq!(&*a.category, b.category);
            assert_eq!(a.note, b.note);
        }
    }

    #[test]
    fn tbx_2008_and_errors() {
        let tbx = r#"<?xml version="1.0"?>
<martif type="TBX"><text><body>
<termEntry id="c1">
  <langSet xml:lang="zh-CN"><tig><term>国台办</term></tig></langSet>
  <langSet xml:lang="en-US">
    <tig><term>National Taiwan Office</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
    <tig><term>Taiwan Affairs Office</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>TAO</term></termGrp></ntig>
  </langSet>
</termEntry>
<termEntry><langSet xml:lang="en"><tig><term>Only &amp; deprecated</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>"#;
        let got = import_tbx(tbx, "t.tbx", "org").unwrap();
        assert_eq!(got.entries.len(), 1);
        let e = &got.entries[0];
        assert_eq!(e.id, "c1", "a kebab-case TBX id is kept");
        assert_eq!(e.correct.as_deref(), Some("Taiwan Affairs Office"));
        assert_eq!(e.variants, ["National Taiwan Office"]);
        assert_eq!(e.alternatives, ["TAO"]);
        assert_eq!(e.source, ["国台办"]);
        assert_eq!(
            got.skipped,
            [(11, "no preferred or admitted English term".to_owned())]
        );
        let err = import_tbx("<tbx>\n<text></body>", "b.tbx", "org").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
    }

    #[test]
    fn cedict_names_only() {
        let text = "# CC-CEDICT\n文在寅 文在寅 [Wen2 Zai4 yin2] /Moon Jae-in (1953-), Korean politician/\n開城 开城 [Kai1 cheng2] /Kaesong or Gaeseong, city in North Korea/\n金 金 [Jin1] /surname Jin/\n跑 跑 [pao3] /to run/\n中國 中国 [Zhong1 guo2] /China/\nBM BM [B M] /Brandy Melville/\n乱七八糟 亂七八糟 [Luan4 qi1] /at sixes and sevens/\nbroken line\n";
        let known: HashSet<String> = ["中国".to_owned()].into();
        let got = import_cedict(text, &known);
        let ids: Vec<&str> = got.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["cedict-moon-jae-in", "cedict-kaesong"]);
        let kaesong = &got.entries[1];
        assert_eq!(kaesong.alternatives, ["Gaeseong"]);
        assert_eq!(kaesong.source, ["开城", "開城"]);
        assert_eq!(kaesong.category, "name/place");
        assert_eq!(got.entries[0].category, "name/person");
        assert_eq!(got.entries[0].action, Some(super::super::Action::Suggest));
        assert!(!got.entries[0].fuzzy);
        assert_eq!(got.skipped, [(9, "not a CC-CEDICT line".to_owned())]);
    }

    #[test]
    fn ids() {
        let mut taken = HashSet::new();
        assert_eq!(make_id("", "Moon Jae-in", &mut taken), "moon-jae-in");
        assert_eq!(make_id("", "Moon Jae-in", &mut taken), "moon-jae-in-2");
        assert_eq!(
            make_id("", "Phạm Minh Chính", &mut taken),
            "pham-minh-chinh"
        );
        assert_eq!(make_id("", "文在寅", &mut taken), "entry");
        assert_eq!(make_id("cedict-", "Kaesong", &mut taken), "cedict-kaesong");
        assert_eq!(make_id("cedict-", "Łódź", &mut taken), "cedict-lodz");
        assert_eq!(make_id("", "-Ab--c-", &mut taken), "ab-c");
    }
}
