//! mtfix finds and fixes machine-translation artifacts in English text
//! translated from Chinese news: names read character by character ("Wen
//! Zai" for Moon Jae-in), abbreviations read literally ("Golden Conference"
//! for the Trump-Kim summit), news boilerplate calques ("Data map:"), garbled
//! official terms and stray punctuation.
//!
//! # Overview
//!
//! Data flows one way, one module per stage:
//!
//! * [`glossary`]: YAML entries → a validated [`Glossary`]
//!   ([`GlossaryBuilder`], [`LoadError`] with file, line and column);
//! * [`matcher`]: a [`Glossary`] compiled into a [`Matcher`] that finds
//!   [`Finding`]s (literal variants in one Aho-Corasick automaton, patterns
//!   in a `RegexSet`, context conditions, protected correct forms);
//! * [`rewrite`]: [`resolve`] overlaps deterministically, then [`apply`]
//!   the chosen findings in one pass under a [`FixPolicy`];
//! * [`check()`]: the three steps above in one call → an [`Outcome`];
//! * [`input`] and [`report`]: documents in, human / JSON Lines / diff out.
//!
//! The library never prints; the `mtfix` binary is a thin layer over it.
//!
//! # Example: fix a text with the default glossary
//!
//! ```
//! use mtfix::{check, FixPolicy, Glossary, Matcher};
//!
//! let matcher = Matcher::new(Glossary::builtin())?;
//! let text = "Trump met Kim Jong Un at the second \"Golden Conference\" in Hanoi.";
//! let out = check(&matcher, text, &FixPolicy::default());
//! assert_eq!(out.text, "Trump met Kim Jong Un at the second Trump-Kim summit in Hanoi.");
//! # Ok::<(), mtfix::BuildError>(())
//! ```
//!
//! # Example: your own glossary
//!
//! ```
//! use mtfix::{check, FixPolicy, GlossaryBuilder, Matcher};
//!
//! let yaml = r#"
//! - id: punggye-ri
//!   correct: Punggye-ri
//!   variants: [Fengxili]
//!   source: 丰溪里
//!   category: name/place
//!   tests:
//!     - wrong: the Fengxili test site
//!       right: the Punggye-ri test site
//! "#;
//! let glossary = GlossaryBuilder::new().add_yaml(yaml, "mine.yaml")?.build()?;
//! let matcher = Matcher::new(glossary).unwrap();
//! let out = check(&matcher, "Fengxili's tunnels", &FixPolicy::default());
//! assert_eq!(out.text, "Punggye-ri's tunnels");
//! # Ok::<(), mtfix::LoadError>(())
//! ```

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod glossary;
pub mod input;
pub mod matcher;
pub mod mine;
pub mod output;
pub mod report;
pub mod review;
pub mod rewrite;
pub mod ruletest;

pub use check::{Outcome, Summary, check, check_document, check_with_source};
pub use glossary::{Action, CasePolicy, Entry, Glossary, GlossaryBuilder, LoadError};
pub use input::{Document, InputError};
pub use matcher::{BuildError, Finding, FuzzyMode, FuzzyOptions, MatchOptions, Matcher, Method};
pub use rewrite::{FixPolicy, Rewrite, apply, resolve};
