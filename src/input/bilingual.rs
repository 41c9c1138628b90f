//! Bilingual inputs: target text with its Chinese source, in the formats
//! translators use.
//!
//! Every format becomes a list of [`Segment`]s over the *unchanged* input
//! text: where each piece of target text lies (byte range), its decoded
//! text (entities and escapes resolved), a map from decoded offsets back to
//! input offsets, and its source. Findings are made on the decoded text and
//! mapped back, and `fix` splices each edit into the input with the
//! format's escaping, so every other byte of the file stays as it was
//! (inline tags, attributes, other fields, CRLF).
//!
//! | format | target | source |
//! |---|---|---|
//! | `--source SRC` + plain text | line *i* | line *i* of SRC |
//! | TSV | the text after the first tab | the text before it |
//! | JSON Lines | a string field (`--target-field`, default `target`) | `--source-field` (default `source`) |
//! | XLIFF 1.2 / 2.0 | text in `<target>` | text in `<source>` of the same `trans-unit` / `segment` |
//! | TMX | text in the `<seg>` of the `<tuv>` in the target language (default `en`) | the `<tuv>` in the source language (default `zh`) |

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::InputError;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text (optionally with a line-aligned source file).
    Plain,
    /// `source<TAB>target` lines.
    Tsv,
    /// JSON Lines, with a target (and optionally a source) string field.
    Jsonl,
    /// XLIFF 1.2 or 2.0.
    Xliff,
    /// TMX.
    Tmx,
}

impl InputFormat {
    /// The format a file name suggests (`.tsv`, `.jsonl`/`.ndjson`,
    /// `.xlf`/`.xliff`, `.tmx`; anything else is plain).
    pub fn from_name(name: &str) -> InputFormat {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit('.').next().unwrap_or("");
        match ext {
            "tsv" => InputFormat::Tsv,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "xlf" | "xliff" => InputFormat::Xliff,
            "tmx" => InputFormat::Tmx,
            _ => InputFormat::Plain,
        }
    }
}

/// Field and language names for the structured formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOptions {
    /// JSON Lines: the field holding the text to check.
    pub target_field: String,
    /// JSON Lines: the field holding its source, if any.
    pub source_field: String,
    /// TMX: language of the source `<tuv>` (prefix match, case-insensitive).
    pub source_lang: String,
    /// TMX: language of the target `<tuv>`.
    pub target_lang: String,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            target_field: "target".into(),
            source_field: "source".into(),
            source_lang: "zh".into(),
            target_lang: "en".into(),
        }
    }
}

/// How a replacement is written back into the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// As is.
    None,
    /// XML text: `&`, `<`, `>` escaped.
    Xml,
    /// Inside a JSON string.
    Json,
}

impl Escape {
    /// `s`, escaped for this context.
    pub fn apply(self, s: &str) -> String {
        match self {
            Escape::None => s.to_owned(),
            Escape::Xml => quick_xml::escape::partial_escape(s).into_owned(),
            Escape::Json => {
                let quoted = serde_json::to_string(s).expect("a string always serialises");
                quoted[1..quoted.len() - 1].to_owned()
            }
        }
    }
}

/// One piece of target text inside an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// 1-based number of the segment (line, record or unit) it belongs to.
    pub number: usize,
    /// Byte range of the piece in the input, as stored.
    pub raw: Range<usize>,
    /// The decoded target text.
    pub target: String,
    /// The source text, when known.
    pub source: Option<String>,
    /// How replacements are escaped when written back.
    pub escape: Escape,
    /// For each byte offset of `target` (and its end), the input offset;
    /// `None` when the piece is stored verbatim.
    map: Option<Vec<usize>>,
}

impl Segment {
    /// A piece stored verbatim at `raw`.
    pub fn verbatim(
        number: usize,
        raw: Range<usize>,
        text: &str,
        source: Option<String>,
    ) -> Segment {
        Segment {
            number,
            target: text[raw.clone()].to_owned(),
            raw,
            source,
            escape: Escape::None,
            map: None,
        }
    }

    /// The input offset of byte `offset` of the decoded target.
    pub fn to_input(&self, offset: usize) -> usize {
        match &self.map {
            None => self.raw.start + offset,
            Some(map) => map[offset],
        }
    }
}

fn format_error(name: &str, line: usize, message: impl Into<String>) -> InputError {
    InputError::Format {
        name: name.to_owned(),
        line,
        message: message.into(),
    }
}

/// Line ranges of `text` without their line breaks.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    if start < text.len() {
        let end = text.len() - usize::from(text.ends_with('\r'));
        out.push(start..end);
    }
    out
}

/// Plain target text with a line-aligned source file.
///
/// # Errors
/// A line-count mismatch, naming both inputs and both counts.
pub fn with_source_file(
    name: &str,
    text: &str,
    source_name: &str,
    source: &str,
) -> Result<Vec<Segment>, InputError> {
    let targets = line_ranges(text);
    let sources = line_ranges(source);
    if targets.len() != sources.len() {
        return Err(InputError::Mismatch {
            target: name.to_owned(),
            target_lines: targets.len(),
            source: source_name.to_owned(),
            source_lines: sources.len(),
        });
    }
    Ok(targets
        .into_iter()
        .zip(sources)
        .enumerate()
        .filter(|(_, (t, _))| !t.is_empty())
        .map(|(i, (t, s))| Segment::verbatim(i + 1, t, text, Some(source[s].to_owned())))
        .collect())
}

/// `source<TAB>target` lines; a line without a tab is target text without a source.
pub fn tsv(text: &str) -> Vec<Segment> {
    line_ranges(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let l = &text[line.clone()];
            let (source, target) = match l.find('\t') {
                Some(t) => (Some(l[..t].to_owned()), line.start + t + 1..line.end),
                None => (None, line),
            };
            (!target.is_empty()).then(|| Segment::verbatim(i + 1, target, text, source))
        })
        .collect()
}

/// JSON Lines records; the target field must be a string, other fields are
/// never touched.
///
/// # Errors
/// A line that is not a JSON object, or a target that is not a string.
pub fn jsonl(name: &str, text: &str, options: &FormatOptions) -> Result<Vec<Segment>, InputError> {
    let mut out = Vec::new();
    for (i, line) in line_ranges(text).into_iter().enumerate() {
        let l = &text[line.clone()];
        // A UTF-8 BOM before the first record is kept in the output but is
        // not part of the JSON.
        let json = if i == 0 {
            l.strip_prefix('\u{feff}').unwrap_or(l)
        } else {
            l
        };
        // Blank by JSON's definition of whitespace only.
        if json.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
            continue;
        }
        let record: std::collections::BTreeMap<String, &serde_json::value::RawValue> =
            serde_json::from_str(json)
                .map_err(|e| format_error(name, i + 1, format!("not a JSON object: {e}")))?;
        let Some(raw) = record.get(&options.target_field) else {
            continue;
        };
        let raw_str = raw.get();
        let at = line.start + (raw_str.as_ptr() as usize - l.as_ptr() as usize);
        let Some((target, map)) = decode_json_string(raw_str, at) else {
            return Err(format_error(
                name,
                i + 1,
                format!("field {:?} is not a string", options.target_field),
            ));
        };
        let source = record
            .get(&options.source_field)
            .and_then(|r| serde_json::from_str::<String>(r.get()).ok());
        let end = at + raw_str.len() - 1;
        out.push(Segment {
            number: i + 1,
            raw: at + 1..end,
            target,
            source,
            escape: Escape::Json,
            map: Some(map),
        });
    }
    Ok(out)
}

/// Decodes a JSON string literal that starts at input offset `at`,
/// recording for each decoded byte the input offset it came from.
fn decode_json_string(raw: &str, at: usize) -> Option<(String, Vec<usize>)> {
    let value: String = serde_json::from_str(raw).ok()?;
    let inner = &raw[1..raw.len() - 1];
    let mut map = Vec::with_capacity(value.len() + 1);
    let mut out = String::with_capacity(value.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let from = at + 1 + i;
        let decoded: String = if c == '\\' {
            let (_, e) = chars.next()?;
            match e {
                'u' => {
                    let mut hex = String::new();
                    for _ in 0..4 {
                        hex.push(chars.next()?.1);
                    }
                    let mut code = u32::from_str_radix(&hex, 16).ok()?;
                    if (0xD800..0xDC00).contains(&code) {
                        // A surrogate pair: \uD83D\uDE00.
                        chars.next()?;
                        chars.next()?;
                        let mut low = String::new();
                        for _ in 0..4 {
                            low.push(chars.next()?.1);
                        }
                        let low = u32::from_str_radix(&low, 16).ok()?;
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    }
                    char::from_u32(code)?.to_string()
                }
                'n' => "\n".into(),
                't' => "\t".into(),
                'r' => "\r".into(),
                'b' => "\u{8}".into(),
                'f' => "\u{c}".into(),
                other => other.to_string(),
            }
        } else {
            c.to_string()
        };
        map.extend(std::iter::repeat_n(from, decoded.len()));
        out.push_str(&decoded);
    }
    map.push(at + raw.len() - 1);
    (out == value).then_some((out, map))
}

/// Collects the pieces of target text of an XML file (XLIFF or TMX).
struct XmlPieces {
    pieces: Vec<Segment>,
    /// The piece being built: raw start, decoded text, map.
    current: Option<(usize, String, Vec<usize>)>,
}

impl XmlPieces {
    fn push_text(&mut self, raw: Range<usize>, decoded: &str, verbatim: bool) {
        let (_, text, map) = self
            .current
            .get_or_insert_with(|| (raw.start, String::new(), Vec::new()));
        if verbatim {
            map.extend(raw.start..raw.start + decoded.len());
        } else {
            map.extend(std::iter::repeat_n(raw.start, decoded.len()));
        }
        text.push_str(decoded);
    }

    fn close(&mut self, end: usize, number: usize) {
        if let Some((start, target, mut map)) = self.current.take() {
            map.push(end);
            if !target.trim().is_empty() {
                self.pieces.push(Segment {
                    number,
                    raw: start..end,
                    target,
                    source: None,
                    escape: Escape::Xml,
                    map: Some(map),
                });
            }
        }
    }
}

/// Elements whose text is native code, not translatable text.
const CODE_ELEMENTS: &[&str] = &["ph", "bpt", "ept", "it", "ut", "sub", "x", "bx", "ex"];

/// XLIFF 1.2 or 2.0, or TMX.
///
/// # Errors
/// XML that does not parse, with the line of the error.
pub fn xml(
    name: &str,
    text: &str,
    format: InputFormat,
    options: &FormatOptions,
) -> Result<Vec<Segment>, InputError> {
    // A byte-order mark is not part of the XML the reader sees: positions
    // are relative to what follows it.
    let base = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut reader = Reader::from_str(&text[base..]);
    reader.config_mut().trim_text(false);
    let mut pieces = XmlPieces {
        pieces: Vec::new(),
        current: None,
    };
    let line_of = |pos: usize| 1 + text[..pos.min(text.len())].matches('\n').count();
    // Where we are.
    let mut unit = 0usize;
    let mut unit_start_piece = 0usize;
    let mut in_source = 0usize; // depth inside a source container
    let mut in_target = 0usize; // depth inside a target container
    let mut in_code = 0usize;
    let mut source_text = String::new();
    let mut tuv_role: Option<bool> = None; // TMX: Some(true) = source, Some(false) = target
    let mut open: Vec<String> = Vec::new();
    let mut skip = 0usize;
    loop {
        let before = base + reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            format_error(
                name,
                line_of(base + reader.error_position() as usize),
                format!("XML error: {e}"),
            )
        })?;
        let after = base + reader.buffer_position() as usize;
        // XLIFF 1.2 <alt-trans>: other translations, never the unit's own.
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => {
                    skip -= 1;
                    open.pop();
                }
                Event::Eof => {
                    return Err(format_error(
                        name,
                        line_of(text.len()),
                        "XML error: the file ends inside <alt-trans>",
                    ));
                }
                _ => {}
            }
            if let Event::Start(e) = &event {
                open.push(e.local_name().as_ref().to_owned());
            }
            continue;
        }
        match event {
            Event::Eof => {
                if let Some(name_open) = open.last() {
                    return Err(format_error(
                        name,
                        line_of(text.len()),
                        format!("XML error: the file ends inside <{name_open}>"),
                    ));
                }
                break;
            }
            Event::Start(e) => {
                let local = e.local_name();
                open.push(local.as_ref().to_owned());
                let n = local.as_ref();
                if format == InputFormat::Xliff && n == "alt-trans" {
                    skip = 1;
                    continue;
                }
                match (format, n) {
                    (InputFormat::Xliff, "trans-unit" | "segment") | (InputFormat::Tmx, "tu") => {
                        unit += 1;
                        unit_start_piece = pieces.pieces.len();
                        source_text.clear();
                    }
                    (InputFormat::Xliff, "source") if in_target == 0 => in_source = 1,
                    (InputFormat::Xliff, "target") if in_source == 0 => in_target = 1,
                    (InputFormat::Tmx, "tuv") => {
                        let lang = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "lang")
                            .map(|a| a.value.to_lowercase())
                            .unwrap_or_default();
                        tuv_role = if lang.starts_with(&options.source_lang.to_lowercase()) {
                            Some(true)
                        } else if lang.starts_with(&options.target_lang.to_lowercase()) {
                            Some(false)
                        } else {
                            None
                        };
                    }
                    (InputFormat::Tmx, "seg") => match tuv_role {
                        Some(true) => in_source = 1,
                        Some(false) => in_target = 1,
                        None => {}
                    },
                    _ => {
                        if in_source > 0 {
                            in_source += 1;
                        }
                        if in_target > 0 {
                            in_target += 1;
                            pieces.close(before, unit);
                        }
                        if (in_source > 0 || in_target > 0) && CODE_ELEMENTS.contains(&n) {
                            in_code += 1;
                        }
                    }
                }
            }
            Event::End(e) => {
                open.pop();
                let local = e.local_name();
                let n = local.as_ref();
                if in_code > 0 && CODE_ELEMENTS.contains(&n) {
                    in_code -= 1;
                }
                if in_target > 0 {
                    pieces.close(before, unit);
                    in_target -= 1;
                } else {
                    in_source = in_source.saturating_sub(1);
                }
                let ends_unit = matches!(
                    (format, n),
                    (InputFormat::Xliff, "trans-unit" | "segment") | (InputFormat::Tmx, "tu")
                );
                if ends_unit {
                    let src = source_text.trim().to_owned();
                    for p in &mut pieces.pieces[unit_start_piece..] {
                        p.source = (!src.is_empty()).then(|| src.clone());
                    }
                }
            }
            // An inline placeholder (<x/>, <ph/>): the text on either side is a separate piece.
            Event::Empty(_) if in_target > 0 => pieces.close(before, unit),
            Event::Text(t) if in_code == 0 => {
                let raw: &str = &t;
                if in_target > 0 {
                    pieces.push_text(before..after, raw, true);
                } else if in_source > 0 {
                    source_text.push_str(raw);
                }
            }
            Event::CData(c) if in_code == 0 => {
                // Text inside CDATA is checked but left alone (its escaping differs).
                let raw: &str = &c;
                if in_target > 0 {
                    pieces.close(before, unit);
                } else if in_source > 0 {
                    source_text.push_str(raw);
                }
            }
            Event::GeneralRef(r) if in_code == 0 => {
                let decoded: String = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = &r;
                        match quick_xml::escape::resolve_predefined_entity(name) {
                            Some(s) => s.to_owned(),
                            None => {
                                // An unknown entity: end the piece, keep it untouched.
                                if in_target > 0 {
                                    pieces.close(before, unit);
                                }
                                continue;
                            }
                        }
                    }
                };
                if in_target > 0 {
                    pieces.push_text(before..after, &decoded, false);
                } else if in_source > 0 {
                    source_text.push_str(&decoded);
                }
            }
            // A comment or processing instruction inside the target ends a piece:
            // an edit must never swallow it.
            Event::Comment(_) | Event::PI(_) if in_target > 0 => pieces.close(before, unit),
            _ => {}
        }
    }
    Ok(pieces.pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(InputFormat::from_name("a/b.XLF"), InputFormat::Xliff);
        assert_eq!(InputFormat::from_name("x.tmx"), InputFormat::Tmx);
        assert_eq!(InputFormat::from_name("x.ndjson"), InputFormat::Jsonl);
        assert_eq!(InputFormat::from_name("x.txt"), InputFormat::Plain);
    }

    #[test]
    fn tsv_and_source_files() {
        let text = "源\tWen Zai\r\nno tab here\n";
        let s = tsv(text);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].target.as_str(), s[0].source.as_deref()),
            ("Wen Zai", Some("源"))
        );
        assert_eq!(&text[s[0].raw.clone()], "Wen Zai");
        assert_eq!(s[1].source, None);
        let err = with_source_file("en.txt", "a\nb\n", "zh.txt", "甲\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "en.txt has 2 lines but its source zh.txt has 1; they must be line-aligned; nothing was written"
        );
    }

    #[test]
    fn json_strings_map_back_to_input_offsets() {
        let line = r#"{"id":7,"target":"Wen \"Zai\" \u00e9 \ud83d\ude00 x","source":"文在寅"}"#;
        let s = jsonl("a.jsonl", line, &FormatOptions::default()).unwrap();
        let seg = &s[0];
        assert_eq!(seg.target, "Wen \"Zai\" é 😀 x");
        assert_eq!(seg.source.as_deref(), Some("文在寅"));
        let zai = seg.target.find("Zai").unwrap();
        assert_eq!(&line[seg.to_input(zai)..seg.to_input(zai + 3)], "Zai");
        let x = seg.target.find('x').unwrap();
        assert_eq!(&line[seg.to_input(x)..seg.to_input(x + 1)], "x");
        assert_eq!(
            seg.to_input(seg.target.len()),
            line.find("\",\"source").unwrap()
        );
        assert_eq!(Escape::Json.apply("a\"b"), "a\\\"b");
        assert!(jsonl("a.jsonl", "{\"target\": 3}", &FormatOptions::default()).is_err());
        assert!(jsonl("a.jsonl", "not json", &FormatOptions::default()).is_err());
    }

    #[test]
    fn xliff_12_pieces_keep_tags_apart() {
        let text = r#"<xliff version="1.2"><file><body>
<trans-unit id="1"><source>文在寅讲话</source><target>Wen Zai &amp; <g id="1">Kim</g><x id="2"/> spoke</target></trans-unit>
</body></file></xliff>"#;
        let s = xml("a.xlf", text, InputFormat::Xliff, &FormatOptions::default()).unwrap();
        let targets: Vec<&str> = s.iter().map(|p| p.target.as_str()).collect();
        assert_eq!(targets, vec!["Wen Zai & ", "Kim", " spoke"]);
        assert!(s.iter().all(|p| p.source.as_deref() == Some("文在寅讲话")));
        let p = &s[0];
        assert_eq!(&text[p.to_input(0)..p.to_input(7)], "Wen Zai");
        assert_eq!(&text[p.raw.clone()], "Wen Zai &amp; ");
        assert_eq!(Escape::Xml.apply("a & b <c>"), "a &amp; b &lt;c&gt;");
    }

    #[test]
    fn xliff_20_and_tmx() {
        let x2 = r#"<xliff version="2.0"><file><unit id="u"><segment><source>丰溪里</source><target>Fengxili site</target></segment></unit></file></xliff>"#;
        let s = xml("a.xlf", x2, InputFormat::Xliff, &FormatOptions::default()).unwrap();
        assert_eq!(
            (s[0].target.as_str(), s[0].source.as_deref()),
            ("Fengxili site", Some("丰溪里"))
        );
        let tmx = r#"<tmx version="1.4"><body><tu><tuv xml:lang="zh-CN"><seg>开城</seg></tuv><tuv xml:lang="en-US"><seg>the Kaicheng zone</seg></tuv></tu></body></tmx>"#;
        let s = xml("a.tmx", tmx, InputFormat::Tmx, &FormatOptions::default()).unwrap();
        assert_eq!(
            (s[0].target.as_str(), s[0].source.as_deref()),
            ("the Kaicheng zone", Some("开城"))
        );
        assert!(
            xml(
                "b.xlf",
                "<xliff><unclosed>",
                InputFormat::Xliff,
                &FormatOptions::default()
            )
            .is_err()
        );
    }
}
