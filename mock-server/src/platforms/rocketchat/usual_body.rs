//! The usual POST body, `{"upsert":[{"agentId":"…","username":"…"}],"remove":[]}`, read in one
//! pass when that is sure to mean what the general path ([`super::post`]: `JSON.parse` into a
//! `Value`, then Meteor's `check`s) concludes.
//!
//! [`read`] answers only for a body that is an object with exactly the keys `upsert` and
//! `remove` (each once, in either order), both arrays of objects with the key `agentId` (a
//! string), and optionally `username` (a string), `count` and `order` (32-bit integers written
//! as integers), each once and nothing else; every key and string printable ASCII without
//! escapes (the subset of [`Cursor`]). Such a body passes the route check (`upsert` and
//! `remove` arrays) and the item check (`Match.Integer` holds for every 32-bit integer,
//! `Match.Maybe` for an absent key) in either profile (the documented one also needs
//! `username` on every upsert item), so the general path would write the same update.
//! Anything else (`null` values, `1.0`, `-0`, unknown or repeated keys, arrays where objects
//! belong, escapes, non-ASCII, a BOM, the `±Infinity` marker text, another content type) gets
//! `None` and goes the general way, which gives the vendor's own answer and messages.

use super::agents::{AgentsUpdate, Upsert};
use super::js;
use crate::platforms::usual_json::Cursor;

/// One item of `upsert` or `remove`.
struct Item {
    agent_id: String,
    has_username: bool,
    count: Option<i32>,
    order: Option<i32>,
}

impl Item {
    /// `{"agentId":"…", "username":"…", "count":N, "order":N}`, `agentId` required, the others
    /// optional, each key once, in any order.
    fn read(cursor: &mut Cursor<'_>) -> Option<Self> {
        cursor.token(b"{")?;
        let mut agent_id = None;
        let mut has_username = false;
        let mut count = None;
        let mut order = None;
        if !cursor.takes(b"}") {
            loop {
                let key = cursor.plain_bytes()?;
                cursor.token(b":")?;
                match key {
                    b"agentId" if agent_id.is_none() => agent_id = Some(plain_text(cursor)?),
                    b"username" if !has_username => {
                        plain_text(cursor)?;
                        has_username = true;
                    }
                    b"count" if count.is_none() => count = Some(integer32(cursor)?),
                    b"order" if order.is_none() => order = Some(integer32(cursor)?),
                    _ => return None,
                }
                if cursor.takes(b"}") {
                    break;
                }
                cursor.token(b",")?;
            }
        }
        Some(Self {
            agent_id: agent_id?.to_owned(),
            has_username,
            count,
            order,
        })
    }

    /// The upsert of this item: `item.count ? parseFromIntOrStr(item.count) : 0`, the same for
    /// `order`.
    fn upsert(self) -> Upsert {
        Upsert {
            count: self.count.map_or(0, i64::from),
            order: self.order.map_or(0, i64::from),
            agent_id: self.agent_id,
        }
    }
}

/// A string that is not the text `JSON.parse` would turn into `±Infinity` (see [`js`]).
fn plain_text<'a>(cursor: &mut Cursor<'a>) -> Option<&'a str> {
    let text = cursor.plain_string()?;
    js::infinity_of_str(text).is_none().then_some(text)
}

/// An integer written as one that fits 32 bits.
fn integer32(cursor: &mut Cursor<'_>) -> Option<i32> {
    i32::try_from(cursor.integer()?).ok()
}

/// The update of a usual body, or `None` when only the general path can say.
pub(super) fn read(
    content_type: Option<&str>,
    body: &[u8],
    username_required: bool,
) -> Option<AgentsUpdate> {
    if !content_type.is_some_and(|ct| ct.contains("application/json")) {
        return None;
    }
    let mut cursor = Cursor::new(body);
    cursor.token(b"{")?;
    let mut upsert = None;
    let mut remove = None;
    for index in 0..2 {
        if index > 0 {
            cursor.token(b",")?;
        }
        let key = cursor.plain_bytes()?;
        cursor.token(b":")?;
        match key {
            b"upsert" if upsert.is_none() => {
                upsert = Some(cursor.list(|cursor| {
                    let item = Item::read(cursor)?;
                    (item.has_username || !username_required).then(|| item.upsert())
                })?);
            }
            b"remove" if remove.is_none() => {
                remove = Some(cursor.list(|cursor| Some(Item::read(cursor)?.agent_id))?);
            }
            _ => return None,
        }
    }
    cursor.token(b"}")?;
    cursor.end()?;
    Some(AgentsUpdate {
        remove: remove?,
        upsert: upsert?,
    })
}
