//! One exchange: the client's request forwarded unchanged to its vendor's upstream, the
//! upstream's answer streamed back unchanged, then (when the answer's body has ended) the
//! verdict of the contracts, the drift table and the journal.
//!
//! "Unchanged" means: the method, the path and query as received, every header except the
//! hop-by-hop ones (RFC 9110 §7.6.1) and `Host` (the upstream's own), and the body, streamed;
//! back: the status, every header except hop-by-hop ones, and the body, streamed. Only the
//! first [`VALIDATION_CAP`] bytes of each body are kept (for validation and the journal).
//! One addition is reqwest's: a request without `Accept` reaches the upstream with
//! `Accept: */*` (reqwest's client default, which its builder cannot remove).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{CONNECTION, CONTENT_TYPE, HOST, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;

use super::VendorName;
use super::drift::DriftBook;
use super::failure::{FailureKind, UpstreamFailure, origin_of};
use super::journal::{Exchange, ProxyJournal};
use super::judge::Judge;
use super::secrets::SecretBook;
use super::tee::{BoxError, End, Kept, TeeBody};
use super::upstreams::Upstreams;

/// The most bytes of a body kept for validation; a longer body passes through whole and is
/// counted as not validated.
pub(crate) const VALIDATION_CAP: usize = 1024 * 1024;

/// The log target of the per-exchange lines.
const LOG_TARGET: &str = "rosterwire::proxy";

/// The body of every answer of the proxy.
pub(crate) type ProxyBody = UnsyncBoxBody<Bytes, BoxError>;

/// Everything the exchanges share.
#[derive(Debug)]
pub(crate) struct Proxy {
    pub(crate) upstreams: Upstreams,
    pub(crate) client: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) judge: Judge,
    pub(crate) drift: DriftBook,
    pub(crate) journal: ProxyJournal,
    pub(crate) secrets: SecretBook,
}

/// What is known of an exchange before its answer's body ends.
#[derive(Debug)]
struct Pending {
    at: String,
    vendor: Option<VendorName>,
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    started: Instant,
    request_body: Arc<Mutex<Kept>>,
}

/// Forwards one request and answers with the upstream's answer (or a gateway's).
pub(crate) async fn forward(
    proxy: Arc<Proxy>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<ProxyBody> {
    let (parts, body) = request.into_parts();
    proxy.secrets.learn(&parts.headers);
    let path = parts.uri.path().to_owned();
    let vendor = VendorName::for_path(&path);
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    let pending = Pending {
        at: super::now_iso8601(),
        vendor,
        method: parts.method.clone(),
        path,
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        started: Instant::now(),
        request_body: Arc::new(Mutex::new(Kept::default())),
    };
    let Some(url) = proxy.upstreams.url_for(vendor, &path_and_query) else {
        let who = vendor.map_or_else(|| "this path".to_owned(), |v| v.to_string());
        let failure = UpstreamFailure::new(
            FailureKind::NoUpstream,
            &format!("for {who}"),
            "give --upstream VENDOR=URL or a default --upstream URL",
        );
        return gateway(&proxy, &pending, &failure);
    };
    let mut outgoing = reqwest::Request::new(
        parts.method.clone(),
        match url.parse() {
            Ok(url) => url,
            Err(error) => {
                let failure = UpstreamFailure::new(
                    FailureKind::Unreachable,
                    &origin_of(&url),
                    &format!("the request path does not make a URL: {error}"),
                );
                return gateway(&proxy, &pending, &failure);
            }
        },
    );
    *outgoing.headers_mut() = end_to_end(&parts.headers, true);
    if !http_body::Body::is_end_stream(&body) {
        let tee = TeeBody::new(body, VALIDATION_CAP, Arc::clone(&pending.request_body));
        *outgoing.body_mut() = Some(reqwest::Body::wrap(tee));
    }
    let sent = tokio::time::timeout(proxy.timeout, proxy.client.execute(outgoing)).await;
    let response = match sent {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => {
            let failure = UpstreamFailure::from_reqwest(&error, &origin_of(&url));
            return gateway(&proxy, &pending, &failure);
        }
        Err(_) => {
            let failure = UpstreamFailure::new(
                FailureKind::Timeout,
                &origin_of(&url),
                &format!("no response head within {} ms", proxy.timeout.as_millis()),
            );
            return gateway(&proxy, &pending, &failure);
        }
    };
    let status = response.status();
    let upstream: http::Response<reqwest::Body> = response.into();
    let (head, body) = upstream.into_parts();
    let latency = pending.started.elapsed();
    let response_body = Arc::new(Mutex::new(Kept::default()));
    let kept = Arc::clone(&response_body);
    let finisher = Arc::clone(&proxy);
    let tee = TeeBody::new(body, VALIDATION_CAP, response_body).on_end(Box::new(move |end| {
        let kept = lock(&kept).clone();
        finish(&finisher, &pending, status.as_u16(), latency, &kept, &end);
    }));
    let mut answer = hyper::Response::new(tee.boxed_unsync());
    *answer.status_mut() = status;
    *answer.headers_mut() = end_to_end(&head.headers, false);
    answer
}

/// The answer of a gateway for `failure`, journaled and counted.
fn gateway(
    proxy: &Proxy,
    pending: &Pending,
    failure: &UpstreamFailure,
) -> hyper::Response<ProxyBody> {
    let body = failure.body();
    let status = failure.kind.status();
    let kept = Kept {
        total: body.len() as u64,
        bytes: body.clone(),
    };
    let redactor = proxy.secrets.redactor();
    let operation = operation_id(proxy, pending);
    let entry = exchange(
        pending,
        operation,
        status.as_u16(),
        pending.started.elapsed(),
        &kept,
        Some(failure.kind.code()),
    )
    .entry(&redactor);
    proxy.journal.push(entry);
    proxy.drift.upstream_error(failure.kind.code());
    log(
        pending,
        status.as_u16(),
        Some(failure.kind.code()),
        &redactor,
    );
    json_answer(status, Bytes::from(body))
}

/// An answer of the proxy's own (gateway errors, the admin API): `status` and a JSON `body`.
pub(crate) fn json_answer(status: http::StatusCode, body: Bytes) -> hyper::Response<ProxyBody> {
    let mut answer = hyper::Response::new(
        Full::new(body)
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *answer.status_mut() = status;
    answer
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    answer
}

/// Called once the upstream's body has ended (or the client went away): journal, judge,
/// count.
fn finish(
    proxy: &Proxy,
    pending: &Pending,
    status: u16,
    latency: Duration,
    kept: &Kept,
    end: &End,
) {
    let fault = match end {
        End::Complete => None,
        End::Failed(_) => Some("upstream-reset-mid-body"),
        End::Dropped => Some("client-closed"),
    };
    let redactor = proxy.secrets.redactor();
    let operation = proxy
        .judge
        .operation(pending.vendor, pending.method.as_str(), &pending.path);
    let record = exchange(
        pending,
        operation_id(proxy, pending),
        status,
        latency,
        kept,
        fault,
    );
    let seq = proxy.journal.push(record.entry(&redactor));
    match (operation, pending.vendor) {
        (Some(op), Some(vendor)) => {
            let body = (*end == End::Complete && !kept.cut()).then_some(kept.bytes.as_slice());
            let verdict = proxy.judge.judge(op, status, body);
            proxy.drift.judged(vendor, seq, &verdict, &redactor);
        }
        _ => proxy.drift.not_covered(
            pending.vendor,
            pending.method.as_str(),
            &redactor.text(&pending.path),
        ),
    }
    if let End::Failed(cause) = end {
        tracing::warn!(target: LOG_TARGET, cause = %redactor.text(cause), "the upstream's body broke off");
    }
    log(pending, status, fault, &redactor);
}

/// The operation id of the journal: the contract's, `no-contract` under a vendor's path,
/// `unknown-route` elsewhere (as the mock names it).
fn operation_id<'a>(proxy: &'a Proxy, pending: &Pending) -> &'a str {
    let operation = proxy
        .judge
        .operation(pending.vendor, pending.method.as_str(), &pending.path);
    match (operation, pending.vendor) {
        (Some(op), _) => op.id.as_str(),
        (None, Some(_)) => "no-contract",
        (None, None) => "unknown-route",
    }
}

/// The journal's view of an exchange.
fn exchange<'a>(
    pending: &'a Pending,
    operation: &'a str,
    status: u16,
    latency: Duration,
    response_body: &'a Kept,
    fault: Option<&'a str>,
) -> OwnedExchange<'a> {
    OwnedExchange {
        request_body: lock(&pending.request_body).clone(),
        pending,
        status,
        latency,
        response_body,
        fault,
        operation,
    }
}

/// An exchange with its request body copied out of the lock.
struct OwnedExchange<'a> {
    request_body: Kept,
    pending: &'a Pending,
    status: u16,
    latency: Duration,
    response_body: &'a Kept,
    fault: Option<&'a str>,
    operation: &'a str,
}

impl OwnedExchange<'_> {
    fn entry(&self, redactor: &super::Redactor) -> super::JournalEntry {
        Exchange {
            at: self.pending.at.clone(),
            vendor: self.pending.vendor,
            operation: self.operation,
            method: self.pending.method.as_str(),
            path: &self.pending.path,
            query: self.pending.query.as_deref(),
            status: self.status,
            latency: self.latency,
            fault: self.fault,
            request_headers: &self.pending.headers,
            request_body: &self.request_body,
            response_body: self.response_body,
        }
        .entry(redactor)
    }
}

/// One line per exchange at `info`, redacted.
fn log(pending: &Pending, status: u16, fault: Option<&str>, redactor: &super::Redactor) {
    tracing::info!(
        target: LOG_TARGET,
        vendor = pending.vendor.map_or("-", VendorName::as_str),
        method = %pending.method,
        path = %redactor.text(&pending.path),
        query = pending.query.as_deref().map(|q| redactor.query(q)).unwrap_or_default(),
        status,
        fault = fault.unwrap_or("-"),
        duration_ms = pending.started.elapsed().as_secs_f64() * 1000.0,
        "forwarded"
    );
}

fn lock(kept: &Mutex<Kept>) -> std::sync::MutexGuard<'_, Kept> {
    match kept.lock() {
        Ok(kept) => kept,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Hop-by-hop headers (RFC 9110 §7.6.1, and the old `Keep-Alive`/`Proxy-Connection`).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
];

/// `headers` without hop-by-hop ones (also those `Connection` names, and `Upgrade`), and
/// without `Host` when `request` (the upstream's URL sets its own).
fn end_to_end(headers: &HeaderMap, request: bool) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let lower = name.as_str();
        let hop = HOP_BY_HOP.contains(&lower)
            || lower == "upgrade"
            || named.iter().any(|n| n == lower)
            || (request && *name == HOST);
        if !hop {
            out.append(HeaderName::clone(name), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_and_host_are_not_forwarded_and_the_rest_keep_their_order() {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("proxy:1"));
        headers.insert("connection", HeaderValue::from_static("keep-alive, x-hop"));
        headers.insert("x-hop", HeaderValue::from_static("1"));
        headers.insert("transfer-encoding", HeaderValue::from_static("chunked"));
        headers.insert("api_access_token", HeaderValue::from_static("t"));
        headers.append("x-twice", HeaderValue::from_static("a"));
        headers.append("x-twice", HeaderValue::from_static("b"));
        let forwarded = end_to_end(&headers, true);
        let names: Vec<(&str, &str)> = forwarded
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                ("api_access_token", "t"),
                ("x-twice", "a"),
                ("x-twice", "b")
            ]
        );
        assert!(end_to_end(&headers, false).contains_key("host"));
    }
}
