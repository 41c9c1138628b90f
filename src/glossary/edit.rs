//! Editing glossary files as text: the canonical form (`rules lint --fix`)
//! and adding or merging one entry (`rules add`) while every other byte of
//! the file stays as it was.

use std::sync::Arc;

use super::LoadError;
use super::load;
use super::spec::{EntrySpec, header, write_entries, write_entry};

/// `text` (a glossary file named `file`) in the canonical form: entries
/// sorted by id, one style (see [`spec`](super::spec)); the leading comment
/// block is kept, other comments are dropped.
///
/// # Errors
/// Whatever loading the file refuses.
pub fn canonical(text: &str, file: &str) -> Result<String, LoadError> {
    load::parse(text, &Arc::from(file))?;
    let specs = load::parse_specs(text, file)?;
    Ok(write_entries(header(text), &specs))
}

/// The glossary files of a `--rules` path: the file itself, or every
/// `*.yaml`/`*.yml` below a folder, sorted.
///
/// # Errors
/// An unreadable path.
pub fn glossary_files(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>, LoadError> {
    load::yaml_files(path)
}

/// The entry specs of a glossary file, checked one by one.
///
/// # Errors
/// Whatever loading the file refuses.
pub fn specs(text: &str, file: &str) -> Result<Vec<EntrySpec>, LoadError> {
    load::parse(text, &Arc::from(file))?;
    load::parse_specs(text, file)
}

/// What [`upsert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new entry was inserted.
    Added,
    /// An entry with the same id gained terms, sources or tests.
    Merged,
    /// The entry already had everything.
    Unchanged,
}

/// Adds `spec` to the glossary file `text`: merged into the entry with the
/// same id if there is one (only that entry's lines are rewritten), else
/// inserted at its sorted place (or at the end of an unsorted file). The
/// rest of the file is kept byte for byte.
///
/// # Errors
/// Whatever loading the original file refuses.
pub fn upsert(text: &str, file: &str, spec: &EntrySpec) -> Result<(String, Change), LoadError> {
    let specs = specs(text, file)?;
    let items = items(text);
    let aligned = items.len() == specs.len();
    if let Some(i) = specs.iter().position(|s| s.id == spec.id) {
        let mut merged = specs[i].clone();
        if !merged.merge(spec) {
            return Ok((text.to_owned(), Change::Unchanged));
        }
        if !aligned {
            let mut all = specs;
            all[i] = merged;
            return Ok((write_entries(header(text), &all), Change::Merged));
        }
        let (start, end) = items[i];
        let mut out = String::with_capacity(text.len() + 256);
        out.push_str(&text[..start]);
        write_entry(&mut out, &merged);
        out.push_str(&text[end..]);
        return Ok((out, Change::Merged));
    }
    let mut block = String::new();
    write_entry(&mut block, spec);
    if !aligned {
        let mut all = specs;
        all.push(spec.clone());
        return Ok((write_entries(header(text), &all), Change::Added));
    }
    let sorted = specs.windows(2).all(|w| w[0].id <= w[1].id);
    let at = if sorted {
        specs.iter().position(|s| s.id > spec.id)
    } else {
        None
    };
    let mut out = String::with_capacity(text.len() + block.len() + 2);
    match at {
        Some(0) => {
            let (start, _) = items[0];
            out.push_str(&text[..start]);
            out.push_str(&block);
            out.push('\n');
            out.push_str(&text[start..]);
        }
        Some(i) => {
            // Right after the previous entry, so that comments above the
            // next entry stay with it.
            let (_, end) = items[i - 1];
            out.push_str(&text[..end]);
            out.push('\n');
            out.push_str(&block);
            out.push_str(&text[end..]);
        }
        None => {
            let body = text.trim_end_matches(['\n', '\r', ' ', '\t']);
            // An empty document may be spelt `[]`.
            let body = if specs.is_empty() && body.ends_with("[]") && !body.contains("- ") {
                body[..body.len() - 2].trim_end()
            } else {
                body
            };
            out.push_str(body);
            if !body.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block);
        }
    }
    Ok((out, Change::Added))
}

/// Byte ranges of the top-level list items of a glossary file: from a line
/// starting with `-` to the last line of the item that is neither blank nor
/// a comment at column 0 (those stay between items).
fn items(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut content_end = Vec::new();
    let mut last_content = 0usize;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let is_item = line.starts_with('-')
            && !line.starts_with("---")
            && line[1..].starts_with([' ', '\n', '\r']);
        if is_item {
            if !starts.is_empty() {
                content_end.push(last_content);
            }
            starts.push(offset);
        }
        let t = line.trim();
        if !starts.is_empty() && !t.is_empty() && !line.starts_with('#') {
            last_content = offset + line.len();
        }
        offset += line.len();
    }
    if !starts.is_empty() {
        content_end.push(last_content);
    }
    starts.into_iter().zip(content_end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# People.\n\n- id: a-one\n  correct: A One\n  category: name/person\n  note: \"x\"   # odd spacing kept\n\n# about c\n- id: c-three\n  correct: C Three\n  category: name/person\n";

    #[test]
    fn add_inserts_at_the_sorted_place_and_keeps_the_rest() {
        let mut b = EntrySpec::new("b-two", "B Two", "name/person");
        b.variants = vec!["Bee Two".into()];
        let (out, change) = upsert(FILE, "f.yaml", &b).unwrap();
        assert_eq!(change, Change::Added);
        assert_eq!(
            out,
            "# People.\n\n- id: a-one\n  correct: A One\n  category: name/person\n  note: \"x\"   # odd spacing kept\n\n- id: b-two\n  correct: B Two\n  variants: [Bee Two]\n  category: name/person\n\n# about c\n- id: c-three\n  correct: C Three\n  category: name/person\n"
        );
        let z = EntrySpec::new("z-last", "Z", "term");
        let (out, _) = upsert(FILE, "f.yaml", &z).unwrap();
        assert!(out.starts_with(FILE.trim_end()));
        assert!(out.ends_with("\n\n- id: z-last\n  correct: Z\n  category: term\n"));
    }

    #[test]
    fn merge_rewrites_only_that_entry() {
        let mut c = EntrySpec::new("c-three", "C Three", "name/person");
        c.variants = vec!["See Three".into()];
        let (out, change) = upsert(FILE, "f.yaml", &c).unwrap();
        assert_eq!(change, Change::Merged);
        assert!(out.starts_with(&FILE[..FILE.find("- id: c-three").unwrap()]));
        assert!(out.ends_with(
            "- id: c-three\n  correct: C Three\n  variants: [See Three]\n  category: name/person\n"
        ));
        let (again, change) = upsert(&out, "f.yaml", &c).unwrap();
        assert_eq!(change, Change::Unchanged);
        assert_eq!(again, out);
    }

    #[test]
    fn add_to_an_empty_file() {
        let e = EntrySpec::new("x", "X", "term");
        assert_eq!(
            upsert("", "f.yaml", &e).unwrap().0,
            "- id: x\n  correct: X\n  category: term\n"
        );
        assert_eq!(
            upsert("# Mine.\n[]\n", "f.yaml", &e).unwrap().0,
            "# Mine.\n\n- id: x\n  correct: X\n  category: term\n"
        );
    }

    #[test]
    fn canonical_is_a_fixed_point() {
        let messy = "- {id: b, correct: B, category: term}\n- id: a\n  category: term\n  correct: \"A\"\n  variants:\n    - Ay\n";
        let once = canonical(messy, "m.yaml").unwrap();
        assert_eq!(
            once,
            "- id: a\n  correct: A\n  variants: [Ay]\n  category: term\n\n- id: b\n  correct: B\n  category: term\n"
        );
        assert_eq!(canonical(&once, "m.yaml").unwrap(), once);
        assert!(canonical("- id: A\n  correct: x\n  category: t\n", "m.yaml").is_err());
    }
}
