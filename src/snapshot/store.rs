//! Snapshot files in insta's `.snap` format, written by the runner and reviewed with
//! `cargo insta review`. Bodies are compared as JSON (parsed on both sides), so formatting
//! differences between writers never count as changes.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// When to write snapshot files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdateMode {
    /// Write nothing; a mismatch fails.
    No,
    /// Write `.snap.new` next to a missing or differing `.snap` (and still fail).
    #[default]
    New,
    /// Overwrite the `.snap` (a mismatch then passes).
    Always,
    /// `always` for a snapshot that does not exist yet, `new` for one that differs (insta's
    /// documented `unseen`).
    Unseen,
    /// As `always`, and rewrite a snapshot even when it matches.
    Force,
}

/// What the snapshot header says about where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct SnapshotMeta {
    /// The scenario file (relative path).
    pub source: String,
    /// The step name.
    pub expression: String,
}

/// The result of comparing a body to its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SnapshotOutcome {
    /// Same JSON as the stored snapshot.
    Matches,
    /// The snapshot was (re)written in `always` mode.
    Written {
        /// The file written.
        path: PathBuf,
    },
    /// No snapshot exists yet.
    Missing {
        /// The `.snap.new` written, if any.
        pending: Option<PathBuf>,
    },
    /// The body differs from the snapshot.
    Changed {
        /// The `.snap.new` written, if any.
        pending: Option<PathBuf>,
        /// A unified diff, stored first.
        diff: String,
    },
}

/// Why a snapshot could not be checked.
#[derive(Debug)]
pub(crate) struct SnapshotError {
    /// The file.
    pub path: PathBuf,
    /// The cause.
    pub source: std::io::Error,
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for SnapshotError {}

/// The snapshot file of `name` in `dir`.
pub(crate) fn snapshot_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.snap"))
}

/// Compares `actual` (already redacted) to the snapshot `name` in `dir`, writing per `mode`.
/// A built-in `dir` ([`crate::builtin`]) is read from memory and never written: `mode` is then
/// taken as [`UpdateMode::No`].
///
/// # Errors
/// When a snapshot file cannot be written.
pub(crate) fn check_snapshot(
    dir: &Path,
    name: &str,
    meta: &SnapshotMeta,
    actual: &Value,
    mode: UpdateMode,
) -> Result<SnapshotOutcome, SnapshotError> {
    let builtin = crate::builtin::is_builtin(dir);
    let mode = if builtin { UpdateMode::No } else { mode };
    let snap = snapshot_path(dir, name);
    let pending_path = dir.join(format!("{name}.snap.new"));
    let body = serde_json::to_string_pretty(actual).unwrap_or_else(|_| actual.to_string());
    let stored = crate::builtin::read_to_string(&snap)
        .ok()
        .map(|s| snapshot_body(&s));
    let stored_value = stored
        .as_deref()
        .and_then(|s| serde_json::from_str::<Value>(s).ok());
    if stored_value.as_ref() == Some(actual) && mode != UpdateMode::Force {
        if !builtin {
            let _ = std::fs::remove_file(&pending_path);
        }
        return Ok(SnapshotOutcome::Matches);
    }
    let contents = format!("{}{body}\n", header(meta));
    let write = |path: &Path| -> Result<(), SnapshotError> {
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(path, &contents))
            .map_err(|source| SnapshotError {
                path: path.to_owned(),
                source,
            })
    };
    let in_place = match mode {
        UpdateMode::Always | UpdateMode::Force => true,
        UpdateMode::Unseen => stored.is_none(),
        UpdateMode::New | UpdateMode::No => false,
    };
    if in_place {
        write(&snap)?;
        let _ = std::fs::remove_file(&pending_path);
        Ok(SnapshotOutcome::Written { path: snap })
    } else {
        let pending = if matches!(mode, UpdateMode::New | UpdateMode::Unseen) {
            write(&pending_path)?;
            Some(pending_path)
        } else {
            None
        };
        Ok(match stored {
            None => SnapshotOutcome::Missing { pending },
            Some(old) => SnapshotOutcome::Changed {
                pending,
                diff: similar::TextDiff::from_lines(old.trim_end(), body.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header("snapshot", "actual")
                    .to_string(),
            },
        })
    }
}

/// insta's header: YAML between `---` lines. JSON strings are valid YAML scalars.
fn header(meta: &SnapshotMeta) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    format!(
        "---\nsource: {}\nexpression: {}\n---\n",
        q(&meta.source),
        q(&meta.expression)
    )
}

/// The text after the header (insta: everything after the second `---` line).
fn snapshot_body(file: &str) -> String {
    let normalized = file.replace("\r\n", "\n");
    let mut parts = normalized.splitn(3, "---\n");
    match (parts.next(), parts.next(), parts.next()) {
        (Some(""), Some(_header), Some(body)) => body.to_owned(),
        _ => normalized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> SnapshotMeta {
        SnapshotMeta {
            source: "scenarios/chatwoot/x.yaml".into(),
            expression: "replace".into(),
        }
    }

    #[test]
    fn a_missing_snapshot_writes_a_pending_file_in_new_mode_and_nothing_in_no_mode() {
        let dir = tempfile::tempdir().unwrap();
        let outcome =
            check_snapshot(dir.path(), "s", &meta(), &json!([1]), UpdateMode::No).unwrap();
        assert_eq!(outcome, SnapshotOutcome::Missing { pending: None });
        let outcome =
            check_snapshot(dir.path(), "s", &meta(), &json!([1]), UpdateMode::New).unwrap();
        let pending = dir.path().join("s.snap.new");
        assert_eq!(
            outcome,
            SnapshotOutcome::Missing {
                pending: Some(pending.clone())
            }
        );
        insta::assert_snapshot!(std::fs::read_to_string(pending).unwrap(), @r#"
        ---
        source: "scenarios/chatwoot/x.yaml"
        expression: "replace"
        ---
        [
          1
        ]
        "#);
    }

    #[test]
    fn a_stored_snapshot_matches_semantically_and_a_change_gives_a_diff() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("s.snap"),
            "---\nsource: x\n---\n{\"a\":   1.0, \"b\": [1]}\n",
        )
        .unwrap();
        let same = check_snapshot(
            dir.path(),
            "s",
            &meta(),
            &json!({"a": 1.0, "b": [1]}),
            UpdateMode::No,
        );
        assert_eq!(same.unwrap(), SnapshotOutcome::Matches);
        let changed = check_snapshot(
            dir.path(),
            "s",
            &meta(),
            &json!({"a": 2.0, "b": [1]}),
            UpdateMode::No,
        )
        .unwrap();
        let SnapshotOutcome::Changed { diff, .. } = changed else {
            panic!("{changed:?}")
        };
        assert!(diff.contains("+  \"a\": 2.0,"), "{diff}");
    }

    #[test]
    fn a_built_in_snapshot_is_read_from_memory_and_never_written() {
        let dir = crate::builtin::scenarios().join("chatwoot/snapshots");
        let changed = check_snapshot(
            &dir,
            "read__team",
            &meta(),
            &json!({"x": 1}),
            UpdateMode::Always,
        )
        .unwrap();
        let SnapshotOutcome::Changed { pending, diff } = changed else {
            panic!("{changed:?}")
        };
        assert_eq!(pending, None);
        assert!(diff.contains("+  \"x\": 1"), "{diff}");
        let missing = check_snapshot(&dir, "nope", &meta(), &json!(1), UpdateMode::New).unwrap();
        assert_eq!(missing, SnapshotOutcome::Missing { pending: None });
        assert!(!std::path::Path::new(crate::builtin::ROOT).exists());
    }

    #[test]
    fn unseen_mode_stores_a_missing_snapshot_and_leaves_a_changed_one_pending() {
        let dir = tempfile::tempdir().unwrap();
        let first =
            check_snapshot(dir.path(), "s", &meta(), &json!(1), UpdateMode::Unseen).unwrap();
        assert!(
            matches!(first, SnapshotOutcome::Written { .. }),
            "{first:?}"
        );
        let changed =
            check_snapshot(dir.path(), "s", &meta(), &json!(2), UpdateMode::Unseen).unwrap();
        assert!(
            matches!(
                changed,
                SnapshotOutcome::Changed {
                    pending: Some(_),
                    ..
                }
            ),
            "{changed:?}"
        );
        let forced =
            check_snapshot(dir.path(), "s", &meta(), &json!(1), UpdateMode::Force).unwrap();
        assert!(
            matches!(forced, SnapshotOutcome::Written { .. }),
            "{forced:?}"
        );
    }

    #[test]
    fn always_mode_overwrites_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let outcome =
            check_snapshot(dir.path(), "s", &meta(), &json!(1), UpdateMode::Always).unwrap();
        assert!(matches!(outcome, SnapshotOutcome::Written { .. }));
        let again = check_snapshot(dir.path(), "s", &meta(), &json!(1), UpdateMode::No).unwrap();
        assert_eq!(again, SnapshotOutcome::Matches);
    }
}
