//! The bilingual parsers (TSV, JSON Lines, XLIFF, TMX) on arbitrary input:
//! errors, never panics; segments map into their input; a document with no
//! applied finding comes back byte-identical.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mtfix::input::bilingual::{FormatOptions, InputFormat};
use mtfix::input::{self, Document};
use mtfix::{FixPolicy, Glossary, Matcher, check_document};

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Glossary::builtin()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = FormatOptions::default();
    for format in [InputFormat::Tsv, InputFormat::Jsonl, InputFormat::Xliff, InputFormat::Tmx] {
        let Ok(doc) = input::prepare(Document::from_text("fuzz", text), format, &options, None) else {
            continue;
        };
        for seg in doc.segments.iter().flatten() {
            assert!(seg.raw.start <= seg.raw.end && seg.raw.end <= text.len());
            let (mut prev, len) = (seg.to_input(0), seg.target.len());
            assert!(prev >= seg.raw.start);
            for i in (0..=len).filter(|&i| seg.target.is_char_boundary(i)) {
                let at = seg.to_input(i);
                assert!(at >= prev && at <= seg.raw.end, "the map is monotonic and inside the piece");
                assert!(text.is_char_boundary(at));
                prev = at;
            }
        }
        let out = check_document(matcher(), &doc, &FixPolicy { suggestions: true });
        if !out.applied.iter().any(|&a| a) {
            assert_eq!(out.text, text, "nothing applied: byte-identical");
        }
        for f in &out.findings {
            assert_eq!(&text[f.span.clone()], f.matched);
        }
    }
});
