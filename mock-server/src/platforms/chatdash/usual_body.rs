//! The usual assign body, `{"agentIds":["65a1…"],"clientId":"64b7…"}`, read in one pass when
//! that is sure to mean what the general path ([`super::input`]: the body parsed into a
//! `serde_json::Value` object, then its `agentIds` and `clientId`) concludes.
//!
//! [`assign`] answers only for an object with exactly the keys `agentIds` and `clientId`, each
//! once, in either order, written without escapes, where `agentIds` is an array of strings and
//! `clientId` a string, every string printable ASCII without escapes (ids are hex). The general
//! path reads the same strings from such a body, so both go on with the same values (the
//! empty-list check and the collapse of duplicates follow in `input`). Anything else (another or
//! a repeated key, `null`, a number, an escaped or non-ASCII string, invalid JSON) gets `None`
//! and goes the general way, which gives the assumed answers of `assumed.rs`.

use crate::platforms::usual_json::Cursor;

/// `agentIds` and `clientId` of a body that is exactly the usual assign body, or `None`.
pub(crate) fn assign(body: &[u8]) -> Option<(Vec<String>, String)> {
    let mut cursor = Cursor::new(body);
    cursor.token(b"{")?;
    let mut agent_ids = None;
    let mut client_id = None;
    for index in 0..2 {
        if index > 0 {
            cursor.token(b",")?;
        }
        match cursor.plain_string()? {
            "agentIds" if agent_ids.is_none() => {
                cursor.token(b":")?;
                agent_ids = Some(cursor.list(|c| c.plain_string().map(str::to_owned))?);
            }
            "clientId" if client_id.is_none() => {
                cursor.token(b":")?;
                client_id = Some(cursor.plain_string()?.to_owned());
            }
            _ => return None,
        }
    }
    cursor.token(b"}")?;
    cursor.end()?;
    Some((agent_ids?, client_id?))
}

#[cfg(test)]
mod tests {
    use http::header::{CONTENT_TYPE, HeaderValue};
    use http::{HeaderMap, Method};
    use rstest::rstest;

    use super::super::input::{assign_input, general_assign_input};
    use crate::exchange::Request;

    #[rstest]
    #[case::usual(
        r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e1"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
        true
    )]
    #[case::client_first(r#"{"clientId":"c","agentIds":["a","b"]}"#, true)]
    #[case::whitespace(
        " {\n \"agentIds\" : [ \"a\" , \"b\" ] ,\t\"clientId\" : \"c\" }\r\n",
        true
    )]
    #[case::duplicates_collapsed(r#"{"agentIds":["b","a","b"],"clientId":"c"}"#, true)]
    #[case::empty_list(r#"{"agentIds":[],"clientId":"c"}"#, true)]
    #[case::empty_strings(r#"{"agentIds":[""],"clientId":""}"#, true)]
    #[case::unknown_key(r#"{"agentIds":["a"],"clientId":"c","note":true}"#, false)]
    #[case::repeated_key(r#"{"agentIds":["a"],"clientId":"c","clientId":"d"}"#, false)]
    #[case::repeated_list(r#"{"agentIds":["a"],"agentIds":["b"],"clientId":"c"}"#, false)]
    #[case::only_agent_ids(r#"{"agentIds":["a"]}"#, false)]
    #[case::only_client_id(r#"{"clientId":"c"}"#, false)]
    #[case::escaped_key(r#"{"agent\u0049ds":["a"],"clientId":"c"}"#, false)]
    #[case::escaped_value(r#"{"agentIds":["a\u0041"],"clientId":"c"}"#, false)]
    #[case::non_ascii_value(r#"{"agentIds":["é"],"clientId":"c"}"#, false)]
    #[case::number_element(r#"{"agentIds":["a",1],"clientId":"c"}"#, false)]
    #[case::null_client(r#"{"agentIds":["a"],"clientId":null}"#, false)]
    #[case::string_list(r#"{"agentIds":"a","clientId":"c"}"#, false)]
    #[case::nested_list(r#"{"agentIds":[["a"]],"clientId":"c"}"#, false)]
    #[case::trailing_comma(r#"{"agentIds":["a"],"clientId":"c",}"#, false)]
    #[case::trailing_text(r#"{"agentIds":["a"],"clientId":"c"} x"#, false)]
    #[case::array_body(r#"[]"#, false)]
    #[case::empty_object("{}", false)]
    #[case::empty_body("", false)]
    #[case::bom("\u{feff}{\"agentIds\":[\"a\"],\"clientId\":\"c\"}", false)]
    #[case::lone_surrogate(r#"{"agentIds":["\ud800"],"clientId":"c"}"#, false)]
    fn the_one_pass_read_agrees_with_the_general_path(#[case] body: &str, #[case] usual: bool) {
        for content_type in [
            Some("application/json"),
            Some("application/json; charset=utf-8"),
            Some("text/plain"),
            None,
        ] {
            let mut headers = HeaderMap::new();
            if let Some(content_type) = content_type {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
            let request = Request {
                method: &Method::PUT,
                path: "/v1/public/agents/assign",
                query: None,
                headers: &headers,
                body: body.as_bytes(),
            };
            assert_eq!(
                assign_input(&request),
                general_assign_input(&request),
                "{body} {content_type:?}"
            );
        }
        assert_eq!(super::assign(body.as_bytes()).is_some(), usual, "{body}");
    }
}
