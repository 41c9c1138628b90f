//! Reading a large input in pieces, so that memory does not grow with the
//! input and one big file keeps every core busy.
//!
//! A piece ends at the first paragraph break (a blank line) at or after
//! `target` bytes into it, looking up to [`LOOKAHEAD`]× `target`; failing
//! that, at the first line end after `target`; a line longer than that is
//! one piece. Line formats (JSON Lines, TSV) end pieces at line ends.
//! Boundaries depend only on the text, never on how reads return data, so
//! the pieces, and everything computed from them, are the same for any
//! buffer size or thread count.

use std::io::Read;

use super::{Document, InputError, decode, decode_body};

/// How far past `target` a paragraph break is looked for, in multiples of
/// `target`.
pub const LOOKAHEAD: usize = 4;

/// Default piece size: big enough that splitting costs nothing measurable
/// (the same MB/s as 1 MiB pieces), small enough that the window of pieces
/// in flight stays a few MiB (peak RSS 57 MB, against 112 MB with 1 MiB
/// pieces, for 90 MB of stdin on 2 threads).
pub const DEFAULT_PIECE: usize = 256 * 1024;

/// Where a piece sits in its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Byte offset of the piece's first byte in the input.
    pub offset: usize,
    /// Number of line breaks before it (its first line is `line + 1`).
    pub line: usize,
    /// True for the input's first piece.
    pub first: bool,
    /// True for the input's last piece.
    pub last: bool,
}

impl Origin {
    /// The origin of a whole input.
    pub const WHOLE: Origin = Origin {
        offset: 0,
        line: 0,
        first: true,
        last: true,
    };
}

/// Splits a byte stream into text pieces (see the module docs).
pub struct Pieces<R: Read> {
    reader: R,
    name: String,
    target: usize,
    lines_only: bool,
    buf: Vec<u8>,
    eof: bool,
    offset: usize,
    line: usize,
    done: bool,
}

impl<R: Read> Pieces<R> {
    /// Pieces of about `target` bytes of the input `name` read from `reader`;
    /// `lines_only` for line formats.
    pub fn new(reader: R, name: &str, target: usize, lines_only: bool) -> Self {
        Pieces {
            reader,
            name: name.to_owned(),
            target: target.clamp(1, usize::MAX / (2 * (LOOKAHEAD + 1))),
            lines_only,
            buf: Vec::new(),
            eof: false,
            offset: 0,
            line: 0,
            done: false,
        }
    }

    /// Reads until the buffer holds `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        while !self.eof && self.buf.len() < want {
            let have = self.buf.len();
            let grow = (want - have).max(64 * 1024);
            self.buf.resize(have + grow, 0);
            match self.reader.read(&mut self.buf[have..]) {
                Ok(0) => {
                    self.buf.truncate(have);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(have + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.buf.truncate(have),
                Err(e) => {
                    self.buf.truncate(have);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The end of the next piece in `buf`, or `None` when more input is
    /// needed to decide.
    fn cut(&self) -> Option<usize> {
        let t = self.target;
        let buf = &self.buf;
        if buf.len() <= t {
            return self.eof.then_some(buf.len());
        }
        if !self.lines_only {
            let window_end = (t * (LOOKAHEAD + 1)).min(buf.len());
            // A blank line: "\n\n" or "\n\r\n", the cut after it.
            let mut from = t.saturating_sub(1);
            while let Some(i) = memchr::memchr(b'\n', &buf[from..window_end]) {
                let at = from + i;
                match buf.get(at + 1..at + 3) {
                    Some([b'\n', _]) | Some([b'\r', b'\n']) => {
                        let end = if buf[at + 1] == b'\n' { at + 2 } else { at + 3 };
                        if at + 1 >= t {
                            return Some(end);
                        }
                    }
                    Some(_) => {}
                    None if buf.get(at + 1) == Some(&b'\n') && at + 1 >= t => return Some(at + 2),
                    None if !self.eof => return None,
                    None => {}
                }
                from = at + 1;
            }
            if buf.len() < t * (LOOKAHEAD + 1) + 2 && !self.eof {
                return None; // the window is not all read yet
            }
        }
        match memchr::memchr(b'\n', &buf[t..]) {
            Some(i) => Some(t + i + 1),
            None if self.eof => Some(buf.len()),
            None => None,
        }
    }

    fn shift_error(&self, e: InputError) -> InputError {
        match e {
            InputError::InvalidUtf8 { name, offset, line } => InputError::InvalidUtf8 {
                name,
                offset: self.offset + offset,
                line: self.line + line,
            },
            InputError::Binary { name, offset } => InputError::Binary {
                name,
                offset: self.offset + offset,
            },
            other => other,
        }
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = Result<(Document, Origin), InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut want = self.target * (LOOKAHEAD + 1) + 2;
        let end = loop {
            if let Err(source) = self.fill(want) {
                self.done = true;
                return Some(Err(InputError::Io {
                    name: self.name.clone(),
                    source,
                }));
            }
            if let Some(end) = self.cut() {
                break end;
            }
            want = self.buf.len() + self.target.max(64 * 1024);
        };
        let first = self.offset == 0;
        // Copy the piece out (its allocation fits it) and keep the buffer.
        let bytes = self.buf[..end].to_vec();
        self.buf.drain(..end);
        let last = self.eof && self.buf.is_empty();
        if first && last && bytes.is_empty() {
            self.done = true;
        }
        let origin = Origin {
            offset: self.offset,
            line: self.line,
            first,
            last,
        };
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        // A UTF-16 byte-order mark only counts at the very start.
        let checked = if first {
            decode(&self.name, bytes)
        } else {
            decode_body(&self.name, bytes)
        };
        let result = checked.map_err(|e| self.shift_error(e));
        self.offset += end;
        self.line += lines;
        if last {
            self.done = true;
        }
        match result {
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
            Ok(text) => Some(Ok((
                Document {
                    name: self.name.clone(),
                    path: None,
                    text,
                    segments: None,
                },
                origin,
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most `step` bytes per read.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn pieces(text: &str, target: usize, lines_only: bool, step: usize) -> Vec<(String, Origin)> {
        Pieces::new(
            Trickle {
                data: text.as_bytes(),
                step,
            },
            "t",
            target,
            lines_only,
        )
        .map(|r| {
            let (d, o) = r.unwrap();
            (d.text, o)
        })
        .collect()
    }

    #[test]
    fn pieces_cover_the_text_and_do_not_depend_on_reads() {
        let text = "aaaa bbbb\ncc\n\ndddd eeee ffff\ngg\n\n\nhhhh\niiii jjjj kkkk llll mmmm\n\nnn";
        for target in [1, 3, 8, 20, 200] {
            for lines_only in [false, true] {
                let reference = pieces(text, target, lines_only, 1000);
                let joined: String = reference.iter().map(|(t, _)| t.as_str()).collect();
                assert_eq!(joined, text, "target {target}");
                for step in [1, 2, 5, 7] {
                    assert_eq!(
                        pieces(text, target, lines_only, step),
                        reference,
                        "target {target} step {step}"
                    );
                }
                let mut offset = 0;
                let mut line = 0;
                for (k, (t, o)) in reference.iter().enumerate() {
                    assert_eq!(
                        (o.offset, o.line, o.first, o.last),
                        (offset, line, k == 0, k + 1 == reference.len())
                    );
                    offset += t.len();
                    line += t.matches('\n').count();
                    if lines_only && !o.last {
                        assert!(t.ends_with('\n'));
                    }
                }
            }
        }
        // Paragraph breaks are preferred to line ends.
        let p = pieces(text, 8, false, 3);
        assert_eq!(p[0].0, "aaaa bbbb\ncc\n\n");
    }

    #[test]
    fn empty_input_is_one_empty_piece() {
        let p = pieces("", 10, false, 4);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, Origin::WHOLE);
    }

    #[test]
    fn errors_carry_offsets_in_the_whole_input() {
        let mut bytes = b"line one\n\nline two\n\n".to_vec();
        bytes.extend_from_slice(b"bad \xFF here\n");
        let mut it = Pieces::new(&bytes[..], "t", 4, false);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_ok());
        match it.next().unwrap() {
            Err(InputError::InvalidUtf8 { offset, line, .. }) => {
                assert_eq!((offset, line), (24, 5))
            }
            other => panic!("{other:?}"),
        }
        assert!(it.next().is_none());
    }
}
