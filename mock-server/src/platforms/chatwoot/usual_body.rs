//! The usual body of a member change, `{"user_ids":[3,4,5]}`, read in one pass when that is
//! sure to mean what the general path ([`super::params`]: the body parsed into a
//! `serde_json::Value` as Rails' JSON params parser would, then `params[:user_ids]`) concludes.
//!
//! [`user_ids`] answers only for a body that is, with optional JSON whitespace between the
//! tokens, exactly `{"user_ids":[…]}` (the key written without escapes, once, and no other
//! key) holding integers written as integers (`-?(0|[1-9][0-9]*)`) that fit an `i64`. The
//! general path reads such a body as an object whose `user_ids` elements are JSON integers
//! (Ruby `Integer`s, each its own `to_i`), so both give the same ids in the same order.
//! Anything else (`null` elements, `3.0`, `-0` (a float to `serde_json`), `1e2`, `03`, integers
//! beyond `i64`, strings, an escaped key, other or repeated keys, a non-object, invalid JSON)
//! gets `None` and goes the general way, which gives Chatwoot's own answer. The content-type
//! check comes first, in [`super::params::body_params`].

use super::params::RequestedId;
use crate::platforms::usual_json::Cursor;

/// The ids of a body that is exactly `{"user_ids":[integers]}`, or `None`.
pub(crate) fn user_ids(body: &[u8]) -> Option<Vec<RequestedId>> {
    let mut cursor = Cursor::new(body);
    cursor.token(b"{")?;
    cursor.token(b"\"user_ids\"")?;
    cursor.token(b":")?;
    let ids = cursor.list(|cursor| {
        Some(RequestedId {
            id: Some(cursor.integer()?),
            is_integer: true,
        })
    })?;
    cursor.token(b"}")?;
    cursor.end()?;
    Some(ids)
}

#[cfg(test)]
mod tests {
    use http::header::{CONTENT_TYPE, HeaderValue};
    use http::{HeaderMap, Method};
    use rstest::rstest;

    use super::super::params::{BodyParams, body_params, user_ids};
    use crate::exchange::Request;

    fn read(content_type: Option<&'static str>, body: &[u8], usual: bool) -> String {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        let request = Request {
            method: &Method::PATCH,
            path: "/api/v1/accounts/1/teams/1/team_members",
            query: None,
            headers: &headers,
            body,
        };
        // What the member change goes on to read: the 400, or `user_ids` (500 or the ids).
        let params = body_params(&request, usual);
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
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let request = Request {
            method: &Method::PATCH,
            path: "/api/v1/accounts/1/teams/1/team_members",
            query: None,
            headers: &headers,
            body,
        };
        let took_the_one_pass_read =
            matches!(body_params(&request, true), Ok(BodyParams::UserIds(_)));
        assert_eq!(
            took_the_one_pass_read,
            typed,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
