//! The POST body, from bytes to a validated [`AgentsUpdate`], in either validation generation.
//!
//! All of this is pure and runs before the vendor's lock is taken; the handler then applies
//! the outcome in Rocket.Chat's check order (`docs/behaviours/rocketchat.md`, "Check order"; the
//! middlewares `authenticationHono.ts` and `permissions.ts`, then `departments.ts`,
//! `departmentsLib.ts`, `Helper.ts` as cited there): 401, 403, the body check
//! ([`PostPlan::before_lookup`]), the department lookup, the item check
//! ([`PostPlan::after_lookup`]), then the write.

use serde_json::{Map, Value};

use crate::platforms::options::RocketChatValidation;

use super::agents::AgentsUpdate;
use super::{ajv_check, js, json_text, meteor_check, usual_body};

/// Why the body was refused (a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// A Meteor `Match.Error`: `{"success":false,"error":"Match error: …"}`.
    Match(String),
    /// The documented profile's own refusal of what the documents require and the server does
    /// not (an upsert item without `username`), in the same `Match.Error` shape.
    Documented(String),
    /// An ajv error: `… [invalid-params]` with `errorType`.
    Ajv(String),
}

/// The outcome of validating one POST body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostPlan {
    /// The 400 that comes before the department lookup.
    pub(crate) before_lookup: Option<Rejection>,
    /// The 400 that comes after it (`updateDepartmentAgents`' item check).
    pub(crate) after_lookup: Option<Rejection>,
    /// What to write when both are `None`.
    pub(crate) update: AgentsUpdate,
}

/// Validates the body of `POST …/agents`. `username_required`: the documented profile's
/// upsert items need a `username` (see `profile.rs`).
pub(crate) fn plan(
    content_type: Option<&str>,
    body: &[u8],
    validation: RocketChatValidation,
    username_required: bool,
) -> PostPlan {
    // The usual body in the default (Meteor) generation: one pass gives what the general
    // path below would conclude (see `usual_body`).
    if validation == RocketChatValidation::Meteor
        && let Some(update) = usual_body::read(content_type, body, username_required)
    {
        return PostPlan {
            before_lookup: None,
            after_lookup: None,
            update,
        };
    }
    general_plan(content_type, body, validation, username_required)
}

/// [`plan`] for any body: `JSON.parse`, then the generation's checks.
fn general_plan(
    content_type: Option<&str>,
    body: &[u8],
    validation: RocketChatValidation,
    username_required: bool,
) -> PostPlan {
    let mut params = body_params(content_type, body);
    let before_lookup = match validation {
        RocketChatValidation::Meteor => meteor_check::check(&params, &meteor_check::ROUTE_BODY)
            .err()
            .map(|failure| Rejection::Match(failure.error_text())),
        RocketChatValidation::Ajv => ajv_check::validate_post_body(&mut params)
            .err()
            .map(Rejection::Ajv),
    };
    if before_lookup.is_some() {
        return PostPlan {
            before_lookup,
            after_lookup: None,
            update: AgentsUpdate::default(),
        };
    }
    // The item check still runs in generation B, on the body as ajv coerced it.
    let items = if username_required {
        &meteor_check::DOCUMENTED_ITEMS_BODY
    } else {
        &meteor_check::ITEMS_BODY
    };
    let after_lookup = meteor_check::check(&params, items).err().map(|failure| {
        if failure.is_missing_key("username") {
            Rejection::Documented(failure.error_text())
        } else {
            Rejection::Match(failure.error_text())
        }
    });
    let update = if after_lookup.is_none() {
        AgentsUpdate::from_checked_body(&params)
    } else {
        AgentsUpdate::default()
    };
    PostPlan {
        before_lookup: None,
        after_lookup,
        update,
    }
}

/// `this.bodyParams` as the Hono-based router builds it (`parseBodyParams` in
/// `packages/http-router/src/Router.ts` @05360738, and in `apps/meteor/app/api/server/router.ts`
/// @9f78c992 before it): for a JSON content type `request.raw.clone().json()`, then an array
/// as is and anything else spread into a new object (`{ ...parsed }`); a parse error is caught
/// and gives `{}`.
///
/// - The spread turns `null`, numbers and booleans into `{}`, and a string into one key per
///   UTF-16 unit (`"ab"` → `{"0":"a","1":"b"}`), so scalar bodies fail like `{}` does.
/// - `.json()` is undici's: `utf8DecodeBytes` drops one leading BOM, its `TextDecoder` a second
///   one, invalid UTF-8 becomes U+FFFD, then `JSON.parse` ([`json_text::parse`]).
/// - Other content types: `text()` spread (a string: never has `upsert`, so `{}` here), or
///   `formData()` for `application/x-www-form-urlencoded` (not imitated: `{}` here).
pub(crate) fn body_params(content_type: Option<&str>, body: &[u8]) -> Value {
    let empty = || Value::Object(Map::new());
    if !content_type.is_some_and(|ct| ct.contains("application/json")) {
        return empty();
    }
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let body = body.strip_prefix(BOM).unwrap_or(body);
    let body = body.strip_prefix(BOM).unwrap_or(body);
    let text = String::from_utf8_lossy(body);
    match json_text::parse(&text) {
        Some(Value::Array(items)) => Value::Array(items),
        Some(Value::Object(map)) => Value::Object(map),
        Some(Value::String(s)) if js::infinity_of_str(&s).is_none() => spread_string(&s),
        Some(_) | None => empty(),
    }
}

/// `{ ...s }` for a string: its UTF-16 units under the keys `"0"`, `"1"`, … (a unit that is half
/// of a surrogate pair becomes U+FFFD, as in [`json_text`]).
fn spread_string(s: &str) -> Value {
    let map = s
        .encode_utf16()
        .enumerate()
        .map(|(index, unit)| {
            (
                index.to_string(),
                Value::String(String::from_utf16_lossy(&[unit])),
            )
        })
        .collect();
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    const JSON: Option<&str> = Some("application/json");

    #[rstest]
    #[case::empty(JSON, b"", json!({}))]
    #[case::malformed(JSON, b"{\"upsert\":", json!({}))]
    #[case::null(JSON, b"null", json!({}))]
    #[case::not_json_content_type(Some("text/plain"), b"{\"upsert\":[]}", json!({}))]
    #[case::no_content_type(None, b"{\"upsert\":[]}", json!({}))]
    #[case::charset(Some("application/json; charset=utf-8"), b"{\"upsert\":[]}", json!({"upsert": []}))]
    #[case::bom(JSON, b"\xEF\xBB\xBF{\"a\":1}", json!({"a": 1}))]
    #[case::two_boms(JSON, b"\xEF\xBB\xBF\xEF\xBB\xBF{\"a\":1}", json!({"a": 1}))]
    #[case::three_boms(JSON, b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF{\"a\":1}", json!({}))]
    #[case::invalid_utf8_in_string(JSON, b"{\"a\":\"\xFF\"}", json!({"a": "\u{FFFD}"}))]
    #[case::array(JSON, b"[]", json!([]))]
    #[case::number(JSON, b"5", json!({}))]
    #[case::boolean(JSON, b"true", json!({}))]
    #[case::infinity(JSON, b"1e400", json!({}))]
    #[case::string(JSON, b"\"ab\"", json!({"0": "a", "1": "b"}))]
    #[case::empty_string(JSON, b"\"\"", json!({}))]
    #[case::astral_string(JSON, "\"\u{1F600}\"".as_bytes(), json!({"0": "\u{FFFD}", "1": "\u{FFFD}"}))]
    #[case::lone_surrogate(JSON, br#"{"a":"\ud800"}"#, json!({"a": "\u{FFFD}"}))]
    fn body_params_follow_the_hono_router(
        #[case] content_type: Option<&str>,
        #[case] body: &[u8],
        #[case] expected: Value,
    ) {
        assert_eq!(body_params(content_type, body), expected);
    }

    #[rstest]
    #[case::usual(br#"{"upsert":[{"agentId":"a","username":"u","count":1,"order":2}],"remove":[{"agentId":"b"}]}"#, true)]
    #[case::whitespace(
        b" {\"remove\" : [ ] ,\n\"upsert\":[ {\t\"order\" : 3 , \"agentId\":\"a\" } ]} ",
        true
    )]
    #[case::escapes(
        b" {\"remove\" : [ ] ,\n\"upsert\":[{\"agentId\":\"\\u0041\\n\"}]} ",
        false
    )]
    #[case::escaped_key(br#"{"upsert":[{"agent\u0049d":"a"}],"remove":[]}"#, false)]
    #[case::non_ascii_username("{\"upsert\":[{\"agentId\":\"a\",\"username\":\"jos\u{e9}\"}],\"remove\":[]}".as_bytes(), false)]
    #[case::repeated_item_key(
        br#"{"upsert":[{"agentId":"a","count":1,"count":2}],"remove":[]}"#,
        false
    )]
    #[case::empty_item(br#"{"upsert":[],"remove":[{}]}"#, false)]
    #[case::trailing_comma(br#"{"upsert":[{"agentId":"a",}],"remove":[]}"#, false)]
    #[case::int32_bounds(br#"{"upsert":[{"agentId":"a","count":0,"order":2147483647},{"agentId":"b","count":-2147483648}],"remove":[]}"#, true)]
    #[case::negative_zero(br#"{"upsert":[{"agentId":"a","count":-0}],"remove":[]}"#, false)]
    #[case::repeated_agent(
        br#"{"upsert":[{"agentId":"a"},{"agentId":"a","count":3}],"remove":[{"agentId":"a"}]}"#,
        true
    )]
    #[case::empty_lists(br#"{"upsert":[],"remove":[]}"#, true)]
    #[case::null_count(br#"{"upsert":[{"agentId":"a","count":null}],"remove":[]}"#, false)]
    #[case::null_username(br#"{"upsert":[{"agentId":"a","username":null}],"remove":[]}"#, false)]
    #[case::float_count(br#"{"upsert":[{"agentId":"a","count":1.0}],"remove":[]}"#, false)]
    #[case::exponent_count(br#"{"upsert":[{"agentId":"a","count":1e2}],"remove":[]}"#, false)]
    #[case::count_over_int32(
        br#"{"upsert":[{"agentId":"a","count":2147483648}],"remove":[]}"#,
        false
    )]
    #[case::string_count(br#"{"upsert":[{"agentId":"a","count":"1"}],"remove":[]}"#, false)]
    #[case::unknown_item_key(br#"{"upsert":[{"agentId":"a","x":1}],"remove":[]}"#, false)]
    #[case::unknown_top_key(br#"{"upsert":[],"remove":[],"x":1}"#, false)]
    #[case::repeated_key(br#"{"upsert":[],"remove":[],"upsert":[{"agentId":"a"}]}"#, false)]
    #[case::missing_remove(br#"{"upsert":[]}"#, false)]
    #[case::missing_agent_id(br#"{"upsert":[{}],"remove":[]}"#, false)]
    #[case::number_agent_id(br#"{"upsert":[{"agentId":5}],"remove":[]}"#, false)]
    #[case::lone_surrogate(br#"{"upsert":[{"agentId":"\ud800"}],"remove":[]}"#, false)]
    #[case::bom(b"\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}", false)]
    #[case::invalid_utf8(b"{\"upsert\":[{\"agentId\":\"\xff\"}],\"remove\":[]}", false)]
    #[case::trailing_text(br#"{"upsert":[],"remove":[]} x"#, false)]
    #[case::array_body(br#"[]"#, false)]
    #[case::array_of_lists(br#"[[],[]]"#, false)]
    #[case::array_item(br#"{"upsert":[["a"]],"remove":[]}"#, false)]
    fn the_one_pass_read_agrees_with_the_general_path(#[case] body: &[u8], #[case] one_pass: bool) {
        for username_required in [false, true] {
            for content_type in [
                JSON,
                Some("application/json; charset=utf-8"),
                Some("text/plain"),
                None,
            ] {
                let general = general_plan(
                    content_type,
                    body,
                    RocketChatValidation::Meteor,
                    username_required,
                );
                match usual_body::read(content_type, body, username_required) {
                    Some(update) => assert_eq!(
                        general,
                        PostPlan {
                            before_lookup: None,
                            after_lookup: None,
                            update
                        },
                        "{}",
                        String::from_utf8_lossy(body)
                    ),
                    None => assert!(
                        !one_pass
                            || !content_type.is_some_and(|ct| ct.contains("application/json"))
                            || username_required,
                        "the one-pass read refused {}",
                        String::from_utf8_lossy(body)
                    ),
                }
                assert_eq!(
                    plan(
                        content_type,
                        body,
                        RocketChatValidation::Meteor,
                        username_required
                    ),
                    general
                );
            }
        }
    }

    #[test]
    fn generation_a_defers_item_errors_until_after_the_lookup() {
        let plan = plan(
            JSON,
            br#"{"upsert":[{}],"remove":[]}"#,
            RocketChatValidation::Meteor,
            false,
        );
        assert_eq!(plan.before_lookup, None);
        assert_eq!(
            plan.after_lookup,
            Some(Rejection::Match(
                "Match error: Missing key 'agentId' in field upsert[0]".to_owned()
            ))
        );
    }

    #[test]
    fn generation_b_checks_items_before_the_lookup_and_integers_after_it() {
        let early = plan(
            JSON,
            br#"{"upsert":[{}],"remove":[]}"#,
            RocketChatValidation::Ajv,
            false,
        );
        assert_eq!(
            early.before_lookup,
            Some(Rejection::Ajv(
                "must have required property 'agentId'".to_owned()
            ))
        );
        let late = plan(
            JSON,
            br#"{"upsert":[{"agentId":"a","username":"u","count":1.5}],"remove":[]}"#,
            RocketChatValidation::Ajv,
            false,
        );
        assert_eq!(late.before_lookup, None);
        assert_eq!(
            late.after_lookup,
            Some(Rejection::Match(
                "Match error: Expected Integer, got 1.5 in field upsert[0].count".to_owned()
            ))
        );
    }
}
