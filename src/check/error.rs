//! Why `check` cannot start: a bad argument or a bad file. Every kind is bad input (exit 2) and
//! prints as one message (several lines when several scenario files are wrong).

use crate::runner::RunnerError;
use crate::scenario::Error as FileError;
use crate::snapshot::SettingsError;

/// An error turning the arguments into a run: a struct around [`SetupErrorKind`].
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub(crate) struct SetupError {
    kind: SetupErrorKind,
}

/// What is wrong.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SetupErrorKind {
    /// A flag's value, or flags that contradict each other or the files.
    #[error("{message}")]
    Argument {
        /// What is wrong and what to do.
        message: String,
    },
    /// The targets file or the scenarios folder cannot be read or is malformed.
    #[error(transparent)]
    File(FileError),
    /// Scenario files that do not parse: every one, one after the other.
    #[error("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Scenarios {
        /// One error per bad file.
        errors: Vec<FileError>,
    },
    /// The contracts do not load, or the target lacks variables.
    #[error(transparent)]
    Runner(RunnerError),
    /// An insta variable insta would refuse.
    #[error(transparent)]
    Snapshots(SettingsError),
}

impl SetupError {
    /// A bad argument.
    pub(crate) fn argument(message: impl Into<String>) -> SetupError {
        SetupErrorKind::Argument {
            message: message.into(),
        }
        .into()
    }
}

impl From<SetupErrorKind> for SetupError {
    fn from(kind: SetupErrorKind) -> Self {
        SetupError { kind }
    }
}

impl From<FileError> for SetupError {
    fn from(error: FileError) -> Self {
        SetupErrorKind::File(error).into()
    }
}

impl From<RunnerError> for SetupError {
    fn from(error: RunnerError) -> Self {
        SetupErrorKind::Runner(error).into()
    }
}

impl From<SettingsError> for SetupError {
    fn from(error: SettingsError) -> Self {
        SetupErrorKind::Snapshots(error).into()
    }
}
