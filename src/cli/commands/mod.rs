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
use mtfix::input::stream::Origin;
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
    piece_size: usize,
}

/// One piece of an input (the whole input when it is small or its format
/// cannot be cut), read but not yet split for its format.
pub struct Piece {
    /// The piece's text, named and pathed like its input.
    pub doc: Document,
    /// Where it sits in the input.
    pub origin: Origin,
}

/// A piece after the work: its document with the outcome, or why it could
/// not be used.
pub struct Done<T> {
    /// Where the piece sits in its input; `None` when reading failed.
    pub origin: Option<Origin>,
    /// The piece's text as read, when it was read but could not be used
    /// (for streaming it out unchanged).
    pub raw: Option<String>,
    /// The prepared document and the work's result.
    pub result: Result<(Document, T), InputError>,
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
            piece_size: usize::MAX,
        })
    }

    /// Inputs larger than `bytes` are read in pieces by [`Reading::pieces`].
    pub fn with_piece_size(mut self, bytes: usize) -> Reading {
        self.piece_size = bytes.max(1);
        self
    }

    fn format_of(&self, doc: &Document) -> InputFormat {
        self.format.unwrap_or_else(|| match doc.path {
            Some(_) => InputFormat::from_name(&doc.name),
            None => InputFormat::Plain,
        })
    }

    /// The format of input `name` (a file when `file`), and whether it can
    /// be read in pieces: plain text without `--source`, and line formats.
    fn piecewise(&self, name: &str, file: bool) -> (InputFormat, bool) {
        let format = self.format.unwrap_or(if file {
            InputFormat::from_name(name)
        } else {
            InputFormat::Plain
        });
        let ok = self.piece_size < usize::MAX / 8
            && match format {
                InputFormat::Plain => self.source.is_none(),
                InputFormat::Jsonl | InputFormat::Tsv => true,
                InputFormat::Xliff | InputFormat::Tmx => false,
            };
        (format, ok)
    }

    /// Every input named by `paths`, in order, in pieces (see
    /// [`mtfix::input::stream`]): memory holds pieces, not inputs. Errors
    /// come in place; binary files met while walking are skipped.
    pub fn pieces<'a>(
        &'a self,
        paths: &[PathBuf],
    ) -> impl Iterator<Item = Result<Piece, InputError>> + 'a {
        use mtfix::input::stream::Pieces;
        type Out<'b> = Box<dyn Iterator<Item = Result<Piece, InputError>> + 'b>;
        let size = self.piece_size;
        input::expand(paths)
            .into_iter()
            .flat_map(move |item| -> Out<'a> {
                let whole = |d: Result<Document, InputError>| -> Out<'a> {
                    Box::new(std::iter::once(d.map(|doc| Piece {
                        doc,
                        origin: Origin::WHOLE,
                    })))
                };
                let pieces = |reader: Box<dyn std::io::Read>,
                              name: String,
                              path: Option<PathBuf>,
                              lines: bool,
                              walked: bool|
                 -> Out<'a> {
                    Box::new(
                        Pieces::new(reader, &name, size, lines)
                            .map(move |r| {
                                r.map(|(mut doc, origin)| {
                                    doc.path.clone_from(&path);
                                    Piece { doc, origin }
                                })
                            })
                            .filter(move |r| match r {
                                Err(e @ InputError::Binary { .. }) if walked => {
                                    eprintln!("mtfix: note: {e}");
                                    false
                                }
                                _ => true,
                            }),
                    )
                };
                match item {
                    Err(e) => Box::new(std::iter::once(Err(e))),
                    Ok(Input::Stdin) => match self.piecewise(input::STDIN_NAME, false) {
                        (format, true) => pieces(
                            Box::new(std::io::stdin()),
                            input::STDIN_NAME.to_owned(),
                            None,
                            format != InputFormat::Plain,
                            false,
                        ),
                        _ => whole(input::read_stdin()),
                    },
                    Ok(input @ (Input::File(_) | Input::Walked(_))) => {
                        let (p, walked) = match input {
                            Input::File(p) => (p, false),
                            Input::Walked(p) => (p, true),
                            Input::Stdin => unreachable!("matched above"),
                        };
                        let name = p.display().to_string();
                        match self.piecewise(&name, true) {
                            (format, true) => match std::fs::File::open(&p) {
                                // Files, FIFOs, devices: read from this handle (a
                                // FIFO cannot be opened twice). A folder, or an
                                // open that failed: the error of reading it whole.
                                Ok(f) if f.metadata().is_ok_and(|m| !m.is_dir()) => pieces(
                                    Box::new(f),
                                    name,
                                    Some(p),
                                    format != InputFormat::Plain,
                                    walked,
                                ),
                                _ => whole(input::read_path(&p)),
                            },
                            _ => match input::read_path(&p) {
                                Err(e @ InputError::Binary { .. }) if walked => {
                                    eprintln!("mtfix: note: {e}");
                                    Box::new(std::iter::empty())
                                }
                                other => whole(other),
                            },
                        }
                    }
                }
            })
    }

    /// Splits a piece for its format; segment numbers and error lines count
    /// in the whole input.
    pub fn prepare_piece(&self, piece: Piece) -> Result<Document, InputError> {
        let line = piece.origin.line;
        match self.prepare(piece.doc) {
            Ok(mut doc) => {
                for seg in doc.segments.iter_mut().flatten() {
                    seg.number += line;
                }
                Ok(doc)
            }
            Err(InputError::Format {
                name,
                line: l,
                message,
            }) => Err(InputError::Format {
                name,
                line: l + line,
                message,
            }),
            Err(e) => Err(e),
        }
    }

    fn prepare(&self, doc: Document) -> Result<Document, InputError> {
        let format = self.format_of(&doc);
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

/// Counts what the pieces of a run amount to: a document is counted at its
/// last piece.
#[derive(Default)]
pub struct Tally {
    /// The totals.
    pub summary: mtfix::Summary,
    findings_in_doc: bool,
}

impl Tally {
    /// Adds one piece's outcome.
    pub fn add(&mut self, origin: Origin, outcome: &Outcome) {
        let s = &mut self.summary;
        s.findings += outcome.findings.len();
        s.applied += outcome.applied_count();
        s.remaining += outcome.remaining_count();
        self.findings_in_doc |= !outcome.findings.is_empty();
        if origin.last {
            s.documents += 1;
            s.documents_with_findings += usize::from(self.findings_in_doc);
            self.findings_in_doc = false;
        }
    }

    /// Counts an error; a piece that could not be used still ends its
    /// document when it is the last one.
    pub fn error(&mut self, origin: Option<Origin>) {
        self.summary.errors += 1;
        if origin.is_some_and(|o| o.last && !o.first) {
            self.summary.documents += 1;
            self.findings_in_doc = false;
        }
    }
}

/// Prints an input error; the caller counts it.
pub fn report_error(err: &dyn std::fmt::Display) {
    eprintln!("mtfix: error: {err}");
}

/// Runs `work` on every piece (see [`Reading::pieces`]) on all threads and
/// hands the results to `sink` in input order. A progress bar counts bytes
/// on a terminal.
pub fn for_each_piece<T: Send>(
    reading: &Reading,
    paths: &[PathBuf],
    work: impl Fn(&Document) -> T + Sync,
    sink: impl FnMut(Done<T>) -> Result<()>,
) -> Result<()> {
    let total: Option<u64> = paths
        .iter()
        .map(|p| {
            (p.as_os_str() != "-")
                .then(|| {
                    std::fs::metadata(p)
                        .ok()
                        .filter(|m| m.is_file())
                        .map(|m| m.len())
                })
                .flatten()
        })
        .sum::<Option<u64>>()
        .filter(|_| !paths.is_empty());
    let progress = Progress::new(total);
    let result = ordered(
        reading.pieces(paths),
        |item: Result<Piece, InputError>| match item {
            Err(e) => Done {
                origin: None,
                raw: None,
                result: Err(e),
            },
            Ok(piece) => {
                let origin = piece.origin;
                // Plain text cannot fail to split: no copy is kept for it.
                let keep = (reading.format_of(&piece.doc) != InputFormat::Plain)
                    .then(|| piece.doc.text.clone());
                let result = reading.prepare_piece(piece).map(|doc| {
                    progress.bar.inc(doc.text.len() as u64);
                    let out = work(&doc);
                    (doc, out)
                });
                Done {
                    origin: Some(origin),
                    raw: if result.is_err() { keep } else { None },
                    result,
                }
            }
        },
        sink,
    );
    progress.bar.finish_and_clear();
    result
}

/// A byte-counting progress bar on a terminal, hidden otherwise.
struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: indicatif::ProgressBar::hidden(),
            };
        }
        let (bar, template) = match total {
            Some(n) => (
                indicatif::ProgressBar::new(n),
                "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ),
            None => (
                indicatif::ProgressBar::new_spinner(),
                "{spinner} {bytes} {elapsed} {bytes_per_sec}",
            ),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress { bar }
    }
}

/// Maps `items` with `work` on the worker threads and hands the results to
/// `sink` in input order, as a pipeline: the calling thread reads the next
/// items and writes finished results while the workers run, so reading and
/// writing overlap with the work instead of waiting between batches. At
/// most `threads × WINDOW_PER_THREAD` items are in flight (read, not yet
/// written), which bounds memory. With one worker thread everything runs
/// on the calling thread, in turn.
///
/// After `sink` fails, no more items are read; the items in flight finish
/// and are dropped, and the error is returned.
fn ordered<I: Send, T: Send>(
    items: impl Iterator<Item = I>,
    work: impl Fn(I) -> T + Sync,
    sink: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let threads = rayon::current_num_threads().max(1);
    pipeline(threads * WINDOW_PER_THREAD, items, work, sink)
}

/// [`ordered`] with at most `window` items in flight; a window of
/// [`WINDOW_PER_THREAD`] or less (one thread) runs everything in turn.
fn pipeline<I: Send, T: Send>(
    window: usize,
    items: impl Iterator<Item = I>,
    work: impl Fn(I) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    use std::collections::VecDeque;
    if window <= WINDOW_PER_THREAD || rayon::current_thread_index().is_some() {
        // One thread (`--threads 1` means one core, for reading and writing
        // too), or a worker thread, where waiting for a job could starve
        // the pool that must run it: map here, in order.
        for item in items {
            sink(work(item))?;
        }
        return Ok(());
    }
    type Sent<T> = (usize, std::thread::Result<T>);
    let (tx, rx) = std::sync::mpsc::channel::<Sent<T>>();
    let work = &work;
    rayon::in_place_scope(|scope| {
        let mut items = items.fuse();
        // Results not yet written; slot k holds item `written + k`.
        let mut pending: VecDeque<Option<T>> = VecDeque::new();
        let mut written = 0usize;
        loop {
            while pending.len() < window {
                let Some(item) = items.next() else { break };
                let index = written + pending.len();
                pending.push_back(None);
                let tx = tx.clone();
                scope.spawn(move |_| {
                    // A panic is carried to this thread, which would
                    // otherwise wait for the result for ever.
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                    // The receiver outlives the scope: this cannot fail.
                    let _ = tx.send((index, result));
                });
            }
            if pending.is_empty() {
                return Ok(());
            }
            while pending[0].is_none() {
                let (index, result) = rx
                    .recv()
                    .expect("this thread holds a sender while items are in flight");
                match result {
                    Ok(result) => pending[index - written] = Some(result),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            while let Some(Some(_)) = pending.front() {
                let result = pending.pop_front().flatten().expect("checked above");
                written += 1;
                sink(result)?;
            }
        }
    })
}

/// How many documents (or pieces) are read ahead and processed at once,
/// per thread: enough to even out uneven documents, few enough that a
/// window of 1 MiB pieces stays small.
const WINDOW_PER_THREAD: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order_with_bounded_read_ahead() {
        for window in [1, 2 * WINDOW_PER_THREAD, 5 * WINDOW_PER_THREAD] {
            let read = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let mut most_ahead = 0;
            pipeline(
                window,
                (0..200u64).inspect(|_| {
                    read.fetch_add(1, Ordering::SeqCst);
                }),
                |i| {
                    // Uneven work, so that later items often finish first.
                    std::thread::sleep(std::time::Duration::from_micros((i * 37) % 300));
                    i * 2
                },
                |r| {
                    most_ahead = most_ahead.max(read.load(Ordering::SeqCst) - seen.len());
                    seen.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
            assert!(
                most_ahead <= window.max(1),
                "window {window}: {most_ahead} items read ahead"
            );
        }
    }

    #[test]
    fn a_failing_sink_stops_the_reading() {
        let window = 2 * WINDOW_PER_THREAD;
        let read = AtomicUsize::new(0);
        let mut written = 0;
        let err = pipeline(
            window,
            (0..10_000).inspect(|_| {
                read.fetch_add(1, Ordering::SeqCst);
            }),
            |i| i,
            |i| {
                written += 1;
                if i == 5 { bail!("disk full") } else { Ok(()) }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(written, 6);
        assert!(read.load(Ordering::SeqCst) <= 6 + window);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            pipeline(
                2 * WINDOW_PER_THREAD,
                0..100,
                |i| assert!(i != 50, "item 50"),
                |()| Ok(()),
            )
        });
        let message = caught.unwrap_err();
        assert_eq!(message.downcast_ref::<&str>(), Some(&"item 50"));
    }
}
