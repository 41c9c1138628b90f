//! Unified diffs that `patch -p1` and `git apply` accept.

use std::io::{self, Write};

use similar::TextDiff;

/// Writes a unified diff of `old` → `new` for the input `name`, with
/// `a/` and `b/` prefixes. Writes nothing when the texts are equal.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_diff(out: &mut dyn Write, name: &str, old: &str, new: &str) -> io::Result<()> {
    if old == new {
        return Ok(());
    }
    let rel = name.trim_start_matches("./").trim_start_matches('/');
    let diff = TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&header_name("a/", rel), &header_name("b/", rel))
        .to_writer(out)
}

/// A file name as git writes it in `---`/`+++` headers: C-quoted when it
/// has quotes, backslashes or control characters; followed by a tab when it
/// has a space, so that `patch` does not cut it there.
fn header_name(prefix: &str, name: &str) -> String {
    let special = |c: char| c == '"' || c == '\\' || c.is_control();
    if name.chars().any(special) {
        let mut q = String::from("\"");
        q.push_str(prefix);
        for c in name.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                '\t' => q.push_str("\\t"),
                '\n' => q.push_str("\\n"),
                '\r' => q.push_str("\\r"),
                c if c.is_control() => q.push_str(&format!("\\{:03o}", c as u32)),
                c => q.push(c),
            }
        }
        q.push('"');
        q
    } else if name.contains(' ') {
        format!("{prefix}{name}\t")
    } else {
        format!("{prefix}{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_git_headers_and_no_newline_hint() {
        let mut out = Vec::new();
        write_diff(&mut out, "./news/a.txt", "one\ntwo", "one\n2").unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.starts_with("--- a/news/a.txt\n+++ b/news/a.txt\n@@ -1,2 +1,2 @@\n"),
            "{s}"
        );
        assert!(s.contains("\\ No newline at end of file"), "{s}");
        assert_eq!(header_name("a/", "my file.txt"), "a/my file.txt\t");
        assert_eq!(header_name("b/", "tab\there.txt"), "\"b/tab\\there.txt\"");
        assert_eq!(header_name("a/", "plain.txt"), "a/plain.txt");
        let mut none = Vec::new();
        write_diff(&mut none, "x", "same", "same").unwrap();
        assert!(none.is_empty());
    }
}
