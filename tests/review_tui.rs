//! `mtfix review` driven for real in a terminal: tmux runs it in a detached
//! session, `send-keys` types, `capture-pane` reads the screen.
//!
//! Skipped (with a note) when tmux is missing, unless
//! `MTFIX_REQUIRE_TMUX=1` (set by `.ci/run`, which installs tmux).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

const ARTICLE: &str = "\
Seoul, March 3 (staff reporter) South Korean President Wen Zaiyin said on Monday that talks would resume.

Data map: officials walk past the monument in Pyongyang.

Later, Wen Zaiyin met US envoy Stephen Bacon to discuss the Golden Conference held in Hanoi.
";

/// A tmux server of our own (`-L`), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path, args: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("MTFIX_REQUIRE_TMUX").is_none(),
                "MTFIX_REQUIRE_TMUX is set but tmux is missing"
            );
            eprintln!("note: tmux not found; terminal review test skipped");
            return None;
        }
        let socket = format!(
            "mtfix-test-{}-{}",
            std::process::id(),
            dir.file_name().unwrap().to_string_lossy()
        );
        let script = format!(
            "cd '{}' && '{BIN}' --color never {args}; echo $? > exit-code; sleep 30",
            dir.display()
        );
        // Under a loaded machine (the whole suite runs in parallel) a fresh
        // tmux server now and then fails to start: try again, and say why.
        let mut why = String::new();
        for attempt in 0..3 {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(300));
            }
            let out = Command::new("tmux")
                .args([
                    "-L",
                    &socket,
                    "-f",
                    "/dev/null",
                    "new-session",
                    "-d",
                    "-x",
                    "110",
                    "-y",
                    "34",
                    "-s",
                    "t",
                ])
                .arg(&script)
                .env_remove("TMUX")
                .output()
                .unwrap();
            if out.status.success() {
                return Some(Tmux { socket });
            }
            why = format!("{}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        }
        panic!("tmux new-session failed three times: {why}");
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `what`; fails with the screen after 20 s.
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let ok = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t"])
            .args(keys)
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    fn text(&self, text: &str) {
        let ok = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", text])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The exit code the reviewed command wrote, once it has ended.
fn exit_code(dir: &Path) -> i32 {
    let start = Instant::now();
    let p = dir.join("exit-code");
    loop {
        if let Ok(s) = fs::read_to_string(&p)
            && s.ends_with('\n')
        {
            return s.trim().parse().unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "review did not end"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn review_in_a_terminal_then_resume() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let Some(t) = Tmux::start(dir.path(), "review a.txt") else {
        return;
    };
    // Findings: Wen Zaiyin, Data map:, Wen Zaiyin, Stephen Bacon, Golden Conference.
    let s = t.wait_for("1 / 5");
    assert!(
        s.contains("Wen Zaiyin said on Monday") && s.contains("^^^^^^^^^^ Moon Jae-in"),
        "{s}"
    );
    assert!(s.contains("a accept  r reject  e edit"), "{s}");
    t.keys(&["a"]);
    let s = t.wait_for("2 / 5");
    assert!(
        s.contains("accepted 1  rejected 0  left 4") && s.contains("rule      file-photo"),
        "{s}"
    );
    t.keys(&["r"]);
    t.wait_for("3 / 5");
    // Edit the second Wen Zaiyin's replacement.
    t.keys(&["e"]);
    t.wait_for("replacement: Moon Jae-in|");
    t.keys(&["BSpace"; 11]);
    t.text("President Moon");
    t.wait_for("replacement: President Moon|");
    t.keys(&["Enter"]);
    let s = t.wait_for("4 / 5");
    assert!(
        s.contains("Stephen Bacon") && s.contains("accepted 2  rejected 1  left 2"),
        "{s}"
    );
    // Undo the edit, and accept the proposal instead.
    t.keys(&["u"]);
    t.wait_for("3 / 5");
    t.wait_for("accepted 1  rejected 1  left 3");
    t.keys(&["e"]);
    t.wait_for("replacement: Moon Jae-in|");
    t.keys(&["BSpace"; 11]);
    t.text("President Moon");
    t.keys(&["Enter"]);
    t.wait_for("4 / 5");
    // Skip Stephen Bacon, quit: decisions saved, accepted changes written.
    t.keys(&["s"]);
    t.wait_for("5 / 5");
    t.keys(&["q"]);
    assert_eq!(exit_code(dir.path()), 1, "findings left undecided");
    let s = t.wait_for("decisions in mtfix-decisions.jsonl");
    assert!(
        s.contains("2 accepted, 1 rejected, 2 left of 5 findings"),
        "{s}"
    );
    let text = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(
        text,
        ARTICLE.replacen("Wen Zaiyin", "Moon Jae-in", 1).replacen(
            "Wen Zaiyin",
            "President Moon",
            1
        )
    );
    let decisions = fs::read_to_string(dir.path().join("mtfix-decisions.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = decisions
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["decision"], "reject");
    assert_eq!(lines[2]["replacement"], "President Moon");
    assert_eq!(lines[2]["edited"], true);
    drop(t);

    // A second session starts at the first undecided finding and keeps the
    // rejection: the rejected one is not shown again.
    fs::remove_file(dir.path().join("exit-code")).unwrap();
    let t = Tmux::start(dir.path(), "review --remember a.txt").unwrap();
    let s = t.wait_for("Stephen Bacon to discuss");
    assert!(
        s.contains("2 / 3") && s.contains("accepted 0  rejected 1  left 2"),
        "{s}"
    );
    t.keys(&["A"]);
    t.wait_for("3 / 3");
    t.keys(&["r", "q"]);
    assert_eq!(exit_code(dir.path()), 0);
    let allow = fs::read_to_string(dir.path().join(".mtfix-allow.yaml")).unwrap();
    assert!(
        allow.contains("rule: file-photo") && allow.contains("rule: trump-kim-summit"),
        "{allow}"
    );
    let text = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(
        text.contains("envoy Stephen Biegun to discuss the Golden Conference"),
        "{text}"
    );
    // The remembered rejections are gone from check.
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// On a real article: accepting every finding writes what
/// `fix --suggestions` writes.
#[test]
fn review_a_seed_article_accepting_everything() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Some(seed) = fs::read_dir(&seeds)
        .ok()
        .and_then(|mut r| r.next())
        .map(|e| e.unwrap().path())
    else {
        assert!(
            std::env::var_os("MTFIX_REQUIRE_SEEDS").is_none(),
            "seeds required"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The seeds are read-only: write the text, not the file's permissions.
    fs::write(dir.path().join("seed.txt"), fs::read(&seed).unwrap()).unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let expected = String::from_utf8(run(&["fix", "--suggestions", "seed.txt"]).stdout).unwrap();
    let n = run(&["check", "--format", "json", "seed.txt"])
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    assert!(n > 5);
    let Some(t) = Tmux::start(dir.path(), "review seed.txt") else {
        return;
    };
    t.wait_for(&format!("1 / {n}"));
    for i in 1..n {
        t.keys(&["a"]);
        t.wait_for(&format!("{} / {n}", i + 1));
    }
    t.keys(&["a"]);
    t.wait_for("All findings decided.");
    t.keys(&["q"]);
    assert_eq!(exit_code(dir.path()), 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("seed.txt")).unwrap(),
        expected
    );
}
