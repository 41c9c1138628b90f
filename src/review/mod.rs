//! Review: decisions people make about findings, kept across runs.
//!
//! A finding is identified by its [`Fingerprint`] (rule, matched text, a
//! few words of context), not by offsets, so a decision survives edits
//! elsewhere in the file. [`Decisions`] are read and written as JSON Lines;
//! [`replay`] applies them; an [`AllowList`] keeps rejected findings from
//! coming back. The terminal and HTML front ends live in the CLI and in
//! [`crate::report`].

mod allow;
mod decisions;
mod fingerprint;
mod replay;

pub use allow::{ALLOW_FILE, AllowEntry, AllowError, AllowList};
pub use decisions::{Decision, Decisions, DecisionsError, Verdict};
pub use fingerprint::{
    CONTEXT_CHARS, CONTEXT_WORDS, Fingerprint, Occurrences, context, fingerprints, fingerprints_at,
    fingerprints_continued,
};
pub use replay::{Replay, Status, replay};
