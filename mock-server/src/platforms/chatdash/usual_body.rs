//! The usual assign body, `{"agentIds":["65a1…"],"clientId":"64b7…"}`, read in one pass when
//! that is sure to mean what the general path ([`super::input`]: the body parsed into a
//! `serde_json::Value` object, then its `agentIds` and `clientId`) concludes.
//!
//! [`assign`] answers only for an object with exactly the keys `agentIds` and `clientId`, each
//! once, in either order, written without escapes, where `agentIds` is an array of strings and
//! `clientId` a string, every string printable ASCII without escapes (ids are hex). The general
//! path reads the same strings from such a body, so both go on with the same values (the
//! empty-list check and the collapse of duplicates follow in `input`). Anything else (another or
//! a repeated key, `null`, a number, an escaped or non-ASCII string, invalid JSON) gets `None`
//! and goes the general way, which gives the assumed answers of `assumed.rs`.

use std::borrow::Cow;

use crate::platforms::usual_json::Cursor;

/// `agentIds` and `clientId` of a body that is exactly the usual assign body, or `None`; the
/// strings are borrowed from `body`.
#[allow(clippy::type_complexity)]
pub(crate) fn assign(body: &[u8]) -> Option<(Vec<Cow<'_, str>>, Cow<'_, str>)> {
    let mut cursor = Cursor::new(body);
    cursor.token(b"{")?;
    let mut agent_ids = None;
    let mut client_id = None;
    for index in 0..2 {
        if index > 0 {
            cursor.token(b",")?;
        }
        match cursor.plain_bytes()? {
            b"agentIds" if agent_ids.is_none() => {
                cursor.token(b":")?;
                agent_ids = Some(cursor.list(|c| c.plain_string().map(Cow::Borrowed))?);
            }
            b"clientId" if client_id.is_none() => {
                cursor.token(b":")?;
                client_id = Some(Cow::Borrowed(cursor.plain_string()?));
            }
            _ => return None,
        }
    }
    cursor.token(b"}")?;
    cursor.end()?;
    Some((agent_ids?, client_id?))
}
