//! The membership of one group exactly as the vendor's GET returned it: only the fields the
//! restore writes back, but those with their JSON types and their presence. Two reads are
//! equal exactly when these values are equal; nothing is coerced (`11` ≠ `"11"`, a missing
//! `clientId` ≠ `"clientId": null`).
//!
//! Where the vendor's order carries no meaning the items are kept sorted by id, so a
//! re-ordered read compares equal:
//! - Rocket.Chat: the agents GET sorts by `username` unless told otherwise (`findDepartmentAgents`,
//!   `RocketChat/Rocket.Chat apps/meteor/app/livechat/server/api/lib/departments.ts
//!   @06b8654343c27ee8dd9792a2dda4fc64c7107f19`); the routing priority is the `order` field,
//!   which is compared, not the list order.
//! - Chatwoot: `@team.team_members.map(&:user)` has no `ORDER BY` (`chatwoot/chatwoot
//!   app/controllers/api/v1/accounts/team_members_controller.rb @e13e3c873aaf812262a638ad728197fcc72bf515`),
//!   and membership is a set (unique index on team and user).
//! - ChatDash: each agent has at most one `clientId` (`fixtures/vendor-docs/000_e3bda07a8e530ff9.txt`;
//!   the list order is the agents', not an assignment's).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// A Chatwoot user id as read. The derived order puts integers (by value) before strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TypedId {
    /// A JSON integer.
    Integer(i128),
    /// A JSON string.
    Text(String),
}

impl TypedId {
    /// The id as Chatwoot's PATCH takes it: `user_ids` is an array of integers
    /// (`fixtures/vendor-docs/003_c51b8cda4cd23625.txt`, request body). A string of decimal
    /// digits is sent as that integer; any other string is sent as read (Chatwoot will refuse
    /// it, and the refusal is reported).
    pub(crate) fn to_write(&self) -> Value {
        match self {
            TypedId::Integer(n) => integer_value(*n),
            TypedId::Text(text) => match decimal(text) {
                Some(n) => integer_value(n),
                None => Value::String(text.clone()),
            },
        }
    }

    /// The integer this id stands for, whatever its JSON type.
    pub(crate) fn numeric(&self) -> Option<i128> {
        match self {
            TypedId::Integer(n) => Some(*n),
            TypedId::Text(text) => decimal(text),
        }
    }
}

impl fmt::Display for TypedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypedId::Integer(n) => write!(f, "{n}"),
            TypedId::Text(text) => f.write_str(&quoted(text)),
        }
    }
}

/// `digits` as an integer when it is a plain decimal number (an optional `-`, then digits).
fn decimal(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A JSON number for `n` (every JSON integer fits an `i64` or a `u64`).
pub(crate) fn integer_value(n: i128) -> Value {
    if let Ok(small) = i64::try_from(n) {
        Value::from(small)
    } else if let Ok(large) = u64::try_from(n) {
        Value::from(large)
    } else {
        Value::String(n.to_string())
    }
}

/// `text` as a JSON string literal.
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// A ChatDash agent's `clientId` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClientField {
    /// The agent has no `clientId` key.
    Absent,
    /// `"clientId": null`.
    Null,
    /// `"clientId": "<client>"`.
    Client(String),
}

impl ClientField {
    /// The client the agent is assigned to; absent and `null` both mean none.
    pub(crate) fn assigned(&self) -> Option<&str> {
        match self {
            ClientField::Client(c) => Some(c),
            ClientField::Absent | ClientField::Null => None,
        }
    }
}

impl fmt::Display for ClientField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientField::Absent => f.write_str("no clientId"),
            ClientField::Null => f.write_str("clientId null"),
            ClientField::Client(c) => f.write_str(&quoted(c)),
        }
    }
}

/// One Rocket.Chat department-agent record: the fields an upsert item carries
/// (`agentId`, `username`, `count`, `order`; `fixtures/vendor-docs/002_95bc54d6468f1b77.txt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgentRecord {
    /// `username` (required in upsert items by the vendor's documents).
    pub(crate) username: String,
    /// `count`: chats served, used by the routing.
    pub(crate) count: i128,
    /// `order`: the routing's tie-breaker.
    pub(crate) order: i128,
}

impl fmt::Display for AgentRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{username: {}, count: {}, order: {}}}",
            quoted(&self.username),
            self.count,
            self.order
        )
    }
}

/// The membership of one group, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Membership {
    /// A department's agent records, by `agentId`.
    RocketChat(BTreeMap<String, AgentRecord>),
    /// A team's member ids, sorted.
    Chatwoot(Vec<TypedId>),
    /// Every agent's `clientId`, by `_id`.
    ChatDash(BTreeMap<String, ClientField>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[rstest]
    #[case::integer(TypedId::Integer(11), json!(11))]
    #[case::decimal_string(TypedId::Text("11".into()), json!(11))]
    #[case::negative_string(TypedId::Text("-3".into()), json!(-3))]
    #[case::uuid_stays_a_string(TypedId::Text("a1-b2".into()), json!("a1-b2"))]
    #[case::empty_string(TypedId::Text(String::new()), json!(""))]
    #[case::huge(TypedId::Integer(18_446_744_073_709_551_615), json!(18_446_744_073_709_551_615_u64))]
    fn ids_are_written_as_chatwoot_takes_them(#[case] id: TypedId, #[case] sent: Value) {
        assert_eq!(id.to_write(), sent);
    }

    #[test]
    fn integers_and_strings_are_different_ids_and_display_their_type() {
        assert_ne!(TypedId::Integer(11), TypedId::Text("11".into()));
        assert_eq!(TypedId::Integer(11).to_string(), "11");
        assert_eq!(TypedId::Text("11".into()).to_string(), "\"11\"");
        let mut ids = vec![
            TypedId::Text("2".into()),
            TypedId::Integer(12),
            TypedId::Integer(3),
        ];
        ids.sort();
        assert_eq!(
            ids,
            vec![
                TypedId::Integer(3),
                TypedId::Integer(12),
                TypedId::Text("2".into())
            ]
        );
    }

    #[test]
    fn absent_and_null_client_ids_both_mean_unassigned_but_are_different_reads() {
        assert_eq!(ClientField::Absent.assigned(), None);
        assert_eq!(ClientField::Null.assigned(), None);
        assert_ne!(ClientField::Absent, ClientField::Null);
        assert_eq!(ClientField::Client("c".into()).assigned(), Some("c"));
        assert_eq!(ClientField::Absent.to_string(), "no clientId");
        assert_eq!(ClientField::Null.to_string(), "clientId null");
        assert_eq!(ClientField::Client("c".into()).to_string(), "\"c\"");
    }
}
