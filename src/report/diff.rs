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
        .header(&format!("a/{rel}"), &format!("b/{rel}"))
        .to_writer(out)
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
        let mut none = Vec::new();
        write_diff(&mut none, "x", "same", "same").unwrap();
        assert!(none.is_empty());
    }
}
