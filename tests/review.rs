//! Review without a terminal: decisions files and `mtfix apply`, the allow
//! list, fingerprint stability, and the HTML page's structure. The
//! terminal UI is driven through tmux in `tests/review_tui.rs`; the HTML
//! page's script in headless Chromium by `tests/browser/run.sh`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mtfix::review::{Decision, Decisions, Verdict, context, fingerprints};
use mtfix::{FixPolicy, Glossary, Matcher, check};
use proptest::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

/// An article of our own with artifacts the default glossary fixes.
const ARTICLE: &str = "\
Seoul, March 3 (staff reporter) South Korean President Wen Zaiyin said on Monday that talks would resume.

Data map: officials walk past the monument in Pyongyang.

Later, Wen Zaiyin met US envoy Stephen Bacon to discuss the Golden Conference held in Hanoi.
North Korea closed the Fengxili nuclear test site.
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn json_findings(dir: &Path, file: &str) -> Vec<Value> {
    let r = run(dir, &["check", "--format", "json", file]);
    assert!(r.code <= 1, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A decision about a `check --format json` finding: its fingerprint fields
/// plus the verdict.
fn decide(f: &Value, verdict: &str, replacement: Option<&str>) -> String {
    let mut d = serde_json::json!({
        "path": f["path"], "rule": f["rule"], "matched": f["matched"],
        "before": f["before"], "after": f["after"], "decision": verdict,
    });
    if f["occurrence"].as_u64() != Some(0) {
        d["occurrence"] = f["occurrence"].clone();
    }
    if let Some(r) = replacement {
        d["replacement"] = r.into();
        d["edited"] = true.into();
    } else if verdict == "accept" {
        d["replacement"] = f["replacement"].clone();
    }
    d.to_string()
}

fn seeds() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    match fs::read_dir(&dir) {
        Ok(read) => {
            let mut v: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
            v.sort();
            v
        }
        Err(_) => {
            assert!(
                std::env::var_os("MTFIX_REQUIRE_SEEDS").is_none(),
                "seeds required but missing"
            );
            Vec::new()
        }
    }
}

/// Accepting exactly the `fix` findings and rejecting the suggestions, then
/// replaying, writes what `mtfix fix` writes; a second replay changes
/// nothing and reports the accepted ones as already applied.
#[test]
fn accepting_the_fixes_replays_to_what_fix_writes() {
    let mut texts = vec![("article.txt".to_owned(), ARTICLE.to_owned())];
    for p in seeds() {
        texts.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            fs::read_to_string(&p).unwrap(),
        ));
    }
    for (name, text) in texts {
        let dir = tmp();
        fs::write(dir.path().join(&name), &text).unwrap();
        let expected = run(dir.path(), &["fix", &name]).stdout;
        let findings = json_findings(dir.path(), &name);
        assert!(!findings.is_empty(), "{name}");
        let lines: Vec<String> = findings
            .iter()
            .map(|f| {
                let verdict = if f["action"] == "fix" {
                    "accept"
                } else {
                    "reject"
                };
                decide(f, verdict, None)
            })
            .collect();
        let accepted = findings.iter().filter(|f| f["action"] == "fix").count();
        fs::write(dir.path().join("d.jsonl"), lines.join("\n") + "\n").unwrap();
        let r = run(dir.path(), &["apply", "d.jsonl"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{accepted} applied")),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(&name)).unwrap(),
            expected,
            "{name}"
        );
        // Again: nothing left to do.
        let r = run(dir.path(), &["apply", "d.jsonl"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Each accepted decision is already applied, or (when a fixed
        // neighbour changed both sides of its context) gone; none is stale.
        let count = |what: &str| -> usize {
            let at = r
                .stderr
                .find(&format!(" {what}"))
                .unwrap_or_else(|| panic!("{}", r.stderr));
            r.stderr[..at].rsplit(' ').next().unwrap().parse().unwrap()
        };
        assert_eq!(count("applied,"), 0, "{}", r.stderr);
        assert_eq!(count("stale"), 0, "{}", r.stderr);
        assert_eq!(
            count("already applied") + count("gone"),
            accepted,
            "{name}: {}",
            r.stderr
        );
        assert!(
            count("already applied") * 2 >= accepted,
            "{name}: {}",
            r.stderr
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(&name)).unwrap(),
            expected
        );
    }
}

#[test]
fn accepted_edited_and_rejected_decisions() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let f = json_findings(dir.path(), "a.txt");
    let wen: Vec<&Value> = f.iter().filter(|f| f["rule"] == "moon-jae-in").collect();
    let photo = f.iter().find(|f| f["rule"] == "file-photo").unwrap();
    assert_eq!(wen.len(), 2);
    let lines = [
        decide(wen[0], "accept", None),
        decide(wen[1], "accept", Some("President Moon")),
        decide(photo, "reject", None),
    ];
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    // --diff and --dry-run write nothing.
    let r = run(dir.path(), &["apply", "d.jsonl", "--diff"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("+Later, President Moon met"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("-Data map"), "{}", r.stdout);
    let r = run(dir.path(), &["apply", "d.jsonl", "--dry-run"]);
    assert!(
        r.stderr.contains("dry run: 2 applied, 1 rejected"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        ARTICLE
    );
    let r = run(dir.path(), &["apply", "d.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let expected = ARTICLE.replacen("Wen Zaiyin", "Moon Jae-in", 1).replacen(
        "Wen Zaiyin",
        "President Moon",
        1,
    );
    assert_eq!(out, expected);
    // Undecided findings are left alone and counted.
    assert!(out.contains("Stephen Bacon") && out.contains("Data map:"));
    let undecided = f.len() - 3;
    assert!(
        r.stderr
            .contains(&format!("{undecided} findings undecided")),
        "{}",
        r.stderr
    );
}

/// Decisions name findings by fingerprint, not offset: a paragraph added at
/// the top and a change two lines away do not disturb them.
#[test]
fn decisions_survive_edits_elsewhere() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let f = json_findings(dir.path(), "a.txt");
    let lines: Vec<String> = f.iter().map(|f| decide(f, "accept", None)).collect();
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    let fixed = run(dir.path(), &["fix", "--suggestions", "a.txt"]).stdout;
    let edited = format!(
        "An editor's note added later, with its own line.\n\n{}",
        ARTICLE.replace(
            "that talks would resume",
            "that the talks would resume soon"
        )
    );
    fs::write(dir.path().join("a.txt"), &edited).unwrap();
    let r = run(dir.path(), &["apply", "d.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{} applied", f.len())),
        "{}",
        r.stderr
    );
    let expected = format!(
        "An editor's note added later, with its own line.\n\n{}",
        fixed.replace(
            "that talks would resume",
            "that the talks would resume soon"
        )
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        expected
    );
}

/// When the words around a finding change, its decision is not applied:
/// it is reported, and the exit status asks for attention.
#[test]
fn changed_context_is_reported_not_guessed() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let f = json_findings(dir.path(), "a.txt");
    let lines: Vec<String> = f
        .iter()
        .filter(|f| f["rule"] == "moon-jae-in")
        .map(|f| decide(f, "accept", None))
        .collect();
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    let edited = ARTICLE.replace(
        "Later, Wen Zaiyin met US envoy",
        "Later, Wen Zaiyin received the envoy",
    );
    fs::write(dir.path().join("a.txt"), &edited).unwrap();
    let r = run(dir.path(), &["apply", "d.jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 applied") && r.stderr.contains("1 stale"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("stale decision: moon-jae-in \"Wen Zaiyin\" (between \"Later,\" and \"met US envoy Stephen\") not applied"),
        "{}",
        r.stderr
    );
    let out = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(out, edited.replacen("Wen Zaiyin", "Moon Jae-in", 1));
}

#[test]
fn bad_decisions_are_errors_naming_the_line() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(
        dir.path().join("d.jsonl"),
        "{\"path\":\"a.txt\",\"rule\":\"moon-jae-in\",\"matched\":\"Wen Zaiyin\",\"decision\":\"accept\"}\n{\"path\":\"a.txt\",\"decision\":\"perhaps\"}\n",
    )
    .unwrap();
    let r = run(dir.path(), &["apply", "d.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("d.jsonl:2: not a decision"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        ARTICLE
    );
    let r = run(dir.path(), &["apply", "missing.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.jsonl"), "{}", r.stderr);
    // A decision about a file that cannot be read: an error, the others go on.
    fs::write(
        dir.path().join("d.jsonl"),
        "{\"path\":\"gone.txt\",\"rule\":\"r\",\"matched\":\"m\",\"decision\":\"reject\"}\n{\"path\":\"a.txt\",\"rule\":\"moon-jae-in\",\"matched\":\"Wen Zaiyin\",\"before\":\"reporter) South Korean President\",\"after\":\"said on Monday that\",\"decision\":\"accept\"}\n",
    )
    .unwrap();
    let r = run(dir.path(), &["apply", "d.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("gone.txt"), "{}", r.stderr);
    assert!(
        fs::read_to_string(dir.path().join("a.txt"))
            .unwrap()
            .contains("President Moon Jae-in said")
    );
}

/// The allow list: found in the current folder or above, honoured by
/// check and fix, filled by `apply --remember`, switched off by --no-allow.
#[test]
fn allow_list_keeps_rejections_from_coming_back() {
    let dir = tmp();
    let sub = dir.path().join("desk");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a.txt"), ARTICLE).unwrap();
    let f = json_findings(&sub, "a.txt");
    let photo = f.iter().find(|f| f["rule"] == "file-photo").unwrap();
    let wen: Vec<&Value> = f.iter().filter(|f| f["rule"] == "moon-jae-in").collect();
    let lines = [
        decide(photo, "reject", None),
        decide(wen[1], "reject", None),
    ];
    fs::write(sub.join("d.jsonl"), lines.join("\n")).unwrap();
    let r = run(
        &sub,
        &[
            "apply",
            "--remember",
            "--allow",
            "../.mtfix-allow.yaml",
            "d.jsonl",
        ],
    );
    assert!(
        r.stderr
            .contains("2 rejections added to ../.mtfix-allow.yaml"),
        "{}",
        r.stderr
    );
    let allow = fs::read_to_string(dir.path().join(".mtfix-allow.yaml")).unwrap();
    assert!(
        allow.contains("rule: file-photo") && allow.contains("after: officials walk past the"),
        "{allow}"
    );
    // Found from the subfolder, without --allow.
    let after = json_findings(&sub, "a.txt");
    assert_eq!(after.len(), f.len() - 2);
    assert!(!after.iter().any(|x| x["rule"] == "file-photo"));
    // The other Wen Zaiyin, in another context, is still reported and fixed.
    assert_eq!(
        after.iter().filter(|x| x["rule"] == "moon-jae-in").count(),
        1
    );
    let fixed = run(&sub, &["fix", "a.txt"]).stdout;
    assert!(
        fixed.contains("President Moon Jae-in said") && fixed.contains("Later, Wen Zaiyin met")
    );
    assert!(fixed.contains("Data map:"));
    // --no-allow: everything again.
    let r = run(&sub, &["--no-allow", "check", "--format", "json", "a.txt"]);
    assert_eq!(r.stdout.lines().count(), f.len());
    // An entry without context allows the span anywhere.
    fs::write(
        dir.path().join(".mtfix-allow.yaml"),
        "- rule: moon-jae-in\n  matched: Wen Zaiyin\n",
    )
    .unwrap();
    let after = json_findings(&sub, "a.txt");
    assert!(!after.iter().any(|x| x["rule"] == "moon-jae-in"));
    // A broken allow list is an error naming the file and line.
    fs::write(
        dir.path().join(".mtfix-allow.yaml"),
        "- rule: x\n  matchd: y\n",
    )
    .unwrap();
    let r = run(&sub, &["check", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(".mtfix-allow.yaml: ")
            && r.stderr.contains("unknown field `matchd`")
            && r.stderr.contains("line 2"),
        "{}",
        r.stderr
    );
}

#[test]
fn review_needs_a_terminal() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let r = run(dir.path(), &["review", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("review needs a terminal"), "{}", r.stderr);
    assert!(!dir.path().join("mtfix-decisions.jsonl").exists());
}

/// The page is one self-contained file: its data parses, each finding has
/// one mark, and text from the input never reaches the page unescaped.
#[test]
fn html_page_is_self_contained_and_escaped() {
    let dir = tmp();
    let hostile =
        format!("{ARTICLE}<script>alert('Wen Zaiyin')</script> & </pre> \u{2028}Wen Zaiyin\n");
    fs::write(dir.path().join("a.txt"), &hostile).unwrap();
    let r = run(dir.path(), &["check", "--format", "html", "a.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let page = r.stdout;
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    assert!(!page.contains("<script>alert") && !page.contains("</pre> "));
    assert!(page.contains("&lt;script&gt;alert(&#39;"));
    for external in ["src=\"http", "href=\"http", "@import", "<link"] {
        assert!(!page.contains(external), "{external}");
    }
    let start = page
        .find("<script type=\"application/json\" id=\"mtfix-data\">")
        .unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let data: Value = serde_json::from_str(json).unwrap();
    let findings = data["findings"].as_array().unwrap();
    let expected = json_findings(dir.path(), "a.txt");
    assert_eq!(findings.len(), expected.len());
    for (i, (f, e)) in findings.iter().zip(&expected).enumerate() {
        assert_eq!(page.matches(&format!("data-i=\"{i}\"")).count(), 1);
        for key in [
            "rule",
            "matched",
            "replacement",
            "before",
            "after",
            "occurrence",
            "line",
            "column",
        ] {
            assert_eq!(f[key], e[key], "finding {i} {key}");
        }
    }
    // No findings: a page that says so.
    fs::write(dir.path().join("clean.txt"), "Nothing to see.\n").unwrap();
    let r = run(dir.path(), &["check", "--format", "html", "clean.txt"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("<p class=\"empty\">No findings in 1 document.</p>")
    );
}

/// Excerpts of a long document still hold every finding's mark, and the
/// gaps count the lines left out.
#[test]
fn html_page_shows_excerpts_of_long_documents() {
    let dir = tmp();
    let filler = "A quiet line about the weather in a provincial town.\n".repeat(6000);
    let text = format!("{filler}{ARTICLE}{filler}");
    fs::write(dir.path().join("long.txt"), &text).unwrap();
    let page = run(dir.path(), &["check", "--format", "html", "long.txt"]).stdout;
    assert!(page.len() < 64 * 1024, "{} bytes", page.len());
    assert!(
        page.contains("⋯ 5998 lines not shown ⋯"),
        "{}",
        &page[..2000]
    );
    assert!(page.contains("⋯ 5998 lines not shown ⋯\n</span></pre>"));
    let n = json_findings(dir.path(), "long.txt").len();
    assert_eq!(page.matches("<span class=\"f ").count(), n);
}

fn builtin() -> &'static Matcher {
    static M: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    M.get_or_init(|| Matcher::new(Glossary::builtin()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A finding's fingerprint does not change when lines are added or
    /// changed elsewhere: before it, after it, or both.
    #[test]
    fn fingerprints_are_stable_under_edits_on_other_lines(
        above in "[a-zA-Z ,.]{0,40}(\n[a-zA-Z ,.]{0,40}){0,3}",
        below in "[a-zA-Z ,.]{0,40}(\n[a-zA-Z ,.]{0,40}){0,3}",
    ) {
        let m = builtin();
        let policy = FixPolicy { suggestions: true };
        let base = check(m, ARTICLE, &policy);
        let before = fingerprints(ARTICLE, &base.findings);
        let edited = format!("{above}\n{ARTICLE}{below}\n");
        let out = check(m, &edited, &policy);
        let after = fingerprints(&edited, &out.findings);
        for fp in &before {
            prop_assert!(after.contains(fp), "{fp:?} lost");
        }
    }

    /// Context words come from the span's own line and slice to text that is
    /// really there.
    #[test]
    fn context_is_words_of_the_line(text in "[a-z \n]{1,80}", a in 0usize..80, len in 0usize..10) {
        let a = a.min(text.len());
        let b = (a + len).min(text.len());
        let (before, after) = context(&text, a..b);
        let line_start = text[..a].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[b..].find('\n').map_or(text.len(), |i| b + i);
        let words_before: Vec<&str> = text[line_start..a].split_whitespace().collect();
        let words_after: Vec<&str> = text[b..line_end].split_whitespace().collect();
        prop_assert_eq!(before, words_before[words_before.len().saturating_sub(4)..].join(" "));
        prop_assert_eq!(after, words_after[..words_after.len().min(4)].join(" "));
    }
}

#[test]
fn decisions_round_trip_through_the_library() {
    let m = builtin();
    let out = check(m, ARTICLE, &FixPolicy { suggestions: true });
    let fps = fingerprints(ARTICLE, &out.findings);
    let mut ds = Decisions::new();
    for fp in &fps {
        ds.insert(Decision::new("a.txt", fp, Verdict::Accept, None));
    }
    let back = Decisions::parse(&ds.to_jsonl(), "d").unwrap();
    assert_eq!(back, ds);
    let r = mtfix::review::replay(ARTICLE, &out.findings, back.for_path("a.txt"));
    assert_eq!(r.text, out.text);
    assert_eq!(r.count(mtfix::review::Status::Applied), fps.len());
}

/// A rejection next to an accepted fix is remembered as it reads after the
/// fix, so it does not come back.
#[test]
fn remembered_rejection_next_to_an_applied_fix_stays_away() {
    let dir = tmp();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let f = json_findings(dir.path(), "a.txt");
    let bacon = f.iter().find(|f| f["rule"] == "stephen-biegun").unwrap();
    let summit = f.iter().find(|f| f["rule"] == "trump-kim-summit").unwrap();
    let lines = [
        decide(bacon, "accept", None),
        decide(summit, "reject", None),
    ];
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    let r = run(dir.path(), &["apply", "--remember", "d.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let allow = fs::read_to_string(dir.path().join(".mtfix-allow.yaml")).unwrap();
    assert!(allow.contains("before: Biegun to discuss the"), "{allow}");
    let after = json_findings(dir.path(), "a.txt");
    assert!(
        !after.iter().any(|x| x["rule"] == "trump-kim-summit"),
        "{after:?}"
    );
    assert_eq!(after.len(), f.len() - 2);
}

/// Edited replacements become glossary entries with a test from their
/// context; an edit that would contradict an entry is refused with why.
#[test]
fn edits_are_promoted_into_the_glossary() {
    let dir = tmp();
    let text = "The delegation met Chairman Kim Jung Eun in Pyongyang on Monday.\nSouth Korean President Wen Zaiyin said talks would resume.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let d = [
        r#"{"path":"a.txt","rule":"kim-jong-un","matched":"Kim Jung Eun","before":"The delegation met Chairman","after":"in Pyongyang on Monday.","decision":"accept","replacement":"Kim Jong Un","edited":true}"#,
        r#"{"path":"a.txt","rule":"moon-jae-in","matched":"Wen Zaiyin","before":"South Korean President","after":"said talks would resume.","decision":"accept","replacement":"President Moon","edited":true}"#,
        r#"{"path":"a.txt","rule":"file-photo","matched":"Data map:","decision":"accept","replacement":"File photo:"}"#,
    ];
    fs::write(dir.path().join("d.jsonl"), d.join("\n")).unwrap();
    let r = run(
        dir.path(),
        &["rules", "add", "mine.yaml", "--from-decisions", "d.jsonl"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refused 'president-moon': variant \"Wen Zaiyin\" is also claimed by entry 'moon-jae-in'"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 added, 0 merged, 0 unchanged, 1 refused"),
        "{}",
        r.stderr
    );
    let yaml = fs::read_to_string(dir.path().join("mine.yaml")).unwrap();
    assert!(
        yaml.contains("correct: Kim Jong Un") && yaml.contains("variants: [Kim Jung Eun]"),
        "{yaml}"
    );
    assert!(yaml.contains("category: name/person"), "{yaml}");
    // The new entry works, and its test passes.
    let r = run(dir.path(), &["--rules", "mine.yaml", "fix", "a.txt"]);
    assert!(
        r.stdout.contains("Chairman Kim Jong Un in Pyongyang"),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["--rules", "mine.yaml", "rules", "test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// A target line and its source where the source locates a whole-unit,
/// report-only finding (拜登 has no rendering in the line) that covers an
/// exact one (Wen Zaiyin).
fn write_overlapping_unit(dir: &Path) {
    fs::write(
        dir.join("en.txt"),
        "\nWen Zaiyin met the leader in Hanoi.\n",
    )
    .unwrap();
    fs::write(dir.join("zh.txt"), "\n文在寅在河内会见了拜登。\n").unwrap();
}

/// A bilingual unit's report-only finding may cover other findings: the
/// page marks it without repeating text, and a leading blank line survives.
#[test]
fn html_page_with_overlapping_source_findings() {
    let dir = tmp();
    write_overlapping_unit(dir.path());
    let r = run(
        dir.path(),
        &["--source", "zh.txt", "check", "--format", "html", "en.txt"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("<pre class=\"text\">\n\n"),
        "{}",
        r.stdout
    );
    let marks = r.stdout.matches("<span class=\"f ").count();
    let json = run(
        dir.path(),
        &["--source", "zh.txt", "check", "--format", "json", "en.txt"],
    )
    .stdout;
    assert_eq!(marks, json.lines().count());
    assert_eq!(
        r.stdout.matches("Wen Zaiyin</del>").count(),
        1,
        "{}",
        r.stdout
    );
}

/// Two accepted changes that overlap (a whole-unit finding with an edit and
/// a name inside it): the first is written, the other reported, no panic.
#[test]
fn overlapping_accepted_changes_are_reported() {
    let dir = tmp();
    write_overlapping_unit(dir.path());
    let r = run(
        dir.path(),
        &["--source", "zh.txt", "check", "--format", "json", "en.txt"],
    );
    let f: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(f.len(), 2, "{}", r.stdout);
    let lines: Vec<String> = f
        .iter()
        .map(|f| match f["replacement"].as_str() {
            Some(_) => decide(f, "accept", None),
            None => decide(f, "accept", Some("Moon Jae-in met Biden in Hanoi.")),
        })
        .collect();
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    let r = run(dir.path(), &["--source", "zh.txt", "apply", "d.jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 applied") && r.stderr.contains("1 stale"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("en.txt")).unwrap(),
        "\nMoon Jae-in met the leader in Hanoi.\n"
    );
}
