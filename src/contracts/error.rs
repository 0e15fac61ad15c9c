//! The error of every fallible contracts operation: a struct around a kind enum.

use std::fmt;
use std::path::PathBuf;

/// Why loading, deriving or compiling contracts failed.
#[derive(Debug)]
pub struct ContractError {
    kind: ContractErrorKind,
}

/// What went wrong, with the location of the fault.
#[derive(Debug)]
#[non_exhaustive]
pub enum ContractErrorKind {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A vendor document's fenced OpenAPI block is not valid YAML or JSON.
    DocumentSyntax {
        /// The vendor document.
        document: String,
        /// The parser's message.
        message: String,
    },
    /// A vendor document lacks something the derivation needs.
    DocumentShape {
        /// The vendor document.
        document: String,
        /// A JSON pointer into the document's OpenAPI.
        pointer: String,
        /// What is missing or wrong.
        message: String,
    },
    /// An overlay file cannot be parsed or does not match the documents.
    Overlay {
        /// The overlay file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A contract file cannot be parsed or is inconsistent with `index.json`.
    Contract {
        /// The contract file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A contract schema does not compile as JSON Schema 2020-12.
    Schema {
        /// The contract file.
        path: PathBuf,
        /// The compiler's message.
        message: String,
    },
}

impl ContractError {
    /// Wraps a kind.
    pub fn new(kind: ContractErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ContractErrorKind {
        &self.kind
    }

    /// A stable code for machine-readable reports.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ContractErrorKind::Io { .. } => "io",
            ContractErrorKind::DocumentSyntax { .. } => "document-syntax",
            ContractErrorKind::DocumentShape { .. } => "document-shape",
            ContractErrorKind::Overlay { .. } => "overlay",
            ContractErrorKind::Contract { .. } => "contract",
            ContractErrorKind::Schema { .. } => "schema",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::new(ContractErrorKind::Io {
            path: path.into(),
            source,
        })
    }

    pub(crate) fn shape(document: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::new(ContractErrorKind::DocumentShape {
            document: document.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        })
    }

    pub(crate) fn overlay(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(ContractErrorKind::Overlay {
            path: path.into(),
            message: message.into(),
        })
    }

    pub(crate) fn contract(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(ContractErrorKind::Contract {
            path: path.into(),
            message: message.into(),
        })
    }
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ContractErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ContractErrorKind::DocumentSyntax { document, message } => {
                write!(f, "{document}: the OpenAPI block does not parse: {message}")
            }
            ContractErrorKind::DocumentShape {
                document,
                pointer,
                message,
            } => write!(f, "{document} at {pointer}: {message}"),
            ContractErrorKind::Overlay { path, message }
            | ContractErrorKind::Contract { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            ContractErrorKind::Schema { path, message } => write!(
                f,
                "{}: not a valid JSON Schema 2020-12: {message}",
                path.display()
            ),
        }
    }
}

// No `source()`: the message already ends with the operating-system error, and a chain
// printer (`{:#}`) would print it twice.
impl std::error::Error for ContractError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_is_named_once_in_a_chain() {
        let source = std::io::Error::from(std::io::ErrorKind::NotFound);
        let error = anyhow::Error::new(ContractError::io("contracts/index.json", source));
        let text = format!("{error:#}");
        assert_eq!(text.matches("not found").count(), 1, "{text}");
    }
}
