//! The crate's error type: a struct around a documented kind enum.

use std::fmt;

/// An error from `rosterwire-mock`: loading a world, binding a socket, or a bad configuration.
///
/// Vendor answers are never errors: a request the vendor rejects is a [`Response`](crate::exchange::Response)
/// in that vendor's own shape. `Error` is only for things that stop the mock itself.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong. Each kind has a stable [`ErrorKind::code`] for machine-readable reports.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A world document is not valid: `pointer` is the JSON pointer of the faulty value.
    InvalidWorld {
        /// JSON pointer into the world document, e.g. `/chatwoot/team_members/3/user_id`.
        pointer: String,
        /// One line saying what is wrong there.
        message: String,
    },
    /// A world file could not be read.
    ReadWorld {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The listening socket could not be bound or configured.
    Bind {
        /// The address asked for.
        address: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A fault or request pattern is not valid: `pointer` is the JSON pointer of the faulty
    /// field in the fault (or verification) document, e.g. `/fault/status`.
    InvalidFault {
        /// JSON pointer into the fault document.
        pointer: String,
        /// One line saying what is wrong there.
        message: String,
    },
    /// Verification needs the request journal, and it is off (`journal_size` 0).
    JournalOff,
    /// A value given as text does not parse: a vendor or fidelity name, a `--fidelity` or
    /// `--fault` spec, a fault header, a path pattern. The message names the value and says
    /// what is expected; it is the whole text of the error.
    InvalidValue {
        /// What is wrong.
        message: String,
    },
    /// A configuration value is out of range or inconsistent.
    InvalidConfig {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Builds an error of this kind.
    pub fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }

    /// Shorthand for [`ErrorKind::InvalidWorld`].
    pub fn invalid_world(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidWorld {
            pointer: pointer.into(),
            message: message.into(),
        })
    }

    /// Shorthand for [`ErrorKind::InvalidValue`].
    pub fn invalid_value(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidValue {
            message: message.into(),
        })
    }

    /// Shorthand for [`ErrorKind::InvalidConfig`].
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidConfig {
            message: message.into(),
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Prefixes the JSON pointer of an [`ErrorKind::InvalidWorld`] (used when a vendor's
    /// section is checked on its own and the caller knows where the section sits).
    #[must_use]
    pub fn at_pointer_prefix(mut self, prefix: &str) -> Self {
        if let ErrorKind::InvalidWorld { pointer, .. } = &mut self.kind {
            *pointer = format!("{prefix}{pointer}");
        }
        self
    }
}

impl ErrorKind {
    /// A stable code for reports: `invalid-world`, `read-world`, `bind`, `invalid-fault`,
    /// `journal-off`, `invalid-value`, `invalid-config`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::InvalidWorld { .. } => "invalid-world",
            ErrorKind::ReadWorld { .. } => "read-world",
            ErrorKind::Bind { .. } => "bind",
            ErrorKind::InvalidFault { .. } => "invalid-fault",
            ErrorKind::JournalOff => "journal-off",
            ErrorKind::InvalidValue { .. } => "invalid-value",
            ErrorKind::InvalidConfig { .. } => "invalid-config",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidWorld { pointer, message } => {
                let at = if pointer.is_empty() { "/" } else { pointer };
                write!(f, "invalid world at {at}: {message}")
            }
            ErrorKind::ReadWorld { path, source } => {
                write!(f, "cannot read world file {}: {source}", path.display())
            }
            ErrorKind::Bind { address, source } => {
                write!(f, "cannot listen on {address}: {source}")
            }
            ErrorKind::InvalidFault { pointer, message } => {
                write!(f, "invalid fault at {pointer}: {message}")
            }
            ErrorKind::JournalOff => {
                f.write_str("the request journal is off (journal size 0): nothing to verify")
            }
            ErrorKind::InvalidValue { message } => f.write_str(message),
            ErrorKind::InvalidConfig { message } => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::ReadWorld { source, .. } | ErrorKind::Bind { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}
