//! `mtfix mine`: each kind of candidate, the output formats, and that the
//! YAML it writes merges into a glossary with `rules add --from`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("spawn mtfix");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn candidates(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["mine", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(dir, &all);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn find<'a>(cs: &'a [Value], kind: &str, variant: &str) -> Option<&'a Value> {
    cs.iter().find(|c| {
        c["kind"] == kind
            && c["variants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == variant)
    })
}

const GLOSSARY: &str = "- id: tongchang-ri\n  correct: Tongchang-ri\n  source: [东仓里]\n  category: name/place\n  note: \"a site\"\n  tests: [{unchanged: \"Tongchang-ri.\"}]\n- id: stephen-biegun\n  correct: Stephen Biegun\n  variants: [Stephen Bacon]\n  source: [比根]\n  category: name/person\n  note: \"an envoy\"\n  tests: [{unchanged: \"Stephen Biegun.\"}]\n";

#[test]
fn near_misses_of_known_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), GLOSSARY).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "In Seoul, officials said Stephen Biegon would visit.\nA Korean report says Stephen Biegon left Pyongyang.\nStephen Bacon, a listed variant, is not a candidate.\n",
    )
    .unwrap();
    let cs = candidates(
        dir.path(),
        &["--no-default-rules", "--rules", "g.yaml", "a.txt"],
    );
    let c = find(&cs, "near-miss", "Stephen Biegon").expect("near-miss candidate");
    assert_eq!(c["entry"], "stephen-biegun");
    assert_eq!(c["count"], 2);
    assert_eq!(c["examples"][0]["doc"], "a.txt");
    assert_eq!(c["examples"][0]["line"], 1);
    assert!(find(&cs, "near-miss", "Stephen Bacon").is_none());
    // One occurrence is below the default --min-count of 2.
    std::fs::write(
        dir.path().join("one.txt"),
        "In Seoul, Stephen Biegon spoke.\n",
    )
    .unwrap();
    let cs = candidates(
        dir.path(),
        &["--no-default-rules", "--rules", "g.yaml", "one.txt"],
    );
    assert!(cs.is_empty(), "{cs:?}");
}

#[test]
fn inconsistent_renderings_of_a_source_term() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.tsv"),
        "文在寅发表讲话。\tMoon Jae-in spoke.\n文在寅访问。\tMun Jae-in visited.\n文在寅表示。\tMun Jae-in said so.\n文在寅离开。\tMoon Jae-in left.\n文在寅到达。\tMoon Jae-in arrived.\n",
    )
    .unwrap();
    let cs = candidates(dir.path(), &["b.tsv"]);
    let c = find(&cs, "inconsistent", "Mun Jae-in").expect("inconsistent candidate");
    assert_eq!(c["entry"], "moon-jae-in");
    assert_eq!(c["correct"], "Moon Jae-in");
    assert_eq!(c["source"][0], "文在寅");
    let evidence = c["evidence"].as_str().unwrap();
    assert!(evidence.contains("\"Moon Jae-in\" ×3"), "{evidence}");
    assert!(evidence.contains("\"Mun Jae-in\" ×2"), "{evidence}");
}

#[test]
fn pinyin_shaped_names_tied_to_entries_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), GLOSSARY).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Satellite images of Dongcangli in North Korea.\nThe Dongcangli site near Pyongyang.\nThe Garden of Eden and the River Thames stay out.\n",
    )
    .unwrap();
    let cs = candidates(
        dir.path(),
        &["--no-default-rules", "--rules", "g.yaml", "a.txt"],
    );
    let c = find(&cs, "pinyin", "Dongcangli").expect("pinyin candidate");
    // 东仓里 reads "dong cang li": the entry gains the variant.
    assert_eq!(c["entry"], "tongchang-ri");
    assert_eq!(c["source"][0], "东仓里");
    assert!(
        c["context"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "Korea")
    );
    assert_eq!(cs.len(), 1, "English names are not pinyin: {cs:?}");
    // An unknown pinyin name, with its source characters found by reading.
    std::fs::write(
        dir.path().join("u.tsv"),
        "记者在金刚里拍摄。\tReporters filmed in Jingangli, North Korea.\n金刚里附近。\tNear Jingangli in Korea.\n",
    )
    .unwrap();
    let cs = candidates(
        dir.path(),
        &["--no-default-rules", "--rules", "g.yaml", "u.tsv"],
    );
    let c = find(&cs, "pinyin", "Jingangli").expect("unknown pinyin candidate");
    assert_eq!(c["entry"], Value::Null);
    assert_eq!(c["correct"], Value::Null);
    assert_eq!(c["source"][0], "金刚里");
}

#[test]
fn literal_readings_near_known_entities() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.tsv"),
        "特朗普和金正恩举行金特会。\tTrump and Kim Jong-un held the Golden Special Talks in Hanoi.\n金特会后特朗普和金正恩离开。\tAfter the Golden Special Talks, Trump and Kim Jong-un left.\n",
    )
    .unwrap();
    let cs = candidates(dir.path(), &["c.tsv"]);
    let c = find(&cs, "literal", "Golden Special Talks").expect("literal candidate");
    assert_eq!(c["entry"], "trump-kim-summit");
    assert_eq!(c["source"][0], "金特会");
    // Without known entities nearby, glossed words are just English.
    std::fs::write(
        dir.path().join("d.txt"),
        "The Golden Special Talks were a film.\nWe saw the Golden Special Talks twice.\n",
    )
    .unwrap();
    assert!(candidates(dir.path(), &["d.txt"]).is_empty());
}

#[test]
fn yaml_output_merges_with_rules_add_from() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), GLOSSARY).unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "In Seoul, officials said Stephen Biegon would visit.\nA Korean report says Stephen Biegon left Pyongyang.\nSatellite images of Dongcangli in North Korea.\nThe Dongcangli site near Pyongyang.\nIn Seoul, Jingangli and Jingangli again, near Pyongyang.\n",
    )
    .unwrap();
    let (code, yaml, _) = run(
        dir.path(),
        &["--no-default-rules", "--rules", "g.yaml", "mine", "a.txt"],
    );
    assert_eq!(code, 0);
    assert!(yaml.contains("#   a.txt:1: "), "{yaml}");
    // The unknown name has no correct form yet: commented out.
    assert!(
        yaml.contains("# - id: jingangli\n#   correct: FILL IN\n"),
        "{yaml}"
    );
    std::fs::write(dir.path().join("candidates.yaml"), &yaml).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "--no-default-rules",
            "rules",
            "add",
            "g.yaml",
            "--from",
            "candidates.yaml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.ends_with("0 added, 2 merged, 0 unchanged, 0 refused\n"),
        "{err}"
    );
    let g = std::fs::read_to_string(dir.path().join("g.yaml")).unwrap();
    assert!(
        g.contains("variants: [Stephen Bacon, Stephen Biegon]"),
        "{g}"
    );
    assert!(g.contains("variants: [Dongcangli]"), "{g}");
    // Mined again with the merged glossary, nothing is left to propose but the unknown name.
    let (_, out, _) = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "g.yaml",
            "mine",
            "--format",
            "json",
            "a.txt",
        ],
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("Jingangli"), "{out}");
}

#[test]
fn html_output_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "In Seoul, <b>Piao Zhexiu</b> & \"Piao Zhexiu\" met in North Korea.\n",
    )
    .unwrap();
    let (code, html, _) = run(
        dir.path(),
        &["mine", "--format", "html", "--min-count", "1", "a.txt"],
    );
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<tr data-kind=\"pinyin\">"), "{html}");
    assert!(
        html.contains("&lt;b&gt;Piao Zhexiu&lt;/b&gt; &amp; &quot;Piao Zhexiu&quot;"),
        "{html}"
    );
    assert!(!html.contains("<b>Piao"), "unescaped text: {html}");
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains(" src="),
        "no network: {html}"
    );
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    for i in 0..40 {
        std::fs::write(
            dir.path().join(format!("c/{i:02}.txt")),
            format!("In Seoul, officials said Stephen Biegon would visit ({i}).\nSatellite images of Jingangli in North Korea, report {i}.\n"),
        )
        .unwrap();
    }
    let one = run(
        dir.path(),
        &["--threads", "1", "mine", "--format", "json", "c"],
    );
    let two = run(
        dir.path(),
        &["--threads", "2", "mine", "--format", "json", "c"],
    );
    assert_eq!(one, two);
    assert!(
        one.1.contains("Jingangli") && one.1.contains("Stephen Biegon"),
        "{}",
        one.1
    );
}
