//! Pattern entries: each entry's own `Regex` finds the spans and fills `$1`
//! templates. The regex crate guarantees linear time, so no pattern can be
//! catastrophic. (A `RegexSet` is not used: asked which of many
//! line-anchored Unicode patterns match, it falls back to the PikeVM, about
//! 1 MB/s, where each pattern's lazy DFA scans at hundreds.)

use regex::Regex;

use super::BuildError;
use crate::glossary::Glossary;

#[derive(Debug)]
pub(crate) struct Patterns {
    /// `(entry index, compiled pattern)`, in glossary order.
    each: Vec<(u32, Regex)>,
}

impl Patterns {
    pub(crate) fn build(glossary: &Glossary) -> Result<Patterns, BuildError> {
        let mut each = Vec::new();
        for (i, e) in glossary.entries().iter().enumerate() {
            for p in &e.patterns {
                let re =
                    Regex::new(p).map_err(|err| BuildError(format!("entry '{}': {err}", e.id)))?;
                each.push((i as u32, re));
            }
        }
        Ok(Patterns { each })
    }

    /// Calls `f(entry, start, end, expanded)` for every non-empty match;
    /// `expanded` is the entry's `replace` template filled from the match,
    /// or `None` when the entry has no template (its `correct` applies).
    pub(crate) fn for_each(
        &self,
        text: &str,
        glossary: &Glossary,
        mut f: impl FnMut(u32, usize, usize, Option<String>),
    ) {
        for (entry, re) in &self.each {
            if !re.is_match(text) {
                continue;
            }
            let template = glossary.entries()[*entry as usize].replace.as_deref();
            for caps in re.captures_iter(text) {
                let m = caps.get(0).expect("group 0 always participates");
                if m.is_empty() {
                    continue;
                }
                let expanded = template.map(|t| {
                    let mut out = String::new();
                    caps.expand(t, &mut out);
                    out
                });
                f(*entry, m.start(), m.end(), expanded);
            }
        }
    }
}
