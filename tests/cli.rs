//! End-to-end tests of the `mtfix` binary: the CLI contract of the README
//! (output formats, exit codes, bytes kept, bad input, glossary errors).
//!
//! Every test works in its own temporary folder and runs the binary with that
//! folder as the current directory, passing relative paths, so that names in
//! the output (and in the snapshots) are stable.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use insta_cmd::assert_cmd_snapshot;
use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

/// The corrections the default glossary makes in the texts below.
const WEN_ZAI: (&str, &str) = ("Wen Zai", "Moon Jae-in");
const KOREAN_KOREAN: (&str, &str) = ("Korean-Korean", "inter-Korean");

// ---------------------------------------------------------------- helpers

/// The binary, run in `dir`, with no stdin and no colour-related environment.
fn mtfix(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    let out = match stdin {
        None => cmd.output().expect("spawn mtfix"),
        Some(input) => {
            let mut child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn mtfix");
            let mut pipe = child.stdin.take().unwrap();
            let input = input.to_vec();
            let writer = std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            });
            let out = child.wait_with_output().expect("wait for mtfix");
            writer.join().unwrap();
            out
        }
    };
    Run {
        code: out.status.code().expect("mtfix was killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    finish(mtfix(dir).args(args), None)
}

fn run_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    finish(mtfix(dir).args(args), Some(stdin))
}

/// Writes `rel` below `dir` (creating folders) and returns its path.
fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, contents).unwrap();
    p
}

fn read(p: impl AsRef<Path>) -> String {
    fs::read_to_string(p).unwrap()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `text` with every `(from, to)` applied, in order.
fn replaced(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

/// Every file below `dir`, hidden ones included, relative and sorted.
fn all_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn assert_no_temp_files(dir: &Path) {
    let leftovers: Vec<String> = all_files(dir)
        .into_iter()
        .filter(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".mtfix-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

/// Sets a file's mtime to a fixed time in the past.
fn age(p: &Path) -> SystemTime {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
    t
}

fn mtime(p: &Path) -> SystemTime {
    fs::metadata(p).unwrap().modified().unwrap()
}

/// One line of `check --format json`: exactly the documented fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonFinding {
    path: String,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    rule: String,
    category: String,
    matched: String,
    replacement: Option<String>,
    confidence: f64,
    action: String,
    method: String,
    message: String,
    before: String,
    after: String,
    occurrence: usize,
}

const JSON_FIELDS: [&str; 16] = [
    "path",
    "line",
    "column",
    "start",
    "end",
    "rule",
    "category",
    "matched",
    "replacement",
    "confidence",
    "action",
    "method",
    "message",
    "before",
    "after",
    "occurrence",
];

fn parse_jsonl(stdout: &str) -> Vec<JsonFinding> {
    stdout
        .lines()
        .map(|l| {
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            let keys: BTreeSet<&str> = map.keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(JSON_FIELDS), "{l}");
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .collect()
}

/// 1-based line and column (in chars) of byte `offset`, computed here
/// independently of the binary.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// The 1-based line of `- id: <id>` in a shipped rules file.
fn builtin_line(file: &str, id: &str) -> usize {
    let text = read(Path::new(env!("CARGO_MANIFEST_DIR")).join(file));
    let needle = format!("- id: {id}");
    1 + text
        .lines()
        .position(|l| l.trim_end() == needle)
        .unwrap_or_else(|| panic!("{id} not in {file}"))
}

// -------------------------------------------------------------- fixtures

/// Several artifacts of different kinds (names, event, boilerplate, term,
/// follow-up), all fixable.
const NEWS: &str = "\
US President Trump phoned South Korean President Wen Zai on Tuesday night.
Stephen Bacon, the US envoy, flew to Hanoi ahead of the second \"Golden Conference\" with Kim Jong-un.
Data map: Kim Jong-un inspects the Fengxili site.
Later Wen told aides in Seoul that the Korean-Korean railway talks would resume. (End)
";

const NEWS_FIXED: &str = "\
US President Trump phoned South Korean President Moon Jae-in on Tuesday night.
Stephen Biegun, the US envoy, flew to Hanoi ahead of the second Trump-Kim summit with Kim Jong-un.
File photo: Kim Jong-un inspects the Punggye-ri site.
Later Moon told aides in Seoul that the inter-Korean railway talks would resume.
";

const CLEAN: &str = "The weather in Seoul was mild and the markets were calm.\n";

// ------------------------------------------------------------ 1. check

#[test]
fn check_human_output_and_exit_code() {
    let dir = tmp();
    write(dir.path(), "news.txt", NEWS);
    assert_cmd_snapshot!(
        "check_human_news",
        mtfix(dir.path()).args(["--color", "never", "check", "news.txt"])
    );
    // The file is never written by `check`.
    assert_eq!(read(dir.path().join("news.txt")), NEWS);
}

#[test]
fn check_clean_file_exits_zero() {
    let dir = tmp();
    write(dir.path(), "clean.txt", CLEAN);
    let r = run(dir.path(), &["--color", "never", "check", "clean.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "no findings in 1 document\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn check_counts_documents_over_several_inputs() {
    let dir = tmp();
    write(dir.path(), "a.txt", NEWS);
    write(dir.path(), "b.txt", CLEAN);
    write(dir.path(), "c.txt", "Seoul denied that Wen Zai was ill.\n");
    let r = run(
        dir.path(),
        &["--color", "never", "check", "a.txt", "b.txt", "c.txt"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout.lines().last().unwrap(),
        "9 findings in 2 of 3 documents: 9 fixable by `mtfix fix`, 0 to review"
    );
    assert!(r.stdout.starts_with("a.txt:1:50: [fix 0.95] moon-jae-in:"));
    assert!(r.stdout.contains("\nc.txt:1:19: [fix 0.95] moon-jae-in:"));
}

#[test]
fn check_reads_stdin_with_and_without_dash() {
    let dir = tmp();
    for args in [
        &["--color", "never", "check"][..],
        &["--color", "never", "check", "-"][..],
    ] {
        let r = run_stdin(dir.path(), args, NEWS.as_bytes());
        assert_eq!(r.code, 1, "{r:?}");
        assert!(
            r.stdout.starts_with(
                "<stdin>:1:50: [fix 0.95] moon-jae-in: \"Wen Zai\" → \"Moon Jae-in\"\n"
            ),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn color_never_and_always() {
    let dir = tmp();
    write(dir.path(), "news.txt", NEWS);
    let never = run(dir.path(), &["--color", "never", "check", "news.txt"]);
    assert!(!never.stdout.contains('\x1b'));
    // `auto` on a pipe: no colour either.
    let auto = run(dir.path(), &["check", "news.txt"]);
    assert_eq!(auto.stdout, never.stdout);
    let always = run(dir.path(), &["--color", "always", "check", "news.txt"]);
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    assert_eq!(always.code, 1);
}

// ------------------------------------------------------- 2. check --format json

#[test]
fn check_json_lines_contract() {
    let dir = tmp();
    // Line 2 has non-ASCII (accents, a dash, CJK) before a match, so the
    // column in characters differs from the byte column.
    let text = "Reporters in Seoul said South Korean President Wen Zai would travel.\n\
                Le café à Séoul — 文在寅 (Wen Zai) — prepared “Golden Conference” talks with Kim Jong-un.\n\
                Data picture: the DMZ at dawn.\n";
    write(dir.path(), "j.txt", text);
    let r = run(dir.path(), &["check", "--format", "json", "j.txt"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr, "");
    let findings = parse_jsonl(&r.stdout);
    assert_eq!(findings.len(), 4, "{}", r.stdout);

    let mut methods = BTreeSet::new();
    for f in &findings {
        assert_eq!(f.path, "j.txt");
        assert_eq!(&text[f.start..f.end], f.matched, "{f:?}");
        assert_eq!((f.line, f.column), line_col(text, f.start), "{f:?}");
        assert!(["fix", "suggest"].contains(&f.action.as_str()), "{f:?}");
        assert!(["exact", "regex"].contains(&f.method.as_str()), "{f:?}");
        assert!((0.0..=1.0).contains(&f.confidence), "{f:?}");
        assert!(!f.message.contains('\n'));
        methods.insert(f.method.as_str());
    }
    assert_eq!(methods, BTreeSet::from(["exact", "regex"]));

    let summary: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f.line,
                f.column,
                f.rule.as_str(),
                f.category.as_str(),
                f.matched.as_str(),
                f.replacement.as_deref(),
                f.method.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                1,
                48,
                "moon-jae-in",
                "name/person",
                "Wen Zai",
                Some("Moon Jae-in"),
                "exact"
            ),
            (
                2,
                24,
                "moon-jae-in",
                "name/person",
                "Wen Zai",
                Some("Moon Jae-in"),
                "exact"
            ),
            (
                2,
                44,
                "trump-kim-summit",
                "event",
                "“Golden Conference”",
                Some("Trump-Kim summit"),
                "exact"
            ),
            (
                3,
                1,
                "file-photo",
                "boilerplate",
                "Data picture:",
                Some("File photo:"),
                "regex"
            ),
        ]
    );
    // The column counts characters, not bytes: 23 characters but 34 bytes
    // precede the second "Wen Zai" on its line.
    let second = &findings[1];
    let line_start = text.find("Le café").unwrap();
    assert_eq!(second.start - line_start, 34);
    assert_eq!(second.column, 24);
    assert_eq!(findings[0].confidence, 0.95);
    assert_eq!(findings[0].message, "\"Wen Zai\" → \"Moon Jae-in\"");
}

#[test]
fn check_json_clean_is_empty_and_stdin_is_named() {
    let dir = tmp();
    write(dir.path(), "clean.txt", CLEAN);
    let r = run(dir.path(), &["check", "--format", "json", "clean.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");

    let r = run_stdin(dir.path(), &["check", "--format", "json"], NEWS.as_bytes());
    assert_eq!(r.code, 1);
    let findings = parse_jsonl(&r.stdout);
    assert_eq!(findings.len(), 8);
    assert!(findings.iter().all(|f| f.path == "<stdin>"));
    for f in &findings {
        assert_eq!(&NEWS[f.start..f.end], f.matched);
    }
}

// -------------------------------------------------------------- 3. fix

#[test]
fn fix_file_to_stdout() {
    let dir = tmp();
    write(dir.path(), "news.txt", NEWS);
    let r = run(dir.path(), &["fix", "news.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, NEWS_FIXED);
    // Not a terminal and not --in-place: no summary on stderr.
    assert_eq!(r.stderr, "");
    assert_eq!(
        read(dir.path().join("news.txt")),
        NEWS,
        "fix to stdout never writes"
    );
}

#[test]
fn fix_stdin_and_dash_give_the_same_output() {
    let dir = tmp();
    for args in [&["fix"][..], &["fix", "-"][..]] {
        let r = run_stdin(dir.path(), args, NEWS.as_bytes());
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert_eq!(r.stdout, NEWS_FIXED, "{args:?}");
    }
}

#[test]
fn fix_clean_file_is_identity() {
    let dir = tmp();
    write(dir.path(), "clean.txt", CLEAN);
    let r = run(dir.path(), &["fix", "clean.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, CLEAN));
}

#[test]
fn fix_refuses_several_documents_without_in_place_or_diff() {
    let dir = tmp();
    write(dir.path(), "a.txt", NEWS);
    write(dir.path(), "b.txt", NEWS);
    write(dir.path(), "sub/c.txt", NEWS);
    let cases = [
        (&["fix", "a.txt", "b.txt"][..], "2 inputs were given"),
        (&["fix", "sub"][..], "sub is a folder"),
    ];
    for (args, what) in cases {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr,
            format!(
                "mtfix: error: `fix` writes one document to stdout, but {what}; use --in-place or --diff\n"
            )
        );
    }
    for f in ["a.txt", "b.txt", "sub/c.txt"] {
        assert_eq!(read(dir.path().join(f)), NEWS);
    }
}

#[test]
fn in_place_and_diff_conflict() {
    let dir = tmp();
    write(dir.path(), "a.txt", NEWS);
    let r = run(dir.path(), &["fix", "--in-place", "--diff", "a.txt"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    assert_eq!(read(dir.path().join("a.txt")), NEWS);
}

#[test]
fn suggestions_are_left_unless_asked_for() {
    let dir = tmp();
    write(
        dir.path(),
        "mine.yaml",
        "- id: widget-corp\n  correct: Widget Corporation\n  variants: [Widgetco Group]\n  category: org\n  action: suggest\n  confidence: 0.6\n",
    );
    let text = "Seoul said Wen Zai met the Widgetco Group board.\n";
    write(dir.path(), "a.txt", text);

    let r = run(dir.path(), &["--rules", "mine.yaml", "fix", "a.txt"]);
    assert_eq!(r.code, 1, "a suggestion is left: {r:?}");
    assert_eq!(r.stdout, replaced(text, &[WEN_ZAI]));

    let r = run(
        dir.path(),
        &["--rules", "mine.yaml", "fix", "--suggestions", "a.txt"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout,
        replaced(text, &[WEN_ZAI, ("Widgetco Group", "Widget Corporation")])
    );

    let r = run(
        dir.path(),
        &["--rules", "mine.yaml", "--color", "never", "check", "a.txt"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "a.txt:1:28: [suggest 0.60] widget-corp: \"Widgetco Group\" → \"Widget Corporation\"\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("2 findings in 1 of 1 document: 1 fixable by `mtfix fix`, 1 to review\n")
    );
}

// ---------------------------------------------------------- 4. fix --diff

/// A small tree: two files to change (one nested, one with CRLF and no
/// final newline), a clean file and a hidden file the walk must skip.
fn news_tree(root: &Path) -> [(&'static str, String, String); 4] {
    let b_text = "In Seoul, officials discussed the Korean-Korean railway.\r\nTalks resume in May.";
    let files = [
        ("news/a.txt", NEWS.to_owned(), NEWS_FIXED.to_owned()),
        (
            "news/sub/deeper/b.txt",
            b_text.to_owned(),
            replaced(b_text, &[KOREAN_KOREAN]),
        ),
        ("news/clean.txt", CLEAN.to_owned(), CLEAN.to_owned()),
        // Hidden: skipped by the walk, so never changed.
        ("news/.draft.txt", NEWS.to_owned(), NEWS.to_owned()),
    ];
    for (rel, before, _) in &files {
        write(root, rel, before);
    }
    files
}

#[test]
fn fix_diff_folder_is_a_patch_that_applies() {
    let dir = tmp();
    let root = dir.path();
    let files = news_tree(root);

    // (insta normalises line ends in snapshots: the CRLF of b.txt is checked
    // byte for byte below, after the patch is applied.)
    assert_cmd_snapshot!(
        "fix_diff_folder",
        mtfix(root).args(["fix", "--diff", "news"])
    );
    let r = run(root, &["fix", "--diff", "news"]);
    assert_eq!(r.code, 1, "a non-empty diff exits 1: {r:?}");
    assert_eq!(r.stderr, "");
    let diff = r.stdout;
    let headers: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with("--- ") || l.starts_with("+++ "))
        .collect();
    assert_eq!(
        headers,
        [
            "--- a/news/a.txt",
            "+++ b/news/a.txt",
            "--- a/news/sub/deeper/b.txt",
            "+++ b/news/sub/deeper/b.txt",
        ]
    );
    // `./news` names the same files.
    assert_eq!(run(root, &["fix", "--diff", "./news"]).stdout, diff);
    // --diff never writes.
    for (rel, before, _) in &files {
        assert_eq!(&read(root.join(rel)), before, "{rel}");
    }

    // Both patch tools accept it.
    let status = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(root)
        .status()
        .expect("git");
    assert!(status.success());
    let git = finish_tool(
        Command::new("git")
            .args(["apply", "--check", "-"])
            .current_dir(root),
        &diff,
    );
    assert!(git.0, "git apply --check: {}", git.1);
    let patch = finish_tool(
        Command::new("patch")
            .args(["-p1", "--dry-run", "--batch"])
            .current_dir(root),
        &diff,
    );
    assert!(patch.0, "patch --dry-run: {}", patch.1);

    // A copy fixed with --in-place ...
    let copy = tmp();
    news_tree(copy.path());
    let r = run(copy.path(), &["fix", "--in-place", "news"]);
    assert_eq!(r.code, 0, "{r:?}");
    // ... equals the original patched with the diff, byte for byte.
    let applied = finish_tool(
        Command::new("patch")
            .args(["-p1", "--batch", "--quiet"])
            .current_dir(root),
        &diff,
    );
    assert!(applied.0, "patch: {}", applied.1);
    for (rel, _, after) in &files {
        assert_eq!(&fs::read_to_string(root.join(rel)).unwrap(), after, "{rel}");
        assert_eq!(
            fs::read(root.join(rel)).unwrap(),
            fs::read(copy.path().join(rel)).unwrap(),
            "{rel}"
        );
    }
    // patch -p1 leaves no .orig/.rej files when it applies cleanly.
    assert!(
        all_files(&root.join("news"))
            .iter()
            .all(|f| !f.ends_with(".orig") && !f.ends_with(".rej"))
    );

    // Now clean: an empty diff exits 0.
    let r = run(root, &["fix", "--diff", "news"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
}

/// Runs a patch tool with `input` on stdin: (success, stdout + stderr).
fn finish_tool(cmd: &mut Command, input: &str) -> (bool, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn patch tool");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn fix_diff_on_clean_folder_exits_zero() {
    let dir = tmp();
    write(dir.path(), "news/a.txt", CLEAN);
    write(dir.path(), "news/sub/b.txt", "Nothing else happened.\n");
    let r = run(dir.path(), &["fix", "--diff", "news"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn fix_diff_file_name_with_space_applies_with_patch() {
    let dir = tmp();
    let text = "Seoul hailed the Korean-Korean talks.\n";
    write(dir.path(), "news/my file.txt", text);
    let r = run(dir.path(), &["fix", "--diff", "news"]);
    assert_eq!(r.code, 1, "{r:?}");
    let patch = finish_tool(
        Command::new("patch")
            .args(["-p1", "--batch", "--quiet"])
            .current_dir(dir.path()),
        &r.stdout,
    );
    assert!(patch.0, "patch -p1 failed on:\n{}\n{}", r.stdout, patch.1);
    assert_eq!(
        read(dir.path().join("news/my file.txt")),
        replaced(text, &[KOREAN_KOREAN])
    );
}

// ------------------------------------------------------- 5. fix --in-place

#[cfg(unix)]
#[test]
fn fix_in_place_folder() {
    let dir = tmp();
    let root = dir.path();
    let files = news_tree(root);
    let a = root.join("news/a.txt");
    set_mode(&a, 0o640);
    let mut old = Vec::new();
    for (rel, _, _) in &files {
        old.push(age(&root.join(rel)));
    }

    let r = run(root, &["fix", "--in-place", "news"]);
    assert_eq!(r.code, 0, "everything was fixed: {r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "mtfix: 9 fixes applied in 2 of 3 documents; 0 findings left to review\n"
    );
    for ((rel, _, after), old) in files.iter().zip(old) {
        let p = root.join(rel);
        assert_eq!(&read(&p), after, "{rel}");
        if rel.ends_with("clean.txt") || rel.contains(".draft") {
            assert_eq!(mtime(&p), old, "{rel} was not rewritten");
        } else {
            assert_ne!(mtime(&p), old, "{rel} was rewritten");
        }
    }
    assert_eq!(mode(&a), 0o640, "permissions are kept");
    assert_no_temp_files(root);
    assert_eq!(
        all_files(root),
        [
            "news/.draft.txt",
            "news/a.txt",
            "news/clean.txt",
            "news/sub/deeper/b.txt"
        ]
    );

    // A second run has nothing to do.
    let r = run(root, &["fix", "--in-place", "news"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "mtfix: 0 fixes applied in 0 of 3 documents; 0 findings left to review\n"
    );
}

#[cfg(unix)]
#[test]
fn fix_in_place_follows_symlink_named_explicitly() {
    let dir = tmp();
    let target = write(dir.path(), "real.txt", NEWS);
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let r = run(dir.path(), &["fix", "--in-place", "link.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        fs::symlink_metadata(dir.path().join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&target), NEWS_FIXED);
    assert_no_temp_files(dir.path());
}

#[cfg(unix)]
#[test]
fn fix_in_place_read_only_file_is_reported_and_kept() {
    let dir = tmp();
    let root = dir.path();
    let ro = write(root, "news/ro.txt", NEWS);
    let ok = write(root, "news/ok.txt", NEWS);
    let old = age(&ro);
    set_mode(&ro, 0o444);

    let r = run(root, &["fix", "--in-place", "news"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(
            "mtfix: error: news/ro.txt: file is read-only; the file was left as it was\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(read(&ro), NEWS);
    assert_eq!(mode(&ro), 0o444);
    assert_eq!(mtime(&ro), old);
    assert_eq!(read(&ok), NEWS_FIXED, "the other file is still fixed");
    assert_no_temp_files(root);
}

#[cfg(unix)]
#[test]
fn fix_in_place_summary_does_not_count_unwritten_fixes() {
    let dir = tmp();
    let ro = write(dir.path(), "news/ro.txt", NEWS);
    write(dir.path(), "news/ok.txt", NEWS);
    set_mode(&ro, 0o444);
    let r = run(dir.path(), &["fix", "--in-place", "news"]);
    assert_eq!(r.code, 2);
    // 8 fixes were written, in 1 file; ro.txt was left as it was.
    assert!(
        r.stderr.ends_with(
            "mtfix: 8 fixes applied in 1 of 2 documents; 0 findings left to review; 1 error(s)\n"
        ),
        "{}",
        r.stderr
    );
}

// --------------------------------------------------- 6. bytes preserved

#[test]
fn bom_crlf_and_missing_final_newline_are_kept() {
    let dir = tmp();
    let text = "\u{FEFF}Seoul, Monday.\r\nSouth Korean President Wen Zai met reporters.\r\n\r\nThe meeting ended late";
    let expected = replaced(text, &[WEN_ZAI]);
    assert_ne!(expected, text);
    write(dir.path(), "bom.txt", text);

    let r = run(dir.path(), &["fix", "bom.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, expected);

    let r = run_stdin(dir.path(), &["fix", "-"], text.as_bytes());
    assert_eq!(r.stdout, expected);

    let r = run(dir.path(), &["check", "--format", "json", "bom.txt"]);
    let f = parse_jsonl(&r.stdout);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].start..f[0].end], "Wen Zai");
    assert_eq!(f[0].line, 2);

    let r = run(dir.path(), &["fix", "--in-place", "bom.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        fs::read(dir.path().join("bom.txt")).unwrap(),
        expected.as_bytes()
    );
}

#[test]
fn human_caret_is_aligned_after_a_bom() {
    let dir = tmp();
    write(dir.path(), "bom.txt", "\u{FEFF}In Seoul, Wen Zai spoke.\n");
    let r = run(dir.path(), &["--color", "never", "check", "bom.txt"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let shown = lines[2].strip_prefix("1 | ").unwrap();
    let caret = lines[3].strip_prefix("  | ").unwrap();
    // Display columns: a BOM has no width.
    let visible: String = shown.chars().filter(|&c| c != '\u{FEFF}').collect();
    assert_eq!(caret.find('^'), visible.find("Wen Zai"), "\n{}", r.stdout);
}

// --------------------------------------------------------- 7. bad input

#[test]
fn invalid_utf8_is_reported_with_offset_and_left_untouched() {
    let dir = tmp();
    let bad: &[u8] = b"In Seoul, Wen Zai spoke.\nAnd then \xff the end\n";
    let offset = bad.iter().position(|&b| b == 0xff).unwrap();
    assert_eq!(offset, 34);
    write(dir.path(), "bad.txt", bad);
    write(dir.path(), "good.txt", NEWS);
    let message = format!(
        "mtfix: error: bad.txt:2: invalid UTF-8 at byte offset {offset}; the file was left untouched (convert it to UTF-8 first, e.g. with iconv)\n"
    );

    let r = run(
        dir.path(),
        &["--color", "never", "check", "bad.txt", "good.txt"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stderr, message);
    assert!(r.stdout.starts_with("good.txt:1:50: "), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("8 findings in 1 of 1 document: 8 fixable by `mtfix fix`, 0 to review\n")
    );

    let r = run(dir.path(), &["fix", "--in-place", "bad.txt", "good.txt"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.starts_with(&message), "{}", r.stderr);
    assert_eq!(fs::read(dir.path().join("bad.txt")).unwrap(), bad);
    assert_eq!(read(dir.path().join("good.txt")), NEWS_FIXED);

    let r = run(dir.path(), &["fix", "bad.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr, message);

    let r = run_stdin(dir.path(), &["fix"], bad);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "mtfix: error: <stdin>:2: invalid UTF-8 at byte offset {offset};"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn utf16_with_bom_is_refused() {
    let dir = tmp();
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Wen Zai in Seoul\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(
            "Wen Zai in Seoul\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes),
        )
        .collect();
    write(dir.path(), "le.txt", &utf16le);
    write(dir.path(), "be.txt", &utf16be);
    for name in ["le.txt", "be.txt"] {
        let r = run(dir.path(), &["check", name]);
        assert_eq!(r.code, 2, "{r:?}");
        assert_eq!(
            r.stderr,
            format!(
                "mtfix: error: {name}: UTF-16 text (byte-order mark found); the file was left untouched (convert it to UTF-8 first, e.g. with iconv)\n"
            )
        );
        let r = run(dir.path(), &["fix", "--in-place", name]);
        assert_eq!(r.code, 2, "{r:?}");
    }
    assert_eq!(fs::read(dir.path().join("le.txt")).unwrap(), utf16le);
    assert_eq!(fs::read(dir.path().join("be.txt")).unwrap(), utf16be);
}

#[test]
fn binary_file_named_is_an_error_walked_is_skipped() {
    let dir = tmp();
    let bin: &[u8] = b"PK\x03\x04Wen Zai\x00\x00 Seoul";
    write(dir.path(), "blob.bin", bin);
    write(dir.path(), "folder/blob.bin", bin);
    write(dir.path(), "folder/clean.txt", CLEAN);

    let r = run(dir.path(), &["check", "blob.bin"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(
        r.stderr,
        "mtfix: error: blob.bin: binary file (NUL byte at offset 11); skipped\n"
    );

    // In a walked folder: a note, and the exit code is the other files'.
    let r = run(dir.path(), &["--color", "never", "check", "folder"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stderr,
        "mtfix: note: folder/blob.bin: binary file (NUL byte at offset 11); skipped\n"
    );
    assert_eq!(r.stdout, "no findings in 1 document\n");

    write(dir.path(), "folder/news.txt", NEWS);
    let r = run(dir.path(), &["fix", "--in-place", "folder"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(read(dir.path().join("folder/news.txt")), NEWS_FIXED);
    assert_eq!(fs::read(dir.path().join("folder/blob.bin")).unwrap(), bin);
    let r = run(dir.path(), &["--color", "never", "check", "folder"]);
    assert_eq!(r.code, 0);
    write(dir.path(), "folder/news.txt", NEWS);
    let r = run(dir.path(), &["--color", "never", "check", "folder"]);
    assert_eq!(r.code, 1, "{r:?}");
}

#[test]
fn empty_file() {
    let dir = tmp();
    write(dir.path(), "empty.txt", "");
    let r = run(dir.path(), &["--color", "never", "check", "empty.txt"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "no findings in 1 document\n")
    );
    let r = run(dir.path(), &["fix", "empty.txt"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    let r = run_stdin(dir.path(), &["fix"], b"");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(dir.path(), &["fix", "--diff", "empty.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn missing_path_is_an_error_and_others_are_processed() {
    let dir = tmp();
    write(dir.path(), "good.txt", NEWS);
    let r = run(
        dir.path(),
        &["--color", "never", "check", "missing.txt", "good.txt"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.starts_with("mtfix: error: missing.txt: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
    assert!(r.stdout.starts_with("good.txt:1:50: "));

    let r = run(
        dir.path(),
        &["fix", "--in-place", "good.txt", "missing.txt"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("mtfix: error: missing.txt: "),
        "{}",
        r.stderr
    );
    assert_eq!(read(dir.path().join("good.txt")), NEWS_FIXED);
    assert!(!dir.path().join("missing.txt").exists());
}

#[test]
fn fix_single_missing_file_names_it() {
    let dir = tmp();
    let r = run(dir.path(), &["fix", "missing.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("mtfix: error: missing.txt: "),
        "{}",
        r.stderr
    );
}

/// When the tests run as root, a chmod 000 file is still readable: run the
/// binary as `nobody` through `setpriv` if possible, else skip.
#[cfg(unix)]
fn unprivileged(dir: &Path, args: &[&str], probe: &Path) -> Option<Run> {
    let readable = if probe.is_dir() {
        fs::read_dir(probe).is_ok()
    } else {
        fs::read(probe).is_ok()
    };
    if !readable {
        return Some(run(dir, args));
    }
    let drop = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let works = Command::new("setpriv")
        .args(drop)
        .args([BIN, "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        eprintln!("skipped: running as root and cannot drop privileges");
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(drop)
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null());
    Some(finish(&mut cmd, None))
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_folder() {
    let dir = tmp();
    let root = dir.path();
    set_mode(root, 0o755);
    let ok = write(root, "ok.txt", NEWS);
    let locked_file = write(root, "noread.txt", NEWS);
    let locked_dir = root.join("locked");
    write(root, "locked/inner.txt", NEWS);
    set_mode(&locked_file, 0o000);
    set_mode(&locked_dir, 0o000);

    if let Some(r) = unprivileged(
        root,
        &["--color", "never", "check", "noread.txt", "ok.txt"],
        &locked_file,
    ) {
        assert_eq!(r.code, 2, "{r:?}");
        assert!(
            r.stderr.starts_with("mtfix: error: noread.txt: "),
            "{}",
            r.stderr
        );
        assert!(r.stdout.starts_with("ok.txt:1:50: "), "{}", r.stdout);
    }
    if let Some(r) = unprivileged(root, &["--color", "never", "check", "."], &locked_dir) {
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains("locked"), "{}", r.stderr);
        assert!(r.stdout.starts_with("./ok.txt:1:50: "), "{}", r.stdout);
        assert!(!r.stdout.contains("inner.txt"));
    }
    set_mode(&locked_dir, 0o755);
    set_mode(&locked_file, 0o644);
    assert_eq!(read(&ok), NEWS);
}

/// One line: `filler` × `repeat`, then an artifact, `artifacts` times.
fn long_line(filler: &str, artifacts: usize, repeat: usize) -> String {
    let filler = filler.repeat(repeat);
    let mut s = String::with_capacity((filler.len() + 50) * artifacts + 20);
    for i in 0..artifacts {
        s.push_str(&filler);
        s.push_str(if i % 2 == 0 {
            "officials in Seoul said Wen Zai would attend; "
        } else {
            "the Korean-Korean talks went on; "
        });
    }
    s.push_str("and that was all.");
    s
}

#[test]
fn very_long_single_line() {
    let dir = tmp();
    // ASCII filler: any non-ASCII character makes the regex rules (Unicode
    // `\b`) leave the fast DFA, which is ~20x slower in a debug build.
    let text = long_line(
        "lorem ipsum dolor sit amet - consectetur adipiscing elit, ",
        1000,
        90,
    );
    assert!(text.len() > 5_000_000 && !text.contains('\n'));
    write(dir.path(), "long.txt", &text);
    let r = run(dir.path(), &["fix", "long.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = replaced(&text, &[WEN_ZAI, KOREAN_KOREAN]);
    assert!(r.stdout.len() == expected.len() && r.stdout == expected);
}

#[test]
fn long_single_line_json_positions_count_chars() {
    let dir = tmp();
    // ~250 KB on one line with multi-byte characters everywhere.
    let text = long_line(
        "lorem ipsum dolor sit amet — consectetur adipiscing elít, ",
        40,
        100,
    );
    write(dir.path(), "long.txt", &text);
    let r = run(dir.path(), &["check", "--format", "json", "long.txt"]);
    assert_eq!(r.code, 1);
    let findings = parse_jsonl(&r.stdout);
    assert_eq!(findings.len(), 40);
    for f in &findings {
        assert_eq!(&text[f.start..f.end], f.matched);
        assert_eq!(f.line, 1);
        assert_eq!(f.column, text[..f.start].chars().count() + 1);
        assert!(f.column < f.start, "columns count characters, not bytes");
    }
    let r = run(dir.path(), &["fix", "long.txt"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout == replaced(&text, &[WEN_ZAI, KOREAN_KOREAN]));
}

#[test]
fn very_long_single_line_human_output_is_fast() {
    let dir = tmp();
    // ~1 MB on one line, 1000 findings: JSON output takes well under a second.
    let filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(17);
    let text: String = (0..1000)
        .map(|_| format!("{filler}In Seoul Wen Zai met officials. "))
        .collect();
    write(dir.path(), "long.txt", &text);
    let mut child = mtfix(dir.path())
        .args(["--color", "never", "check", "long.txt"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let limit = Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("human check of a 1 MB line took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
}

// ------------------------------------------------------ 8. glossary errors

/// Runs `check` with `--rules file` and returns stderr; asserts exit 2 and
/// that nothing was checked.
fn glossary_error(dir: &Path, extra: &[&str]) -> String {
    write(dir, "input.txt", NEWS);
    let mut args = extra.to_vec();
    args.extend(["check", "input.txt"]);
    let r = run(dir, &args);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stdout, "", "nothing is checked with a bad glossary");
    r.stderr
}

#[test]
fn glossary_unknown_field() {
    let dir = tmp();
    write(
        dir.path(),
        "unknown.yaml",
        "- id: widget-corp\n  correct: Widget Corporation\n  variants: [Widgetco Group]\n  categroy: org\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "unknown.yaml"]);
    assert!(err.starts_with("mtfix: error: unknown.yaml:4:3: "), "{err}");
    assert!(err.contains("unknown field `categroy`"), "{err}");
    assert!(err.ends_with("    4 |   categroy: org\n"), "{err}");
}

#[test]
fn glossary_unknown_field_names_the_entry() {
    let dir = tmp();
    write(
        dir.path(),
        "unknown.yaml",
        "- id: widget-corp\n  correct: Widget Corporation\n  variants: [Widgetco Group]\n  categroy: org\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "unknown.yaml"]);
    assert!(
        err.starts_with("mtfix: error: unknown.yaml:4:3: entry 'widget-corp': "),
        "{err}"
    );
}

#[test]
fn glossary_bad_regex() {
    let dir = tmp();
    write(
        dir.path(),
        "re.yaml",
        "- id: fine-entry\n  correct: Widget Corporation\n  category: org\n- id: broken-pattern\n  correct: Gizmo\n  category: term\n  patterns: ['(unclosed']\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "re.yaml"]);
    assert!(
        err.starts_with(
            "mtfix: error: re.yaml:7:3: entry 'broken-pattern': pattern \"(unclosed\" does not compile"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("    7 |   patterns: ['(unclosed']\n"),
        "{err}"
    );
}

#[test]
fn glossary_duplicate_id() {
    let dir = tmp();
    write(
        dir.path(),
        "dup.yaml",
        "- id: twice-here\n  correct: Alpha Centre\n  variants: [Alfa Center]\n  category: org\n- id: twice-here\n  correct: Beta Centre\n  variants: [Beeta Center]\n  category: org\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "dup.yaml"]);
    assert_eq!(
        err,
        "mtfix: error: dup.yaml:5:7: entry 'twice-here': duplicate id; first defined at dup.yaml:1\n    5 | - id: twice-here\n"
    );

    // The same id as a shipped entry.
    write(
        dir.path(),
        "dup2.yaml",
        "- id: moon-jae-in\n  correct: Mun Jaein\n  variants: [Mun Jaeinn]\n  category: name/person\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "dup2.yaml"]);
    let builtin = builtin_line("rules/people.yaml", "moon-jae-in");
    assert_eq!(
        err,
        format!(
            "mtfix: error: dup2.yaml:1:7: entry 'moon-jae-in': duplicate id; first defined at rules/people.yaml:{builtin}\n    1 | - id: moon-jae-in\n"
        )
    );
}

#[test]
fn glossary_variant_is_another_entrys_correct_form() {
    let dir = tmp();
    write(
        dir.path(),
        "mine.yaml",
        "# my names\n- id: my-moon\n  correct: Mun Jaein\n  variants: [Moon Jae-in]\n  category: name/person\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "mine.yaml"]);
    let builtin = builtin_line("rules/people.yaml", "moon-jae-in");
    assert_eq!(
        err,
        format!(
            "mtfix: error: mine.yaml:4:14: entry 'my-moon': variant \"Moon Jae-in\" is the correct form \"Moon Jae-in\" of entry 'moon-jae-in' (rules/people.yaml:{builtin}); fixing it would undo that entry\n    4 |   variants: [Moon Jae-in]\n"
        )
    );
}

#[test]
fn glossary_variant_claimed_twice() {
    let dir = tmp();
    // Against a shipped entry.
    write(
        dir.path(),
        "claim.yaml",
        "- id: my-wen\n  correct: Wen the Painter\n  variants: [Wen Zai]\n  category: name/person\n",
    );
    let err = glossary_error(dir.path(), &["--rules", "claim.yaml"]);
    let builtin = builtin_line("rules/people.yaml", "moon-jae-in");
    assert_eq!(
        err,
        format!(
            "mtfix: error: claim.yaml:3:14: entry 'my-wen': variant \"Wen Zai\" is also claimed by entry 'moon-jae-in' (rules/people.yaml:{builtin}); one text cannot have two corrections\n    3 |   variants: [Wen Zai]\n"
        )
    );

    // Between two user entries, case-insensitively.
    write(
        dir.path(),
        "two.yaml",
        "- id: first-one\n  correct: Alpha Centre\n  variants: [Alfa Center]\n  category: org\n- id: second-one\n  correct: Beta Centre\n  variants: [Beeta Center, alfa center]\n  category: org\n",
    );
    let err = glossary_error(dir.path(), &["--no-default-rules", "--rules", "two.yaml"]);
    assert!(
        err.starts_with("mtfix: error: two.yaml:7:28: entry 'second-one': variant \"alfa center\" is also claimed by entry 'first-one' (two.yaml:1)"),
        "{err}"
    );
}

#[test]
fn glossary_errors_fail_every_command() {
    let dir = tmp();
    write(
        dir.path(),
        "bad.yaml",
        "- id: Not_Kebab\n  correct: X Y\n  category: org\n",
    );
    write(dir.path(), "a.txt", NEWS);
    for args in [
        &["--rules", "bad.yaml", "fix", "a.txt"][..],
        &["--rules", "bad.yaml", "fix", "--in-place", "a.txt"][..],
        &["--rules", "bad.yaml", "rules", "list"][..],
        &["--rules", "bad.yaml", "rules", "test"][..],
        &["--rules", "missing.yaml", "check", "a.txt"][..],
    ] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(r.stderr.starts_with("mtfix: error: "), "{args:?}: {r:?}");
    }
    assert_eq!(read(dir.path().join("a.txt")), NEWS);
}

const MY_RULES_A: &str = "- id: widget-corp\n  correct: Widget Corporation\n  variants: [Widgetco Group]\n  category: org\n";
const MY_RULES_B: &str =
    "- id: gizmo-works\n  correct: Gizmo Works\n  variants: [Gismo Workshop]\n  category: org\n";

#[test]
fn no_default_rules_uses_only_the_user_glossary() {
    let dir = tmp();
    write(dir.path(), "mine.yaml", MY_RULES_A);
    let text = "In Seoul, Wen Zai visited the Widgetco Group plant.\n";
    write(dir.path(), "a.txt", text);

    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "mine.yaml",
            "check",
            "--format",
            "json",
            "a.txt",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    let rules: Vec<String> = parse_jsonl(&r.stdout).into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["widget-corp"]);
    let r = run(
        dir.path(),
        &["--no-default-rules", "--rules", "mine.yaml", "fix", "a.txt"],
    );
    assert_eq!(
        r.stdout,
        replaced(text, &[("Widgetco Group", "Widget Corporation")])
    );

    // With the default glossary too, both are found.
    let r = run(
        dir.path(),
        &["--rules", "mine.yaml", "check", "--format", "json", "a.txt"],
    );
    let rules: Vec<String> = parse_jsonl(&r.stdout).into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["moon-jae-in", "widget-corp"]);

    // No glossary at all: nothing to find.
    let r = run(
        dir.path(),
        &["--no-default-rules", "--color", "never", "check", "a.txt"],
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "no findings in 1 document\n")
    );
}

#[test]
fn rules_folder_loads_every_yaml_inside() {
    let dir = tmp();
    write(dir.path(), "glossary/a.yaml", MY_RULES_A);
    write(dir.path(), "glossary/nested/b.yml", MY_RULES_B);
    // Not YAML by name: ignored, although it would not parse.
    write(dir.path(), "glossary/notes.txt", "this: [is not valid\n");
    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "glossary",
            "rules",
            "list",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let ids: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["widget-corp", "gizmo-works"]);

    let text = "Widgetco Group and Gismo Workshop signed.\n";
    write(dir.path(), "a.txt", text);
    let r = run(
        dir.path(),
        &["--no-default-rules", "--rules", "glossary", "fix", "a.txt"],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "Widget Corporation and Gizmo Works signed.\n");
}

// ------------------------------------------------------------ 9. rules

#[test]
fn rules_list_json_and_human_agree() {
    let dir = tmp();
    let json = run(dir.path(), &["rules", "list", "--format", "json"]);
    assert_eq!(json.code, 0);
    let human = run(dir.path(), &["rules", "list"]);
    assert_eq!(human.code, 0);
    assert_eq!(json.stdout.lines().count(), human.stdout.lines().count());
    assert!(json.stdout.lines().count() >= 20);

    let mut ids = HashSet::new();
    for line in json.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().expect("id is a string");
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        assert!(v["correct"].is_string() || v["correct"].is_null(), "{line}");
        assert!(v["variants"].is_array(), "{line}");
        assert!(v["source"].is_array(), "{line}");
        assert!(
            v["category"].as_str().is_some_and(|c| !c.is_empty()),
            "{line}"
        );
    }
    // The same ids, in the same order, start the human lines.
    let human_ids: Vec<&str> = human
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let json_ids: Vec<String> = json
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(human_ids, json_ids);

    let moon: serde_json::Value = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["id"] == "moon-jae-in")
        .unwrap();
    assert_eq!(moon["correct"], "Moon Jae-in");
    assert!(
        moon["variants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "Wen Zai")
    );
    assert_eq!(moon["source"], serde_json::json!(["文在寅"]));
    assert_eq!(moon["category"], "name/person");
}

#[test]
fn rules_test_passes_for_the_shipped_glossary() {
    let dir = tmp();
    let r = run(dir.path(), &["rules", "test"]);
    assert_eq!(r.code, 0, "{r:?}");
    let last = r.stdout.lines().last().unwrap();
    assert!(last.starts_with("rules test: "), "{last}");
    assert!(last.contains(" passed, 0 failed;"), "{last}");
    assert!(!r.stdout.contains("FAIL"));
}

#[test]
fn rules_test_reports_a_failing_example() {
    let dir = tmp();
    write(
        dir.path(),
        "failing.yaml",
        "- id: widget-corp\n  correct: Widget Corporation\n  variants: [Widgetco Group]\n  category: org\n  tests:\n    - wrong: \"Widgetco Group said\"\n      right: \"Widgetco said\"\n    - wrong: \"the Widgetco Group plant\"\n      right: \"the Widget Corporation plant\"\n",
    );
    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "failing.yaml",
            "rules",
            "test",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .starts_with("FAIL failing.yaml:1: entry 'widget-corp', test 1:"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.lines().last().unwrap(),
        "rules test: 2 examples in 1 entries: 1 passed, 1 failed; 0 entries without examples"
    );
}

#[test]
fn rules_explain_by_id_and_by_term() {
    let dir = tmp();
    let by_id = run(dir.path(), &["rules", "explain", "moon-jae-in"]);
    assert_eq!(by_id.code, 0, "{by_id:?}");
    let builtin = builtin_line("rules/people.yaml", "moon-jae-in");
    let lines: Vec<&str> = by_id.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("moon-jae-in  (name/person, rules/people.yaml:{builtin})")
    );
    assert!(
        lines.contains(&"  correct       Moon Jae-in"),
        "{}",
        by_id.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  variants      Wen Zai | ")),
        "{}",
        by_id.stdout
    );
    assert!(lines.contains(&"  source        文在寅"));
    assert!(lines.contains(&"  follow-up     later lone \"Wen\" → \"Moon\""));

    for term in ["Wen Zai", "wen zai", "Moon Jae-in"] {
        let r = run(dir.path(), &["rules", "explain", term]);
        assert_eq!(r.code, 0, "{term}: {r:?}");
        assert_eq!(r.stdout, by_id.stdout, "{term}");
    }

    let r = run(dir.path(), &["rules", "explain", "no-such-entry"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "mtfix: error: no entry has the id or term \"no-such-entry\" (see `mtfix rules list`)\n"
    );
}

// ------------------------------------------------------ 10. broken pipe

/// Reads one line of the output, closes the pipe and waits.
fn read_one_line_then_close(
    dir: &Path,
    args: &[&str],
) -> (String, std::process::ExitStatus, String) {
    let mut child = mtfix(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut first).unwrap();
    } // dropped: the pipe is closed
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let status = child.wait().unwrap();
    (first, status, stderr)
}

#[test]
fn broken_pipe_is_not_a_failure() {
    let dir = tmp();
    // ~12,000 findings: far more output than a pipe buffer holds.
    let text: String = (0..4000)
        .map(|i| {
            format!(
                "Line {i}: Seoul said Wen Zai and Stephen Bacon discussed Korean-Korean ties.\n"
            )
        })
        .collect();
    write(dir.path(), "big.txt", &text);
    for args in [
        &["check", "--format", "json", "big.txt"][..],
        &["--color", "never", "check", "big.txt"][..],
        &["fix", "--diff", "big.txt"][..],
        &["fix", "big.txt"][..],
    ] {
        let (first, status, stderr) = read_one_line_then_close(dir.path(), args);
        assert!(!first.is_empty(), "{args:?}");
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "{args:?}: {status:?} {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
    let (first, _, _) =
        read_one_line_then_close(dir.path(), &["check", "--format", "json", "big.txt"]);
    let f: JsonFinding = serde_json::from_str(&first).unwrap();
    assert_eq!((f.line, f.rule.as_str()), (1, "moon-jae-in"));
}

// ------------------------------- 11. follow-ups and collisions, end to end

#[test]
fn follow_ups_and_collisions() {
    let dir = tmp();
    let text = "\
Earlier, Wen spoke to Chinese media about the weather.
In Seoul, Wen Zai hosted a dinner. Wen Jiabao, the former Chinese premier, sent a letter.
Wen later thanked the guests; Kim Jong-un's envoy sent a postcard of the Golden Gate Bridge.
They hope for a third Golden Gate between Trump and Kim Jong-un.
Israeli Prime Minister Netanyahu, whom friends call Bibi, phoned US President Biden.
";
    let expected = "\
Earlier, Wen spoke to Chinese media about the weather.
In Seoul, Moon Jae-in hosted a dinner. Wen Jiabao, the former Chinese premier, sent a letter.
Moon later thanked the guests; Kim Jong-un's envoy sent a postcard of the Golden Gate Bridge.
They hope for a third Trump-Kim summit between Trump and Kim Jong-un.
Israeli Prime Minister Netanyahu, whom friends call Bibi, phoned US President Biden.
";
    write(dir.path(), "a.txt", text);
    let r = run(dir.path(), &["fix", "a.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, expected);

    let r = run(dir.path(), &["check", "--format", "json", "a.txt"]);
    let got: Vec<(usize, String, String)> = parse_jsonl(&r.stdout)
        .into_iter()
        .map(|f| (f.line, f.rule, f.matched))
        .collect();
    assert_eq!(
        got,
        [
            (2, "moon-jae-in".into(), "Wen Zai".into()),
            (3, "moon-jae-in".into(), "Wen".into()),
            (
                4,
                "trump-kim-summit-golden-gate".into(),
                "Golden Gate".into()
            ),
        ]
    );

    // The follow-up is document-scoped: another file with only a lone Wen
    // (in a Korean context) keeps it.
    let lone = "In Seoul, Wen told reporters the talks would go on.\n";
    write(dir.path(), "b.txt", lone);
    let r = run(dir.path(), &["fix", "b.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, lone));
    let r = run(dir.path(), &["fix", "--diff", "a.txt", "b.txt"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("b/b.txt"), "{}", r.stdout);

    // Bibi in a Biden context, with nothing Israeli around, is Biden.
    let biden = "The Biden team met in Washington. US President Bibi then left.\n";
    write(dir.path(), "c.txt", biden);
    let r = run(dir.path(), &["fix", "c.txt"]);
    assert_eq!(r.stdout, replaced(biden, &[("Bibi", "Biden")]));
}

// ------------------------------------------------------------ fuzzy flags

const FUZZY_NEWS: &str = "In Seoul, Moon Jae In said the Kaecheng park would reopen.\n";

#[test]
fn fuzzy_findings_in_json_and_the_flags_that_gate_them() {
    let dir = tmp();
    write(dir.path(), "f.txt", FUZZY_NEWS);
    let r = run(dir.path(), &["check", "--format", "json", "f.txt"]);
    assert_eq!(r.code, 1, "{r:?}");
    let f = parse_jsonl(&r.stdout);
    let got: Vec<(&str, &str, &str, &str)> = f
        .iter()
        .map(|f| {
            (
                f.matched.as_str(),
                f.replacement.as_deref().unwrap(),
                f.action.as_str(),
                f.method.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Moon Jae In", "Moon Jae-in", "fix", "fuzzy"),
            ("Kaecheng", "Kaesong", "suggest", "fuzzy"),
        ]
    );
    assert!(
        f[1].message.contains("fuzzy: 0.88 similar to \"Kaicheng\""),
        "{}",
        f[1].message
    );

    // Default: only the near-certain one is fixed, and a suggestion is left (exit 1).
    let r = run(dir.path(), &["fix", "f.txt"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "In Seoul, Moon Jae-in said the Kaecheng park would reopen.\n"
        )
    );
    // --fuzzy suggest: nothing is fixed without --suggestions.
    let r = run(dir.path(), &["--fuzzy", "suggest", "fix", "f.txt"]);
    assert_eq!(r.stdout, FUZZY_NEWS);
    // --min-confidence lowers the bar: both become fixes, exit 0.
    let r = run(dir.path(), &["--min-confidence", "0.7", "fix", "f.txt"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "In Seoul, Moon Jae-in said the Kaesong park would reopen.\n"
        )
    );
    // --fuzzy off: nothing at all.
    let r = run(dir.path(), &["--fuzzy", "off", "check", "f.txt"]);
    assert_eq!(r.code, 0, "{r:?}");
    // Out of range.
    let r = run(dir.path(), &["--min-confidence", "1.5", "check", "f.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("1.5 is outside 0..1"), "{}", r.stderr);
}

#[test]
fn in_place_backup_keeps_the_originals_of_changed_files_only() {
    let dir = tmp();
    write(dir.path(), "news/a.txt", NEWS);
    write(dir.path(), "news/clean.txt", CLEAN);
    let r = run(
        dir.path(),
        &["fix", "--in-place", "--backup", ".orig", "news"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(read(dir.path().join("news/a.txt")), NEWS_FIXED);
    assert_eq!(read(dir.path().join("news/a.txt.orig")), NEWS);
    assert!(
        !dir.path().join("news/clean.txt.orig").exists(),
        "unchanged files get no backup"
    );
    // --backup needs --in-place, and a suffix without slashes.
    let r = run(dir.path(), &["fix", "--backup", ".orig", "news/a.txt"]);
    assert_eq!(r.code, 2);
    let r = run(
        dir.path(),
        &["fix", "--in-place", "--backup", "../x", "news/a.txt"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("without slashes"), "{}", r.stderr);
}

#[test]
fn rules_lint_and_stats() {
    let dir = tmp();
    let r = run(dir.path(), &["rules", "lint"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.ends_with("0 problems\n"), "{}", r.stdout);
    write(
        dir.path(),
        "bad.yaml",
        "- id: foreign-affairs\n  correct: Foreign Ministry\n  variants: [Foreign Affairs]\n  category: org\n- id: ministry\n  correct: Ministry of Foreign Affairs\n  category: org\n  note: the ministry\n  tests: [{unchanged: a text}]\n",
    );
    let r = run(
        dir.path(),
        &["--no-default-rules", "--rules", "bad.yaml", "rules", "lint"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout,
        "bad.yaml:1: entry 'foreign-affairs': variant \"Foreign Affairs\" is inside \"Ministry of Foreign Affairs\", a correct form of entry 'ministry'\n\
         bad.yaml:1: entry 'foreign-affairs': no `note` saying who or what the term is\n\
         bad.yaml:1: entry 'foreign-affairs': no `tests`\n\
         rules lint: 2 entries, 3 problems\n"
    );
    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "bad.yaml",
            "rules",
            "stats",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["org", "2", "1", "0", "0", "1", "1"]),
        "{}",
        r.stdout
    );
}

// ------------------------------------------------------ glossary tools

#[test]
fn rules_lint_fix_writes_the_canonical_form() {
    let dir = tmp();
    write(
        dir.path(),
        "g/mine.yaml",
        "# Mine.\n- {id: b-entry, correct: Bee, category: term, note: b, tests: [{unchanged: x}]}\n- id: a-entry\n  category: term\n  correct: \"Ay\"\n  note: a\n  variants:\n    - Aye Aye\n  tests:\n    - {wrong: Aye Aye, right: Ay}\n",
    );
    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "g",
            "rules",
            "lint",
            "--fix",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "g/mine.yaml: rewritten in canonical form\n");
    let fixed = read(dir.path().join("g/mine.yaml"));
    assert_eq!(
        fixed,
        "# Mine.\n\n- id: a-entry\n  correct: Ay\n  variants: [Aye Aye]\n  category: term\n  note: \"a\"\n  tests:\n    - wrong: \"Aye Aye\"\n      right: \"Ay\"\n\n- id: b-entry\n  correct: Bee\n  category: term\n  note: \"b\"\n  tests:\n    - unchanged: \"x\"\n"
    );
    // A second run changes nothing.
    let r = run(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "g",
            "rules",
            "lint",
            "--fix",
        ],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // Without --rules there is nothing to rewrite: an error, not a no-op.
    let r = run(dir.path(), &["rules", "lint", "--fix"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--rules"), "{}", r.stderr);
}

#[test]
fn rules_add_inserts_merges_and_refuses() {
    let dir = tmp();
    let original = "# My names.\n\n- id: a-person\n  correct: A Person   # a comment that stays\n  category: name/person\n  note: \"someone\"\n  tests: [{unchanged: A Person spoke.}]\n\n# The last one.\n- id: z-person\n  correct: Z Person\n  category: name/person\n  note: \"someone else\"\n  tests: [{unchanged: Z Person spoke.}]\n";
    write(dir.path(), "mine.yaml", original);
    let r = run(
        dir.path(),
        &[
            "rules",
            "add",
            "mine.yaml",
            "--correct",
            "Pak Chol-su",
            "--variant",
            "Piao Zheshou",
            "--source-term",
            "朴哲寿",
            "--note",
            "A fictional Korean official.",
            "--context-any",
            "Seoul",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .ends_with("1 added, 0 merged, 0 unchanged, 0 refused\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.starts_with("--- a/mine.yaml\n+++ b/mine.yaml\n"),
        "{}",
        r.stdout
    );
    let after = read(dir.path().join("mine.yaml"));
    let new_block = "- id: pak-chol-su\n  correct: Pak Chol-su\n  variants: [Piao Zheshou]\n  source: [朴哲寿]\n  category: name/person\n  note: \"A fictional Korean official.\"\n  context:\n    any: [Seoul]\n  tests:\n    - wrong: \"Seoul: Piao Zheshou was named.\"\n      right: \"Seoul: Pak Chol-su was named.\"\n";
    // Inserted at its sorted place; every other byte kept.
    let (head, tail) = original.split_at(original.find("\n# The last one.").unwrap());
    assert_eq!(after, format!("{head}\n{new_block}{tail}"));
    // The new entry works.
    let r = run_stdin(
        dir.path(),
        &["--rules", "mine.yaml", "fix"],
        "In Seoul, Piao Zheshou spoke.".as_bytes(),
    );
    assert_eq!(r.stdout, "In Seoul, Pak Chol-su spoke.");

    // Merging a variant rewrites that entry only; a dry run writes nothing.
    let r = run(
        dir.path(),
        &[
            "rules",
            "add",
            "mine.yaml",
            "--id",
            "pak-chol-su",
            "--variant",
            "Piao Zhe-shou",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("+  variants: [Piao Zheshou, Piao Zhe-shou]\n"),
        "{}",
        r.stdout
    );
    assert_eq!(read(dir.path().join("mine.yaml")), after);

    // What loading or lint would refuse is refused, and the file is kept.
    for bad in [
        &["--correct", "Someone", "--variant", "Kim Jong-un"][..],
        &[
            "--correct",
            "Office",
            "--variant",
            "the",
            "--category",
            "term",
        ][..],
        &[
            "--correct",
            "Nobody",
            "--test-wrong",
            "Nobody",
            "--test-right",
            "Somebody",
        ][..],
    ] {
        let mut args = vec!["rules", "add", "mine.yaml"];
        args.extend_from_slice(bad);
        let r = run(dir.path(), &args);
        assert_ne!(r.code, 0, "{bad:?}: {r:?}");
        assert!(
            r.stderr.contains("refused") || r.stderr.contains("nothing was written"),
            "{}",
            r.stderr
        );
        assert_eq!(read(dir.path().join("mine.yaml")), after, "{bad:?}");
    }
}

#[test]
fn rules_add_from_merges_reviewed_candidates() {
    let dir = tmp();
    write(
        dir.path(),
        "mine.yaml",
        "- id: a-person\n  correct: A Person\n  category: name/person\n  note: \"someone\"\n  tests: [{unchanged: A Person spoke.}]\n",
    );
    write(
        dir.path(),
        "candidates.yaml",
        "# from mtfix mine\n- id: a-person\n  correct: A Person\n  variants: [Ay Person]\n  category: name/person\n- id: b-person\n  correct: B Person\n  variants: [Bee Person]\n  category: name/person\n  note: \"another\"\n- id: c-person\n  correct: C Person\n  variants: [Wen Zai]\n  category: name/person\n  note: \"claims a shipped variant\"\n",
    );
    let r = run(
        dir.path(),
        &["rules", "add", "mine.yaml", "--from", "candidates.yaml"],
    );
    assert_eq!(r.code, 1, "one candidate is refused: {r:?}");
    assert!(r.stderr.contains("refused 'c-person'"), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("1 added, 1 merged, 0 unchanged, 1 refused\n"),
        "{}",
        r.stderr
    );
    let g = read(dir.path().join("mine.yaml"));
    assert!(g.contains("variants: [Ay Person]"), "{g}");
    assert!(g.contains("- id: b-person"), "{g}");
    assert!(!g.contains("c-person"), "{g}");
    let r = run(dir.path(), &["--rules", "mine.yaml", "rules", "lint"]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn rules_import_and_export_round_trip() {
    let dir = tmp();
    write(
        dir.path(),
        "terms.csv",
        "source,correct,alternatives,variants,category,note\n朴哲寿,Pak Chol-su,Pak Chol-soo,Piao Zheshou,name/person,\"President of South Korea, 2022-2025\"\n",
    );
    let r = run(
        dir.path(),
        &["rules", "import", "csv", "terms.csv", "-o", "imported.yaml"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "rules import: 1 entries, 0 records skipped\n");
    let r = run(dir.path(), &["--rules", "imported.yaml", "rules", "lint"]);
    assert_eq!(r.code, 0, "imported entries lint clean: {r:?}");
    for kind in ["csv", "tsv", "tbx"] {
        let out = format!("out.{kind}");
        let r = run(
            dir.path(),
            &[
                "--no-default-rules",
                "--rules",
                "imported.yaml",
                "rules",
                "export",
                kind,
                "-o",
                &out,
            ],
        );
        assert_eq!(r.code, 0, "{r:?}");
        let r = run(dir.path(), &["rules", "import", kind, &out]);
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(
            r.stdout,
            format!(
                "# Imported from {out}.\n\n{}",
                read(dir.path().join("imported.yaml"))
                    .split_once("\n\n")
                    .unwrap()
                    .1
            ),
            "{kind}"
        );
    }
    // A broken table names the file and line.
    write(dir.path(), "bad.csv", "correct,colour\nX,red\n");
    let r = run(dir.path(), &["rules", "import", "csv", "bad.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.csv:1: unknown column \"colour\""),
        "{}",
        r.stderr
    );
}

#[test]
fn rules_import_cedict_is_suggest_only_and_licensed() {
    let dir = tmp();
    write(
        dir.path(),
        "cedict.txt",
        "# CC-CEDICT\n朴哲壽 朴哲寿 [Piao2 Zhe2 shou4] /Pak Chol-soo (1960-), fictional Korean politician/\n文在寅 文在寅 [Wen2 Zai4 yin2] /Moon Jae-in (1953-), Korean politician/\n跑 跑 [pao3] /to run/\n",
    );
    let r = run(
        dir.path(),
        &[
            "rules",
            "import",
            "cedict",
            "cedict.txt",
            "-o",
            "cedict.yaml",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let y = read(dir.path().join("cedict.yaml"));
    assert!(y.starts_with("# Derived from CC-CEDICT"), "{y}");
    assert!(
        y.contains("CC BY-SA") || y.contains("Attribution-ShareAlike"),
        "{y}"
    );
    // 文在寅 is already in the shipped glossary: not imported again.
    assert!(!y.contains("Moon Jae-in"), "{y}");
    assert!(
        y.contains(
            "- id: cedict-pak-chol-soo\n  correct: Pak Chol-soo\n  source: [朴哲寿, 朴哲壽]"
        ),
        "{y}"
    );
    // In target-only text nothing fires; with the source it is a suggestion.
    let r = run_stdin(
        dir.path(),
        &["--rules", "cedict.yaml", "check"],
        "Piao Zheshou spoke.".as_bytes(),
    );
    assert_eq!(r.code, 0, "{r:?}");
    write(
        dir.path(),
        "pair.tsv",
        "朴哲寿发表讲话。\tPiao Zheshou spoke.\n",
    );
    let r = run(
        dir.path(),
        &[
            "--rules",
            "cedict.yaml",
            "check",
            "--format",
            "json",
            "pair.tsv",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("\"rule\":\"cedict-pak-chol-soo\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("\"action\":\"suggest\""), "{}", r.stdout);
}

// ------------------------------------------------------------ threads

/// Documents are processed in parallel, but output is the same, byte for
/// byte and in the same order, for any number of threads.
#[test]
fn output_is_identical_for_any_thread_count() {
    let dir = tmp();
    let article =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/article.txt")).unwrap();
    for i in 0..60 {
        let text = match i % 3 {
            0 => article.repeat(1 + i % 5),
            1 => "Nothing to fix in this one.\n".to_owned(),
            _ => format!("In Seoul, Wen Zai met officials ({i}).\n"),
        };
        write(dir.path(), &format!("docs/{i:03}.txt"), text);
    }
    write(dir.path(), "docs/bad.txt", b"\xff\xfe broken".as_slice());
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        let check = run(
            dir.path(),
            &["--threads", threads, "check", "--format", "json", "docs"],
        );
        let diff = run(dir.path(), &["--threads", threads, "fix", "--diff", "docs"]);
        assert_eq!(check.code, 2, "the bad file is an error: {}", check.stderr);
        outputs.push((check.stdout, check.stderr, diff.stdout, diff.stderr));
    }
    assert!(outputs[0].0.lines().count() > 100);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    // In place, too.
    let r = run(dir.path(), &["--threads", "2", "fix", "--in-place", "docs"]);
    assert_eq!(r.code, 2);
    let after: Vec<String> = (0..60)
        .map(|i| read(dir.path().join(format!("docs/{i:03}.txt"))))
        .collect();
    assert!(after.iter().all(|t| !t.contains("Wen Zai")));
    let r = run(dir.path(), &["--threads", "0", "check", "docs"]);
    assert_eq!(r.code, 2);
}
