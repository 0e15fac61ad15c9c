//! The request journal: a bounded ring of exchanges, newest last, redacted when read.
//!
//! The request path only records: a `Record` (`record.rs`) copies the path, query and request headers
//! into one buffer, copies the request body (never keeping a slice of the connection's read
//! buffer alive), shares the response body, and keeps the world's [`Redactor`] in an `Arc`.
//! Redaction, UTF-8 decoding and ISO-8601 formatting happen when an entry is read
//! (`GET /__admin/requests`, `MockServer::requests()`, verification), not per request. For
//! `GET /__admin/requests` a record also keeps its redacted JSON text once it has been read
//! (`listing.rs`: a slice of a chunk shared with its neighbours, sent as is), so reading the
//! journal again only redacts the entries added since; `rosterwire serve` also renders new
//! entries ahead once requests pause (`Journal::render_ahead`), off the request path, and the
//! listing of every entry is sent again as the same frames while the ring holds the same
//! entries. A body or
//! header value over its cap is still redacted when recorded (redact first, then cut, so no cut
//! leaves half a secret).
//! Auth header values are never stored at all. Memory stays bounded by
//! `capacity × (2 × BODY_CAP + 32 headers × 512 B + path and query)`, plus each read entry's kept
//! JSON text (its shown text, escaped) and the chunks that text lives in (`listing.rs`). The mutex
//! is held only to push, pop or copy out `Arc`s; a full ring's oldest record is refilled in place
//! for the next exchange (or freed outside the lock when a reader still holds it).

mod entry;
mod filter;
mod json;
mod listing;
mod outcome;
mod record;
mod shown;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use tokio::sync::Notify;

use crate::exchange::Request;
use crate::redact::Redactor;

/// The time format of [`JournalEntry::at`], now: ISO-8601 UTC with milliseconds
/// (`2021-07-14T14:58:01.013Z`), for whoever writes entries of their own (`rosterwire proxy`).
pub use crate::clock::now_iso8601;
pub use entry::{BODY_CAP, JournalEntry};
pub use filter::{FilterError, RequestFilter};
pub(crate) use outcome::Outcome;
use record::Record;
pub use shown::{HEADER_CAP, HEADER_VALUE_CAP, shown_body, shown_header};

/// The listing text reserved per entry by [`Journal::reserve_listing_memory`]: an entry with
/// a few headers and bodies of about a kilobyte (a Chatwoot `PATCH` with its answer is 1.2 KiB).
pub(super) const RESERVED_PER_ENTRY: usize = 2 * 1024;

/// The default number of entries kept.
pub const DEFAULT_JOURNAL_SIZE: usize = 1000;

/// The ring of records.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    state: Mutex<Ring>,
    /// The chunks the listing's entries are rendered into, for reuse.
    chunks: listing::Chunks,
    /// Whether an entry was recorded since [`Journal::render_ahead`] last began, and the wake-up
    /// of whoever waits for that ([`Journal::recorded`]).
    recorded: AtomicBool,
    wake: Notify,
    /// The frames of the last listing of every entry, and which entries it shows.
    unfiltered: Mutex<Option<Unfiltered>>,
}

/// A listing of every entry of the ring, as long as the ring holds the same entries: the
/// entries numbered `first..next` (a record keeps its number, and its text, until it is
/// refilled under another number).
#[derive(Debug)]
struct Unfiltered {
    first: u64,
    next: u64,
    frames: Vec<Bytes>,
}

#[derive(Debug, Default)]
struct Ring {
    next_seq: u64,
    records: VecDeque<(u64, Arc<Record>)>,
}

impl Ring {
    /// The numbers of the entries held: `first..next` (consecutive: entries leave oldest first).
    fn range(&self) -> (u64, u64) {
        let first = self.records.front().map_or(self.next_seq, |(seq, _)| *seq);
        (first, self.next_seq)
    }
}

impl Journal {
    /// A journal keeping the newest `capacity` entries; 0 turns it off.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            state: Mutex::new(Ring {
                next_seq: 1,
                records: VecDeque::with_capacity(capacity.min(DEFAULT_JOURNAL_SIZE)),
            }),
            chunks: listing::Chunks::default(),
            recorded: AtomicBool::new(false),
            wake: Notify::new(),
            unfiltered: Mutex::new(None),
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

    /// Records one exchange. A full ring first gives up its oldest record, which is refilled in
    /// place when no reader holds it (so steady state allocates nothing); the record is built
    /// outside the lock, and a record that cannot be reused is freed outside it too.
    pub(crate) fn record(
        &self,
        redactor: &Arc<Redactor>,
        request: &Request<'_>,
        outcome: Outcome<'_>,
    ) {
        if !self.is_on() {
            return;
        }
        let at = now_millis();
        let oldest = {
            let mut ring = self.ring();
            if ring.records.len() >= self.capacity {
                ring.records.pop_front()
            } else {
                None
            }
        };
        let record = match oldest {
            Some((_, mut reused)) => match Arc::get_mut(&mut reused) {
                Some(slot) => {
                    slot.refill(redactor, at, request, outcome);
                    reused
                }
                None => Arc::new(Record::new(redactor, at, request, outcome)),
            },
            None => Arc::new(Record::new(redactor, at, request, outcome)),
        };
        let evicted = {
            let mut ring = self.ring();
            let seq = ring.next_seq;
            ring.next_seq += 1;
            let evicted = if ring.records.len() >= self.capacity {
                ring.records.pop_front()
            } else {
                None
            };
            ring.records.push_back((seq, record));
            evicted
        };
        drop(evicted);
        // A plain load per request; the swap and the wake-up only for the first entry since
        // the last render ahead.
        if !self.recorded.load(Ordering::Relaxed) && !self.recorded.swap(true, Ordering::AcqRel) {
            self.wake.notify_one();
        }
    }

    /// Waits until an entry has been recorded since [`Journal::render_ahead`] last began (at
    /// once if one has).
    pub(crate) async fn recorded(&self) {
        while !self.recorded.load(Ordering::Acquire) {
            self.wake.notified().await;
        }
    }

    /// The number the next entry will get: it changes with every entry recorded.
    pub(crate) fn next_seq(&self) -> u64 {
        self.ring().next_seq
    }

    /// Renders and keeps the listing text of every entry that has none yet, exactly as the next
    /// `GET /__admin/requests` would, so that read only sends kept text. For when requests
    /// pause (`server::journal_ahead`); a read at the same time is safe (the first text kept
    /// for an entry wins).
    pub(crate) fn render_ahead(&self) {
        self.recorded.store(false, Ordering::Release);
        drop(self.listing(&RequestFilter::default()));
    }

    fn ring(&self) -> MutexGuard<'_, Ring> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every entry, oldest first, redacted (outside the lock).
    pub(crate) fn entries(&self) -> Vec<JournalEntry> {
        self.records()
            .iter()
            .map(|(seq, record)| record.entry(*seq))
            .collect()
    }

    /// The body of `GET /__admin/requests`, as frames to send in order: `{"count":N,"requests":[…]}`
    /// with the entries `filter` accepts, oldest first, redacted (outside the lock).
    pub(crate) fn listing(&self, filter: &RequestFilter) -> Vec<Bytes> {
        if *filter != RequestFilter::default() {
            return listing::write(&self.records(), filter, &self.chunks);
        }
        // Every entry: the frames of the last such listing while the ring holds the same
        // entries (touching nothing else: after the server sat idle, memory is slow to touch
        // in some VMs), else a new listing, kept in their place.
        let (first, next) = self.range();
        {
            let mut unfiltered = self.unfiltered();
            match &*unfiltered {
                Some(kept) if (kept.first, kept.next) == (first, next) => {
                    return kept.frames.clone();
                }
                // Gone now, so that its chunks can be reused.
                _ => *unfiltered = None,
            }
        }
        let (first, next, records) = {
            let ring = self.ring();
            let (first, next) = ring.range();
            (
                first,
                next,
                ring.records.iter().cloned().collect::<Vec<_>>(),
            )
        };
        let frames = listing::write(&records, filter, &self.chunks);
        drop(records);
        *self.unfiltered() = Some(Unfiltered {
            first,
            next,
            frames: frames.clone(),
        });
        frames
    }

    /// The numbers of the entries the ring holds: `first..next`.
    fn range(&self) -> (u64, u64) {
        self.ring().range()
    }

    fn unfiltered(&self) -> MutexGuard<'_, Option<Unfiltered>> {
        self.unfiltered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Reserves (and touches) the memory a listing of a full journal of usual entries is written
    /// into: [`RESERVED_PER_ENTRY`] bytes per entry, in chunks reused by every read after.
    pub(crate) fn reserve_listing_memory(&self) {
        let bytes = self.capacity.saturating_mul(RESERVED_PER_ENTRY);
        self.chunks.reserve(bytes.div_ceil(listing::CHUNK));
    }

    /// How many entries have no kept listing text.
    #[cfg(test)]
    pub(crate) fn unkept(&self) -> usize {
        self.records()
            .iter()
            .filter(|(seq, record)| record.kept(*seq).is_none())
            .count()
    }

    /// A copy of the ring's handles, taken under the lock.
    fn records(&self) -> Vec<(u64, Arc<Record>)> {
        self.ring().records.iter().cloned().collect()
    }

    /// Forgets every entry (sequence numbers keep growing).
    pub(crate) fn clear(&self) {
        let records = std::mem::take(&mut self.ring().records);
        drop(records);
        *self.unfiltered() = None;
    }
}

/// Milliseconds since the Unix epoch.
fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue, Method};

    use super::*;
    use crate::vendor_name::VendorName;

    static EMPTY_LIST: Bytes = Bytes::from_static(b"[]");

    fn outcome(status: u16) -> Outcome<'static> {
        Outcome {
            vendor: Some(VendorName::Chatwoot),
            operation: "list-team-members",
            status: Some(status),
            response_body: Some(&EMPTY_LIST),
            latency: Duration::from_millis(2),
            fault: None,
        }
    }

    fn record(journal: &Journal, path: &str, body: &[u8]) {
        record_with(journal, &Redactor::default(), path, HeaderMap::new(), body);
    }

    fn record_with(
        journal: &Journal,
        redactor: &Redactor,
        path: &str,
        mut headers: HeaderMap,
        body: &[u8],
    ) {
        headers.insert("api_access_token", HeaderValue::from_static("cw-secret"));
        let request = Request {
            method: &Method::GET,
            path,
            query: Some("page=1&access_token=abc"),
            headers: &headers,
            body,
        };
        journal.record(&Arc::new(redactor.clone()), &request, outcome(200));
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
    fn a_refilled_record_shows_only_its_own_exchange() {
        let journal = Journal::new(1);
        let mut headers = HeaderMap::new();
        headers.insert("x-note", HeaderValue::from_static("first"));
        record_with(
            &journal,
            &Redactor::default(),
            "/a/long/path",
            headers,
            b"{\"a\":1}",
        );
        let first = journal.entries().remove(0);
        let headers = HeaderMap::new();
        let request = Request {
            method: &Method::DELETE,
            path: "/b",
            query: None,
            headers: &headers,
            body: b"",
        };
        journal.record(&Arc::new(Redactor::default()), &request, outcome(204));
        let second = journal.entries().remove(0);
        assert_eq!(first.header("x-note"), Some("first"));
        assert_eq!(
            (second.seq, second.method.as_str(), second.path.as_str()),
            (2, "DELETE", "/b")
        );
        assert_eq!(second.query, None);
        assert!(second.request_headers.is_empty());
        assert_eq!(second.request_body, "");
        assert_eq!(
            (second.status, second.response_body.as_str()),
            (Some(204), "[]")
        );
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

    #[test]
    fn an_entry_is_redacted_with_the_secrets_of_its_own_time() {
        let journal = Journal::new(2);
        let redactor = Redactor::new(vec!["old-secret".into()]);
        record_with(&journal, &redactor, "/a", HeaderMap::new(), b"t=old-secret");
        record(&journal, "/b", b"t=old-secret");
        let entries = journal.entries();
        assert_eq!(entries[0].request_body, "t=[REDACTED]");
        assert_eq!(entries[1].request_body, "t=old-secret");
        assert_eq!(
            entries[0].query.as_deref(),
            Some("page=1&access_token=[REDACTED]")
        );
    }

    #[test]
    fn a_secret_across_the_header_value_cap_is_hidden_whole() {
        let journal = Journal::new(1);
        let secret = "s".repeat(40);
        let redactor = Redactor::new(vec![secret.clone()]);
        let value = format!("{}{secret}", "v".repeat(500));
        let mut headers = HeaderMap::new();
        headers.insert("x-note", HeaderValue::from_str(&value).unwrap());
        record_with(&journal, &redactor, "/a", headers, b"");
        let shown = journal.entries()[0].header("x-note").unwrap().to_owned();
        assert_eq!(shown, format!("{}[REDACTED]", "v".repeat(500)));
    }

    #[test]
    fn a_secret_across_the_body_cap_is_hidden_whole() {
        let journal = Journal::new(1);
        let secret = "s".repeat(40);
        let redactor = Redactor::new(vec![secret.clone()]);
        let body = format!("{}{secret}", "v".repeat(BODY_CAP - 20));
        record_with(&journal, &redactor, "/a", HeaderMap::new(), body.as_bytes());
        let entry = &journal.entries()[0];
        assert!(!entry.request_body.contains("ssss"));
        assert!(entry.request_body.ends_with("v[REDACTED]"));
        assert!(!entry.request_body_truncated);
    }
}
