//! ChatDash's documented bodies (doc 000 and the unassign page) and the documented-answer builders.

use http::StatusCode;
use serde::Serialize;

use crate::exchange::{Operation, Response};
use crate::fidelity::Provenance;
use crate::platforms::chatdash::assumed::CONTENT_TYPE;

/// 200 of `PUT /agents/assign` (doc 000 example).
pub(crate) const ASSIGNED: &str = r#"{"message":"Agent assigned to client successfully"}"#;

/// 200 of `PUT /agents/{agentId}/unassign` (the unassign page's example).
pub(crate) const UNASSIGNED: &str = r#"{"message":"Agent unassigned from client successfully"}"#;

/// 500 of both writes (doc 000 example).
pub(crate) const UNEXPECTED_ERROR: &str = r#"{"error":"An unexpected error occurred"}"#;

/// A documented fixed body. The charset in the `Content-Type` is assumed (see `assumed.rs`).
pub(crate) fn documented(operation: Operation, status: StatusCode, body: &'static str) -> Response {
    Response::fixed(
        operation,
        status,
        Some(CONTENT_TYPE),
        body,
        Provenance::Documented,
    )
}

/// A documented 200 whose body is serialized from `value` (the `GET /agents` shapes).
pub(crate) fn documented_json<T: Serialize + ?Sized>(operation: Operation, value: &T) -> Response {
    Response::json(
        operation,
        StatusCode::OK,
        CONTENT_TYPE,
        value,
        Provenance::Documented,
    )
}
