//! The request journal: a bounded ring of redacted exchanges, newest last.
//!
//! Entries are redacted and their bodies capped when written, so memory is bounded by
//! `capacity × (2 × BODY_CAP + headers)` however long the server runs. The mutex is held only
//! to push, pop or copy out `Arc`s.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clock::now_iso8601;
use crate::exchange::Request;
use crate::redact::Redactor;
use crate::vendor::VendorName;

/// The default number of entries kept.
pub const DEFAULT_JOURNAL_SIZE: usize = 1000;
/// The most bytes of a body an entry keeps.
pub const BODY_CAP: usize = 16 * 1024;
/// The most request headers an entry keeps.
const HEADER_CAP: usize = 32;
/// The most bytes of one header value an entry keeps.
const HEADER_VALUE_CAP: usize = 512;

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

/// What happened to one request, as the server reports it to the journal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome<'a> {
    pub(crate) vendor: Option<VendorName>,
    pub(crate) operation: &'static str,
    pub(crate) status: Option<u16>,
    pub(crate) response_body: &'a [u8],
    pub(crate) latency: Duration,
    pub(crate) fault: Option<&'static str>,
}

/// A filter over the journal (`GET /__admin/requests`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestFilter {
    /// Only this vendor.
    pub vendor: Option<VendorName>,
    /// Only this method (case-insensitive).
    pub method: Option<String>,
    /// Only this exact path.
    pub path: Option<String>,
    /// Only this status.
    pub status: Option<u16>,
    /// Only entries after this point: a `seq` number (entries with a larger `seq`) or an
    /// ISO-8601 UTC time (entries at or after it).
    pub since: Option<String>,
}

impl RequestFilter {
    /// Whether `entry` passes.
    pub fn accepts(&self, entry: &JournalEntry) -> bool {
        self.vendor.is_none_or(|v| entry.vendor == Some(v))
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&entry.method))
            && self.path.as_deref().is_none_or(|p| p == entry.path)
            && self.status.is_none_or(|s| entry.status == Some(s))
            && self
                .since
                .as_deref()
                .is_none_or(|since| match since.parse::<u64>() {
                    Ok(seq) => entry.seq > seq,
                    Err(_) => entry.at.as_str() >= since,
                })
    }
}

/// The ring of entries.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    state: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_seq: u64,
    entries: VecDeque<Arc<JournalEntry>>,
}

impl Journal {
    /// A journal keeping the newest `capacity` entries; 0 turns it off.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            state: Mutex::new(Ring {
                next_seq: 1,
                entries: VecDeque::with_capacity(capacity.min(DEFAULT_JOURNAL_SIZE)),
            }),
        }
    }

    /// Whether entries are kept at all.
    pub(crate) fn is_on(&self) -> bool {
        self.capacity > 0
    }

    /// How many entries are kept at most.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Records one exchange, redacted and capped before the lock is taken.
    pub(crate) fn record(&self, redactor: &Redactor, request: &Request<'_>, outcome: Outcome<'_>) {
        if !self.is_on() {
            return;
        }
        let mut entry = build_entry(redactor, request, outcome);
        let mut ring = match self.state.lock() {
            Ok(ring) => ring,
            Err(poisoned) => poisoned.into_inner(),
        };
        entry.seq = ring.next_seq;
        ring.next_seq += 1;
        if ring.entries.len() >= self.capacity {
            ring.entries.pop_front();
        }
        ring.entries.push_back(Arc::new(entry));
    }

    /// Every entry, oldest first (cheap: copies `Arc`s).
    pub(crate) fn entries(&self) -> Vec<Arc<JournalEntry>> {
        match self.state.lock() {
            Ok(ring) => ring.entries.iter().cloned().collect(),
            Err(poisoned) => poisoned.into_inner().entries.iter().cloned().collect(),
        }
    }

    /// Forgets every entry (sequence numbers keep growing).
    pub(crate) fn clear(&self) {
        match self.state.lock() {
            Ok(mut ring) => ring.entries.clear(),
            Err(poisoned) => poisoned.into_inner().entries.clear(),
        }
    }
}

fn build_entry(redactor: &Redactor, request: &Request<'_>, outcome: Outcome<'_>) -> JournalEntry {
    let request_headers = request
        .headers
        .iter()
        .take(HEADER_CAP)
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            let mut shown = redactor.header(name.as_str(), &value);
            cap(&mut shown, HEADER_VALUE_CAP);
            (name.as_str().to_owned(), shown)
        })
        .collect();
    let (request_body, request_body_truncated) = capped_body(redactor, request.body);
    let (response_body, response_body_truncated) = capped_body(redactor, outcome.response_body);
    JournalEntry {
        seq: 0,
        at: now_iso8601(),
        vendor: outcome.vendor,
        operation: outcome.operation.to_owned(),
        method: request.method.as_str().to_owned(),
        path: request.path.to_owned(),
        query: request.query.map(|q| redactor.query(q)),
        status: outcome.status,
        latency_ms: outcome.latency.as_secs_f64() * 1000.0,
        fault: outcome.fault.map(str::to_owned),
        request_headers,
        request_body,
        request_body_truncated,
        response_body,
        response_body_truncated,
    }
}

/// Redacts first (so a cut never leaves half a secret), then caps.
fn capped_body(redactor: &Redactor, body: &[u8]) -> (String, bool) {
    let mut text = redactor.body(body);
    let truncated = cap(&mut text, BODY_CAP);
    (text, truncated)
}

/// Cuts `text` to at most `limit` bytes at a character boundary; returns whether it cut.
fn cap(text: &mut String, limit: usize) -> bool {
    if text.len() <= limit {
        return false;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.shrink_to_fit();
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use http::{HeaderMap, HeaderValue, Method};

    use super::*;

    fn outcome(status: u16) -> Outcome<'static> {
        Outcome {
            vendor: Some(VendorName::Chatwoot),
            operation: "list-team-members",
            status: Some(status),
            response_body: b"[]",
            latency: Duration::from_millis(2),
            fault: None,
        }
    }

    fn record(journal: &Journal, path: &str, body: &[u8]) {
        let mut headers = HeaderMap::new();
        headers.insert("api_access_token", HeaderValue::from_static("cw-secret"));
        let request = Request {
            method: &Method::GET,
            path,
            query: None,
            headers: &headers,
            body,
        };
        journal.record(&Redactor::default(), &request, outcome(200));
    }

    #[test]
    fn the_ring_keeps_the_newest_entries_in_order() {
        let journal = Journal::new(2);
        for path in ["/a", "/b", "/c"] {
            record(&journal, path, b"");
        }
        let entries = journal.entries();
        let paths: Vec<_> = entries.iter().map(|e| (e.seq, e.path.as_str())).collect();
        assert_eq!(paths, [(2, "/b"), (3, "/c")]);
    }

    #[test]
    fn a_zero_size_journal_keeps_nothing() {
        let journal = Journal::new(0);
        record(&journal, "/a", b"");
        assert!(journal.entries().is_empty());
    }

    #[test]
    fn auth_headers_are_stored_redacted() {
        let journal = Journal::new(1);
        record(&journal, "/a", b"");
        assert_eq!(
            journal.entries()[0].header("API_ACCESS_TOKEN"),
            Some("[REDACTED]")
        );
    }

    #[test]
    fn a_large_body_is_capped_and_marked() {
        let journal = Journal::new(1);
        let body = vec![b'x'; BODY_CAP * 3];
        record(&journal, "/a", &body);
        let entry = &journal.entries()[0];
        assert_eq!(entry.request_body.len(), BODY_CAP);
        assert!(entry.request_body_truncated);
    }

    #[test]
    fn clearing_keeps_sequence_numbers_growing() {
        let journal = Journal::new(5);
        record(&journal, "/a", b"");
        journal.clear();
        record(&journal, "/b", b"");
        assert_eq!(journal.entries()[0].seq, 2);
    }

    #[test]
    fn filters_combine_and_since_takes_a_sequence_number() {
        let journal = Journal::new(5);
        for path in ["/a", "/b", "/a"] {
            record(&journal, path, b"");
        }
        let filter = RequestFilter {
            path: Some("/a".into()),
            since: Some("1".into()),
            vendor: Some(VendorName::Chatwoot),
            method: Some("get".into()),
            status: Some(200),
        };
        let seqs: Vec<_> = journal
            .entries()
            .iter()
            .filter(|e| filter.accepts(e))
            .map(|e| e.seq)
            .collect();
        assert_eq!(seqs, [3]);
    }
}
