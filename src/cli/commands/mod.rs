//! One file per subcommand, plus reading inputs (shared by all of them).

pub mod apply;
pub mod check;
pub mod edit;
pub mod fix;
pub mod mine;
pub mod review;
pub mod rules;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use mtfix::input::bilingual::{FormatOptions, InputFormat};
use mtfix::input::{self, Input, InputError};
use mtfix::output::write_new_or_atomic;
use mtfix::review::{ALLOW_FILE, AllowEntry, AllowList, Fingerprint};
use mtfix::{Document, FixPolicy, Matcher, Outcome, check_document};

use crate::cli::args::{InputArgs, InputFormatArg};

/// How to turn inputs into documents: format, field names, source file.
pub struct Reading {
    format: Option<InputFormat>,
    options: FormatOptions,
    source: Option<(String, String)>,
}

impl Reading {
    /// Checks the input flags against the paths and reads the source file.
    pub fn new(args: &InputArgs, paths: &[PathBuf]) -> Result<Reading> {
        let source = match &args.source {
            None => None,
            Some(src) => {
                let single_file =
                    paths.len() == 1 && paths[0].as_os_str() != "-" && !paths[0].is_dir();
                if !single_file {
                    bail!(
                        "--source goes with exactly one target file (line i of SRC is the source of line i of the target)"
                    );
                }
                let name = src.display().to_string();
                let bytes = std::fs::read(src)
                    .with_context(|| format!("cannot read the source file {name}"))?;
                let text = input::decode(&name, bytes)?;
                Some((name, text))
            }
        };
        let format = args.input_format.map(|f| match f {
            InputFormatArg::Plain => InputFormat::Plain,
            InputFormatArg::Tsv => InputFormat::Tsv,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Xliff => InputFormat::Xliff,
            InputFormatArg::Tmx => InputFormat::Tmx,
        });
        if source.is_some() && format.is_some_and(|f| f != InputFormat::Plain) {
            bail!("--source is for plain text; bilingual formats carry their own source");
        }
        Ok(Reading {
            format,
            options: FormatOptions {
                target_field: args.target_field.clone(),
                source_field: args.source_field.clone(),
                source_lang: args.source_lang.clone(),
                target_lang: args.target_lang.clone(),
            },
            source,
        })
    }

    fn prepare(&self, doc: Document) -> Result<Document, InputError> {
        let format = self.format.unwrap_or_else(|| match doc.path {
            Some(_) => InputFormat::from_name(&doc.name),
            None => InputFormat::Plain,
        });
        let source = self.source.as_ref().map(|(n, t)| (n.as_str(), t.as_str()));
        input::prepare(doc, format, &self.options, source)
    }

    /// Every document named by `paths`, in order, split for its format.
    /// Errors are returned in place so one bad file never stops the others.
    /// Binary files met while walking a folder are skipped with a note;
    /// named explicitly, they are errors.
    pub fn documents<'a>(
        &'a self,
        paths: &[PathBuf],
    ) -> impl Iterator<Item = Result<Document, InputError>> + 'a {
        input::expand(paths)
            .into_iter()
            .filter_map(|item| match item {
                Err(e) => Some(Err(e)),
                Ok(Input::Stdin) => Some(input::read_stdin()),
                Ok(Input::File(p)) => Some(input::read_path(&p)),
                Ok(Input::Walked(p)) => match input::read_path(&p) {
                    Err(e @ InputError::Binary { .. }) => {
                        eprintln!("mtfix: note: {e}");
                        None
                    }
                    other => Some(other),
                },
            })
            .map(|doc| doc.and_then(|d| self.prepare(d)))
    }
}

/// The allow list in force, and where `--remember` adds to it.
pub struct Allow {
    /// The entries.
    pub list: AllowList,
    /// The file read (or to create).
    pub path: PathBuf,
}

impl Allow {
    /// `--allow FILE`, else the nearest allow file, else none (an empty
    /// list that `--remember` creates in the current folder).
    pub fn load(given: Option<&Path>, disabled: bool) -> Result<Allow> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        if disabled {
            return Ok(Allow {
                list: AllowList::default(),
                path: cwd.join(ALLOW_FILE),
            });
        }
        let path = match given {
            Some(p) => p.to_owned(),
            None => AllowList::find(&cwd).unwrap_or_else(|| PathBuf::from(ALLOW_FILE)),
        };
        let list = AllowList::read(&path)?;
        Ok(Allow { list, path })
    }

    /// Checks `doc` and drops the findings the allow list names.
    pub fn check(&self, matcher: &Matcher, doc: &Document, policy: &FixPolicy) -> Outcome {
        let mut outcome = check_document(matcher, doc, policy);
        self.list.filter(&doc.text, &mut outcome, policy);
        outcome
    }

    /// Adds exact entries for `rejected` and writes the file; returns how
    /// many were new.
    pub fn remember<'a>(
        &mut self,
        rejected: impl IntoIterator<Item = &'a Fingerprint>,
    ) -> Result<usize> {
        let mut added = 0;
        for fp in rejected {
            added += usize::from(
                self.list
                    .add(AllowEntry::exact(fp, Some("rejected in review".to_owned()))),
            );
        }
        if added > 0 {
            write_new_or_atomic(&self.path, &self.list.to_yaml())?;
        }
        Ok(added)
    }
}

/// Prints an input error; the caller counts it.
pub fn report_error(err: &dyn std::fmt::Display) {
    eprintln!("mtfix: error: {err}");
}

/// How many documents are read ahead and processed at once, per thread.
const WINDOW_PER_THREAD: usize = 8;

/// Processes `docs` with `work` on all threads (rayon) and hands each
/// result to `sink` in input order, so output is byte-identical for any
/// thread count. Documents are taken in windows: memory holds one window,
/// not the whole input. A spinner counts documents on a terminal.
pub fn for_each_ordered<T: Send>(
    docs: impl Iterator<Item = Result<Document, InputError>>,
    work: impl Fn(&Document) -> T + Sync,
    mut sink: impl FnMut(Result<(Document, T), InputError>) -> Result<()>,
) -> Result<()> {
    use rayon::prelude::*;
    use std::io::IsTerminal;
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} documents {elapsed} {per_sec}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let window = rayon::current_num_threads().max(1) * WINDOW_PER_THREAD;
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<Result<Document, InputError>> = docs.by_ref().take(window).collect();
        let results: Vec<Result<(Document, T), InputError>> = batch
            .into_par_iter()
            .map(|d| {
                d.map(|doc| {
                    let out = work(&doc);
                    (doc, out)
                })
            })
            .collect();
        for r in results {
            progress.inc(1);
            if let Err(e) = sink(r) {
                progress.finish_and_clear();
                return Err(e);
            }
        }
    }
    progress.finish_and_clear();
    Ok(())
}
