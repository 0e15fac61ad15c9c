//! The usual body of a member change, `{"user_ids":[3,4,5]}`, read in one pass when that is
//! sure to mean what the general path ([`super::params`]: the body parsed into a
//! `serde_json::Value` as Rails' JSON params parser would, then `params[:user_ids]`) concludes.
//!
//! [`user_ids`] answers only for a body that is, with optional JSON whitespace between the
//! tokens, exactly `{"user_ids":[…]}` (the key written without escapes, once, and no other
//! key) holding integers written as integers (`-?(0|[1-9][0-9]*)`) that fit an `i64`. The
//! general path reads such a body as an object whose `user_ids` elements are JSON integers
//! (Ruby `Integer`s, each its own `to_i`), so both give the same ids in the same order.
//! Anything else (`null` elements, `3.0`, `-0` (a float to `serde_json`), `1e2`, `03`, integers
//! beyond `i64`, strings, an escaped key, other or repeated keys, a non-object, invalid JSON)
//! gets `None` and goes the general way, which gives Chatwoot's own answer. The content-type
//! check comes first, in [`super::params::body_params`].

use super::requested_id::RequestedId;
use crate::platforms::usual_json::Cursor;

/// The ids of a body that is exactly `{"user_ids":[integers]}`, or `None`.
pub(crate) fn user_ids(body: &[u8]) -> Option<Vec<RequestedId>> {
    let mut cursor = Cursor::new(body);
    cursor.token(b"{")?;
    cursor.token(b"\"user_ids\"")?;
    cursor.token(b":")?;
    let ids = cursor.list(|cursor| {
        Some(RequestedId {
            id: Some(cursor.integer()?),
            is_integer: true,
        })
    })?;
    cursor.token(b"}")?;
    cursor.end()?;
    Some(ids)
}
