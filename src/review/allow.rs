//! The allow list: findings a person rejected for good. `check`, `fix`,
//! `review` and `apply` drop a finding that an entry matches, so a rejected
//! suggestion does not come back. The file is YAML (docs/review.md):
//!
//! ```yaml
//! - rule: golden-conference
//!   matched: Golden Conference
//!   before: the novel
//!   after: is set in
//! - rule: kim-jong-un        # no context: anywhere
//!   matched: Kim Jong Un
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Fingerprint, fingerprints};
use crate::check::Outcome;
use crate::matcher::Finding;
use crate::rewrite::{self, FixPolicy};

/// The file name looked for in the current folder and its parents.
pub const ALLOW_FILE: &str = ".mtfix-allow.yaml";

/// One allowed finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// Entry id.
    pub rule: String,
    /// The span's text, exactly.
    pub matched: String,
    /// Context words before the span; absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Context words after the span; absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl AllowEntry {
    /// An entry for exactly the finding `fp` (in this context).
    pub fn exact(fp: &Fingerprint, note: Option<String>) -> Self {
        AllowEntry {
            rule: fp.rule.clone(),
            matched: fp.matched.clone(),
            before: Some(fp.before.clone()),
            after: Some(fp.after.clone()),
            note,
        }
    }

    /// True when this entry allows the finding `fp`.
    pub fn allows(&self, fp: &Fingerprint) -> bool {
        self.rule == fp.rule
            && self.matched == fp.matched
            && self.before.as_ref().is_none_or(|b| *b == fp.before)
            && self.after.as_ref().is_none_or(|a| *a == fp.after)
    }

    fn same_target(&self, other: &AllowEntry) -> bool {
        self.rule == other.rule
            && self.matched == other.matched
            && self.before == other.before
            && self.after == other.after
    }
}

/// An allow-list file could not be used.
#[derive(Debug)]
pub struct AllowError {
    /// The file.
    pub path: String,
    /// What went wrong, with the position where known.
    pub message: String,
}

impl fmt::Display for AllowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for AllowError {}

/// A list of [`AllowEntry`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AllowList {
    entries: Vec<AllowEntry>,
}

impl AllowList {
    /// Parses the YAML list; `name` is used in errors.
    ///
    /// # Errors
    /// When the text is not a list of entries.
    pub fn parse(text: &str, name: &str) -> Result<Self, AllowError> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let entries: Option<Vec<AllowEntry>> =
            serde_yaml::from_str(text).map_err(|e| AllowError {
                path: name.to_owned(),
                message: e.to_string(),
            })?;
        Ok(AllowList {
            entries: entries.unwrap_or_default(),
        })
    }

    /// Reads an allow-list file; a missing file is an empty list.
    ///
    /// # Errors
    /// When it exists but cannot be read or parsed.
    pub fn read(path: &Path) -> Result<Self, AllowError> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, &name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(AllowError {
                path: name,
                message: e.to_string(),
            }),
        }
    }

    /// The nearest [`ALLOW_FILE`] in `dir` or its parents.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(ALLOW_FILE))
            .find(|p| p.is_file())
    }

    /// The entries.
    pub fn entries(&self) -> &[AllowEntry] {
        &self.entries
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `entry` unless an entry for the same finding is there; returns
    /// whether it was added.
    pub fn add(&mut self, entry: AllowEntry) -> bool {
        if self.entries.iter().any(|e| e.same_target(&entry)) {
            return false;
        }
        self.entries.push(entry);
        true
    }

    /// True when an entry allows `fp`.
    pub fn allows(&self, fp: &Fingerprint) -> bool {
        self.entries.iter().any(|e| e.allows(fp))
    }

    /// The YAML text of the list, with a header comment.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# mtfix allow list: findings that check, fix and review no longer report.\n\
             # An entry without `before`/`after` applies in any context. See docs/review.md.\n",
        );
        if !self.entries.is_empty() {
            out.push_str(&serde_yaml::to_string(&self.entries).expect("plain data serializes"));
        }
        out
    }

    /// Removes the findings this list allows from `outcome` (the outcome of
    /// checking `text` under `policy`) and rewrites its text without them.
    /// Returns how many were removed.
    pub fn filter(&self, text: &str, outcome: &mut Outcome, policy: &FixPolicy) -> usize {
        if self.entries.is_empty() || outcome.findings.is_empty() {
            return 0;
        }
        let fps = fingerprints(text, &outcome.findings);
        let keep: Vec<bool> = fps.iter().map(|fp| !self.allows(fp)).collect();
        let removed = keep.iter().filter(|&&k| !k).count();
        if removed == 0 {
            return 0;
        }
        let findings: Vec<Finding> = std::mem::take(&mut outcome.findings)
            .into_iter()
            .zip(&keep)
            .filter_map(|(f, &k)| k.then_some(f))
            .collect();
        let rw = rewrite::apply(text, &findings, policy);
        outcome.findings = findings;
        outcome.applied = rw.applied;
        outcome.text = rw.text;
        removed
    }
}
