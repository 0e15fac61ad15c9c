//! Admin answers: JSON bodies, and errors as `{"error": {"code", "message", "pointer"?}}`.

use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;

use crate::exchange::content_type;
use crate::server::{HyperResponse, MockBody};

/// An admin answer.
pub(crate) type Reply = HyperResponse;

/// A JSON answer.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Reply {
    let body = serde_json::to_vec(value).map_or_else(
        |_| {
            Bytes::from_static(br#"{"error":{"code":"internal","message":"serialization failed"}}"#)
        },
        Bytes::from,
    );
    json_bytes(status, body)
}

/// A JSON answer already written.
pub(crate) fn json_bytes(status: StatusCode, body: Bytes) -> Reply {
    let mut reply = hyper::Response::new(MockBody::full(body));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type::JSON));
    reply
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
}

/// rosterwire's own error shape.
pub(crate) fn error(status: StatusCode, code: &str, message: &str, pointer: Option<&str>) -> Reply {
    json(
        status,
        &ErrorBody {
            error: ErrorDetail {
                code,
                message,
                pointer,
            },
        },
    )
}

/// The body bytes of an error reply (for non-admin callers such as a bad fault header).
pub(crate) fn error_bytes(code: &str, message: &str) -> Bytes {
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message,
            pointer: None,
        },
    };
    serde_json::to_vec(&body).map_or_else(|_| Bytes::new(), Bytes::from)
}
