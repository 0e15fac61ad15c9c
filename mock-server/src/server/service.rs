//! The per-request path: read the bounded body, ask the engine, write the vendor's bytes.
//!
//! Nothing here allocates per request beyond the body buffer and the response headers; the
//! engine's vendor locks are taken and released inside `Engine::handle`, never across I/O.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;

use crate::exchange::{Request, Response};
use crate::server::Shared;

/// The hyper response type of the mock.
pub(crate) type HyperResponse = hyper::Response<Full<Bytes>>;

/// Serves one request. Errors only when the client went away mid-body (the connection closes).
pub(crate) async fn serve(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<HyperResponse, hyper::Error> {
    let (parts, body) = request.into_parts();
    let limit = shared.max_body;
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = |shared: &Shared| {
        let request = Request {
            method: &parts.method,
            path: parts.uri.path(),
            query: parts.uri.query(),
            headers: &parts.headers,
            body: &[],
        };
        to_hyper(shared.engine.body_too_large(&request, limit))
    };
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(too_large(&shared));
    }
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => match error.downcast::<hyper::Error>() {
            Ok(io) => return Err(*io),
            Err(_) => return Ok(too_large(&shared)),
        },
    };
    let request = Request {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &bytes,
    };
    let response = shared.engine.handle(&request);
    tracing::debug!(
        method = %parts.method,
        path = parts.uri.path(),
        status = response.status.as_u16(),
        operation = response.operation.id,
        provenance = response.provenance.as_str(),
        "answered"
    );
    Ok(to_hyper(response))
}

/// Writes a vendor response as hyper's.
pub(crate) fn to_hyper(response: Response) -> HyperResponse {
    let mut out = hyper::Response::new(Full::new(response.body));
    *out.status_mut() = response.status;
    let headers = out.headers_mut();
    if let Some(content_type) = response.content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    for (name, value) in response.headers {
        headers.append(*name, HeaderValue::from_static(value));
    }
    out
}
