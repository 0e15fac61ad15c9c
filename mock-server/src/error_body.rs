//! rosterwire's own error shape, `{"error": {"code", "message", "pointer"?}}`: the admin API's
//! errors and the bodies of injected faults.

use bytes::Bytes;
use serde::Serialize;

/// rosterwire's own error body.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Debug, Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
}

impl<'a> ErrorBody<'a> {
    /// An error with a machine-readable `code`, a `message` and, for a bad document, the JSON
    /// pointer of the faulty value.
    pub(crate) fn new(code: &'a str, message: &'a str, pointer: Option<&'a str>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message,
                pointer,
            },
        }
    }
}

/// The body bytes of an error without a pointer (for non-admin callers such as a bad fault
/// header).
pub(crate) fn error_bytes(code: &str, message: &str) -> Bytes {
    serde_json::to_vec(&ErrorBody::new(code, message, None))
        .map_or_else(|_| Bytes::new(), Bytes::from)
}
