//! One journal entry as readers see it: redacted and capped.

use serde::{Deserialize, Serialize};

use crate::vendor_name::VendorName;

/// The most bytes of a body an entry keeps.
pub const BODY_CAP: usize = 16 * 1024;

/// One request the mock answered (or refused to answer, under a fault), redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Position in the journal since the server started (1, 2, …); never reused.
    pub seq: u64,
    /// When the request arrived, ISO-8601 UTC.
    pub at: String,
    /// The vendor whose base path the request was under.
    pub vendor: Option<VendorName>,
    /// The operation id that answered (`unknown-route` when none).
    pub operation: String,
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, redacted.
    pub query: Option<String>,
    /// The status sent, or `None` when a fault closed the connection instead.
    pub status: Option<u16>,
    /// Time from the request head to the response head, in milliseconds.
    pub latency_ms: f64,
    /// The fault applied, if any (`status`, `delay`, `drop`, `reset`, …).
    pub fault: Option<String>,
    /// Request headers in arrival order (at most 32), names lower case, values redacted.
    pub request_headers: Vec<(String, String)>,
    /// The request body as text, redacted, at most 16 KiB.
    pub request_body: String,
    /// Whether `request_body` was cut at 16 KiB.
    pub request_body_truncated: bool,
    /// The response body as text, redacted, at most 16 KiB.
    pub response_body: String,
    /// Whether `response_body` was cut at 16 KiB.
    pub response_body_truncated: bool,
}

impl JournalEntry {
    /// The value of a request header (name case-insensitive), as stored.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
