//! Why `rosterwire targets init` cannot write a file.

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum ErrorKind {
    /// Bad arguments, a missing credential, or scenarios that cannot be read (exit 2).
    BadInput,
    /// The server could not be reached, or answered a read with something unusable (exit 3).
    Server,
}

/// An error of `targets init`: its kind and one line saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Error {
    /// The kind.
    pub kind: ErrorKind,
    /// The message.
    pub message: String,
}

impl Error {
    /// A bad-input error.
    pub(crate) fn bad_input(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::BadInput,
            message: message.into(),
        }
    }

    /// A server error.
    pub(crate) fn server(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Server,
            message: message.into(),
        }
    }
}
