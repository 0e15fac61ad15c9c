//! Turning a vendor's GET body into a [`Membership`], or saying precisely why it cannot be:
//! the shape a body must have, per vendor, with the JSON pointer of the first thing that does
//! not fit. Nothing is invented: a field the restore needs must be there with its type.
//!
//! - Rocket.Chat `GET …/department/{id}/agents` (one page): an object with an `agents` array
//!   and an integer `total`; every item an object with a string `agentId` and `username` and
//!   integer `count` and `order` (the four fields an upsert item carries back).
//! - Chatwoot `GET …/teams/{id}/team_members`: an array of objects, each with an `id` that is
//!   an integer or a string.
//! - ChatDash `GET /v1/public/agents`: an array of objects, each with a string `_id` and a
//!   `clientId` that is a string, `null`, or absent.
//!
//! Other keys of an item are ignored: they are not membership (`_updatedAt`, `departmentEnabled`,
//! `email`, `apiKey`, …), the restore does not write them, and some change on every write.
//! An id listed twice is refused: the vendors key membership by it.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use super::membership::{AgentRecord, ClientField, TypedId};

/// Why a body is not the shape the restore understands: where, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShapeError {
    /// The JSON pointer of the offending value (`""` = the whole body).
    pub(crate) pointer: String,
    /// What is wrong, lower-case.
    pub(crate) problem: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "the body {}", self.problem)
        } else {
            write!(f, "{} {}", self.pointer, self.problem)
        }
    }
}

fn shape(pointer: impl Into<String>, problem: impl Into<String>) -> ShapeError {
    ShapeError {
        pointer: pointer.into(),
        problem: problem.into(),
    }
}

/// `value`'s JSON type with an article, and the value itself when short.
fn described(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".to_owned(),
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a non-integer number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => return "an array".to_owned(),
        Value::Object(_) => return "an object".to_owned(),
    };
    let text = value.to_string();
    if text.chars().count() <= 40 {
        format!("{kind} ({text})")
    } else {
        kind.to_owned()
    }
}

fn wrong(pointer: String, value: &Value, expected: &str) -> ShapeError {
    shape(
        pointer,
        format!("is {}, expected {expected}", described(value)),
    )
}

fn array<'a>(value: &'a Value, pointer: &str) -> Result<&'a Vec<Value>, ShapeError> {
    value
        .as_array()
        .ok_or_else(|| wrong(pointer.to_owned(), value, "an array"))
}

fn object<'a>(value: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>, ShapeError> {
    value
        .as_object()
        .ok_or_else(|| wrong(pointer.to_owned(), value, "an object"))
}

fn required<'a>(
    item: &'a Map<String, Value>,
    pointer: &str,
    key: &str,
) -> Result<&'a Value, ShapeError> {
    item.get(key)
        .ok_or_else(|| shape(pointer.to_owned(), format!("has no `{key}`")))
}

fn string(item: &Map<String, Value>, pointer: &str, key: &str) -> Result<String, ShapeError> {
    match required(item, pointer, key)? {
        Value::String(s) => Ok(s.clone()),
        other => Err(wrong(format!("{pointer}/{key}"), other, "a string")),
    }
}

fn integer_of(value: &Value) -> Option<i128> {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
}

fn integer(item: &Map<String, Value>, pointer: &str, key: &str) -> Result<i128, ShapeError> {
    let value = required(item, pointer, key)?;
    integer_of(value).ok_or_else(|| wrong(format!("{pointer}/{key}"), value, "an integer"))
}

/// One page of Rocket.Chat's department agents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RocketChatPage {
    /// The records of this page, in the order read.
    pub(crate) records: Vec<(String, AgentRecord)>,
    /// How many records the department has in all.
    pub(crate) total: i128,
}

/// A Rocket.Chat agents page.
pub(crate) fn rocketchat_page(body: &Value) -> Result<RocketChatPage, ShapeError> {
    let top = object(body, "")?;
    let agents = array(required(top, "", "agents")?, "/agents")?;
    let total = integer(top, "", "total")?;
    let mut records = Vec::with_capacity(agents.len());
    for (i, item) in agents.iter().enumerate() {
        let pointer = format!("/agents/{i}");
        let map = object(item, &pointer)?;
        let agent_id = string(map, &pointer, "agentId")?;
        let record = AgentRecord {
            username: string(map, &pointer, "username")?,
            count: integer(map, &pointer, "count")?,
            order: integer(map, &pointer, "order")?,
        };
        records.push((agent_id, record));
    }
    Ok(RocketChatPage { records, total })
}

/// Adds a page's records, refusing an agent seen before (`offset` = the page's first index).
pub(crate) fn add_records(
    into: &mut BTreeMap<String, AgentRecord>,
    page: Vec<(String, AgentRecord)>,
    offset: usize,
) -> Result<(), ShapeError> {
    for (i, (agent_id, record)) in page.into_iter().enumerate() {
        if into.contains_key(&agent_id) {
            return Err(shape(
                format!("/agents/{i}/agentId"),
                format!(
                    "lists agent {} a second time (item {} of the department)",
                    super::membership::quoted(&agent_id),
                    offset + i
                ),
            ));
        }
        into.insert(agent_id, record);
    }
    Ok(())
}

/// A Chatwoot team's members, sorted.
pub(crate) fn chatwoot_members(body: &Value) -> Result<Vec<TypedId>, ShapeError> {
    let items = array(body, "")?;
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/{i}");
        let map = object(item, &pointer)?;
        let id =
            match required(map, &pointer, "id")? {
                Value::String(s) => TypedId::Text(s.clone()),
                value => TypedId::Integer(integer_of(value).ok_or_else(|| {
                    wrong(format!("{pointer}/id"), value, "an integer or a string")
                })?),
            };
        if ids.contains(&id) {
            return Err(shape(
                format!("{pointer}/id"),
                format!("lists member {id} a second time"),
            ));
        }
        ids.push(id);
    }
    ids.sort();
    Ok(ids)
}

/// Every ChatDash agent's `clientId`, by `_id`.
pub(crate) fn chatdash_agents(body: &Value) -> Result<BTreeMap<String, ClientField>, ShapeError> {
    let items = array(body, "")?;
    let mut agents = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/{i}");
        let map = object(item, &pointer)?;
        let id = string(map, &pointer, "_id")?;
        let client = match map.get("clientId") {
            None => ClientField::Absent,
            Some(Value::Null) => ClientField::Null,
            Some(Value::String(c)) => ClientField::Client(c.clone()),
            Some(other) => {
                return Err(wrong(
                    format!("{pointer}/clientId"),
                    other,
                    "a string, null, or no key",
                ));
            }
        };
        if agents.insert(id.clone(), client).is_some() {
            return Err(shape(
                format!("{pointer}/_id"),
                format!(
                    "lists agent {} a second time",
                    super::membership::quoted(&id)
                ),
            ));
        }
    }
    Ok(agents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[test]
    fn chatwoot_ids_keep_their_json_type_and_are_sorted() {
        let ids = chatwoot_members(&json!([{"id": "12", "name": "x"}, {"id": 11}, {"id": 3}]));
        assert_eq!(
            ids.unwrap(),
            vec![
                TypedId::Integer(3),
                TypedId::Integer(11),
                TypedId::Text("12".into())
            ]
        );
    }

    #[rstest]
    #[case::not_an_array(json!({"id": 1}), "the body is an object, expected an array")]
    #[case::item_not_an_object(json!([11]), "/0 is an integer (11), expected an object")]
    #[case::no_id(json!([{"id": 1}, {"user_id": 2}]), "/1 has no `id`")]
    #[case::null_id(json!([{"id": null}]), "/0/id is null, expected an integer or a string")]
    #[case::float_id(json!([{"id": 1.5}]), "/0/id is a non-integer number (1.5), expected an integer or a string")]
    #[case::boolean_id(json!([{"id": true}]), "/0/id is a boolean (true), expected an integer or a string")]
    #[case::twice(json!([{"id": 1}, {"id": 1}]), "/1/id lists member 1 a second time")]
    fn chatwoot_reads_the_restore_cannot_use_are_named(#[case] body: Value, #[case] why: &str) {
        assert_eq!(chatwoot_members(&body).unwrap_err().to_string(), why);
    }

    #[test]
    fn chatdash_client_ids_keep_absent_null_and_string_apart() {
        let agents = chatdash_agents(&json!([
            {"_id": "a1", "clientId": "c1", "apiKey": "sk-1"},
            {"_id": "a2"},
            {"_id": "a3", "clientId": null},
        ]))
        .unwrap();
        assert_eq!(agents["a1"], ClientField::Client("c1".into()));
        assert_eq!(agents["a2"], ClientField::Absent);
        assert_eq!(agents["a3"], ClientField::Null);
    }

    #[rstest]
    #[case::object(json!({"agents": []}), "the body is an object, expected an array")]
    #[case::no_id(json!([{"clientId": null}]), "/0 has no `_id`")]
    #[case::numeric_id(json!([{"_id": 7}]), "/0/_id is an integer (7), expected a string")]
    #[case::client_array(json!([{"_id": "a", "clientId": ["c"]}]), "/0/clientId is an array, expected a string, null, or no key")]
    #[case::twice(json!([{"_id": "a"}, {"_id": "a"}]), "/1/_id lists agent \"a\" a second time")]
    fn chatdash_reads_the_restore_cannot_use_are_named(#[case] body: Value, #[case] why: &str) {
        assert_eq!(chatdash_agents(&body).unwrap_err().to_string(), why);
    }

    #[test]
    fn rocketchat_pages_carry_the_fields_an_upsert_writes() {
        let page = rocketchat_page(&json!({
            "agents": [{"_id": "r1", "agentId": "kim", "departmentId": "d", "username": "agent.kim",
                        "count": 3, "order": 1, "_updatedAt": "2026-01-01T00:00:00.000Z"}],
            "count": 1, "offset": 0, "total": 1, "success": true
        }))
        .unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(
            page.records,
            vec![(
                "kim".to_owned(),
                AgentRecord {
                    username: "agent.kim".into(),
                    count: 3,
                    order: 1
                }
            )]
        );
    }

    #[rstest]
    #[case::no_agents(json!({"total": 0}), "the body has no `agents`")]
    #[case::no_total(json!({"agents": []}), "the body has no `total`")]
    #[case::agents_not_array(json!({"agents": {}, "total": 0}), "/agents is an object, expected an array")]
    #[case::no_username(json!({"agents": [{"agentId": "a", "count": 0, "order": 0}], "total": 1}), "/agents/0 has no `username`")]
    #[case::count_string(json!({"agents": [{"agentId": "a", "username": "u", "count": "0", "order": 0}], "total": 1}), "/agents/0/count is a string (\"0\"), expected an integer")]
    #[case::no_order(json!({"agents": [{"agentId": "a", "username": "u", "count": 0}], "total": 1}), "/agents/0 has no `order`")]
    fn rocketchat_reads_the_restore_cannot_use_are_named(#[case] body: Value, #[case] why: &str) {
        assert_eq!(rocketchat_page(&body).unwrap_err().to_string(), why);
    }

    #[test]
    fn an_agent_on_two_pages_is_refused() {
        let record = AgentRecord {
            username: "u".into(),
            count: 0,
            order: 0,
        };
        let mut all = BTreeMap::new();
        add_records(&mut all, vec![("a".into(), record.clone())], 0).unwrap();
        let error = add_records(&mut all, vec![("a".into(), record)], 100).unwrap_err();
        assert_eq!(
            error.to_string(),
            "/agents/0/agentId lists agent \"a\" a second time (item 100 of the department)"
        );
    }
}
