//! `mtfix rules lint --fix|add|import|export`: the commands that write
//! glossary files.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use mtfix::glossary::edit::{self, Change};
use mtfix::glossary::exchange::{self, Imported};
use mtfix::glossary::spec::{ContextSpec, EntrySpec, TestSpec, write_entries};
use mtfix::glossary::{Glossary, lint};
use mtfix::{GlossaryBuilder, Matcher, ruletest};

use crate::cli::ExitStatus;
use crate::cli::args::{AddArgs, Args, ExportKind, ImportKind};

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn write(path: &Path, text: &str) -> Result<()> {
    mtfix::output::write_new_or_atomic(path, text).map_err(|e| anyhow::anyhow!("{e}"))
}

/// `rules lint --fix`: every file given with `--rules` in canonical form.
pub fn canonicalize(args: &Args) -> Result<()> {
    if args.rules.is_empty() {
        bail!(
            "lint --fix rewrites the files given with --rules (the embedded glossary is read-only: run it on rules/ in a checkout)"
        );
    }
    let mut err = std::io::stderr().lock();
    for path in &args.rules {
        for file in edit::glossary_files(path)? {
            let text = read(&file)?;
            let name = file.display().to_string();
            let canonical = edit::canonical(&text, &name)?;
            if canonical != text {
                write(&file, &canonical)?;
                writeln!(err, "{name}: rewritten in canonical form")?;
            }
        }
    }
    Ok(())
}

/// Keys of lint problems and failing examples, to compare before/after.
fn problems(glossary: Glossary) -> Result<BTreeSet<(String, String)>> {
    let mut out: BTreeSet<(String, String)> = lint(&glossary)
        .into_iter()
        .map(|i| (i.entry, i.message))
        .collect();
    let matcher = Matcher::new(glossary).context("cannot build the matcher")?;
    for f in ruletest::run(&matcher).failures {
        out.insert((
            f.entry.clone(),
            format!("example {} fails: {}", f.example, f.problem),
        ));
    }
    Ok(out)
}

/// The glossary `args` loads, with `file` read from `text` instead of disk.
fn glossary_with(args: &Args, file: &Path, text: &str) -> Result<Glossary, mtfix::LoadError> {
    let mut builder = GlossaryBuilder::new();
    if !args.no_default_rules {
        builder = builder.with_builtin()?;
    }
    let same = |p: &Path| {
        p == file
            || (p.canonicalize().ok().is_some()
                && p.canonicalize().ok() == file.canonicalize().ok())
    };
    for path in &args.rules {
        for f in edit::glossary_files(path)? {
            if !same(&f) {
                builder = builder.add_path(&f)?;
            }
        }
    }
    builder.add_yaml(text, &file.display().to_string())?.build()
}

fn candidate_from_flags(a: &AddArgs) -> Result<EntrySpec> {
    let correct = a.correct.clone();
    let id = match (&a.id, &correct) {
        (Some(id), _) => id.clone(),
        (None, Some(c)) => exchange::make_id("", c, &mut HashSet::new()),
        (None, None) => bail!("rules add needs --id (an existing entry) or --correct (a new one)"),
    };
    let mut e = EntrySpec::new(&id, correct.as_deref().unwrap_or(""), &a.category);
    e.correct = correct;
    e.alternatives.clone_from(&a.alternative);
    e.variants.clone_from(&a.variant);
    e.source.clone_from(&a.source_term);
    e.note.clone_from(&a.note);
    if !a.context_any.is_empty() {
        e.context = Some(ContextSpec {
            any: a.context_any.clone(),
            ..ContextSpec::default()
        });
    }
    if let (Some(w), Some(r)) = (&a.test_wrong, &a.test_right) {
        e.tests.push(TestSpec {
            wrong: Some(w.clone()),
            right: Some(r.clone()),
            source: a.test_source.clone(),
            ..TestSpec::default()
        });
    }
    if let Some(u) = &a.test_unchanged {
        e.tests.push(TestSpec {
            unchanged: Some(u.clone()),
            source: a.test_source.clone(),
            ..TestSpec::default()
        });
    }
    Ok(e)
}

/// Entries from the edited replacements of a decisions file: the edit is
/// the correct form, the matched text a variant, the sentence around it a
/// test. An edit whose correct form an entry of the file already has adds
/// the variant to that entry.
fn candidates_from_decisions(
    glossary: &Glossary,
    original: &str,
    name: &str,
    path: &Path,
    default_category: &str,
) -> Result<Vec<EntrySpec>> {
    let decisions = mtfix::review::Decisions::read(path)?;
    let in_file = edit::specs(original, name)?;
    let mut taken: HashSet<String> = glossary
        .entries()
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    let mut out: Vec<EntrySpec> = Vec::new();
    for d in decisions.iter() {
        let Some(correct) = d
            .replacement
            .as_deref()
            .filter(|r| d.edited && !r.trim().is_empty())
        else {
            continue;
        };
        if d.decision != mtfix::review::Verdict::Accept || correct == d.matched {
            continue;
        }
        let join = |middle: &str| {
            [d.before.as_str(), middle, d.after.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let test = TestSpec {
            wrong: Some(join(&d.matched)),
            right: Some(join(correct)),
            ..TestSpec::default()
        };
        if let Some(c) = out
            .iter_mut()
            .find(|c| c.correct.as_deref() == Some(correct))
        {
            if !c.variants.contains(&d.matched) {
                c.variants.push(d.matched.clone());
                c.tests.push(test);
            }
            continue;
        }
        let category = glossary
            .entries()
            .iter()
            .find(|e| *e.id == *d.rule)
            .map_or(default_category.to_owned(), |e| e.category.to_string());
        let id = match in_file
            .iter()
            .find(|s| s.correct.as_deref() == Some(correct))
        {
            Some(existing) => existing.id.clone(),
            None => exchange::make_id("", correct, &mut taken),
        };
        let mut e = EntrySpec::new(&id, correct, &category);
        e.variants.push(d.matched.clone());
        e.note = Some(format!(
            "From a review decision in {}: {:?} edited to {:?} (the finding was {}).",
            d.path, d.matched, correct, d.rule
        ));
        e.tests.push(test);
        out.push(e);
    }
    Ok(out)
}

/// `rules add`.
pub fn add(args: &Args, a: &AddArgs) -> Result<ExitStatus> {
    let original = if a.file.exists() {
        read(&a.file)?
    } else {
        String::new()
    };
    let name = a.file.display().to_string();
    let existing: HashSet<String> = edit::specs(&original, &name)?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut candidates = match (&a.from, &a.from_decisions) {
        (Some(from), _) => {
            let text = read(from)?;
            edit::specs(&text, &from.display().to_string())?
        }
        (None, Some(decisions)) => {
            let glossary = glossary_with(args, &a.file, &original)?;
            let c = candidates_from_decisions(&glossary, &original, &name, decisions, &a.category)?;
            if c.is_empty() {
                eprintln!(
                    "rules add: no edited replacements in {}",
                    decisions.display()
                );
                return Ok(ExitStatus::Clean);
            }
            c
        }
        (None, None) => vec![candidate_from_flags(a)?],
    };
    for c in &mut candidates {
        if c.correct.is_none() && !existing.contains(&c.id) {
            bail!(
                "entry '{}' is not in {name}: a new entry needs a correct form (--correct)",
                c.id
            );
        }
        if c.tests.is_empty() && !existing.contains(&c.id) {
            c.tests = exchange::default_tests(c);
        }
    }
    let before = problems(glossary_with(args, &a.file, &original)?)?;
    let mut refused: Vec<(String, String)> = Vec::new();
    let mut err = std::io::stderr().lock();
    loop {
        let mut text = original.clone();
        let mut changes = Vec::new();
        for c in &candidates {
            let (next, change) = edit::upsert(&text, &name, c)?;
            text = next;
            changes.push((c.id.clone(), change));
        }
        let ids: HashSet<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
        // What loading refuses, then what lint adds.
        let verdict: Option<(String, String)> = match glossary_with(args, &a.file, &text) {
            Err(e) => Some((
                e.entry_id().unwrap_or("").to_owned(),
                e.message().to_owned(),
            )),
            Ok(g) => problems(g)?
                .difference(&before)
                .next()
                .map(|(id, msg)| (id.clone(), msg.clone())),
        };
        match verdict {
            None => {
                let diff_name = name.clone();
                let mut out = std::io::stdout().lock();
                mtfix::report::write_diff(&mut out, &diff_name, &original, &text)?;
                for (r, why) in &refused {
                    writeln!(err, "refused '{r}': {why}")?;
                }
                let count = |k: Change| changes.iter().filter(|(_, c)| *c == k).count();
                writeln!(
                    err,
                    "rules add: {} added, {} merged, {} unchanged, {} refused{}",
                    count(Change::Added),
                    count(Change::Merged),
                    count(Change::Unchanged),
                    refused.len(),
                    if a.dry_run { " (dry run)" } else { "" }
                )?;
                if !a.dry_run && text != original {
                    write(&a.file, &text)?;
                }
                return Ok(if refused.is_empty() {
                    ExitStatus::Clean
                } else {
                    ExitStatus::Findings
                });
            }
            Some((id, msg)) => {
                // Refuse the candidate at fault; a problem elsewhere that a
                // candidate caused is charged to every candidate it names.
                let at_fault: Vec<usize> = if ids.contains(id.as_str()) {
                    candidates
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.id == id)
                        .map(|(i, _)| i)
                        .collect()
                } else {
                    candidates
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| names(c).iter().any(|t| msg.contains(t.as_str())))
                        .map(|(i, _)| i)
                        .collect()
                };
                if at_fault.is_empty() {
                    bail!(
                        "{name}: the change would break entry '{id}': {msg}; nothing was written"
                    );
                }
                for i in at_fault.into_iter().rev() {
                    let c = candidates.remove(i);
                    let why = if c.id == id {
                        msg.clone()
                    } else {
                        format!("entry '{id}' would fail: {msg}")
                    };
                    refused.push((c.id, why));
                }
            }
        }
    }
}

/// The terms and id of a candidate, to attribute a problem to it.
fn names(c: &EntrySpec) -> Vec<String> {
    let mut v = vec![format!("'{}'", c.id)];
    v.extend(
        c.correct
            .iter()
            .chain(&c.variants)
            .chain(&c.alternatives)
            .filter(|s| s.chars().count() >= 3)
            .cloned(),
    );
    v
}

const CEDICT_HEADER: &str = "# Derived from CC-CEDICT (https://cc-cedict.org/), (c) MDBG and the CC-CEDICT\n# contributors, under the Creative Commons Attribution-ShareAlike 4.0\n# licence (https://creativecommons.org/licenses/by-sa/4.0/): this file is\n# under the same licence. Generated by `mtfix rules import cedict`.\n# Entries are unverified: suggest-only, no fuzzy matching, and no variants,\n# so they act only where a bilingual source holds the Chinese term.";

/// `rules import`.
pub fn import(
    glossary: &Glossary,
    kind: ImportKind,
    file: &Path,
    category: &str,
    output: Option<&PathBuf>,
) -> Result<ExitStatus> {
    let text = read(file)?;
    let name = file.display().to_string();
    let (header, imported): (String, Imported) = match kind {
        ImportKind::Csv => (
            format!("# Imported from {name}."),
            exchange::import_table(&text, b',', &name, category)?,
        ),
        ImportKind::Tsv => (
            format!("# Imported from {name}."),
            exchange::import_table(&text, b'\t', &name, category)?,
        ),
        ImportKind::Tbx => (
            format!("# Imported from {name}."),
            exchange::import_tbx(&text, &name, category)?,
        ),
        ImportKind::Cedict => {
            let known: HashSet<String> = glossary
                .entries()
                .iter()
                .flat_map(|e| e.source.iter().cloned())
                .collect();
            (
                CEDICT_HEADER.to_owned(),
                exchange::import_cedict(&text, &known),
            )
        }
    };
    let yaml = write_entries(&header, &imported.entries);
    match output {
        Some(p) => write(p, &yaml)?,
        None => std::io::stdout().lock().write_all(yaml.as_bytes())?,
    }
    let mut err = std::io::stderr().lock();
    for (line, why) in imported.skipped.iter().take(20) {
        writeln!(err, "{name}:{line}: skipped: {why}")?;
    }
    writeln!(
        err,
        "rules import: {} entries, {} records skipped",
        imported.entries.len(),
        imported.skipped.len()
    )?;
    Ok(ExitStatus::Clean)
}

/// `rules export`.
pub fn export(
    glossary: &Glossary,
    kind: ExportKind,
    output: Option<&PathBuf>,
) -> Result<ExitStatus> {
    let text = match kind {
        ExportKind::Csv => exchange::export_table(glossary.entries(), b','),
        ExportKind::Tsv => exchange::export_table(glossary.entries(), b'\t'),
        ExportKind::Tbx => exchange::export_tbx(glossary.entries()),
    };
    match output {
        Some(p) => write(p, &text)?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitStatus::Clean)
}
