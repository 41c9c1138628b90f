//! The glossary loader on arbitrary YAML: errors, never panics; a glossary
//! that loads also builds and runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtfix::{FixPolicy, Glossary, Matcher, check};

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else { return };
    match Glossary::from_yaml(yaml, "fuzz.yaml") {
        Err(e) => {
            let _ = e.to_string();
        }
        Ok(g) => {
            let m = Matcher::new(g).expect("a loaded glossary builds");
            let _ = check(&m, "In Seoul, Wen Zai met Stephen Bacon. Data map: (End)", &FixPolicy { suggestions: true });
        }
    }
});
