//! ChatDash behaviour through `rosterwire_mock::Engine` (no socket), then a few checks over HTTP.
//!
//! Every table runs in both fidelity profiles: ChatDash behaves the same in both.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use rosterwire_mock::exchange::{OwnedRequest, Request, Response};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, MockConfig, MockServer, Provenance, VendorOptions, World,
};
use rstest::rstest;

const KEY: &str = "cd-agency-key-7f3a9b";
const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
const GLOBEX: &str = "64b7f0c2a1e4d5f6a7b8c9d1";
const E1: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const E2: &str = "65a1b2c3d4e5f6a7b8c9d0e2";
const E3: &str = "65a1b2c3d4e5f6a7b8c9d0e3";
const E4: &str = "65a1b2c3d4e5f6a7b8c9d0e4";
const AGENTS: [&str; 4] = [E1, E2, E3, E4];
/// The seed's assignments of E1..E4.
const SEEDED: [Option<&str>; 4] = [Some(ACME), None, None, None];
const CHARSET_JSON: &str = "application/json; charset=utf-8";

fn engine(fidelity: Fidelity) -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(fidelity),
        VendorOptions::default(),
    )
    .unwrap()
}

/// Sends a request with an optional `Authorization` value and a JSON body (when non-empty).
fn send(engine: &Engine, method: Method, path: &str, auth: Option<&str>, body: &str) -> Response {
    let mut request = OwnedRequest::new(method, path);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    if !body.is_empty() {
        request = request.json(body.to_owned());
    }
    engine.handle(&request.as_request())
}

fn send_with(
    engine: &Engine,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &str,
) -> Response {
    engine.handle(&Request {
        method,
        path,
        query: None,
        headers,
        body: body.as_bytes(),
    })
}

fn assign_body(ids: &[&str], client: &str) -> String {
    serde_json::json!({ "agentIds": ids, "clientId": client }).to_string()
}

/// Each seed agent's `clientId`, read back through `GET /agents`.
fn assignments(engine: &Engine) -> Vec<Option<String>> {
    let response = send(engine, Method::GET, "/v1/public/agents", Some(KEY), "");
    assert_eq!(response.status, StatusCode::OK);
    let agents: Vec<serde_json::Value> = serde_json::from_slice(&response.body).unwrap();
    AGENTS
        .iter()
        .map(|id| {
            let agent = agents.iter().find(|a| a["_id"] == *id).unwrap();
            agent["clientId"].as_str().map(str::to_owned)
        })
        .collect()
}

fn expect(assignments: [Option<&str>; 4]) -> Vec<Option<String>> {
    assignments.iter().map(|c| c.map(str::to_owned)).collect()
}

/// The whole ChatDash state, to compare before and after a request.
fn chatdash_state(engine: &Engine) -> rosterwire_mock::world::chatdash::ChatDashWorld {
    engine.world().chatdash
}

// ---------------------------------------------------------------------------------------------
// PUT /agents/assign
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::no_key(None, &assign_body(&[E2], ACME), 401, r#"{"error":"Unauthorized"}"#)]
#[case::unknown_key(Some("cd-agency-key-000000"), &assign_body(&[E2], ACME), 401, r#"{"error":"Unauthorized"}"#)]
#[case::bearer_with_unknown_key(Some("Bearer nope"), &assign_body(&[E2], ACME), 401, r#"{"error":"Unauthorized"}"#)]
#[case::empty_key(Some(""), &assign_body(&[E2], ACME), 401, r#"{"error":"Unauthorized"}"#)]
#[case::invalid_json(
    Some(KEY),
    "{\"agentIds\": [",
    400,
    r#"{"error":"Request body is not valid JSON"}"#
)]
#[case::array_body(
    Some(KEY),
    "[]",
    400,
    r#"{"error":"Request body must be a JSON object"}"#
)]
#[case::empty_body(Some(KEY), "", 400, r#"{"error":"agentIds is required"}"#)]
#[case::agent_ids_missing(
    Some(KEY),
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    400,
    r#"{"error":"agentIds is required"}"#
)]
#[case::agent_ids_a_string(
    Some(KEY),
    r#"{"agentIds":"65a1b2c3d4e5f6a7b8c9d0e2","clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    400,
    r#"{"error":"agentIds must be an array of strings"}"#
)]
#[case::agent_ids_with_a_number(
    Some(KEY),
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2",3],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    400,
    r#"{"error":"agentIds must be an array of strings"}"#
)]
#[case::agent_ids_empty(
    Some(KEY),
    r#"{"agentIds":[],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    400,
    r#"{"error":"agentIds must not be empty"}"#
)]
#[case::client_id_missing(
    Some(KEY),
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"]}"#,
    400,
    r#"{"error":"clientId is required"}"#
)]
#[case::client_id_a_number(
    Some(KEY),
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":1}"#,
    400,
    r#"{"error":"clientId must be a string"}"#
)]
#[case::client_id_null(
    Some(KEY),
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":null}"#,
    400,
    r#"{"error":"clientId must be a string"}"#
)]
#[case::unknown_client(Some(KEY), &assign_body(&[E2], "64b7f0c2a1e4d5f6a7b8ffff"), 404, r#"{"error":"Client not found"}"#)]
#[case::unknown_agent(Some(KEY), &assign_body(&["65a1b2c3d4e5f6a7b8c9ffff"], ACME), 404, r#"{"error":"Agent not found: 65a1b2c3d4e5f6a7b8c9ffff"}"#)]
#[case::known_and_unknown_agents(Some(KEY), &assign_body(&["x1", E2, "x2", "x1"], ACME), 404, r#"{"error":"Agents not found: x1, x2"}"#)]
#[case::agent_of_another_client(Some(KEY), &assign_body(&[E1], GLOBEX), 409, r#"{"error":"Agent already assigned to another client: 65a1b2c3d4e5f6a7b8c9d0e1"}"#)]
#[case::free_and_taken_agents(Some(KEY), &assign_body(&[E2, E1, E3], GLOBEX), 409, r#"{"error":"Agent already assigned to another client: 65a1b2c3d4e5f6a7b8c9d0e1"}"#)]
fn a_rejected_assign_answers_the_assumed_error_and_changes_nothing(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] auth: Option<&str>,
    #[case] body: &str,
    #[case] status: u16,
    #[case] expected: &str,
) {
    // Arrange
    let engine = engine(fidelity);
    let before = chatdash_state(&engine);
    // Act
    let response = send(&engine, Method::PUT, "/v1/public/agents/assign", auth, body);
    // Assert
    assert_eq!(response.status.as_u16(), status);
    assert_eq!(response.body_text(), expected);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(response.operation.id, "assign-agents");
    assert_eq!(chatdash_state(&engine), before);
    assert_eq!(assignments(&engine), expect(SEEDED));
}

#[rstest]
#[case::bare_key_one_agent(KEY, &assign_body(&[E2], ACME), [Some(ACME), Some(ACME), None, None])]
#[case::bearer_key_two_agents(&format!("Bearer {KEY}"), &assign_body(&[E2, E3], GLOBEX), [Some(ACME), Some(GLOBEX), Some(GLOBEX), None])]
#[case::lower_case_bearer(&format!("bearer {KEY}"), &assign_body(&[E4], GLOBEX), [Some(ACME), None, None, Some(GLOBEX)])]
#[case::duplicates_collapse(KEY, &assign_body(&[E3, E3, E3], ACME), [Some(ACME), None, Some(ACME), None])]
#[case::same_client_again_is_idempotent(KEY, &assign_body(&[E1], ACME), SEEDED)]
#[case::same_client_and_a_free_agent(KEY, &assign_body(&[E1, E4], ACME), [Some(ACME), None, None, Some(ACME)])]
#[case::unknown_keys_are_ignored(KEY, r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d1","force":true}"#, [Some(ACME), Some(GLOBEX), None, None])]
fn an_accepted_assign_answers_the_documented_message_and_is_read_back(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] auth: &str,
    #[case] body: &str,
    #[case] after: [Option<&str>; 4],
) {
    // Arrange
    let engine = engine(fidelity);
    // Act
    let response = send(
        &engine,
        Method::PUT,
        "/v1/public/agents/assign",
        Some(auth),
        body,
    );
    // Assert
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.body_text(),
        r#"{"message":"Agent assigned to client successfully"}"#
    );
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Documented);
    assert_eq!(response.operation.id, "assign-agents");
    assert_eq!(assignments(&engine), expect(after));
}

#[rstest]
fn an_assign_body_that_is_not_declared_json_is_refused(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[values(None, Some("text/plain"), Some("application/x-www-form-urlencoded"))]
    content_type: Option<&str>,
) {
    let engine = engine(fidelity);
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_static(KEY));
    if let Some(value) = content_type {
        headers.insert("content-type", HeaderValue::from_str(value).unwrap());
    }
    let response = send_with(
        &engine,
        &Method::PUT,
        "/v1/public/agents/assign",
        &headers,
        &assign_body(&[E2], ACME),
    );
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    insta::allow_duplicates! {
        insta::assert_snapshot!(response.body_text(), @r#"{"error":"Content-Type must be application/json"}"#);
    }
    assert_eq!(assignments(&engine), expect(SEEDED));
}

#[test]
fn an_assign_is_visible_in_the_engine_world() {
    let engine = engine(Fidelity::Documented);
    send(
        &engine,
        Method::PUT,
        "/v1/public/agents/assign",
        Some(KEY),
        &assign_body(&[E2], GLOBEX),
    );
    let world = engine.world();
    let agent = world.chatdash.agents.iter().find(|a| a.id == E2).unwrap();
    assert_eq!(agent.client_id.as_deref(), Some(GLOBEX));
    world.check().unwrap();
}

#[test]
fn an_unassigned_agent_can_be_assigned_to_another_client() {
    let engine = engine(Fidelity::Documented);
    let unassign = send(
        &engine,
        Method::PUT,
        &format!("/v1/public/agents/{E1}/unassign"),
        Some(KEY),
        &format!(r#"{{"clientId":"{ACME}"}}"#),
    );
    assert_eq!(unassign.status, StatusCode::OK);
    let assign = send(
        &engine,
        Method::PUT,
        "/v1/public/agents/assign",
        Some(KEY),
        &assign_body(&[E1], GLOBEX),
    );
    assert_eq!(assign.status, StatusCode::OK);
    assert_eq!(
        assignments(&engine),
        expect([Some(GLOBEX), None, None, None])
    );
}

// ---------------------------------------------------------------------------------------------
// PUT /agents/{agentId}/unassign
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::assigned_agent(Some(KEY), E1, r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#, 200, r#"{"message":"Agent unassigned from client successfully"}"#, [None, None, None, None])]
#[case::bearer_key(Some("Bearer cd-agency-key-7f3a9b"), E1, r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#, 200, r#"{"message":"Agent unassigned from client successfully"}"#, [None, None, None, None])]
#[case::free_agent(
    Some(KEY),
    E2,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    409,
    r#"{"error":"Agent is not assigned to this client"}"#,
    SEEDED
)]
#[case::agent_of_another_client(
    Some(KEY),
    E1,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d1"}"#,
    409,
    r#"{"error":"Agent is not assigned to this client"}"#,
    SEEDED
)]
#[case::unknown_agent(
    Some(KEY),
    "65a1b2c3d4e5f6a7b8c9ffff",
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    404,
    r#"{"error":"Agent not found"}"#,
    SEEDED
)]
#[case::unknown_client(
    Some(KEY),
    E1,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8ffff"}"#,
    404,
    r#"{"error":"Client not found"}"#,
    SEEDED
)]
#[case::client_id_missing(
    Some(KEY),
    E1,
    "{}",
    400,
    r#"{"error":"clientId is required"}"#,
    SEEDED
)]
#[case::client_id_a_list(
    Some(KEY),
    E1,
    r#"{"clientId":["64b7f0c2a1e4d5f6a7b8c9d0"]}"#,
    400,
    r#"{"error":"clientId must be a string"}"#,
    SEEDED
)]
#[case::invalid_json(
    Some(KEY),
    E1,
    "clientId=1",
    400,
    r#"{"error":"Request body is not valid JSON"}"#,
    SEEDED
)]
#[case::no_key(
    None,
    E1,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    401,
    r#"{"error":"Unauthorized"}"#,
    SEEDED
)]
fn unassign_frees_only_an_agent_of_that_client(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] auth: Option<&str>,
    #[case] agent: &str,
    #[case] body: &str,
    #[case] status: u16,
    #[case] expected: &str,
    #[case] after: [Option<&str>; 4],
) {
    // Arrange
    let engine = engine(fidelity);
    let before = chatdash_state(&engine);
    let path = format!("/v1/public/agents/{agent}/unassign");
    // Act
    let response = send(&engine, Method::PUT, &path, auth, body);
    // Assert
    assert_eq!(response.status.as_u16(), status);
    assert_eq!(response.body_text(), expected);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.operation.id, "unassign-agent");
    let provenance = if status == 200 {
        Provenance::Documented
    } else {
        assert_eq!(chatdash_state(&engine), before);
        Provenance::Assumed
    };
    assert_eq!(response.provenance, provenance);
    assert_eq!(assignments(&engine), expect(after));
}

// ---------------------------------------------------------------------------------------------
// GET /agents and GET /agents/{agentId}
// ---------------------------------------------------------------------------------------------

/// Re-serializes a JSON body with two-space indentation, keys in body order.
fn pretty(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    // Compact and key-ordered as sent: re-serializing must give the same bytes back.
    assert_eq!(serde_json::to_vec(&value).unwrap(), body);
    serde_json::to_string_pretty(&value).unwrap()
}

#[rstest]
fn list_agents_returns_every_agent_with_its_secrets_in_documented_key_order(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine(fidelity);
    let response = send(&engine, Method::GET, "/v1/public/agents", Some(KEY), "");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Documented);
    assert_eq!(response.operation.id, "list-agents");
    insta::allow_duplicates! {
        insta::assert_snapshot!(pretty(&response.body), @r#"
        [
          {
            "_id": "65a1b2c3d4e5f6a7b8c9d0e1",
            "clientId": "64b7f0c2a1e4d5f6a7b8c9d0",
            "name": "Sales Assistant",
            "platform": "voiceflow",
            "apiId": "vf-project-6650a1b2c3",
            "apiKey": "VF.DM.cd-secret-sales-4f9e2a7c",
            "platformCredentials": {
              "botId": "cd-secret-bot-sales-11",
              "workspaceId": "cd-secret-ws-sales-12"
            },
            "agentConfig": {
              "usingExternalWidget": false,
              "useImportWebhook": false,
              "isTemplate": false,
              "isSaas": false
            }
          },
          {
            "_id": "65a1b2c3d4e5f6a7b8c9d0e2",
            "clientId": null,
            "name": "Support Bot",
            "platform": "openai",
            "apiId": "asst_cdSupport21",
            "apiKey": "sk-cd-secret-support-8b1d3e5f",
            "platformCredentials": {
              "botId": "cd-secret-bot-support-21",
              "workspaceId": "cd-secret-ws-support-22"
            },
            "agentConfig": {
              "usingExternalWidget": true,
              "useImportWebhook": false,
              "isTemplate": false,
              "isSaas": false
            }
          },
          {
            "_id": "65a1b2c3d4e5f6a7b8c9d0e3",
            "clientId": null,
            "name": "Booking Voice Agent",
            "platform": "vapi",
            "apiId": "vapi-assistant-cd31",
            "apiKey": "cd-secret-vapi-private-2c6a9d0e",
            "platformCredentials": {
              "botId": "cd-secret-bot-booking-31",
              "workspaceId": "cd-secret-ws-booking-32"
            },
            "agentConfig": {
              "usingExternalWidget": false,
              "useImportWebhook": true,
              "isTemplate": false,
              "isSaas": false
            }
          },
          {
            "_id": "65a1b2c3d4e5f6a7b8c9d0e4",
            "clientId": null,
            "name": "Lead Qualifier Template",
            "platform": "botpress",
            "apiId": "bp-bot-cd41",
            "apiKey": "cd-secret-botpress-7e4f1a2b",
            "platformCredentials": {
              "botId": "cd-secret-bot-leads-41",
              "workspaceId": "cd-secret-ws-leads-42"
            },
            "agentConfig": {
              "usingExternalWidget": false,
              "useImportWebhook": false,
              "isTemplate": true,
              "isSaas": true
            }
          }
        ]
        "#);
    }
}

#[rstest]
fn get_agent_returns_one_agent_in_the_list_shape(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine(fidelity);
    let response = send(
        &engine,
        Method::GET,
        &format!("/v1/public/agents/{E3}"),
        Some(KEY),
        "",
    );
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.provenance, Provenance::Documented);
    assert_eq!(response.operation.id, "get-agent");
    insta::allow_duplicates! {
        insta::assert_snapshot!(pretty(&response.body), @r#"
        {
          "_id": "65a1b2c3d4e5f6a7b8c9d0e3",
          "clientId": null,
          "name": "Booking Voice Agent",
          "platform": "vapi",
          "apiId": "vapi-assistant-cd31",
          "apiKey": "cd-secret-vapi-private-2c6a9d0e",
          "platformCredentials": {
            "botId": "cd-secret-bot-booking-31",
            "workspaceId": "cd-secret-ws-booking-32"
          },
          "agentConfig": {
            "usingExternalWidget": false,
            "useImportWebhook": true,
            "isTemplate": false,
            "isSaas": false
          }
        }
        "#);
    }
}

#[rstest]
#[case::unknown_id("/v1/public/agents/65a1b2c3d4e5f6a7b8c9ffff")]
#[case::the_assign_path_read_as_an_id("/v1/public/agents/assign")]
fn get_agent_of_an_unknown_id_is_404(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] path: &str,
) {
    let engine = engine(fidelity);
    let response = send(&engine, Method::GET, path, Some(KEY), "");
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.body_text(), r#"{"error":"Agent not found"}"#);
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(response.operation.id, "get-agent");
}

// ---------------------------------------------------------------------------------------------
// GET /clients and GET /clients/{clientId}
// ---------------------------------------------------------------------------------------------

#[rstest]
fn list_clients_returns_every_client_in_world_order_and_documented_shape(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine(fidelity);
    let response = send(&engine, Method::GET, "/v1/public/clients", Some(KEY), "");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Documented);
    assert_eq!(response.operation.id, "list-clients");
    assert_eq!(
        response.body_text(),
        r#"[{"_id":"64b7f0c2a1e4d5f6a7b8c9d0","name":"Acme Corp","language":"en","isSaasClient":false},{"_id":"64b7f0c2a1e4d5f6a7b8c9d1","name":"Globex Ltd","language":"de","isSaasClient":true}]"#
    );
}

#[rstest]
#[case::acme(
    ACME,
    r#"{"_id":"64b7f0c2a1e4d5f6a7b8c9d0","name":"Acme Corp","language":"en","isSaasClient":false}"#
)]
#[case::globex(
    GLOBEX,
    r#"{"_id":"64b7f0c2a1e4d5f6a7b8c9d1","name":"Globex Ltd","language":"de","isSaasClient":true}"#
)]
fn get_client_returns_one_client_in_the_list_shape(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] id: &str,
    #[case] body: &str,
) {
    let engine = engine(fidelity);
    let bearer = format!("Bearer {KEY}");
    let path = format!("/v1/public/clients/{id}");
    let response = send(&engine, Method::GET, &path, Some(&bearer), "");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Documented);
    assert_eq!(response.operation.id, "get-client");
    assert_eq!(response.body_text(), body);
}

#[rstest]
#[case::unknown_id("/v1/public/clients/64b7f0c2a1e4d5f6a7b8ffff")]
#[case::an_agent_id("/v1/public/clients/65a1b2c3d4e5f6a7b8c9d0e1")]
fn get_client_of_an_unknown_id_is_404(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] path: &str,
) {
    let engine = engine(fidelity);
    let response = send(&engine, Method::GET, path, Some(KEY), "");
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.body_text(), r#"{"error":"Client not found"}"#);
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(response.operation.id, "get-client");
}

#[rstest]
#[case::list_no_key("/v1/public/clients", None)]
#[case::list_unknown_key("/v1/public/clients", Some("cd-agency-key-wrong"))]
#[case::list_bearer_unknown_key("/v1/public/clients", Some("Bearer cd-agency-key-wrong"))]
#[case::list_empty_key("/v1/public/clients", Some(""))]
#[case::get_no_key("/v1/public/clients/64b7f0c2a1e4d5f6a7b8c9d0", None)]
#[case::get_unknown_key("/v1/public/clients/64b7f0c2a1e4d5f6a7b8c9d0", Some("nope"))]
#[case::get_unknown_id_no_key("/v1/public/clients/64b7f0c2a1e4d5f6a7b8ffff", None)]
fn clients_without_an_agency_key_are_401(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] path: &str,
    #[case] auth: Option<&str>,
) {
    let engine = engine(fidelity);
    let before = chatdash_state(&engine);
    let response = send(&engine, Method::GET, path, auth, "");
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.body_text(), r#"{"error":"Unauthorized"}"#);
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(chatdash_state(&engine), before);
}

#[tokio::test]
async fn over_http_the_client_list_is_served_with_express_headers() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/v1/public/clients", server.uri()))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        CHARSET_JSON
    );
    let clients: Vec<serde_json::Value> = response.json().await.unwrap();
    let ids: Vec<&str> = clients.iter().map(|c| c["_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [ACME, GLOBEX]);
    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Unknown routes, wrong methods, oversized bodies, injected faults
// ---------------------------------------------------------------------------------------------

#[rstest]
#[case::assign_by_post(Method::POST, "/v1/public/agents/assign")]
#[case::assign_by_patch(Method::PATCH, "/v1/public/agents/assign")]
#[case::list_by_delete(Method::DELETE, "/v1/public/agents")]
#[case::unassign_by_get(Method::GET, "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1/unassign")]
#[case::clients_by_post(Method::POST, "/v1/public/clients")]
#[case::client_members(Method::GET, "/v1/public/clients/64b7f0c2a1e4d5f6a7b8c9d0/members")]
#[case::base_path(Method::GET, "/v1/public")]
#[case::trailing_slash(Method::GET, "/v1/public/agents/")]
fn an_unknown_route_is_404_with_a_key_and_401_without(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] method: Method,
    #[case] path: &str,
) {
    let engine = engine(fidelity);
    let before = chatdash_state(&engine);
    let with_key = send(&engine, method.clone(), path, Some(KEY), "{}");
    assert_eq!(with_key.status, StatusCode::NOT_FOUND);
    assert_eq!(with_key.body_text(), r#"{"error":"Not found"}"#);
    assert_eq!(with_key.operation.id, "unknown-route");
    assert_eq!(with_key.provenance, Provenance::Assumed);
    let without_key = send(&engine, method, path, None, "{}");
    assert_eq!(without_key.status, StatusCode::UNAUTHORIZED);
    assert_eq!(without_key.body_text(), r#"{"error":"Unauthorized"}"#);
    assert_eq!(chatdash_state(&engine), before);
}

fn bare_request<'a>(method: &'a Method, path: &'a str, headers: &'a HeaderMap) -> Request<'a> {
    Request {
        method,
        path,
        query: None,
        headers,
        body: &[],
    }
}

#[rstest]
#[case::assign(Method::PUT, "/v1/public/agents/assign", "assign-agents")]
#[case::unassign(Method::PUT, "/v1/public/agents/x/unassign", "unassign-agent")]
#[case::unknown(Method::POST, "/v1/public/agents/x", "unknown-route")]
fn a_body_over_the_limit_is_413_in_the_error_shape(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] method: Method,
    #[case] path: &str,
    #[case] operation: &str,
) {
    let engine = engine(fidelity);
    let headers = HeaderMap::new();
    let response = engine.body_too_large(&bare_request(&method, path, &headers), 16);
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.body_text(),
        r#"{"error":"Request body too large"}"#
    );
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(response.operation.id, operation);
}

#[rstest]
#[case::documented_500(
    500,
    r#"{"error":"An unexpected error occurred"}"#,
    Provenance::Documented
)]
#[case::assumed_503(503, r#"{"error":"Service Unavailable"}"#, Provenance::Assumed)]
#[case::assumed_429(429, r#"{"error":"Too Many Requests"}"#, Provenance::Assumed)]
#[case::assumed_401(401, r#"{"error":"Unauthorized"}"#, Provenance::Assumed)]
fn an_injected_fault_uses_the_chatdash_error_shape(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] status: u16,
    #[case] body: &str,
    #[case] provenance: Provenance,
) {
    let engine = engine(fidelity);
    let headers = HeaderMap::new();
    let status = StatusCode::from_u16(status).unwrap();
    let request = bare_request(&Method::PUT, "/v1/public/agents/assign", &headers);
    let response = engine.error_response(&request, status).unwrap();
    assert_eq!(response.status, status);
    assert_eq!(response.body_text(), body);
    assert_eq!(response.content_type, Some(CHARSET_JSON));
    assert_eq!(response.provenance, provenance);
    assert_eq!(response.operation.id, "assign-agents");
}

#[test]
fn random_requests_never_panic_and_never_break_the_world() {
    let engine = engine(Fidelity::Documented);
    let mut rng = fastrand::Rng::with_seed(2026);
    let paths = [
        "/v1/public/agents/assign".to_owned(),
        format!("/v1/public/agents/{E1}/unassign"),
        format!("/v1/public/agents/{E2}/unassign"),
        "/v1/public/agents".to_owned(),
        format!("/v1/public/agents/{E4}"),
        "/v1/public/x/y/z".to_owned(),
    ];
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"agentIds\"",
        "\"clientId\"",
        "null",
        "1",
        "\"\"",
        &format!("\"{E1}\""),
        &format!("\"{E2}\""),
        &format!("\"{ACME}\""),
        &format!("\"{GLOBEX}\""),
        " ",
        "\"\\u0000\"",
    ];
    for _ in 0..3000 {
        let body: String = (0..rng.usize(0..12))
            .map(|_| *rng.choice(&pieces).unwrap())
            .collect();
        let method = rng
            .choice([Method::PUT, Method::GET, Method::POST])
            .unwrap();
        let path = rng.choice(&paths).unwrap();
        let response = send(&engine, method, path, Some(KEY), &body);
        assert!(
            response.status.as_u16() < 500,
            "{path} {body} -> {}",
            response.status
        );
        let world = engine.world();
        world.check().unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Over HTTP: the real server writes the same bytes and headers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn over_http_assign_then_list_shows_the_new_client_with_express_headers() {
    // Arrange
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let client = reqwest::Client::new();
    let base = format!("{}/v1/public", server.uri());
    // Act
    let assign = client
        .put(format!("{base}/agents/assign"))
        .header("Authorization", format!("Bearer {KEY}"))
        .json(&serde_json::json!({ "agentIds": [E2], "clientId": GLOBEX }))
        .send()
        .await
        .unwrap();
    let assign_type = assign.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let assign_status = assign.status().as_u16();
    let assign_body = assign.text().await.unwrap();
    let list = client
        .get(format!("{base}/agents/{E2}"))
        .header("Authorization", KEY)
        .send()
        .await
        .unwrap();
    let agent: serde_json::Value = list.json().await.unwrap();
    // Assert
    assert_eq!(assign_status, 200);
    assert_eq!(assign_type, CHARSET_JSON);
    assert_eq!(
        assign_body,
        r#"{"message":"Agent assigned to client successfully"}"#
    );
    assert_eq!(agent["clientId"], GLOBEX);
    server.shutdown().await;
}

#[tokio::test]
async fn over_http_a_body_over_the_limit_is_413_json() {
    let server = MockServer::start(MockConfig::new().with_max_body(64))
        .await
        .unwrap();
    let ids: Vec<String> = (0..20).map(|i| format!("agent-{i}")).collect();
    let response = reqwest::Client::new()
        .put(format!("{}/v1/public/agents/assign", server.uri()))
        .header("Authorization", KEY)
        .json(&serde_json::json!({ "agentIds": ids, "clientId": ACME }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(response.headers()["content-type"], CHARSET_JSON);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"error":"Request body too large"}"#
    );
    assert_eq!(
        server.world().chatdash.agents[1].client_id,
        None,
        "nothing was written"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn over_http_a_missing_key_is_401_json() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let response = reqwest::Client::new()
        .get(format!("{}/v1/public/agents", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.headers()["content-type"], CHARSET_JSON);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"error":"Unauthorized"}"#
    );
    server.shutdown().await;
}

#[tokio::test]
async fn over_http_head_of_the_list_sends_its_headers_without_a_body() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let response = reqwest::Client::new()
        .head(format!("{}/v1/public/agents", server.uri()))
        .header("Authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], CHARSET_JSON);
    assert_eq!(response.bytes().await.unwrap().len(), 0);
    server.shutdown().await;
}
