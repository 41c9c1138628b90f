//! `mtfix rules list|test|explain`.

use std::io::Write;

use anyhow::{Result, bail};
use mtfix::glossary::{Entry, RuleTest};
use mtfix::{Matcher, ruletest};
use serde::Serialize;

use crate::cli::ExitStatus;
use crate::cli::args::Format;

/// One line of `rules list --format json`.
#[derive(Serialize)]
struct ListedEntry<'a> {
    id: &'a str,
    correct: Option<&'a str>,
    alternatives: &'a [String],
    variants: &'a [String],
    patterns: &'a [String],
    source: &'a [String],
    category: &'a str,
    action: &'a str,
    confidence: f64,
    note: Option<&'a str>,
    file: &'a str,
    line: usize,
}

fn listed(e: &Entry) -> ListedEntry<'_> {
    ListedEntry {
        id: &e.id,
        correct: e.correct.as_deref(),
        alternatives: &e.alternatives,
        variants: &e.variants,
        patterns: &e.patterns,
        source: &e.source,
        category: &e.category,
        action: e.action.as_str(),
        confidence: e.confidence,
        note: e.note.as_deref(),
        file: &e.origin.file,
        line: e.origin.line,
    }
}

pub fn list(matcher: &Matcher, format: Format) -> Result<ExitStatus> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for e in matcher.glossary().entries() {
        match format {
            Format::Json => {
                serde_json::to_writer(&mut out, &listed(e))?;
                writeln!(out)?;
            }
            Format::Human => {
                let target = match (e.replace.as_deref(), e.correct.as_deref()) {
                    (Some(""), _) => "(delete)".to_owned(),
                    (Some(r), _) => format!("{r:?}"),
                    (None, Some(c)) => c.to_owned(),
                    (None, None) => String::new(),
                };
                let from: Vec<&str> = e
                    .variants
                    .iter()
                    .chain(&e.patterns)
                    .map(String::as_str)
                    .collect();
                writeln!(
                    out,
                    "{:<42} {:<13} {target} ← {}",
                    e.id,
                    e.category,
                    from.join(" | ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitStatus::Clean)
}

pub fn test(matcher: &Matcher) -> Result<ExitStatus> {
    let report = ruletest::run(matcher);
    let mut out = std::io::stdout().lock();
    for f in &report.failures {
        writeln!(out, "FAIL {f}")?;
    }
    writeln!(
        out,
        "rules test: {} examples in {} entries: {} passed, {} failed; {} entries without examples",
        report.run,
        matcher.glossary().len(),
        report.run - report.failures.len(),
        report.failures.len(),
        report.untested.len()
    )?;
    Ok(if report.failures.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

pub fn explain(matcher: &Matcher, query: &str) -> Result<ExitStatus> {
    let g = matcher.glossary();
    let entry = g.get(query).or_else(|| {
        g.entries().iter().find(|e| {
            e.correct
                .iter()
                .chain(&e.alternatives)
                .chain(&e.variants)
                .any(|t| t.eq_ignore_ascii_case(query))
        })
    });
    let Some(e) = entry else {
        bail!("no entry has the id or term {query:?} (see `mtfix rules list`)");
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}  ({}, {}:{})",
        e.id, e.category, e.origin.file, e.origin.line
    )?;
    if let Some(note) = &e.note {
        writeln!(out, "  {note}")?;
    }
    let line = |out: &mut dyn Write, label: &str, items: &[String]| -> std::io::Result<()> {
        if items.is_empty() {
            Ok(())
        } else {
            writeln!(out, "  {label:<13} {}", items.join(" | "))
        }
    };
    if let Some(c) = &e.correct {
        writeln!(out, "  {:<13} {c}", "correct")?;
    }
    line(&mut out, "alternatives", &e.alternatives)?;
    line(&mut out, "variants", &e.variants)?;
    line(&mut out, "patterns", &e.patterns)?;
    if let Some(r) = &e.replace {
        writeln!(out, "  {:<13} {r:?}", "replace")?;
    }
    line(&mut out, "source", &e.source)?;
    writeln!(
        out,
        "  {:<13} {} (confidence {})",
        "action",
        e.action.as_str(),
        e.confidence
    )?;
    if let Some(ctx) = &e.context {
        writeln!(out, "  context ({:?}):", ctx.scope)?;
        line(&mut out, "  any", &ctx.any)?;
        line(&mut out, "  none", &ctx.none)?;
        line(&mut out, "  not before", &ctx.not_followed_by)?;
        line(&mut out, "  not after", &ctx.not_preceded_by)?;
    }
    for f in &e.follow_up {
        writeln!(
            out,
            "  {:<13} later lone {:?} → {:?}",
            "follow-up", f.variant, f.correct
        )?;
    }
    for t in &e.tests {
        match t {
            RuleTest::Fix {
                wrong,
                right,
                source,
            } => {
                writeln!(out, "  test          {wrong:?}\n             → {right:?}")?;
                if let Some(s) = source {
                    writeln!(out, "      source    {s}")?;
                }
            }
            RuleTest::Unchanged { unchanged, source } => {
                writeln!(out, "  test (keep)   {unchanged:?}")?;
                if let Some(s) = source {
                    writeln!(out, "      source    {s}")?;
                }
            }
        }
    }
    Ok(ExitStatus::Clean)
}

pub fn lint(matcher: &Matcher) -> Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    let issues = mtfix::glossary::lint(matcher.glossary());
    for i in &issues {
        writeln!(out, "{i}")?;
    }
    let report = ruletest::run(matcher);
    for f in &report.failures {
        writeln!(out, "{f}")?;
    }
    let problems = issues.len() + report.failures.len();
    writeln!(
        out,
        "rules lint: {} entries, {problems} problem{}",
        matcher.glossary().len(),
        if problems == 1 { "" } else { "s" }
    )?;
    Ok(if problems == 0 {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

pub fn stats(matcher: &Matcher) -> Result<ExitStatus> {
    let mut rows: std::collections::BTreeMap<&str, [usize; 6]> = std::collections::BTreeMap::new();
    for e in matcher.glossary().entries() {
        let row = rows.entry(&e.category).or_default();
        row[0] += 1;
        row[1] += e.variants.len();
        row[2] += e.patterns.len();
        row[3] += usize::from(!e.source.is_empty());
        row[4] += usize::from(!e.tests.is_empty());
        row[5] += e.tests.len();
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<14} {:>7} {:>8} {:>8} {:>11} {:>10} {:>8}",
        "category", "entries", "variants", "patterns", "with source", "with tests", "examples"
    )?;
    let mut total = [0usize; 6];
    for (cat, r) in &rows {
        writeln!(
            out,
            "{cat:<14} {:>7} {:>8} {:>8} {:>11} {:>10} {:>8}",
            r[0], r[1], r[2], r[3], r[4], r[5]
        )?;
        for (t, v) in total.iter_mut().zip(r) {
            *t += v;
        }
    }
    let r = total;
    writeln!(
        out,
        "{:<14} {:>7} {:>8} {:>8} {:>11} {:>10} {:>8}",
        "total", r[0], r[1], r[2], r[3], r[4], r[5]
    )?;
    Ok(ExitStatus::Clean)
}
