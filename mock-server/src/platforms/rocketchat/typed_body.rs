//! The usual POST body read with one typed parse, when that is sure to mean what the general
//! path ([`super::post`]: `JSON.parse` into a `Value`, then Meteor's `check`s) concludes.
//!
//! [`read`] answers only for a body that is an object with exactly the keys `upsert` and
//! `remove` (each once), both arrays of objects with the keys `agentId` (a string), and
//! optionally `username` (a string), `count` and `order` (32-bit integers written as integers),
//! each once and nothing else. Such a body passes the route check (`upsert` and `remove`
//! arrays) and the item check (`Match.Integer` holds for every 32-bit integer, `Match.Maybe`
//! for an absent key) in either profile (the documented one also needs `username` on every
//! upsert item), so the general path would write the same update. Anything else (`null`
//! values, `1.0`, unknown or repeated keys, a BOM, invalid UTF-8, lone surrogates, the
//! `±Infinity` marker text, another content type) gets `None` and goes the general way, which
//! gives the vendor's own answer and messages.

use serde::{Deserialize, Deserializer};

use super::agents::{AgentsUpdate, Upsert};
use super::js;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    upsert: Vec<Item>,
    remove: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Item {
    agent_id: String,
    #[serde(default)]
    username: Given<String>,
    #[serde(default)]
    count: Given<i32>,
    #[serde(default)]
    order: Given<i32>,
}

/// A key that is absent, or present with a value of the type (JSON `null` does not parse).
#[derive(Default)]
enum Given<T> {
    #[default]
    Absent,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Given<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Given::Value)
    }
}

impl Given<i32> {
    /// `item.count ? parseFromIntOrStr(item.count) : 0`.
    fn or_zero(&self) -> i64 {
        match self {
            Given::Absent => 0,
            Given::Value(n) => i64::from(*n),
        }
    }
}

impl Item {
    fn strings_are_plain(&self) -> bool {
        let plain = |s: &str| js::infinity_of_str(s).is_none();
        plain(&self.agent_id)
            && match &self.username {
                Given::Absent => true,
                Given::Value(name) => plain(name),
            }
    }
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
    let parsed: Body = serde_json::from_slice(body).ok()?;
    let mut items = parsed.upsert.iter().chain(&parsed.remove);
    if !items.all(Item::strings_are_plain) {
        return None;
    }
    if username_required
        && parsed
            .upsert
            .iter()
            .any(|item| matches!(item.username, Given::Absent))
    {
        return None;
    }
    Some(AgentsUpdate {
        remove: parsed
            .remove
            .into_iter()
            .map(|item| item.agent_id)
            .collect(),
        upsert: parsed
            .upsert
            .into_iter()
            .map(|item| Upsert {
                count: item.count.or_zero(),
                order: item.order.or_zero(),
                agent_id: item.agent_id,
            })
            .collect(),
    })
}
