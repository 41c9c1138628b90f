//! Reliability promises of the `mtfix` binary, proved end to end:
//!
//! 1. `fix --in-place` is crash-safe: SIGKILL at any moment leaves every
//!    file either as it was or fully fixed, never partial.
//! 2. Hostile inputs (a 100 MB line, 10 million lines, CRLF and mixed line
//!    ends, a folder, a FIFO, a missing path, UTF-16, NUL bytes, an empty
//!    file) are handled with exact exit codes and messages naming the input.
//! 3. Hostile glossaries given with `--rules` (alias bombs, deep nesting,
//!    backtracking-catastrophic regexes, duplicates, conflicts, a correct
//!    form containing its own variant) are refused cleanly or handled in
//!    linear time, without cascading.
//! 4. `fix` changes no text that `check --format json` did not report.
//!
//! The big-data and timing-sensitive tests hold the `HEAVY` lock so that
//! they do not compete with each other for the two cores.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

/// One sentence with three artifacts the default glossary fixes (the
/// Korean words are the context the entries need).
const ART: &str = "In Seoul, Wen Zai met Stephen Bacon about the Fengxili site in North Korea.";

/// What the default glossary makes of the artifacts in `ART`, with their entry ids.
const FIXES: [(&str, &str, &str); 3] = [
    ("Wen Zai", "Moon Jae-in", "moon-jae-in"),
    ("Stephen Bacon", "Stephen Biegun", "stephen-biegun"),
    ("Fengxili", "Punggye-ri", "punggye-ri"),
];

/// Timeout for ordinary runs: far above anything mtfix needs, so that a
/// hang fails the test instead of blocking the suite.
const TIMEOUT: Duration = Duration::from_secs(60);

static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// ---------------------------------------------------------------- helpers

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// The binary, run in `dir`, with no colour-related environment.
fn mtfix(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// What one run did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn out(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }
}

/// Runs `cmd` to its end (feeding `stdin` if given), killing it and failing
/// when it takes longer than `timeout`.
fn finish(mut cmd: Command, stdin: Option<Vec<u8>>, timeout: Duration) -> Run {
    let shown = format!("{cmd:?}");
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {shown}: {e}"));
    let writer = stdin.map(|data| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        thread::spawn(move || {
            let _ = pipe.write_all(&data);
        })
    });
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out_reader = thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).expect("read stdout");
        v
    });
    let err_reader = thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).expect("read stderr");
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for mtfix") {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{shown} did not finish within {timeout:?}");
        }
        thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    if let Some(w) = writer {
        w.join().expect("stdin writer");
    }
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = String::from_utf8(err_reader.join().expect("stderr reader")).expect("UTF-8");
    Run {
        code: status.code(),
        signal: status.signal(),
        stdout,
        stderr,
        elapsed,
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = mtfix(dir);
    cmd.args(args);
    finish(cmd, None, TIMEOUT)
}

/// Runs mtfix under a virtual-memory cap of `vmem_kib` (so that a memory
/// blow-up fails the run instead of eating the machine) and, when GNU time
/// is installed, measures its peak RSS in KiB.
fn run_measured(
    dir: &Path,
    args: &[&str],
    vmem_kib: Option<u64>,
    timeout: Duration,
) -> (Run, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    let rss_file = dir.join(".peak-rss");
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .args(["-c", "ulimit -v \"$1\" && shift && exec \"$@\"", "sh"])
        .arg(vmem_kib.map_or("unlimited".to_owned(), |k| k.to_string()));
    if time.exists() {
        cmd.arg(time).args(["-f", "%M", "-o"]).arg(&rss_file);
    }
    cmd.arg(BIN).args(args);
    let r = finish(cmd, None, timeout);
    // GNU time writes "Command exited with non-zero status N" before the figure.
    let rss = fs::read_to_string(&rss_file).ok().and_then(|s| {
        s.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| l.trim().parse().ok())
    });
    (r, rss)
}

fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, contents).unwrap();
    p
}

fn replaced(text: &str) -> String {
    FIXES
        .iter()
        .fold(text.to_owned(), |t, (from, to, _)| t.replace(from, to))
}

/// `assert_eq!` for big byte strings: reports the first difference, not
/// the whole text.
fn assert_bytes_eq(actual: &[u8], expected: &[u8], what: &str) {
    if actual == expected {
        return;
    }
    let at = actual
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(actual.len().min(expected.len()));
    let lo = at.saturating_sub(40);
    let show = |b: &[u8]| {
        String::from_utf8_lossy(&b[lo.min(b.len())..(at + 40).min(b.len())]).into_owned()
    };
    panic!(
        "{what}: first difference at byte {at} (length {} vs {} expected)\n  actual:   {:?}\n  expected: {:?}",
        actual.len(),
        expected.len(),
        show(actual),
        show(expected)
    );
}

/// File names in `dir` (not recursive), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn is_fifo(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().expect("run mkfifo");
    assert!(st.success(), "mkfifo {}", p.display());
}

/// Writes `data` into the FIFO `p` from another thread (opening it blocks
/// until a reader opens the other end).
fn feed_fifo(p: &Path, data: &[u8]) -> thread::JoinHandle<std::io::Result<()>> {
    let (p, data) = (p.to_owned(), data.to_owned());
    thread::spawn(move || {
        let mut f = fs::OpenOptions::new().write(true).open(&p)?;
        f.write_all(&data)
    })
}

/// Joins a FIFO writer; when mtfix never opened the FIFO, opens it here so
/// that the writer is not left blocked forever. Returns what the writer did,
/// or `None` when it cannot be released (the FIFO was replaced while the
/// writer waited).
fn release_fifo(
    p: &Path,
    writer: thread::JoinHandle<std::io::Result<()>>,
) -> Option<std::io::Result<()>> {
    if !writer.is_finished() {
        thread::sleep(Duration::from_millis(50));
    }
    if !writer.is_finished() {
        if !is_fifo(p) {
            return None;
        }
        let mut sink = Vec::new();
        let _ = fs::File::open(p).and_then(|mut f| f.read_to_end(&mut sink));
    }
    Some(writer.join().expect("FIFO writer"))
}

/// The objects of JSON Lines output (`check --format json`, `rules list --format json`).
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// `(line, column, start, end, rule, matched, replacement)` of a finding.
type Brief = (u64, u64, u64, u64, String, String, Option<String>);

fn brief(f: &Value) -> Brief {
    let n = |k: &str| f[k].as_u64().unwrap_or_else(|| panic!("{k} in {f}"));
    let s = |k: &str| {
        f[k].as_str()
            .unwrap_or_else(|| panic!("{k} in {f}"))
            .to_owned()
    };
    (
        n("line"),
        n("column"),
        n("start"),
        n("end"),
        s("rule"),
        s("matched"),
        f["replacement"].as_str().map(str::to_owned),
    )
}

/// The findings `ART` gives when it starts at byte `at` of line `line`,
/// column 1.
fn art_findings(line: u64, at: usize) -> Vec<Brief> {
    FIXES
        .iter()
        .map(|(from, to, rule)| {
            let pos = ART.find(from).unwrap();
            (
                line,
                pos as u64 + 1,
                (at + pos) as u64,
                (at + pos + from.len()) as u64,
                (*rule).to_owned(),
                (*from).to_owned(),
                Some((*to).to_owned()),
            )
        })
        .collect()
}

/// Neutral sentences: nothing in them is an artifact.
const NEUTRAL: [&str; 5] = [
    "The committee met on Tuesday to discuss the annual budget and the repair of the old bridge.",
    "Rain is expected across the region later this week, according to the weather service.",
    "Local schools will reopen after the holiday with new timetables for every class.",
    "Analysts said the market had been quiet for most of the morning session.",
    "The library extended its opening hours and added a reading room for students.",
];

// ------------------------------------------- 1. crash-safe in-place writes

/// One file of the crash test: about 50 KB of neutral text with `ART` on
/// every seventh line. Returns the name, the text and the number of `ART`s.
fn crash_file(i: usize) -> (String, String, usize) {
    let mut text = format!("Report {i:03} on weather, schools and budgets.\n");
    let mut arts = 0;
    let mut n = 0;
    while text.len() < 50_000 {
        n += 1;
        if n % 7 == 0 {
            text.push_str(ART);
            arts += 1;
        } else {
            text.push_str(NEUTRAL[(i + n) % NEUTRAL.len()]);
        }
        text.push('\n');
    }
    (format!("f{i:03}.txt"), text, arts)
}

/// A small deterministic pseudo-random sequence (PCG-style LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn fresh_copy(files: &[(String, String, usize)]) -> tempfile::TempDir {
    let dir = tmp();
    for (name, text, _) in files {
        let p = write(dir.path(), name, text);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    }
    dir
}

fn summary_line(fixes: usize, changed: usize, documents: usize) -> String {
    format!(
        "mtfix: {fixes} fix{} applied in {changed} of {documents} document{}; 0 findings left to review\n",
        if fixes == 1 { "" } else { "es" },
        if documents == 1 { "" } else { "s" },
    )
}

#[test]
fn in_place_fix_survives_sigkill_at_any_moment() {
    let _heavy = heavy();
    const FILES: usize = 200;
    const CYCLES: usize = 15;
    let files: Vec<(String, String, usize)> = (0..FILES).map(crash_file).collect();
    let total_fixes: usize = files.iter().map(|(_, _, a)| a * FIXES.len()).sum();

    // The fully fixed content of every file, by `mtfix fix FILE` (two workers).
    let base = fresh_copy(&files);
    let fixed: Vec<Vec<u8>> = thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(FILES / 2)
            .map(|chunk| {
                let dir = base.path();
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(name, text, _)| {
                            let r = run(dir, &["fix", name]);
                            assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "fix {name}");
                            assert_bytes_eq(&r.stdout, replaced(text).as_bytes(), name);
                            r.stdout
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });

    // One uninterrupted run: the reference for how long a whole run takes.
    let full = fresh_copy(&files);
    let r = run(full.path(), &["fix", "--in-place", "."]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.out(), "");
    assert_eq!(r.stderr, summary_line(total_fixes, FILES, FILES));
    for (i, (name, _, _)) in files.iter().enumerate() {
        assert_bytes_eq(&fs::read(full.path().join(name)).unwrap(), &fixed[i], name);
    }
    let expected_names: Vec<String> = files.iter().map(|(n, _, _)| n.clone()).collect();
    assert_eq!(
        names(full.path()),
        expected_names,
        "no temporary file is left"
    );
    let full_ms = r.elapsed.as_millis() as u64;
    eprintln!("crash test: an uninterrupted run over {FILES} files takes {full_ms} ms");

    let mut rng = Lcg(0x6d_7466_6978); // "mtfix"
    let (mut killed_runs, mut mid_run_kills, mut leftover_total) = (0, 0, 0);
    for cycle in 0..CYCLES {
        // Even cycles: 1..=40 ms (around the first writes); odd cycles:
        // anywhere in the length of a whole run.
        let span = if cycle % 2 == 0 { 40 } else { full_ms.max(41) };
        let delay = 1 + rng.next() % span;
        let dir = fresh_copy(&files);
        let mut child = mtfix(dir.path())
            .args(["fix", "--in-place", "."])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn mtfix");
        thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait for mtfix");
        let killed = status.signal() == Some(9);
        if !killed {
            assert_eq!(status.code(), Some(0), "cycle {cycle}: {status:?}");
        }

        // Every original is either untouched or fully fixed, and keeps its mode.
        let mut is_new = Vec::with_capacity(FILES);
        for (i, (name, text, _)) in files.iter().enumerate() {
            let p = dir.path().join(name);
            let now = fs::read(&p).unwrap();
            if now == text.as_bytes() {
                is_new.push(false);
            } else if now == fixed[i] {
                is_new.push(true);
            } else {
                assert_bytes_eq(
                    &now,
                    &fixed[i],
                    &format!("cycle {cycle} ({delay} ms): {name} is partial"),
                );
            }
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640, "cycle {cycle}: {name} lost its mode");
        }
        let new_count = is_new.iter().filter(|&&n| n).count();
        // Files are rewritten one by one in sorted order: no file is skipped.
        assert!(
            is_new[..new_count].iter().all(|&n| n),
            "cycle {cycle}: rewritten files are not a prefix of the sorted list: {is_new:?}"
        );
        if !killed {
            assert_eq!(new_count, FILES, "cycle {cycle}: exited 0 with files left");
        }

        // Leftovers: only mtfix's own temporary files (expected after SIGKILL).
        let mut leftovers = Vec::new();
        for n in names(dir.path()) {
            if expected_names.contains(&n) {
                continue;
            }
            assert!(
                n.starts_with(".mtfix-") && n.ends_with(".tmp"),
                "cycle {cycle}: unexpected file {n}"
            );
            let bytes = fs::read(dir.path().join(&n)).unwrap();
            let of = fixed.get(new_count).map_or(&[][..], Vec::as_slice);
            let what = if bytes == of {
                "complete fixed text of the next file"
            } else if of.starts_with(&bytes) {
                "partial fixed text of the next file"
            } else {
                "other data"
            };
            leftovers.push((n, bytes, what));
        }
        leftover_total += leftovers.len();
        killed_runs += usize::from(killed);
        mid_run_kills += usize::from(killed && new_count > 0 && new_count < FILES);
        eprintln!(
            "crash cycle {cycle:2}: SIGKILL after {delay:4} ms: {}; {new_count:3} of {FILES} files fixed, {} untouched; leftovers: {}",
            if killed {
                "killed"
            } else {
                "had already exited 0"
            },
            FILES - new_count,
            if leftovers.is_empty() {
                "none".to_owned()
            } else {
                leftovers
                    .iter()
                    .map(|(n, b, what)| format!("{n} ({} bytes, {what})", b.len()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );

        // A later run finishes the job, and never touches the (hidden) leftovers.
        if cycle % 5 == 4 {
            let r = run(dir.path(), &["fix", "--in-place", "."]);
            let remaining: usize = files[new_count..]
                .iter()
                .map(|(_, _, a)| a * FIXES.len())
                .sum();
            assert_eq!(r.code, Some(0), "{}", r.stderr);
            assert_eq!(r.stderr, summary_line(remaining, FILES - new_count, FILES));
            for (i, (name, _, _)) in files.iter().enumerate() {
                assert_bytes_eq(&fs::read(dir.path().join(name)).unwrap(), &fixed[i], name);
            }
            for (n, bytes, _) in &leftovers {
                assert_eq!(
                    &fs::read(dir.path().join(n)).unwrap(),
                    bytes,
                    "{n} was touched"
                );
            }
        }
    }
    eprintln!(
        "crash test: {killed_runs} of {CYCLES} runs killed, {mid_run_kills} between two files; {leftover_total} temporary file(s) left behind in all"
    );
    assert!(
        killed_runs > 0,
        "no run was ever interrupted: the test proved nothing"
    );
    assert!(
        mid_run_kills > 0,
        "no run was interrupted after its first write"
    );
}

// ------------------------------------------------------ 2. bad-input matrix

#[test]
fn hundred_megabyte_single_line() {
    let _heavy = heavy();
    let dir = tmp();
    let filler = "the quick brown fox jumps over the lazy dog near the river bank, ";
    let mut chunk = filler.repeat(100_000 / filler.len());
    chunk.push_str(ART);
    chunk.push(' ');
    let chunks = 100_000_000usize.div_ceil(chunk.len());
    let mut text = chunk.repeat(chunks);
    text.push('\n');
    assert!(text.len() >= 100_000_000 && !text[..text.len() - 1].contains('\n'));
    write(dir.path(), "big.txt", &text);
    let expected = replaced(&text);
    drop(text);

    let mut cmd = mtfix(dir.path());
    cmd.args(["fix", "big.txt"]);
    let r = finish(cmd, None, Duration::from_secs(120));
    eprintln!(
        "100 MB single line ({chunks} × {} artifacts): `fix` took {:.2?}",
        FIXES.len(),
        r.elapsed
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_bytes_eq(&r.stdout, expected.as_bytes(), "fix of the 100 MB line");
}

#[test]
fn ten_million_short_lines() {
    let _heavy = heavy();
    let dir = tmp();
    const LINES: u64 = 10_000_000;
    let mut text = String::with_capacity(81_000_000);
    let mut expected = Vec::new();
    for line in 1..=LINES {
        if line % 100_000 == 0 {
            expected.extend(art_findings(line, text.len()));
            text.push_str(ART);
        } else {
            text.push_str("ok line");
        }
        text.push('\n');
    }
    write(dir.path(), "lines.txt", &text);
    let size_mb = text.len() as f64 / 1e6;
    drop(text);

    let (r, rss) = run_measured(
        dir.path(),
        &["check", "--format", "json", "lines.txt"],
        None,
        Duration::from_secs(120),
    );
    eprintln!(
        "10 million lines ({size_mb:.0} MB): `check --format json` took {:.2?}, peak RSS {}",
        r.elapsed,
        rss.map_or("not measured (no /usr/bin/time)".to_owned(), |k| format!(
            "{:.0} MB",
            k as f64 / 1024.0
        ))
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(1), ""));
    let got: Vec<Brief> = json_lines(r.out()).iter().map(brief).collect();
    assert_eq!(got.len(), 300);
    assert_eq!(got, expected);
    if let Some(kib) = rss {
        // A guard against blow-ups, not a target: see the figure printed above.
        assert!(kib < 4 * 1024 * 1024, "peak RSS {kib} KiB");
    }
}

#[test]
fn crlf_and_mixed_line_endings_are_kept_byte_for_byte() {
    let dir = tmp();
    let lines = [NEUTRAL[0], ART, "", NEUTRAL[1], ART, NEUTRAL[2]];
    let crlf = lines.join("\r\n") + "\r\n";
    // CRLF, LF, a lone CR, blank lines of both kinds, no final newline.
    let mixed = format!(
        "{}\r\n{ART}\n{}\r{ART}\r\n\r\n{ART}\n\n\r\nlast line {ART}",
        NEUTRAL[0], NEUTRAL[1]
    );
    let bom_crlf = format!("\u{FEFF}{crlf}");
    for (name, text) in [
        ("crlf.txt", &crlf),
        ("mixed.txt", &mixed),
        ("bom.txt", &bom_crlf),
    ] {
        write(dir.path(), name, text);
        let expected = replaced(text);
        let r = run(dir.path(), &["fix", name]);
        assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "{name}");
        assert_bytes_eq(&r.stdout, expected.as_bytes(), name);

        let r = run(dir.path(), &["fix", "--in-place", name]);
        let arts = text.matches(ART).count();
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        assert_eq!(r.stderr, summary_line(arts * FIXES.len(), 1, 1));
        assert_bytes_eq(
            &fs::read(dir.path().join(name)).unwrap(),
            expected.as_bytes(),
            name,
        );
    }
    assert_eq!(names(dir.path()), ["bom.txt", "crlf.txt", "mixed.txt"]);
}

#[test]
fn a_folder_given_to_fix_is_an_error() {
    let dir = tmp();
    let text = format!("{ART}\n");
    write(dir.path(), "news/a.txt", &text);
    for path in ["news", "news/", "./news"] {
        let r = run(dir.path(), &["fix", path]);
        assert_eq!(r.code, Some(2), "{path}");
        assert_eq!(r.out(), "");
        assert_eq!(
            r.stderr,
            format!(
                "mtfix: error: `fix` writes one document to stdout, but {path} is a folder; use --in-place or --diff\n"
            )
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("news/a.txt")).unwrap(),
        text
    );
    // The folder itself is fine with --in-place.
    let r = run(dir.path(), &["fix", "--in-place", "news"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (Some(0), summary_line(3, 1, 1).as_str())
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("news/a.txt")).unwrap(),
        replaced(&text)
    );
}

#[test]
fn a_fifo_is_read_to_its_end() {
    let dir = tmp();
    let pipe = dir.path().join("pipe");
    mkfifo(&pipe);
    let text = format!("{}\n{ART}\n", NEUTRAL[0]);
    let at = NEUTRAL[0].len() + 1;

    let writer = feed_fifo(&pipe, text.as_bytes());
    let mut cmd = mtfix(dir.path());
    cmd.args(["check", "--format", "json", "pipe"]);
    let r = finish(cmd, None, Duration::from_secs(20));
    let wrote = release_fifo(&pipe, writer);
    assert_eq!((r.code, r.stderr.as_str()), (Some(1), ""));
    let got = json_lines(r.out());
    assert!(got.iter().all(|f| f["path"] == "pipe"), "{}", r.out());
    assert_eq!(
        got.iter().map(brief).collect::<Vec<_>>(),
        art_findings(2, at)
    );
    assert!(
        matches!(wrote, Some(Ok(()))),
        "the writer was not read to its end: {wrote:?}"
    );

    // `fix` on a FIFO writes the fixed text to stdout.
    let writer = feed_fifo(&pipe, text.as_bytes());
    let mut cmd = mtfix(dir.path());
    cmd.args(["fix", "pipe"]);
    let r = finish(cmd, None, Duration::from_secs(20));
    let wrote = release_fifo(&pipe, writer);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_eq!(r.out(), replaced(&text));
    assert!(matches!(wrote, Some(Ok(()))), "{wrote:?}");
    assert!(is_fifo(&pipe));
}

#[test]
fn a_fifo_met_while_walking_a_folder_is_skipped_without_blocking() {
    let dir = tmp();
    let text = format!("{ART}\n");
    write(dir.path(), "news/a.txt", &text);
    mkfifo(&dir.path().join("news/pipe"));
    // Nobody ever writes to the FIFO: opening it would block forever.
    let mut cmd = mtfix(dir.path());
    cmd.args(["check", "--format", "json", "news"]);
    let r = finish(cmd, None, Duration::from_secs(20));
    assert_eq!((r.code, r.stderr.as_str()), (Some(1), ""));
    let got = json_lines(r.out());
    assert!(got.iter().all(|f| f["path"] == "news/a.txt"), "{}", r.out());
    assert_eq!(
        got.iter().map(brief).collect::<Vec<_>>(),
        art_findings(1, 0)
    );

    let mut cmd = mtfix(dir.path());
    cmd.args(["fix", "--in-place", "news"]);
    let r = finish(cmd, None, Duration::from_secs(20));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (Some(0), summary_line(3, 1, 1).as_str())
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("news/a.txt")).unwrap(),
        replaced(&text)
    );
    assert!(
        is_fifo(&dir.path().join("news/pipe")),
        "the FIFO is left alone"
    );
}

#[test]
fn fix_in_place_refuses_a_named_fifo() {
    let dir = tmp();
    let pipe = dir.path().join("pipe");
    mkfifo(&pipe);
    let writer = feed_fifo(&pipe, format!("{ART}\n").as_bytes());
    let mut cmd = mtfix(dir.path());
    cmd.args(["fix", "--in-place", "pipe"]);
    let r = finish(cmd, None, Duration::from_secs(20));
    let _ = release_fifo(&pipe, writer);
    assert!(
        is_fifo(&pipe),
        "the FIFO was replaced by a regular file holding {:?} (exit {:?}, stderr {:?})",
        fs::read_to_string(&pipe).unwrap_or_default(),
        r.code,
        r.stderr
    );
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("pipe"), "{}", r.stderr);
}

#[test]
fn a_missing_path_is_named_and_the_others_are_processed() {
    let dir = tmp();
    let text = format!("{ART}\n");
    write(dir.path(), "good.txt", &text);
    let missing = "mtfix: error: missing.txt: No such file or directory (os error 2)\n";

    let r = run(dir.path(), &["check", "missing.txt"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(2), missing));
    assert_eq!(r.out(), "no findings in 0 documents\n");

    let r = run(
        dir.path(),
        &["check", "--format", "json", "missing.txt", "good.txt"],
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(2), missing));
    assert_eq!(
        json_lines(r.out()).iter().map(brief).collect::<Vec<_>>(),
        art_findings(1, 0)
    );

    let r = run(dir.path(), &["fix", "missing.txt"]);
    assert_eq!((r.code, r.out(), r.stderr.as_str()), (Some(2), "", missing));

    let r = run(
        dir.path(),
        &["fix", "--in-place", "missing.txt", "good.txt"],
    );
    assert_eq!(r.code, Some(2));
    assert_eq!(
        r.stderr,
        format!(
            "{missing}mtfix: 3 fixes applied in 1 of 1 document; 0 findings left to review; 1 error(s)\n"
        )
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("good.txt")).unwrap(),
        replaced(&text)
    );
    assert_eq!(names(dir.path()), ["good.txt"], "nothing was created");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_a_bom_is_refused_and_left_untouched() {
    let dir = tmp();
    let text = format!("{ART}\n");
    let le = utf16(&text, false);
    let be = utf16(&text, true);
    write(dir.path(), "le.txt", &le);
    write(dir.path(), "be.txt", &be);
    write(dir.path(), "news/le.txt", &le);
    let refused = |name: &str| {
        format!(
            "mtfix: error: {name}: UTF-16 text (byte-order mark found); the file was left untouched (convert it to UTF-8 first, e.g. with iconv)\n"
        )
    };
    for name in ["le.txt", "be.txt"] {
        let r = run(dir.path(), &["check", "--format", "json", name]);
        assert_eq!(
            (r.code, r.out(), r.stderr.as_str()),
            (Some(2), "", refused(name).as_str())
        );
        let r = run(dir.path(), &["fix", name]);
        assert_eq!(
            (r.code, r.out(), r.stderr.as_str()),
            (Some(2), "", refused(name).as_str())
        );
        let r = run(dir.path(), &["fix", "--in-place", name]);
        assert_eq!(r.code, Some(2));
        assert_eq!(
            r.stderr,
            refused(name)
                + "mtfix: 0 fixes applied in 0 of 0 documents; 0 findings left to review; 1 error(s)\n"
        );
    }
    // Met while walking a folder, UTF-16 is an error too (unlike binary files).
    let r = run(dir.path(), &["fix", "--in-place", "news"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.starts_with(&refused("news/le.txt")),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(dir.path().join("le.txt")).unwrap(), le);
    assert_eq!(fs::read(dir.path().join("be.txt")).unwrap(), be);
    assert_eq!(fs::read(dir.path().join("news/le.txt")).unwrap(), le);
}

#[test]
fn nul_bytes_are_binary() {
    let dir = tmp();
    let text = format!("{ART}\0 and more\n");
    let offset = ART.len();
    write(dir.path(), "nul.txt", &text);
    write(dir.path(), "news/nul.txt", &text);
    write(dir.path(), "news/ok.txt", format!("{ART}\n"));
    let binary =
        |name: &str| format!("{name}: binary file (NUL byte at offset {offset}); skipped\n");

    // Named: an error.
    let r = run(dir.path(), &["check", "--format", "json", "nul.txt"]);
    let err = format!("mtfix: error: {}", binary("nul.txt"));
    assert_eq!(
        (r.code, r.out(), r.stderr.as_str()),
        (Some(2), "", err.as_str())
    );
    let r = run(dir.path(), &["fix", "--in-place", "nul.txt"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.starts_with(&err), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("nul.txt")).unwrap(),
        text
    );

    // Walked: skipped with a note, the other file is processed.
    let note = format!("mtfix: note: {}", binary("news/nul.txt"));
    let r = run(dir.path(), &["check", "--format", "json", "news"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(1), note.as_str()));
    assert!(
        json_lines(r.out())
            .iter()
            .all(|f| f["path"] == "news/ok.txt")
    );
    let r = run(dir.path(), &["fix", "--in-place", "news"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stderr, note + &summary_line(3, 1, 1));
    assert_eq!(
        fs::read_to_string(dir.path().join("news/nul.txt")).unwrap(),
        text
    );
}

#[test]
fn an_empty_file() {
    let dir = tmp();
    write(dir.path(), "empty.txt", "");
    let r = run(dir.path(), &["check", "empty.txt"]);
    assert_eq!(
        (r.code, r.out(), r.stderr.as_str()),
        (Some(0), "no findings in 1 document\n", "")
    );
    let r = run(dir.path(), &["check", "--format", "json", "empty.txt"]);
    assert_eq!((r.code, r.out(), r.stderr.as_str()), (Some(0), "", ""));
    let r = run(dir.path(), &["fix", "empty.txt"]);
    assert_eq!((r.code, r.out(), r.stderr.as_str()), (Some(0), "", ""));
    let r = run(dir.path(), &["fix", "--in-place", "empty.txt"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (Some(0), summary_line(0, 0, 1).as_str())
    );
    assert_eq!(fs::read(dir.path().join("empty.txt")).unwrap(), b"");
    assert_eq!(names(dir.path()), ["empty.txt"]);
}

// ------------------------------------------------- 3. glossary attacks

/// Virtual-memory cap for glossary attacks: a blow-up aborts instead of swapping.
const GLOSSARY_VMEM_KIB: u64 = 2 * 1024 * 1024;

/// Runs `cmd` (by default `check` over a one-line text) with `--rules FILE`
/// under the memory cap; returns the run and its peak RSS.
fn with_rules(dir: &Path, rules: &str, cmd: &[&str], timeout: Duration) -> (Run, Option<u64>) {
    write(dir, "text.txt", format!("{ART}\n"));
    let mut args = vec!["--rules", rules];
    args.extend_from_slice(if cmd.is_empty() {
        &["check", "text.txt"]
    } else {
        cmd
    });
    run_measured(dir, &args, Some(GLOSSARY_VMEM_KIB), timeout)
}

/// The nine levels of a "billion laughs": `&a ["lol" ×9]`, `&b [*a ×9]`,
/// …, `&i [*h ×9]`; the last one expands to 9⁹ strings.
fn alias_levels() -> Vec<String> {
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    let mut levels = vec![format!("&a [{}]", ["\"lol\""; 9].join(","))];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        levels.push(format!("&{} [{refs}]", w[1]));
    }
    levels
}

#[test]
fn yaml_alias_bombs_are_refused_quickly() {
    let _heavy = heavy();
    let dir = tmp();
    let bomb = format!("[{}]", alias_levels().join(", "));
    let entry =
        |field: &str| format!("- id: bomb\n  correct: Boom\n  category: t\n  {field}: {bomb}\n");
    let top_level: String = alias_levels().iter().map(|l| format!("- {l}\n")).collect();
    let cases = [
        // `source` takes one string or a list, so serde buffers the whole value.
        ("source.yaml", entry("source"), "mtfix: error: source.yaml: repetition limit exceeded".to_owned()),
        (
            "variants.yaml",
            entry("variants"),
            "mtfix: error: variants.yaml:4:14: variants[0]: invalid type: sequence, expected a string".to_owned(),
        ),
        (
            "top.yaml",
            top_level,
            "mtfix: error: top.yaml:1:3: invalid type: sequence, expected ".to_owned(),
        ),
    ];
    for (name, yaml, first_line) in cases {
        write(dir.path(), name, &yaml);
        let (r, rss) = with_rules(dir.path(), name, &[], Duration::from_secs(30));
        eprintln!(
            "alias bomb in {name}: refused in {:.2?}, peak RSS {}",
            r.elapsed,
            rss.map_or("not measured".to_owned(), |k| format!("{k} KiB"))
        );
        assert_eq!(
            (r.code, r.signal, r.out()),
            (Some(2), None, ""),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.starts_with(&first_line), "{name}: {}", r.stderr);
        assert!(
            r.elapsed < Duration::from_secs(5),
            "{name}: {:?}",
            r.elapsed
        );
        if let Some(kib) = rss {
            assert!(kib < 256 * 1024, "{name}: peak RSS {kib} KiB");
        }
    }
}

#[test]
fn deeply_nested_yaml_is_refused_without_crashing() {
    let dir = tmp();
    let n = 10_000;
    let mut block = "- id: deep\n  correct: X\n  category: t\n  source:\n".to_owned();
    for depth in 0..2_000 {
        block.push_str(&"  ".repeat(depth + 2));
        block.push_str("-\n");
    }
    let cases = [
        (
            "seq.yaml",
            format!("{}{}\n", "[".repeat(n), "]".repeat(n)),
            "mtfix: error: seq.yaml:1:65: nested more than 64 levels deep",
        ),
        (
            "open.yaml",
            format!("{}\n", "[".repeat(n)),
            "mtfix: error: open.yaml:",
        ),
        (
            "variants.yaml",
            format!(
                "- id: deep\n  correct: X\n  category: t\n  variants: {}{}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
            "mtfix: error: variants.yaml:4:77: nested more than 64 levels deep",
        ),
        (
            "source.yaml",
            format!(
                "- id: deep\n  correct: X\n  category: t\n  source: {}{}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
            "mtfix: error: source.yaml:4:75: nested more than 64 levels deep",
        ),
        ("block.yaml", block, "mtfix: error: block.yaml:"),
        (
            "map.yaml",
            format!("{}{}\n", "{a: ".repeat(n), "}".repeat(n)),
            "mtfix: error: map.yaml:1:257: nested more than 64 levels deep",
        ),
    ];
    for (name, yaml, start) in cases {
        write(dir.path(), name, &yaml);
        let (r, _) = with_rules(dir.path(), name, &[], Duration::from_secs(60));
        eprintln!("nested YAML {name}: refused in {:.2?}", r.elapsed);
        assert_eq!(
            (r.code, r.signal, r.out()),
            (Some(2), None, ""),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.starts_with(start), "{name}: {}", r.stderr);
        assert!(
            r.elapsed < Duration::from_secs(15),
            "{name}: {:?}",
            r.elapsed
        );
    }
}

#[test]
fn nested_flow_mappings_load_in_linear_time() {
    let _heavy = heavy();
    let dir = tmp();
    let n = 40_000;
    write(
        dir.path(),
        "map.yaml",
        format!("{}{}\n", "{a: ".repeat(n), "}".repeat(n)),
    );
    let (r, _) = with_rules(dir.path(), "map.yaml", &[], Duration::from_secs(300));
    eprintln!("40,000 nested flow mappings: refused in {:.2?}", r.elapsed);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
}

#[test]
fn backtracking_bombs_run_in_linear_time() {
    let _heavy = heavy();
    let dir = tmp();
    write(
        dir.path(),
        "bombs.yaml",
        "- id: nested-plus\n  replace: \"<A>\"\n  patterns: ['(a+)+$']\n  category: t\n\
         - id: alt-plus\n  replace: \"<B:$1>\"\n  patterns: ['(a|aa)+b']\n  category: t\n\
         - id: double-plus\n  replace: \"<C>\"\n  patterns: ['(x+x+)+y']\n  category: t\n",
    );
    let a = "a".repeat(1_000_000);
    let x = "x".repeat(1_000_000);
    let cases = [
        ("a.txt", a.clone(), "<A>".to_owned(), Some("nested-plus")),
        (
            "ab.txt",
            format!("{a}b"),
            "<B:a>".to_owned(),
            Some("alt-plus"),
        ),
        // No match at all: the worst case for a backtracking engine.
        ("ac.txt", format!("{a}c"), format!("{a}c"), None),
        ("xz.txt", format!("{x}z"), format!("{x}z"), None),
        (
            "xy.txt",
            format!("{x}y"),
            "<C>".to_owned(),
            Some("double-plus"),
        ),
    ];
    for (name, text, expected, rule) in cases {
        write(dir.path(), name, &text);
        for defaults in [false, true] {
            let mut args = vec!["--rules", "bombs.yaml"];
            if !defaults {
                args.push("--no-default-rules");
            }
            let (r, _) = run_measured(
                dir.path(),
                &[args.as_slice(), &["fix", name]].concat(),
                Some(GLOSSARY_VMEM_KIB),
                Duration::from_secs(20),
            );
            eprintln!(
                "regex bomb over 1 MB ({name}, default rules {defaults}): {:.2?}",
                r.elapsed
            );
            assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "{name}");
            assert_eq!(r.out(), expected, "{name}");
        }
        let r = run(
            dir.path(),
            &[
                "--no-default-rules",
                "--rules",
                "bombs.yaml",
                "check",
                "--format",
                "json",
                name,
            ],
        );
        let got = json_lines(r.out());
        match rule {
            None => assert_eq!((r.code, got.len()), (Some(0), 0), "{name}"),
            Some(rule) => {
                assert_eq!((r.code, got.len()), (Some(1), 1), "{name}");
                assert_eq!(got[0]["rule"], rule);
                assert_eq!(
                    (got[0]["start"].as_u64(), got[0]["end"].as_u64()),
                    (Some(0), Some(text.len() as u64))
                );
            }
        }
    }
    // A pattern too big to compile is refused at load, not at match time.
    write(
        dir.path(),
        "huge.yaml",
        "- id: huge\n  replace: x\n  patterns: ['(?:(?:a{100}){100}){100}']\n  category: t\n",
    );
    let r = run(dir.path(), &["--rules", "huge.yaml", "check", "a.txt"]);
    assert_eq!((r.code, r.out()), (Some(2), ""));
    assert_eq!(
        r.stderr,
        "mtfix: error: huge.yaml:3:3: entry 'huge': pattern \"(?:(?:a{100}){100}){100}\" does not compile: Compiled regex exceeds size limit of 10485760 bytes.\n    3 |   patterns: ['(?:(?:a{100}){100}){100}']\n"
    );
}

/// `file:line` of entry `id` of the embedded glossary, as the binary
/// itself reports it (`rules list --format json`).
fn builtin_place(id: &str) -> String {
    let r = run(Path::new("."), &["rules", "list", "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let entry = json_lines(r.out())
        .into_iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id}"));
    format!("{}:{}", entry["file"].as_str().unwrap(), entry["line"])
}

#[test]
fn duplicate_and_conflicting_entries_are_refused_with_a_location() {
    let dir = tmp();
    let cases = [
        (
            "dup.yaml",
            "- id: great-hall\n  correct: Great Hall of the People\n  variants: [People's Great Hall]\n  category: name/place\n\n\
             - id: great-hall\n  correct: Great Hall of the People\n  variants: [People's Great Hall]\n  category: name/place\n"
                .to_owned(),
            "mtfix: error: dup.yaml:6:7: entry 'great-hall': duplicate id; first defined at dup.yaml:1\n    6 | - id: great-hall\n"
                .to_owned(),
        ),
        (
            "twice.yaml",
            "- id: alpha-one\n  correct: Alpha One\n  variants: [Shared Name]\n  category: name/person\n\n\
             - id: alpha-two\n  correct: Alpha Two\n  variants: [shared name]\n  category: name/person\n"
                .to_owned(),
            "mtfix: error: twice.yaml:8:14: entry 'alpha-two': variant \"shared name\" is also claimed by entry 'alpha-one' (twice.yaml:1); one text cannot have two corrections\n    8 |   variants: [shared name]\n"
                .to_owned(),
        ),
        (
            "swap.yaml",
            "- id: to-beta\n  correct: Beta Town\n  variants: [Alpha Town]\n  category: name/place\n\n\
             - id: to-alpha\n  correct: Alpha Town\n  variants: [Beta Town]\n  category: name/place\n"
                .to_owned(),
            "mtfix: error: swap.yaml:3:14: entry 'to-beta': variant \"Alpha Town\" is the correct form \"Alpha Town\" of entry 'to-alpha' (swap.yaml:6); fixing it would undo that entry\n    3 |   variants: [Alpha Town]\n"
                .to_owned(),
        ),
        (
            "clash.yaml",
            "- id: my-moon\n  correct: President Moon\n  variants: [Wen Zai]\n  category: name/person\n".to_owned(),
            format!(
                "mtfix: error: clash.yaml:3:14: entry 'my-moon': variant \"Wen Zai\" is also claimed by entry 'moon-jae-in' ({}); one text cannot have two corrections\n    3 |   variants: [Wen Zai]\n",
                builtin_place("moon-jae-in")
            ),
        ),
    ];
    for (name, yaml, expected) in cases {
        write(dir.path(), name, &yaml);
        for cmd in [
            &["check", "text.txt"][..],
            &["fix", "text.txt"],
            &["rules", "list"],
        ] {
            let (r, _) = with_rules(dir.path(), name, cmd, TIMEOUT);
            assert_eq!((r.code, r.out()), (Some(2), ""), "{name}");
            assert_eq!(r.stderr, expected, "{name}");
        }
    }
}

#[test]
fn a_correct_form_containing_its_variant_does_not_cascade() {
    let dir = tmp();
    write(
        dir.path(),
        "hall.yaml",
        "- id: great-hall\n  correct: Great Hall of the People\n  variants: [Great Hall]\n  category: name/place\n",
    );
    write(
        dir.path(),
        "hall-pattern.yaml",
        "- id: great-hall\n  correct: Great Hall of the People\n  patterns: ['(?i)(?-u:\\b)great hall(?-u:\\b)']\n  category: name/place\n",
    );
    let text = "They met in the Great Hall on Monday. The Great Hall of the People was full.\n\
                GREAT HALL. The great hall again, and the Great Hall's steps.\n";
    let once = "They met in the Great Hall of the People on Monday. The Great Hall of the People was full.\n\
                GREAT HALL OF THE PEOPLE. The Great Hall of the People again, and the Great Hall of the People's steps.\n";
    write(dir.path(), "hall.txt", text);
    for rules in ["hall.yaml", "hall-pattern.yaml"] {
        for defaults in [&["--no-default-rules"][..], &[]] {
            let args = [&["--rules", rules][..], defaults].concat();
            let r = run(
                dir.path(),
                &[args.as_slice(), &["fix", "hall.txt"]].concat(),
            );
            assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "{rules}");
            assert_eq!(r.out(), once, "{rules}");
            write(dir.path(), "once.txt", once);
            let r = run(
                dir.path(),
                &[args.as_slice(), &["fix", "once.txt"]].concat(),
            );
            assert_eq!(
                (r.code, r.out(), r.stderr.as_str()),
                (Some(0), once, ""),
                "{rules}: fixing again"
            );
            let r = run(
                dir.path(),
                &[args.as_slice(), &["check", "--format", "json", "once.txt"]].concat(),
            );
            assert_eq!(
                (r.code, r.out()),
                (Some(0), ""),
                "{rules}: the fixed text is clean"
            );
        }
    }
}

// ------------------------------- 4. nothing changes that was not reported

/// Applies the JSON findings of `input` to it, by byte offsets, after
/// checking every finding against the input: `matched` is the span, line
/// and column point at `start`, findings are sorted and disjoint.
fn apply_findings(name: &str, input: &str, found: &[Value], suggestions: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut at = 0;
    for f in found {
        let (line, column, start, end, _, matched, replacement) = brief(f);
        let (start, end) = (start as usize, end as usize);
        assert_eq!(f["path"], name);
        assert!(
            at <= start && start <= end,
            "{name}: unsorted or overlapping: {f}"
        );
        assert_eq!(input.get(start..end), Some(matched.as_str()), "{name}: {f}");
        let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            line,
            1 + input[..start].matches('\n').count() as u64,
            "{name}: {f}"
        );
        assert_eq!(
            column,
            1 + input[line_start..start].chars().count() as u64,
            "{name}: {f}"
        );
        let action = f["action"].as_str().unwrap();
        assert!(matches!(action, "fix" | "suggest"), "{f}");
        let Some(replacement) = replacement else {
            continue;
        };
        if action == "fix" || suggestions {
            out.push_str(&input[at..start]);
            out.push_str(&replacement);
            at = end;
        }
    }
    out.push_str(&input[at..]);
    out
}

#[test]
fn fix_changes_nothing_that_check_did_not_report() {
    let dir = tmp();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = fs::read_to_string(manifest.join("examples/article.txt")).unwrap();
    let mut inputs = vec![
        ("article.txt".to_owned(), article.clone()),
        ("article-crlf.txt".to_owned(), article.replace('\n', "\r\n")),
        (
            "non-ascii.txt".to_owned(),
            "« Le président » — South Korean President Wen Zai (文在寅) met Kim Jong-un in Pyongyang; 金特会 was called the “Golden Conference”.\n\
             Ünïcödé 🎉 Stephen Bacon said «Fengxili» is closed. Data map: Ärzte at the Korean-Korean border.\n\
             Wen Zai’s office said naïve “Golden Conference” talk — 第二次 — is premature. 한국어 텍스트 Xu Xun.\n"
                .to_owned(),
        ),
        (
            "fuzzy-bom.txt".to_owned(),
            "\u{FEFF}South Korean President Moon Jae In visited Kaecheng on Monday.\r\n\
             The Pungye-ri site and Stephen Bigun were discussed in Seoul with North Korea.\r\n\r\n\
             Wen Zai said the \"Golden Conference\" was near. (End)\r\n\r\nLatest International News\r\n"
                .to_owned(),
        ),
    ];
    // The real articles, when they are around (see tests/seeds.rs).
    if let Ok(read) = fs::read_dir(manifest.join("../shared/seeds")) {
        let mut seeds: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
        seeds.sort();
        for p in seeds {
            let name = format!("seed-{}", p.file_name().unwrap().to_string_lossy());
            inputs.push((name, fs::read_to_string(&p).unwrap()));
        }
    }
    for (name, input) in &inputs {
        write(dir.path(), name, input);
        let r = run(dir.path(), &["check", "--format", "json", name]);
        assert_eq!((r.code, r.stderr.as_str()), (Some(1), ""), "{name}");
        let found = json_lines(r.out());
        let left = found
            .iter()
            .filter(|f| f["action"] != "fix" || f["replacement"].is_null())
            .count();
        let unappliable = found.iter().filter(|f| f["replacement"].is_null()).count();

        let r = run(dir.path(), &["fix", name]);
        assert_eq!(r.stderr, "", "{name}");
        assert_eq!(r.code, Some(i32::from(left > 0)), "{name}");
        assert_bytes_eq(
            apply_findings(name, input, &found, false).as_bytes(),
            &r.stdout,
            &format!("{name}: JSON findings applied vs `fix`"),
        );

        let r = run(dir.path(), &["fix", "--suggestions", name]);
        assert_eq!(r.code, Some(i32::from(unappliable > 0)), "{name}");
        assert_bytes_eq(
            apply_findings(name, input, &found, true).as_bytes(),
            &r.stdout,
            &format!("{name}: JSON findings applied vs `fix --suggestions`"),
        );
        eprintln!(
            "{name}: {} findings ({left} left by `fix`) account for every changed byte",
            found.len()
        );
    }
}
