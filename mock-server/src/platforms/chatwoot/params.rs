//! The request body as Rails turns it into `params`, and `params[:user_ids]` as the controller
//! reads it (`validate_member_id_params` in `chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`
//! `app/controllers/api/v1/accounts/team_members_controller.rb`).

use serde_json::Value;

pub(crate) use super::requested_id::RequestedId;
use super::usual_body;
use crate::exchange::Request;

/// The body is JSON that does not parse: Rails raises `ParseError` → 400.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadJson;

/// `params[:user_ids]` is missing, not an array, or holds a boolean, array or object:
/// `.map(&:to_i)` raises `NoMethodError`, which nothing rescues → 500.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NoMethodError;

/// The JSON body params as the action reads them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BodyParams {
    /// No JSON object: no body, another content type, or a JSON scalar or array (Rails puts
    /// those under `_json`, so they hold no key an action reads).
    Absent,
    /// A JSON object.
    Object(Value),
    /// The `user_ids` of a body that is exactly `{"user_ids":[integers]}`, read in one pass by
    /// [`super::usual_body`]; only asked for by the member changes, which read nothing else.
    UserIds(Vec<RequestedId>),
}

impl BodyParams {
    /// The JSON object, for the actions that read more than `user_ids` (the teams').
    pub(crate) fn object(&self) -> Option<&Value> {
        match self {
            Self::Object(value) => Some(value),
            Self::Absent | Self::UserIds(_) => None,
        }
    }
}

/// The JSON body params, parsed before anything else as Rails does (`set_current_user` reads
/// `params`). Rails parses the body only for a JSON `Content-Type` and only when it is
/// non-empty; a non-object JSON body lands under `_json`, so it has no `user_ids`. With
/// `usual_user_ids` (a member change), the usual body is read in one pass first.
pub(crate) fn body_params(
    request: &Request<'_>,
    usual_user_ids: bool,
) -> Result<BodyParams, BadJson> {
    if request.body.is_empty() || !is_json(request.content_type()) {
        return Ok(BodyParams::Absent);
    }
    if usual_user_ids && let Some(ids) = usual_body::user_ids(request.body) {
        return Ok(BodyParams::UserIds(ids));
    }
    match serde_json::from_slice::<Value>(request.body) {
        Ok(value @ Value::Object(_)) => Ok(BodyParams::Object(value)),
        Ok(_) => Ok(BodyParams::Absent),
        Err(_) => Err(BadJson),
    }
}

/// Whether Rails' JSON params parser handles this `Content-Type` (`Mime[:json]` and synonyms).
fn is_json(content_type: Option<&str>) -> bool {
    let Some(value) = content_type else {
        return false;
    };
    // The usual value, compared whole before anything is split or folded.
    if value == "application/json" {
        return true;
    }
    let media = value.split(';').next().unwrap_or("").trim();
    ["application/json", "text/x-json", "application/jsonrequest"]
        .iter()
        .any(|json| media.eq_ignore_ascii_case(json))
}

/// `params[:user_ids]`, with `null` elements dropped as Rails' deep munge does.
pub(crate) fn user_ids(params: BodyParams) -> Result<Vec<RequestedId>, NoMethodError> {
    let object = match params {
        BodyParams::UserIds(ids) => return Ok(ids),
        BodyParams::Object(object) => object,
        BodyParams::Absent => return Err(NoMethodError),
    };
    let Some(Value::Array(items)) = object.get("user_ids") else {
        return Err(NoMethodError);
    };
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let requested = match item {
            Value::Null => continue,
            Value::Number(n) => match (n.as_i64(), n.is_u64()) {
                (Some(id), _) => RequestedId {
                    id: Some(id),
                    is_integer: true,
                },
                (None, true) => RequestedId {
                    id: None,
                    is_integer: true,
                },
                (None, false) => RequestedId {
                    id: n.as_f64().and_then(float_to_i),
                    is_integer: false,
                },
            },
            Value::String(text) => RequestedId {
                id: ruby_to_i(text),
                is_integer: false,
            },
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => return Err(NoMethodError),
        };
        ids.push(requested);
    }
    Ok(ids)
}

/// Ruby `Float#to_i` (truncation); `None` beyond `i64`.
fn float_to_i(value: f64) -> Option<i64> {
    // 2^63 as f64; anything at or above it (or NaN) is not an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let truncated = value.trunc();
    (truncated.is_finite() && (-LIMIT..LIMIT).contains(&truncated)).then_some(truncated as i64)
}

/// Ruby `String#to_i`: leading whitespace, an optional sign, then digits with single
/// underscores between them; anything else ends the number (`"abc"` is 0, `"5x"` is 5).
/// `None` when the number does not fit an `i64` (Ruby makes a bignum no id can equal).
pub(crate) fn ruby_to_i(text: &str) -> Option<i64> {
    let text = text.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    let mut after_digit = false;
    for byte in digits.bytes() {
        match byte {
            b'0'..=b'9' => {
                let digit = i64::from(byte - b'0');
                value = value.checked_mul(10)?;
                value = if negative {
                    value.checked_sub(digit)?
                } else {
                    value.checked_add(digit)?
                };
                after_digit = true;
            }
            b'_' if after_digit => after_digit = false,
            _ => break,
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {

    use rstest::rstest;
    use serde_json::json;

    use super::*;

    #[rstest]
    #[case::digits("42", Some(42))]
    #[case::letters("abc", Some(0))]
    #[case::empty("", Some(0))]
    #[case::trailing_letters("5abc", Some(5))]
    #[case::leading_space(" \t7", Some(7))]
    #[case::negative("-3", Some(-3))]
    #[case::plus("+8", Some(8))]
    #[case::underscores("1_000", Some(1000))]
    #[case::double_underscore("1__2", Some(1))]
    #[case::leading_underscore("_1", Some(0))]
    #[case::float_text("5.9", Some(5))]
    #[case::hex_is_zero("0x1A", Some(0))]
    #[case::bignum("99999999999999999999", None)]
    #[case::min("-9223372036854775808", Some(i64::MIN))]
    fn strings_convert_like_ruby_to_i(#[case] text: &str, #[case] expected: Option<i64>) {
        assert_eq!(ruby_to_i(text), expected);
    }

    fn ids(body: Value) -> Result<Vec<(Option<i64>, bool)>, NoMethodError> {
        user_ids(BodyParams::Object(body))
            .map(|v| v.into_iter().map(|r| (r.id, r.is_integer)).collect())
    }

    #[rstest]
    #[case::missing(json!({}))]
    #[case::null(json!({"user_ids": null}))]
    #[case::string(json!({"user_ids": "5"}))]
    #[case::number(json!({"user_ids": 5}))]
    #[case::object(json!({"user_ids": {"a": 1}}))]
    #[case::boolean_element(json!({"user_ids": [3, true]}))]
    #[case::nested_array_element(json!({"user_ids": [[3]]}))]
    #[case::object_element(json!({"user_ids": [{"id": 3}]}))]
    fn a_missing_or_non_array_user_ids_is_a_no_method_error(#[case] body: Value) {
        assert_eq!(ids(body), Err(NoMethodError));
    }

    #[test]
    fn elements_keep_their_ruby_type_and_nulls_are_dropped() {
        let got = ids(json!({"user_ids": [5, null, "6", 7.9, -1, 18446744073709551615u64, 1e300]}));
        assert_eq!(
            got.unwrap(),
            [
                (Some(5), true),
                (Some(6), false),
                (Some(7), false),
                (Some(-1), true),
                (None, true),
                (None, false),
            ]
        );
    }

    #[rstest]
    #[case::json("application/json", true)]
    #[case::json_charset("application/json; charset=utf-8", true)]
    #[case::upper("Application/JSON", true)]
    #[case::form("application/x-www-form-urlencoded", false)]
    #[case::vendor_json("application/vnd.api+json", false)]
    fn only_json_content_types_are_parsed(#[case] content_type: &str, #[case] parsed: bool) {
        assert_eq!(is_json(Some(content_type)), parsed);
    }
}

#[cfg(test)]
mod usual_body_agreement {
    use http::Method;
    use rstest::rstest;

    use super::{BodyParams, body_params, user_ids};
    use crate::exchange::OwnedRequest;

    fn request(content_type: Option<&str>, body: &[u8]) -> OwnedRequest {
        let request = OwnedRequest::new(Method::PATCH, "/api/v1/accounts/1/teams/1/team_members")
            .body(body.to_vec());
        match content_type {
            Some(content_type) => request.header("content-type", content_type),
            None => request,
        }
    }

    fn read(content_type: Option<&str>, body: &[u8], usual: bool) -> String {
        // What the member change goes on to read: the 400, or `user_ids` (500 or the ids).
        let params = body_params(&request(content_type, body).as_request(), usual);
        format!("{:?}", params.map(user_ids))
    }

    #[rstest]
    #[case::usual(br#"{"user_ids":[3,4,5]}"#, true)]
    #[case::whitespace(b" {\n\"user_ids\" : [ 3 , -4 ] } ", true)]
    #[case::empty_list(br#"{"user_ids":[]}"#, true)]
    #[case::repeated_ids(br#"{"user_ids":[3,3,3]}"#, true)]
    #[case::i64_bounds(br#"{"user_ids":[9223372036854775807,-9223372036854775808]}"#, true)]
    #[case::zero_and_negative(br#"{"user_ids":[0,-5]}"#, true)]
    #[case::tabs_and_returns(b"\t{\r\n\"user_ids\":[\t1\r,2\n]}\r\n", true)]
    #[case::escaped_key(br#"{"user\u005fids":[3]}"#, false)]
    #[case::leading_zero(br#"{"user_ids":[03]}"#, false)]
    #[case::plus_sign(br#"{"user_ids":[+1]}"#, false)]
    #[case::dot_only(br#"{"user_ids":[1.]}"#, false)]
    #[case::trailing_comma(br#"{"user_ids":[1,]}"#, false)]
    #[case::leading_comma(br#"{"user_ids":[,1]}"#, false)]
    #[case::missing_comma(br#"{"user_ids":[1 2]}"#, false)]
    #[case::comma_after_list(br#"{"user_ids":[1],}"#, false)]
    #[case::extra_bracket(br#"{"user_ids":[1]]}"#, false)]
    #[case::no_break_space(b"{\"user_ids\":[1]\xC2\xA0}", false)]
    #[case::beyond_i64(br#"{"user_ids":[9223372036854775808]}"#, false)]
    #[case::below_i64(br#"{"user_ids":[-9223372036854775809]}"#, false)]
    #[case::negative_zero(br#"{"user_ids":[-0]}"#, false)]
    #[case::float(br#"{"user_ids":[3.0]}"#, false)]
    #[case::exponent(br#"{"user_ids":[1e2]}"#, false)]
    #[case::null_element(br#"{"user_ids":[3,null]}"#, false)]
    #[case::string_element(br#"{"user_ids":["3"]}"#, false)]
    #[case::boolean_element(br#"{"user_ids":[true]}"#, false)]
    #[case::null_list(br#"{"user_ids":null}"#, false)]
    #[case::number_not_list(br#"{"user_ids":3}"#, false)]
    #[case::other_key(br#"{"user_ids":[3],"team":{}}"#, false)]
    #[case::repeated_key(br#"{"user_ids":[3],"user_ids":[4]}"#, false)]
    #[case::no_key(br#"{}"#, false)]
    #[case::array_body(br#"[3]"#, false)]
    #[case::bom(b"\xEF\xBB\xBF{\"user_ids\":[3]}", false)]
    #[case::trailing_text(br#"{"user_ids":[3]} x"#, false)]
    #[case::truncated(br#"{"user_ids":[3"#, false)]
    fn the_one_pass_read_agrees_with_the_general_path(#[case] body: &[u8], #[case] typed: bool) {
        for content_type in [
            Some("application/json"),
            Some("application/json; charset=utf-8"),
            Some("text/plain"),
            None,
        ] {
            assert_eq!(
                read(content_type, body, true),
                read(content_type, body, false),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let request = request(Some("application/json"), body);
        let took_the_one_pass_read = matches!(
            body_params(&request.as_request(), true),
            Ok(BodyParams::UserIds(_))
        );
        assert_eq!(
            took_the_one_pass_read,
            typed,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
