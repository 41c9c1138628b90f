//! Engine throughput on ~1 MB of news-like text with the embedded glossary,
//! side by side with the raw Aho-Corasick replace it is built on (same
//! literal spellings, no word boundaries, context or case): the ratio is
//! what mtfix's extra correctness costs.
//!
//! `cargo bench --bench engine`

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mtfix::matcher::spellings;
use mtfix::{FixPolicy, FuzzyMode, FuzzyOptions, Glossary, MatchOptions, Matcher, check};

/// ~1 MB: the example article (about 25 artifacts in 3 KB) interleaved with
/// clean paragraphs, so artifacts are about as dense as in real MT output.
fn corpus() -> String {
    let article = include_str!("../examples/article.txt");
    let clean = "The delegations met again on Thursday and agreed to continue working-level \
                 talks next month, officials said, adding that the schedule was not final.\n\n";
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(article);
        for _ in 0..8 {
            text.push_str(clean);
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let glossary = Glossary::builtin();
    let mut patterns = Vec::new();
    let mut replacements = Vec::new();
    for e in glossary.entries() {
        for v in &e.variants {
            for s in spellings(v) {
                patterns.push(s);
                replacements.push(e.correct.clone().unwrap_or_default());
            }
        }
    }
    let reference = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)
        .unwrap();
    let off = MatchOptions {
        fuzzy: FuzzyOptions {
            mode: FuzzyMode::Off,
            ..FuzzyOptions::default()
        },
    };
    let exact_only = Matcher::with_options(glossary.clone(), off).unwrap();
    let matcher = Matcher::new(glossary).unwrap();

    let mut group = c.benchmark_group("1MB news, embedded glossary");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("aho-corasick replace_all (reference)", |b| {
        b.iter(|| reference.replace_all(&text, &replacements))
    });
    group.bench_function("mtfix find, fuzzy off", |b| {
        b.iter(|| exact_only.find(&text))
    });
    group.bench_function("mtfix check, fuzzy off", |b| {
        b.iter(|| check(&exact_only, &text, &FixPolicy::default()))
    });
    group.bench_function("mtfix check, fuzzy on (default)", |b| {
        b.iter(|| check(&matcher, &text, &FixPolicy::default()))
    });
    group.finish();

    c.bench_function("build matcher (embedded glossary)", |b| {
        b.iter(|| Matcher::new(Glossary::builtin()).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
