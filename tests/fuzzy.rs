//! Fuzzy matching through the public API: gating into fix or suggest, the
//! per-entry switches, context, protection, and the handling of case,
//! possessives and quotes that fuzzy findings share with exact ones.

use mtfix::{
    Action, FixPolicy, FuzzyMode, FuzzyOptions, Glossary, GlossaryBuilder, MatchOptions, Matcher,
    Method, check,
};

fn matcher_with(yaml: Option<&str>, mode: FuzzyMode, min_confidence: f64) -> Matcher {
    let mut b = GlossaryBuilder::new().with_builtin().unwrap();
    if let Some(y) = yaml {
        b = b.add_yaml(y, "extra.yaml").unwrap();
    }
    let options = MatchOptions {
        fuzzy: FuzzyOptions {
            mode,
            min_confidence,
            ..FuzzyOptions::default()
        },
    };
    Matcher::with_options(b.build().unwrap(), options).unwrap()
}

fn fuzzy(m: &Matcher, text: &str) -> Vec<(String, String, Action)> {
    check(m, text, &FixPolicy::default())
        .findings
        .into_iter()
        .filter(|f| f.method == Method::Fuzzy)
        .map(|f| (f.matched, f.replacement.unwrap(), f.action))
        .collect()
}

const TEXT: &str = "In Seoul, Moon Jae In said the Kaecheng park would reopen.";

#[test]
fn default_fixes_only_near_certain_matches() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    assert_eq!(
        fuzzy(&m, TEXT),
        vec![
            ("Moon Jae In".into(), "Moon Jae-in".into(), Action::Fix),
            ("Kaecheng".into(), "Kaesong".into(), Action::Suggest),
        ]
    );
    let out = check(&m, TEXT, &FixPolicy::default());
    assert_eq!(
        out.text,
        "In Seoul, Moon Jae-in said the Kaecheng park would reopen."
    );
    let all = check(&m, TEXT, &FixPolicy { suggestions: true });
    assert_eq!(
        all.text,
        "In Seoul, Moon Jae-in said the Kaesong park would reopen."
    );
}

#[test]
fn modes_and_thresholds() {
    let off = matcher_with(None, FuzzyMode::Off, 0.9);
    assert!(fuzzy(&off, TEXT).is_empty());
    let suggest = matcher_with(None, FuzzyMode::Suggest, 0.9);
    assert!(fuzzy(&suggest, TEXT).iter().all(|f| f.2 == Action::Suggest));
    assert_eq!(fuzzy(&suggest, TEXT).len(), 2);
    let bold = matcher_with(None, FuzzyMode::Fix, 0.7);
    assert!(fuzzy(&bold, TEXT).iter().all(|f| f.2 == Action::Fix));
}

#[test]
fn per_entry_switches() {
    let yaml = "- id: kunming-zhao\n  correct: Zhao Kunming\n  variants: [Zhao Kunmin]\n  category: name/person\n  fuzzy_fix_at: 0.75\n  note: test entry\n- id: no-fuzzy\n  correct: Gao Zhenying\n  category: name/person\n  fuzzy: false\n";
    let m = matcher_with(Some(yaml), FuzzyMode::Fix, 0.9);
    // One transposition in "Kunming": 0.857 × 0.9 = 0.77 ≥ the entry's own 0.75.
    assert_eq!(
        fuzzy(&m, "Zhao Kunmign spoke."),
        vec![("Zhao Kunmign".into(), "Zhao Kunming".into(), Action::Fix)]
    );
    assert!(fuzzy(&m, "Gao Zhenyin spoke.").is_empty(), "fuzzy: false");
}

#[test]
fn context_and_vetoes_apply() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    assert!(
        fuzzy(&m, "The chef Stephen Bigun cooked.").is_empty(),
        "no North Korea context"
    );
    assert_eq!(
        fuzzy(&m, "On North Korea, Stephen Bigun said little."),
        vec![(
            "Stephen Bigun".into(),
            "Stephen Biegun".into(),
            Action::Suggest
        )]
    );
}

#[test]
fn correct_forms_and_exact_matches_win() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    for clean in [
        "Kim Jong Un and Kim Jong-un met Moon Jae-in in Seoul.",
        "IN SEOUL, MOON JAE-IN SPOKE.",
        "Punggye-ri and Tongchang-ri are in North Korea.",
    ] {
        assert!(
            check(&m, clean, &FixPolicy { suggestions: true })
                .findings
                .is_empty(),
            "{clean}"
        );
    }
    // A listed variant is an exact finding, never a fuzzy one.
    let out = check(&m, "In Seoul, Wen Zaiyin spoke.", &FixPolicy::default());
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].method, Method::Exact);
}

#[test]
fn possessives_quotes_and_case_as_for_exact_matches() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    let out = check(
        &m,
        "In Seoul, Moon Jae In's aides spoke.",
        &FixPolicy::default(),
    );
    assert_eq!(out.text, "In Seoul, Moon Jae-in's aides spoke.");
    let out = check(
        &m,
        "Trump and Kim Jong-un met at the \"Golden Conferense\" in Hanoi.",
        &FixPolicy { suggestions: true },
    );
    assert_eq!(
        out.text,
        "Trump and Kim Jong-un met at the Trump-Kim summit in Hanoi."
    );
    assert_eq!(out.findings[0].method, Method::Fuzzy);
}

#[test]
fn messages_carry_the_score_and_the_term() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    let f = &check(&m, TEXT, &FixPolicy::default()).findings[1];
    assert_eq!(
        f.message,
        "\"Kaecheng\" → \"Kaesong\" (fuzzy: 0.88 similar to \"Kaicheng\")"
    );
    assert!((f.confidence - 0.875 * 0.9).abs() < 1e-9);
}

#[test]
fn ordinary_english_produces_no_fuzzy_finding() {
    let m = Matcher::new(Glossary::builtin()).unwrap();
    let text = "Stephen King and Stephenson Harlow met in Kingston. Golden State beat Boston. \
        The Moonlight Sonata opened the concert; Jaeger and Bacon discussed Punjab, Kaiser \
        Permanente and the Monroe Doctrine. Kim Kardashian, Kimberly Clark and Moon Unit Zappa \
        were not there. Tongchang Road? Kaifeng, Kunming and Kaohsiung are cities.";
    let found = check(&m, text, &FixPolicy { suggestions: true }).findings;
    assert!(found.is_empty(), "{found:#?}");
}
