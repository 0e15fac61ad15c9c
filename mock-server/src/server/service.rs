//! The per-request path: read the bounded body, apply a fault if one is asked for, ask the
//! engine, journal the exchange, write the vendor's bytes.
//!
//! With no fault registered and the journal off, nothing here locks or allocates beyond the
//! body buffer and the response headers; with the journal on, one unredacted record (see
//! `journal`) and one short mutex push. The
//! engine's vendor locks are taken and released inside `Engine::handle`, never across I/O.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::body::Incoming;

use crate::admin;
use crate::body::{HyperResponse, MockBody};
use crate::error_body::error_bytes;
use crate::exchange::{Request, Response, UNKNOWN_ROUTE, content_type};
use crate::fault::{FaultKind, header_fault};
use crate::fidelity::Provenance;
use crate::journal::Outcome;
use crate::server::body_read::read_body;
use crate::server::connection::Connection;
use crate::server::header_values::static_value;
use crate::server::shared::Shared;
use crate::vendor_name::VendorName;
use crate::verify::Candidate;

/// Why a connection is closed instead of answered.
pub(crate) type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// Serves one request. Errors close the connection: the client went away mid-body, or a
/// `drop`/`reset` fault.
pub(crate) async fn serve(
    shared: Arc<Shared>,
    connection: Arc<Connection>,
    request: hyper::Request<Incoming>,
) -> Result<HyperResponse, ServeError> {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    if shared.admin.enabled && admin::is_admin_path(parts.uri.path()) {
        // Copied only when the line will be written.
        let logged = tracing::enabled!(target: REQUEST_LOG_TARGET, tracing::Level::INFO)
            .then(|| (parts.method.clone(), parts.uri.path().to_owned()));
        let response = admin::serve(
            &shared.control,
            &shared.admin,
            shared.max_body,
            connection.peer,
            parts,
            body,
        )
        .await;
        if let Some((method, path)) = logged {
            tracing::info!(
                target: REQUEST_LOG_TARGET,
                vendor = "admin",
                method = %method,
                path = %path,
                status = response.status().as_u16(),
                duration_ms = started.elapsed().as_secs_f64() * 1000.0,
                "answered"
            );
        }
        return Ok(response);
    }
    let limit = shared.max_body;
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bytes = if declared.is_some_and(|n| n > limit as u64) {
        None
    } else {
        read_body(body, limit).await?
    };
    let too_large = bytes.is_none();
    let bytes = bytes.unwrap_or_default();
    let request = Request {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &bytes,
    };
    let control = &shared.control;
    let vendor = VendorName::for_path(request.path);
    if too_large {
        let response = control.engine.body_too_large(&request, limit);
        return Ok(finish(&shared, &request, vendor, response, started, None));
    }
    let fault = match header_fault(request.headers) {
        Ok(Some(kind)) => Some(kind),
        Ok(None) => {
            let has_header = |name: &str| request.headers.contains_key(name);
            control.faults.pick(&Candidate {
                vendor,
                method: request.method.as_str(),
                path: request.path,
                body: request.body,
                has_header: &has_header,
            })
        }
        Err(message) => {
            let response = bad_fault_header(&message.to_string());
            return Ok(finish(&shared, &request, vendor, response, started, None));
        }
    };
    let Some(fault) = fault else {
        let response = control.engine.answer(vendor, &request);
        return Ok(finish(&shared, &request, vendor, response, started, None));
    };
    apply(&shared, &connection, &request, vendor, fault, started).await
}

/// Applies a fault to one request.
async fn apply(
    shared: &Shared,
    connection: &Connection,
    request: &Request<'_>,
    vendor: Option<VendorName>,
    fault: FaultKind,
    started: Instant,
) -> Result<HyperResponse, ServeError> {
    let engine = &shared.control.engine;
    let name = Some(fault.name());
    match fault {
        FaultKind::Status { status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = engine
                .error_response(request, status)
                .unwrap_or_else(|| outside_vendors(status));
            // The fault asked for this status; the vendor's hook gives the body and headers.
            response.status = status;
            Ok(finish(shared, request, vendor, response, started, name))
        }
        FaultKind::Delay { ms, max_ms } => {
            let ms = max_ms.map_or(ms, |max| fastrand::u64(ms..=max));
            tokio::time::sleep(Duration::from_millis(ms)).await;
            let response = engine.handle(request);
            Ok(finish(shared, request, vendor, response, started, name))
        }
        FaultKind::Drop | FaultKind::Reset => {
            journal(shared, request, vendor, None, started, name);
            log(shared, request, vendor, None, started, name);
            if fault == FaultKind::Reset {
                connection.arm_reset();
            }
            Err(format!("rosterwire fault: {}", fault.name()).into())
        }
        FaultKind::Truncate => {
            let response = engine.handle(request);
            let full = response.body.len();
            let half = response.body.slice(..full / 2);
            let mut out = finish(shared, request, vendor, response, started, name);
            *out.body_mut() = MockBody::truncated(half);
            out.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(full));
            Ok(out)
        }
        FaultKind::Malformed => {
            let mut response = engine.handle(request);
            response.body = malformed(&response.body);
            Ok(finish(shared, request, vendor, response, started, name))
        }
        FaultKind::SlowBody {
            chunk_bytes,
            interval_ms,
        } => {
            let response = engine.handle(request);
            let body = response.body.clone();
            let mut out = finish(shared, request, vendor, response, started, name);
            out.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
            *out.body_mut() = MockBody::slow(body, chunk_bytes, Duration::from_millis(interval_ms));
            Ok(out)
        }
    }
}

/// A body that is not valid JSON: the first half of the real one, or an open brace.
fn malformed(body: &Bytes) -> Bytes {
    if body.len() < 2 {
        return Bytes::from_static(b"{\"");
    }
    body.slice(..body.len() / 2)
}

/// The answer to a status fault outside every vendor's base path.
fn outside_vendors(status: StatusCode) -> Response {
    let mut response = Response::fixed(
        UNKNOWN_ROUTE,
        status,
        Some(content_type::JSON),
        "",
        Provenance::Assumed,
    );
    response.body = error_bytes("fault", "rosterwire fault: status injected");
    response
}

/// A request whose fault header does not parse: rosterwire's own 400.
fn bad_fault_header(message: &str) -> Response {
    let mut response = Response::fixed(
        UNKNOWN_ROUTE,
        StatusCode::BAD_REQUEST,
        Some(content_type::JSON),
        "",
        Provenance::Assumed,
    );
    response.body = error_bytes("invalid-fault-header", message);
    response
}

/// Journals, logs and converts a response.
fn finish(
    shared: &Shared,
    request: &Request<'_>,
    vendor: Option<VendorName>,
    response: Response,
    started: Instant,
    fault: Option<&'static str>,
) -> HyperResponse {
    journal(shared, request, vendor, Some(&response), started, fault);
    log(shared, request, vendor, Some(&response), started, fault);
    to_hyper(response)
}

/// The `tracing` target of the one line per answered request.
pub(crate) const REQUEST_LOG_TARGET: &str = "rosterwire_mock::request";

/// One `info` line per answered request: vendor, method, path, redacted query, status,
/// provenance, duration (no status for a dropped or reset connection). No header values; the
/// query's credential values and every secret of the world are hidden. Costs one
/// cached-interest check, and no allocation, when the level is off.
fn log(
    shared: &Shared,
    request: &Request<'_>,
    vendor: Option<VendorName>,
    response: Option<&Response>,
    started: Instant,
    fault: Option<&'static str>,
) {
    if !tracing::enabled!(target: REQUEST_LOG_TARGET, tracing::Level::INFO) {
        return;
    }
    let redactor = shared.control.redactor();
    let vendor = vendor.map_or("none", VendorName::as_str);
    let path = redactor.text(request.path);
    let query = request.query.map(|q| redactor.query(q));
    tracing::info!(
        target: REQUEST_LOG_TARGET,
        vendor,
        method = %request.method,
        path = %path,
        query = query.as_deref(),
        status = response.map(|r| r.status.as_u16()),
        provenance = response.map(|r| r.provenance.as_str()),
        operation = response.map(|r| r.operation.id),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        fault,
        "answered"
    );
}

/// Records the exchange when the journal is on.
fn journal(
    shared: &Shared,
    request: &Request<'_>,
    vendor: Option<VendorName>,
    response: Option<&Response>,
    started: Instant,
    fault: Option<&'static str>,
) {
    let journal = &shared.control.journal;
    if !journal.is_on() {
        return;
    }
    let outcome = Outcome {
        vendor,
        operation: response.map_or("none", |r| r.operation.id),
        status: response.map(|r| r.status.as_u16()),
        response_body: response.map(|r| &r.body),
        latency: started.elapsed(),
        fault,
    };
    shared
        .control
        .with_redactor(|redactor| journal.record(redactor, request, outcome));
}

/// Writes a vendor response as hyper's.
pub(crate) fn to_hyper(response: Response) -> HyperResponse {
    let mut out = hyper::Response::new(MockBody::full(response.body));
    *out.status_mut() = response.status;
    // Written into the response's own (still unallocated) map: no second map to move in and
    // drop.
    let count = usize::from(response.content_type.is_some()) + response.headers.len();
    if count > 0 {
        let headers = out.headers_mut();
        headers.reserve(count);
        if let Some(content_type) = response.content_type {
            headers.insert(CONTENT_TYPE, static_value(content_type));
        }
        for (name, value) in response.headers {
            headers.append(name.clone(), static_value(value));
        }
    }
    out
}
