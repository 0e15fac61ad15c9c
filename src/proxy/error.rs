//! Why `rosterwire proxy` cannot start.

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyErrorKind {
    /// A bad `--upstream`, targets file or contracts folder (exit 2).
    BadInput,
    /// The address cannot be bound, or the runtime cannot start (exit 2).
    Listen,
}

/// An error of `rosterwire proxy`: its kind and one line saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProxyError {
    kind: ProxyErrorKind,
    message: String,
}

impl ProxyError {
    /// A bad-input error.
    pub(crate) fn bad_input(message: impl Into<String>) -> ProxyError {
        ProxyError {
            kind: ProxyErrorKind::BadInput,
            message: message.into(),
        }
    }

    /// A listen error.
    pub(crate) fn listen(message: impl Into<String>) -> ProxyError {
        ProxyError {
            kind: ProxyErrorKind::Listen,
            message: message.into(),
        }
    }

    /// The kind.
    pub fn kind(&self) -> &ProxyErrorKind {
        &self.kind
    }
}
