//! The body of `GET /__admin/requests`, written from the records directly.
//!
//! The bytes are exactly those of serializing `{"count": N, "requests": [entries…]}` (the
//! entries as [`JournalEntry`](super::JournalEntry) serializes them), without building a
//! `serde_json::Value` or keeping the entries: each record gives its redacted JSON text, made
//! on its first read and kept with it (see [`Record::write_json`]).

use std::sync::Arc;

use super::RequestFilter;
use super::record::Record;

/// Writes the listing of the `records` (with their sequence numbers) that `filter` accepts.
pub(super) fn write(records: &[(u64, Arc<Record>)], filter: &RequestFilter) -> Vec<u8> {
    let shown: Vec<&(u64, Arc<Record>)> = records
        .iter()
        .filter(|(seq, record)| record.passes(*seq, filter))
        .collect();
    let mut out = Vec::with_capacity(64 + shown.len() * 1024);
    out.extend_from_slice(b"{\"count\":");
    out.extend_from_slice(shown.len().to_string().as_bytes());
    out.extend_from_slice(b",\"requests\":[");
    for (index, (seq, record)) in shown.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        record.write_json(*seq, &mut out);
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue, Method};
    use serde_json::json;

    use super::*;
    use crate::exchange::Request;
    use crate::journal::{BODY_CAP, Journal, Outcome};
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

    #[test]
    fn the_listing_is_the_serialized_entries_byte_for_byte() {
        let journal = journal_of_three();
        let entries = journal.entries();
        for filter in [
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
        ] {
            let expected = as_value(&filter, &entries);
            // Twice: the second read comes from the kept text.
            assert_eq!(journal.listing(&filter), expected);
            assert_eq!(journal.listing(&filter), expected);
        }
    }

    #[test]
    fn kept_text_is_redacted() {
        let journal = journal_of_three();
        let text = String::from_utf8(journal.listing(&RequestFilter::default())).unwrap();
        assert!(!text.contains("s3cret"));
        assert!(!text.contains("cw-secret"));
        assert!(!text.contains("\"k\""));
        assert!(text.contains("access_token=[REDACTED]"));
    }
}
