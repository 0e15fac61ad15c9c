//! The proxy's journal: a bounded ring of [`JournalEntry`] (the mock's own type, so
//! `GET /__admin/requests` has the same shape and filters as `serve`'s), redacted when
//! recorded with the secrets known then, bodies cut at `BODY_CAP` after redaction.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use http::HeaderMap;

use super::tee::Kept;
use super::{
    HEADER_CAP, JournalEntry, Redactor, RequestFilter, VendorName, shown_body, shown_header,
};

/// One exchange, before redaction.
#[derive(Debug)]
pub(crate) struct Exchange<'a> {
    pub(crate) at: String,
    pub(crate) vendor: Option<VendorName>,
    pub(crate) operation: &'a str,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) status: u16,
    pub(crate) latency: Duration,
    pub(crate) fault: Option<&'a str>,
    pub(crate) request_headers: &'a HeaderMap,
    pub(crate) request_body: &'a Kept,
    pub(crate) response_body: &'a Kept,
}

impl Exchange<'_> {
    /// The redacted entry (its `seq` is set by [`ProxyJournal::push`]).
    pub(crate) fn entry(&self, redactor: &Redactor) -> JournalEntry {
        let (request_body, request_body_truncated) = kept_body(redactor, self.request_body);
        let (response_body, response_body_truncated) = kept_body(redactor, self.response_body);
        JournalEntry {
            seq: 0,
            at: self.at.clone(),
            vendor: self.vendor,
            operation: self.operation.to_owned(),
            method: self.method.to_owned(),
            path: redactor.text(self.path),
            query: self.query.map(|q| redactor.query(q)),
            status: Some(self.status),
            latency_ms: self.latency.as_secs_f64() * 1000.0,
            fault: self.fault.map(str::to_owned),
            request_headers: self
                .request_headers
                .iter()
                .take(HEADER_CAP)
                .map(|(name, value)| {
                    let raw = String::from_utf8_lossy(value.as_bytes());
                    let shown = shown_header(redactor, name.as_str(), &raw);
                    (name.as_str().to_owned(), shown)
                })
                .collect(),
            request_body,
            request_body_truncated,
            response_body,
            response_body_truncated,
        }
    }
}

/// A kept body as the entry shows it; cut also when the proxy kept only its start.
fn kept_body(redactor: &Redactor, kept: &Kept) -> (String, bool) {
    let (text, cut) = shown_body(redactor, &kept.bytes);
    (text, cut || kept.cut())
}

/// The ring.
#[derive(Debug)]
pub(crate) struct ProxyJournal {
    capacity: usize,
    ring: Mutex<Ring>,
}

#[derive(Debug)]
struct Ring {
    next_seq: u64,
    entries: VecDeque<JournalEntry>,
}

impl ProxyJournal {
    /// A journal keeping the newest `capacity` entries; 0 keeps none (`seq` still counts).
    pub(crate) fn new(capacity: usize) -> ProxyJournal {
        ProxyJournal {
            capacity,
            ring: Mutex::new(Ring {
                next_seq: 1,
                entries: VecDeque::with_capacity(capacity.min(1000)),
            }),
        }
    }

    fn ring(&self) -> std::sync::MutexGuard<'_, Ring> {
        match self.ring.lock() {
            Ok(ring) => ring,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// How many entries are kept at most.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Numbers and keeps `entry` (evicting the oldest when full); returns its `seq`.
    pub(crate) fn push(&self, mut entry: JournalEntry) -> u64 {
        let evicted;
        let seq;
        {
            let mut ring = self.ring();
            seq = ring.next_seq;
            ring.next_seq += 1;
            entry.seq = seq;
            if self.capacity == 0 {
                return seq;
            }
            evicted = if ring.entries.len() >= self.capacity {
                ring.entries.pop_front()
            } else {
                None
            };
            ring.entries.push_back(entry);
        }
        drop(evicted);
        seq
    }

    /// The entries `filter` accepts, oldest first.
    pub(crate) fn entries(&self, filter: &RequestFilter) -> Vec<JournalEntry> {
        self.ring()
            .entries
            .iter()
            .filter(|e| filter.accepts(e))
            .cloned()
            .collect()
    }

    /// Forgets every entry (sequence numbers keep growing).
    pub(crate) fn clear(&self) {
        let entries = std::mem::take(&mut self.ring().entries);
        drop(entries);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use rosterwire_mock::journal::BODY_CAP;

    fn exchange_entry(redactor: &Redactor, body: &[u8]) -> JournalEntry {
        let mut headers = HeaderMap::new();
        headers.insert(
            "api_access_token",
            HeaderValue::from_static("cw-secret-token"),
        );
        headers.insert("x-note", HeaderValue::from_static("see cw-secret-token"));
        let kept = Kept {
            bytes: body.to_vec(),
            total: body.len() as u64,
        };
        Exchange {
            at: "2026-11-30T00:00:00.000Z".into(),
            vendor: Some(VendorName::Chatwoot),
            operation: "get-team",
            method: "GET",
            path: "/api/v1/accounts/1/teams/1",
            query: Some("api_access_token=cw-secret-token&x=1"),
            status: 200,
            latency: Duration::from_millis(3),
            fault: None,
            request_headers: &headers,
            request_body: &Kept::default(),
            response_body: &kept,
        }
        .entry(redactor)
    }

    #[test]
    fn an_entry_hides_auth_headers_credential_keys_and_known_secrets() {
        let redactor = Redactor::new(vec!["cw-secret-token".into()]);
        let entry = exchange_entry(
            &redactor,
            br#"{"access_token":"abc","echo":"cw-secret-token"}"#,
        );
        let text = serde_json::to_string(&entry).unwrap();
        assert!(!text.contains("cw-secret-token"), "{text}");
        assert!(!text.contains("abc"), "{text}");
        assert_eq!(entry.header("api_access_token"), Some("[REDACTED]"));
        assert_eq!(entry.header("x-note"), Some("see [REDACTED]"));
        assert_eq!(
            entry.query.as_deref(),
            Some("api_access_token=[REDACTED]&x=1")
        );
    }

    #[test]
    fn a_body_over_the_cap_is_cut_and_marked() {
        let entry = exchange_entry(&Redactor::default(), &vec![b'x'; BODY_CAP + 10]);
        assert_eq!(entry.response_body.len(), BODY_CAP);
        assert!(entry.response_body_truncated);
    }

    #[test]
    fn the_ring_keeps_the_newest_and_numbers_every_entry() {
        let journal = ProxyJournal::new(2);
        let entry = exchange_entry(&Redactor::default(), b"");
        let seqs: Vec<u64> = (0..3).map(|_| journal.push(entry.clone())).collect();
        assert_eq!(seqs, [1, 2, 3]);
        let kept: Vec<u64> = journal
            .entries(&RequestFilter::default())
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(kept, [2, 3]);
        journal.clear();
        assert!(journal.entries(&RequestFilter::default()).is_empty());
        assert_eq!(journal.push(entry), 4);
    }
}
