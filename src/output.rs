//! Writing corrected files back: atomically, or not at all.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not rewritten. The file is left exactly as it was.
#[derive(Debug)]
pub struct WriteError {
    path: PathBuf,
    message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}; the file was left as it was",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for WriteError {}

/// Replaces the contents of `path` with `text` atomically: the text goes to
/// a temporary file in the same folder, is synced to disk, gets the
/// original's permissions and is renamed over the original, so a reader (or
/// a crash) sees either the old or the new file, never a partial one.
///
/// A symbolic link is followed: its target is rewritten and the link stays.
/// A read-only file is refused.
///
/// # Errors
/// Any failure; the original is then untouched (the temporary file is removed).
pub fn write_atomic(path: &Path, text: &str) -> Result<(), WriteError> {
    let fail = |message: String| WriteError {
        path: path.to_owned(),
        message,
    };
    let target =
        std::fs::canonicalize(path).map_err(|e| fail(format!("cannot resolve path: {e}")))?;
    let meta = std::fs::metadata(&target).map_err(|e| fail(format!("cannot stat: {e}")))?;
    if !meta.is_file() {
        return Err(fail(
            "not a regular file (a FIFO, device or socket is never replaced)".into(),
        ));
    }
    if meta.permissions().readonly() {
        return Err(fail("file is read-only".into()));
    }
    let dir = target
        .parent()
        .ok_or_else(|| fail("no parent folder".into()))?;
    replace_via_temp(dir, &target, text, &meta.permissions()).map_err(fail)
}

/// Writes `path` atomically: replaced like [`write_atomic`] when it
/// exists, else created (with default permissions) through a temporary
/// file in its folder, so that it appears whole or not at all.
///
/// # Errors
/// Any failure; nothing is left behind.
pub fn write_new_or_atomic(path: &Path, text: &str) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(path).is_ok() {
        return write_atomic(path, text);
    }
    let fail = |message: String| WriteError {
        path: path.to_owned(),
        message,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let folder = std::fs::metadata(&dir)
        .map_err(|e| fail(format!("cannot use folder {}: {e}", dir.display())))?;
    let permissions = new_file_permissions(folder.permissions());
    replace_via_temp(&dir, path, text, &permissions).map_err(fail)
}

/// Permissions of a new file: 0644 on Unix (temporary files are 0600);
/// elsewhere the folder's.
fn new_file_permissions(folder: std::fs::Permissions) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = folder;
        std::fs::Permissions::from_mode(0o644)
    }
    #[cfg(not(unix))]
    {
        folder
    }
}

/// Writes `text` to a temporary file in `dir`, syncs it, gives it
/// `permissions` and renames it to `target`: all or nothing. The temporary
/// file is removed on failure.
fn replace_via_temp(
    dir: &Path,
    target: &Path,
    text: &str,
    permissions: &std::fs::Permissions,
) -> Result<(), String> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".mtfix-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the temporary file: {e}"))?;
    std::fs::set_permissions(tmp.path(), permissions.clone())
        .map_err(|e| format!("cannot copy permissions: {e}"))?;
    tmp.persist(target)
        .map_err(|e| format!("cannot replace {}: {}", target.display(), e.error))?;
    Ok(())
}

/// Keeps `original` (the text as read) as `path` + `suffix`, atomically,
/// before `path` is rewritten. The backup gets the original's permissions.
///
/// # Errors
/// When the backup cannot be written; the caller then leaves `path` alone.
pub fn write_backup(path: &Path, suffix: &str, original: &str) -> Result<(), WriteError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    let backup = path.with_file_name(name);
    let fail = |message: String| WriteError {
        path: path.to_owned(),
        message,
    };
    if std::fs::symlink_metadata(&backup).is_ok_and(|m| !m.is_file()) {
        return Err(fail(format!(
            "the backup {} exists and is not a regular file",
            backup.display()
        )));
    }
    let dir = backup
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot stat: {e}")))?
        .permissions();
    replace_via_temp(dir, &backup, original, &permissions)
        .map_err(|e| fail(format!("backup not written: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_keep_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        write_backup(&p, ".orig", "old").unwrap();
        write_atomic(&p, "new").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt.orig")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        std::fs::create_dir(dir.path().join("b.txt.orig")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "keep").unwrap();
        assert!(write_backup(&dir.path().join("b.txt"), ".orig", "keep").is_err());
    }

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&p, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks_and_refuses_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.txt");
        let link = dir.path().join("l.txt");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");

        let ro = dir.path().join("ro.txt");
        std::fs::write(&ro, "keep").unwrap();
        let mut perm = std::fs::metadata(&ro).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&ro, perm).unwrap();
        let err = write_atomic(&ro, "x").unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep");
    }
}
