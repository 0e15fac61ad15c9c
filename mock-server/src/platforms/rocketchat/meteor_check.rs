//! Generation A validation: Meteor's `check(value, pattern)` and its exact messages.
//!
//! This mirrors `testSubtree` in Meteor's `packages/check/match.js` for the few pattern kinds
//! the endpoint uses (the route's `check` in `apps/meteor/app/livechat/imports/server/rest/departments.ts`
//! and `updateDepartmentAgents` in `RocketChat/Rocket.Chat@f181ce4748a41b303ff895e1f226d0b5e12bc6b2`
//! `apps/meteor/app/livechat/server/lib/Helper.ts`; messages as asserted by
//! `RocketChat/Rocket.Chat@04ea601b318b8ff414751eff77c294d1e3d9078a`
//! `apps/meteor/tests/end-to-end/api/livechat/10-departments.ts`): `String`, `Match.Integer`, the
//! `Array` constructor, `[pattern]`, plain object patterns and `Match.ObjectIncluding`, with
//! `Match.Maybe` keys.
//! Keys are walked in JavaScript `for…in` order; missing keys are reported after the walk.

use serde_json::Value;

use super::js;

/// One node of a Meteor `check` pattern.
#[derive(Debug)]
pub(crate) enum Pattern {
    /// `String`: `typeof value === 'string'`.
    String,
    /// `Match.Integer`: a number with `(value | 0) === value` (so 32-bit only).
    Integer,
    /// The `Array` constructor: `value instanceof Array`.
    ArrayConstructor,
    /// `[pattern]`: an array whose every element matches.
    ArrayOf(&'static Pattern),
    /// `{…}` (unknown keys refused) or `Match.ObjectIncluding({…})` (unknown keys allowed).
    Object {
        fields: &'static [Field],
        unknown_keys_allowed: bool,
    },
}

/// One key of an object pattern.
#[derive(Debug)]
pub(crate) struct Field {
    key: &'static str,
    pattern: Pattern,
    /// Wrapped in `Match.Maybe`/`Match.Optional`: may be absent (but not `null`).
    optional: bool,
}

const fn required(key: &'static str, pattern: Pattern) -> Field {
    Field {
        key,
        pattern,
        optional: false,
    }
}

const fn maybe(key: &'static str, pattern: Pattern) -> Field {
    Field {
        key,
        pattern,
        optional: true,
    }
}

/// The route's check: `Match.ObjectIncluding({ upsert: Array, remove: Array })`.
pub(crate) static ROUTE_BODY: Pattern = Pattern::Object {
    fields: &[
        required("upsert", Pattern::ArrayConstructor),
        required("remove", Pattern::ArrayConstructor),
    ],
    unknown_keys_allowed: true,
};

/// One upsert or remove item in `updateDepartmentAgents`.
static AGENT_ITEM: Pattern = Pattern::Object {
    fields: &[
        required("agentId", Pattern::String),
        maybe("username", Pattern::String),
        maybe("count", Pattern::Integer),
        maybe("order", Pattern::Integer),
    ],
    unknown_keys_allowed: true,
};

/// `updateDepartmentAgents`' check: a *plain* object pattern, so unknown top-level keys fail.
pub(crate) static ITEMS_BODY: Pattern = Pattern::Object {
    fields: &[
        maybe("upsert", Pattern::ArrayOf(&AGENT_ITEM)),
        maybe("remove", Pattern::ArrayOf(&AGENT_ITEM)),
    ],
    unknown_keys_allowed: false,
};

/// An upsert item as the documents describe it (docs 001, 002, 004: `username` required), which
/// is also the legacy (≤ 6.x) server's item pattern (`username: String`).
static DOCUMENTED_UPSERT_ITEM: Pattern = Pattern::Object {
    fields: &[
        required("agentId", Pattern::String),
        required("username", Pattern::String),
        maybe("count", Pattern::Integer),
        maybe("order", Pattern::Integer),
    ],
    unknown_keys_allowed: true,
};

/// [`ITEMS_BODY`] with the documented upsert items (remove items are documented only as
/// `object`, so they keep the server's own pattern).
pub(crate) static DOCUMENTED_ITEMS_BODY: Pattern = Pattern::Object {
    fields: &[
        maybe("upsert", Pattern::ArrayOf(&DOCUMENTED_UPSERT_ITEM)),
        maybe("remove", Pattern::ArrayOf(&AGENT_ITEM)),
    ],
    unknown_keys_allowed: false,
};

/// A failed check: Meteor's `{ message, path }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MatchFailure {
    message: String,
    path: String,
}

impl MatchFailure {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            path: String::new(),
        }
    }

    /// Whether this is `Missing key '<key>'` (at any path).
    pub(crate) fn is_missing_key(&self, key: &str) -> bool {
        self.message == format!("Missing key '{key}'")
    }

    /// The `Match.Error` message: `Match error: <message>[ in field <path>]`.
    pub(crate) fn error_text(&self) -> String {
        if self.path.is_empty() {
            format!("Match error: {}", self.message)
        } else {
            format!("Match error: {} in field {}", self.message, self.path)
        }
    }
}

/// `check(value, pattern)`: `Ok` or the first failure, exactly as Meteor finds it.
pub(crate) fn check(value: &Value, pattern: &Pattern) -> Result<(), MatchFailure> {
    match test_subtree(value, pattern) {
        None => Ok(()),
        Some(failure) => Err(failure),
    }
}

fn test_subtree(value: &Value, pattern: &Pattern) -> Option<MatchFailure> {
    match pattern {
        Pattern::String => match value {
            Value::String(_) if js::infinity(value).is_none() => None,
            other => Some(MatchFailure::new(format!(
                "Expected string, got {}",
                js::type_name(other)
            ))),
        },
        Pattern::Integer => match value {
            Value::Number(n) if is_int32(js::as_double(n)) => None,
            other => Some(MatchFailure::new(format!(
                "Expected Integer, got {}",
                string_for_error_message(other)
            ))),
        },
        Pattern::ArrayConstructor => match value {
            Value::Array(_) => None,
            _ => Some(MatchFailure::new("Expected Array")),
        },
        Pattern::ArrayOf(element) => {
            let Value::Array(items) = value else {
                return Some(MatchFailure::new(format!(
                    "Expected array, got {}",
                    string_for_error_message(value)
                )));
            };
            items.iter().enumerate().find_map(|(index, item)| {
                test_subtree(item, element).map(|mut failure| {
                    failure.path = prepend_path(&format!("[{index}]"), &failure.path);
                    failure
                })
            })
        }
        Pattern::Object {
            fields,
            unknown_keys_allowed,
        } => test_object(value, fields, *unknown_keys_allowed),
    }
}

fn test_object(
    value: &Value,
    fields: &[Field],
    unknown_keys_allowed: bool,
) -> Option<MatchFailure> {
    let map = match value {
        Value::Object(map) => map,
        Value::Array(_) => return Some(MatchFailure::new("Expected plain object")),
        Value::Null => return Some(MatchFailure::new("Expected object, got null")),
        other => {
            return Some(MatchFailure::new(format!(
                "Expected object, got {}",
                js::type_name(other)
            )));
        }
    };
    let mut seen_required = vec![false; fields.len()];
    for (key, sub_value) in js::ordered_entries(map) {
        match fields.iter().position(|f| f.key == key) {
            Some(i) => {
                if let Some(mut failure) = test_subtree(sub_value, &fields[i].pattern) {
                    failure.path = prepend_path(&key_segment(key), &failure.path);
                    return Some(failure);
                }
                seen_required[i] = true;
            }
            None if !unknown_keys_allowed => {
                // Meteor reports the raw key here, without `_prependPath`'s quoting.
                return Some(MatchFailure {
                    message: "Unknown key".to_owned(),
                    path: key.to_owned(),
                });
            }
            None => {}
        }
    }
    fields
        .iter()
        .zip(seen_required)
        .find(|(field, seen)| !field.optional && !seen)
        .map(|(field, _)| MatchFailure::new(format!("Missing key '{}'", field.key)))
}

/// `(value | 0) === value`.
fn is_int32(x: f64) -> bool {
    x.fract() == 0.0 && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX)
}

/// Meteor's `stringForErrorMessage(value)`: `null`, else EJSON text.
fn string_for_error_message(value: &Value) -> String {
    js::stringify(value)
}

/// `_prependPath`'s rendering of an object key: `[12]` for digits, `["a-b"]` for keys that are
/// not identifiers, the key itself otherwise. (Only the pattern's own keys reach here, so
/// Meteor's reserved-word quoting never applies.)
fn key_segment(key: &str) -> String {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
        return format!("[{key}]");
    }
    let mut chars = key.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        key.to_owned()
    } else {
        format!("[{}]", serde_json::to_string(key).unwrap_or_default())
    }
}

/// `_prependPath(key, base)` with `key` already rendered.
fn prepend_path(segment: &str, base: &str) -> String {
    if !base.is_empty() && !base.starts_with('[') {
        format!("{segment}.{base}")
    } else {
        format!("{segment}{base}")
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::{Value, json};

    use super::*;

    fn route(body: Value) -> String {
        check(&body, &ROUTE_BODY).map_or_else(|f| f.error_text(), |()| "ok".to_owned())
    }

    fn items(body: Value) -> String {
        check(&body, &ITEMS_BODY).map_or_else(|f| f.error_text(), |()| "ok".to_owned())
    }

    #[rstest]
    #[case::empty_object(json!({}), "Match error: Missing key 'upsert'")]
    #[case::only_remove(json!({"remove": []}), "Match error: Missing key 'upsert'")]
    #[case::only_upsert(json!({"upsert": []}), "Match error: Missing key 'remove'")]
    #[case::upsert_string(json!({"upsert": "x", "remove": []}), "Match error: Expected Array in field upsert")]
    #[case::upsert_object(json!({"upsert": {}, "remove": []}), "Match error: Expected Array in field upsert")]
    #[case::upsert_null(json!({"upsert": null, "remove": []}), "Match error: Expected Array in field upsert")]
    #[case::keys_in_body_order(json!({"remove": "x", "upsert": "y"}), "Match error: Expected Array in field remove")]
    #[case::array_body(json!([]), "Match error: Expected plain object")]
    #[case::number_body(json!(5), "Match error: Expected object, got number")]
    #[case::extra_key_allowed(json!({"upsert": [], "remove": [], "foo": 1}), "ok")]
    #[case::items_not_checked_here(json!({"upsert": [{}], "remove": []}), "ok")]
    fn route_check_messages_match_meteor(#[case] body: Value, #[case] expected: &str) {
        assert_eq!(route(body), expected);
    }

    #[rstest]
    #[case::upsert_missing_agent_id(json!({"upsert": [{}], "remove": []}), "Match error: Missing key 'agentId' in field upsert[0]")]
    #[case::remove_missing_agent_id(json!({"upsert": [], "remove": [{}]}), "Match error: Missing key 'agentId' in field remove[0]")]
    #[case::second_item(json!({"upsert": [{"agentId": "a"}, {}], "remove": []}), "Match error: Missing key 'agentId' in field upsert[1]")]
    #[case::agent_id_number(json!({"upsert": [{"agentId": 5}], "remove": []}), "Match error: Expected string, got number in field upsert[0].agentId")]
    #[case::agent_id_null(json!({"upsert": [{"agentId": null}], "remove": []}), "Match error: Expected string, got null in field upsert[0].agentId")]
    #[case::agent_id_array(json!({"upsert": [{"agentId": []}], "remove": []}), "Match error: Expected string, got object in field upsert[0].agentId")]
    #[case::username_number(json!({"upsert": [{"agentId": "a", "username": 5}], "remove": []}), "Match error: Expected string, got number in field upsert[0].username")]
    #[case::count_string(json!({"upsert": [{"agentId": "a", "count": "5"}], "remove": []}), "Match error: Expected Integer, got \"5\" in field upsert[0].count")]
    #[case::count_fraction(json!({"upsert": [{"agentId": "a", "count": 1.5}], "remove": []}), "Match error: Expected Integer, got 1.5 in field upsert[0].count")]
    #[case::count_null(json!({"upsert": [{"agentId": "a", "count": null}], "remove": []}), "Match error: Expected Integer, got null in field upsert[0].count")]
    #[case::count_beyond_32_bits(json!({"upsert": [{"agentId": "a", "count": 3_000_000_000_u64}], "remove": []}), "Match error: Expected Integer, got 3000000000 in field upsert[0].count")]
    #[case::count_object(json!({"upsert": [{"agentId": "a", "count": {"b": 1, "0": 2}}], "remove": []}), "Match error: Expected Integer, got {\"0\":2,\"b\":1} in field upsert[0].count")]
    #[case::order_string(json!({"upsert": [{"agentId": "a", "order": "1"}], "remove": []}), "Match error: Expected Integer, got \"1\" in field upsert[0].order")]
    #[case::remove_order_fraction(json!({"upsert": [], "remove": [{"agentId": "a", "order": 0.5}]}), "Match error: Expected Integer, got 0.5 in field remove[0].order")]
    #[case::item_string(json!({"upsert": ["abc"], "remove": []}), "Match error: Expected object, got string in field upsert[0]")]
    #[case::item_null(json!({"upsert": [null], "remove": []}), "Match error: Expected object, got null in field upsert[0]")]
    #[case::item_array(json!({"upsert": [[]], "remove": []}), "Match error: Expected plain object in field upsert[0]")]
    #[case::unknown_top_level_key(json!({"upsert": [], "remove": [], "foo": 1}), "Match error: Unknown key in field foo")]
    #[case::item_error_before_later_unknown_key(json!({"upsert": [{}], "remove": [], "foo": 1}), "Match error: Missing key 'agentId' in field upsert[0]")]
    #[case::integer_like_key_checked_first(json!({"upsert": [{}], "remove": [], "7": 1}), "Match error: Unknown key in field 7")]
    #[case::bad_value_before_missing_key(json!({"upsert": [{"count": "5"}], "remove": []}), "Match error: Expected Integer, got \"5\" in field upsert[0].count")]
    #[case::extra_item_keys_allowed(json!({"upsert": [{"agentId": "a", "foo": 1}], "remove": []}), "ok")]
    #[case::username_optional(json!({"upsert": [{"agentId": "a"}], "remove": []}), "ok")]
    #[case::negative_and_zero(json!({"upsert": [{"agentId": "a", "count": -3, "order": 0}], "remove": []}), "ok")]
    #[case::integral_float(json!({"upsert": [{"agentId": "a", "count": 2.0}], "remove": []}), "ok")]
    fn item_check_messages_match_meteor(#[case] body: Value, #[case] expected: &str) {
        assert_eq!(items(body), expected);
    }

    #[rstest]
    #[case::username_missing(json!({"upsert": [{"agentId": "a"}], "remove": []}), "Match error: Missing key 'username' in field upsert[0]")]
    #[case::first_failing_item_wins(json!({"upsert": [{"agentId": "a", "username": "u"}, {"agentId": "b"}, {}], "remove": []}), "Match error: Missing key 'username' in field upsert[1]")]
    #[case::bad_value_before_missing_username(json!({"upsert": [{"agentId": "a", "count": 1.5}], "remove": []}), "Match error: Expected Integer, got 1.5 in field upsert[0].count")]
    #[case::remove_items_need_no_username(json!({"upsert": [], "remove": [{"agentId": "a"}]}), "ok")]
    #[case::username_given(json!({"upsert": [{"agentId": "a", "username": "u"}], "remove": []}), "ok")]
    fn documented_items_require_a_username_in_upserts(#[case] body: Value, #[case] expected: &str) {
        let got = check(&body, &DOCUMENTED_ITEMS_BODY)
            .map_or_else(|f| f.error_text(), |()| "ok".to_owned());
        assert_eq!(got, expected);
    }

    #[test]
    fn infinity_is_a_number_that_is_not_an_integer() {
        let body = json!({"upsert": [{"agentId": js::infinity_marker(true)}], "remove": []});
        assert_eq!(
            items(body),
            "Match error: Expected string, got number in field upsert[0].agentId"
        );
        let body = json!({"upsert": [{"agentId": "a", "count": js::infinity_marker(false)}], "remove": []});
        assert_eq!(
            items(body),
            "Match error: Expected Integer, got {\"$InfNaN\":-1} in field upsert[0].count"
        );
    }

    #[test]
    fn key_segments_quote_non_identifiers() {
        assert_eq!(key_segment("agentId"), "agentId");
        assert_eq!(key_segment("12"), "[12]");
        assert_eq!(key_segment("a-b"), r#"["a-b"]"#);
    }
}
