//! Admin answers: JSON bodies, and errors as `{"error": {"code", "message", "pointer"?}}`.

use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;

use crate::body::{HyperResponse, MockBody};
use crate::error_body::ErrorBody;
use crate::exchange::content_type;

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

/// A JSON answer already written, as frames to send in order (`Content-Length` is their sum).
pub(crate) fn json_frames(status: StatusCode, frames: Vec<Bytes>) -> Reply {
    let mut reply = hyper::Response::new(MockBody::frames(frames));
    *reply.status_mut() = status;
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type::JSON));
    reply
}

/// rosterwire's own error shape.
pub(crate) fn error(status: StatusCode, code: &str, message: &str, pointer: Option<&str>) -> Reply {
    json(status, &ErrorBody::new(code, message, pointer))
}
