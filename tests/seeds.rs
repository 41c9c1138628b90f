//! End to end on the two real machine-translated articles in
//! `../shared/seeds` (read at run time, never copied into the repository).
//!
//! Without the seeds the tests say so and pass, unless
//! `MTFIX_REQUIRE_SEEDS=1` (set by `.ci/run`) demands them.

use std::path::PathBuf;

use mtfix::{FixPolicy, Glossary, Matcher, check};

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(read) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("MTFIX_REQUIRE_SEEDS").is_none(),
            "seeds required but {} is missing",
            dir.display()
        );
        eprintln!("note: {} not found; seed tests skipped", dir.display());
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// What a careful news editor removes from these articles.
const ARTIFACTS: &[&str] = &[
    "Golden Conference",
    "Gold Conference",
    "Golden Special",
    "Golden Specialist",
    "Golden Gate",
    "Bibi",
    "Wen Zai",
    "Wen on",
    "Xu Xun",
    "Stephen Bacon",
    "Fengxili",
    "Dongcangli",
    "Kaicheng",
    "King Kong Mountain",
    "Kumgang Mountain",
    "Panmun Pavilion",
    "Congressional Operating Committee",
    "China International Studies The",
    "China News Agency",
    "Korean-Korean",
    "staging and simultaneous",
    "Data map:",
    "of'wait",
    "Homepage >",
    "(End)",
    "Latest International News",
];

/// What must stay: legitimate uses of the same words, and names already right.
const KEEP: &[&str] = &[
    "Wu Xu",
    "Moon Jae-in",
    "Kim Jong-un",
    "Kim Jong Un",
    "Mount Kumgang",
    "Kaesong",
    "Biden",
];

#[test]
fn seeds_come_out_clean() {
    let matcher = Matcher::new(Glossary::builtin()).unwrap();
    for (name, text) in seeds() {
        let out = check(&matcher, &text, &FixPolicy::default());
        for bad in ARTIFACTS {
            assert!(!out.text.contains(bad), "{name}: {bad:?} is still there");
        }
        for good in KEEP {
            assert!(
                text.matches(good).count() <= out.text.matches(good).count(),
                "{name}: {good:?} was damaged"
            );
        }
        assert_eq!(out.remaining_count(), 0, "{name}: findings left for review");
        // Idempotent on real text too.
        assert_eq!(
            check(&matcher, &out.text, &FixPolicy::default()).findings,
            vec![],
            "{name}"
        );
    }
}

#[test]
fn seed_findings_are_exactly_the_expected_ones() {
    // (seed, rule, matched) for every finding: a new false positive or a
    // lost fix changes this list.
    let expected: &[(&str, &[(&str, usize)])] = &[
        (
            "000",
            &[
                ("china-institute-of-international-studies", 1),
                ("china-news-service", 1),
                ("end-marker", 1),
                ("file-photo", 4),
                ("joe-biden", 1),
                ("national-assembly-steering-committee", 1),
                ("panmungak", 1),
                ("space-before-opening-quote", 1),
                ("suh-hoon", 1),
                ("trump-kim-summit", 5),
            ],
        ),
        (
            "002",
            &[
                ("breadcrumb-line", 1),
                ("dual-track-approach", 1),
                ("inter-korean", 2),
                ("kaesong", 1),
                ("latest-news-trailer", 1),
                ("moon-jae-in", 3),
                ("mount-kumgang", 3),
                ("phased-and-synchronized", 1),
                ("punggye-ri", 1),
                ("stephen-biegun", 1),
                ("suspension-for-suspension", 1),
                ("tongchang-ri", 1),
                ("trump-kim-summit", 2),
                ("trump-kim-summit-golden-gate", 1),
            ],
        ),
    ];
    let matcher = Matcher::new(Glossary::builtin()).unwrap();
    for (name, text) in seeds() {
        let Some((_, want)) = expected.iter().find(|(p, _)| name.starts_with(p)) else {
            continue;
        };
        let out = check(&matcher, &text, &FixPolicy::default());
        let mut got: Vec<(String, usize)> = Vec::new();
        for f in &out.findings {
            match got.iter_mut().find(|(r, _)| **r == *f.rule) {
                Some((_, n)) => *n += 1,
                None => got.push((f.rule.to_string(), 1)),
            }
        }
        got.sort();
        let want: Vec<(String, usize)> = want.iter().map(|(r, n)| (r.to_string(), *n)).collect();
        assert_eq!(got, want, "{name}");
    }
}
