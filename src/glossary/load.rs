//! YAML → entries. Every call to `serde_yaml` lives in this file.
//!
//! Parsing goes through the [`EntrySpec`] mirror types with
//! `deny_unknown_fields`, so a misspelt key is an error with a position,
//! never a silently ignored rule.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::spec::EntrySpec;
use super::{Action, CasePolicy, Context, Entry, FollowUp, Origin, RuleTest};

/// A glossary that cannot be used: where, which entry, and why.
///
/// Displays as `file:line:col: entry 'id': message`, followed by the
/// offending line when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    entry: Option<String>,
    message: String,
    snippet: Option<String>,
}

impl LoadError {
    pub(crate) fn new(file: &str, message: impl Into<String>) -> Self {
        LoadError(Box::new(Inner {
            file: file.to_owned(),
            line: None,
            column: None,
            entry: None,
            message: message.into(),
            snippet: None,
        }))
    }

    pub(crate) fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::new(
            &path.display().to_string(),
            format!("cannot read glossary: {err}"),
        )
    }

    /// Points the error at `line:column` (1-based) of `text`.
    pub(crate) fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self.0.snippet = text.lines().nth(line.saturating_sub(1)).map(|l| {
            // Show at most 120 characters of a long line.
            match l.char_indices().nth(120) {
                Some((i, _)) => format!("{}…", &l[..i]),
                None => l.to_owned(),
            }
        });
        self
    }

    pub(crate) fn entry(mut self, id: &str) -> Self {
        self.0.entry = Some(id.to_owned());
        self
    }

    /// The glossary file.
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.0.line
    }

    /// 1-based column, when known.
    pub fn column(&self) -> Option<usize> {
        self.0.column
    }

    /// The id of the entry at fault, when known.
    pub fn entry_id(&self) -> Option<&str> {
        self.0.entry.as_deref()
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        write!(f, "{}", e.file)?;
        if let Some(line) = e.line {
            write!(f, ":{line}")?;
            if let Some(col) = e.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(id) = &e.entry {
            write!(f, "entry '{id}': ")?;
        }
        write!(f, "{}", e.message)?;
        if let (Some(line), Some(snippet)) = (e.line, &e.snippet) {
            write!(f, "\n{line:>5} | {snippet}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Default confidence of an entry that does not give one.
pub(crate) const DEFAULT_CONFIDENCE: f64 = 0.9;

/// Parses one YAML document (a sequence of entries) and checks each entry.
pub(crate) fn parse(text: &str, file: &Arc<str>) -> Result<Vec<Entry>, LoadError> {
    let specs = parse_specs(text, file)?;
    let mut ids = IdLines::new(text);
    specs
        .into_iter()
        .map(|r| {
            let at = ids.next(&r.id);
            convert(r, text, file, at)
        })
        .collect()
}

/// Parses one YAML document into entry specs, without the per-entry checks.
pub(crate) fn parse_specs(text: &str, file: &str) -> Result<Vec<EntrySpec>, LoadError> {
    if let Some((line, col)) = too_deep(text) {
        return Err(LoadError::new(
            file,
            format!("nested more than {MAX_DEPTH} levels deep; a glossary never is"),
        )
        .at(text, line, col));
    }
    if let Some(specs) = parse_in_parts(text) {
        return Ok(specs);
    }
    let raw: Option<Vec<EntrySpec>> = serde_yaml::from_str(text).map_err(|e| {
        let msg = strip_entry_path(&strip_location(&e.to_string()));
        let err = LoadError::new(file, msg);
        match e.location() {
            Some(loc) => {
                let err = err.at(text, loc.line(), loc.column());
                match entry_at_line(text, loc.line()) {
                    Some(id) => err.entry(&id),
                    None => err,
                }
            }
            None => err,
        }
    })?;
    Ok(raw.unwrap_or_default())
}

/// From this size, a glossary is parsed in parts on the thread pool.
const PARTS_FROM: usize = 1 << 20;

/// A big glossary parsed in parts side by side: the top-level sequence is
/// cut before items (`- ` at column 0), and each part is a sequence of its
/// own. `None` when the pool has one thread, the text is small or has
/// several documents, or any part fails to parse: then the whole text is
/// parsed at once, which also gives errors their exact position.
fn parse_in_parts(text: &str) -> Option<Vec<EntrySpec>> {
    use rayon::prelude::*;
    let parts_wanted = rayon::current_num_threads() * 2;
    if text.len() < PARTS_FROM || parts_wanted < 4 {
        return None;
    }
    let mut cuts = vec![0];
    let step = text.len() / parts_wanted;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let item = line.starts_with("- ") || line.trim_end() == "-";
        if item && at >= cuts[cuts.len() - 1] + step {
            cuts.push(at);
        }
        at += line.len();
    }
    cuts.push(text.len());
    if cuts.len() < 3 {
        return None;
    }
    let parts: Vec<Option<Vec<EntrySpec>>> = cuts
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|w| {
            serde_yaml::from_str::<Option<Vec<EntrySpec>>>(&text[w[0]..w[1]])
                .ok()
                .map(Option::unwrap_or_default)
        })
        .collect();
    let mut specs = Vec::new();
    for p in parts {
        specs.extend(p?);
    }
    Some(specs)
}

/// Deepest `[`/`{` nesting a glossary may have. The YAML scanner's cost
/// grows with the square of flow nesting, so depth is checked first.
const MAX_DEPTH: usize = 64;

/// 1-based line and column where flow nesting (`[`, `{`, outside quotes
/// and comments) first exceeds [`MAX_DEPTH`].
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((n + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// serde_yaml names the place by path (`.[3].context: unknown field …`);
/// we name the entry by id instead, so drop the `[N]` part.
fn strip_entry_path(msg: &str) -> String {
    // Name our mirror types the way the documentation does.
    let msg = msg
        .replace(
            "struct EntrySpec",
            "a glossary entry (a mapping with `id`, `category`, …)",
        )
        .replace("struct ContextSpec", "a `context` mapping")
        .replace(
            "struct FollowUpSpec",
            "a `follow_up` item (`variant`, `correct`)",
        )
        .replace(
            "struct TestSpec",
            "a test (`wrong` + `right`, or `unchanged`)",
        );
    let msg = msg.as_str();
    let rest = msg.strip_prefix('.').unwrap_or(msg);
    match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((n, tail)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            let tail = tail.strip_prefix('.').unwrap_or(tail);
            tail.strip_prefix(": ").unwrap_or(tail).to_owned()
        }
        _ => msg.to_owned(),
    }
}

/// The id of the entry that contains 1-based `line`, when the file parses
/// as plain YAML (used to name the entry in a type error).
fn entry_at_line(text: &str, line: usize) -> Option<String> {
    let values: Vec<serde_yaml::Value> = serde_yaml::from_str(text).ok()?;
    let mut ids = IdLines::new(text);
    let mut best = None;
    for v in values {
        let id = v.get("id")?.as_str()?.to_owned();
        let (l, _) = ids.next(&id);
        if l <= line {
            best = Some(id);
        }
    }
    best
}

/// serde_yaml appends " at line N column M"; we print the position ourselves.
fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// Where each entry's `id:` key is: every `id:` line of a file, indexed
/// in one pass (a glossary of 100,000 entries loads in linear time).
struct IdLines {
    /// id → 1-based (line, column) of each occurrence, in file order.
    at: std::collections::HashMap<String, std::collections::VecDeque<(usize, usize)>>,
}

impl IdLines {
    fn new(text: &str) -> Self {
        let mut at: std::collections::HashMap<String, std::collections::VecDeque<(usize, usize)>> =
            std::collections::HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let rest = trimmed
                .strip_prefix("- ")
                .map(str::trim_start)
                .unwrap_or(trimmed);
            if let Some(value) = rest.strip_prefix("id:") {
                let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                at.entry(value.to_owned())
                    .or_default()
                    .push_back((n + 1, line.len() - rest.len() + 1));
            }
        }
        IdLines { at }
    }

    /// The position of the next not yet taken `id: <id>` (1:1 if none).
    fn next(&mut self, id: &str) -> (usize, usize) {
        self.at
            .get_mut(id)
            .and_then(|q| q.pop_front())
            .unwrap_or((1, 1))
    }
}

/// 1-based line and column of the first occurrence of `needle` at or after
/// line `from` (falls back to `from` itself).
pub(crate) fn locate_value(text: &str, from: usize, needle: &str) -> (usize, usize) {
    for (n, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        if let Some(i) = line.find(needle) {
            return (n + 1, line[..i].chars().count() + 1);
        }
    }
    (from, 1)
}

fn convert(
    raw: EntrySpec,
    text: &str,
    file: &Arc<str>,
    (line, col): (usize, usize),
) -> Result<Entry, LoadError> {
    let fail = |needle: Option<&str>, msg: String| {
        let (l, c) = match needle {
            Some(n) => locate_value(text, line, n),
            None => (line, col),
        };
        LoadError::new(file, msg).at(text, l, c).entry(&raw.id)
    };

    if !is_kebab(&raw.id) {
        return Err(fail(
            None,
            "id must be kebab-case: lowercase ASCII letters, digits and single hyphens".into(),
        ));
    }
    if raw.category.trim().is_empty() {
        return Err(fail(None, "category must not be empty".into()));
    }
    if raw.correct.is_none() && raw.replace.is_none() {
        return Err(fail(
            None,
            "an entry needs `correct` (a term) or `replace` (a pattern rewrite)".into(),
        ));
    }
    if raw.replace.is_some() && raw.patterns.is_empty() {
        return Err(fail(
            Some("replace:"),
            "`replace` only applies to `patterns`; a term uses `correct`".into(),
        ));
    }
    for s in raw
        .correct
        .iter()
        .chain(&raw.alternatives)
        .chain(&raw.variants)
    {
        if s.trim().is_empty() || s.trim() != s {
            return Err(fail(
                Some(s),
                format!("{s:?}: terms must be non-empty, without surrounding spaces"),
            ));
        }
    }
    let same = |a: &str, b: &str| {
        if raw.case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    };
    for (i, v) in raw.variants.iter().enumerate() {
        if raw.variants[..i].iter().any(|w| same(v, w)) {
            return Err(fail(Some(v), format!("variant {v:?} is listed twice")));
        }
        if raw
            .correct
            .iter()
            .chain(&raw.alternatives)
            .any(|c| same(v, c))
        {
            return Err(fail(
                Some(v),
                format!("variant {v:?} is the entry's own correct form or alternative"),
            ));
        }
    }
    let confidence = raw.confidence.unwrap_or(DEFAULT_CONFIDENCE);
    if !(0.0..=1.0).contains(&confidence) {
        return Err(fail(
            Some("confidence:"),
            format!("confidence {confidence} is outside 0..1"),
        ));
    }
    if let Some(t) = raw.fuzzy_fix_at
        && !(0.0..=1.0).contains(&t)
    {
        return Err(fail(
            Some("fuzzy_fix_at:"),
            format!("fuzzy_fix_at {t} is outside 0..1"),
        ));
    }
    for p in &raw.patterns {
        match regex::Regex::new(p) {
            Err(e) => {
                return Err(fail(
                    Some("patterns:"),
                    format!("pattern {p:?} does not compile: {e}"),
                ));
            }
            Ok(re) if re.is_match("") => {
                return Err(fail(
                    Some("patterns:"),
                    format!("pattern {p:?} matches the empty string"),
                ));
            }
            Ok(_) => {}
        }
    }
    let context = match raw.context {
        None => None,
        Some(c) => {
            for w in c
                .any
                .iter()
                .chain(&c.none)
                .chain(&c.not_followed_by)
                .chain(&c.not_preceded_by)
            {
                if w.trim().is_empty() {
                    return Err(fail(
                        Some("context:"),
                        "context words must not be empty".into(),
                    ));
                }
            }
            Some(Context {
                scope: c.scope,
                any: c.any,
                none: c.none,
                not_followed_by: c.not_followed_by,
                not_preceded_by: c.not_preceded_by,
            })
        }
    };
    let mut follow_up = Vec::with_capacity(raw.follow_up.len());
    for f in raw.follow_up {
        if f.variant.trim().is_empty() || f.correct.trim().is_empty() {
            return Err(fail(
                Some("follow_up:"),
                "follow-up variant and correct must not be empty".into(),
            ));
        }
        follow_up.push(FollowUp {
            variant: f.variant,
            correct: f.correct,
        });
    }
    let mut tests = Vec::with_capacity(raw.tests.len());
    for t in raw.tests {
        let source = t.source;
        tests.push(match (t.wrong, t.right, t.unchanged) {
            (Some(wrong), Some(right), None) => RuleTest::Fix {
                wrong,
                right,
                source,
            },
            (None, None, Some(unchanged)) => RuleTest::Unchanged { unchanged, source },
            _ => {
                return Err(fail(
                    Some("tests:"),
                    "each test is either `wrong` + `right`, or `unchanged`".into(),
                ));
            }
        });
    }
    let category: Arc<str> = Arc::from(raw.category.as_str());
    let case = raw.case.unwrap_or(if category.starts_with("name/") {
        CasePolicy::AsWritten
    } else {
        CasePolicy::Preserve
    });
    Ok(Entry {
        id: Arc::from(raw.id.as_str()),
        correct: raw.correct,
        alternatives: raw.alternatives,
        variants: raw.variants,
        patterns: raw.patterns,
        replace: raw.replace,
        source: raw.source,
        category,
        note: raw.note,
        context,
        action: raw.action.unwrap_or(Action::Fix),
        confidence,
        case_sensitive: raw.case_sensitive,
        case,
        strip_quotes: raw.strip_quotes,
        source_confirms: raw.source_confirms,
        fuzzy: raw.fuzzy,
        fuzzy_fix_at: raw.fuzzy_fix_at,
        follow_up,
        tests,
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The YAML files of a glossary path: the file itself, or every `*.yaml` /
/// `*.yml` below a folder, sorted.
/// `(name, text)` of every file [`yaml_files`] lists.
pub(crate) fn read_yaml_files(path: &Path) -> Result<Vec<(String, String)>, LoadError> {
    yaml_files(path)?
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).map_err(|e| LoadError::io(&file, &e))?;
            Ok((file.display().to_string(), text))
        })
        .collect()
}

pub(crate) fn yaml_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        let rd = std::fs::read_dir(&dir).map_err(|e| LoadError::io(&dir, &e))?;
        for item in rd {
            let item = item.map_err(|e| LoadError::io(&dir, &e))?;
            let p = item.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Result<Vec<Entry>, LoadError> {
        parse(yaml, &Arc::from("t.yaml"))
    }

    #[test]
    fn minimal_entry_gets_defaults() {
        let e = &load(
            "- id: a\n  correct: Moon Jae-in\n  variants: [Wen Zai]\n  category: name/person\n",
        )
        .unwrap()[0];
        assert_eq!(e.action, Action::Fix);
        assert_eq!(e.confidence, DEFAULT_CONFIDENCE);
        assert_eq!(e.case, CasePolicy::AsWritten);
        assert_eq!(e.origin.line, 1);
        let t = &load(
            "- id: a\n  correct: inter-Korean\n  variants: [Korean-Korean]\n  category: term\n",
        )
        .unwrap()[0];
        assert_eq!(t.case, CasePolicy::Preserve);
    }

    #[test]
    fn unknown_field_is_an_error_with_position() {
        let err = load("- id: a\n  correct: X\n  categroy: term\n").unwrap_err();
        assert_eq!(err.line(), Some(3), "{err}");
        assert!(err.message().contains("unknown field `categroy`"), "{err}");
    }

    #[test]
    fn type_errors_name_the_entry_by_id() {
        let err = load("- id: a\n  correct: X\n  category: t\n- id: b\n  correct: Y\n  category: t\n  context: {anyy: [x]}\n").unwrap_err();
        assert_eq!(err.entry_id(), Some("b"), "{err}");
        assert!(err.to_string().starts_with("t.yaml:7:"), "{err}");
        assert!(
            err.message().starts_with("context: unknown field `anyy`"),
            "{err}"
        );
        assert_eq!(
            strip_entry_path(".[12]: unknown field `x`"),
            "unknown field `x`"
        );
        assert_eq!(strip_entry_path("invalid type"), "invalid type");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}{}", "{a: ".repeat(40_000), "}".repeat(40_000));
        let started = std::time::Instant::now();
        let err = load(&deep).unwrap_err();
        assert!(
            err.message().contains("nested more than 64 levels"),
            "{err}"
        );
        assert!(started.elapsed().as_secs() < 2);
        // Brackets inside quotes do not count.
        assert!(too_deep(&format!("- id: a\n  note: '{}'\n", "[".repeat(100))).is_none());
    }

    #[test]
    fn messages_name_things_as_the_docs_do() {
        let err = load("- 3\n").unwrap_err();
        assert!(err.message().contains("a glossary entry"), "{err}");
        assert!(!err.to_string().contains("Raw"), "{err}");
    }

    #[test]
    fn source_accepts_one_or_many() {
        let e = load("- id: a\n  correct: X\n  source: 文在寅\n  category: t\n").unwrap();
        assert_eq!(e[0].source, vec!["文在寅"]);
        let e =
            load("- id: a\n  correct: X\n  source: [文在寅, 文在寅x]\n  category: t\n").unwrap();
        assert_eq!(e[0].source.len(), 2);
    }

    #[test]
    fn bad_regex_names_entry_and_line() {
        let err = load("- id: ok\n  correct: X\n  category: t\n- id: broken\n  correct: Y\n  category: t\n  patterns: ['(a']\n").unwrap_err();
        assert_eq!(err.entry_id(), Some("broken"));
        assert_eq!(err.line(), Some(7), "{err}");
        assert!(err.to_string().starts_with("t.yaml:7:"), "{err}");
    }

    #[test]
    fn per_entry_mistakes_are_refused() {
        let cases = [
            ("- id: Bad_Id\n  correct: X\n  category: t\n", "kebab-case"),
            (
                "- id: a\n  category: t\n  variants: [x]\n",
                "needs `correct`",
            ),
            (
                "- id: a\n  correct: X\n  category: t\n  confidence: 1.5\n",
                "outside 0..1",
            ),
            (
                "- id: a\n  correct: Y\n  category: t\n  variants: [x, X]\n",
                "listed twice",
            ),
            (
                "- id: a\n  correct: X\n  category: t\n  variants: [x]\n",
                "own correct",
            ),
            (
                "- id: a\n  correct: X\n  category: t\n  patterns: ['a*']\n",
                "empty string",
            ),
            (
                "- id: a\n  correct: X\n  category: t\n  tests: [{wrong: a}]\n",
                "either",
            ),
            (
                "- id: a\n  correct: X\n  category: t\n  variants: [' y']\n",
                "surrounding spaces",
            ),
        ];
        for (yaml, needle) in cases {
            let err = load(yaml).unwrap_err();
            assert!(err.to_string().contains(needle), "{yaml:?} → {err}");
        }
    }

    #[test]
    fn a_big_glossary_parsed_in_parts_is_the_same() {
        let mut yaml = String::from("# a comment\n");
        let mut n = 0;
        while yaml.len() < 2 * PARTS_FROM {
            yaml.push_str(&format!(
                "- id: e-{n}\n  correct: \"Name {n}\"\n  variants: [\"Nam {n}\", 'Nme {n}']\n  category: name/person\n  note: |\n    - not an item {n}\n    second line\n"
            ));
            n += 1;
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let parts = pool
            .install(|| parse_in_parts(&yaml))
            .expect("parsed in parts");
        let whole: Vec<EntrySpec> = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(parts.len(), n);
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
        // A part that does not parse sends the whole text to the one-piece
        // parser, which reports the error at its place in the file.
        let broken = format!("{yaml}- id: [unclosed\n");
        assert!(pool.install(|| parse_in_parts(&broken)).is_none());
        let err = pool
            .install(|| parse_specs(&broken, "big.yaml"))
            .unwrap_err();
        assert_eq!(err.line(), Some(yaml.lines().count() + 1));
    }

    #[test]
    fn empty_document_is_no_entries() {
        assert!(load("").unwrap().is_empty());
        assert!(load("# only a comment\n").unwrap().is_empty());
    }

    #[test]
    fn display_shows_offending_line() {
        let err = load("- id: a\n  correct: X\n  category: t\n  confidence: 7\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml:4:3: entry 'a': confidence 7 is outside 0..1\n    4 |   confidence: 7"
        );
    }
}
