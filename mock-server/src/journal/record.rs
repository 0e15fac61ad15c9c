//! One exchange as the request path records it: raw, bounded, and cheap to make; redacted only
//! when it is read.
//!
//! A [`Record`] holds the path, query, request headers, request body and response body back to
//! back in one byte buffer (auth header values are never stored: only the name; nothing points
//! into the connection's read buffer or keeps the response alive), the time as integer
//! milliseconds and the [`Redactor`] of the world current when it was recorded. A record the
//! ring evicts is refilled in place for the next exchange ([`Record::refill`]), so in steady
//! state journaling allocates nothing. [`Record::entry`] turns it into the public, redacted
//! [`JournalEntry`] with exactly the rules the journal applied on write before: redact first,
//! then cap. A value over its cap is therefore redacted when recorded (the rare path), so a cut
//! can never leave half a secret behind. For the listing, [`Record::write_json`] writes the same
//! entry's JSON text straight from the record (byte for byte what `serde_json` writes for
//! [`Record::entry`], without building it), and the record keeps that text until it is refilled.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};

use super::entry::{BODY_CAP, JournalEntry};
use super::filter::{Fields, RequestFilter};
use super::json;
use super::outcome::Outcome;
use super::shown::{
    HEADER_CAP, HEADER_VALUE_CAP, shown_body, shown_body_cow, shown_header, shown_plain_header,
};
use crate::clock::iso8601_millis;
use crate::exchange::Request;
use crate::redact::{REDACTED, Redactor, is_secret_header};
use crate::vendor_name::VendorName;

/// One journaled exchange, not yet redacted.
#[derive(Debug)]
pub(crate) struct Record {
    at_millis: i64,
    vendor: Option<VendorName>,
    operation: &'static str,
    method: Method,
    status: Option<u16>,
    latency: Duration,
    fault: Option<&'static str>,
    /// The redactor of the world current at record time: a later world cannot un-redact.
    redactor: Arc<Redactor>,
    /// The path, the query, each kept header's name and stored value, then the raw bodies.
    text: Vec<u8>,
    path: Span,
    query: Option<Span>,
    headers: Vec<StoredHeader>,
    request_body: StoredBody,
    response_body: StoredBody,
    /// The entry's JSON text, made on the first read of the listing and kept (shared with the
    /// other entries rendered with it): the record and its redactor never change, so neither
    /// does the text. A refill drops it.
    kept: OnceLock<Kept>,
}

/// A byte range of [`Record::text`].
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    const EMPTY: Span = Span { start: 0, end: 0 };
}

#[derive(Debug)]
struct StoredHeader {
    name: Span,
    value: StoredValue,
}

#[derive(Debug)]
enum StoredValue {
    /// An auth header: the value was never stored and is shown as [`REDACTED`].
    Hidden,
    /// The raw bytes, at most [`HEADER_VALUE_CAP`]; redacted on read.
    Raw(Span),
    /// A value that was over the cap: redacted, then cut, when recorded.
    Redacted(Span),
}

#[derive(Debug)]
enum StoredBody {
    /// Raw bytes of at most [`BODY_CAP`] in [`Record::text`]; redacted on read.
    Raw(Span),
    /// A body that was over the cap: redacted, then cut, when recorded.
    Redacted { text: Box<str>, truncated: bool },
}

impl Record {
    /// Records one exchange. Copies the path, query, headers and both bodies.
    pub(crate) fn new(
        redactor: &Arc<Redactor>,
        at_millis: i64,
        request: &Request<'_>,
        outcome: Outcome<'_>,
    ) -> Self {
        let mut record = Self {
            at_millis,
            vendor: None,
            operation: "",
            method: Method::GET,
            status: None,
            latency: Duration::ZERO,
            fault: None,
            redactor: Arc::clone(redactor),
            text: Vec::with_capacity(text_len(request, &outcome)),
            path: Span::EMPTY,
            query: None,
            headers: Vec::with_capacity(request.headers.len().min(HEADER_CAP)),
            request_body: StoredBody::Raw(Span::EMPTY),
            response_body: StoredBody::Raw(Span::EMPTY),
            kept: OnceLock::new(),
        };
        record.refill(redactor, at_millis, request, outcome);
        record
    }

    /// Makes this (evicted) record the record of another exchange, reusing its buffers.
    pub(crate) fn refill(
        &mut self,
        redactor: &Arc<Redactor>,
        at_millis: i64,
        request: &Request<'_>,
        outcome: Outcome<'_>,
    ) {
        let text = &mut self.text;
        text.clear();
        self.path = push(text, request.path.as_bytes());
        self.query = request.query.map(|q| push(text, q.as_bytes()));
        store_headers(redactor, text, &mut self.headers, request.headers);
        self.request_body = StoredBody::new(redactor, text, request.body);
        self.response_body = match outcome.response_body {
            None => StoredBody::Raw(Span::EMPTY),
            Some(body) => StoredBody::new(redactor, text, body),
        };
        self.at_millis = at_millis;
        self.vendor = outcome.vendor;
        self.operation = outcome.operation;
        self.method = request.method.clone();
        self.status = outcome.status;
        self.latency = outcome.latency;
        self.fault = outcome.fault;
        // The same world's redactor as the evicted record's, usually: no count to change.
        if !Arc::ptr_eq(&self.redactor, redactor) {
            self.redactor = Arc::clone(redactor);
        }
        self.kept = OnceLock::new();
    }

    /// Whether the entry numbered `seq` passes `filter` (without redacting anything).
    pub(crate) fn passes(&self, seq: u64, filter: &RequestFilter) -> bool {
        // The path is compared only when the filter names one; not decoded otherwise.
        let path = match filter.path {
            Some(_) => self.lossy(self.path),
            None => Cow::Borrowed(""),
        };
        let fields = Fields {
            seq,
            vendor: self.vendor,
            method: self.method.as_str(),
            path: &path,
            status: self.status,
        };
        filter.accepts_fields(fields, || Cow::Owned(iso8601_millis(self.at_millis)))
    }

    /// The entry's JSON text kept by an earlier read of the listing, if it is that of `seq`.
    pub(crate) fn kept(&self, seq: u64) -> Option<&Kept> {
        self.kept.get().filter(|kept| kept.seq == seq)
    }

    /// Keeps the entry's JSON text; the text already kept, if another read was first.
    pub(crate) fn keep(&self, kept: Kept) -> &Kept {
        self.kept.get_or_init(|| kept)
    }

    /// Appends `,{"seq":N,…}`: a comma, then the entry numbered `seq` exactly as `serde_json`
    /// writes [`Record::entry`] (same fields, order, escaping and numbers), redacted now, without
    /// building the entry. `last`: what the entry written before into `out` showed (see
    /// [`LastWritten`]).
    pub(crate) fn write_json<'a>(
        &'a self,
        seq: u64,
        out: &mut Vec<u8>,
        last: &mut LastWritten<'a>,
    ) {
        let redactor = &*self.redactor;
        out.extend_from_slice(b",{\"seq\":");
        json::unsigned(out, seq);
        out.extend_from_slice(b",\"at\":");
        json::string(out, &iso8601_millis(self.at_millis));
        out.extend_from_slice(b",\"vendor\":");
        json::optional_string(out, self.vendor.map(VendorName::as_str));
        out.extend_from_slice(b",\"operation\":");
        json::string(out, self.operation);
        out.extend_from_slice(b",\"method\":");
        json::string(out, self.method.as_str());
        out.extend_from_slice(b",\"path\":");
        json::string(out, &self.lossy(self.path));
        out.extend_from_slice(b",\"query\":");
        let query = self.query.map(|q| redactor.query(&self.lossy(q)));
        json::optional_string(out, query.as_deref());
        out.extend_from_slice(b",\"status\":");
        match self.status {
            Some(status) => json::unsigned(out, u64::from(status)),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"latency_ms\":");
        json::float(out, self.latency.as_secs_f64() * 1000.0);
        out.extend_from_slice(b",\"fault\":");
        json::optional_string(out, self.fault);
        out.extend_from_slice(b",\"request_headers\":");
        self.write_headers(&mut last.headers, out);
        out.extend_from_slice(b",\"request_body\":");
        let truncated = self.write_body(&self.request_body, &mut last.request, out);
        out.extend_from_slice(b",\"request_body_truncated\":");
        json::boolean(out, truncated);
        out.extend_from_slice(b",\"response_body\":");
        let truncated = self.write_body(&self.response_body, &mut last.response, out);
        out.extend_from_slice(b",\"response_body_truncated\":");
        json::boolean(out, truncated);
        out.push(b'}');
    }

    /// Appends the request headers as a JSON array of `[name, value]` pairs. Headers that are
    /// the same as those `last` wrote earlier into `out`, under the same redactor, show the
    /// same, so their text is copied.
    fn write_headers<'a>(&'a self, last: &mut Option<LastHeaders<'a>>, out: &mut Vec<u8>) {
        if let Some(seen) = last
            && std::ptr::eq(&*seen.record.redactor, &*self.redactor)
            && self.same_headers(seen.record)
            && let Some(()) = copy_within(out, seen.start, seen.end)
        {
            return;
        }
        let start = out.len();
        out.push(b'[');
        for (index, header) in self.headers.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            out.push(b'[');
            json::string(out, &self.lossy(header.name));
            out.push(b',');
            match header.value {
                StoredValue::Hidden => json::string(out, REDACTED),
                StoredValue::Raw(span) => {
                    let value = self.lossy(span);
                    json::string(out, &shown_plain_header(&self.redactor, &value));
                }
                StoredValue::Redacted(span) => json::string(out, &self.lossy(span)),
            }
            out.push(b']');
        }
        out.push(b']');
        *last = Some(LastHeaders {
            record: self,
            start,
            end: out.len(),
        });
    }

    /// Whether `other` stored the same headers (names, values, and how each value is kept).
    fn same_headers(&self, other: &Record) -> bool {
        self.headers.len() == other.headers.len()
            && self.headers.iter().zip(&other.headers).all(|(a, b)| {
                self.slice(a.name) == other.slice(b.name)
                    && match (&a.value, &b.value) {
                        (StoredValue::Hidden, StoredValue::Hidden) => true,
                        (StoredValue::Raw(x), StoredValue::Raw(y))
                        | (StoredValue::Redacted(x), StoredValue::Redacted(y)) => {
                            self.slice(*x) == other.slice(*y)
                        }
                        _ => false,
                    }
            })
    }

    fn slice(&self, span: Span) -> &[u8] {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// Appends `body` as shown, as a JSON string; returns whether it was cut. A raw body that is
    /// the same bytes, under the same redactor, as the one `last` wrote earlier into `out` shows
    /// the same, so its text is copied instead of redacted and escaped again.
    fn write_body<'a>(
        &'a self,
        body: &StoredBody,
        last: &mut Option<LastBody<'a>>,
        out: &mut Vec<u8>,
    ) -> bool {
        let StoredBody::Raw(span) = body else {
            let (shown, truncated) = body.shown_cow(&self.redactor, &self.text);
            json::string(out, &shown);
            return truncated;
        };
        let raw = self.text.get(span.start..span.end).unwrap_or_default();
        if let Some(seen) = last
            && std::ptr::eq(seen.redactor, &*self.redactor)
            && seen.raw == raw
            && let Some(()) = copy_within(out, seen.start, seen.end)
        {
            return seen.truncated;
        }
        let start = out.len();
        let (shown, truncated) = shown_body_cow(&self.redactor, raw);
        json::string(out, &shown);
        *last = Some(LastBody {
            redactor: &self.redactor,
            raw,
            start,
            end: out.len(),
            truncated,
        });
        truncated
    }

    /// The record as the public, redacted entry numbered `seq`.
    pub(crate) fn entry(&self, seq: u64) -> JournalEntry {
        let redactor = &*self.redactor;
        let (request_body, request_body_truncated) = self.request_body.shown(redactor, &self.text);
        let (response_body, response_body_truncated) =
            self.response_body.shown(redactor, &self.text);
        JournalEntry {
            seq,
            at: iso8601_millis(self.at_millis),
            vendor: self.vendor,
            operation: self.operation.to_owned(),
            method: self.method.as_str().to_owned(),
            path: self.lossy(self.path).into_owned(),
            query: self.query.map(|q| redactor.query(&self.lossy(q))),
            status: self.status,
            latency_ms: self.latency.as_secs_f64() * 1000.0,
            fault: self.fault.map(str::to_owned),
            request_headers: self
                .headers
                .iter()
                .map(|header| self.shown_header(redactor, header))
                .collect(),
            request_body,
            request_body_truncated,
            response_body,
            response_body_truncated,
        }
    }

    /// The text at `span`, invalid UTF-8 replaced (checked the fast way first: it rarely is).
    fn lossy(&self, span: Span) -> Cow<'_, str> {
        let bytes = self.text.get(span.start..span.end).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        }
    }

    fn shown_header(&self, redactor: &Redactor, header: &StoredHeader) -> (String, String) {
        let name = self.lossy(header.name).into_owned();
        let value = match header.value {
            StoredValue::Hidden => REDACTED.to_owned(),
            StoredValue::Raw(span) => shown_header(redactor, &name, &self.lossy(span)),
            StoredValue::Redacted(span) => self.lossy(span).into_owned(),
        };
        (name, value)
    }
}

/// An entry's JSON text as a read of the listing rendered it: `,{"seq":N,…}` at `start..end` of
/// a chunk shared with the entries rendered next to it (`listing.rs`).
#[derive(Debug)]
pub(crate) struct Kept {
    seq: u64,
    chunk: Bytes,
    start: usize,
    end: usize,
}

impl Kept {
    /// The text of the entry numbered `seq`, at `start..end` of `chunk`.
    pub(crate) fn new(seq: u64, chunk: Bytes, start: usize, end: usize) -> Self {
        Self {
            seq,
            chunk,
            start,
            end,
        }
    }

    /// The chunk the text is in.
    pub(crate) fn chunk(&self) -> &Bytes {
        &self.chunk
    }

    /// Where the text starts in the chunk.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// Where the text ends in the chunk.
    pub(crate) fn end(&self) -> usize {
        self.end
    }
}

/// Where the previous entry written into a buffer put its headers and bodies, so that the next
/// entry, when they are the same bytes under the same redactor (repeated exchanges: retries,
/// polling, load), copies their text instead of redacting and escaping it again. Only valid for
/// the buffer it was filled with: a new buffer takes a new one.
#[derive(Debug, Default)]
pub(crate) struct LastWritten<'a> {
    headers: Option<LastHeaders<'a>>,
    request: Option<LastBody<'a>>,
    response: Option<LastBody<'a>>,
}

/// The headers of one entry as written: the record, and where its JSON array is in the buffer.
#[derive(Debug)]
struct LastHeaders<'a> {
    record: &'a Record,
    start: usize,
    end: usize,
}

/// One body as written: its raw bytes, the redactor it was shown under, and where its JSON text
/// is in the buffer.
#[derive(Debug)]
struct LastBody<'a> {
    redactor: &'a Redactor,
    raw: &'a [u8],
    start: usize,
    end: usize,
    truncated: bool,
}

/// Appends `out[start..end]` to `out`; `None` (and nothing appended) when out of range.
fn copy_within(out: &mut Vec<u8>, start: usize, end: usize) -> Option<()> {
    if start <= end && end <= out.len() {
        out.extend_from_within(start..end);
        Some(())
    } else {
        None
    }
}

impl StoredBody {
    /// Stores a body: raw in `text` when within [`BODY_CAP`], else redacted and cut now.
    fn new(redactor: &Redactor, text: &mut Vec<u8>, body: &[u8]) -> Self {
        if body.len() <= BODY_CAP {
            Self::Raw(push(text, body))
        } else {
            Self::redacted(redactor, body)
        }
    }

    /// Redacts first (so a cut never leaves half a secret), then caps.
    fn redacted(redactor: &Redactor, body: &[u8]) -> Self {
        let (text, truncated) = shown_body(redactor, body);
        Self::Redacted {
            text: text.into_boxed_str(),
            truncated,
        }
    }

    /// [`StoredBody::shown`], borrowing what needs no change.
    fn shown_cow<'a>(&'a self, redactor: &Redactor, text: &'a [u8]) -> (Cow<'a, str>, bool) {
        match self {
            Self::Raw(span) => {
                shown_body_cow(redactor, text.get(span.start..span.end).unwrap_or_default())
            }
            Self::Redacted { text, truncated } => (Cow::Borrowed(text), *truncated),
        }
    }

    /// The body as shown (`text`: the record's buffer), and whether it was cut.
    fn shown(&self, redactor: &Redactor, text: &[u8]) -> (String, bool) {
        match self {
            Self::Raw(span) => {
                shown_body(redactor, text.get(span.start..span.end).unwrap_or_default())
            }
            Self::Redacted { text, truncated } => (text.to_string(), *truncated),
        }
    }
}

/// An upper bound of the text a record stores for `request` (bodies over the cap aside).
fn text_len(request: &Request<'_>, outcome: &Outcome<'_>) -> usize {
    let headers: usize = request
        .headers
        .iter()
        .take(HEADER_CAP)
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    let bodies = request.body.len().min(BODY_CAP)
        + outcome.response_body.map_or(0, |b| b.len().min(BODY_CAP));
    request.path.len() + request.query.map_or(0, str::len) + headers + bodies
}

fn push(text: &mut Vec<u8>, bytes: &[u8]) -> Span {
    let start = text.len();
    text.extend_from_slice(bytes);
    Span {
        start,
        end: text.len(),
    }
}

fn store_headers(
    redactor: &Redactor,
    text: &mut Vec<u8>,
    stored: &mut Vec<StoredHeader>,
    headers: &HeaderMap,
) {
    stored.clear();
    for (name, value) in headers.iter().take(HEADER_CAP) {
        let name_span = push(text, name.as_str().as_bytes());
        let value = if is_secret_header(name.as_str()) {
            StoredValue::Hidden
        } else if value.len() <= HEADER_VALUE_CAP {
            StoredValue::Raw(push(text, value.as_bytes()))
        } else {
            let raw = String::from_utf8_lossy(value.as_bytes());
            let shown = shown_header(redactor, name.as_str(), &raw);
            StoredValue::Redacted(push(text, shown.as_bytes()))
        };
        stored.push(StoredHeader {
            name: name_span,
            value,
        });
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderValue, Method};

    use super::*;

    #[test]
    fn an_auth_header_value_is_never_stored() {
        let mut headers = HeaderMap::new();
        headers.insert("x-auth-token", HeaderValue::from_static("rc-secret"));
        headers.insert("x-user-id", HeaderValue::from_static("u1"));
        let request = Request {
            method: &Method::POST,
            path: "/p",
            query: None,
            headers: &headers,
            body: b"",
        };
        let outcome = Outcome {
            vendor: None,
            operation: "unknown-route",
            status: Some(404),
            response_body: None,
            latency: Duration::ZERO,
            fault: None,
        };
        let record = Record::new(&Arc::new(Redactor::default()), 0, &request, outcome);
        assert_eq!(&*record.text, b"/px-auth-tokenx-user-idu1");
        let entry = record.entry(7);
        assert_eq!(entry.header("x-auth-token"), Some(REDACTED));
        assert_eq!(entry.header("x-user-id"), Some("u1"));
        assert_eq!(entry.at, "1970-01-01T00:00:00.000Z");
    }
}
