//! How well `mtfix mine` finds what the glossary is missing.
//!
//! Hides a seeded random 30% of the shipped glossary's variants, writes a
//! corpus in which each hidden variant occurs three times (in sentences of
//! its own, with the entry's context words), next to the variants that are
//! still listed and to noise (ordinary English prose and Chinese scholars'
//! names, rightly written in pinyin), mines it, and reports how many hidden
//! variants come back in the top 50 / top 200 candidates, how many come
//! back attached to the right entry, and how many candidates are noise.
//! Target-only and bilingual (with the Chinese source) corpora are measured.
//!
//! `cargo bench --bench mine_eval` (optionally `-- SEED`).

use std::collections::HashSet;

use mtfix::glossary::edit;
use mtfix::glossary::spec::{EntrySpec, write_entries};
use mtfix::matcher::fuzzy::compact;
use mtfix::mine::{Miner, Unit};
use mtfix::{GlossaryBuilder, Matcher};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    (
        "Officials in {ctx} said on Monday that {v} would attend the talks.",
        "{ctx}官员周一表示，{src}将出席会谈。",
    ),
    (
        "According to {ctx} media, {v} arrived late in the evening.",
        "据{ctx}媒体报道，{src}于当晚抵达。",
    ),
    (
        "Reports from {ctx} this week mentioned {v} again.",
        "本周来自{ctx}的报道再次提到{src}。",
    ),
];

const SURNAMES: &[&str] = &[
    "Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
];
const GIVEN: &[&str] = &[
    "Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yang", "Tao", "Ming", "Chao", "Xiaoming",
    "Haiyan", "Jianguo", "Lihua",
];

fn main() {
    let seed: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(7);
    let mut rng = Rng(seed);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut files: Vec<(String, Vec<EntrySpec>)> = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.display().to_string();
        files.push((name.clone(), edit::specs(&text, &name).unwrap()));
    }
    // Hide 30% of the variants of term entries.
    let mut hidden: Vec<(String, String, String, String)> = Vec::new(); // id, variant, ctx, source
    let mut kept: Vec<(String, String, String)> = Vec::new();
    let mut total = 0;
    for (_, specs) in &mut files {
        for e in specs.iter_mut() {
            if e.correct.is_none() || !e.patterns.is_empty() {
                continue;
            }
            let ctx = e
                .context
                .as_ref()
                .and_then(|c| c.any.iter().find(|w| !w.contains(' ')).cloned())
                .unwrap_or_else(|| "Seoul".to_owned());
            let src = e.source.first().cloned().unwrap_or_default();
            // Spellings with the same compact key ("Cui Taifu", "Cui Tai Fu")
            // are one variant to the matcher: hide them together.
            let mut groups: Vec<Vec<String>> = Vec::new();
            for v in std::mem::take(&mut e.variants) {
                match groups.iter_mut().find(|g| compact(&g[0]) == compact(&v)) {
                    Some(g) => g.push(v),
                    None => groups.push(vec![v]),
                }
            }
            let mut keep = Vec::new();
            for g in groups {
                total += 1;
                if rng.below(10) < 3 {
                    hidden.push((e.id.clone(), g[0].clone(), ctx.clone(), src.clone()));
                } else {
                    kept.push((g[0].clone(), ctx.clone(), src.clone()));
                    keep.extend(g);
                }
            }
            e.variants = keep;
        }
    }
    let mut builder = GlossaryBuilder::new();
    for (name, specs) in &files {
        builder = builder.add_yaml(&write_entries("", specs), name).unwrap();
    }
    let matcher = Matcher::new(builder.build().unwrap()).unwrap();

    // The corpus: (target, source) lines, in documents of 20 lines.
    let mut lines: Vec<(String, String)> = Vec::new();
    let fill = |t: &str, ctx: &str, v: &str, src: &str| {
        t.replace("{ctx}", ctx)
            .replace("{v}", v)
            .replace("{src}", src)
    };
    for (_, v, ctx, src) in &hidden {
        for (t, s) in TEMPLATES {
            lines.push((fill(t, ctx, v, src), fill(s, ctx, v, src)));
        }
    }
    for (v, ctx, src) in &kept {
        let (t, s) = TEMPLATES[rng.below(TEMPLATES.len())];
        lines.push((fill(t, ctx, v, src), fill(s, ctx, v, src)));
    }
    let clean = include_str!("../tests/data/clean-english.txt");
    let prose: Vec<&str> = clean.lines().filter(|l| l.len() > 40).take(400).collect();
    for l in &prose {
        lines.push(((*l).to_owned(), String::new()));
    }
    for _ in 0..60 {
        let name = format!(
            "{} {}",
            SURNAMES[rng.below(SURNAMES.len())],
            GIVEN[rng.below(GIVEN.len())]
        );
        lines.push((
            format!("{name}, a researcher at a Beijing institute, said China wants calm in Korea."),
            String::new(),
        ));
    }
    // Shuffle (Fisher-Yates).
    for i in (1..lines.len()).rev() {
        let j = rng.below(i + 1);
        lines.swap(i, j);
    }

    println!(
        "mine evaluation (seed {seed}): {} variants in the glossary (spellings that differ only in spaces or hyphens counted once), {} hidden (30%), corpus of {} lines\n",
        total,
        hidden.len(),
        lines.len()
    );
    println!(
        "| mode | candidates | hidden found in top 50 | in top 200 | in all | right entry, top 200 | noise in top 50 | noise in top 200 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for bilingual in [false, true] {
        let mut miner = Miner::new();
        for (n, chunk) in lines.chunks(20).enumerate() {
            let doc = format!("doc{n}.txt");
            for (k, (t, s)) in chunk.iter().enumerate() {
                miner.add(
                    &matcher,
                    Unit {
                        doc: &doc,
                        line: k + 1,
                        text: t,
                        source: (bilingual && !s.is_empty()).then_some(s.as_str()),
                    },
                );
            }
        }
        let candidates = miner.candidates(&matcher, 2);
        let hidden_keys: HashSet<String> = hidden.iter().map(|h| compact(&h.1)).collect();
        let score = |k: usize| {
            let top = &candidates[..k.min(candidates.len())];
            let mut found: HashSet<String> = HashSet::new();
            let mut right = 0;
            let mut noise = 0;
            for c in top {
                let mut useful = false;
                for v in &c.variants {
                    let key = compact(v);
                    if hidden_keys.contains(&key) {
                        useful = true;
                        if found.insert(key.clone()) {
                            let id = &hidden.iter().find(|h| compact(&h.1) == key).unwrap().0;
                            if c.entry.as_deref() == Some(id.as_str()) {
                                right += 1;
                            }
                        }
                    }
                }
                if !useful {
                    noise += 1;
                }
            }
            (found.len(), right, noise)
        };
        let (f50, _, n50) = score(50);
        let (f200, r200, n200) = score(200);
        let (fall, _, _) = score(candidates.len());
        let pct = |x: usize| 100.0 * x as f64 / hidden.len().max(1) as f64;
        println!(
            "| {} | {} | {f50} ({:.0}%) | {f200} ({:.0}%) | {fall} ({:.0}%) | {r200} | {n50} | {n200} |",
            if bilingual {
                "bilingual"
            } else {
                "target only"
            },
            candidates.len(),
            pct(f50),
            pct(f200),
            pct(fall),
        );
        if std::env::var_os("MINE_EVAL_MISSES").is_some() {
            let got: HashSet<String> = candidates
                .iter()
                .flat_map(|c| c.variants.iter().map(|v| compact(v)))
                .collect();
            for (id, v, _, _) in &hidden {
                if !got.contains(&compact(v)) {
                    eprintln!(
                        "missed ({}): {id}: {v}",
                        if bilingual { "bilingual" } else { "target" }
                    );
                }
            }
        }
    }
}
