//! # ASSUMED ChatDash behaviour — every one of it, in this one file.
//!
//! ChatDash documents only two answers for `PUT /agents/assign` and `PUT /agents/{agentId}/unassign`:
//! 200 `{"message": …}` and 500 `{"error":"An unexpected error occurred"}`
//! (`fixtures/vendor-docs/000_e3bda07a8e530ff9.txt`, and docs.chat-dash.com's "Unassign Agent from
//! Client" page; `docs/behaviours/chatdash.md` lists what is not documented). Its server is not
//! public, so nothing else can be observed either. Everything below is rosterwire's choice, to
//! be confirmed against a real ChatDash server; every response built here is labelled
//! [`Provenance::Assumed`]. To change an assumption, change it here (and its row in
//! `docs/behaviours/chatdash.md`); the rest of the vendor only calls into this file.
//!
//! The choices, in the order the mock applies them to a request:
//!
//! 1. **Content-Type** of every answer: `application/json; charset=utf-8`, what Express's
//!    `res.json` writes (the `_id` naming and the error shape suggest a Node/Express/MongoDB stack).
//! 2. **Auth before routing**: the agency key is checked first, for every path under
//!    `/v1/public`, as an Express auth middleware mounted on the router would
//!    ([`AUTH_BEFORE_ROUTING`]).
//! 3. **Auth header format**: `Authorization: <key>` or `Authorization: Bearer <key>` (scheme
//!    case-insensitive, surrounding blanks ignored). Missing, empty, non-ASCII or unknown → 401
//!    `{"error":"Unauthorized"}` ([`agency_key`]).
//! 4. **Routes**: exact paths, no trailing-slash or case folding; `GET` also answers `HEAD`; an
//!    unknown path or a wrong method → 404 `{"error":"Not found"}`. `GET /agents/assign` is the
//!    agent lookup with id `assign` (Express matches `/agents/:agentId`), so it is a 404
//!    "Agent not found". `GET /clients/{clientId}` of an unknown id → 404
//!    `{"error":"Client not found"}` (the body assign uses for an unknown client).
//!    `GET /clients` answers a top-level JSON array, like `GET /agents`: the "Get Clients"
//!    page gives each item's fields (`{_id, name, language, isSaasClient}`), not whether the
//!    list is wrapped (`clients.rs` serializes the world's list as it is).
//! 5. **Body**: an empty body counts as `{}` (Express's `express.json()`); a non-empty body needs
//!    `Content-Type: application/json` (any parameters); it must be valid JSON and an object.
//!    Unknown keys are ignored (the schema sets no `additionalProperties`). Each failure → 400
//!    `{"error":"<what is wrong>"}`; fields are checked in the documented order (`agentIds`, then
//!    `clientId`) and `null` counts as present but mistyped.
//! 6. **`agentIds`**: must be a non-empty array of strings; duplicates collapse to their first
//!    occurrence ([`collapse_duplicates`]).
//! 7. **Lookups**: unknown client → 404 `{"error":"Client not found"}` (checked first for assign);
//!    unknown agent ids → 404 naming every one of them in request order; for unassign and get
//!    the path's agent is looked up first → 404 `{"error":"Agent not found"}`.
//! 8. **Re-assignment** ([`reassignment`]): assignment is exclusive (help-centre rule "Agents can
//!    only be assigned to one client"). Same client → no change, still 200. Another client →
//!    409 naming the agents; the API does not silently move them.
//! 9. **Unassign rule** ([`unassignment`]): only from the client the agent is assigned to;
//!    otherwise 409 (see there for why not 400).
//! 10. **Atomicity**: a request is validated completely, then written under one lock; any
//!     rejection changes nothing (no partial assignment).
//! 11. **Body too large** → 413 `{"error":"Request body too large"}` (body-parser's status).
//! 12. **Fault injection** of a status other than 500 → `{"error":"<reason phrase>"}`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::Hash;

use http::StatusCode;
use serde::Serialize;

use crate::exchange::{Operation, Response, content_type};
use crate::fidelity::Provenance;

/// The `Content-Type` of every ChatDash answer (Express `res.json`).
pub(crate) const CONTENT_TYPE: &str = content_type::JSON_UTF8;

/// Whether the agency key is checked before the route is matched.
pub(crate) const AUTH_BEFORE_ROUTING: bool = true;

/// Every assumed rejection, with its status and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No usable agency key.
    Unauthorized,
    /// No route for this method and path.
    RouteNotFound,
    /// A non-empty body without `Content-Type: application/json`.
    NotJsonContentType,
    /// The body does not parse as JSON.
    InvalidJson,
    /// The body is JSON but not an object.
    NotAnObject,
    /// A required field is absent.
    Missing(&'static str),
    /// A field that must be a string is not.
    NotAString(&'static str),
    /// `agentIds` is not an array of strings.
    AgentIdsNotStrings,
    /// `agentIds` is `[]`.
    EmptyAgentIds,
    /// The client does not exist.
    ClientNotFound,
    /// The agent in the path does not exist.
    AgentNotFound,
    /// These agents of `agentIds` do not exist.
    AgentsNotFound(Vec<String>),
    /// These agents are assigned to another client.
    AssignedToAnotherClient(Vec<String>),
    /// The agent is not assigned to the client named in the unassign body.
    NotAssignedToClient,
    /// The body is over the server's limit.
    BodyTooLarge,
}

impl Rejection {
    /// The status of this rejection.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Rejection::Unauthorized => StatusCode::UNAUTHORIZED,
            Rejection::RouteNotFound
            | Rejection::ClientNotFound
            | Rejection::AgentNotFound
            | Rejection::AgentsNotFound(_) => StatusCode::NOT_FOUND,
            Rejection::NotJsonContentType
            | Rejection::InvalidJson
            | Rejection::NotAnObject
            | Rejection::Missing(_)
            | Rejection::NotAString(_)
            | Rejection::AgentIdsNotStrings
            | Rejection::EmptyAgentIds => StatusCode::BAD_REQUEST,
            Rejection::AssignedToAnotherClient(_) | Rejection::NotAssignedToClient => {
                StatusCode::CONFLICT
            }
            Rejection::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// The text of the `error` key.
    pub(crate) fn message(&self) -> Cow<'static, str> {
        match self {
            Rejection::Unauthorized => "Unauthorized".into(),
            Rejection::RouteNotFound => "Not found".into(),
            Rejection::NotJsonContentType => "Content-Type must be application/json".into(),
            Rejection::InvalidJson => "Request body is not valid JSON".into(),
            Rejection::NotAnObject => "Request body must be a JSON object".into(),
            Rejection::Missing(field) => format!("{field} is required").into(),
            Rejection::NotAString(field) => format!("{field} must be a string").into(),
            Rejection::AgentIdsNotStrings => "agentIds must be an array of strings".into(),
            Rejection::EmptyAgentIds => "agentIds must not be empty".into(),
            Rejection::ClientNotFound => "Client not found".into(),
            Rejection::AgentNotFound => "Agent not found".into(),
            Rejection::AgentsNotFound(ids) => {
                naming(ids, "Agent not found", "Agents not found").into()
            }
            Rejection::AssignedToAnotherClient(ids) => naming(
                ids,
                "Agent already assigned to another client",
                "Agents already assigned to another client",
            )
            .into(),
            Rejection::NotAssignedToClient => "Agent is not assigned to this client".into(),
            Rejection::BodyTooLarge => "Request body too large".into(),
        }
    }

    /// The response: `{"error": <message>}` with the status, labelled assumed.
    pub(crate) fn into_response(self, operation: Operation) -> Response {
        error_response(operation, self.status(), &self.message())
    }
}

/// `"<singular>: a"` or `"<plural>: a, b"`.
fn naming(ids: &[String], singular: &str, plural: &str) -> String {
    let label = if ids.len() == 1 { singular } else { plural };
    format!("{label}: {}", ids.join(", "))
}

/// ChatDash's only documented error shape, reused for every assumed error.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

/// `{"error": message}` with `status`, labelled assumed.
pub(crate) fn error_response(operation: Operation, status: StatusCode, message: &str) -> Response {
    Response::json(
        operation,
        status,
        CONTENT_TYPE,
        &ErrorBody { error: message },
        Provenance::Assumed,
    )
}

/// The error body for an injected fault other than the documented 500: the reason phrase.
pub(crate) fn fault_response(operation: Operation, status: StatusCode) -> Response {
    error_response(
        operation,
        status,
        status.canonical_reason().unwrap_or("Error"),
    )
}

/// The agency key carried by an `Authorization` header value: bare, or after `Bearer `.
pub(crate) fn agency_key(header: &str) -> Option<&str> {
    let value = header.trim();
    // `value.split_once(' ')`, found byte by byte (no searcher to set up for a short value).
    let split = value
        .bytes()
        .position(|b| b == b' ')
        .and_then(|space| Some((value.get(..space)?, value.get(space + 1..)?)));
    let key = match split {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        // `Bearer` with nothing after it (the header value arrives trimmed).
        None if value.eq_ignore_ascii_case("bearer") => "",
        _ => value,
    };
    (!key.is_empty()).then_some(key)
}

/// Whether a request `Content-Type` lets the JSON body be read (`application/json`, any params).
pub(crate) fn is_json_content_type(value: Option<&str>) -> bool {
    let Some(value) = value else {
        return false;
    };
    // The usual value, compared whole before anything is split or folded.
    if value == "application/json" {
        return true;
    }
    let media = value.split_once(';').map_or(value, |(media, _)| media);
    media.trim().eq_ignore_ascii_case("application/json")
}

/// `agentIds` with repeated ids removed, first occurrences kept in order.
pub(crate) fn collapse_duplicates<T: Eq + Hash + Clone>(mut ids: Vec<T>) -> Vec<T> {
    if ids.len() <= SHORT_LIST {
        // In place, comparing with the ids kept so far: no hashing, no copies.
        let mut kept = 0;
        for index in 0..ids.len() {
            if !ids.get(..kept).unwrap_or_default().contains(&ids[index]) {
                ids.swap(kept, index);
                kept += 1;
            }
        }
        ids.truncate(kept);
        return ids;
    }
    let mut seen = HashSet::with_capacity(ids.len());
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Up to this many ids, [`collapse_duplicates`] compares instead of hashing.
const SHORT_LIST: usize = 16;

/// What assigning an agent to `target` does, given the client it is assigned to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reassignment {
    /// Set `clientId` to the target.
    Assign,
    /// Already assigned to the target: nothing to write, still a success.
    Unchanged,
    /// Assigned to another client: the whole request is refused.
    Conflict,
}

/// The re-assignment rule: exclusive assignment, idempotent for the same client.
pub(crate) fn reassignment(current: Option<&str>, target: &str) -> Reassignment {
    match current {
        None => Reassignment::Assign,
        Some(client) if client == target => Reassignment::Unchanged,
        Some(_) => Reassignment::Conflict,
    }
}

/// The unassign rule: an agent can only be unassigned from the client it is assigned to.
///
/// 409, not 400: the request is well-formed and names existing resources; it conflicts with the
/// current state, like assigning an agent that another client holds. This also means unassign
/// is not idempotent: a second unassign is a 409, which tells a client its view is stale.
pub(crate) fn unassignment(current: Option<&str>, client: &str) -> Result<(), Rejection> {
    match current {
        Some(assigned) if assigned == client => Ok(()),
        _ => Err(Rejection::NotAssignedToClient),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::bare_key("cd-key", Some("cd-key"))]
    #[case::bearer_key("Bearer cd-key", Some("cd-key"))]
    #[case::lower_case_bearer("bearer cd-key", Some("cd-key"))]
    #[case::blanks_around(" Bearer   cd-key ", Some("cd-key"))]
    #[case::bearer_without_key("Bearer ", None)]
    #[case::empty("", None)]
    #[case::other_scheme_is_taken_whole("Basic abc", Some("Basic abc"))]
    #[case::two_spaces("Bearer  cd-key", Some("cd-key"))]
    #[case::bearer_alone("bearer", None)]
    #[case::bearer_then_blanks("Bearer \t ", None)]
    #[case::non_ascii_scheme("Béarer cd-key", Some("Béarer cd-key"))]
    #[case::tab_not_a_separator("Bearer\tcd-key", Some("Bearer\tcd-key"))]
    fn the_agency_key_is_bare_or_after_bearer(#[case] header: &str, #[case] key: Option<&str>) {
        assert_eq!(agency_key(header), key);
        // The same as splitting at the first space with `str::split_once`.
        let value = header.trim();
        let split_once = match value.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
            None if value.eq_ignore_ascii_case("bearer") => "",
            _ => value,
        };
        assert_eq!(
            agency_key(header),
            (!split_once.is_empty()).then_some(split_once)
        );
    }

    #[rstest]
    #[case::plain(Some("application/json"), true)]
    #[case::with_charset(Some("application/json; charset=utf-8"), true)]
    #[case::upper_case(Some("Application/JSON"), true)]
    #[case::text(Some("text/plain"), false)]
    #[case::form(Some("application/x-www-form-urlencoded"), false)]
    #[case::absent(None, false)]
    #[case::padded(Some(" application/json ;x"), true)]
    #[case::prefix(Some("application/jsonx"), false)]
    #[case::empty(Some(""), false)]
    fn only_application_json_bodies_are_read(#[case] value: Option<&str>, #[case] json: bool) {
        assert_eq!(is_json_content_type(value), json);
    }

    #[rstest]
    #[case::short(5)]
    #[case::at_the_limit(SHORT_LIST)]
    #[case::long(SHORT_LIST * 3)]
    fn duplicates_collapse_to_their_first_occurrence(#[case] len: usize) {
        let ids = ["b", "a", "b", "c", "a"].map(String::from).to_vec();
        assert_eq!(collapse_duplicates(ids), ["b", "a", "c"]);
        // `len` ids cycling backwards through len / 2 values: first occurrences in order.
        let ids: Vec<String> = (0..len)
            .map(|i| ((len - i) % (len / 2)).to_string())
            .collect();
        let mut expected: Vec<String> = Vec::new();
        for id in &ids {
            if !expected.contains(id) {
                expected.push(id.clone());
            }
        }
        assert_eq!(collapse_duplicates(ids), expected);
    }

    #[rstest]
    #[case::unassigned(None, Reassignment::Assign)]
    #[case::same_client(Some("c1"), Reassignment::Unchanged)]
    #[case::other_client(Some("c2"), Reassignment::Conflict)]
    fn assignment_is_exclusive(#[case] current: Option<&str>, #[case] outcome: Reassignment) {
        assert_eq!(reassignment(current, "c1"), outcome);
    }

    #[rstest]
    #[case::assigned_there(Some("c1"), Ok(()))]
    #[case::unassigned(None, Err(Rejection::NotAssignedToClient))]
    #[case::assigned_elsewhere(Some("c2"), Err(Rejection::NotAssignedToClient))]
    fn unassign_needs_the_current_client(
        #[case] current: Option<&str>,
        #[case] outcome: Result<(), Rejection>,
    ) {
        assert_eq!(unassignment(current, "c1"), outcome);
    }

    #[test]
    fn rejections_name_one_or_many_agents() {
        let one = Rejection::AgentsNotFound(vec!["a".into()]);
        let two = Rejection::AssignedToAnotherClient(vec!["a".into(), "b".into()]);
        assert_eq!(one.message(), "Agent not found: a");
        assert_eq!(
            two.message(),
            "Agents already assigned to another client: a, b"
        );
    }

    #[test]
    fn an_injected_fault_names_its_reason_phrase() {
        let op = Operation::new(crate::vendor_name::VendorName::ChatDash, "assign-agents");
        let response = fault_response(op, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.body_text(), r#"{"error":"Service Unavailable"}"#);
        assert_eq!(response.provenance, Provenance::Assumed);
    }
}
