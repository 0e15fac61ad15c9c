//! Why a run cannot start: the HTTP client cannot be built, the contracts do not load, or a
//! target lacks variables its scenarios need. The messages name the folder or file at fault.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use rosterwire_mock::VendorName;

use crate::contracts::ContractError;

/// An error preparing a run: a struct around [`RunnerErrorKind`].
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct RunnerError {
    kind: RunnerErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunnerErrorKind {
    /// The HTTP client cannot be built (TLS roots, proxy settings).
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(reqwest::Error),
    /// The contracts folder does not load.
    #[error("cannot load the contracts in {}: {source}", dir.display())]
    Contracts {
        /// The folder.
        dir: PathBuf,
        /// Why.
        source: ContractError,
    },
    /// The scenarios need variables the target has no value (and no reason) for.
    #[error("{}", MissingLines { file, target, missing })]
    MissingVariables {
        /// The targets file.
        file: PathBuf,
        /// The target's name.
        target: String,
        /// The names missing, by vendor (only vendors with some).
        missing: BTreeMap<VendorName, BTreeSet<String>>,
    },
}

impl RunnerError {
    /// What went wrong.
    pub fn kind(&self) -> &RunnerErrorKind {
        &self.kind
    }
}

impl From<reqwest::Error> for RunnerError {
    fn from(error: reqwest::Error) -> Self {
        RunnerErrorKind::HttpClient(error).into()
    }
}

impl From<RunnerErrorKind> for RunnerError {
    fn from(kind: RunnerErrorKind) -> Self {
        RunnerError { kind }
    }
}

/// One line per vendor with missing variables, each saying how to account for them.
struct MissingLines<'a> {
    file: &'a PathBuf,
    target: &'a str,
    missing: &'a BTreeMap<VendorName, BTreeSet<String>>,
}

impl fmt::Display for MissingLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (vendor, names)) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            write!(
                f,
                "{}: target `{}`, {vendor}: the scenarios need {} but the target has no value for {}: \
                 add them to `vars`, `secrets` or `secret_env`, or list them under `unavailable` \
                 with the reason (`rosterwire targets init` writes a complete file)",
                self.file.display(),
                self.target,
                if names.len() == 1 {
                    "a variable"
                } else {
                    "variables"
                },
                listed.join(", ")
            )?;
        }
        Ok(())
    }
}
