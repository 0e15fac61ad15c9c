//! `rosterwire scenarios export DIR`: the built-in scenarios (YAML, `snapshots/`, `targets/`,
//! `README.md`) written out as a starting point, to edit and to keep snapshots in.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand};

use crate::exit;

/// Arguments of `rosterwire scenarios`.
#[derive(Debug, Args)]
pub(crate) struct ScenariosArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ScenariosCommand,
}

/// The `scenarios` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum ScenariosCommand {
    /// Write the built-in scenarios, their snapshots and targets into DIR; then
    /// `rosterwire check --scenarios DIR` runs (and updates the snapshots of) that copy.
    Export {
        /// The folder to write into (created when missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Overwrite files that already exist (by default nothing is written if any does).
        #[arg(long)]
        force: bool,
    },
}

/// Runs `rosterwire scenarios`.
///
/// # Errors
/// Files that already exist (without `--force`), or a file that cannot be written (exit 2).
pub(crate) fn run(args: ScenariosArgs) -> anyhow::Result<u8> {
    match args.command {
        ScenariosCommand::Export { dir, force } => {
            let written = export(&dir, force)?;
            eprintln!(
                "wrote {written} files to {}; run `rosterwire check --scenarios {}`",
                dir.display(),
                dir.display()
            );
            Ok(exit::SUCCESS)
        }
    }
}

/// Writes every built-in scenario file under `dir`; returns how many.
///
/// # Errors
/// Existing files (all named, nothing written) unless `force`, or a write error.
pub(crate) fn export(dir: &Path, force: bool) -> anyhow::Result<usize> {
    let files: Vec<(&str, &str)> = crate::builtin::files_under("scenarios").collect();
    if !force {
        let existing: Vec<String> = files
            .iter()
            .map(|(relative, _)| dir.join(relative))
            .filter(|path| path.symlink_metadata().is_ok())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "{} already exist (nothing written; pass --force to overwrite): {}",
                if existing.len() == 1 {
                    "1 file"
                } else {
                    "files"
                },
                existing.join(", ")
            );
        }
    }
    for (relative, text) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_writes_every_built_in_file_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let written = export(dir.path(), false).unwrap();
        assert!(written > 10, "{written}");
        let builtin = dir.path().join("targets/builtin.toml");
        assert!(builtin.is_file());
        assert!(
            dir.path()
                .join("chatwoot/snapshots/read__team.snap")
                .is_file()
        );
        std::fs::write(&builtin, "edited").unwrap();
        let error = export(dir.path(), false).unwrap_err().to_string();
        assert!(error.contains("builtin.toml"), "{error}");
        assert!(error.contains("--force"), "{error}");
        assert_eq!(std::fs::read_to_string(&builtin).unwrap(), "edited");
        assert_eq!(export(dir.path(), true).unwrap(), written);
        assert_ne!(std::fs::read_to_string(&builtin).unwrap(), "edited");
    }
}
