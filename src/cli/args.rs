//! Command-line arguments (clap derive). Raw flags only: `cli::run` builds
//! the glossary, matcher and reporters from them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Find and fix machine-translation artifacts in English translated from Chinese news.
#[derive(Debug, Parser)]
#[command(name = "mtfix", version, about, long_about = None)]
pub struct Args {
    /// Add a glossary file, or every *.yaml below a folder (repeatable).
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,

    /// Do not load the embedded default glossary.
    #[arg(long, global = true)]
    pub no_default_rules: bool,

    /// Parse a big glossary (1 MiB or more) every run instead of reading its
    /// validated entries from the cache ($MTFIX_CACHE_DIR, else
    /// $XDG_CACHE_HOME/mtfix or ~/.cache/mtfix).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// When to colour output.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

    /// Fuzzy matching of unlisted variants: off, suggest only, or fix when
    /// confidence reaches --min-confidence (the default).
    #[arg(long, value_enum, default_value_t = Fuzzy::Fix, global = true)]
    pub fuzzy: Fuzzy,

    /// Confidence (similarity × entry confidence) from which a fuzzy finding
    /// is a fix rather than a suggestion; an entry's `fuzzy_fix_at` overrides it.
    #[arg(long, value_name = "X", default_value_t = 0.9, value_parser = confidence, global = true)]
    pub min_confidence: f64,

    /// Worker threads (default: one per core); with 2 or more, the main thread
    /// reads and writes alongside them, and 1 runs everything on one thread.
    /// Output is the same for any number.
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Allow list of findings not to report (default: the nearest
    /// .mtfix-allow.yaml in the current folder or above it).
    #[arg(long, value_name = "FILE", global = true)]
    pub allow: Option<PathBuf>,

    /// Ignore any allow list.
    #[arg(long, global = true, conflicts_with = "allow")]
    pub no_allow: bool,

    /// Read inputs larger than this many bytes in pieces cut at paragraph
    /// breaks (line ends for line formats), processed on all threads and
    /// written as they are done. Each piece is a document for context rules.
    #[arg(long, value_name = "BYTES", global = true, hide = true, default_value_t = mtfix::input::stream::DEFAULT_PIECE, value_parser = clap::value_parser!(usize))]
    pub piece_size: usize,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How inputs are read.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Input format (default: by extension: .tsv, .jsonl, .xlf/.xliff, .tmx; else plain).
    #[arg(long, value_enum, global = true)]
    pub input_format: Option<InputFormatArg>,

    /// Line-aligned Chinese source of the (single) plain-text target file.
    #[arg(long, value_name = "SRC", global = true)]
    pub source: Option<PathBuf>,

    /// JSON Lines: the field to check and fix.
    #[arg(long, alias = "field", default_value = "target", global = true)]
    pub target_field: String,

    /// JSON Lines: the field with the Chinese source.
    #[arg(long, default_value = "source", global = true)]
    pub source_field: String,

    /// TMX: language of the source variant (prefix, e.g. zh, zh-CN).
    #[arg(long, default_value = "zh", global = true)]
    pub source_lang: String,

    /// TMX: language of the target variant.
    #[arg(long, default_value = "en", global = true)]
    pub target_lang: String,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Plain text.
    Plain,
    /// source<TAB>target lines.
    Tsv,
    /// JSON Lines records.
    Jsonl,
    /// XLIFF 1.2 or 2.0.
    Xliff,
    /// TMX.
    Tmx,
}

/// Fuzzy matching mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Fuzzy {
    /// No fuzzy matching.
    Off,
    /// Fuzzy findings are suggestions.
    Suggest,
    /// Near-certain fuzzy findings are fixes, the rest suggestions.
    Fix,
}

fn backup_suffix(s: &str) -> Result<String, String> {
    if s.is_empty() || s.contains(['/', '\\']) {
        Err("a backup suffix is a non-empty file-name ending such as .orig, without slashes".into())
    } else {
        Ok(s.to_owned())
    }
}

fn confidence(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside 0..1"))
    }
}

/// Output format of `rules list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style, for people.
    Human,
    /// JSON Lines, one finding per line.
    Json,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style, for people.
    Human,
    /// JSON Lines, one finding per line.
    Json,
    /// A self-contained HTML review page: accept/reject, filters, export of decisions.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report artifacts (exit 0: none, 1: found, 2: error).
    Check {
        /// Files or folders (recursive); none or `-` reads standard input.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Write corrected text: to stdout (one input), in place, or as a diff.
    Fix {
        /// Files or folders (recursive); none or `-` reads standard input.
        paths: Vec<PathBuf>,
        /// Rewrite the files atomically.
        #[arg(long, conflicts_with = "diff")]
        in_place: bool,
        /// With --in-place: first keep the original of each changed file as FILE+SUFFIX.
        #[arg(long, value_name = "SUFFIX", requires = "in_place", value_parser = backup_suffix)]
        backup: Option<String>,
        /// Print a unified diff instead of the text (for review, `patch -p1` or `git apply`).
        #[arg(long)]
        diff: bool,
        /// Also apply findings whose action is `suggest`.
        #[arg(long)]
        suggestions: bool,
    },
    /// Propose new glossary entries from a corpus, ranked by evidence:
    /// near-misses of known entries, inconsistent renderings of a source
    /// term, pinyin-shaped names and literal readings of abbreviations.
    Mine {
        /// Files or folders (recursive); none or `-` reads standard input.
        paths: Vec<PathBuf>,
        /// How many candidates to print.
        #[arg(long, default_value_t = 200)]
        top: usize,
        /// Least occurrences of a candidate.
        #[arg(long, default_value_t = 2)]
        min_count: usize,
        /// Output: glossary YAML with the evidence as comments, JSON Lines, or HTML.
        #[arg(long, value_enum, default_value_t = MineFormat::Yaml)]
        format: MineFormat,
    },
    /// Walk through the findings in the terminal: accept, reject or edit
    /// each. Decisions are kept in a file (resumed next time) and accepted
    /// changes are written to the files when you quit.
    Review {
        /// Files or folders (recursive).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The decisions file: read to resume, written when you quit.
        #[arg(long, value_name = "FILE", default_value = "mtfix-decisions.jsonl")]
        decisions: PathBuf,
        /// Keep the decisions but leave the files unchanged.
        #[arg(long)]
        dry_run: bool,
        /// Add rejected findings to the allow list, so that check, fix and
        /// review do not report them again.
        #[arg(long)]
        remember: bool,
        /// Also walk through findings decided in an earlier session.
        #[arg(long)]
        all: bool,
    },
    /// Replay a decisions file (from `review` or the HTML page): write the
    /// accepted findings, leave the rejected ones, and report decisions
    /// whose finding or context changed (exit 1) instead of guessing.
    Apply {
        /// The decisions file (JSON Lines).
        decisions: PathBuf,
        /// Documents to apply to (default: those the decisions name).
        paths: Vec<PathBuf>,
        /// Report what would happen; write nothing.
        #[arg(long, conflicts_with = "diff")]
        dry_run: bool,
        /// Print a unified diff instead of writing the files.
        #[arg(long)]
        diff: bool,
        /// Add rejected findings to the allow list.
        #[arg(long)]
        remember: bool,
    },
    /// Inspect and test the loaded glossary.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the loaded entries.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Run the examples written inside every entry.
    Test,
    /// Everything that makes the glossary wrong or dangerous: failing
    /// examples, variants inside other entries' correct forms, one-word
    /// English variants without context, non-Chinese sources, missing notes
    /// or tests (exit 1 when anything is found).
    Lint {
        /// First rewrite every file given with --rules in the canonical
        /// form (sorted by id, one style), atomically.
        #[arg(long)]
        fix: bool,
    },
    /// Add an entry, or merge terms into the entry with the same id, in a
    /// glossary file; the rest of the file is kept as it was. Refuses what
    /// loading or `rules lint` would refuse.
    Add(Box<AddArgs>),
    /// Convert a CSV/TSV table, a TBX file or CC-CEDICT into glossary YAML
    /// (to review, then merge with `rules add FILE --from`).
    Import {
        /// What FILE is.
        #[arg(value_enum)]
        kind: ImportKind,
        /// The file to read.
        file: PathBuf,
        /// Category of entries that do not give one.
        #[arg(long, default_value = "term")]
        category: String,
        /// Write the YAML here instead of standard output.
        #[arg(long, short = 'o', value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Write the loaded glossary as a CSV/TSV table or as TBX.
    Export {
        /// Output format.
        #[arg(value_enum)]
        kind: ExportKind,
        /// Write here instead of standard output.
        #[arg(long, short = 'o', value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Counts by category: entries, variants, patterns, source terms, tests.
    Stats,
    /// Show one entry: its note, terms, context, tests and where it lives.
    Explain {
        /// Entry id, or a term (correct form or variant) of an entry.
        id: String,
    },
}

/// Output of `mine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MineFormat {
    /// Glossary YAML for `rules add --from`, evidence in comments.
    Yaml,
    /// One JSON object per candidate.
    Json,
    /// One self-contained HTML page, filterable by kind.
    Html,
}

/// Foreign glossary formats `rules import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// Comma-separated, with a header (id, source, correct, alternatives,
    /// variants, category, note) or as source, correct, variants.
    Csv,
    /// Tab-separated, same columns.
    Tsv,
    /// TermBase eXchange (ISO 30042), v3 or 2008.
    Tbx,
    /// A CC-CEDICT dictionary file (its proper names).
    Cedict,
}

/// Formats `rules export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// Comma-separated, with a header.
    Csv,
    /// Tab-separated, with a header.
    Tsv,
    /// TBX v3 (TBX-Basic).
    Tbx,
}

/// `rules add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The glossary file to change (created when missing).
    pub file: PathBuf,
    /// Merge every entry of this YAML file (reviewed candidates, an import).
    #[arg(long, value_name = "YAML", conflicts_with_all = ["id", "correct", "variant", "alternative", "source_term"])]
    pub from: Option<PathBuf>,
    /// Promote the edited replacements of a decisions file (from `review`
    /// or the HTML page): each becomes an entry's correct form with the
    /// matched text as its variant, and a test from the finding's context.
    #[arg(long, value_name = "DECISIONS", conflicts_with_all = ["from", "id", "correct", "variant", "alternative", "source_term"])]
    pub from_decisions: Option<PathBuf>,
    /// Entry id (default: from the correct form). An existing id gains the
    /// terms, sources and tests given.
    #[arg(long)]
    pub id: Option<String>,
    /// The correct form.
    #[arg(long)]
    pub correct: Option<String>,
    /// An accepted alternative (repeatable).
    #[arg(long)]
    pub alternative: Vec<String>,
    /// A bad rendering (repeatable).
    #[arg(long)]
    pub variant: Vec<String>,
    /// A Chinese source term (repeatable).
    #[arg(long = "source-term", id = "source_term", value_name = "TERM")]
    pub source_term: Vec<String>,
    /// Category of a new entry.
    #[arg(long, default_value = "name/person")]
    pub category: String,
    /// Who or what it is.
    #[arg(long)]
    pub note: Option<String>,
    /// A context word the entry needs nearby (repeatable).
    #[arg(long = "context-any", value_name = "WORD")]
    pub context_any: Vec<String>,
    /// A test: text with the artifact (with --test-right).
    #[arg(long, requires = "test_right")]
    pub test_wrong: Option<String>,
    /// A test: the corrected text.
    #[arg(long, requires = "test_wrong")]
    pub test_right: Option<String>,
    /// A test: text the entry must leave alone.
    #[arg(long)]
    pub test_unchanged: Option<String>,
    /// The Chinese source of the test text.
    #[arg(long)]
    pub test_source: Option<String>,
    /// Show the change as a diff without writing the file.
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Args::command().debug_assert();
    }
}
