//! The proxy's admin API under `/__admin`, for loopback clients only, in the shapes of
//! `serve`'s: `GET /__admin/health`, `GET`/`DELETE /__admin/requests` (the journal, with the
//! same filters), and `GET /__admin/drift` (the live drift table). Errors are
//! `{"error": {"code", "message", "pointer"?}}`.

use std::net::SocketAddr;

use bytes::Bytes;
use http::{Method, StatusCode};
use serde::Serialize;
use serde_json::json;

use super::RequestFilter;
use super::forward::{Proxy, ProxyBody, json_answer};

/// The admin API's path prefix.
pub(crate) const PREFIX: &str = "/__admin";

/// Whether `path` is the admin API's.
pub(crate) fn is_admin_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/__admin/")
}

/// Answers one admin request.
pub(crate) fn serve(
    proxy: &Proxy,
    peer: SocketAddr,
    method: &Method,
    path: &str,
    query: Option<&str>,
) -> hyper::Response<ProxyBody> {
    if !peer.ip().to_canonical().is_loopback() {
        return error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the admin API only answers loopback clients",
            None,
        );
    }
    let rest = path.strip_prefix(PREFIX).unwrap_or_default();
    match (method.as_str(), rest) {
        ("GET", "/health") => reply(
            StatusCode::OK,
            &json!({
                "status": "ok",
                "journal_size": proxy.journal.capacity(),
                "upstreams": proxy.upstreams,
            }),
        ),
        ("GET", "/requests") => match parse_filter(query) {
            Ok(filter) => {
                let requests = proxy.journal.entries(&filter);
                reply(
                    StatusCode::OK,
                    &json!({"count": requests.len(), "requests": requests}),
                )
            }
            Err(answer) => *answer,
        },
        ("DELETE", "/requests") => {
            proxy.journal.clear();
            reply(StatusCode::OK, &json!({"status": "cleared"}))
        }
        ("GET", "/drift") => reply(StatusCode::OK, &proxy.drift.report()),
        (_, "/health" | "/requests" | "/drift") => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            &format!("{method} is not allowed on {PREFIX}{rest}"),
            None,
        ),
        _ => error(
            StatusCode::NOT_FOUND,
            "not-found",
            &format!(
                "no admin endpoint {method} {PREFIX}{rest}; the proxy has GET /__admin/health, GET|DELETE /__admin/requests, GET /__admin/drift"
            ),
            None,
        ),
    }
}

/// The journal filter from the query string, as `serve` reads it (`vendor`, `method`,
/// `path`, `status`, `since`).
fn parse_filter(query: Option<&str>) -> Result<RequestFilter, Box<hyper::Response<ProxyBody>>> {
    RequestFilter::from_query(query).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid-filter",
            &e.message,
            Some(&format!("/{}", e.key)),
        ))
    })
}

/// A JSON answer.
fn reply<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> hyper::Response<ProxyBody> {
    let body = serde_json::to_vec(value).map_or_else(
        |_| {
            Bytes::from_static(br#"{"error":{"code":"internal","message":"serialization failed"}}"#)
        },
        Bytes::from,
    );
    json_answer(status, body)
}

/// An error in the admin API's shape.
fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    pointer: Option<&str>,
) -> hyper::Response<ProxyBody> {
    let mut detail = json!({"code": code, "message": message});
    if let (Some(pointer), Some(map)) = (pointer, detail.as_object_mut()) {
        map.insert("pointer".to_owned(), json!(pointer));
    }
    reply(status, &json!({"error": detail}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_reads_serves_keys_and_refuses_others_with_a_pointer() {
        let filter = parse_filter(Some("vendor=chatwoot&status=200&since=3")).ok();
        let expected = RequestFilter {
            vendor: Some(super::super::VendorName::Chatwoot),
            status: Some(200),
            since: Some("3".into()),
            ..RequestFilter::default()
        };
        assert_eq!(filter, Some(expected));
        assert!(parse_filter(Some("colour=red")).is_err());
        assert!(parse_filter(Some("status=abc")).is_err());
        assert!(is_admin_path("/__admin/drift"));
        assert!(!is_admin_path("/__administrator"));
    }
}
