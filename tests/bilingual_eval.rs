//! Evaluation of source-aware checking on the hand-made bilingual
//! development set, `tests/data/bilingual-dev.tsv` (its header explains the
//! columns and the id prefixes).
//!
//! Every row is run through
//! `check_with_source(&matcher, target, Some(source), &FixPolicy::default())`
//! with the builtin glossary and default options, and scored:
//!
//! * **exact rows**: output == expected;
//! * **changes** (per row): a changed row whose output == expected is a true
//!   positive, a changed row whose output != expected a false positive, an
//!   unchanged row whose expected != target a false negative;
//! * **`source` findings** (method `source`, with a replacement): a finding
//!   at `target[s..e]` with replacement R is *correct* when `expected`
//!   contains R between the same neighbours as in the target, that is
//!   `before + R + after`, where `before` runs from the start of the word
//!   preceding the span to the span (anchored at the start of `expected`
//!   when the span starts the text) and `after` from the span to the end of
//!   the word following it (anchored at the end when the span ends the
//!   text). Precision = correct / all; recall = correct / (correct + `source-`
//!   rows without a correct source finding). Both are given for every
//!   source finding (fix and suggest) and for the applied ones only;
//! * **report-only findings** (replacement null): how many `-missing` rows
//!   have one, and how many turn up on other rows.
//!
//! `cargo test --release --test bilingual_eval -- --nocapture` prints the
//! table and every row whose output differs from the expected English, with
//! its findings. The floors below sit a little under the measured figures,
//! so that a regression fails the test.

use std::fmt::Write as _;

use mtfix::{FixPolicy, Glossary, Matcher, Method, Outcome, check_with_source};

const DEV_SET: &str = include_str!("data/bilingual-dev.tsv");

/// Floors. Measured on 2026-11-22 with the builtin glossary and the
/// working tree of that day (values in the comments).
const MIN_EXACT_ROWS: f64 = 0.85; // 94/104 = 0.904
const MIN_CHANGE_PRECISION: f64 = 0.88; // 56/60 = 0.933
const MIN_CHANGE_RECALL: f64 = 0.85; // 56/62 = 0.903
const MIN_SOURCE_PRECISION: f64 = 0.75; // fix + suggest: 21/26 = 0.808
const MIN_SOURCE_RECALL: f64 = 0.75; // fix + suggest: 21/(21 + 5) = 0.808
const MIN_SOURCE_FIX_PRECISION: f64 = 0.8; // applied: 19/22 = 0.864
const MIN_SOURCE_FIX_RECALL: f64 = 0.68; // applied: 19/(19 + 7) = 0.731
const MIN_MISSING_REPORTED: f64 = 0.9; // 10/10

/// One row of the development set.
#[derive(Debug)]
struct Row {
    id: String,
    source: String,
    target: String,
    expected: String,
}

impl Row {
    fn is_missing(&self) -> bool {
        self.id.ends_with("-missing")
    }

    /// Damage that only the source identifies.
    fn needs_source(&self) -> bool {
        self.id.starts_with("source-")
    }
}

fn load() -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in DEV_SET.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            fields.len(),
            4,
            "bilingual-dev.tsv:{}: expected 4 tab-separated fields, found {}",
            n + 1,
            fields.len()
        );
        let row = Row {
            id: fields[0].to_owned(),
            source: fields[1].to_owned(),
            target: fields[2].to_owned(),
            expected: fields[3].to_owned(),
        };
        assert!(
            !rows.iter().any(|r| r.id == row.id),
            "bilingual-dev.tsv:{}: duplicate id {}",
            n + 1,
            row.id
        );
        if row.is_missing() {
            assert_eq!(
                row.target,
                row.expected,
                "bilingual-dev.tsv:{}: a -missing row expects no change",
                n + 1
            );
        }
        rows.push(row);
    }
    rows
}

/// The text from the start of the word before `s` up to `s` ("" at the
/// start of the text).
fn before(text: &str, s: usize) -> &str {
    let head = &text[..s];
    let word_end = head.trim_end().len();
    let word_start = head[..word_end].rfind(char::is_whitespace).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    &text[word_start..s]
}

/// The text from `e` to the end of the word after it ("" at the end).
fn after(text: &str, e: usize) -> &str {
    let tail = &text[e..];
    let lead = tail.len() - tail.trim_start().len();
    let word_end = tail[lead..]
        .find(char::is_whitespace)
        .map_or(tail.len(), |i| lead + i);
    &tail[..word_end]
}

/// Whether a finding at `target[span]` writing `replacement` agrees with
/// `expected` (see the module docs).
fn agrees(target: &str, expected: &str, span: std::ops::Range<usize>, replacement: &str) -> bool {
    let (b, a) = (before(target, span.start), after(target, span.end));
    let at_start = target[..span.start].trim().is_empty();
    let at_end = target[span.end..].trim().is_empty();
    let wanted = format!("{b}{replacement}{a}");
    match (at_start, at_end) {
        (true, true) => expected.trim() == wanted.trim(),
        (true, false) => expected.trim_start().starts_with(wanted.trim_start()),
        (false, true) => expected.trim_end().ends_with(wanted.trim_end()),
        (false, false) => expected.contains(&wanted),
    }
}

struct Evaluated<'a> {
    row: &'a Row,
    out: Outcome,
}

fn evaluate(rows: &[Row]) -> Vec<Evaluated<'_>> {
    let matcher = Matcher::new(Glossary::builtin()).expect("the builtin glossary compiles");
    rows.iter()
        .map(|row| Evaluated {
            row,
            out: check_with_source(
                &matcher,
                &row.target,
                Some(&row.source),
                &FixPolicy::default(),
            ),
        })
        .collect()
}

/// A ratio, 1.0 for 0/0 (nothing to get wrong).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

#[derive(Debug, Default)]
struct Scores {
    rows: usize,
    exact: usize,
    change_tp: usize,
    change_fp: usize,
    change_fn: usize,
    /// Source findings with a replacement: (correct, total).
    source_all: (usize, usize),
    /// Of those, the applied ones: (correct, total).
    source_applied: (usize, usize),
    /// `source-` rows without a correct source finding (any / applied).
    source_missed_all: usize,
    source_missed_applied: usize,
    missing_rows: usize,
    missing_reported: usize,
    report_only_elsewhere: usize,
}

fn score(results: &[Evaluated<'_>]) -> Scores {
    let mut s = Scores::default();
    for r in results {
        let row = r.row;
        s.rows += 1;
        let changed = r.out.text != row.target;
        let right = r.out.text == row.expected;
        s.exact += usize::from(right);
        match (changed, right) {
            (true, true) => s.change_tp += 1,
            (true, false) => s.change_fp += 1,
            (false, false) => s.change_fn += 1,
            (false, true) => {}
        }
        let mut correct_any = false;
        let mut correct_applied = false;
        for (f, &applied) in r.out.findings.iter().zip(&r.out.applied) {
            match f.replacement.as_deref() {
                None => {
                    if row.is_missing() {
                        continue;
                    }
                    s.report_only_elsewhere += 1;
                }
                // Source-evidenced: located by the source, or confirmed by it.
                Some(rep) if f.method == Method::Source || f.source_term.is_some() => {
                    let ok = agrees(&row.target, &row.expected, f.span.clone(), rep);
                    s.source_all.1 += 1;
                    s.source_all.0 += usize::from(ok);
                    correct_any |= ok;
                    if applied {
                        s.source_applied.1 += 1;
                        s.source_applied.0 += usize::from(ok);
                        correct_applied |= ok;
                    }
                }
                Some(_) => {}
            }
        }
        if row.needs_source() {
            s.source_missed_all += usize::from(!correct_any);
            s.source_missed_applied += usize::from(!correct_applied);
        }
        if row.is_missing() {
            s.missing_rows += 1;
            let reported = r
                .out
                .findings
                .iter()
                .any(|f| f.replacement.is_none() && f.source_term.is_some());
            s.missing_reported += usize::from(reported);
        }
    }
    s
}

impl Scores {
    fn exact_rows(&self) -> f64 {
        ratio(self.exact, self.rows)
    }
    fn change_precision(&self) -> f64 {
        ratio(self.change_tp, self.change_tp + self.change_fp)
    }
    fn change_recall(&self) -> f64 {
        ratio(self.change_tp, self.change_tp + self.change_fn)
    }
    fn source_precision(&self) -> f64 {
        ratio(self.source_all.0, self.source_all.1)
    }
    fn source_recall(&self) -> f64 {
        ratio(
            self.source_all.0,
            self.source_all.0 + self.source_missed_all,
        )
    }
    fn source_fix_precision(&self) -> f64 {
        ratio(self.source_applied.0, self.source_applied.1)
    }
    fn source_fix_recall(&self) -> f64 {
        ratio(
            self.source_applied.0,
            self.source_applied.0 + self.source_missed_applied,
        )
    }
    fn missing_reported(&self) -> f64 {
        ratio(self.missing_reported, self.missing_rows)
    }

    fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "| measure (bilingual-dev.tsv, {} rows) | value | counts |",
            self.rows
        );
        let _ = writeln!(t, "|---|---|---|");
        let mut line = |name: &str, value: f64, counts: String| {
            let _ = writeln!(t, "| {name} | {value:.3} | {counts} |");
        };
        line(
            "rows fixed exactly (output == expected)",
            self.exact_rows(),
            format!("{}/{}", self.exact, self.rows),
        );
        line(
            "change precision",
            self.change_precision(),
            format!(
                "TP {} / (TP {} + FP {})",
                self.change_tp, self.change_tp, self.change_fp
            ),
        );
        line(
            "change recall",
            self.change_recall(),
            format!(
                "TP {} / (TP {} + FN {})",
                self.change_tp, self.change_tp, self.change_fn
            ),
        );
        line(
            "`source` findings (fix + suggest): precision",
            self.source_precision(),
            format!("{} correct / {}", self.source_all.0, self.source_all.1),
        );
        line(
            "`source` findings (fix + suggest): recall",
            self.source_recall(),
            format!(
                "{} / ({} + {} `source-` rows missed)",
                self.source_all.0, self.source_all.0, self.source_missed_all
            ),
        );
        line(
            "`source` fixes applied: precision",
            self.source_fix_precision(),
            format!(
                "{} correct / {}",
                self.source_applied.0, self.source_applied.1
            ),
        );
        line(
            "`source` fixes applied: recall",
            self.source_fix_recall(),
            format!(
                "{} / ({} + {} `source-` rows missed)",
                self.source_applied.0, self.source_applied.0, self.source_missed_applied
            ),
        );
        line(
            "`-missing` rows with a report-only finding",
            self.missing_reported(),
            format!("{}/{}", self.missing_reported, self.missing_rows),
        );
        let _ = writeln!(
            t,
            "| report-only findings on other rows | {} | |",
            self.report_only_elsewhere
        );
        t
    }
}

/// Every row whose output differs from the expected English, with its findings.
fn failures(results: &[Evaluated<'_>]) -> String {
    let mut t = String::new();
    for r in results.iter().filter(|r| r.out.text != r.row.expected) {
        let _ = writeln!(t, "### {}", r.row.id);
        let _ = writeln!(t, "source:   {}", r.row.source);
        let _ = writeln!(t, "target:   {}", r.row.target);
        let _ = writeln!(t, "output:   {}", r.out.text);
        let _ = writeln!(t, "expected: {}", r.row.expected);
        for (f, applied) in r.out.findings.iter().zip(&r.out.applied) {
            let _ = writeln!(
                t,
                "  - {} {} {:?} ({}{}, {:.2}) {:?} → {:?} | {}",
                f.rule,
                f.method.as_str(),
                f.action,
                if *applied { "applied" } else { "not applied" },
                f.source_term
                    .as_deref()
                    .map(|s| format!(", source term {s}"))
                    .unwrap_or_default(),
                f.confidence,
                f.matched,
                f.replacement,
                f.message
            );
        }
    }
    t
}

#[test]
fn the_development_set_is_well_formed() {
    let rows = load();
    assert!(rows.len() >= 80, "only {} rows", rows.len());
    for kind in ["listed-", "fuzzy-", "source-", "correct-", "decoy-"] {
        assert!(
            rows.iter().any(|r| r.id.starts_with(kind)),
            "no {kind} rows"
        );
    }
    assert!(rows.iter().any(Row::is_missing));
    for r in &rows {
        assert!(
            r.source
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{}: the source is not Chinese",
            r.id
        );
        let unchanged = r.target == r.expected;
        let should_change = ["listed-", "fuzzy-", "source-"]
            .iter()
            .any(|k| r.id.starts_with(k));
        assert_eq!(
            unchanged, !should_change,
            "{}: expected == target must hold exactly for correct-, decoy- and -missing rows",
            r.id
        );
    }
}

#[test]
fn the_agreement_rule_reads_neighbours() {
    let t = "The third Gold Special Talks.";
    let e = "The third Trump-Kim summit.";
    let gold = t.find("Gold").unwrap();
    // Replacing only "Gold Special" leaves "Talks": wrong.
    assert!(!agrees(
        t,
        e,
        gold..gold + "Gold Special".len(),
        "Trump-Kim summit"
    ));
    // The whole span: right.
    assert!(agrees(t, e, gold..t.len() - 1, "Trump-Kim summit"));
    // At the start and at the end of the text.
    assert!(agrees("Seo Hoon said.", "Suh Hoon said.", 0..8, "Suh Hoon"));
    assert!(!agrees(
        "Biegun said.",
        "Biegun said.",
        0..6,
        "Stephen Biegun"
    ));
    assert!(agrees("at Gaesong", "at Kaesong", 3..10, "Kaesong"));
}

#[test]
fn source_aware_checking_on_the_development_set() {
    let rows = load();
    let results = evaluate(&rows);
    let s = score(&results);
    let table = s.table();
    println!("\n{table}");
    println!("## Rows where output != expected\n\n{}", failures(&results));

    let floors = [
        ("rows fixed exactly", s.exact_rows(), MIN_EXACT_ROWS),
        (
            "change precision",
            s.change_precision(),
            MIN_CHANGE_PRECISION,
        ),
        ("change recall", s.change_recall(), MIN_CHANGE_RECALL),
        (
            "source precision",
            s.source_precision(),
            MIN_SOURCE_PRECISION,
        ),
        ("source recall", s.source_recall(), MIN_SOURCE_RECALL),
        (
            "source fix precision",
            s.source_fix_precision(),
            MIN_SOURCE_FIX_PRECISION,
        ),
        (
            "source fix recall",
            s.source_fix_recall(),
            MIN_SOURCE_FIX_RECALL,
        ),
        (
            "-missing rows reported",
            s.missing_reported(),
            MIN_MISSING_REPORTED,
        ),
    ];
    let below: Vec<String> = floors
        .iter()
        .filter(|(_, value, floor)| value + 1e-9 < *floor)
        .map(|(name, value, floor)| format!("{name}: {value:.3} < floor {floor}"))
        .collect();
    assert!(
        below.is_empty(),
        "regression on the bilingual development set:\n{}\n{table}",
        below.join("\n")
    );
}

// ------------------------------------------------------------ known bugs
//
// Rows of the development set that fail because of the engine, reduced to
// one sentence each. Each is ignored until fixed; run them with
// `cargo test --release --test bilingual_eval -- --ignored`.

fn fix_with_source(target: &str, source: &str) -> Outcome {
    let matcher = Matcher::new(Glossary::builtin()).unwrap();
    check_with_source(&matcher, target, Some(source), &FixPolicy::default())
}

#[test]
fn a_source_term_shared_by_two_entries_confirms_both() {
    let target = "Vietnam will host the Golden Gate between Trump and the North Korean leader.";
    let out = fix_with_source(target, "越南将主办特朗普与朝鲜领导人之间的金特会。");
    assert_eq!(
        out.text,
        "Vietnam will host the Trump-Kim summit between Trump and the North Korean leader."
    );
    // Without a source the shipped entry fixes it; a source that has the
    // entry's own term must not make it weaker.
    let f = &out.findings[0];
    assert!(
        !f.message.contains("none of"),
        "the source has 金特会, yet: {}",
        f.message
    );
}

#[test]
fn a_correct_surname_is_not_located_as_damage() {
    let target = "Biegun told reporters that the door to negotiations remained open.";
    let out = fix_with_source(target, "比根对记者说，谈判的大门依然敞开。");
    assert_eq!(out.text, target, "{:#?}", out.findings);
}

#[test]
#[ignore = "BUG: the located span can stop short of a multi-word damaged name (\"Gold Special Talks\" → \"Trump-Kim summit Talks\")"]
fn a_located_span_covers_the_whole_name() {
    let out = fix_with_source(
        "The White House is preparing for the third Gold Special Talks.",
        "白宫正在为第三次金特会做准备。",
    );
    assert_ne!(
        out.text, "The White House is preparing for the third Trump-Kim summit Talks.",
        "a fix must not leave half of the damaged name behind"
    );
    let out = fix_with_source(
        "The president of the China Institute of International Problems spoke.",
        "中国国际问题研究院院长讲话。",
    );
    assert!(
        !out.text.contains("Studies Problems"),
        "a fix must not leave half of the damaged name behind: {}",
        out.text
    );
}
