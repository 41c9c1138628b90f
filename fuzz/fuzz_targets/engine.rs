//! The engine on arbitrary text, with and without a source: no panic,
//! findings in bounds and on char boundaries, edits disjoint, bytes outside
//! edits unchanged, and fixing fixed text changes nothing.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mtfix::{FixPolicy, Glossary, Matcher, Outcome, check_with_source};

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Glossary::builtin()).unwrap())
}

fn invariants(text: &str, out: &Outcome) {
    let mut last = 0;
    let mut rebuilt = String::new();
    for (f, &applied) in out.findings.iter().zip(&out.applied) {
        assert!(f.span.start < f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert_eq!(&text[f.span.clone()], f.matched);
        if f.replacement.is_none() {
            assert!(!applied, "report-only findings are never applied");
            continue;
        }
        if applied {
            assert!(f.span.start >= last, "applied edits are sorted and disjoint");
            rebuilt.push_str(&text[last..f.span.start]);
            rebuilt.push_str(f.replacement.as_deref().unwrap());
            last = f.span.end;
        }
    }
    rebuilt.push_str(&text[last..]);
    assert_eq!(rebuilt, out.text, "bytes outside edits are unchanged");
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    // "source<TAB>target" gives the source-aware path a workout too.
    let (source, text) = match input.split_once('\t') {
        Some((s, t)) => (Some(s), t),
        None => (None, input),
    };
    for policy in [FixPolicy::default(), FixPolicy { suggestions: true }] {
        let once = check_with_source(matcher(), text, source, &policy);
        invariants(text, &once);
        let twice = check_with_source(matcher(), &once.text, source, &policy);
        assert_eq!(twice.text, once.text, "fix is idempotent");
    }
});
