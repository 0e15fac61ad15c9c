//! Errors in scenario and targets files: a kind, the file, and a line/column with a caret snippet.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// What went wrong while reading a scenario or targets file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file cannot be read.
    Io {
        /// The operating system's message.
        message: String,
    },
    /// The YAML or TOML is malformed or does not fit the format.
    Syntax {
        /// The parser's message.
        message: String,
    },
    /// A key the format does not know, with the closest known key.
    UnknownKey {
        /// The key found.
        key: String,
        /// The closest known key, when one is close.
        suggestion: Option<String>,
    },
    /// The file parses but breaks a rule of the format (e.g. two predicates in one assertion).
    Invalid {
        /// What rule was broken.
        message: String,
    },
    /// `${name}` names no variable.
    UnknownVariable {
        /// The variable name.
        name: String,
    },
}

impl ErrorKind {
    /// A stable code for machine-readable reports.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Io { .. } => "io",
            ErrorKind::Syntax { .. } => "syntax",
            ErrorKind::UnknownKey { .. } => "unknown-key",
            ErrorKind::Invalid { .. } => "invalid",
            ErrorKind::UnknownVariable { .. } => "unknown-variable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io { message } => write!(f, "cannot read the file: {message}"),
            ErrorKind::Syntax { message } => f.write_str(message),
            ErrorKind::UnknownKey {
                key,
                suggestion: Some(s),
            } => write!(f, "unknown key `{key}`; did you mean `{s}`?"),
            ErrorKind::UnknownKey {
                key,
                suggestion: None,
            } => write!(f, "unknown key `{key}`"),
            ErrorKind::Invalid { message } => f.write_str(message),
            ErrorKind::UnknownVariable { name } => write!(f, "unknown variable `${{{name}}}`"),
        }
    }
}

/// An error in a scenario or targets file, with its location and a caret snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    file: PathBuf,
    position: Option<Position>,
    snippet: Option<String>,
}

impl Error {
    /// An error of `kind` in `file` at `position`; `source` (the file text) gives the snippet.
    pub fn new(
        kind: ErrorKind,
        file: &Path,
        position: Option<Position>,
        source: Option<&str>,
    ) -> Error {
        let snippet = position.zip(source).and_then(|(p, s)| caret_snippet(s, p));
        Error {
            kind,
            file: file.to_owned(),
            position,
            snippet,
        }
    }

    /// An I/O failure on `file` (no position).
    pub fn io(file: &Path, error: &std::io::Error) -> Error {
        Error::new(
            ErrorKind::Io {
                message: error.to_string(),
            },
            file,
            None,
            None,
        )
    }

    /// Reads a whole text file, or an [`ErrorKind::Io`] naming it.
    ///
    /// # Errors
    /// The file cannot be read as UTF-8 text.
    pub fn read_to_string(file: &Path) -> Result<String, Error> {
        crate::builtin::read_to_string(file).map_err(|e| Error::io(file, &e))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file at fault.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Where in the file, when known.
    pub fn position(&self) -> Option<Position> {
        self.position
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ": {}", self.kind)?;
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Why a JSON assertion is not exactly one predicate (reported as a syntax error at the
/// assertion's position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub(crate) struct PredicateError {
    kind: PredicateErrorKind,
}

/// How many predicates the assertion has instead of one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PredicateErrorKind {
    /// None.
    #[error(
        "assertion on `{pointer}` has no predicate: use one of equals, exists, absent, set_equals, length"
    )]
    Missing {
        /// The assertion's pointer.
        pointer: String,
    },
    /// Two or more.
    #[error("assertion on `{pointer}` has several predicates: use exactly one per assertion")]
    Several {
        /// The assertion's pointer.
        pointer: String,
    },
}

impl From<PredicateErrorKind> for PredicateError {
    fn from(kind: PredicateErrorKind) -> Self {
        PredicateError { kind }
    }
}

/// The line at `position` with a caret under the column, e.g. ` 4 | expekt:\n   | ^`.
fn caret_snippet(source: &str, position: Position) -> Option<String> {
    let line = source.lines().nth(position.line.checked_sub(1)?)?;
    let number = position.line.to_string();
    let pad = " ".repeat(number.len());
    let caret = " ".repeat(position.column.saturating_sub(1));
    Some(format!("{number} | {line}\n{pad} | {caret}^"))
}

/// The known key closest to `key` (edit distance at most 2, or a shared prefix of 3+).
pub(crate) fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(key.len() / 3) || (key.len() >= 3 && k.starts_with(key)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_names_file_line_column_and_draws_a_caret() {
        let source = "name: x\nsteps:\n  - expekt: 1\n";
        let error = Error::new(
            ErrorKind::UnknownKey {
                key: "expekt".into(),
                suggestion: Some("expect".into()),
            },
            Path::new("s.yaml"),
            Some(Position { line: 3, column: 5 }),
            Some(source),
        );
        insta::assert_snapshot!(error.to_string(), @r"
        s.yaml:3:5: unknown key `expekt`; did you mean `expect`?
        3 |   - expekt: 1
          |     ^
        ");
    }

    #[test]
    fn a_near_miss_key_finds_its_neighbour_and_a_far_one_finds_none() {
        let known = ["status", "json", "snapshot", "headers"];
        assert_eq!(closest("stauts", &known), Some("status"));
        assert_eq!(closest("snap", &known), Some("snapshot"));
        assert_eq!(closest("zzzzzzzz", &known), None);
    }
}
