//! Fuzzy matching at scale: synthetic glossaries of 100, 10,000 and 100,000
//! pinyin person names, ~1 MB of news-like English with a few hundred of
//! those names in it (exact, listed variant, and one edit away).
//!
//! Measures, per glossary size, `Matcher::with_options` build time with
//! fuzzy matching off and in `Fix` mode, and `check` throughput on the text
//! with fuzzy off and on. Before criterion runs, prints the memory the
//! 100,000-entry matcher takes (VmRSS / VmHWM from `/proc/self/status`) and
//! how long loading the YAML takes.
//!
//! `cargo bench --bench fuzzy`

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use mtfix::matcher::fuzzy::{compact, english_words};
use mtfix::{
    FixPolicy, FuzzyMode, FuzzyOptions, Glossary, GlossaryBuilder, MatchOptions, Matcher, check,
};

/// Glossary sizes measured.
const SIZES: [usize; 3] = [100, 10_000, 100_000];

/// A small fixed xorshift64* generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const SURNAMES: &[&str] = &[
    "Zhao",
    "Qian",
    "Sun",
    "Li",
    "Zhou",
    "Wu",
    "Zheng",
    "Wang",
    "Feng",
    "Chen",
    "Chu",
    "Wei",
    "Jiang",
    "Shen",
    "Han",
    "Yang",
    "Zhu",
    "Qin",
    "Xu",
    "He",
    "Lyu",
    "Shi",
    "Zhang",
    "Kong",
    "Cao",
    "Yan",
    "Hua",
    "Jin",
    "Tao",
    "Xie",
    "Zou",
    "Yu",
    "Bai",
    "Shui",
    "Dou",
    "Zhang",
    "Yun",
    "Su",
    "Pan",
    "Ge",
    "Xi",
    "Fan",
    "Peng",
    "Lang",
    "Lu",
    "Chang",
    "Ma",
    "Miao",
    "Fang",
    "Ren",
    "Yuan",
    "Liu",
    "Bao",
    "Shi",
    "Tang",
    "Fei",
    "Lian",
    "Cen",
    "Xue",
    "Lei",
    "Ni",
    "Tang",
    "Teng",
    "Yin",
    "Luo",
    "Bi",
    "Hao",
    "Wu",
    "An",
    "Chang",
    "Yue",
    "Yu",
    "Fu",
    "Pi",
    "Bian",
    "Qi",
    "Kang",
    "Ouyang",
    "Sima",
    "Zhuge",
    "Shangguan",
    "Situ",
    "Huangfu",
    "Murong",
    "Dongfang",
    "Xiahou",
];

const SYLLABLES: &[&str] = &[
    "ming", "hui", "jian", "feng", "wei", "hua", "guo", "qiang", "jun", "xiao", "yan", "li", "na",
    "jing", "hong", "ping", "zhi", "yong", "tao", "bin", "chao", "gang", "xin", "lin", "bo", "yu",
    "fei", "kai", "rui", "xuan", "zi", "hao", "yi", "chen", "qing", "lei", "dong", "cheng", "peng",
    "hai", "fang", "xia", "mei", "lan", "ying", "ting", "qian", "wen", "jie", "shan", "zhen",
    "liang", "song", "kun", "heng", "jia", "yue", "xing", "yuan", "chun", "lu", "shu", "ning",
    "zhong", "bao", "sheng", "da", "jin", "long", "ke", "tian", "min", "xue", "yun", "zhao", "qi",
    "yang", "huan", "ru", "si", "xiang", "quan", "kang", "fu", "de", "rong", "zhe", "nan",
    "shuang", "xiu", "zhuo", "yao", "cong", "jiao", "shuo", "zheng", "qiu", "mao", "tong", "pei",
    "lang",
];

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One name as its words (each one or two syllables).
#[derive(Clone)]
struct Name {
    /// Syllables per word: `[[surname], [s1, s2]]` or `[[surname], [s1], [s2]]`.
    words: Vec<Vec<String>>,
}

impl Name {
    fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| title(&w.concat()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn random_name(rng: &mut Rng) -> Name {
    let surname = rng.pick(SURNAMES).to_lowercase();
    let (a, b) = (
        rng.pick(SYLLABLES).to_string(),
        rng.pick(SYLLABLES).to_string(),
    );
    let words = if rng.below(4) == 0 {
        vec![vec![surname], vec![a], vec![b]] // "Zhao Ming Hui"
    } else {
        vec![vec![surname], vec![a, b]] // "Zhao Minghui"
    };
    Name { words }
}

/// The name with one given-name syllable replaced.
fn one_syllable_changed(rng: &mut Rng, name: &Name) -> Name {
    let mut n = name.clone();
    let slots: Vec<(usize, usize)> = n
        .words
        .iter()
        .enumerate()
        .skip(1)
        .flat_map(|(w, sy)| (0..sy.len()).map(move |s| (w, s)))
        .collect();
    let &(w, s) = rng.pick(&slots);
    loop {
        let new = rng.pick(SYLLABLES).to_string();
        if new != n.words[w][s] {
            n.words[w][s] = new;
            return n;
        }
    }
}

/// No word of `text` is an ordinary English word.
fn no_english(text: &str) -> bool {
    let english = english_words();
    text.split(' ')
        .all(|w| !english.contains(w.to_lowercase().as_str()))
}

/// `(correct, variant)` pairs: the first `n` of one fixed sequence, so a
/// smaller glossary is a prefix of a larger one. Every name and variant is
/// unique by compact key (so also as text), free of English words, and
/// at least 6 letters long.
fn names(n: usize) -> Vec<(String, String)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut keys: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let name = random_name(&mut rng);
        let variant = one_syllable_changed(&mut rng, &name);
        let (c, v) = (name.text(), variant.text());
        let (kc, kv) = (compact(&c), compact(&v));
        if kc.len() < 6
            || kv.len() < 6
            || kc == kv
            || keys.contains(&kc)
            || keys.contains(&kv)
            || !no_english(&c)
            || !no_english(&v)
        {
            continue;
        }
        keys.insert(kc);
        keys.insert(kv);
        out.push((c, v));
    }
    out
}

fn yaml(names: &[(String, String)]) -> String {
    let mut y = String::with_capacity(names.len() * 90);
    for (i, (c, v)) in names.iter().enumerate() {
        writeln!(
            y,
            "- id: n-{i:06}\n  correct: {c}\n  variants: [{v}]\n  category: name/person"
        )
        .unwrap();
    }
    y
}

/// Loads the YAML in one `add_yaml` call.
fn load_one(yaml: &str) -> Glossary {
    GlossaryBuilder::new()
        .add_yaml(yaml, "synthetic.yaml")
        .and_then(GlossaryBuilder::build)
        .unwrap_or_else(|e| panic!("synthetic glossary does not load: {e}"))
}

/// Loads the YAML in chunks of `per` entries (one `add_yaml` call each),
/// then validates them together: the same glossary as [`load_one`].
fn load_chunked(yaml: &str, per: usize) -> Glossary {
    let mut builder = GlossaryBuilder::new();
    let mut start = 0;
    let mut count = 0;
    let mut chunk = 0;
    for (i, _) in yaml.match_indices("- id: ") {
        if count == per {
            builder = builder
                .add_yaml(&yaml[start..i], &format!("synthetic-{chunk}.yaml"))
                .unwrap();
            start = i;
            count = 0;
            chunk += 1;
        }
        count += 1;
    }
    builder
        .add_yaml(&yaml[start..], &format!("synthetic-{chunk}.yaml"))
        .and_then(GlossaryBuilder::build)
        .unwrap_or_else(|e| panic!("synthetic glossary does not load: {e}"))
}

/// One edit on a letter that does not start a word: a vowel changed, a
/// letter deleted, doubled, or swapped with the next.
fn one_edit(rng: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let inner: Vec<usize> = (1..c.len())
        .filter(|&i| c[i].is_alphabetic() && c[i - 1].is_alphabetic())
        .collect();
    let i = *rng.pick(&inner);
    match rng.below(4) {
        0 => {
            let vowels: Vec<usize> = inner
                .iter()
                .copied()
                .filter(|&j| "aeiou".contains(c[j]))
                .collect();
            let j = *rng.pick(&vowels);
            c[j] = match c[j] {
                'a' => 'e',
                'e' => 'a',
                'i' => 'e',
                'o' => 'u',
                _ => 'o',
            };
        }
        1 => {
            c.remove(i);
        }
        2 => c.insert(i, c[i]),
        _ => {
            if i + 1 < c.len() && c[i + 1].is_alphabetic() {
                c.swap(i, i + 1);
            } else {
                c.swap(i - 1, i);
            }
        }
    }
    c.into_iter().collect()
}

const SENTENCES: &[&str] = &[
    "The Ministry of Foreign Affairs said on Tuesday that talks with Washington would resume next month.",
    "According to a report by Xinhua News Agency, the delegation arrived in Beijing on Monday evening.",
    "Officials from both sides met in Geneva to discuss tariffs, export controls and market access.",
    "The central bank kept its benchmark lending rate unchanged, citing stable inflation and steady growth.",
    "Analysts at the Chinese Academy of Social Sciences expect exports to recover in the second half.",
    "A spokesperson for the State Council Information Office declined to comment on the matter.",
    "Heavy rain in southern Guangdong Province forced the evacuation of more than ten thousand residents.",
    "The United Nations Security Council will hold an emergency meeting on Friday, diplomats said.",
    "Shares in Shanghai and Shenzhen closed higher, led by technology and consumer stocks.",
    "The Asian Development Bank raised its growth forecast for the region to four point eight percent.",
    "Reuters and the Associated Press reported that the agreement was signed late on Thursday night.",
    "In a telephone call, the two leaders agreed to keep channels of communication open.",
    "The National Bureau of Statistics said industrial output rose faster than expected in March.",
    "Police in Hong Kong said the investigation was continuing and that no arrests had been made.",
    "The European Union and Japan welcomed the announcement but called for concrete steps.",
    "Premier Li Qiang told the World Economic Forum in Davos that China would open its economy further.",
];

/// Sentences with a name slot `{}`.
const NAME_SENTENCES: &[&str] = &[
    "{} , a senior official, told reporters in Beijing that the plan was on track.",
    "The visit by {} was the first of its kind in a decade, the ministry said.",
    "Speaking at a press conference, {} said both sides had made progress.",
    "Observers noted that {} had met the delegation twice this year.",
    "The report was written by {} of the Institute of International Relations.",
    "In an interview, {} said the economy faced pressure from weak demand.",
];

/// ~1 MB of text. `names` are the pairs the text draws on (the first 100
/// entries, present in every glossary). Returns the text and how many
/// names it holds: (correct, listed variant, one edit).
fn corpus(names: &[(String, String)]) -> (String, [usize; 3]) {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut text = String::with_capacity((1 << 20) + 4096);
    let mut counts = [0; 3];
    let mut sentences_in_paragraph = 0;
    while text.len() < 1 << 20 {
        if rng.below(16) == 0 {
            let (c, v) = rng.pick(names);
            let (kind, name) = match rng.below(3) {
                0 => (0, c.clone()),
                1 => (1, v.clone()),
                _ => {
                    let base = if rng.below(2) == 0 { c } else { v };
                    (2, one_edit(&mut rng, base))
                }
            };
            counts[kind] += 1;
            let s = rng.pick(NAME_SENTENCES).replace("{} ,", "{},");
            text.push_str(&s.replace("{}", &name));
        } else {
            let sentence: &&str = rng.pick(SENTENCES);
            text.push_str(sentence);
        }
        sentences_in_paragraph += 1;
        if sentences_in_paragraph == 5 {
            text.push_str("\n\n");
            sentences_in_paragraph = 0;
        } else {
            text.push(' ');
        }
    }
    (text, counts)
}

fn options(mode: FuzzyMode) -> MatchOptions {
    MatchOptions {
        fuzzy: FuzzyOptions {
            mode,
            ..FuzzyOptions::default()
        },
    }
}

/// `(VmRSS, VmHWM)` in MiB, from `/proc/self/status` (Linux only).
fn rss() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false if not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The glossary of `n` entries, loaded from one YAML string (loading is
/// not measured by criterion; its time is printed).
fn glossary(n: usize) -> Glossary {
    // FUZZY_BENCH_ONE_YAML=1: one add_yaml call at every size (slow at 100,000).
    let one_call_limit = if std::env::var_os("FUZZY_BENCH_ONE_YAML").is_some() {
        usize::MAX
    } else {
        10_000
    };
    let y = yaml(&names(n));
    let t = Instant::now();
    // One add_yaml call is quadratic in the entry count (see the report);
    // above 10,000 entries the same YAML is added in chunks.
    let g = if n <= one_call_limit {
        load_one(&y)
    } else {
        load_chunked(&y, 1000)
    };
    eprintln!(
        "loaded {n} entries ({:.1} MB of YAML{}) in {:.2?}",
        y.len() as f64 / 1e6,
        if n <= one_call_limit {
            ", one add_yaml"
        } else {
            ", add_yaml per 1000 entries"
        },
        t.elapsed()
    );
    assert_eq!(g.len(), n);
    g
}

fn memory_report(big: &Glossary) {
    for mode in [FuzzyMode::Off, FuzzyMode::Fix] {
        let g = big.clone();
        let peak_ok = reset_peak();
        let before = rss();
        let t = Instant::now();
        let m = Matcher::with_options(g, options(mode)).unwrap();
        let took = t.elapsed();
        let after = rss();
        match (before, after) {
            (Some((r0, _)), Some((r1, h1))) => eprintln!(
                "memory, {} entries, fuzzy {mode:?}: build {took:.2?}, RSS {r0:.0} → {r1:.0} MiB \
                 (+{:.0} MiB retained; the glossary was already resident){}",
                big.len(),
                r1 - r0,
                if peak_ok {
                    format!(", peak during build +{:.0} MiB", h1 - r0)
                } else {
                    String::new()
                }
            ),
            _ => eprintln!("memory: /proc/self/status not available"),
        }
        drop(black_box(m));
    }
}

fn bench(c: &mut Criterion) {
    // Sizes run smallest first, each glossary loaded just before its group
    // and the memory report last: the fuzzy pass allocates per word and
    // candidate, and a heap left fragmented by a 100,000-entry glossary
    // slows it down by up to 3× (measured), which would distort the small
    // sizes.
    let (text, counts) = corpus(&names(100));
    eprintln!(
        "text: {} bytes, names in it: {} correct, {} listed variants, {} one edit away",
        text.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    let mut last = None;
    for n in SIZES {
        let g = glossary(n);
        // What the two modes find, once, as a sanity check of the corpus.
        for mode in [FuzzyMode::Off, FuzzyMode::Fix] {
            let m = Matcher::with_options(g.clone(), options(mode)).unwrap();
            let out = check(&m, &text, &FixPolicy::default());
            let fuzzy = out
                .findings
                .iter()
                .filter(|f| f.method == mtfix::Method::Fuzzy)
                .count();
            // The most frequent fuzzy matches: real place and person names
            // near a synthetic name show up here.
            let mut freq: HashMap<(&str, &str), usize> = HashMap::new();
            for f in &out.findings {
                if f.method == mtfix::Method::Fuzzy {
                    let to = f.replacement.as_deref().unwrap_or("");
                    *freq.entry((f.matched.as_str(), to)).or_default() += 1;
                }
            }
            let mut freq: Vec<_> = freq.into_iter().filter(|&(_, k)| k > 2).collect();
            freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: Vec<String> = freq
                .iter()
                .take(3)
                .map(|((m, r), k)| format!("{k}× {m:?} → {r:?}"))
                .collect();
            eprintln!(
                "{n} entries, fuzzy {mode:?}: {} findings ({fuzzy} fuzzy), {} applied{}",
                out.findings.len(),
                out.applied_count(),
                if top.is_empty() {
                    String::new()
                } else {
                    format!("; repeated fuzzy matches: {}", top.join(", "))
                }
            );
        }

        let big = n >= 10_000;
        let mut group = c.benchmark_group(format!("{n} entries"));
        if big {
            group.sample_size(10).sampling_mode(SamplingMode::Flat);
            group.warm_up_time(Duration::from_millis(500));
        }
        for (label, mode) in [("off", FuzzyMode::Off), ("fuzzy", FuzzyMode::Fix)] {
            group.bench_function(format!("build {label}"), |b| {
                b.iter_batched(
                    || g.clone(),
                    |g| Matcher::with_options(g, options(mode)).unwrap(),
                    BatchSize::PerIteration,
                )
            });
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (label, mode) in [("off", FuzzyMode::Off), ("fuzzy", FuzzyMode::Fix)] {
            let m = Matcher::with_options(g.clone(), options(mode)).unwrap();
            group.bench_function(format!("check 1MB {label}"), |b| {
                b.iter(|| check(&m, black_box(&text), &FixPolicy::default()))
            });
        }
        group.finish();
        last = Some(g);
    }
    if let Some(big) = last {
        memory_report(&big);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
