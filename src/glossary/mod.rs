//! The glossary: the rule model that every other stage reads.
//!
//! A glossary is a list of [`Entry`] values loaded from YAML files (see
//! `docs/glossary.md` for the format). Loading is split in two steps:
//! [`load`](self) parses one file into entries and checks each entry on its
//! own; [`GlossaryBuilder::build`] then checks the entries *together*
//! (duplicate ids, a variant claimed twice, a variant that is another entry's
//! correct form) so that a user file cannot silently fight the default one.

mod builtin;
pub mod cache;
pub mod edit;
pub mod exchange;
mod lint;
mod load;
pub mod spec;
mod validate;

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use builtin::file_names as builtin_files;
pub use lint::{LintIssue, lint};
pub use load::LoadError;

/// What `fix` does with an entry's findings.
///
/// Ordered: `Suggest < Fix`, so `max` picks the stronger action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Reported; applied only with `--suggestions`.
    Suggest,
    /// Applied by `fix`.
    Fix,
}

impl Action {
    /// The lowercase name used in YAML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Suggest => "suggest",
            Action::Fix => "fix",
        }
    }
}

/// How the case of the matched text carries over to the replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CasePolicy {
    /// The replacement is used as written (names: "Moon Jae-in" stays
    /// "Moon Jae-in"), except that text in capitals stays in capitals.
    AsWritten,
    /// Like `AsWritten`, and the first letter is also capitalised at the start
    /// of a sentence ("staging and …" → "phased and …", "Staging and …" at
    /// a sentence start → "Phased and …").
    Preserve,
}

/// Where an entry's context words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The whole document (one file, one record).
    #[default]
    Document,
    /// The paragraph around the match: lines up to the nearest blank line.
    Paragraph,
}

/// Conditions that must hold around a match for an entry to apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// Where `any` and `none` are looked for.
    pub scope: Scope,
    /// At least one of these words must occur in the scope (case-sensitive,
    /// whole words). Empty: no requirement.
    pub any: Vec<String>,
    /// None of these words may occur in the scope (case-sensitive, whole words).
    pub none: Vec<String>,
    /// The match is vetoed when the next word is one of these
    /// (case-insensitive): "Golden Gate" followed by "Bridge".
    pub not_followed_by: Vec<String>,
    /// The match is vetoed when the previous word is one of these
    /// (case-insensitive).
    pub not_preceded_by: Vec<String>,
}

/// A document-scoped follow-up: once the entry has fired in a document, a
/// later lone `variant` (a surname, say) becomes `correct`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The short form MT leaves later in the text ("Wen").
    pub variant: String,
    /// What it becomes ("Moon").
    pub correct: String,
}

/// One example inside an entry, run by `mtfix rules test` and `cargo test`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RuleTest {
    /// `wrong`, fixed with the whole glossary (suggestions included), must
    /// become `right`, and this entry must be among the findings.
    Fix {
        /// Text with the artifact.
        wrong: String,
        /// The same text, corrected.
        right: String,
        /// The Chinese source of the text, for source-aware examples.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// This entry must not fire on the text.
    Unchanged {
        /// Text the entry must leave alone.
        unchanged: String,
        /// The Chinese source of the text, for source-aware examples.
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
}

/// Where an entry was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// File name (for the embedded glossary, `rules/<name>.yaml`).
    pub file: Arc<str>,
    /// 1-based line of the entry's `id:`.
    pub line: usize,
}

/// One correct term and the ways machine translation damages it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable, unique, kebab-case identifier.
    pub id: Arc<str>,
    /// The right rendering, if the entry is about a term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<String>,
    /// Other accepted renderings ("Kim Jong Un" beside "Kim Jong-un"); never flagged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Known bad renderings, matched literally (with space/hyphen variants).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Regular expressions whose matches are replaced by `replace` (or `correct`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Replacement template for `patterns` (`$1` allowed; empty = delete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<String>,
    /// Chinese source term(s).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<String>,
    /// `name/person`, `name/place`, `org`, `event`, `term`, `boilerplate`, `punctuation`, ….
    pub category: Arc<str>,
    /// Who or what the term is, and why MT gets it wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Conditions for the entry to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// Whether `fix` applies the entry's findings.
    pub action: Action,
    /// How sure the entry is, 0..=1.
    pub confidence: f64,
    /// Match variants case-sensitively (default: ASCII case-insensitive).
    pub case_sensitive: bool,
    /// How case carries over to the replacement.
    pub case: CasePolicy,
    /// Drop the quotes MT puts around a literal reading (`"Golden Conference"`).
    pub strip_quotes: bool,
    /// The `source` term alone identifies the entry (文在寅; not 开城, which
    /// is also a town in Ningxia): when a source segment contains it, the
    /// context's `any` words are not needed (vetoes still apply).
    pub source_confirms: bool,
    /// Take part in fuzzy matching (default true).
    pub fuzzy: bool,
    /// Confidence from which this entry's fuzzy findings are fixes rather
    /// than suggestions (default: the run's `--min-confidence`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuzzy_fix_at: Option<f64>,
    /// Later lone short forms to correct once the entry has fired.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_up: Vec<FollowUp>,
    /// Examples run by `rules test`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<RuleTest>,
    /// Where the entry was defined.
    pub origin: Origin,
}

impl Entry {
    /// The text a match is replaced with: `replace` if set, else `correct`.
    pub fn replacement(&self) -> Option<&str> {
        self.replace.as_deref().or(self.correct.as_deref())
    }
}

/// A validated set of entries.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
}

impl Glossary {
    /// The glossary shipped in `rules/`, embedded in the binary.
    ///
    /// # Panics
    /// Never in a released build: `tests/rules.rs` proves the embedded files load.
    pub fn builtin() -> Glossary {
        GlossaryBuilder::new()
            .with_builtin()
            .expect("the embedded glossary is valid")
            .build()
            .expect("the embedded glossary is valid")
    }

    /// Parses and validates one YAML document. `file` names it in errors.
    ///
    /// # Errors
    /// A [`LoadError`] with the file, line, column and entry id.
    pub fn from_yaml(text: &str, file: &str) -> Result<Glossary, LoadError> {
        GlossaryBuilder::new().add_yaml(text, file)?.build()
    }

    /// All entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| &*e.id == id)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Collects entries from several files, then validates them together.
///
/// ```
/// use mtfix::GlossaryBuilder;
/// let yaml = "- id: stephen-biegun\n  correct: Stephen Biegun\n  variants: [Stephen Bacon]\n  category: name/person\n";
/// let glossary = GlossaryBuilder::new().add_yaml(yaml, "mine.yaml")?.build()?;
/// assert_eq!(glossary.len(), 1);
/// # Ok::<(), mtfix::LoadError>(())
/// ```
#[derive(Debug, Default)]
pub struct GlossaryBuilder {
    entries: Vec<Entry>,
    /// The raw text of every file added, kept to point errors at lines.
    files: Vec<(Arc<str>, String)>,
}

impl GlossaryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the embedded default glossary (`rules/*.yaml`).
    ///
    /// # Errors
    /// Only if the embedded files are broken, which `cargo test` rules out.
    pub fn with_builtin(mut self) -> Result<Self, LoadError> {
        for (name, text) in builtin::FILES {
            self = self.add_yaml(text, name)?;
        }
        Ok(self)
    }

    /// Adds the entries of one YAML document.
    ///
    /// # Errors
    /// Syntax errors, unknown fields and per-entry mistakes, with position.
    pub fn add_yaml(mut self, text: &str, file: &str) -> Result<Self, LoadError> {
        let file: Arc<str> = Arc::from(file);
        let entries = load::parse(text, &file)?;
        self.entries.extend(entries);
        self.files.push((file, text.to_owned()));
        Ok(self)
    }

    /// Adds a YAML file, or every `*.yaml`/`*.yml` file below a folder
    /// (sorted by path, so the order is stable).
    ///
    /// # Errors
    /// Unreadable files and everything [`add_yaml`](Self::add_yaml) refuses.
    pub fn add_path(mut self, path: &Path) -> Result<Self, LoadError> {
        for (name, text) in load::read_yaml_files(path)? {
            self = self.add_yaml(&text, &name)?;
        }
        Ok(self)
    }

    /// Validates the entries together and returns the glossary.
    ///
    /// # Errors
    /// Conflicts between entries: duplicate ids, a variant claimed by two
    /// entries, a variant equal to an entry's correct form or alternative.
    pub fn build(self) -> Result<Glossary, LoadError> {
        validate::check(&self.entries, &self.files)?;
        Ok(Glossary {
            entries: self.entries,
        })
    }
}
