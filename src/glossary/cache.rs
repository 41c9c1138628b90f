//! A cache of big validated glossaries, keyed by their contents.
//!
//! Parsing and validating the YAML of a 100,000-entry glossary takes most
//! of a second, on every run. [`Glossary::load_cached`] keeps the validated
//! entries of a glossary whose own files (the embedded one aside) hold
//! [`CACHE_FROM`] bytes or more as JSON in a cache folder; the next run with
//! the same files (same names, same bytes, same mtfix binary) reads that
//! instead. A change to any file is a new key.
//! A missing, unreadable or corrupt cache file is rebuilt, and a cache that
//! cannot be written is skipped: the cache never changes a result.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Entry, Glossary, GlossaryBuilder, LoadError, builtin, load};

/// Glossaries smaller than this (all files together, in bytes) are parsed
/// every time: that takes milliseconds.
pub const CACHE_FROM: usize = 1 << 20;

/// Cache files kept in the folder (the most recently written).
const KEEP: usize = 4;

/// Bump when the cached form of [`Entry`] changes.
const FORMAT: u32 = 2;

impl Glossary {
    /// Loads the embedded glossary (when `builtin`) and every YAML file of
    /// `paths`, like [`GlossaryBuilder`], through the cache folder `dir`
    /// (`None`: no cache).
    ///
    /// # Errors
    /// Those of [`GlossaryBuilder::add_path`] and [`GlossaryBuilder::build`].
    pub fn load_cached(
        builtin: bool,
        paths: &[PathBuf],
        dir: Option<&Path>,
    ) -> Result<Glossary, LoadError> {
        let mut files: Vec<(String, String)> = Vec::new();
        if builtin {
            for (name, text) in builtin::FILES {
                files.push(((*name).to_owned(), (*text).to_owned()));
            }
        }
        let embedded = files.len();
        for path in paths {
            files.extend(load::read_yaml_files(path)?);
        }
        // The user's files decide: the embedded glossary alone loads in a
        // tenth of a second, and a plain run should not write to the disk.
        let size: usize = files[embedded..].iter().map(|(_, t)| t.len()).sum();
        let build = |files: &[(String, String)]| -> Result<Glossary, LoadError> {
            let mut b = GlossaryBuilder::new();
            for (name, text) in files {
                b = b.add_yaml(text, name)?;
            }
            b.build()
        };
        let Some((dir, key)) = dir
            .filter(|_| size >= CACHE_FROM)
            .and_then(|d| Some((d, key(&files)?)))
        else {
            return build(&files);
        };
        let path = dir.join(format!("glossary-{key}.json"));
        if let Some(entries) = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Vec<Entry>>(&bytes).ok())
        {
            return Ok(Glossary { entries });
        }
        let glossary = build(&files)?;
        let _ = store(dir, &path, &glossary.entries);
        Ok(glossary)
    }
}

/// A 128-bit key over the format, mtfix's version, the running binary (its
/// size and modification time: a rebuild never reads an older build's
/// cache) and every file's name and bytes, in order. `None` when the
/// binary cannot be looked at: then nothing is cached.
fn key(files: &[(String, String)]) -> Option<String> {
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let built = (exe.len(), exe.modified().ok()?);
    let half = |salt: u64| {
        let mut h = DefaultHasher::new();
        (salt, FORMAT, env!("CARGO_PKG_VERSION"), built, files).hash(&mut h);
        h.finish()
    };
    Some(format!(
        "{:016x}{:016x}",
        half(0x6d74_6669_7801),
        half(0x6d74_6669_7802)
    ))
}

/// Writes the cache file atomically, then drops the oldest beyond [`KEEP`].
fn store(dir: &Path, path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(std::io::BufWriter::new(tmp.as_file_mut()), entries)?;
    tmp.as_file_mut().flush()?;
    tmp.persist(path).map_err(|e| e.error)?;
    let mut cached: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("glossary-") && name.ends_with(".json")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    cached.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in cached.into_iter().skip(KEEP) {
        if old != path {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}

/// The cache folder: `$MTFIX_CACHE_DIR`, else `$XDG_CACHE_HOME/mtfix`, else
/// `~/.cache/mtfix`.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("MTFIX_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("mtfix")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("mtfix")))
}
