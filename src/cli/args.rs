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

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style, for people.
    Human,
    /// JSON Lines, one finding per line.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report artifacts (exit 0: none, 1: found, 2: error).
    Check {
        /// Files or folders (recursive); none or `-` reads standard input.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
    Lint,
    /// Counts by category: entries, variants, patterns, source terms, tests.
    Stats,
    /// Show one entry: its note, terms, context, tests and where it lives.
    Explain {
        /// Entry id, or a term (correct form or variant) of an entry.
        id: String,
    },
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
