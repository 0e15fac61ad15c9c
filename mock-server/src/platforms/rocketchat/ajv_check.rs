//! Generation B validation: the rest-typings 8.8.1 schemas under ajv 8
//! `Ajv2020({ coerceTypes: true, allowUnionTypes: true })`: npm `@rocket.chat/rest-typings` 8.8.1
//! `dist/v1/omnichannel.js` compiled in `dist/v1/Ajv.js`; the failure becomes
//! `Meteor.Error('invalid-params', …)` in `RocketChat/Rocket.Chat@0358e0dc3bd9a302e8d07bb3efad35a8eca31d8c`
//! `apps/meteor/server/api/ApiClass.ts`.
//!
//! ajv stops at its first error (`allErrors` is off) and evaluates an object schema's keywords
//! in vocabulary order: `type` (with coercion), `required` (in schema order),
//! `additionalProperties`, then `properties` (in schema order). Coercion rewrites the body in
//! place, and Rocket.Chat goes on with the coerced body.

use serde_json::{Map, Number, Value};

use super::js;

/// The first ajv error message (without the ` [invalid-params]` suffix).
pub(crate) type AjvError = String;

/// A JSON type an item property must have.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Type {
    String,
    Number,
    Boolean,
}

/// Upsert items: `required: [agentId, username]`, `additionalProperties: false`.
const UPSERT_ITEM: &[(&str, Type)] = &[
    ("agentId", Type::String),
    ("username", Type::String),
    ("name", Type::String),
    ("count", Type::Number),
    ("order", Type::Number),
];

/// Remove items: the upsert properties plus the stored record's keys.
const REMOVE_ITEM: &[(&str, Type)] = &[
    ("agentId", Type::String),
    ("username", Type::String),
    ("name", Type::String),
    ("count", Type::Number),
    ("order", Type::Number),
    ("departmentEnabled", Type::Boolean),
    ("departmentId", Type::String),
    ("_id", Type::String),
    ("_updatedAt", Type::String),
];

const ITEM_REQUIRED: &[&str] = &["agentId", "username"];

/// Validates (and coerces) the POST body.
pub(crate) fn validate_post_body(body: &mut Value) -> Result<(), AjvError> {
    let Value::Object(map) = body else {
        return Err("must be object".to_owned());
    };
    required(map, &["upsert", "remove"])?;
    no_additional(map, &["upsert", "remove"])?;
    for (key, item_schema) in [("upsert", UPSERT_ITEM), ("remove", REMOVE_ITEM)] {
        let Some(Value::Array(items)) = map.get_mut(key) else {
            return Err("must be array".to_owned());
        };
        for item in items {
            validate_item(item, item_schema)?;
        }
    }
    Ok(())
}

fn validate_item(item: &mut Value, schema: &[(&str, Type)]) -> Result<(), AjvError> {
    let Value::Object(map) = item else {
        return Err("must be object".to_owned());
    };
    required(map, ITEM_REQUIRED)?;
    let allowed: Vec<&str> = schema.iter().map(|(key, _)| *key).collect();
    no_additional(map, &allowed)?;
    for (key, ty) in schema {
        if let Some(value) = map.get_mut(*key) {
            coerce(value, *ty)?;
        }
    }
    Ok(())
}

/// Validates (and coerces) the GET agents query: `count`/`offset` numbers, `sort` string,
/// nothing else. Each parameter is `nullable`, so ajv may coerce `""` to `null`.
pub(crate) fn validate_agents_query(params: &[(String, String)]) -> Result<(), AjvError> {
    if params
        .iter()
        .any(|(key, _)| !matches!(key.as_str(), "count" | "offset" | "sort"))
    {
        return Err("must NOT have additional properties".to_owned());
    }
    for name in ["count", "offset"] {
        if let Some((_, value)) = params.iter().find(|(key, _)| key == name)
            && !value.is_empty()
            && coercible_to_number(value).is_none()
        {
            return Err("must be number".to_owned());
        }
    }
    Ok(())
}

fn required(map: &Map<String, Value>, keys: &[&str]) -> Result<(), AjvError> {
    match keys.iter().find(|key| !map.contains_key(**key)) {
        Some(missing) => Err(format!("must have required property '{missing}'")),
        None => Ok(()),
    }
}

fn no_additional(map: &Map<String, Value>, allowed: &[&str]) -> Result<(), AjvError> {
    if map.keys().any(|key| !allowed.contains(&key.as_str())) {
        return Err("must NOT have additional properties".to_owned());
    }
    Ok(())
}

/// ajv's `coerceTypes: true` rules for one scalar type.
pub(crate) fn coerce(value: &mut Value, ty: Type) -> Result<(), AjvError> {
    if let Some(x) = js::infinity(value) {
        // ajv's `strictNumbers` (on by default) makes `type: number` mean a finite number, and
        // no coercion turns a number into one; a string takes `"" + x`.
        return match ty {
            Type::String => {
                *value = Value::String(js::number_to_string(x));
                Ok(())
            }
            Type::Number => Err("must be number".to_owned()),
            Type::Boolean => Err("must be boolean".to_owned()),
        };
    }
    let coerced = match (ty, &*value) {
        (Type::String, Value::String(_))
        | (Type::Number, Value::Number(_))
        | (Type::Boolean, Value::Bool(_)) => return Ok(()),
        (Type::String, Value::Number(n)) => {
            Some(Value::String(js::number_to_string(js::as_double(n))))
        }
        (Type::String, Value::Bool(b)) => Some(Value::String(b.to_string())),
        (Type::String, Value::Null) => Some(Value::String(String::new())),
        (Type::Number, Value::String(s)) => coercible_to_number(s),
        (Type::Number, Value::Bool(b)) => Some(Value::from(u8::from(*b))),
        (Type::Number, Value::Null) => Some(Value::from(0)),
        (Type::Boolean, Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        (Type::Boolean, Value::Number(n)) => match js::as_double(n) {
            1.0 => Some(Value::Bool(true)),
            0.0 => Some(Value::Bool(false)),
            _ => None,
        },
        (Type::Boolean, Value::Null) => Some(Value::Bool(false)),
        _ => None,
    };
    match coerced {
        Some(new) => {
            *value = new;
            Ok(())
        }
        None => Err(match ty {
            Type::String => "must be string",
            Type::Number => "must be number",
            Type::Boolean => "must be boolean",
        }
        .to_owned()),
    }
}

/// ajv's string-to-number test `x && x == +x`, giving `+x`.
///
/// Strings JavaScript reads as ±Infinity (`"Infinity"`, `"1e400"`) pass it: ajv assigns the
/// coerced value without checking it again, so they become the ±Infinity marker (and the item
/// `check` then answers `Expected Integer, got {"$InfNaN":1}`).
pub(crate) fn coercible_to_number(s: &str) -> Option<Value> {
    if s.is_empty() {
        return None;
    }
    let x = js::string_to_number(s);
    if x.is_infinite() {
        return Some(Value::String(js::infinity_marker(x > 0.0).to_owned()));
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        // Exact: |x| < 2^53.
        return Some(Value::Number(Number::from(x as i64)));
    }
    Number::from_f64(x).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn outcome(mut body: Value) -> String {
        match validate_post_body(&mut body) {
            Ok(()) => format!("ok {body}"),
            Err(message) => message,
        }
    }

    #[rstest]
    #[case::empty_object(json!({}), "must have required property 'upsert'")]
    #[case::only_remove(json!({"remove": []}), "must have required property 'upsert'")]
    #[case::only_upsert(json!({"upsert": []}), "must have required property 'remove'")]
    #[case::extra_top_level_key(json!({"upsert": [], "remove": [], "foo": 1}), "must NOT have additional properties")]
    #[case::extra_key_beats_type_error(json!({"upsert": "x", "remove": [], "foo": 1}), "must NOT have additional properties")]
    #[case::upsert_missing_agent_id(json!({"upsert": [{}], "remove": []}), "must have required property 'agentId'")]
    #[case::upsert_missing_username(json!({"upsert": [{"agentId": "a"}], "remove": []}), "must have required property 'username'")]
    #[case::remove_missing_username(json!({"upsert": [], "remove": [{"agentId": "a"}]}), "must have required property 'username'")]
    #[case::upsert_string(json!({"upsert": "x", "remove": []}), "must be array")]
    #[case::upsert_null(json!({"upsert": null, "remove": []}), "must be array")]
    #[case::schema_order_not_body_order(json!({"remove": "x", "upsert": "y"}), "must be array")]
    #[case::item_string(json!({"upsert": ["x"], "remove": []}), "must be object")]
    #[case::array_body(json!([]), "must be object")]
    #[case::count_not_numeric(json!({"upsert": [{"agentId": "a", "username": "u", "count": "abc"}], "remove": []}), "must be number")]
    #[case::upsert_item_extra_key(json!({"upsert": [{"agentId": "a", "username": "u", "departmentEnabled": true}], "remove": []}), "must NOT have additional properties")]
    #[case::remove_item_unknown_key(json!({"upsert": [], "remove": [{"agentId": "a", "username": "u", "foo": 1}]}), "must NOT have additional properties")]
    #[case::remove_item_enabled_not_boolean(json!({"upsert": [], "remove": [{"agentId": "a", "username": "u", "departmentEnabled": "yes"}]}), "must be boolean")]
    #[case::agent_id_object(json!({"upsert": [{"agentId": {}, "username": "u"}], "remove": []}), "must be string")]
    fn ajv_messages_match_the_schema(#[case] body: Value, #[case] expected: &str) {
        assert_eq!(outcome(body), expected);
    }

    #[rstest]
    #[case::numeric_string_count(json!({"agentId": "a", "username": "u", "count": "5"}), json!({"agentId": "a", "username": "u", "count": 5}))]
    #[case::number_agent_id(json!({"agentId": 5, "username": "u"}), json!({"agentId": "5", "username": "u"}))]
    #[case::null_agent_id(json!({"agentId": null, "username": "u"}), json!({"agentId": "", "username": "u"}))]
    #[case::boolean_count(json!({"agentId": "a", "username": true, "count": true}), json!({"agentId": "a", "username": "true", "count": 1}))]
    #[case::fraction_kept(json!({"agentId": "a", "username": "u", "order": 1.5}), json!({"agentId": "a", "username": "u", "order": 1.5}))]
    fn coercion_rewrites_items_in_place(#[case] item: Value, #[case] expected: Value) {
        let mut body = json!({"upsert": [item], "remove": []});
        validate_post_body(&mut body).unwrap();
        assert_eq!(body, json!({"upsert": [expected], "remove": []}));
    }

    #[rstest]
    #[case::valid(&[("count", "5"), ("offset", "0"), ("sort", "{}")], "ok")]
    #[case::blank_count_is_null(&[("count", "")], "ok")]
    #[case::unknown_parameter(&[("foo", "1")], "must NOT have additional properties")]
    #[case::count_not_numeric(&[("count", "abc")], "must be number")]
    fn agents_query_is_checked(#[case] params: &[(&str, &str)], #[case] expected: &str) {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let got = validate_agents_query(&params).map_or_else(|e| e, |()| "ok".to_owned());
        assert_eq!(got, expected);
    }
}
