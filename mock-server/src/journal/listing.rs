//! The body of `GET /__admin/requests`, written from the records directly, as a list of frames.
//!
//! The bytes are exactly those of serializing `{"count": N, "requests": [entries…]}` (the
//! entries as [`JournalEntry`](super::JournalEntry) serializes them), without building a
//! `serde_json::Value` or the entries ([`Record::write_json`]).
//!
//! An entry is rendered on the first read that shows it, into a shared chunk of about
//! [`CHUNK`] bytes with the other entries rendered by that read, and its record keeps its slice
//! ([`Kept`]). The body is then the kept slices themselves: neighbours rendered into the same
//! chunk become one frame, so a read copies no entry text and allocates no buffer the size of
//! the listing. A chunk lives as long as one of its records (or a response sending it) does;
//! records are refilled oldest first, so chunks are freed in order too.

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use super::RequestFilter;
use super::record::{Kept, LastWritten, Record};

/// The size a read's rendering chunks are allocated with; small enough for the allocator to
/// reuse freed chunks rather than map fresh pages for each one.
pub(super) const CHUNK: usize = 64 * 1024;

/// A chunk is closed once this full, so most entries fit in the room left.
const CHUNK_FULL: usize = CHUNK - 8 * 1024;

/// The full-size chunks reads have rendered entries into, kept so that a chunk no record (and no
/// response being sent) holds any more is reused by the next read instead of allocating, and
/// faulting in, fresh memory: the entries of a full ring are refilled oldest first, so their
/// chunks come free in order. Holds at most the chunks of the entries kept plus those freed since
/// the last read.
#[derive(Debug, Default)]
pub(super) struct Chunks {
    made: Mutex<Vec<Bytes>>,
}

impl Chunks {
    /// An empty buffer of at least [`CHUNK`] bytes: a chunk nobody holds any more, or a new one.
    fn buffer(&self) -> Vec<u8> {
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(at) = made.iter().position(Bytes::is_unique) {
            let chunk = made.swap_remove(at);
            if let Ok(free) = chunk.try_into_mut() {
                let mut buffer = Vec::from(free);
                if buffer.capacity() >= CHUNK {
                    buffer.clear();
                    return buffer;
                }
            }
        }
        Vec::with_capacity(CHUNK)
    }

    /// Makes `count` chunks and writes every byte of them, so that reads later write into memory
    /// the process already has: first-touching fresh memory costs a page fault per 4 KiB, which
    /// in some VMs is tens of microseconds (the first read of a fresh journal used to spend most
    /// of its time there).
    pub(super) fn reserve(&self, count: usize) {
        let fresh: Vec<Bytes> = (0..count)
            .map(|_| {
                // A byte other than 0, so that no allocator turns the writes into a lazy calloc.
                let mut buffer = Vec::with_capacity(CHUNK);
                buffer.resize(CHUNK, b' ');
                Bytes::from(buffer)
            })
            .collect();
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(fresh);
    }

    /// Remembers a full-size chunk, to reuse once it comes free.
    fn made(&self, chunk: &Bytes) {
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(chunk.clone());
    }
}

/// The frames of the listing of the `records` (with their sequence numbers) that `filter`
/// accepts.
pub(super) fn write(
    records: &[(u64, Arc<Record>)],
    filter: &RequestFilter,
    chunks: &Chunks,
) -> Vec<Bytes> {
    let shown: Vec<(u64, &Record)> = records
        .iter()
        .filter(|(seq, record)| record.passes(*seq, filter))
        .map(|(seq, record)| (*seq, &**record))
        .collect();
    render_unkept(&shown, chunks);
    let mut frames = Vec::with_capacity(8);
    frames.push(Bytes::from(format!(
        "{{\"count\":{},\"requests\":[",
        shown.len()
    )));
    let mut run: Option<Run> = None;
    for (index, (seq, record)) in shown.iter().enumerate() {
        // The first entry goes without its leading comma.
        let skip = usize::from(index == 0);
        let Some(kept) = record.kept(*seq) else {
            // Only if the record was rendered for another number: never, as a record keeps its
            // number until it is refilled, which no reader's handle allows.
            let mut text = Vec::new();
            record.write_json(*seq, &mut text, &mut LastWritten::default());
            if let Some(run) = run.take() {
                frames.push(run.frame());
            }
            frames.push(Bytes::from(text).slice(skip..));
            continue;
        };
        let start = kept.start() + skip;
        match &mut run {
            Some(run) if run.chunk.as_ptr() == kept.chunk().as_ptr() && run.end == start => {
                run.end = kept.end();
            }
            _ => {
                if let Some(done) = run.replace(Run {
                    chunk: kept.chunk().clone(),
                    start,
                    end: kept.end(),
                }) {
                    frames.push(done.frame());
                }
            }
        }
    }
    if let Some(run) = run {
        frames.push(run.frame());
    }
    frames.push(Bytes::from_static(b"]}"));
    frames
}

/// Neighbouring entries of one chunk, sent as one frame.
struct Run {
    chunk: Bytes,
    start: usize,
    end: usize,
}

impl Run {
    fn frame(self) -> Bytes {
        self.chunk.slice(self.start..self.end)
    }
}

/// Renders, in order, the shown entries that have no kept text yet, and keeps each one's.
fn render_unkept(shown: &[(u64, &Record)], chunks: &Chunks) {
    let mut chunk = Vec::new();
    let mut last = LastWritten::default();
    let mut rendered: Vec<(u64, &Record, usize, usize)> = Vec::new();
    for &(seq, record) in shown {
        if record.kept(seq).is_some() {
            continue;
        }
        if chunk.capacity() == 0 {
            chunk = chunks.buffer();
        }
        let start = chunk.len();
        record.write_json(seq, &mut chunk, &mut last);
        rendered.push((seq, record, start, chunk.len()));
        if chunk.len() >= CHUNK_FULL {
            chunks.made(&keep(std::mem::take(&mut chunk), &mut rendered));
            last = LastWritten::default();
        }
    }
    // The last chunk is cut to its size (a read of a few new entries must not hold a whole
    // chunk), so it is not reused.
    chunk.shrink_to_fit();
    keep(chunk, &mut rendered);
}

/// Hands each rendered record its slice of the (now full) chunk; returns the chunk.
fn keep(chunk: Vec<u8>, rendered: &mut Vec<(u64, &Record, usize, usize)>) -> Bytes {
    let chunk = Bytes::from(chunk);
    for (seq, record, start, end) in rendered.drain(..) {
        record.keep(Kept::new(seq, chunk.clone(), start, end));
    }
    chunk
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue, Method};
    use serde_json::json;

    use super::*;
    use crate::exchange::Request;
    use crate::journal::{BODY_CAP, Journal, Outcome, RESERVED_PER_ENTRY};
    use crate::redact::Redactor;
    use crate::vendor_name::VendorName;

    fn journal_of_three() -> Journal {
        let journal = Journal::new(5);
        let redactor = Arc::new(Redactor::new(vec!["s3cret".into()]));
        let mut headers = HeaderMap::new();
        headers.insert("api_access_token", HeaderValue::from_static("cw-secret"));
        headers.insert("x-note", HeaderValue::from_static("a \"quoted\" s3cret"));
        let long = format!("{}s3cret", "é".repeat(BODY_CAP));
        let bodies: [&[u8]; 3] = [b"{\"apiKey\":\"k\"}", b"\xff not utf-8", long.as_bytes()];
        let response = Bytes::from_static(b"[1,2]");
        for (index, body) in bodies.into_iter().enumerate() {
            let request = Request {
                method: if index == 1 {
                    &Method::GET
                } else {
                    &Method::PATCH
                },
                path: "/api/v1/accounts/1/teams/1/team_members",
                query: (index == 2).then_some("access_token=abc&page=2"),
                headers: &headers,
                body,
            };
            let outcome = Outcome {
                vendor: Some(VendorName::Chatwoot),
                operation: "update-team-members",
                status: (index != 1).then_some(200),
                response_body: (index != 1).then_some(&response),
                latency: Duration::from_micros(1234),
                fault: (index == 1).then_some("drop"),
            };
            journal.record(&redactor, &request, outcome);
        }
        journal
    }

    fn as_value(filter: &RequestFilter, entries: &[crate::journal::JournalEntry]) -> Vec<u8> {
        let shown: Vec<_> = entries.iter().filter(|e| filter.accepts(e)).collect();
        serde_json::to_vec(&json!({"count": shown.len(), "requests": shown})).unwrap()
    }

    /// The listing's frames, joined: the body a client receives.
    fn listing(journal: &Journal, filter: &RequestFilter) -> Vec<u8> {
        journal.listing(filter).concat()
    }

    /// Every filter the byte-for-byte tests read the journal through.
    fn filters() -> [RequestFilter; 7] {
        [
            RequestFilter {
                path: Some("/api/v1/accounts/1/teams/1/team_members".into()),
                ..RequestFilter::default()
            },
            RequestFilter {
                path: Some("/b".into()),
                method: Some("delete".into()),
                ..RequestFilter::default()
            },
            RequestFilter::default(),
            RequestFilter {
                method: Some("patch".into()),
                ..RequestFilter::default()
            },
            RequestFilter {
                since: Some("1".into()),
                status: Some(200),
                ..RequestFilter::default()
            },
            RequestFilter {
                since: Some("2999-01-01T00:00:00.000Z".into()),
                ..RequestFilter::default()
            },
            RequestFilter {
                since: Some("3".into()),
                ..RequestFilter::default()
            },
        ]
    }

    /// Reads the journal through every filter, twice (the second read comes from the kept
    /// text), and compares each body with `serde_json` of the entries.
    fn assert_listing_is_serialized_entries(journal: &Journal) {
        let entries = journal.entries();
        for filter in filters() {
            let expected = as_value(&filter, &entries);
            let first = listing(journal, &filter);
            assert_eq!(
                String::from_utf8_lossy(&first),
                String::from_utf8_lossy(&expected)
            );
            assert_eq!(first, expected);
            assert_eq!(listing(journal, &filter), expected);
        }
    }

    #[test]
    fn the_listing_is_the_serialized_entries_byte_for_byte() {
        assert_listing_is_serialized_entries(&journal_of_three());
    }

    /// One exchange to journal, as raw as the request path may see it.
    struct Exchange {
        method: Method,
        path: String,
        query: Option<String>,
        headers: Vec<(&'static str, Vec<u8>)>,
        body: Vec<u8>,
        status: Option<u16>,
        response: Option<Bytes>,
        latency: Duration,
        fault: Option<&'static str>,
    }

    impl Default for Exchange {
        fn default() -> Self {
            Self {
                method: Method::PATCH,
                path: "/api/v1/accounts/1/teams/1/team_members".into(),
                query: None,
                headers: vec![
                    ("api_access_token", b"cw-secret".to_vec()),
                    ("content-type", b"application/json".to_vec()),
                ],
                body: b"{\"user_ids\":[3,4,5]}".to_vec(),
                status: Some(200),
                response: Some(Bytes::from_static(b"[{\"id\":3,\"name\":\"Ann\"}]")),
                latency: Duration::from_micros(1234),
                fault: None,
            }
        }
    }

    /// The secrets of the world the exchanges are recorded under.
    const SECRETS: [&str; 2] = ["s3cret-world-token", "cw-acme-admin-token"];

    /// The world's redactor, shared by every record as the server's records share it.
    static WORLD: std::sync::LazyLock<Arc<Redactor>> =
        std::sync::LazyLock::new(|| Arc::new(Redactor::new(SECRETS.map(str::to_owned).to_vec())));

    fn record(journal: &Journal, exchange: &Exchange) {
        record_under(journal, Arc::clone(&WORLD), exchange);
    }

    fn record_under(journal: &Journal, redactor: Arc<Redactor>, exchange: &Exchange) {
        let mut headers = HeaderMap::new();
        for (name, value) in &exchange.headers {
            headers.append(*name, HeaderValue::from_bytes(value).unwrap());
        }
        let request = Request {
            method: &exchange.method,
            path: &exchange.path,
            query: exchange.query.as_deref(),
            headers: &headers,
            body: &exchange.body,
        };
        let outcome = Outcome {
            vendor: Some(VendorName::Chatwoot),
            operation: "update-team-members",
            status: exchange.status,
            response_body: exchange.response.as_ref(),
            latency: exchange.latency,
            fault: exchange.fault,
        };
        journal.record(&redactor, &request, outcome);
    }

    fn credential_keys_json() -> Vec<u8> {
        br#"{"APIKEY":"a1","nested":{"Token":"t1","list":[{"PassWord":"p1","platformcredentials":{"botId":"b1"}},{"deeper":[[{"secret":"s1"}]]}]},"api_key":"k1","AuthToken":"y1","access_token":"z1","Api_Access_Token":"x1","note":"s3cret-world-token","apiKey ":"kept","n":1.50,"e":1e3}"#.to_vec()
    }

    #[rstest::rstest]
    #[case::control_characters(Exchange {
        path: "/a\u{7}b\u{1}".into(),
        query: Some("q=\u{1}\u{1f}\t".into()),
        body: b"a\x00b\x01\x1f\t\n\r\x08\x0c\x0b\x1b".to_vec(),
        response: Some(Bytes::from_static(b"\x00\x10\x1e")),
        ..Exchange::default()
    })]
    #[case::delete_character(Exchange {
        path: "/a\u{7f}".into(),
        body: b"\x7f\x7f{\"x\":\"\x7f\"}".to_vec(),
        headers: vec![("x-note", b"tab\there".to_vec())],
        ..Exchange::default()
    })]
    #[case::quotes_and_backslashes(Exchange {
        path: "/\"quoted\"\\path".into(),
        query: Some("q=\"a\"\\b".into()),
        headers: vec![("x-note", br#"a "quoted" \ value"#.to_vec())],
        body: br#"{"note":"a \"b\" \\ c","k":"\\\\"}"#.to_vec(),
        response: Some(Bytes::from_static(br#""\"\\""#)),
        ..Exchange::default()
    })]
    #[case::invalid_utf8(Exchange {
        headers: vec![("x-note", b"\xe9t\xe9 \xff".to_vec())],
        body: b"\xff\xfe ok \xc3".to_vec(),
        response: Some(Bytes::from_static(b"{\"a\":\"\xc3\x28\"}")),
        ..Exchange::default()
    })]
    #[case::non_ascii(Exchange {
        path: "/équipe/ünïcode/✓".into(),
        query: Some("name=Zoë&emoji=𝄞".into()),
        headers: vec![("x-note", "héllo — wörld".as_bytes().to_vec())],
        body: "{\"name\":\"Zoë 𝄞 ✓ 日本\"}".as_bytes().to_vec(),
        ..Exchange::default()
    })]
    #[case::credential_keys_in_several_cases_and_depths(Exchange {
        body: credential_keys_json(),
        response: Some(Bytes::from(credential_keys_json())),
        ..Exchange::default()
    })]
    #[case::credential_keys_in_a_body_that_is_not_json(Exchange {
        body: b"{\"apiKey\":\"k1\", broken".to_vec(),
        response: Some(Bytes::from_static(b"token=\"token\" s3cret-world-token")),
        ..Exchange::default()
    })]
    #[case::a_world_secret_in_a_header_and_a_long_header(Exchange {
        headers: vec![
            ("x-note", b"Bearer s3cret-world-token;".to_vec()),
            ("x-long", format!("{}s3cret-world-token", "v".repeat(500)).into_bytes()),
            ("x-long-plain", "é".repeat(400).into_bytes()),
            ("cookie", b"session=s3cret-world-token".to_vec()),
            ("authorization", b"Basic abc".to_vec()),
        ],
        ..Exchange::default()
    })]
    #[case::secrets_across_the_body_cap(Exchange {
        body: format!("{}s3cret-world-token", "v".repeat(BODY_CAP - 5)).into_bytes(),
        response: Some(Bytes::from(format!("{}cw-acme-admin-token", "é".repeat(BODY_CAP / 2 - 3)))),
        ..Exchange::default()
    })]
    #[case::bodies_over_the_cap(Exchange {
        body: format!("\"{}\"", "\u{1}".repeat(BODY_CAP)).into_bytes(),
        response: Some(Bytes::from(format!("{{\"token\":\"x\",\"pad\":\"{}\"}}", "é".repeat(BODY_CAP)))),
        ..Exchange::default()
    })]
    #[case::a_body_exactly_at_the_cap(Exchange {
        body: vec![b'"'; BODY_CAP],
        response: Some(Bytes::from(vec![b'\\'; BODY_CAP])),
        ..Exchange::default()
    })]
    #[case::empty_bodies_and_no_headers(Exchange {
        method: Method::DELETE,
        headers: Vec::new(),
        body: Vec::new(),
        response: Some(Bytes::new()),
        status: Some(204),
        ..Exchange::default()
    })]
    #[case::no_status_under_a_drop_fault(Exchange {
        status: None,
        response: None,
        fault: Some("drop"),
        latency: Duration::ZERO,
        ..Exchange::default()
    })]
    #[case::a_query_with_credentials(Exchange {
        method: Method::GET,
        query: Some("api_access_token=abc&page=2&APIKEY=k&token=&password&x=s3cret-world-token&Access_Token=a=b&&".into()),
        ..Exchange::default()
    })]
    #[case::an_empty_query(Exchange {
        query: Some(String::new()),
        ..Exchange::default()
    })]
    #[case::odd_latencies(Exchange {
        latency: Duration::from_nanos(1),
        ..Exchange::default()
    })]
    #[case::a_long_latency(Exchange {
        latency: Duration::from_secs(86_400 * 365) + Duration::from_nanos(7),
        status: Some(599),
        ..Exchange::default()
    })]
    fn nasty_content_is_listed_byte_for_byte(
        #[case] exchange: Exchange,
        #[values(false, true)] rendered_ahead: bool,
    ) {
        let journal = Journal::new(3);
        let check = |journal: &Journal| {
            if rendered_ahead {
                journal.render_ahead();
                assert_eq!(journal.unkept(), 0);
            }
            assert_listing_is_serialized_entries(journal);
        };
        record(&journal, &Exchange::default());
        record(&journal, &exchange);
        check(&journal);
        // The oldest record is refilled with the nasty exchange, then the nasty one is.
        record(&journal, &exchange);
        check(&journal);
        record(&journal, &Exchange::default());
        record(&journal, &Exchange::default());
        check(&journal);
    }

    #[test]
    fn the_same_body_under_another_redactor_is_redacted_anew() {
        let journal = Journal::new(10);
        let exchange = Exchange {
            headers: vec![("x-note", b"s3cret-world-token".to_vec())],
            body: b"{\"note\":\"s3cret-world-token\"}".to_vec(),
            response: Some(Bytes::from(format!(
                "{}s3cret-world-token",
                "v".repeat(BODY_CAP - 4)
            ))),
            ..Exchange::default()
        };
        record(&journal, &exchange);
        record(&journal, &exchange);
        record_under(&journal, Arc::new(Redactor::default()), &exchange);
        record_under(&journal, Arc::new(Redactor::default()), &exchange);
        record(&journal, &exchange);
        assert_listing_is_serialized_entries(&journal);
        let text = String::from_utf8(listing(&journal, &RequestFilter::default())).unwrap();
        // Only the request headers and bodies recorded without the world's secrets show it.
        assert_eq!(text.matches("s3cret-world-token").count(), 4);
        assert_eq!(text.matches("\"response_body_truncated\":true").count(), 5);
    }

    #[test]
    fn a_refilled_record_lists_only_its_new_exchange() {
        let journal = Journal::new(1);
        record(&journal, &Exchange::default());
        let before = listing(&journal, &RequestFilter::default());
        record(
            &journal,
            &Exchange {
                method: Method::DELETE,
                path: "/b".into(),
                headers: Vec::new(),
                body: Vec::new(),
                status: None,
                response: None,
                fault: Some("reset"),
                ..Exchange::default()
            },
        );
        assert_listing_is_serialized_entries(&journal);
        let after = String::from_utf8(listing(&journal, &RequestFilter::default())).unwrap();
        assert_ne!(before, after.as_bytes());
        assert!(after.contains("\"seq\":2,"), "{after}");
        assert!(!after.contains("team_members"), "{after}");
    }

    #[test]
    fn many_entries_fill_several_chunks_and_read_as_serialized() {
        let journal = Journal::new(300);
        let big = Exchange {
            body: format!("{{\"note\":\"{}\"}}", "\"x\"".repeat(700)).into_bytes(),
            ..Exchange::default()
        };
        let small = Exchange::default();
        for index in 0..250 {
            record(&journal, if index % 7 == 0 { &big } else { &small });
        }
        assert_listing_is_serialized_entries(&journal);
        // More entries, some rendered already and some not; then a full ring refilled.
        for _ in 0..120 {
            record(&journal, &big);
        }
        assert_listing_is_serialized_entries(&journal);
    }

    #[test]
    fn a_second_read_sends_the_kept_text_in_a_few_frames() {
        let journal = Journal::new(100);
        for _ in 0..100 {
            record(&journal, &Exchange::default());
        }
        let first = journal.listing(&RequestFilter::default());
        let again = journal.listing(&RequestFilter::default());
        assert_eq!(first, again);
        // The count, one run of neighbouring entries (they fit one chunk), and `]}`.
        assert_eq!(again.len(), 3, "{again:?}");
        // The run is a slice of the chunk the records keep, not a copy.
        let chunk = again[1].as_ptr();
        let next = journal.listing(&RequestFilter::default());
        assert_eq!(next[1].as_ptr(), chunk);
    }

    #[test]
    fn a_listing_of_every_entry_is_sent_again_while_the_ring_holds_the_same_entries() {
        let journal = Journal::new(3);
        let everything = RequestFilter::default();
        let count = |frames: &[Bytes]| {
            let body: Vec<u8> = frames.concat();
            let listing: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            listing["count"].as_u64().expect("a count")
        };
        record(&journal, &Exchange::default());
        let first = journal.listing(&everything);
        // The same frames: the count's too, which a new listing would make anew.
        let again = journal.listing(&everything);
        assert_eq!(again[0].as_ptr(), first[0].as_ptr());
        // A new entry, a refill (the ring is full), a clear: each seen by the next read.
        record(&journal, &Exchange::default());
        assert_eq!(count(&journal.listing(&everything)), 2);
        for _ in 0..3 {
            record(&journal, &Exchange::default());
        }
        let refilled = journal.listing(&everything);
        assert_eq!(count(&refilled), 3);
        assert!(String::from_utf8_lossy(&refilled.concat()).contains("\"seq\":5"));
        journal.clear();
        assert_eq!(count(&journal.listing(&everything)), 0);
        record(&journal, &Exchange::default());
        assert_eq!(count(&journal.listing(&everything)), 1);
        assert_listing_is_serialized_entries(&journal);
    }

    /// Fills a 100-entry journal with entries of about 1.5 KB: more than one chunk.
    fn fill(journal: &Journal) {
        let exchange = Exchange {
            body: vec![b'a'; 1000],
            ..Exchange::default()
        };
        for _ in 0..100 {
            record(journal, &exchange);
        }
    }

    #[test]
    fn a_chunk_whose_entries_were_all_refilled_is_reused() {
        let journal = Journal::new(100);
        fill(&journal);
        let first = journal.listing(&RequestFilter::default());
        assert!(first.len() > 3, "the entries fill more than one chunk");
        let chunk = first[1].as_ptr();
        drop(first);
        fill(&journal);
        let again = journal.listing(&RequestFilter::default());
        assert_eq!(again[1].as_ptr(), chunk);
        assert_listing_is_serialized_entries(&journal);
    }

    #[test]
    fn the_first_read_writes_into_the_reserved_chunks() {
        let journal = Journal::new(100);
        journal.reserve_listing_memory();
        let reserved: Vec<(usize, usize)> = journal
            .chunks
            .made
            .lock()
            .unwrap()
            .iter()
            .map(|chunk| (chunk.as_ptr() as usize, chunk.len()))
            .collect();
        assert_eq!(reserved.len(), (100 * RESERVED_PER_ENTRY).div_ceil(CHUNK));
        fill(&journal);
        let listing = journal.listing(&RequestFilter::default());
        // Every frame but the opening and closing text lies in a reserved chunk.
        for frame in &listing[1..listing.len() - 1] {
            let at = frame.as_ptr() as usize;
            assert!(
                reserved
                    .iter()
                    .any(|&(start, len)| (start..start + len).contains(&at)),
                "a frame outside the reserved chunks"
            );
        }
        drop(listing);
        assert_listing_is_serialized_entries(&journal);
    }

    #[test]
    fn a_chunk_a_response_still_sends_is_not_reused() {
        let journal = Journal::new(100);
        fill(&journal);
        let sending = journal.listing(&RequestFilter::default());
        let text = sending.concat();
        fill(&journal);
        let again = journal.listing(&RequestFilter::default());
        assert_ne!(again[1].as_ptr(), sending[1].as_ptr());
        assert_eq!(sending.concat(), text);
        assert_listing_is_serialized_entries(&journal);
    }

    #[test]
    fn kept_text_is_redacted() {
        let journal = journal_of_three();
        let text = String::from_utf8(listing(&journal, &RequestFilter::default())).unwrap();
        assert!(!text.contains("s3cret"));
        assert!(!text.contains("cw-secret"));
        assert!(!text.contains("\"k\""));
        assert!(text.contains("access_token=[REDACTED]"));
    }
}
