//! What the server tells the journal about one answered (or refused) request.

use std::time::Duration;

use bytes::Bytes;

use crate::vendor_name::VendorName;

/// What happened to one request, as the server reports it to the journal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome<'a> {
    pub(crate) vendor: Option<VendorName>,
    pub(crate) operation: &'static str,
    pub(crate) status: Option<u16>,
    /// The response body, or `None` when a fault closed the connection.
    pub(crate) response_body: Option<&'a Bytes>,
    pub(crate) latency: Duration,
    pub(crate) fault: Option<&'static str>,
}
