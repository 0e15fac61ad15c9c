//! What a fault is: which requests it hits, what goes wrong, how often.

use serde::{Deserialize, Serialize};

use crate::verify::{CompiledPattern, RequestPattern};

/// The longest delay or slow-body interval accepted: 10 minutes.
const MAX_DELAY_MS: u64 = 600_000;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status and the vendor's own body for it; the request is not processed.
    Status {
        /// 200–599.
        status: u16,
    },
    /// Wait `ms` (or a random time in `ms..=max_ms`), then answer normally.
    Delay {
        /// The delay, or its lower bound.
        ms: u64,
        /// The upper bound of a random delay.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_ms: Option<u64>,
    },
    /// Close the connection without an answer (FIN); the request is not processed.
    Drop,
    /// Reset the connection (TCP RST); the request is not processed.
    Reset,
    /// Process the request, send the head with the full `Content-Length`, then half the body,
    /// then close.
    Truncate,
    /// Process the request and answer with a body that is not valid JSON (complete HTTP).
    Malformed,
    /// Process the request and send the body `chunk_bytes` at a time, `interval_ms` apart.
    SlowBody {
        /// Bytes per chunk (at least 1).
        chunk_bytes: usize,
        /// Pause between chunks.
        interval_ms: u64,
    },
}

impl FaultKind {
    /// The kind's name as the journal shows it.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Status { .. } => "status",
            FaultKind::Delay { .. } => "delay",
            FaultKind::Drop => "drop",
            FaultKind::Reset => "reset",
            FaultKind::Truncate => "truncate",
            FaultKind::Malformed => "malformed",
            FaultKind::SlowBody { .. } => "slow_body",
        }
    }

    /// Checks ranges; the error names the field under `/fault`.
    pub(crate) fn check(&self) -> Result<(), InvalidFault> {
        match *self {
            FaultKind::Status { status } if !(200..=599).contains(&status) => Err(
                InvalidFault::at("/fault/status", "status must be between 200 and 599"),
            ),
            FaultKind::Delay { ms, .. } if ms > MAX_DELAY_MS => Err(InvalidFault::at(
                "/fault/ms",
                "delay must be at most 600000 ms",
            )),
            FaultKind::Delay {
                ms,
                max_ms: Some(max),
            } if max < ms || max > MAX_DELAY_MS => Err(InvalidFault::at(
                "/fault/max_ms",
                "max_ms must be at least ms and at most 600000",
            )),
            FaultKind::SlowBody { chunk_bytes: 0, .. } => Err(InvalidFault::at(
                "/fault/chunk_bytes",
                "chunk_bytes must be at least 1",
            )),
            FaultKind::SlowBody { interval_ms, .. } if interval_ms > MAX_DELAY_MS => Err(
                InvalidFault::at("/fault/interval_ms", "interval_ms must be at most 600000"),
            ),
            _ => Ok(()),
        }
    }
}

/// A fault to register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// Which requests it hits (vendor, method, path, body, headers); empty = every request.
    #[serde(rename = "match", default)]
    pub when: RequestPattern,
    /// What goes wrong.
    pub fault: FaultKind,
    /// How many times it applies; absent = forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// The chance it applies to a matching request, 0–1; absent = always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}

impl FaultSpec {
    /// A fault on every request, always.
    pub fn new(fault: FaultKind) -> Self {
        Self {
            when: RequestPattern::default(),
            fault,
            times: None,
            probability: None,
        }
    }

    /// Only on requests matching `pattern`.
    #[must_use]
    pub fn when(mut self, pattern: RequestPattern) -> Self {
        self.when = pattern;
        self
    }

    /// Only `times` times.
    #[must_use]
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// Validates ranges and compiles the pattern.
    pub(crate) fn check(&self) -> Result<CompiledPattern, InvalidFault> {
        self.fault.check()?;
        if self.times == Some(0) {
            return Err(InvalidFault::at("/times", "times must be at least 1"));
        }
        if let Some(p) = self.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Err(InvalidFault::at(
                "/probability",
                "probability must be between 0 and 1",
            ));
        }
        self.when.compile().map_err(|(field, message)| {
            InvalidFault::at(&format!("/match/{field}"), &message.to_string())
        })
    }
}

/// A registered fault.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fault {
    /// Its id, for `DELETE /__admin/faults/{id}`.
    pub id: u64,
    /// What was registered.
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// How many times it still applies; `None` = forever.
    pub remaining: Option<u32>,
    /// How many times it has applied.
    pub applied: u64,
}

/// Why a fault cannot be registered: the JSON pointer of the bad field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvalidFault {
    /// JSON pointer into the fault document, e.g. `/fault/status`.
    pub(crate) pointer: String,
    /// What is wrong.
    pub(crate) message: String,
}

impl InvalidFault {
    pub(crate) fn at(pointer: &str, message: &str) -> Self {
        Self {
            pointer: pointer.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl std::fmt::Display for InvalidFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid fault at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for InvalidFault {}

impl From<InvalidFault> for crate::error::Error {
    fn from(invalid: InvalidFault) -> Self {
        crate::error::Error::new(crate::error::ErrorKind::InvalidFault {
            pointer: invalid.pointer,
            message: invalid.message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_reads_from_json_with_a_tagged_kind() {
        let spec: FaultSpec = serde_json::from_str(
            r#"{"match":{"vendor":"chatwoot","method":"PATCH","path":"*/team_members"},
                "fault":{"kind":"status","status":500},"times":1}"#,
        )
        .unwrap();
        assert_eq!(spec.fault, FaultKind::Status { status: 500 });
        assert_eq!(spec.times, Some(1));
        spec.check().unwrap();
    }

    #[test]
    fn an_out_of_range_status_names_its_pointer() {
        let spec = FaultSpec::new(FaultKind::Status { status: 99 });
        assert_eq!(spec.check().unwrap_err().pointer, "/fault/status");
    }

    #[test]
    fn a_bad_path_template_names_its_pointer() {
        let mut spec = FaultSpec::new(FaultKind::Drop);
        spec.when.path = Some("/a/{b".into());
        assert_eq!(spec.check().unwrap_err().pointer, "/match/path");
    }
}
