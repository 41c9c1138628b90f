//! Large inputs read in pieces (`mtfix::input::stream`): the same bytes
//! and findings for any thread count, offsets and lines in the whole
//! input, JSON Lines records passed through in order, and errors placed in
//! the whole input. `--piece-size` (hidden) makes pieces small so that a
//! few hundred KB exercise what a gigabyte would.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

const PARAGRAPHS: &[&str] = &[
    "South Korean President Wen Zaiyin met envoy Stephen Bacon in Seoul on Monday.",
    "Data map: officials walk past the monument in Pyongyang.",
    "The weather was mild and markets were calm across the region this week.",
    "North Korea closed the Fengxili nuclear test site, state media said.",
    "Analysts said the Korean-Korean talks could resume after the holiday.",
];

/// A deterministic news-like text of about `size` bytes: paragraphs of one
/// to four sentences, separated by blank lines, some lines CRLF.
fn corpus(size: usize) -> String {
    let mut out = String::new();
    let mut x: u64 = 7;
    while out.len() < size {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = 1 + (x >> 33) as usize % 4;
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(PARAGRAPHS[((x >> (20 + k)) as usize) % PARAGRAPHS.len()]);
        }
        out.push_str(if x.is_multiple_of(7) {
            "\r\n\r\n"
        } else {
            "\n\n"
        });
    }
    out
}

fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn pieces_give_the_same_bytes_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let text = corpus(600_000);
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        let fix = run(
            dir.path(),
            &["--threads", threads, "--piece-size", "20000", "fix"],
            text.as_bytes(),
        );
        assert_eq!(fix.0, 0, "{}", fix.2);
        let check = run(
            dir.path(),
            &[
                "--threads",
                threads,
                "--piece-size",
                "20000",
                "check",
                "--format",
                "json",
            ],
            text.as_bytes(),
        );
        assert_eq!(check.0, 1, "{}", check.2);
        outputs.push((fix.1, check.1));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    // Findings point into the whole input: offsets slice to the matched
    // text, lines count from its start.
    let findings: Vec<Value> = String::from_utf8(outputs[0].1.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(findings.len() > 5000, "{}", findings.len());
    for f in &findings {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["matched"].as_str().unwrap());
        let line = 1 + text[..s].matches('\n').count();
        assert_eq!(f["line"].as_u64().unwrap() as usize, line);
    }
    // Contexts here lie inside paragraphs, so pieces change nothing: the
    // same bytes as reading the input whole.
    let whole = run(
        dir.path(),
        &["--piece-size", "100000000", "fix"],
        text.as_bytes(),
    );
    assert_eq!(whole.1, outputs[0].0);
}

fn jsonl(records: usize) -> String {
    let mut out = String::new();
    for i in 0..records {
        let target = PARAGRAPHS[i % PARAGRAPHS.len()];
        out.push_str(&format!(
            "{{\"id\":{i},\"target\":{},\"note\":\"  kept \\u00e9 as is \"}}\n",
            serde_json::to_string(target).unwrap()
        ));
    }
    out
}

#[test]
fn json_lines_stream_record_for_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl(5000);
    let args = |threads: &'static str, piece: &'static str| -> Vec<&'static str> {
        vec![
            "--threads",
            threads,
            "--piece-size",
            piece,
            "--input-format",
            "jsonl",
            "fix",
        ]
    };
    let whole = run(dir.path(), &args("1", "100000000"), input.as_bytes());
    assert_eq!(whole.0, 0, "{}", whole.2);
    for threads in ["1", "2", "5"] {
        let piecewise = run(dir.path(), &args(threads, "3000"), input.as_bytes());
        assert_eq!(piecewise.1, whole.1, "threads {threads}");
    }
    let out = String::from_utf8(whole.1).unwrap();
    assert_eq!(out.lines().count(), 5000);
    for (i, (a, b)) in input.lines().zip(out.lines()).enumerate() {
        let (a, b): (Value, Value) = (
            serde_json::from_str(a).unwrap(),
            serde_json::from_str(b).unwrap(),
        );
        assert_eq!(a["id"], b["id"]);
        assert_eq!(b["id"], i);
        // Other fields byte for byte.
        assert!(
            input
                .lines()
                .nth(i)
                .unwrap()
                .ends_with(",\"note\":\"  kept \\u00e9 as is \"}")
        );
        assert!(
            out.lines()
                .nth(i)
                .unwrap()
                .ends_with(",\"note\":\"  kept \\u00e9 as is \"}")
        );
    }
    // Segments are record numbers in the whole input.
    let check = run(
        dir.path(),
        &[
            "--piece-size",
            "3000",
            "--input-format",
            "jsonl",
            "check",
            "--format",
            "json",
        ],
        input.as_bytes(),
    );
    let last: Value =
        serde_json::from_str(String::from_utf8(check.1).unwrap().lines().last().unwrap()).unwrap();
    assert_eq!(last["segment"], last["line"]);
    assert!(last["line"].as_u64().unwrap() > 4990);
}

/// A bad record in a stream is reported at its line in the whole input and
/// its piece goes out unchanged: no record is lost, the others are fixed.
#[test]
fn a_bad_record_mid_stream_is_passed_through_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = jsonl(3000).lines().map(str::to_owned).collect();
    lines[2000] = "{\"id\":2000,\"target\":\"Wen Zaiyin\" oops".to_owned();
    let input = lines.join("\n") + "\n";
    let (code, out, err) = run(
        dir.path(),
        &["--piece-size", "5000", "--input-format", "jsonl", "fix"],
        input.as_bytes(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>:2001:"), "{err}");
    let out = String::from_utf8(out).unwrap();
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got.len(), 3000);
    assert_eq!(got[2000], lines[2000]);
    assert!(
        got[0].contains("Moon Jae-in")
            && got[2999].contains(PARAGRAPHS[2999 % 5].split(' ').next().unwrap())
    );
    assert!(
        got.iter().filter(|l| l.contains("Wen Zaiyin")).count() < 10,
        "the other pieces are fixed"
    );
}

#[test]
fn invalid_utf8_late_in_a_stream_is_placed_in_the_whole_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = corpus(100_000);
    let mut bytes = text.as_bytes().to_vec();
    let at = bytes.len() - 10;
    bytes[at] = 0xFF;
    let (code, _, err) = run(dir.path(), &["--piece-size", "4096", "check"], &bytes);
    assert_eq!(code, 2);
    let line = 1 + text[..at].matches('\n').count();
    assert!(
        err.contains(&format!(
            "<stdin>:{line}: invalid UTF-8 at byte offset {at}"
        )),
        "{err}"
    );
}

/// A file read in pieces is still written whole and atomically, and its
/// diff is one diff.
#[test]
fn in_place_and_diff_gather_the_pieces_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = corpus(200_000);
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let (_, fixed, _) = run(dir.path(), &["--piece-size", "7000", "fix", "a.txt"], b"");
    let (code, diff, err) = run(
        dir.path(),
        &["--piece-size", "7000", "fix", "--diff", "a.txt"],
        b"",
    );
    assert_eq!(code, 1, "{err}");
    let diff = String::from_utf8(diff).unwrap();
    assert_eq!(diff.matches("--- a/a.txt").count(), 1);
    let (code, _, err) = run(
        dir.path(),
        &["--piece-size", "7000", "fix", "--in-place", "a.txt"],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("in 1 of 1 document;"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), fixed);
}
