//! Inputs: paths and stdin → [`Document`]s.
//!
//! Text must be UTF-8. Anything else is an [`InputError`] that names the
//! input and the byte offset, and the input is left untouched.

pub mod bilingual;
pub mod stream;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One text to check: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// How the document is named in reports (`path`, or `<stdin>`).
    pub name: String,
    /// The file it came from; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The whole text, exactly as read (BOM, CRLF and all).
    pub text: String,
    /// The pieces of target text to check, with their sources; `None`
    /// means the whole text, without a source (plain text). A structured
    /// input with no target text has `Some` empty list: nothing is checked.
    pub segments: Option<Vec<bilingual::Segment>>,
}

impl Document {
    /// A document from a string, named `name` (for tests and embedding).
    pub fn from_text(name: &str, text: &str) -> Self {
        Document {
            name: name.to_owned(),
            path: None,
            text: text.to_owned(),
            segments: None,
        }
    }
}

/// The name standard input gets in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// Why an input could not be used.
#[derive(Debug)]
pub enum InputError {
    /// Reading failed (missing, unreadable, a directory where a file was expected…).
    Io {
        /// The input.
        name: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not UTF-8.
    InvalidUtf8 {
        /// The input.
        name: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// UTF-16 text (it has a byte-order mark).
    Utf16 {
        /// The input.
        name: String,
    },
    /// A NUL byte: not text.
    Binary {
        /// The input.
        name: String,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// A structured input (TSV, JSON Lines, XLIFF, TMX) that does not parse.
    Format {
        /// The input.
        name: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A target file and its line-aligned source differ in length.
    Mismatch {
        /// The target file.
        target: String,
        /// Its line count.
        target_lines: usize,
        /// The source file.
        source: String,
        /// Its line count.
        source_lines: usize,
    },
}

impl InputError {
    /// The input the error is about.
    pub fn name(&self) -> &str {
        match self {
            InputError::Io { name, .. }
            | InputError::InvalidUtf8 { name, .. }
            | InputError::Utf16 { name }
            | InputError::Binary { name, .. }
            | InputError::Format { name, .. } => name,
            InputError::Mismatch { target, .. } => target,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { name, source } => write!(f, "{name}: {source}"),
            InputError::InvalidUtf8 { name, offset, line } => write!(
                f,
                "{name}:{line}: invalid UTF-8 at byte offset {offset}; the file was left untouched (convert it to UTF-8 first, e.g. with iconv)"
            ),
            InputError::Utf16 { name } => write!(
                f,
                "{name}: UTF-16 text (byte-order mark found); the file was left untouched (convert it to UTF-8 first, e.g. with iconv)"
            ),
            InputError::Binary { name, offset } => {
                write!(
                    f,
                    "{name}: binary file (NUL byte at offset {offset}); skipped"
                )
            }
            InputError::Format {
                name,
                line,
                message,
            } => {
                write!(f, "{name}:{line}: {message}; the file was left untouched")
            }
            InputError::Mismatch {
                target,
                target_lines,
                source,
                source_lines,
            } => write!(
                f,
                "{target} has {target_lines} lines but its source {source} has {source_lines}; they must be line-aligned; nothing was written"
            ),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Decodes `bytes` as the text of input `name`.
///
/// # Errors
/// UTF-16 (by BOM), NUL bytes, invalid UTF-8.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::Utf16 {
            name: name.to_owned(),
        });
    }
    decode_body(name, bytes)
}

/// [`decode`] without the byte-order-mark check: text from inside an input.
fn decode_body(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(InputError::Binary {
            name: name.to_owned(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = 1 + memchr::memchr_iter(b'\n', &e.as_bytes()[..offset]).count();
        InputError::InvalidUtf8 {
            name: name.to_owned(),
            offset,
            line,
        }
    })
}

/// Reads one file.
///
/// # Errors
/// See [`InputError`].
pub fn read_path(path: &Path) -> Result<Document, InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        name: name.clone(),
        source,
    })?;
    let text = decode(&name, bytes)?;
    Ok(Document {
        name,
        path: Some(path.to_owned()),
        text,
        segments: None,
    })
}

/// Reads standard input to the end.
///
/// # Errors
/// See [`InputError`].
pub fn read_stdin() -> Result<Document, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            name: STDIN_NAME.to_owned(),
            source,
        })?;
    let text = decode(STDIN_NAME, bytes)?;
    Ok(Document {
        name: STDIN_NAME.to_owned(),
        path: None,
        text,
        segments: None,
    })
}

/// Splits `doc` into segments for its format; `source` is a line-aligned
/// source file `(name, text)` for plain text.
///
/// # Errors
/// A structured input that does not parse; a source whose line count
/// differs from the target's.
pub fn prepare(
    mut doc: Document,
    format: bilingual::InputFormat,
    options: &bilingual::FormatOptions,
    source: Option<(&str, &str)>,
) -> Result<Document, InputError> {
    use bilingual::InputFormat;
    if source.is_some() && format != InputFormat::Plain {
        return Err(InputError::Format {
            name: doc.name.clone(),
            line: 1,
            message: format!(
                "--source is for plain text, but this input is read as {format:?}, which carries its own source"
            ),
        });
    }
    doc.segments = match format {
        InputFormat::Plain => match source {
            Some((src_name, src)) => Some(bilingual::with_source_file(
                &doc.name, &doc.text, src_name, src,
            )?),
            None => None,
        },
        InputFormat::Tsv => Some(bilingual::tsv(&doc.text)),
        InputFormat::Jsonl => Some(bilingual::jsonl(&doc.name, &doc.text, options)?),
        InputFormat::Xliff | InputFormat::Tmx => {
            Some(bilingual::xml(&doc.name, &doc.text, format, options)?)
        }
    };
    Ok(doc)
}

/// One input named on the command line, expanded.
#[derive(Debug)]
pub enum Input {
    /// Standard input (`-` or no path at all).
    Stdin,
    /// A file named directly: read whatever it holds.
    File(PathBuf),
    /// A file found by walking a folder: binary files are skipped quietly.
    Walked(PathBuf),
}

/// Expands command-line paths: folders are walked recursively in sorted
/// order, honouring `.gitignore` and skipping hidden files as ripgrep does.
/// No path at all, or `-`, means standard input.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Input, InputError>> {
    if paths.is_empty() {
        return vec![Ok(Input::Stdin)];
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match std::fs::metadata(p) {
            Err(source) => out.push(Err(InputError::Io {
                name: p.display().to_string(),
                source,
            })),
            Ok(m) if !m.is_dir() => out.push(Ok(Input::File(p.clone()))),
            Ok(_) => {
                let walker = ignore::WalkBuilder::new(p)
                    .sort_by_file_path(|a, b| a.cmp(b))
                    .build();
                for item in walker {
                    match item {
                        Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                            out.push(Ok(Input::Walked(entry.into_path())))
                        }
                        Ok(_) => {}
                        Err(err) => out.push(Err(InputError::Io {
                            name: p.display().to_string(),
                            source: std::io::Error::other(err.to_string()),
                        })),
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors() {
        let e = decode("a.txt", b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert!(
            matches!(
                e,
                InputError::InvalidUtf8 {
                    offset: 7,
                    line: 2,
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string()
                .starts_with("a.txt:2: invalid UTF-8 at byte offset 7")
        );
        assert!(matches!(
            decode("b", vec![0xFF, 0xFE, b'a', 0]).unwrap_err(),
            InputError::Utf16 { .. }
        ));
        assert!(matches!(
            decode("c", b"a\0b".to_vec()).unwrap_err(),
            InputError::Binary { offset: 1, .. }
        ));
        assert_eq!(decode("d", Vec::new()).unwrap(), "");
        assert_eq!(
            decode("e", "\u{FEFF}x\r\n".as_bytes().to_vec()).unwrap(),
            "\u{FEFF}x\r\n"
        );
    }
}
