//! Entries as written in a glossary file, before defaults are applied, and
//! the canonical way of writing them back.
//!
//! [`EntrySpec`] mirrors the YAML keys one to one (`deny_unknown_fields`, so
//! a misspelt key is an error with a position). Loading turns specs into
//! [`Entry`](super::Entry) values; the glossary tools (`rules lint --fix`,
//! `rules add`, `rules import`) edit specs and write them with
//! [`write_entries`], the one style every shipped file is kept in:
//!
//! * entries sorted by id, one blank line between them;
//! * keys in a fixed order, defaults left out;
//! * lists of terms in flow style (`[a, b]`), tests and follow-ups as block
//!   lists of mappings;
//! * scalars plain when YAML reads them back unchanged, else double-quoted
//!   (single-quoted when the text holds `"` or `\`, as regexes do).

use serde::Deserialize;

use super::{Action, CasePolicy, Scope};

/// One glossary entry as written in YAML. See `docs/glossary.md`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    /// Stable kebab-case identifier.
    pub id: String,
    /// The right rendering.
    #[serde(default)]
    pub correct: Option<String>,
    /// Other accepted renderings.
    #[serde(default)]
    pub alternatives: Vec<String>,
    /// Known bad renderings.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Regular expressions.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Replacement template for `patterns`.
    #[serde(default)]
    pub replace: Option<String>,
    /// Chinese source terms (one string or a list).
    #[serde(default, deserialize_with = "one_or_many")]
    pub source: Vec<String>,
    /// `name/person`, `name/place`, `org`, `event`, `term`, ….
    pub category: String,
    /// Who or what it is.
    #[serde(default)]
    pub note: Option<String>,
    /// Conditions for the entry to apply.
    #[serde(default)]
    pub context: Option<ContextSpec>,
    /// `fix` (default) or `suggest`.
    #[serde(default)]
    pub action: Option<Action>,
    /// 0..=1 (default 0.9).
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Match variants case-sensitively.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Case policy (default by category).
    #[serde(default)]
    pub case: Option<CasePolicy>,
    /// Drop quotes around a literal reading.
    #[serde(default)]
    pub strip_quotes: bool,
    /// The source term alone identifies the entry.
    #[serde(default)]
    pub source_confirms: bool,
    /// Take part in fuzzy matching (default true).
    #[serde(default = "yes")]
    pub fuzzy: bool,
    /// Confidence from which fuzzy findings are fixes.
    #[serde(default)]
    pub fuzzy_fix_at: Option<f64>,
    /// Later lone short forms.
    #[serde(default)]
    pub follow_up: Vec<FollowUpSpec>,
    /// Examples.
    #[serde(default)]
    pub tests: Vec<TestSpec>,
}

impl EntrySpec {
    /// A term entry with only the required keys.
    pub fn new(id: &str, correct: &str, category: &str) -> Self {
        EntrySpec {
            id: id.to_owned(),
            correct: Some(correct.to_owned()),
            alternatives: Vec::new(),
            variants: Vec::new(),
            patterns: Vec::new(),
            replace: None,
            source: Vec::new(),
            category: category.to_owned(),
            note: None,
            context: None,
            action: None,
            confidence: None,
            case_sensitive: false,
            case: None,
            strip_quotes: false,
            source_confirms: false,
            fuzzy: true,
            fuzzy_fix_at: None,
            follow_up: Vec::new(),
            tests: Vec::new(),
        }
    }

    /// Adds what `other` (an entry with the same id) has and `self` lacks:
    /// terms, sources, context words, tests; a missing note or correct form.
    /// Returns true when anything changed.
    pub fn merge(&mut self, other: &EntrySpec) -> bool {
        let before = self.clone();
        if self.correct.is_none() {
            self.correct.clone_from(&other.correct);
        }
        if self.note.is_none() {
            self.note.clone_from(&other.note);
        }
        let fold = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let correct = self.correct.clone();
        for alt in &other.alternatives {
            if !self.alternatives.iter().any(|a| fold(a, alt)) && correct.as_deref() != Some(alt) {
                self.alternatives.push(alt.clone());
            }
        }
        for v in &other.variants {
            if !self.variants.iter().any(|a| fold(a, v)) {
                self.variants.push(v.clone());
            }
        }
        union(&mut self.patterns, &other.patterns);
        union(&mut self.source, &other.source);
        if let Some(oc) = &other.context {
            let c = self.context.get_or_insert_with(ContextSpec::default);
            union(&mut c.any, &oc.any);
            union(&mut c.none, &oc.none);
            union(&mut c.not_followed_by, &oc.not_followed_by);
            union(&mut c.not_preceded_by, &oc.not_preceded_by);
        }
        for t in &other.tests {
            if !self.tests.contains(t) {
                self.tests.push(t.clone());
            }
        }
        *self != before
    }
}

fn union(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

/// The `context` mapping.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    /// `document` (default) or `paragraph`.
    #[serde(default)]
    pub scope: Scope,
    /// At least one of these words.
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these words.
    #[serde(default)]
    pub none: Vec<String>,
    /// Vetoing next words.
    #[serde(default)]
    pub not_followed_by: Vec<String>,
    /// Vetoing previous words.
    #[serde(default)]
    pub not_preceded_by: Vec<String>,
}

/// A `follow_up` item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpSpec {
    /// The later short form.
    pub variant: String,
    /// What it becomes.
    pub correct: String,
}

/// A test: `wrong` + `right`, or `unchanged`; `source` optional.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestSpec {
    /// Text with the artifact.
    #[serde(default)]
    pub wrong: Option<String>,
    /// The corrected text.
    #[serde(default)]
    pub right: Option<String>,
    /// Text the entry must leave alone.
    #[serde(default)]
    pub unchanged: Option<String>,
    /// Chinese source of the text.
    #[serde(default)]
    pub source: Option<String>,
}

fn yes() -> bool {
    true
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// The comment lines (and blank lines between them) at the top of a
/// glossary file, which the canonical form keeps.
pub fn header(text: &str) -> &str {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            end += line.len();
        } else {
            break;
        }
    }
    text[..end].trim_end_matches(['\n', '\r', ' ', '\t'])
}

/// Writes `entries` in the canonical style, sorted by id, after `header`
/// (comment lines; may be empty).
pub fn write_entries(header: &str, entries: &[EntrySpec]) -> String {
    let mut sorted: Vec<&EntrySpec> = entries.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::new();
    if !header.is_empty() {
        out.push_str(header);
        out.push_str("\n\n");
    }
    for (i, e) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_entry(&mut out, e);
    }
    out
}

/// One entry in the canonical style (a `- id:` block ending in a newline).
pub fn write_entry(out: &mut String, e: &EntrySpec) {
    let mut block = format!("- id: {}\n", scalar(&e.id));
    let mut field = |k: &str, v: String| {
        if v.is_empty() {
            block.push_str(&format!("  {k}:\n"));
        } else {
            block.push_str(&format!("  {k}: {v}\n"));
        }
    };
    if let Some(c) = &e.correct {
        field("correct", scalar(c));
    }
    if let Some(r) = &e.replace {
        field("replace", scalar(r));
    }
    if !e.alternatives.is_empty() {
        field("alternatives", flow(&e.alternatives));
    }
    if !e.variants.is_empty() {
        field("variants", flow(&e.variants));
    }
    if !e.patterns.is_empty() {
        field("patterns", flow(&e.patterns));
    }
    if !e.source.is_empty() {
        field("source", flow(&e.source));
    }
    if e.source_confirms {
        field("source_confirms", "true".into());
    }
    field("category", scalar(&e.category));
    if let Some(a) = e.action {
        field("action", a.as_str().into());
    }
    if let Some(c) = e.confidence {
        field("confidence", number(c));
    }
    if e.case_sensitive {
        field("case_sensitive", "true".into());
    }
    if let Some(c) = e.case {
        field(
            "case",
            match c {
                CasePolicy::AsWritten => "as-written",
                CasePolicy::Preserve => "preserve",
            }
            .into(),
        );
    }
    if e.strip_quotes {
        field("strip_quotes", "true".into());
    }
    if !e.fuzzy {
        field("fuzzy", "false".into());
    }
    if let Some(t) = e.fuzzy_fix_at {
        field("fuzzy_fix_at", number(t));
    }
    if let Some(n) = &e.note {
        field("note", prose(n));
    }
    if let Some(c) = &e.context {
        let mut lines = Vec::new();
        if c.scope != Scope::Document {
            lines.push("    scope: paragraph".to_owned());
        }
        for (k, v) in [
            ("any", &c.any),
            ("none", &c.none),
            ("not_followed_by", &c.not_followed_by),
            ("not_preceded_by", &c.not_preceded_by),
        ] {
            if !v.is_empty() {
                lines.push(format!("    {k}: {}", flow(v)));
            }
        }
        if lines.is_empty() {
            field("context", "{}".into());
        } else {
            field("context", String::new());
            for l in lines {
                block.push_str(&l);
                block.push('\n');
            }
        }
    }
    if !e.follow_up.is_empty() {
        block.push_str("  follow_up:\n");
        for f in &e.follow_up {
            block.push_str(&format!("    - variant: {}\n", scalar(&f.variant)));
            block.push_str(&format!("      correct: {}\n", scalar(&f.correct)));
        }
    }
    if !e.tests.is_empty() {
        block.push_str("  tests:\n");
        for t in &e.tests {
            let mut first = true;
            for (k, v) in [
                ("wrong", &t.wrong),
                ("right", &t.right),
                ("unchanged", &t.unchanged),
                ("source", &t.source),
            ] {
                if let Some(v) = v {
                    let lead = if first { "    - " } else { "      " };
                    first = false;
                    block.push_str(&format!("{lead}{k}: {}\n", prose(v)));
                }
            }
        }
    }
    out.push_str(&block);
}

fn number(x: f64) -> String {
    let s = format!("{x}");
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

fn flow(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| flow_scalar(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// A scalar in block context.
fn scalar(s: &str) -> String {
    if is_plain(s, false) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// A scalar inside a flow sequence (where `,[]{}` also need quotes).
fn flow_scalar(s: &str) -> String {
    if is_plain(s, true) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// Sentences (notes, tests): always quoted, so that they read alike.
fn prose(s: &str) -> String {
    quoted(s)
}

/// Double-quoted with escapes; single-quoted when the text has a
/// backslash (a regex) and no control character.
fn quoted(s: &str) -> String {
    // YAML readers also break lines at U+2028/U+2029 (and drop a BOM): only
    // double quotes can escape them.
    let special = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
    let control = s.chars().any(special);
    if s.contains('\\') && !control {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if special(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// True when YAML reads `s` back as the same string without quotes: it
/// starts with a letter (any script) or digit, is not a number, boolean
/// or null, and holds only letters, digits, spaces and a few safe marks.
fn is_plain(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_alphanumeric() || s.ends_with(' ') {
        return false;
    }
    if s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o") {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
    ) || lower.starts_with(".inf")
        || lower.starts_with(".nan")
    {
        return false;
    }
    let mut prev = ' ';
    for c in s.chars() {
        let ok = c.is_alphanumeric()
            || matches!(
                c,
                '-' | '.' | '\'' | '(' | ')' | '/' | '·' | '’' | '&' | '+' | '、' | '・'
            )
            || (c == ' ' && prev != ' ')
            || (!in_flow && matches!(c, ',' | '[' | ']' | '{' | '}'));
        if !ok {
            return false;
        }
        prev = c;
    }
    // A digit-led string that YAML could read as a date or time.
    if first.is_ascii_digit() && s.contains(['-', ':']) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(e: &EntrySpec) -> EntrySpec {
        let text = write_entries("", std::slice::from_ref(e));
        let back: Vec<EntrySpec> = serde_yaml::from_str(&text).unwrap_or_else(|err| {
            panic!("{err}\n{text}");
        });
        back.into_iter().next().unwrap()
    }

    #[test]
    fn plain_and_quoted_scalars_read_back() {
        for s in [
            "Moon Jae-in",
            "yes",
            "No",
            "1992 Consensus",
            "2019-05-01",
            "12",
            "a: b",
            "# x",
            "- x",
            "x #y",
            "File photo:",
            "Kim's \"quote\"",
            "(?m)^Home > \\d+",
            "line\nbreak\ttab",
            "",
            " lead",
            "trail ",
            "文在寅",
            "朝鮮・韓国",
            "[x]",
            "a, b",
            "@handle",
            "`tick`",
            "%x",
            "!tag",
            "&anchor",
            "*alias",
            "|",
            ">",
            "'q'",
            "?",
            "'",
        ] {
            let mut e = EntrySpec::new("x", s, "term");
            e.variants = vec![s.to_owned(), format!("{s}2")];
            e.note = Some(s.to_owned());
            assert_eq!(roundtrip(&e), e, "{s:?}");
        }
    }

    #[test]
    fn every_field_reads_back() {
        let mut e = EntrySpec::new("moon-jae-in", "Moon Jae-in", "name/person");
        e.alternatives = vec!["Moon".into()];
        e.variants = vec!["Wen Zai".into(), "Wen Zaiyin".into()];
        e.source = vec!["文在寅".into()];
        e.source_confirms = true;
        e.action = Some(Action::Suggest);
        e.confidence = Some(0.95);
        e.case_sensitive = true;
        e.case = Some(CasePolicy::Preserve);
        e.strip_quotes = true;
        e.fuzzy = false;
        e.fuzzy_fix_at = Some(1.0);
        e.note = Some("South Korean president (2017-2022).".into());
        e.context = Some(ContextSpec {
            scope: Scope::Paragraph,
            any: vec!["Korea".into(), "Seoul".into()],
            none: vec!["Wen Jiabao".into()],
            not_followed_by: vec!["Bridge".into()],
            not_preceded_by: vec!["the".into()],
        });
        e.follow_up = vec![FollowUpSpec {
            variant: "Wen".into(),
            correct: "Moon".into(),
        }];
        e.tests = vec![
            TestSpec {
                wrong: Some("Wen Zai said.".into()),
                right: Some("Moon Jae-in said.".into()),
                source: Some("文在寅说。".into()),
                ..TestSpec::default()
            },
            TestSpec {
                unchanged: Some("Wen Jiabao said.".into()),
                ..TestSpec::default()
            },
        ];
        assert_eq!(roundtrip(&e), e);
        let mut p = EntrySpec::new("end", "", "boilerplate");
        p.correct = None;
        p.replace = Some(String::new());
        p.patterns = vec![r"(?m)^\(End\)$".into()];
        p.context = Some(ContextSpec::default());
        assert_eq!(roundtrip(&p), p);
    }

    #[test]
    fn entries_are_sorted_and_header_kept() {
        let a = EntrySpec::new("b-entry", "B", "term");
        let b = EntrySpec::new("a-entry", "A", "term");
        let text = write_entries("# Terms.", &[a, b]);
        assert_eq!(
            text,
            "# Terms.\n\n- id: a-entry\n  correct: A\n  category: term\n\n- id: b-entry\n  correct: B\n  category: term\n"
        );
        assert_eq!(header(&text), "# Terms.");
        assert_eq!(header("- id: x\n"), "");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the text of a term, note or test, the canonical writer
        /// produces YAML that reads back to the same entry.
        #[test]
        fn any_text_reads_back(
            term in "\\PC{1,20}",
            note in "\\PC{0,40}",
            test in "(\\PC|\\n|\\t){0,40}",
            regex in "[ -~]{1,20}",
        ) {
            let term = term.trim().to_owned();
            prop_assume!(!term.is_empty());
            let mut e = EntrySpec::new("x", &term, "term");
            e.variants = vec![format!("{term} v")];
            e.alternatives = vec![format!("a {term}")];
            e.source = vec![term.clone()];
            e.note = Some(note);
            e.patterns = vec![regex];
            e.context = Some(ContextSpec { any: vec![term.clone()], ..ContextSpec::default() });
            e.tests = vec![TestSpec { unchanged: Some(test), ..TestSpec::default() }];
            let text = write_entries("", std::slice::from_ref(&e));
            let back: Vec<EntrySpec> = serde_yaml::from_str(&text)
                .map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))?;
            prop_assert_eq!(&back[0], &e, "{}", text);
        }
    }
}
