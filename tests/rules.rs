//! The shipped glossary: it loads, every file of `rules/` is embedded, and
//! every example written inside an entry passes.

use mtfix::glossary::builtin_files;
use mtfix::{Glossary, Matcher, ruletest};

#[test]
fn every_rules_file_is_embedded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = builtin_files().map(str::to_owned).collect();
    embedded.sort();
    assert_eq!(
        on_disk, embedded,
        "add new rules/ files to src/glossary/builtin.rs"
    );
}

#[test]
fn every_shipped_example_passes() {
    let matcher = Matcher::new(Glossary::builtin()).unwrap();
    let report = ruletest::run(&matcher);
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        report.untested.is_empty(),
        "entries without tests: {:?}",
        report.untested
    );
    assert!(report.run >= matcher.glossary().len());
}

#[test]
fn every_entry_has_a_note_and_a_known_category() {
    const CATEGORIES: &[&str] = &[
        "name/person",
        "name/place",
        "org",
        "event",
        "term",
        "boilerplate",
        "punctuation",
    ];
    for e in Glossary::builtin().entries() {
        assert!(
            e.note.as_deref().is_some_and(|n| n.len() > 20),
            "{}: note",
            e.id
        );
        assert!(
            CATEGORIES.contains(&&*e.category),
            "{}: category {}",
            e.id,
            e.category
        );
        let file_stem = e
            .origin
            .file
            .trim_start_matches("rules/")
            .trim_end_matches(".yaml");
        let expected = match &*e.category {
            "name/person" => "people",
            "name/place" => "places",
            "org" => "organizations",
            "event" => "events",
            "term" => "terms",
            other => other,
        };
        // people.yaml, people-world.yaml …; terms-events-boilerplate.yaml
        // holds terms, events and boilerplate.
        assert!(
            file_stem.starts_with(expected) || file_stem.split('-').any(|w| w == expected),
            "{} ({}) belongs in rules/{expected}*.yaml, not {file_stem}",
            e.id,
            e.category
        );
    }
}

#[test]
fn source_terms_are_chinese() {
    for e in Glossary::builtin().entries() {
        for s in &e.source {
            assert!(
                s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{}: source {s:?} has no Chinese character",
                e.id
            );
        }
    }
}

#[test]
fn the_shipped_glossary_lints_clean() {
    let issues = mtfix::glossary::lint(&Glossary::builtin());
    let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert!(issues.is_empty(), "{}", text.join("\n"));
}

/// The shipped files are in the canonical form `mtfix rules lint --fix`
/// writes (sorted by id, one style), so that diffs of the glossary stay
/// small and reviewable. Fix with:
/// `cargo run -- --no-default-rules --rules rules rules lint --fix`.
#[test]
fn shipped_glossary_is_canonical() {
    for name in builtin_files() {
        let path = format!("{}/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let canonical = mtfix::glossary::edit::canonical(&text, name).unwrap();
        assert!(
            canonical == text,
            "{name} is not in canonical form; run `mtfix --no-default-rules --rules rules rules lint --fix`"
        );
    }
}

/// Every shipped entry says how it was verified (data/glossary-verification.tsv),
/// and the file lists no entry that is gone.
#[test]
fn every_shipped_entry_has_a_verification_record() {
    let text = include_str!("../data/glossary-verification.tsv");
    let mut recorded = std::collections::HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let status = cols[2].split(':').next().unwrap();
        assert!(
            [
                "cedict-agrees",
                "cedict-absent-known",
                "cedict-differs-explained",
                "seed-verified"
            ]
            .contains(&status),
            "{line}"
        );
        assert!(
            recorded
                .insert(cols[1].to_owned(), cols[0].to_owned())
                .is_none(),
            "{} twice",
            cols[1]
        );
    }
    let g = Glossary::builtin();
    for e in g.entries() {
        assert_eq!(
            recorded.remove(&*e.id).as_deref(),
            Some(&*e.origin.file),
            "{}: no verification record (or in another file)",
            e.id
        );
    }
    assert!(
        recorded.is_empty(),
        "records of removed entries: {recorded:?}"
    );
}
