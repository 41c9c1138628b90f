//! End-to-end tests of the bilingual input formats, driving the binary in a
//! temporary folder: `--source SRC` with plain text, TSV, JSON Lines, XLIFF
//! 1.2, XLIFF 2.0 and TMX.
//!
//! For every format:
//!
//! 1. a file without findings comes out of `fix` (stdout, `--in-place`,
//!    `--diff`) byte for byte as it went in, and `check` is clean;
//! 2. a file with artifacts: `check --format json` reports exactly the
//!    expected findings, each with `start..end` of the input bytes equal to
//!    `matched`, its `segment`, and `source_term` where the source confirms
//!    or located it; `fix` writes the input with exactly those replacements
//!    (computed here by string replacement of the raw bytes, with the
//!    format's escaping), and so do `fix --in-place` and `fix --diff` put
//!    through `git apply`;
//! 3. errors: malformed input names the file and line and exits 2 with
//!    nothing written.
//!
//! A small extra glossary (`rules.yaml`) adds an entry whose correct form
//! needs XML and JSON escaping (`R&D <Lab> "North" \ Unit`).
//!
//! Tests marked `#[ignore = "BUG: ..."]` show defects found while writing
//! this file; run them with `-- --ignored`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mtfix");

/// The extra glossary every run loads.
const RULES: &str = r#"- id: rnd-lab
  correct: 'R&D <Lab> "North" \ Unit'
  variants: [Yanfa Lab]
  category: org
  note: "Test entry: its correct form needs XML and JSON escaping."
"#;

// ---------------------------------------------------------------- helpers

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }
}

/// Runs the binary in `dir` with the extra glossary and `args`.
fn mtfix(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .arg("--rules")
        .arg("rules.yaml")
        .args(args)
        .output()
        .expect("spawn mtfix");
    Run {
        code: out.status.code().expect("mtfix was killed by a signal"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh folder holding `rules.yaml` and `files`.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    fs::write(dir.path().join("rules.yaml"), RULES).unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

/// How a format stores text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Escape {
    None,
    Xml,
    Json,
}

impl Escape {
    /// `s` as the format stores it (what `fix` must write).
    fn apply(self, s: &str) -> String {
        match self {
            Escape::None => s.to_owned(),
            Escape::Xml => s
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
            Escape::Json => s.replace('\\', "\\\\").replace('"', "\\\""),
        }
    }
}

/// One finding a dirty file must produce (and `fix` apply).
#[derive(Debug, Clone)]
struct Edit {
    rule: &'static str,
    method: &'static str,
    /// The input's raw bytes of the span (escapes and entities as stored).
    matched: &'static str,
    /// The replacement, unescaped.
    replacement: &'static str,
    source_term: Option<&'static str>,
    segment: usize,
    /// Raw text around `matched` that makes it unique when an earlier
    /// copy sits outside any target (a note, an attribute).
    within: Option<&'static str>,
}

const fn edit(
    rule: &'static str,
    method: &'static str,
    matched: &'static str,
    replacement: &'static str,
    source_term: Option<&'static str>,
    segment: usize,
) -> Edit {
    Edit {
        rule,
        method,
        matched,
        replacement,
        source_term,
        segment,
        within: None,
    }
}

impl Edit {
    const fn within(mut self, context: &'static str) -> Edit {
        self.within = Some(context);
        self
    }
}

/// One format's test material.
struct Case {
    /// The file checked (its extension selects the format).
    file: &'static str,
    /// Flags before the path (`--source zh.txt`).
    flags: Vec<&'static str>,
    /// Other files next to it (a source file).
    companions: Vec<(&'static str, String)>,
    escape: Escape,
    clean: String,
    dirty: String,
    edits: Vec<Edit>,
}

impl Case {
    fn folder_with(&self, text: &str) -> tempfile::TempDir {
        let mut files: Vec<(&str, &str)> = self
            .companions
            .iter()
            .map(|(n, t)| (*n, t.as_str()))
            .collect();
        files.push((self.file, text));
        folder(&files)
    }

    fn args<'a>(&'a self, command: &[&'a str]) -> Vec<&'a str> {
        let mut args: Vec<&str> = command.to_vec();
        args.extend(&self.flags);
        args.push(self.file);
        args
    }

    /// The dirty input with every edit written in, by string replacement
    /// of the raw bytes, left to right.
    fn expected(&self) -> String {
        let mut out = String::new();
        let mut at = 0;
        for e in &self.edits {
            let context = e.within.unwrap_or(e.matched);
            let offset = context
                .find(e.matched)
                .expect("`within` contains `matched`");
            let found = self.dirty[at..]
                .find(context)
                .unwrap_or_else(|| panic!("{context:?} not found after byte {at}"))
                + offset;
            out.push_str(&self.dirty[at..at + found]);
            out.push_str(&self.escape.apply(e.replacement));
            at += found + e.matched.len();
        }
        out.push_str(&self.dirty[at..]);
        out
    }
}

/// `check --format json` findings, each checked against the input bytes.
fn json_findings(run: &Run, input: &str, name: &str) -> Vec<Value> {
    let bytes = input.as_bytes();
    run.stdout()
        .lines()
        .map(|line| {
            let f: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert_eq!(f["path"], name, "{f}");
            let (start, end) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            let slice = std::str::from_utf8(&bytes[start..end])
                .unwrap_or_else(|_| panic!("start..end is not on char boundaries: {f}"));
            assert_eq!(slice, f["matched"], "input[start..end] != matched: {f}");
            f
        })
        .collect()
}

/// Applies the findings of `check --format json` to `input` by offset.
fn apply_by_offset(input: &str, findings: &[Value]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in findings {
        if f["action"] != "fix" || f["replacement"].is_null() {
            continue;
        }
        let start = f["start"].as_u64().unwrap() as usize;
        let end = f["end"].as_u64().unwrap() as usize;
        assert!(start >= at, "findings overlap or are out of order: {f}");
        out.push_str(&input[at..start]);
        out.push_str(f["replacement"].as_str().unwrap());
        at = end;
    }
    out.push_str(&input[at..]);
    out
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// (1): no findings, nothing changes, in any mode.
fn assert_clean(case: &Case) {
    let dir = case.folder_with(&case.clean);
    let d = dir.path();
    let check = mtfix(d, &case.args(&["check", "--format", "json"]));
    assert_eq!(
        (check.code, check.stdout()),
        (0, ""),
        "{}: a clean file has findings; stderr: {}",
        case.file,
        check.stderr
    );
    let fix = mtfix(d, &case.args(&["fix"]));
    assert_eq!(fix.code, 0, "{}: {}", case.file, fix.stderr);
    assert!(
        fix.stdout == case.clean.as_bytes(),
        "{}: `fix` changed a clean file:\n{}",
        case.file,
        fix.stdout()
    );
    let diff = mtfix(d, &case.args(&["fix", "--diff"]));
    assert_eq!((diff.code, diff.stdout()), (0, ""), "{}", case.file);
    let in_place = mtfix(d, &case.args(&["fix", "--in-place"]));
    assert_eq!(in_place.code, 0, "{}: {}", case.file, in_place.stderr);
    assert_eq!(read(d, case.file), case.clean, "{}", case.file);
}

/// (2): the expected findings, and `fix` in every mode writes exactly them.
fn assert_dirty(case: &Case) {
    let expected = case.expected();
    assert_ne!(expected, case.dirty);

    // check --format json
    let dir = case.folder_with(&case.dirty);
    let d = dir.path();
    let check = mtfix(d, &case.args(&["check", "--format", "json"]));
    assert_eq!(check.code, 1, "{}: {}", case.file, check.stderr);
    let findings = json_findings(&check, &case.dirty, case.file);
    let got: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {:?} → {} term={} seg={}",
                f["rule"].as_str().unwrap(),
                f["method"].as_str().unwrap(),
                f["action"].as_str().unwrap(),
                f["matched"].as_str().unwrap(),
                f["replacement"],
                f.get("source_term").unwrap_or(&Value::Null),
                f.get("segment").unwrap_or(&Value::Null),
            )
        })
        .collect();
    let want: Vec<String> = case
        .edits
        .iter()
        .map(|e| {
            format!(
                "{} {} fix {:?} → {} term={} seg={}",
                e.rule,
                e.method,
                e.matched,
                Value::String(case.escape.apply(e.replacement)),
                e.source_term
                    .map_or(Value::Null, |t| Value::String(t.into())),
                e.segment,
            )
        })
        .collect();
    assert_eq!(got, want, "{}: findings differ", case.file);
    assert_eq!(
        apply_by_offset(&case.dirty, &findings),
        expected,
        "{}: applying the JSON findings by offset differs from the expected text",
        case.file
    );

    // fix to stdout
    let fix = mtfix(d, &case.args(&["fix"]));
    assert_eq!(fix.code, 0, "{}: {}", case.file, fix.stderr);
    assert_eq!(fix.stdout(), expected, "{}: `fix` output", case.file);
    assert_eq!(read(d, case.file), case.dirty, "`fix` wrote the file");

    // fix --in-place
    let dir = case.folder_with(&case.dirty);
    let in_place = mtfix(dir.path(), &case.args(&["fix", "--in-place"]));
    assert_eq!(in_place.code, 0, "{}: {}", case.file, in_place.stderr);
    assert_eq!(in_place.stdout(), "");
    assert_eq!(
        read(dir.path(), case.file),
        expected,
        "{}: `fix --in-place`",
        case.file
    );

    // fix --diff | git apply
    let dir = case.folder_with(&case.dirty);
    let d = dir.path();
    let diff = mtfix(d, &case.args(&["fix", "--diff"]));
    assert_eq!(diff.code, 1, "{}: {}", case.file, diff.stderr);
    assert_eq!(
        read(d, case.file),
        case.dirty,
        "`fix --diff` wrote the file"
    );
    if !git_available() {
        eprintln!("git not found: `git apply` of the diff skipped");
        return;
    }
    fs::write(d.join("fix.patch"), &diff.stdout).unwrap();
    let apply = Command::new("git")
        .current_dir(d)
        .args(["apply", "fix.patch"])
        .output()
        .expect("run git apply");
    assert!(
        apply.status.success(),
        "{}: git apply failed: {}\n{}",
        case.file,
        String::from_utf8_lossy(&apply.stderr),
        diff.stdout()
    );
    assert_eq!(
        read(d, case.file),
        expected,
        "{}: `fix --diff` put through `git apply`",
        case.file
    );
}

/// LF line ends → CRLF.
fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

// ---------------------------------------------------------------- material

fn plain_with_source() -> Case {
    let zh = "文在寅指示幕僚为美国特使来访做准备。\n\
              据报道，朝鲜已炸毁丰溪里核试验场。\n\
              \n\
              分析人士预计会谈将恢复。（完）\n";
    let dirty = "Moon Zai-in told his aides to prepare for a visit by the US envoy.\n\
                 North Korea has reportedly blown up the Fengxili nuclear test site.\n\
                 \n\
                 Analysts expect talks to resume. (End)\n";
    let clean = "Moon Jae-in told his aides to prepare for a visit by the US envoy.\n\
                 North Korea has reportedly blown up the Punggye-ri nuclear test site.\n\
                 \n\
                 Analysts expect talks to resume.\n";
    Case {
        file: "en.txt",
        flags: vec!["--source", "zh.txt"],
        companions: vec![("zh.txt", zh.to_owned())],
        escape: Escape::None,
        clean: clean.to_owned(),
        dirty: dirty.to_owned(),
        edits: vec![
            edit(
                "moon-jae-in",
                "source",
                "Moon Zai-in",
                "Moon Jae-in",
                Some("文在寅"),
                1,
            ),
            edit(
                "punggye-ri",
                "exact",
                "Fengxili",
                "Punggye-ri",
                Some("丰溪里"),
                2,
            ),
            edit("end-marker", "regex", " (End)", "", None, 4),
        ],
    }
}

fn tsv() -> Case {
    // CRLF line ends; line 3 has no tab: target text without a source.
    let dirty = crlf(
        "中新社首尔3月5日电\tSEOUL, March 5 (China News Agency) --\n\
         韩国总统文在寅表示，朝韩关系正在改善。\tSouth Korean President Wen Zaiyin said that Korean-Korean relations are improving.\n\
         没有译文的一行\n\
         助手们说，新加坡金特会只确定了大的原则。\tAides said the Jin Te Hui in Singapore had set out only broad principles.\n",
    );
    let clean = crlf(
        "中新社首尔3月5日电\tSEOUL, March 5 (China News Service) --\n\
         韩国总统文在寅表示，朝韩关系正在改善。\tSouth Korean President Moon Jae-in said that inter-Korean relations are improving.\n\
         没有译文的一行\n\
         助手们说，新加坡金特会只确定了大的原则。\tAides said the Trump-Kim summit in Singapore had set out only broad principles.\n",
    );
    Case {
        file: "news.tsv",
        flags: vec![],
        companions: vec![],
        escape: Escape::None,
        clean,
        dirty,
        edits: vec![
            edit(
                "china-news-service",
                "exact",
                "China News Agency",
                "China News Service",
                Some("中新社"),
                1,
            ),
            edit(
                "moon-jae-in",
                "exact",
                "Wen Zaiyin",
                "Moon Jae-in",
                Some("文在寅"),
                2,
            ),
            edit(
                "inter-korean",
                "exact",
                "Korean-Korean",
                "inter-Korean",
                Some("朝韩"),
                2,
            ),
            edit(
                "trump-kim-summit",
                "source",
                "Jin Te Hui",
                "Trump-Kim summit",
                Some("金特会"),
                4,
            ),
        ],
    }
}

fn jsonl() -> Case {
    // Numbers, nested objects (one with its own "target"), arrays, null,
    // -0, \u escapes (an escaped letter inside a name, a surrogate pair),
    // odd key order, a blank line and a record without a target.
    let dirty = r#"{"id": 1, "meta": {"tags": ["news", "korea"], "score": 7.5e1, "target": "Wen Zai"}, "source": "第二次金特会在河内举行。", "target": "Trump and Kim met at the second \"Golden Conference\" in Hanoi \u2014 reports.", "n": -0}
{"target":"\u0057en Zai's office said the Yanfa Lab would open.","z":null,"source":"\u6587\u5728\u5bc5办公室表示，研发实验室将开放。"}

{"source":"中新社记者张亮摄","target":"Photo by China News Agency reporter Zhang Liang","extra":[1,2,{"a":true}],"emoji":"\ud83d\ude00"}
{"comment":"no target in this record: Wen Zai in Seoul"}
"#;
    let clean = r#"{"id": 1, "meta": {"tags": ["news", "korea"], "score": 7.5e1, "target": "Wen Zai"}, "source": "第二次金特会在河内举行。", "target": "Trump and Kim met at the second Trump-Kim summit in Hanoi \u2014 reports.", "n": -0}
{"target":"Moon Jae-in's office said the lab would open.","z":null,"source":"\u6587\u5728\u5bc5办公室表示，实验室将开放。","nested":{"a":{"b":[{"target":"Fengxili"}]}}}

{"source":"中新社记者张亮摄","target":"Photo by China News Service reporter Zhang Liang","extra":[1,2,{"a":true}],"emoji":"\ud83d\ude00"}
{"comment":"no target in this record: Wen Zai in Seoul"}
"#;
    Case {
        file: "news.jsonl",
        flags: vec![],
        companions: vec![],
        escape: Escape::Json,
        clean: clean.to_owned(),
        dirty: dirty.to_owned(),
        edits: vec![
            edit(
                "trump-kim-summit",
                "exact",
                r#"\"Golden Conference\""#,
                "Trump-Kim summit",
                Some("金特会"),
                1,
            ),
            edit(
                "moon-jae-in",
                "exact",
                r"\u0057en Zai",
                "Moon Jae-in",
                Some("文在寅"),
                2,
            ),
            edit(
                "rnd-lab",
                "exact",
                "Yanfa Lab",
                r#"R&D <Lab> "North" \ Unit"#,
                None,
                2,
            ),
            edit(
                "china-news-service",
                "exact",
                "China News Agency",
                "China News Service",
                Some("中新社"),
                4,
            ),
        ],
    }
}

const XLIFF12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Exported for review; ids must not change. -->
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en-US" datatype="plaintext" original="news-0305.txt">
    <header><note from="editor">Wen Zai stays as is in notes.</note></header>
    <body>
      <trans-unit id="u1" resname="Wen Zai" approved="no">
        <source>特朗普当天与文在寅通电话。</source>
        <target state="needs-review-translation">Trump spoke with Moon Zai-in by phone &amp; video that day.</target>
        <note>Check the name: Wen Zai?</note>
      </trans-unit>
      <!-- unit 2: inline codes -->
      <trans-unit id="u2">
        <source>分析人士批评了<g id="1">观望</g>态度<x id="2"/>，研发实验室表示赞同。</source>
        <target>Analysts criticised the <g id="1" ctype="italic">attitude of'wait and see'</g><x id="2"/> &amp; the Yanfa Lab agreed.</target>
      </trans-unit>
      <trans-unit id="u3" translate="yes">
        <source>据报道，朝鲜已炸毁丰溪里核试验场。</source>
        <target xml:lang="en-US">North Korea has reportedly blown up the Fengxili nuclear test site&#46;</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;

fn xliff12() -> Case {
    let clean = XLIFF12
        .replace("Moon Zai-in", "Moon Jae-in")
        .replace("of'wait", "of 'wait")
        .replace("Yanfa Lab agreed", "lab agreed")
        .replace("Fengxili", "Punggye-ri");
    Case {
        file: "news.xlf",
        flags: vec![],
        companions: vec![],
        escape: Escape::Xml,
        clean: crlf(&clean),
        dirty: crlf(XLIFF12),
        edits: vec![
            edit(
                "moon-jae-in",
                "source",
                "Moon Zai-in",
                "Moon Jae-in",
                Some("文在寅"),
                1,
            ),
            edit(
                "space-before-opening-quote",
                "regex",
                "of'",
                "of '",
                None,
                2,
            ),
            edit(
                "rnd-lab",
                "exact",
                "Yanfa Lab",
                r#"R&D <Lab> "North" \ Unit"#,
                None,
                2,
            ),
            edit(
                "punggye-ri",
                "exact",
                "Fengxili",
                "Punggye-ri",
                Some("丰溪里"),
                3,
            ),
        ],
    }
}

const XLIFF20: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f1" original="briefing.txt">
    <notes><note id="n1">Wen Zai and Fengxili are wrong; leave this note alone.</note></notes>
    <unit id="1" name="Wen Zai">
      <segment id="s1" state="translated">
        <source>文在寅下月将访问平壤。</source>
        <target>Wen Zai will visit Pyongyang next month.</target>
      </segment>
      <ignorable><source> </source><target> </target></ignorable>
      <segment id="s2">
        <source>东仓里发射场出现新动向。</source>
        <target>There is new activity at the Dongcangli launch site.</target>
      </segment>
    </unit>
    <unit id="2">
      <segment>
        <source>研究人员说，<pc id="1">研发实验室</pc>将扩建<ph id="2"/>。</source>
        <target>Researchers said <pc id="1" fs="b">the Yanfa Lab</pc> would expand<ph id="2"/> &lt;soon&gt;.</target>
      </segment>
    </unit>
  </file>
</xliff>
"#;

fn xliff20() -> Case {
    let clean = XLIFF20
        .replace("Wen Zai will", "Moon Jae-in will")
        .replace("Dongcangli launch", "Tongchang-ri launch")
        .replace("the Yanfa Lab</pc>", "the lab</pc>");
    Case {
        file: "news.xliff",
        flags: vec![],
        companions: vec![],
        escape: Escape::Xml,
        clean,
        dirty: XLIFF20.to_owned(),
        edits: vec![
            edit(
                "moon-jae-in",
                "exact",
                "Wen Zai",
                "Moon Jae-in",
                Some("文在寅"),
                1,
            )
            .within("<target>Wen Zai will"),
            edit(
                "tongchang-ri",
                "exact",
                "Dongcangli",
                "Tongchang-ri",
                Some("东仓里"),
                2,
            ),
            edit(
                "rnd-lab",
                "exact",
                "Yanfa Lab",
                r#"R&D <Lab> "North" \ Unit"#,
                None,
                3,
            ),
        ],
    }
}

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="mtfix-test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="zh-CN" datatype="plaintext">
    <prop type="x-client">Wen Zai &amp; co</prop>
  </header>
  <body>
    <tu tuid="1" creationdate="20201105T120000Z">
      <prop type="x-domain">Korea</prop>
      <tuv xml:lang="zh-CN"><seg>文在寅在首尔讲话后离开。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Moon Zai-in left after speaking in Seoul &amp; Busan.</seg></tuv>
      <tuv xml:lang="ja"><seg>Wen Zai</seg></tuv>
    </tu>
    <tu tuid="2">
      <note>Inline codes are native formatting.</note>
      <tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;i&gt;</bpt>attitude of'wait and see'<ept i="1">&lt;/i&gt;</ept> persists.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>观望态度依然存在。</seg></tuv>
    </tu>
    <tu tuid="3"><tuv lang="zh-CN"><seg>朝鲜在东仓里进行了发动机测试。</seg></tuv><tuv lang="EN"><seg>North Korea conducted an engine test at Dongcangli.</seg></tuv></tu>
  </body>
</tmx>
"#;

fn tmx() -> Case {
    let clean = TMX
        .replace("Moon Zai-in", "Moon Jae-in")
        .replace("of'wait", "of 'wait")
        .replace("at Dongcangli", "at Tongchang-ri");
    Case {
        file: "memory.tmx",
        flags: vec![],
        companions: vec![],
        escape: Escape::Xml,
        clean,
        dirty: TMX.to_owned(),
        edits: vec![
            edit(
                "moon-jae-in",
                "source",
                "Moon Zai-in",
                "Moon Jae-in",
                Some("文在寅"),
                1,
            ),
            edit(
                "space-before-opening-quote",
                "regex",
                "of'",
                "of '",
                None,
                2,
            ),
            edit(
                "tongchang-ri",
                "exact",
                "Dongcangli",
                "Tongchang-ri",
                Some("东仓里"),
                3,
            ),
        ],
    }
}

// ------------------------------------------------------ (1) and (2) per format

#[test]
fn plain_with_source_clean_file_is_unchanged() {
    assert_clean(&plain_with_source());
}

#[test]
fn plain_with_source_findings_and_fixes() {
    assert_dirty(&plain_with_source());
}

#[test]
fn tsv_clean_file_is_unchanged() {
    assert_clean(&tsv());
}

#[test]
fn tsv_findings_and_fixes() {
    assert_dirty(&tsv());
}

#[test]
fn jsonl_clean_file_is_unchanged() {
    assert_clean(&jsonl());
}

#[test]
fn jsonl_findings_and_fixes() {
    assert_dirty(&jsonl());
}

#[test]
fn xliff12_clean_file_is_unchanged() {
    let case = xliff12();
    assert!(case.clean.contains("\r\n") && !case.clean.contains("\r\r"));
    assert_clean(&case);
}

#[test]
fn xliff12_findings_and_fixes() {
    assert_dirty(&xliff12());
}

#[test]
fn xliff20_clean_file_is_unchanged() {
    assert_clean(&xliff20());
}

#[test]
fn xliff20_findings_and_fixes() {
    assert_dirty(&xliff20());
}

#[test]
fn tmx_clean_file_is_unchanged() {
    assert_clean(&tmx());
}

#[test]
fn tmx_findings_and_fixes() {
    assert_dirty(&tmx());
}

// ---------------------------------------------------------- format detection

/// `check --format json` findings as (rule, matched, source_term, segment).
fn summary(dir: &Path, args: &[&str], input: &str, name: &str) -> Vec<String> {
    let run = mtfix(dir, args);
    assert!(run.code <= 1, "{}", run.stderr);
    json_findings(&run, input, name)
        .iter()
        .map(|f| {
            format!(
                "{} {:?} term={} seg={}",
                f["rule"].as_str().unwrap(),
                f["matched"].as_str().unwrap(),
                f.get("source_term").unwrap_or(&Value::Null),
                f.get("segment").unwrap_or(&Value::Null),
            )
        })
        .collect()
}

#[test]
fn input_format_overrides_the_extension() {
    // Each format's dirty file under a name that says nothing (or something
    // else), read with --input-format: same findings, same fix.
    for (case, name, format) in [
        (tsv(), "news.txt", "tsv"),
        (jsonl(), "records.json", "jsonl"),
        (xliff12(), "export.xml", "xliff"),
        (xliff20(), "export.txt", "xliff"),
        (tmx(), "memory.xml", "tmx"),
    ] {
        let by_ext = folder(&[(case.file, &case.dirty)]);
        let renamed = folder(&[(name, &case.dirty)]);
        let want = summary(
            by_ext.path(),
            &["check", "--format", "json", case.file],
            &case.dirty,
            case.file,
        );
        let got = summary(
            renamed.path(),
            &["check", "--format", "json", "--input-format", format, name],
            &case.dirty,
            name,
        );
        assert_eq!(got, want, "{name} read as {format}");
        let fix = mtfix(renamed.path(), &["fix", "--input-format", format, name]);
        assert_eq!(fix.stdout(), case.expected(), "{name} fixed as {format}");
    }
}

#[test]
fn ndjson_is_json_lines() {
    let case = jsonl();
    let dir = folder(&[("news.ndjson", &case.dirty)]);
    let fix = mtfix(dir.path(), &["fix", "news.ndjson"]);
    assert_eq!(fix.stdout(), case.expected());
}

#[test]
fn without_the_override_an_unknown_extension_is_plain_text() {
    // TSV content in a .txt file: one plain text, no segments, no source.
    let case = tsv();
    let dir = folder(&[("news.txt", &case.dirty)]);
    let got = summary(
        dir.path(),
        &["check", "--format", "json", "news.txt"],
        &case.dirty,
        "news.txt",
    );
    assert!(!got.is_empty());
    for f in &got {
        assert!(f.ends_with("term=null seg=null"), "{f}");
    }
    // The source-located finding needs the source.
    assert!(!got.iter().any(|f| f.contains("Jin Te Hui")), "{got:?}");
}

#[test]
fn input_format_plain_reads_a_tsv_file_as_plain_text() {
    let case = tsv();
    let dir = folder(&[("news.tsv", &case.dirty)]);
    let got = summary(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--input-format",
            "plain",
            "news.tsv",
        ],
        &case.dirty,
        "news.tsv",
    );
    assert!(!got.is_empty());
    assert!(got.iter().all(|f| f.ends_with("seg=null")), "{got:?}");
}

// ------------------------------------------------------------------- errors

/// Exit 2, a message naming `name:line`, nothing on stdout, file unchanged.
fn assert_input_error(file: &str, text: &str, line: usize, command: &[&str]) {
    let dir = folder(&[(file, text)]);
    let mut args = command.to_vec();
    args.push(file);
    let run = mtfix(dir.path(), &args);
    assert_eq!(run.code, 2, "{file} {command:?}: {}", run.stderr);
    let want = format!("{file}:{line}:");
    assert!(
        run.stderr.contains(&want),
        "{file} {command:?}: stderr should name {want}: {}",
        run.stderr
    );
    if command == ["fix"] {
        assert_eq!(run.stdout(), "", "{file}: `fix` wrote output");
    }
    assert_eq!(read(dir.path(), file), text, "{file} was modified");
}

#[test]
fn malformed_xliff_names_the_file_and_line() {
    // An element closed by the wrong end tag on line 5.
    let mismatched = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n<file>\n<body>\n\
                      <trans-unit id=\"1\"><source>文在寅</source><target>Wen Zai</source></trans-unit>\n\
                      </body>\n</file>\n</xliff>\n";
    // An element never closed (line 5 lacks </trans-unit>).
    let unclosed = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n<file>\n<body>\n\
                    <trans-unit id=\"1\"><source>文在寅</source><target>Wen Zai</target>\n\
                    </body>\n</file>\n</xliff>\n";
    for command in [
        &["check"][..],
        &["check", "--format", "json"],
        &["fix"],
        &["fix", "--in-place"],
        &["fix", "--diff"],
    ] {
        assert_input_error("bad.xlf", mismatched, 5, command);
        assert_input_error("bad.xlf", unclosed, 6, command);
    }
}

#[test]
fn truncated_tmx_is_an_error() {
    let text = "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>Wen Zai\n";
    let dir = folder(&[("cut.tmx", text)]);
    let run = mtfix(dir.path(), &["fix", "--in-place", "cut.tmx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cut.tmx:"), "{}", run.stderr);
    assert_eq!(read(dir.path(), "cut.tmx"), text);
}

#[test]
fn a_json_lines_record_that_is_not_an_object_names_the_file_and_line() {
    let text = "{\"target\":\"Wen Zai in Seoul\",\"source\":\"文在寅在首尔\"}\n\n[\"Wen Zai\"]\n";
    for command in [
        &["check"][..],
        &["fix"],
        &["fix", "--in-place"],
        &["fix", "--diff"],
    ] {
        assert_input_error("bad.jsonl", text, 3, command);
        assert_input_error(
            "bad.jsonl",
            "{\"target\": \"ok\"}\n\"Wen Zai\"\n",
            2,
            command,
        );
        assert_input_error("bad.jsonl", "{\"target\": 5}\n", 1, command);
        assert_input_error("bad.jsonl", "{\"target\": \"unterminated}\n", 1, command);
    }
}

#[test]
fn a_line_count_mismatch_names_both_files_and_counts_and_writes_nothing() {
    let en = "Moon Zai-in spoke in Seoul.\nThe Fengxili site.\nA third line.\n";
    let zh = "文在寅在首尔讲话。\n丰溪里\n";
    for command in [
        &["check"][..],
        &["check", "--format", "json"],
        &["fix"],
        &["fix", "--in-place"],
        &["fix", "--diff"],
    ] {
        let dir = folder(&[("en.txt", en), ("zh.txt", zh)]);
        let mut args = command.to_vec();
        args.extend(["--source", "zh.txt", "en.txt"]);
        let run = mtfix(dir.path(), &args);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
        for part in ["en.txt", "3", "zh.txt", "2", "nothing was written"] {
            assert!(run.stderr.contains(part), "{command:?}: {}", run.stderr);
        }
        if command != ["check"] {
            // (human `check` prints its summary line: "no findings in 0 documents")
            assert_eq!(run.stdout(), "", "{command:?}");
        }
        assert_eq!(read(dir.path(), "en.txt"), en);
        assert_eq!(read(dir.path(), "zh.txt"), zh);
    }
}

#[test]
fn source_goes_with_exactly_one_target_file() {
    let en = "Moon Zai-in spoke.\n";
    let zh = "文在寅讲话。\n";
    let dir = folder(&[("en.txt", en), ("en2.txt", en), ("zh.txt", zh)]);
    for command in [&["check"][..], &["fix", "--in-place"], &["fix", "--diff"]] {
        let mut args = command.to_vec();
        args.extend(["--source", "zh.txt", "en.txt", "en2.txt"]);
        let run = mtfix(dir.path(), &args);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
        assert!(run.stderr.contains("--source"), "{}", run.stderr);
        assert_eq!(run.stdout(), "", "{command:?}");
    }
    // A folder is not one file either.
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/en.txt"), en).unwrap();
    let run = mtfix(dir.path(), &["check", "--source", "zh.txt", "sub"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(read(dir.path(), "en.txt"), en);
    assert_eq!(read(dir.path(), "en2.txt"), en);
}

#[test]
fn source_with_a_bilingual_input_format_is_an_error() {
    let dir = folder(&[
        ("en.txt", "Moon Zai-in spoke.\n"),
        ("zh.txt", "文在寅讲话。\n"),
    ]);
    let run = mtfix(
        dir.path(),
        &[
            "check",
            "--input-format",
            "tsv",
            "--source",
            "zh.txt",
            "en.txt",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--source"), "{}", run.stderr);
}

// ------------------------------------------------------------ known bugs

#[test]
fn xml_with_a_byte_order_mark() {
    for (name, text) in [
        (
            "bom.xlf",
            "\u{FEFF}<?xml version=\"1.0\"?><xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>文在寅讲话</source><target>Wen Zai spoke</target></trans-unit></body></file></xliff>\n",
        ),
        (
            "bom.tmx",
            "\u{FEFF}<?xml version=\"1.0\"?><tmx version=\"1.4\"><body><tu><tuv xml:lang=\"zh\"><seg>文在寅讲话</seg></tuv><tuv xml:lang=\"en\"><seg>Wen Zai spoke</seg></tuv></tu></body></tmx>\n",
        ),
    ] {
        let dir = folder(&[(name, text)]);
        let check = mtfix(dir.path(), &["check", "--format", "json", name]);
        let findings = json_findings(&check, text, name);
        assert_eq!(
            findings[0]["matched"], "Wen Zai",
            "{name}: {:?}",
            findings[0]
        );
        let fix = mtfix(dir.path(), &["fix", name]);
        assert_eq!(
            fix.stdout(),
            text.replace("Wen Zai", "Moon Jae-in"),
            "{name}"
        );
    }
}

#[test]
fn inline_tags_do_not_split_source_evidence() {
    for (name, text) in [
        (
            "g.xlf",
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>文在寅讲话。</source><target><g id=\"1\">Moon Jae-in</g> spoke.</target></trans-unit></body></file></xliff>\n",
        ),
        (
            "x.xlf",
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>文在寅讲话。</source><target>Moon Jae-in<x id=\"1\"/> spoke.</target></trans-unit></body></file></xliff>\n",
        ),
        (
            "pc.xliff",
            "<xliff version=\"2.0\" srcLang=\"zh\" trgLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><source>文在寅讲话。</source><target><pc id=\"1\">Moon Jae-in</pc> spoke.</target></segment></unit></file></xliff>\n",
        ),
        (
            "bpt.tmx",
            "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"zh\"><seg>文在寅讲话。</seg></tuv><tuv xml:lang=\"en\"><seg><bpt i=\"1\">&lt;b&gt;</bpt>Moon Jae-in<ept i=\"1\">&lt;/b&gt;</ept> spoke.</seg></tuv></tu></body></tmx>\n",
        ),
    ] {
        let dir = folder(&[(name, text)]);
        let check = mtfix(dir.path(), &["check", "--format", "json", name]);
        assert_eq!(
            (check.code, check.stdout()),
            (0, ""),
            "{name}: a correct unit has findings"
        );
    }
}

#[test]
fn a_piece_after_an_inline_tag_is_not_a_sentence_start() {
    let text = "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>他们讨论了朝韩铁路。</source><target>They discussed the <g id=\"1\">Korean-Korean</g> railway.</target></trans-unit></body></file></xliff>\n";
    let dir = folder(&[("cap.xlf", text)]);
    let fix = mtfix(dir.path(), &["fix", "cap.xlf"]);
    assert_eq!(
        fix.stdout(),
        text.replace("Korean-Korean", "inter-Korean"),
        "mid-sentence"
    );
}

#[test]
fn a_structured_file_without_targets_is_left_alone() {
    for (name, text) in [
        ("notes.jsonl", "{\"id\":1,\"note\":\"Wen Zai in Seoul\"}\n"),
        (
            "empty.xlf",
            "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\" resname=\"Wen Zai\"><source>文在寅在首尔讲话。</source><target/><note>MT said Wen Zai in Seoul</note></trans-unit></body></file></xliff>\n",
        ),
        (
            "source-only.tmx",
            "<tmx version=\"1.4\"><body><tu><prop type=\"x\">Wen Zai in Seoul</prop><tuv xml:lang=\"zh\"><seg>文在寅</seg></tuv></tu></body></tmx>\n",
        ),
    ] {
        let dir = folder(&[(name, text)]);
        let fix = mtfix(dir.path(), &["fix", name]);
        assert_eq!(fix.stdout(), text, "{name}: rewritten outside any target");
        let check = mtfix(dir.path(), &["check", name]);
        assert_eq!(check.code, 0, "{name}: {}", check.stdout());
    }
    // The same with a misspelt --target-field: every record's other fields change.
    let text = "{\"text\":\"Wen Zai in Seoul\",\"source\":\"文在寅在首尔\"}\n";
    let dir = folder(&[("typo.jsonl", text)]);
    let fix = mtfix(dir.path(), &["fix", "--target-field", "txt", "typo.jsonl"]);
    assert_eq!(fix.stdout(), text);
}

#[test]
fn source_with_a_bilingual_extension_is_an_error() {
    let dir = folder(&[
        ("en.tsv", "Moon Zai-in spoke.\nThe Fengxili site.\n"),
        ("zh.txt", "文在寅讲话。\n"),
    ]);
    let run = mtfix(dir.path(), &["check", "--source", "zh.txt", "en.tsv"]);
    assert_eq!(
        run.code,
        2,
        "stdout: {}\nstderr: {}",
        run.stdout(),
        run.stderr
    );
    assert!(run.stderr.contains("--source"), "{}", run.stderr);
}

#[test]
fn a_comment_inside_a_target_is_kept() {
    let text = "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>文在寅在首尔讲话</source><target>Wen Zai<!-- check --> spoke in Seoul</target></trans-unit></body></file></xliff>\n";
    let dir = folder(&[("c.xlf", text)]);
    let check = mtfix(dir.path(), &["check", "--format", "json", "c.xlf"]);
    let findings = json_findings(&check, text, "c.xlf");
    assert_eq!(findings[0]["matched"], "Wen Zai", "{:?}", findings);
    let fix = mtfix(dir.path(), &["fix", "c.xlf"]);
    assert_eq!(fix.stdout(), text.replace("Wen Zai", "Moon Jae-in"));
}

#[test]
fn alt_trans_is_not_the_units_source() {
    let text = "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>他在首尔讲话。</source><target>Wen Zai spoke in Seoul.</target><alt-trans match-quality=\"80\"><source>文在寅在首尔讲话。</source><target>Wen Zai spoke in Seoul.</target></alt-trans></trans-unit></body></file></xliff>\n";
    let dir = folder(&[("alt.xlf", text)]);
    let check = mtfix(dir.path(), &["check", "--format", "json", "alt.xlf"]);
    let findings = json_findings(&check, text, "alt.xlf");
    // The unit's own source (他, "he") does not name 文在寅: a suggestion at most.
    assert_eq!(findings[0]["action"], "suggest", "{:?}", findings[0]);
    let fix = mtfix(dir.path(), &["fix", "alt.xlf"]);
    assert_eq!(
        fix.stdout(),
        text,
        "alt-trans or a contradicted finding was rewritten"
    );
}

/// A UTF-8 BOM before the first JSON Lines record is kept, not refused; a
/// `source` field with no Chinese in it ("Xinhua") is no evidence, so it
/// neither confirms nor contradicts: the fix is made as without a source.
#[test]
fn jsonl_bom_and_a_source_field_without_chinese() {
    let input = "\u{feff}{\"source\":\"Xinhua\",\"text\":\"In Seoul, Wen Zai spoke.\"}\n{\"source\":\"2019\",\"text\":\"Korean-Korean talks\"}\n";
    let dir = folder(&[("a.jsonl", input)]);
    let r = mtfix(dir.path(), &["fix", "--field", "text", "a.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout(),
        "\u{feff}{\"source\":\"Xinhua\",\"text\":\"In Seoul, Moon Jae-in spoke.\"}\n{\"source\":\"2019\",\"text\":\"Inter-Korean talks\"}\n"
    );
    // A blank line of non-JSON whitespace (U+3000) is not a blank line.
    let dir = folder(&[("b.jsonl", "{\"text\":\"x\"}\n\u{3000}\n")]);
    let r = mtfix(dir.path(), &["check", "--field", "text", "b.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("b.jsonl:2:"), "{}", r.stderr);
}
