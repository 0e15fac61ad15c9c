//! The scenarios (with their snapshots and targets), contracts and vendor documents the project
//! ships, compiled into the binary by `build.rs`. They live under the virtual folder
//! [`ROOT`]: a path under it is read from memory, never from the disk, so a copied or
//! installed binary behaves exactly as one run in the checkout. The readers here serve both
//! kinds of path, so the loaders need not know where their files come from.

use std::io;
use std::path::{Path, PathBuf};

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
}

/// The virtual folder the built-in files appear under (in messages and reports).
pub(crate) const ROOT: &str = "(built-in)";

/// The built-in scenarios folder.
pub(crate) fn scenarios() -> PathBuf {
    Path::new(ROOT).join("scenarios")
}

/// The built-in contracts folder.
pub(crate) fn contracts() -> PathBuf {
    Path::new(ROOT).join("contracts")
}

/// The built-in vendor documents.
pub(crate) fn vendor_docs() -> PathBuf {
    Path::new(ROOT).join("fixtures").join("vendor-docs")
}

/// Whether `path` names a built-in file or folder.
pub(crate) fn is_builtin(path: &Path) -> bool {
    path.starts_with(ROOT)
}

/// The built-in files under `folder` (e.g. `"scenarios"`): (path relative to it, text).
pub(crate) fn files_under(folder: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let prefix = format!("{}/", folder.trim_end_matches('/'));
    files::FILES
        .iter()
        .filter_map(move |(path, text)| path.strip_prefix(prefix.as_str()).map(|r| (r, *text)))
}

/// The text of a file: from memory under [`ROOT`], else from the disk.
///
/// # Errors
/// A missing built-in file (`NotFound`) or any error reading the disk.
pub(crate) fn read_to_string(path: &Path) -> io::Result<String> {
    match key(path) {
        Some(key) => files::FILES
            .iter()
            .find(|(p, _)| *p == key)
            .map(|(_, text)| (*text).to_owned())
            .ok_or_else(|| not_found(path)),
        None => std::fs::read_to_string(path),
    }
}

/// Whether `path` is a folder (built-in or on the disk).
pub(crate) fn is_dir(path: &Path) -> bool {
    match key(path) {
        Some(key) => {
            let prefix = format!("{key}/");
            key.is_empty() || files::FILES.iter().any(|(p, _)| p.starts_with(&prefix))
        }
        None => path.is_dir(),
    }
}

/// The entries of a folder (built-in or on the disk), as full paths, unsorted.
///
/// # Errors
/// A missing built-in folder (`NotFound`) or any error reading the disk.
pub(crate) fn read_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let Some(key) = key(dir) else {
        return std::fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect();
    };
    let prefix = if key.is_empty() {
        String::new()
    } else {
        format!("{key}/")
    };
    let mut names: Vec<&str> = files::FILES
        .iter()
        .filter_map(|(p, _)| p.strip_prefix(prefix.as_str()))
        .filter_map(|rest| rest.split('/').next())
        .collect();
    names.dedup();
    if names.is_empty() {
        return Err(not_found(dir));
    }
    Ok(names.into_iter().map(|n| dir.join(n)).collect())
}

/// The built-in key of a path under [`ROOT`] (`/`-separated, relative to the package root).
fn key(path: &Path) -> Option<String> {
    let rest = path.strip_prefix(ROOT).ok()?;
    Some(
        rest.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{} is not a built-in file", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_folders_are_built_in() {
        assert!(is_dir(&scenarios()));
        assert!(is_dir(&contracts()));
        assert!(is_dir(&vendor_docs()));
        let targets = read_to_string(&scenarios().join("targets/builtin.toml")).unwrap();
        assert!(targets.contains("[targets.builtin]"), "{targets}");
        assert!(files_under("scenarios").any(|(p, _)| p == "README.md"));
        assert!(files_under("scenarios").all(|(p, _)| !p.ends_with(".snap.new")));
    }

    #[test]
    fn folders_list_their_direct_entries_once() {
        let mut vendors = read_dir(&scenarios()).unwrap();
        vendors.sort();
        let names: Vec<_> = vendors
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["README.md", "chatdash", "chatwoot", "rocketchat", "targets"]
        );
        assert!(is_dir(&scenarios().join("chatwoot/snapshots")));
        assert!(!is_dir(&scenarios().join("chatwoot/auth.yaml")));
    }

    #[test]
    fn a_missing_built_in_file_is_not_found_and_never_read_from_the_disk() {
        let error = read_to_string(&scenarios().join("nope.yaml")).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(read_dir(&scenarios().join("nope")).is_err());
    }
}
