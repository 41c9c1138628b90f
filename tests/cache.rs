//! The cache of big glossaries (`mtfix::glossary::cache`): a second run
//! reads the validated entries instead of parsing the YAML, and the cache
//! never changes a result: a changed glossary is a new key, a corrupt cache
//! file is rebuilt, `--no-cache` writes nothing, and errors are the same.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

/// A glossary over the cache threshold: the Biegun entry, then thousands
/// of synthetic ones.
fn big_glossary() -> String {
    let mut y = String::from(
        "- id: stephen-biegun\n  correct: Stephen Biegun\n  variants: [Stephen Bacon]\n  category: name/person\n",
    );
    let mut n = 0;
    while y.len() < mtfix::glossary::cache::CACHE_FROM + 1000 {
        y.push_str(&format!(
            "- id: synthetic-{n}\n  correct: \"Qorvath Um{n}\"\n  variants: [\"Korvat Um{n}\", \"Qorwat Um{n}\"]\n  category: name/person\n  note: A made-up name for the cache test, number {n}.\n"
        ));
        n += 1;
    }
    y
}

/// Runs `bin` in `dir` with the cache folder `cache`: exit code, stdout,
/// stderr.
fn mtfix(bin: &Path, dir: &Path, cache: &Path, args: &[&str]) -> (i32, String, String) {
    // A binary copy just written may be "busy" while another test thread's
    // child still holds it open (ETXTBSY): try again.
    for _ in 0..100 {
        match Command::new(bin)
            .current_dir(dir)
            .env("MTFIX_CACHE_DIR", cache)
            .arg("--color=never")
            .args(args)
            .output()
        {
            Ok(out) => {
                return (
                    out.status.code().unwrap_or(-1),
                    String::from_utf8(out.stdout).unwrap(),
                    String::from_utf8(out.stderr).unwrap(),
                );
            }
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            Err(e) => panic!("{e}"),
        }
    }
    panic!("{} stays busy", bin.display());
}

/// `fix in.txt` with only `big.yaml` (and `extra` options).
fn fix(dir: &Path, cache: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["--no-default-rules", "--rules", "big.yaml"];
    args.extend(extra);
    args.extend(["fix", "in.txt"]);
    mtfix(Path::new(BIN), dir, cache, &args)
}

/// A folder with `big.yaml` and `in.txt`, and its cache folder.
fn setup(input: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("big.yaml"), big_glossary()).unwrap();
    fs::write(tmp.path().join("in.txt"), input).unwrap();
    let cache = tmp.path().join("cache");
    (tmp, cache)
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = fs::read_dir(cache)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_big_glossary_is_cached_and_the_cache_never_changes_a_result() {
    let (tmp, cache) = setup("Envoy Stephen Bacon met Korvat Um77 and Qorwat Um5.\n");
    let dir = tmp.path();
    let want = "Envoy Stephen Biegun met Qorvath Um77 and Qorvath Um5.\n";

    // First run: parsed, then cached.
    let (code, out, err) = fix(dir, &cache, &[]);
    assert_eq!((code, out.as_str()), (0, want), "{err}");
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    let cached: Vec<mtfix::Entry> = serde_json::from_slice(&fs::read(&files[0]).unwrap()).unwrap();
    let parsed = mtfix::Glossary::from_yaml(&big_glossary(), "big.yaml").unwrap();
    assert_eq!(
        cached.as_slice(),
        parsed.entries(),
        "the cache holds the validated entries"
    );

    // Second run: the same output from the cache.
    assert_eq!(fix(dir, &cache, &[]).1, want);

    // The second run reads the cache: a cache entry edited by hand shows.
    let edited = fs::read_to_string(&files[0]).unwrap().replacen(
        "\"Stephen Biegun\"",
        "\"Stephen E. Biegun\"",
        1,
    );
    fs::write(&files[0], edited).unwrap();
    assert_eq!(
        fix(dir, &cache, &[]).1,
        "Envoy Stephen E. Biegun met Qorvath Um77 and Qorvath Um5.\n"
    );
    // ... and `--no-cache` parses the YAML.
    assert_eq!(fix(dir, &cache, &["--no-cache"]).1, want);

    // A corrupt cache file is rebuilt.
    fs::write(&files[0], "[{\"id\": 3").unwrap();
    assert_eq!(fix(dir, &cache, &[]).1, want);
    let rebuilt: Vec<mtfix::Entry> = serde_json::from_slice(&fs::read(&files[0]).unwrap()).unwrap();
    assert_eq!(rebuilt.as_slice(), parsed.entries());

    // A changed glossary is a new key: the change takes effect.
    let changed = big_glossary().replacen("[Stephen Bacon]", "[Stephen Bacon, Stefan Bigen]", 1);
    fs::write(dir.join("big.yaml"), changed).unwrap();
    fs::write(dir.join("in.txt"), "Stefan Bigen spoke.\n").unwrap();
    assert_eq!(fix(dir, &cache, &[]).1, "Stephen Biegun spoke.\n");
    assert_eq!(cache_files(&cache).len(), 2);

    // A broken glossary is the same error with or without a cache.
    let broken = format!(
        "{}- id: Bad Id\n  correct: x\n  category: term\n",
        big_glossary()
    );
    fs::write(dir.join("big.yaml"), &broken).unwrap();
    let (code, _, err) = fix(dir, &cache, &[]);
    let (code2, _, err2) = fix(dir, &cache, &["--no-cache"]);
    assert_eq!((code, code2), (2, 2));
    assert_eq!(err, err2);
    let line = broken.lines().count() - 2;
    assert!(err.contains(&format!("big.yaml:{line}")), "{err}");
}

#[test]
fn no_cache_writes_nothing_and_small_glossaries_are_not_cached() {
    let (tmp, cache) = setup("Stephen Bacon.\n");
    let dir = tmp.path();
    assert_eq!(fix(dir, &cache, &["--no-cache"]).1, "Stephen Biegun.\n");
    assert!(cache_files(&cache).is_empty());
    fs::write(
        dir.join("big.yaml"),
        "- id: stephen-biegun\n  correct: Stephen Biegun\n  variants: [Stephen Bacon]\n  category: name/person\n",
    )
    .unwrap();
    assert_eq!(fix(dir, &cache, &[]).1, "Stephen Biegun.\n");
    assert!(cache_files(&cache).is_empty());
    // The embedded glossary (over 1 MiB itself) does not count: a plain
    // run writes nothing.
    let (code, _, err) = mtfix(Path::new(BIN), dir, &cache, &["fix", "in.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(cache_files(&cache).is_empty());
}

#[test]
fn another_build_of_mtfix_does_not_read_the_cache() {
    let (tmp, cache) = setup("Stephen Bacon.\n");
    let dir = tmp.path();
    let bin = dir.join("mtfix-copy");
    fs::copy(BIN, &bin).unwrap();
    let args = ["--no-default-rules", "--rules", "big.yaml", "fix", "in.txt"];
    assert_eq!(mtfix(&bin, dir, &cache, &args).1, "Stephen Biegun.\n");
    assert_eq!(cache_files(&cache).len(), 1);
    // A rebuilt binary (here: the same bytes, a new modification time)
    // keys a cache of its own.
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&bin)
        .unwrap()
        .set_modified(when)
        .unwrap();
    assert_eq!(mtfix(&bin, dir, &cache, &args).1, "Stephen Biegun.\n");
    assert_eq!(cache_files(&cache).len(), 2);
}
