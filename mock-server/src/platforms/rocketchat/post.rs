//! The POST body, from bytes to a validated [`AgentsUpdate`], in either validation generation.
//!
//! All of this is pure and runs before the vendor's lock is taken; the handler then applies
//! the outcome in Rocket.Chat's check order (reference §2): 401, 403, the body check
//! ([`PostPlan::before_lookup`]), the department lookup, the item check
//! ([`PostPlan::after_lookup`]), then the write.

use serde_json::{Map, Value};

use crate::platforms::RocketChatValidation;

use super::agents::AgentsUpdate;
use super::{ajv_check, meteor_check};

/// Why the body was refused (a 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// A Meteor `Match.Error`: `{"success":false,"error":"Match error: …"}`.
    Match(String),
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

/// Validates the body of `POST …/agents`.
pub(crate) fn plan(
    content_type: Option<&str>,
    body: &[u8],
    validation: RocketChatValidation,
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
    let after_lookup = meteor_check::check(&params, &meteor_check::ITEMS_BODY)
        .err()
        .map(|failure| Rejection::Match(failure.error_text()));
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

/// `this.bodyParams` as the Hono-based router builds it: the parsed JSON for a JSON content
/// type, else `{}`. Empty bodies, malformed JSON and `null` all become `{}` (reference §5.2
/// note). The body is decoded as the Fetch API does (BOM dropped, invalid UTF-8 replaced).
///
/// A JSON scalar body (`5`, `"x"`, `true`) is kept as is, so the checks answer
/// `Expected object, got number` / `must be object`: unverified, assumed.
pub(crate) fn body_params(content_type: Option<&str>, body: &[u8]) -> Value {
    let empty = || Value::Object(Map::new());
    if !content_type.is_some_and(|ct| ct.contains("application/json")) {
        return empty();
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = String::from_utf8_lossy(body);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Null) | Err(_) => empty(),
        Ok(value) => value,
    }
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
    #[case::invalid_utf8_in_string(JSON, b"{\"a\":\"\xFF\"}", json!({"a": "\u{FFFD}"}))]
    #[case::array(JSON, b"[]", json!([]))]
    fn body_params_follow_the_hono_router(
        #[case] content_type: Option<&str>,
        #[case] body: &[u8],
        #[case] expected: Value,
    ) {
        assert_eq!(body_params(content_type, body), expected);
    }

    #[test]
    fn generation_a_defers_item_errors_until_after_the_lookup() {
        let plan = plan(
            JSON,
            br#"{"upsert":[{}],"remove":[]}"#,
            RocketChatValidation::Meteor,
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
