//! The in-process mock (`rosterwire_mock::Engine`, documented profile) against the contracts:
//! every response to a table of requests must match the contract of the operation that
//! answered, with a status the contract lists.

use std::path::Path;

use http::Method;
use rosterwire::{Contracts, ResponseVerdict};
use rosterwire_mock::exchange::OwnedRequest;
use rosterwire_mock::{Engine, Fidelity, FidelityProfile, VendorOptions, World};
use rstest::rstest;
use serde_json::Value;

const CD_KEY: &str = "cd-agency-key-7f3a9b";
const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
const GLOBEX: &str = "64b7f0c2a1e4d5f6a7b8c9d1";
const E1: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
const E2: &str = "65a1b2c3d4e5f6a7b8c9d0e2";

fn contracts() -> Contracts {
    Contracts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts")).unwrap()
}

fn engine() -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(Fidelity::Documented),
        VendorOptions::default(),
    )
    .unwrap()
}

/// Sends one request to a fresh seed-world engine and checks the answer against its contract.
fn assert_conforms(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    expected_status: u16,
) {
    let contracts = contracts();
    let engine = engine();
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = OwnedRequest::new(method.clone(), path);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    if !body.is_empty() {
        request = request.json(body.to_owned());
    }
    let response = engine.handle(&request.as_request());
    let label = format!("{method} {path} {body}");
    assert_eq!(
        response.status.as_u16(),
        expected_status,
        "{label}: {}",
        response.body_text()
    );
    let vendor = response
        .operation
        .vendor
        .map(|v| v.to_string())
        .unwrap_or_default();
    let contract = contracts
        .get(&vendor, response.operation.id)
        .unwrap_or_else(|| {
            panic!(
                "{label}: no contract for {vendor}/{}",
                response.operation.id
            )
        });
    let found = contracts
        .find(method.as_str(), path)
        .map(|o| (o.vendor.as_str(), o.id.as_str()));
    assert_eq!(
        found,
        Some((contract.vendor.as_str(), contract.id.as_str())),
        "{label}: find disagrees with the mock's routing"
    );
    let body: Value = if response.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&response.body).unwrap_or_else(|e| panic!("{label}: not JSON: {e}"))
    };
    let verdict = contract.validate_response(response.status.as_u16(), &body);
    assert_eq!(verdict, ResponseVerdict::Conforms, "{label}: {body}");
}

const AUTH: &[(&str, &str)] = &[("authorization", CD_KEY)];

#[rstest]
#[case::assign_ok(
    "PUT",
    "/v1/public/agents/assign",
    AUTH,
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    200
)]
#[case::assign_without_key("PUT", "/v1/public/agents/assign", &[], r#"{"agentIds":[],"clientId":"x"}"#, 401)]
#[case::assign_bad_key("PUT", "/v1/public/agents/assign", &[("authorization", "nope")], "{}", 401)]
#[case::assign_missing_agent_ids(
    "PUT",
    "/v1/public/agents/assign",
    AUTH,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    400
)]
#[case::assign_not_json("PUT", "/v1/public/agents/assign", AUTH, "{", 400)]
#[case::assign_unknown_client(
    "PUT",
    "/v1/public/agents/assign",
    AUTH,
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":"000000000000000000000000"}"#,
    404
)]
#[case::assign_unknown_agent(
    "PUT",
    "/v1/public/agents/assign",
    AUTH,
    r#"{"agentIds":["000000000000000000000000"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    404
)]
#[case::assign_taken_agent(
    "PUT",
    "/v1/public/agents/assign",
    AUTH,
    r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e1"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d1"}"#,
    409
)]
#[case::list_agents("GET", "/v1/public/agents", AUTH, "", 200)]
#[case::list_agents_without_key("GET", "/v1/public/agents", &[], "", 401)]
#[case::get_assigned_agent("GET", "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1", AUTH, "", 200)]
#[case::get_unassigned_agent("GET", "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e2", AUTH, "", 200)]
#[case::get_unknown_agent("GET", "/v1/public/agents/000000000000000000000000", AUTH, "", 404)]
#[case::unassign_ok(
    "PUT",
    "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1/unassign",
    AUTH,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    200
)]
#[case::unassign_other_client(
    "PUT",
    "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1/unassign",
    AUTH,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d1"}"#,
    409
)]
#[case::unassign_missing_client(
    "PUT",
    "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1/unassign",
    AUTH,
    "{}",
    400
)]
#[case::unassign_unknown_agent(
    "PUT",
    "/v1/public/agents/000000000000000000000000/unassign",
    AUTH,
    r#"{"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    404
)]
fn chatdash_answers_match_their_contracts(
    #[case] method: &str,
    #[case] path: &str,
    #[case] headers: &[(&str, &str)],
    #[case] body: &str,
    #[case] status: u16,
) {
    assert_conforms(method, path, headers, body, status);
}

const RC_ADMIN: &[(&str, &str)] = &[
    ("x-user-id", "adminKq3Lw8ZpR2xT"),
    ("x-auth-token", "rc-admin-token-9f2c1e7b4d"),
];
const RC_VIEWER: &[(&str, &str)] = &[
    ("x-user-id", "viewerM4nB7cX2dFq"),
    ("x-auth-token", "rc-viewer-token-5a8e3c"),
];
const RC_NOBODY: &[(&str, &str)] = &[
    ("x-user-id", "nobodyP6vC3bN9kWe"),
    ("x-auth-token", "rc-nobody-token-2b7d4f"),
];
const RC_ADDER: &[(&str, &str)] = &[
    ("x-user-id", "adderZ8mT4qH6jLyR"),
    ("x-auth-token", "rc-adder-token-8c1e6a"),
];
const RC_WRONG: &[(&str, &str)] = &[("x-user-id", "adminKq3Lw8ZpR2xT"), ("x-auth-token", "nope")];

#[rstest]
#[case::upsert_ok(
    "POST",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_ADMIN,
    r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana"}],"remove":[]}"#,
    200
)]
#[case::upsert_by_the_adder_role("POST", "/api/v1/livechat/department/649230d479f5c6e276cf4a12/agents", RC_ADDER, r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd88","username":"agent.bo","count":2,"order":1}],"remove":[{"agentId":"x"}]}"#, 200)]
#[case::post_without_credentials("POST", "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents", &[], "{}", 401)]
#[case::post_with_a_wrong_token(
    "POST",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_WRONG,
    "{}",
    401
)]
#[case::post_by_a_viewer(
    "POST",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_VIEWER,
    r#"{"upsert":[],"remove":[]}"#,
    403
)]
#[case::post_missing_upsert(
    "POST",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_ADMIN,
    r#"{"remove":[]}"#,
    400
)]
#[case::post_item_without_agent_id(
    "POST",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_ADMIN,
    r#"{"upsert":[{}],"remove":[]}"#,
    400
)]
#[case::post_unknown_department(
    "POST",
    "/api/v1/livechat/department/nope/agents",
    RC_ADMIN,
    r#"{"upsert":[],"remove":[]}"#,
    400
)]
#[case::list_agents(
    "GET",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_VIEWER,
    "",
    200
)]
#[case::list_agents_of_an_unknown_department(
    "GET",
    "/api/v1/livechat/department/nope/agents",
    RC_ADMIN,
    "",
    200
)]
#[case::list_agents_without_credentials("GET", "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents", &[], "", 401)]
#[case::list_agents_by_nobody(
    "GET",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    RC_NOBODY,
    "",
    403
)]
#[case::get_department(
    "GET",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY",
    RC_ADMIN,
    "",
    200
)]
#[case::get_department_as_viewer(
    "GET",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY",
    RC_VIEWER,
    "",
    200
)]
#[case::get_unknown_department("GET", "/api/v1/livechat/department/nope", RC_ADMIN, "", 200)]
#[case::get_department_without_credentials("GET", "/api/v1/livechat/department/BiqbQav59HD2LzXEY", &[], "", 401)]
#[case::get_department_by_nobody(
    "GET",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY",
    RC_NOBODY,
    "",
    403
)]
fn rocket_chat_answers_match_their_contracts(
    #[case] method: &str,
    #[case] path: &str,
    #[case] headers: &[(&str, &str)],
    #[case] body: &str,
    #[case] status: u16,
) {
    assert_conforms(method, path, headers, body, status);
}

const CW_ADMIN: &[(&str, &str)] = &[("api_access_token", "cw-acme-admin-token")];
const CW_AGENT: &[(&str, &str)] = &[("api_access_token", "cw-acme-agent-token")];
const CW_GLOBEX: &[(&str, &str)] = &[("api_access_token", "cw-globex-admin-token")];
const CW_BOT: &[(&str, &str)] = &[("api_access_token", "cw-bot-token")];
const CW_SUSPENDED: &[(&str, &str)] = &[("api_access_token", "cw-initech-admin-token")];
const CW_WRONG: &[(&str, &str)] = &[("api_access_token", "nope")];
const MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

#[rstest]
#[case::replace_members("PATCH", MEMBERS, CW_ADMIN, r#"{"user_ids":[3,5]}"#, 200)]
#[case::replace_with_nobody("PATCH", MEMBERS, CW_ADMIN, r#"{"user_ids":[]}"#, 200)]
#[case::replace_without_token("PATCH", MEMBERS, &[], r#"{"user_ids":[3]}"#, 401)]
#[case::replace_with_a_wrong_token("PATCH", MEMBERS, CW_WRONG, r#"{"user_ids":[3]}"#, 401)]
#[case::replace_with_a_bot_token("PATCH", MEMBERS, CW_BOT, r#"{"user_ids":[3]}"#, 401)]
#[case::replace_in_another_account("PATCH", MEMBERS, CW_GLOBEX, r#"{"user_ids":[3]}"#, 401)]
#[case::replace_in_a_suspended_account(
    "PATCH",
    "/api/v1/accounts/3/teams/1/team_members",
    CW_SUSPENDED,
    r#"{"user_ids":[10]}"#,
    401
)]
#[case::replace_as_an_agent("PATCH", MEMBERS, CW_AGENT, r#"{"user_ids":[3]}"#, 403)]
#[case::replace_in_an_unknown_team(
    "PATCH",
    "/api/v1/accounts/1/teams/99/team_members",
    CW_ADMIN,
    r#"{"user_ids":[3]}"#,
    404
)]
#[case::replace_in_an_unknown_account(
    "PATCH",
    "/api/v1/accounts/99/teams/1/team_members",
    CW_ADMIN,
    r#"{"user_ids":[3]}"#,
    404
)]
#[case::replace_with_a_foreign_user("PATCH", MEMBERS, CW_ADMIN, r#"{"user_ids":[9]}"#, 422)]
#[case::replace_without_user_ids("PATCH", MEMBERS, CW_ADMIN, "{}", 500)]
#[case::list_members("GET", MEMBERS, CW_AGENT, "", 200)]
#[case::list_members_of_an_empty_team(
    "GET",
    "/api/v1/accounts/1/teams/2/team_members",
    CW_ADMIN,
    "",
    200
)]
#[case::list_without_token("GET", MEMBERS, &[], "", 401)]
#[case::list_an_unknown_team("GET", "/api/v1/accounts/1/teams/99/team_members", CW_ADMIN, "", 404)]
#[case::add_members("POST", MEMBERS, CW_ADMIN, r#"{"user_ids":[5,3]}"#, 200)]
#[case::add_as_an_agent("POST", MEMBERS, CW_AGENT, r#"{"user_ids":[5]}"#, 403)]
#[case::add_a_foreign_user("POST", MEMBERS, CW_ADMIN, r#"{"user_ids":[9]}"#, 422)]
#[case::add_without_user_ids("POST", MEMBERS, CW_ADMIN, r#"{"user_ids":"5"}"#, 500)]
#[case::remove_members("DELETE", MEMBERS, CW_ADMIN, r#"{"user_ids":[3]}"#, 200)]
#[case::remove_as_an_agent("DELETE", MEMBERS, CW_AGENT, r#"{"user_ids":[3]}"#, 403)]
#[case::remove_without_token("DELETE", MEMBERS, &[], r#"{"user_ids":[3]}"#, 401)]
#[case::get_team("GET", "/api/v1/accounts/1/teams/1", CW_AGENT, "", 200)]
#[case::get_team_of_another_account("GET", "/api/v1/accounts/1/teams/3", CW_ADMIN, "", 404)]
#[case::get_team_without_token("GET", "/api/v1/accounts/1/teams/1", &[], "", 401)]
fn chatwoot_answers_match_their_contracts(
    #[case] method: &str,
    #[case] path: &str,
    #[case] headers: &[(&str, &str)],
    #[case] body: &str,
    #[case] status: u16,
) {
    assert_conforms(method, path, headers, body, status);
}

#[test]
fn the_seed_ids_used_here_are_the_seed_world_s() {
    let seed = World::seed_json();
    for id in [
        ACME,
        GLOBEX,
        E1,
        E2,
        CD_KEY,
        "rc-admin-token-9f2c1e7b4d",
        "rc-viewer-token-5a8e3c",
        "rc-nobody-token-2b7d4f",
        "rc-adder-token-8c1e6a",
    ] {
        assert!(seed.contains(id), "{id} is not in the seed world");
    }
}
