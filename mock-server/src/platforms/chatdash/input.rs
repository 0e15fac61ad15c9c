//! Reading the JSON bodies of assign and unassign, with the assumed 400s of `assumed.rs`.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::exchange::Request;
use crate::platforms::chatdash::assumed::{self, Rejection};
use crate::platforms::chatdash::usual_body;

/// The documented assign body `{agentIds: [string], clientId: string}`, duplicates collapsed.
/// The ids of the usual body are borrowed from it; the general path's are its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssignInput<'a> {
    pub(crate) agent_ids: Vec<Cow<'a, str>>,
    pub(crate) client_id: Cow<'a, str>,
}

/// The documented unassign body `{clientId: string}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnassignInput {
    pub(crate) client_id: String,
}

/// Reads and checks an assign body (the usual one in one pass, see `usual_body`).
pub(crate) fn assign_input<'a>(request: &Request<'a>) -> Result<AssignInput<'a>, Rejection> {
    if !request.body.is_empty()
        && assumed::is_json_content_type(request.content_type())
        && let Some((agent_ids, client_id)) = usual_body::assign(request.body)
    {
        return Ok(AssignInput::new(non_empty(agent_ids)?, client_id));
    }
    general_assign_input(request)
}

/// Reads and checks an assign body through a `serde_json::Value` (any body).
fn general_assign_input<'a>(request: &Request<'a>) -> Result<AssignInput<'a>, Rejection> {
    let mut body = body_object(request)?;
    let agent_ids = match body.remove("agentIds") {
        None => return Err(Rejection::Missing("agentIds")),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(id) => Ok(Cow::Owned(id)),
                _ => Err(Rejection::AgentIdsNotStrings),
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(Rejection::AgentIdsNotStrings),
    };
    // Checked before `clientId` is read: an empty list is the answer whatever `clientId` is.
    let agent_ids = non_empty(agent_ids)?;
    let client_id = client_id(&mut body)?;
    Ok(AssignInput::new(agent_ids, Cow::Owned(client_id)))
}

/// `agentIds` when it names at least one agent.
fn non_empty<T>(agent_ids: Vec<T>) -> Result<Vec<T>, Rejection> {
    if agent_ids.is_empty() {
        Err(Rejection::EmptyAgentIds)
    } else {
        Ok(agent_ids)
    }
}

impl<'a> AssignInput<'a> {
    /// The input, duplicates collapsed to their first occurrence.
    fn new(agent_ids: Vec<Cow<'a, str>>, client_id: Cow<'a, str>) -> Self {
        Self {
            agent_ids: assumed::collapse_duplicates(agent_ids),
            client_id,
        }
    }

    /// The same input owning its strings.
    #[cfg(test)]
    pub(crate) fn into_owned(self) -> AssignInput<'static> {
        AssignInput {
            agent_ids: self
                .agent_ids
                .into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect(),
            client_id: Cow::Owned(self.client_id.into_owned()),
        }
    }
}

/// Reads and checks an unassign body.
pub(crate) fn unassign_input(request: &Request<'_>) -> Result<UnassignInput, Rejection> {
    let mut body = body_object(request)?;
    Ok(UnassignInput {
        client_id: client_id(&mut body)?,
    })
}

fn client_id(body: &mut Map<String, Value>) -> Result<String, Rejection> {
    match body.remove("clientId") {
        None => Err(Rejection::Missing("clientId")),
        Some(Value::String(id)) => Ok(id),
        Some(_) => Err(Rejection::NotAString("clientId")),
    }
}

/// The body as a JSON object; an empty body is `{}`.
fn body_object(request: &Request<'_>) -> Result<Map<String, Value>, Rejection> {
    if request.body.is_empty() {
        return Ok(Map::new());
    }
    if !assumed::is_json_content_type(request.content_type()) {
        return Err(Rejection::NotJsonContentType);
    }
    match serde_json::from_slice(request.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Rejection::NotAnObject),
        Err(_) => Err(Rejection::InvalidJson),
    }
}

#[cfg(test)]
mod tests {

    use http::{HeaderMap, HeaderValue, Method};
    use rstest::rstest;

    use super::*;

    fn with_body<T>(body: &str, read: impl Fn(&Request<'_>) -> T) -> T {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let request = Request {
            method: &Method::PUT,
            path: "/v1/public/agents/assign",
            query: None,
            headers: &headers,
            body: body.as_bytes(),
        };
        read(&request)
    }

    /// `assign_input`, its strings owned (so they outlive the request).
    fn read_assign(request: &Request<'_>) -> Result<AssignInput<'static>, Rejection> {
        assign_input(request).map(AssignInput::into_owned)
    }

    #[rstest]
    #[case::empty_body_is_an_empty_object("", Rejection::Missing("agentIds"))]
    #[case::invalid_json("{", Rejection::InvalidJson)]
    #[case::trailing_garbage(r#"{"agentIds":["a"],"clientId":"c"} x"#, Rejection::InvalidJson)]
    #[case::array_body("[]", Rejection::NotAnObject)]
    #[case::string_body(r#""a""#, Rejection::NotAnObject)]
    #[case::agent_ids_missing(r#"{"clientId":"c"}"#, Rejection::Missing("agentIds"))]
    #[case::agent_ids_a_string(r#"{"agentIds":"a","clientId":"c"}"#, Rejection::AgentIdsNotStrings)]
    #[case::agent_ids_null(r#"{"agentIds":null,"clientId":"c"}"#, Rejection::AgentIdsNotStrings)]
    #[case::agent_id_a_number(
        r#"{"agentIds":["a",1],"clientId":"c"}"#,
        Rejection::AgentIdsNotStrings
    )]
    #[case::agent_ids_empty(r#"{"agentIds":[],"clientId":"c"}"#, Rejection::EmptyAgentIds)]
    #[case::client_id_missing(r#"{"agentIds":["a"]}"#, Rejection::Missing("clientId"))]
    #[case::client_id_a_number(
        r#"{"agentIds":["a"],"clientId":7}"#,
        Rejection::NotAString("clientId")
    )]
    #[case::both_missing_names_agent_ids_first("{}", Rejection::Missing("agentIds"))]
    fn a_faulty_assign_body_is_refused(#[case] body: &str, #[case] rejection: Rejection) {
        assert_eq!(with_body(body, read_assign), Err(rejection));
    }

    #[test]
    fn an_assign_body_collapses_duplicates_and_ignores_unknown_keys() {
        let input = with_body(
            r#"{"agentIds":["b","a","b"],"clientId":"c","note":true}"#,
            read_assign,
        )
        .unwrap();
        assert_eq!(input.agent_ids, ["b", "a"]);
        assert_eq!(input.client_id, "c");
    }

    #[test]
    fn an_unassign_body_needs_a_string_client_id() {
        assert_eq!(
            with_body(r#"{"clientId":"c"}"#, unassign_input),
            Ok(UnassignInput {
                client_id: "c".into()
            })
        );
        assert_eq!(
            with_body(r#"{"clientId":["c"]}"#, unassign_input),
            Err(Rejection::NotAString("clientId"))
        );
        assert_eq!(
            with_body("", unassign_input),
            Err(Rejection::Missing("clientId"))
        );
    }

    #[test]
    fn random_bytes_never_panic_and_never_pass() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let len = rng.usize(1..64);
            let bytes: Vec<u8> = (0..len)
                .map(|_| *rng.choice(b"{}[]\":,agentIdsclt0 \\\xff").unwrap())
                .collect();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let result = with_body(&text, read_assign);
            if let Ok(input) = result {
                assert!(!input.agent_ids.is_empty());
            }
        }
    }
}

#[cfg(test)]
mod usual_body_agreement {
    use http::Method;
    use rstest::rstest;

    use super::{assign_input, general_assign_input, usual_body};
    use crate::exchange::OwnedRequest;

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
            let mut request =
                OwnedRequest::new(Method::PUT, "/v1/public/agents/assign").body(body.to_owned());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let request = request.as_request();
            assert_eq!(
                assign_input(&request),
                general_assign_input(&request),
                "{body} {content_type:?}"
            );
        }
        assert_eq!(
            usual_body::assign(body.as_bytes()).is_some(),
            usual,
            "{body}"
        );
    }
}
