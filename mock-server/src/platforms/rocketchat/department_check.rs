//! The body of `POST /api/v1/livechat/department`, validated as Rocket.Chat does it, in order:
//!
//! 1. ajv `isPOSTLivechatDepartmentProps` (RocketChat/Rocket.Chat `packages/rest-typings/src/v1/omnichannel.ts`): the route
//!    declares it in every known version, so both validation generations run it. Top level
//!    `required: ['department']`, `additionalProperties: false` (`department`, `agents`,
//!    `departmentUnit`); `department` requires `name, email, enabled, showOnRegistration,
//!    showOnOfflineForm` and allows other keys; types are coerced in place.
//! 2. `saveDepartment`'s Meteor check (`apps/meteor/app/livechat/server/lib/departmentsLib.ts`
//!    @9f215bc1a6e1e91f93f8f6eff4f62a866939f7d4): the known keys with their patterns, every
//!    other key `Match.OneOf(String, Match.Integer, Boolean)`.
//! 3. A closing tag is required when `requestTagBeforeClosingChat` is set.
//! 4. `updateDepartmentAgents`' item check on `{upsert: agents}` (`meteor_check::ITEMS_BODY`).

use serde_json::{Map, Value};

use super::agents::AgentsUpdate;
use super::ajv_check::{AjvError, Type, coerce};
use super::{js, meteor_check};

/// Why the create body was refused (a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CreateRejection {
    /// ajv: `<message> [invalid-params]`.
    Ajv(AjvError),
    /// A Meteor `Match.Error`: `Match error: …`, no `errorType`.
    Match(String),
    /// The closing-tag rule: a `Meteor.Error` with details.
    ClosingTags,
}

/// A create body that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CreatePlan {
    /// The department data as coerced, keys in body order.
    pub(crate) data: Map<String, Value>,
    /// `fallbackForwardDepartment`, which must exist.
    pub(crate) fallback: Option<String>,
    /// The agents to upsert.
    pub(crate) agents: AgentsUpdate,
}

/// One `department` property of the ajv schema, in schema order.
#[derive(Debug, Clone, Copy)]
enum Prop {
    Scalar(Type, bool),
    /// An array of strings (`nullable`).
    Strings,
}

const DEPARTMENT_PROPS: &[(&str, Prop)] = &[
    ("enabled", Prop::Scalar(Type::Boolean, false)),
    ("name", Prop::Scalar(Type::String, false)),
    ("description", Prop::Scalar(Type::String, true)),
    ("showOnRegistration", Prop::Scalar(Type::Boolean, false)),
    ("showOnOfflineForm", Prop::Scalar(Type::Boolean, false)),
    (
        "requestTagBeforeClosingChat",
        Prop::Scalar(Type::Boolean, true),
    ),
    ("chatClosingTags", Prop::Strings),
    (
        "fallbackForwardDepartment",
        Prop::Scalar(Type::String, true),
    ),
    ("email", Prop::Scalar(Type::String, false)),
    ("departmentsAllowedToForward", Prop::Strings),
    (
        "allowReceiveForwardOffline",
        Prop::Scalar(Type::Boolean, true),
    ),
    (
        "offlineMessageChannelName",
        Prop::Scalar(Type::String, true),
    ),
];

const DEPARTMENT_REQUIRED: &[&str] = &[
    "name",
    "email",
    "enabled",
    "showOnRegistration",
    "showOnOfflineForm",
];

/// Validates a parsed create body (`body_params` output).
pub(crate) fn check(mut body: Value) -> Result<CreatePlan, CreateRejection> {
    ajv(&mut body).map_err(CreateRejection::Ajv)?;
    let Value::Object(mut root) = body else {
        return Err(CreateRejection::Ajv("must be object".to_owned()));
    };
    let Some(Value::Object(data)) = root.remove("department") else {
        return Err(CreateRejection::Ajv("must be object".to_owned()));
    };
    if let Some(failure) = save_department_check(&data) {
        return Err(CreateRejection::Match(failure));
    }
    let truthy = |key: &str| data.get(key).is_some_and(js_truthy);
    let has_tags = data
        .get("chatClosingTags")
        .and_then(Value::as_array)
        .is_some_and(|tags| !tags.is_empty());
    if truthy("requestTagBeforeClosingChat") && !has_tags {
        return Err(CreateRejection::ClosingTags);
    }
    let agents = match root.remove("agents") {
        Some(agents) => {
            let wrapped = Value::Object(Map::from_iter([("upsert".to_owned(), agents)]));
            meteor_check::check(&wrapped, &meteor_check::ITEMS_BODY)
                .map_err(|failure| CreateRejection::Match(failure.error_text()))?;
            AgentsUpdate::from_checked_body(&wrapped)
        }
        None => AgentsUpdate::default(),
    };
    let fallback = data
        .get("fallbackForwardDepartment")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    Ok(CreatePlan {
        data,
        fallback,
        agents,
    })
}

/// JavaScript truthiness.
fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => js::as_double(n) != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn ajv(body: &mut Value) -> Result<(), AjvError> {
    let Value::Object(root) = body else {
        return Err("must be object".to_owned());
    };
    if !root.contains_key("department") {
        return Err("must have required property 'department'".to_owned());
    }
    if root
        .keys()
        .any(|k| !matches!(k.as_str(), "department" | "agents" | "departmentUnit"))
    {
        return Err("must NOT have additional properties".to_owned());
    }
    let Some(Value::Object(department)) = root.get_mut("department") else {
        return Err("must be object".to_owned());
    };
    if let Some(missing) = DEPARTMENT_REQUIRED
        .iter()
        .find(|key| !department.contains_key(**key))
    {
        return Err(format!("must have required property '{missing}'"));
    }
    for (key, prop) in DEPARTMENT_PROPS {
        let Some(value) = department.get_mut(*key) else {
            continue;
        };
        match prop {
            Prop::Scalar(_, true) | Prop::Strings if value.is_null() => {}
            Prop::Scalar(ty, _) => coerce(value, *ty)?,
            Prop::Strings => {
                let Value::Array(items) = value else {
                    return Err("must be array".to_owned());
                };
                for item in items {
                    coerce(item, Type::String)?;
                }
            }
        }
    }
    if let Some(agents) = root.get_mut("agents") {
        let Value::Array(items) = agents else {
            return Err("must be array".to_owned());
        };
        for item in items {
            let Value::Object(item) = item else {
                return Err("must be object".to_owned());
            };
            // Assumed: `agentId` is required in the item schema (the TypeScript type says so).
            if !item.contains_key("agentId") {
                return Err("must have required property 'agentId'".to_owned());
            }
            for (key, ty) in [
                ("agentId", Type::String),
                ("count", Type::Number),
                ("order", Type::Number),
            ] {
                match item.get_mut(key) {
                    Some(Value::Null) if key != "agentId" => {}
                    Some(value) => coerce(value, ty)?,
                    None => {}
                }
            }
        }
    }
    if let Some(unit) = root.get_mut("departmentUnit") {
        let Value::Object(unit) = unit else {
            return Err("must be object".to_owned());
        };
        if unit.keys().any(|k| k != "_id") {
            return Err("must NOT have additional properties".to_owned());
        }
        if let Some(id) = unit.get_mut("_id") {
            coerce(id, Type::String)?;
        }
    }
    Ok(())
}

/// The pattern `saveDepartment` checks one key of the department data against.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Boolean,
    String,
    /// `Match.Optional(…)` or the custom-field `Match.OneOf(String, Match.Integer, Boolean)`:
    /// any failure is a `Failed Match.OneOf…` message.
    OneOf(fn(&Value) -> bool),
}

fn rule(key: &str) -> Rule {
    let boolean = |v: &Value| v.is_boolean();
    let string = |v: &Value| v.is_string();
    let strings = |v: &Value| {
        v.as_array()
            .is_some_and(|items| items.iter().all(Value::is_string))
    };
    match key {
        "enabled" | "showOnRegistration" | "showOnOfflineForm" => Rule::Boolean,
        "name" | "email" => Rule::String,
        "description" | "fallbackForwardDepartment" => Rule::OneOf(string),
        "requestTagBeforeClosingChat" | "allowReceiveForwardOffline" => Rule::OneOf(boolean),
        "chatClosingTags" | "departmentsAllowedToForward" => Rule::OneOf(strings),
        _ => Rule::OneOf(|v| match v {
            Value::String(_) | Value::Bool(_) => true,
            Value::Number(n) => {
                let x = js::as_double(n);
                x.fract() == 0.0 && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX)
            }
            _ => false,
        }),
    }
}

/// `check(departmentData, defaultValidations)`: keys in JavaScript order, the first failure.
/// (Every required key is present: ajv required them first.)
fn save_department_check(data: &Map<String, Value>) -> Option<String> {
    js::ordered_entries(data)
        .into_iter()
        .find_map(|(key, value)| {
            let message = match rule(key) {
                Rule::Boolean if !value.is_boolean() => {
                    format!("Expected boolean, got {}", js::type_name(value))
                }
                Rule::String if !value.is_string() => {
                    format!("Expected string, got {}", js::type_name(value))
                }
                Rule::OneOf(accepts) if !accepts(value) => {
                    "Failed Match.OneOf, Match.Maybe or Match.Optional validation".to_owned()
                }
                _ => return None,
            };
            Some(format!("Match error: {message} in field {}", field(key)))
        })
}

/// Meteor's `_prependPath` rendering of a top-level key.
fn field(key: &str) -> String {
    let mut chars = key.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if key.bytes().all(|b| b.is_ascii_digit()) && !key.is_empty() {
        format!("[{key}]")
    } else if identifier {
        key.to_owned()
    } else {
        format!("[{}]", serde_json::to_string(key).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn outcome(body: Value) -> Result<(), CreateRejection> {
        check(body).map(|_| ())
    }

    fn minimal() -> Value {
        json!({"department": {"enabled": true, "showOnRegistration": true, "email": "a@b.c", "name": "N", "showOnOfflineForm": false}})
    }

    #[rstest]
    #[case::not_object(json!([]), CreateRejection::Ajv("must be object".into()))]
    #[case::no_department(json!({}), CreateRejection::Ajv("must have required property 'department'".into()))]
    #[case::extra_key(json!({"department": {}, "x": 1}), CreateRejection::Ajv("must NOT have additional properties".into()))]
    #[case::department_string(json!({"department": "x"}), CreateRejection::Ajv("must be object".into()))]
    #[case::name_first(json!({"department": {}}), CreateRejection::Ajv("must have required property 'name'".into()))]
    #[case::email_second(json!({"department": {"name": "n"}}), CreateRejection::Ajv("must have required property 'email'".into()))]
    #[case::bad_boolean(json!({"department": {"name": "n", "email": "e", "enabled": "yes", "showOnRegistration": true, "showOnOfflineForm": true}}), CreateRejection::Ajv("must be boolean".into()))]
    #[case::agents_not_array(json!({"department": {"name": "n", "email": "e", "enabled": true, "showOnRegistration": true, "showOnOfflineForm": true}, "agents": {}}), CreateRejection::Ajv("must be array".into()))]
    #[case::null_description(json!({"department": {"name": "n", "email": "e", "enabled": true, "showOnRegistration": true, "showOnOfflineForm": true, "description": null}}), CreateRejection::Match("Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field description".into()))]
    #[case::custom_array(json!({"department": {"name": "n", "email": "e", "enabled": true, "showOnRegistration": true, "showOnOfflineForm": true, "colour-list": [1]}}), CreateRejection::Match("Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field [\"colour-list\"]".into()))]
    #[case::closing_tags(json!({"department": {"name": "n", "email": "e", "enabled": true, "showOnRegistration": true, "showOnOfflineForm": true, "requestTagBeforeClosingChat": true}}), CreateRejection::ClosingTags)]
    #[case::agent_count(json!({"department": {"name": "n", "email": "e", "enabled": true, "showOnRegistration": true, "showOnOfflineForm": true}, "agents": [{"agentId": "a", "count": 1.5}]}), CreateRejection::Match("Match error: Expected Integer, got 1.5 in field upsert[0].count".into()))]
    fn create_bodies_are_refused_in_rocket_chat_order(
        #[case] body: Value,
        #[case] expected: CreateRejection,
    ) {
        assert_eq!(outcome(body), Err(expected));
    }

    #[test]
    fn a_valid_body_keeps_its_key_order_and_is_coerced() {
        let mut body = minimal();
        body["department"]["enabled"] = json!("false");
        body["agents"] = json!([{"agentId": "a", "count": "2"}]);
        let plan = check(body).unwrap();
        let keys: Vec<&String> = plan.data.keys().collect();
        assert_eq!(
            keys,
            [
                "enabled",
                "showOnRegistration",
                "email",
                "name",
                "showOnOfflineForm"
            ]
        );
        assert_eq!(plan.data["enabled"], json!(false));
        assert_eq!(plan.agents.upsert.len(), 1);
        assert_eq!(plan.agents.upsert[0].count, 2);
    }
}
