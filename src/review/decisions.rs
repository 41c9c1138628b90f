//! Decision files: one JSON object per line, each a person's verdict on
//! one finding, keyed by the document's name and the finding's
//! [`Fingerprint`]. `mtfix review`, the HTML page's export button and
//! hand-written files all use this form (docs/review.md).
//!
//! ```text
//! {"path":"a.txt","rule":"moon-jae-in","matched":"Wen Zaiyin","before":"In Seoul,","after":"met the envoy","decision":"accept","replacement":"Moon Jae-in"}
//! ```

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::Fingerprint;

/// Accept or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Write the replacement.
    Accept,
    /// Leave the text as it is.
    Reject,
}

/// One line of a decisions file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The document, as mtfix names it in reports.
    pub path: String,
    /// Entry id.
    pub rule: String,
    /// The span's text.
    pub matched: String,
    /// Context words before the span (see [`Fingerprint`]).
    #[serde(default)]
    pub before: String,
    /// Context words after the span.
    #[serde(default)]
    pub after: String,
    /// Which of several identical fingerprints in the document.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub occurrence: usize,
    /// The verdict.
    pub decision: Verdict,
    /// For `accept`: the text written in place of the span. Absent means
    /// the finding's own replacement at the time of replay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// True when a person changed the proposed replacement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn is_false(b: &bool) -> bool {
    !*b
}

impl Decision {
    /// A decision about the finding with fingerprint `fp` in `path`.
    pub fn new(
        path: &str,
        fp: &Fingerprint,
        decision: Verdict,
        replacement: Option<String>,
    ) -> Self {
        Decision {
            path: path.to_owned(),
            rule: fp.rule.clone(),
            matched: fp.matched.clone(),
            before: fp.before.clone(),
            after: fp.after.clone(),
            occurrence: fp.occurrence,
            decision,
            replacement,
            edited: false,
        }
    }

    /// The fingerprint this decision is about.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            rule: self.rule.clone(),
            matched: self.matched.clone(),
            before: self.before.clone(),
            after: self.after.clone(),
            occurrence: self.occurrence,
        }
    }
}

/// A decisions file could not be read.
#[derive(Debug)]
pub enum DecisionsError {
    /// The file could not be read.
    Io {
        /// The file.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// A line is not a decision.
    Parse {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for DecisionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionsError::Io { path, source } => write!(f, "{path}: {source}"),
            DecisionsError::Parse {
                path,
                line,
                message,
            } => write!(f, "{path}:{line}: not a decision: {message}"),
        }
    }
}

impl std::error::Error for DecisionsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecisionsError::Io { source, .. } => Some(source),
            DecisionsError::Parse { .. } => None,
        }
    }
}

/// Decisions by document and fingerprint; a later line about the same
/// finding replaces an earlier one. Keeps the order in which findings were
/// first decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    list: Vec<Decision>,
    index: FxHashMap<(String, Fingerprint), usize>,
}

impl Decisions {
    /// No decisions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses JSON Lines; `name` is used in errors. Blank lines are skipped.
    ///
    /// # Errors
    /// The first line that is not a decision, with its number.
    pub fn parse(text: &str, name: &str) -> Result<Self, DecisionsError> {
        let mut out = Decisions::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{FEFF}');
            if line.trim().is_empty() {
                continue;
            }
            let d: Decision = serde_json::from_str(line).map_err(|e| DecisionsError::Parse {
                path: name.to_owned(),
                line: i + 1,
                message: e.to_string(),
            })?;
            out.insert(d);
        }
        Ok(out)
    }

    /// Reads a decisions file.
    ///
    /// # Errors
    /// When it cannot be read or a line is not a decision.
    pub fn read(path: &Path) -> Result<Self, DecisionsError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DecisionsError::Io {
            path: name.clone(),
            source,
        })?;
        Self::parse(&text, &name)
    }

    /// Reads `path` if it exists; no file means no decisions.
    ///
    /// # Errors
    /// As [`Decisions::read`], except for a missing file.
    pub fn read_if_exists(path: &Path) -> Result<Self, DecisionsError> {
        match path.try_exists() {
            Ok(false) => Ok(Decisions::new()),
            _ => Self::read(path),
        }
    }

    /// Adds or replaces the decision about `d`'s finding.
    pub fn insert(&mut self, d: Decision) {
        let key = (d.path.clone(), d.fingerprint());
        match self.index.get(&key) {
            Some(&i) => self.list[i] = d,
            None => {
                self.index.insert(key, self.list.len());
                self.list.push(d);
            }
        }
    }

    /// Forgets the decision about finding `fp` in `path`.
    pub fn remove(&mut self, path: &str, fp: &Fingerprint) -> Option<Decision> {
        let i = self.index.remove(&(path.to_owned(), fp.clone()))?;
        let d = self.list.remove(i);
        for v in self.index.values_mut() {
            if *v > i {
                *v -= 1;
            }
        }
        Some(d)
    }

    /// The decision about finding `fp` in `path`.
    pub fn get(&self, path: &str, fp: &Fingerprint) -> Option<&Decision> {
        self.index
            .get(&(path.to_owned(), fp.clone()))
            .map(|&i| &self.list[i])
    }

    /// All decisions, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Decision> {
        self.list.iter()
    }

    /// The decisions about document `path`, in order.
    pub fn for_path<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Decision> + 'a {
        self.list.iter().filter(move |d| d.path == path)
    }

    /// The documents decisions are about, in order of first mention.
    pub fn paths(&self) -> Vec<&str> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.list
            .iter()
            .map(|d| d.path.as_str())
            .filter(|p| seen.insert(*p))
            .collect()
    }

    /// Number of decisions.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Writes JSON Lines.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write(&self, mut out: impl Write) -> io::Result<()> {
        for d in &self.list {
            serde_json::to_writer(&mut out, d)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// The JSON Lines text.
    pub fn to_jsonl(&self) -> String {
        let mut buf = Vec::new();
        self.write(&mut buf).expect("writing to a Vec");
        String::from_utf8(buf).expect("serde_json writes UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(m: &str) -> Fingerprint {
        Fingerprint {
            rule: "r".into(),
            matched: m.into(),
            before: "a b".into(),
            after: "c".into(),
            occurrence: 0,
        }
    }

    #[test]
    fn round_trip_and_last_wins() {
        let mut d = Decisions::new();
        d.insert(Decision::new(
            "x.txt",
            &fp("one"),
            Verdict::Accept,
            Some("One".into()),
        ));
        d.insert(Decision::new("x.txt", &fp("two"), Verdict::Reject, None));
        d.insert(Decision::new("x.txt", &fp("one"), Verdict::Reject, None));
        assert_eq!(d.len(), 2);
        assert_eq!(
            d.get("x.txt", &fp("one")).unwrap().decision,
            Verdict::Reject
        );
        let text = d.to_jsonl();
        assert_eq!(Decisions::parse(&text, "d.jsonl").unwrap(), d);
        assert!(d.remove("x.txt", &fp("one")).is_some());
        assert_eq!(
            d.iter().map(|x| x.matched.as_str()).collect::<Vec<_>>(),
            ["two"]
        );
        assert_eq!(d.get("x.txt", &fp("two")).unwrap().matched, "two");
    }

    #[test]
    fn errors_name_the_line() {
        let text = "{\"path\":\"a\",\"rule\":\"r\",\"matched\":\"m\",\"decision\":\"accept\"}\n\n{\"path\":\"a\"}\n";
        let err = Decisions::parse(text, "d.jsonl").unwrap_err().to_string();
        assert!(
            err.starts_with("d.jsonl:3: not a decision: missing field"),
            "{err}"
        );
        let err = Decisions::parse(
            "{\"path\":\"a\",\"rule\":\"r\",\"matched\":\"m\",\"decision\":\"maybe\"}",
            "d",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("d:1:") && err.contains("maybe"), "{err}");
    }
}
