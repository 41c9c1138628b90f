//! Pattern entries: a `RegexSet` says which entries match at all, then each
//! matching entry's own `Regex` finds the spans and fills `$1` templates.
//! The regex crate guarantees linear time, so no pattern can be
//! catastrophic.

use regex::{Regex, RegexSet};

use super::BuildError;
use crate::glossary::Glossary;

#[derive(Debug)]
pub(crate) struct Patterns {
    set: Option<RegexSet>,
    /// `(entry index, compiled pattern)`, in the set's order.
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
        let set = if each.is_empty() {
            None
        } else {
            Some(
                RegexSet::new(each.iter().map(|(_, r)| r.as_str()))
                    .map_err(|err| BuildError(format!("cannot build the pattern set: {err}")))?,
            )
        };
        Ok(Patterns { set, each })
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
        let Some(set) = &self.set else { return };
        for idx in set.matches(text).iter() {
            let (entry, re) = &self.each[idx];
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
