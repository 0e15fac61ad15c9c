//! Chatwoot behaviour through the engine: every row of `docs/behaviours/chatwoot.md` (its
//! "Sources" name the upstream files, at chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515)
//! in the profile(s) it belongs to, exact bodies, read-back and untouched state after rejections.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use http::{HeaderMap, Method, StatusCode};
use rosterwire_mock::exchange::{OwnedRequest, Request, Response};
use rosterwire_mock::{Engine, Fidelity, FidelityProfile, Provenance, VendorOptions, World};
use rstest::rstest;
use serde_json::Value;

const ADMIN: &str = "cw-acme-admin-token";
const AGENT: &str = "cw-acme-agent-token";
const GLOBEX_ADMIN: &str = "cw-globex-admin-token";
const INITECH_ADMIN: &str = "cw-initech-admin-token";
const BOT: &str = "cw-bot-token";
const SALES: &str = "/api/v1/accounts/1/teams/1/team_members";
const SUPPORT: &str = "/api/v1/accounts/1/teams/2/team_members";
const JSON_UTF8: &str = "application/json; charset=utf-8";

const SIGN_IN: &str = r#"{"errors":["You need to sign in or sign up before continuing."]}"#;
const INVALID_TOKEN: &str = r#"{"error":"Invalid Access Token"}"#;
const NOT_FOUND: &str = r#"{"error":"Resource could not be found"}"#;
const NOT_AUTHORIZED: &str = r#"{"error":"You are not authorized to do this action"}"#;
const INVALID_IDS: &str = r#"{"error":"Invalid User IDs"}"#;
const RAILS_500: &str = r#"{"status":500,"error":"Internal Server Error"}"#;
const DOC_403: &str = r#"{"description":"Access denied","errors":[{"field":"api_access_token","message":"You are not authorized to do this action","code":"forbidden"}]}"#;
const DOC_404: &str = r#"{"description":"Team not found","errors":[{"field":"team_id","message":"Team not found","code":"not_found"}]}"#;
const DOC_422: &str = r#"{"description":"User must exist","errors":[{"field":"user_ids","message":"User must exist","code":"invalid"}]}"#;

use Fidelity::{Documented, Observed};

fn engine(fidelity: Fidelity) -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(fidelity),
        VendorOptions::default(),
    )
    .unwrap()
}

/// Sends one request; `headers` are added to a JSON `Content-Type`.
fn send(
    engine: &Engine,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut request =
        OwnedRequest::new(Method::from_bytes(method.as_bytes()).unwrap(), path).json(body.to_vec());
    for (name, value) in headers {
        request = request.header(name, value);
    }
    engine.handle(&request.as_request())
}

fn as_admin(engine: &Engine, method: &str, path: &str, body: &str) -> Response {
    send(
        engine,
        method,
        path,
        &[("api_access_token", ADMIN)],
        body.as_bytes(),
    )
}

fn chatwoot_state(engine: &Engine) -> Value {
    serde_json::to_value(engine.world().chatwoot).unwrap()
}

fn members(engine: &Engine, team_id: i64) -> Vec<i64> {
    let world = engine.world().chatwoot;
    world
        .team_members
        .iter()
        .filter(|m| m.team_id == team_id)
        .map(|m| m.user_id)
        .collect()
}

fn ids_of(response: &Response) -> Vec<i64> {
    let body: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    body.iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

/// Which profiles a row belongs to.
#[derive(Debug, Clone, Copy)]
enum In {
    Both,
    Only(Fidelity),
}

impl In {
    fn fidelities(self) -> Vec<Fidelity> {
        match self {
            In::Both => vec![Documented, Observed],
            In::Only(f) => vec![f],
        }
    }
}

#[rstest]
// Routes and auth, `config/routes.rb`: PATCH only, no PUT; unknown routes are Rails' routing 404 (assumed).
#[case::put_has_no_route(In::Both, "PUT", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[3]}"#, (404, r#"{"status":404,"error":"Not Found"}"#, Provenance::Assumed))]
#[case::a_member_id_in_the_path_has_no_route(In::Both, "DELETE", "/api/v1/accounts/1/teams/1/team_members/3", &[("api_access_token", ADMIN)], "", (404, r#"{"status":404,"error":"Not Found"}"#, Provenance::Assumed))]
#[case::an_unmodelled_resource_is_a_routing_404(In::Both, "GET", "/api/v1/accounts/1/inboxes", &[("api_access_token", ADMIN)], "", (404, r#"{"status":404,"error":"Not Found"}"#, Provenance::Assumed))]
// Routes and auth, `app/controllers/api/base_controller.rb` and devise_token_auth: missing token, checked before anything else.
#[case::no_token(In::Both, "PATCH", SALES, &[], r#"{"user_ids":[3]}"#, (401, SIGN_IN, Provenance::Observed))]
#[case::no_token_before_a_missing_account(In::Both, "PATCH", "/api/v1/accounts/999/teams/1/team_members", &[], r#"{"user_ids":[3]}"#, (401, SIGN_IN, Provenance::Observed))]
#[case::blank_token(In::Both, "PATCH", SALES, &[("api_access_token", "   ")], r#"{"user_ids":[3]}"#, (401, SIGN_IN, Provenance::Observed))]
#[case::bearer_is_not_auth(In::Both, "PATCH", SALES, &[("authorization", "Bearer cw-acme-admin-token")], r#"{"user_ids":[3]}"#, (401, SIGN_IN, Provenance::Observed))]
#[case::query_token_is_not_auth(In::Both, "PATCH", "/api/v1/accounts/1/teams/1/team_members?api_access_token=cw-acme-admin-token", &[], r#"{"user_ids":[3]}"#, (401, SIGN_IN, Provenance::Observed))]
// Routes and auth, `app/controllers/api/base_controller.rb`: unknown token, bots.
#[case::unknown_token(In::Both, "PATCH", SALES, &[("api_access_token", "nope")], r#"{"user_ids":[3]}"#, (401, INVALID_TOKEN, Provenance::Observed))]
#[case::token_case_matters(In::Both, "PATCH", SALES, &[("api_access_token", "CW-ACME-ADMIN-TOKEN")], r#"{"user_ids":[3]}"#, (401, INVALID_TOKEN, Provenance::Observed))]
#[case::bot_token(In::Both, "PATCH", SALES, &[("api_access_token", BOT)], r#"{"user_ids":[3]}"#, (401, r#"{"error":"Access to this endpoint is not authorized for bots"}"#, Provenance::Observed))]
// Routes and auth, `app/controllers/concerns/ensure_current_account_helper.rb`: account checks: missing → 404, suspended → 401 (before membership), not a user → 401.
#[case::missing_account(In::Both, "PATCH", "/api/v1/accounts/999/teams/1/team_members", &[("api_access_token", ADMIN)], r#"{"user_ids":[3]}"#, (404, NOT_FOUND, Provenance::Observed))]
#[case::non_numeric_account(In::Both, "GET", "/api/v1/accounts/abc/teams/1/team_members", &[("api_access_token", ADMIN)], "", (404, NOT_FOUND, Provenance::Observed))]
#[case::suspended_account(In::Both, "GET", "/api/v1/accounts/3/teams/1/team_members", &[("api_access_token", INITECH_ADMIN)], "", (401, r#"{"error":"Account is suspended"}"#, Provenance::Observed))]
#[case::suspended_before_membership(In::Both, "PATCH", "/api/v1/accounts/3/teams/1/team_members", &[("api_access_token", ADMIN)], r#"{"user_ids":[3]}"#, (401, r#"{"error":"Account is suspended"}"#, Provenance::Observed))]
#[case::another_accounts_token(In::Both, "PATCH", SALES, &[("api_access_token", GLOBEX_ADMIN)], r#"{"user_ids":[3]}"#, (401, r#"{"error":"You are not authorized to access this account"}"#, Provenance::Observed))]
// Routes and auth, `fetch_team` in `team_members_controller.rb`: team lookup before the role check, agents included.
#[case::missing_team(In::Only(Observed), "PATCH", "/api/v1/accounts/1/teams/99/team_members", &[("api_access_token", ADMIN)], r#"{"user_ids":[3]}"#, (404, NOT_FOUND, Provenance::Observed))]
#[case::another_accounts_team(In::Only(Observed), "PATCH", "/api/v1/accounts/1/teams/3/team_members", &[("api_access_token", ADMIN)], r#"{"user_ids":[3]}"#, (404, NOT_FOUND, Provenance::Observed))]
#[case::non_numeric_team(In::Only(Observed), "GET", "/api/v1/accounts/1/teams/sales/team_members", &[("api_access_token", ADMIN)], "", (404, NOT_FOUND, Provenance::Observed))]
#[case::missing_team_for_an_agent(In::Only(Observed), "PATCH", "/api/v1/accounts/1/teams/99/team_members", &[("api_access_token", AGENT)], r#"{"user_ids":[3]}"#, (404, NOT_FOUND, Provenance::Observed))]
#[case::missing_team_documented(In::Only(Documented), "PATCH", "/api/v1/accounts/1/teams/99/team_members", &[("api_access_token", AGENT)], r#"{"user_ids":[3]}"#, (404, DOC_404, Provenance::Assumed))]
#[case::missing_team_on_show(In::Only(Observed), "GET", "/api/v1/accounts/1/teams/3", &[("api_access_token", ADMIN)], "", (404, NOT_FOUND, Provenance::Observed))]
// Changing members, `app/policies/team_member_policy.rb`: role check before user_ids: 401 observed, 403 documented; never 403/422 observed.
#[case::agent_patch(In::Only(Observed), "PATCH", SALES, &[("api_access_token", AGENT)], r#"{"user_ids":[3]}"#, (401, NOT_AUTHORIZED, Provenance::Observed))]
#[case::agent_post(In::Only(Observed), "POST", SALES, &[("api_access_token", AGENT)], r#"{"user_ids":[5]}"#, (401, NOT_AUTHORIZED, Provenance::Observed))]
#[case::agent_delete(In::Only(Observed), "DELETE", SALES, &[("api_access_token", AGENT)], r#"{"user_ids":[3]}"#, (401, NOT_AUTHORIZED, Provenance::Observed))]
#[case::agent_with_bad_user_ids_is_refused_first(In::Only(Observed), "PATCH", SALES, &[("api_access_token", AGENT)], r#"{"user_ids":"x"}"#, (401, NOT_AUTHORIZED, Provenance::Observed))]
#[case::agent_patch_documented(In::Only(Documented), "PATCH", SALES, &[("api_access_token", AGENT)], r#"{"user_ids":[3]}"#, (403, DOC_403, Provenance::Assumed))]
// Changing members, `validate_member_id_params`: ids outside the account: whole request refused.
#[case::id_of_another_account(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[3,9]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::nonexistent_id(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[999999]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::zero(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[0]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::negative(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[-3]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::non_numeric_string(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":["abc"]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::huge_integer(In::Only(Observed), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[123456789012345678901234567890]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::invalid_id_on_post(In::Only(Observed), "POST", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[5,999]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::invalid_id_on_delete(In::Only(Observed), "DELETE", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[3,999]}"#, (401, INVALID_IDS, Provenance::Observed))]
#[case::id_of_another_account_documented(In::Only(Documented), "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[3,9]}"#, (422, DOC_422, Provenance::Assumed))]
// Changing members, `validate_member_id_params` (`params[:user_ids].map`): user_ids missing or not an array of scalars: Rails 500; bad JSON: Rails 400.
#[case::user_ids_missing(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], "{}", (500, RAILS_500, Provenance::Observed))]
#[case::user_ids_null(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":null}"#, (500, RAILS_500, Provenance::Observed))]
#[case::user_ids_string(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":"5"}"#, (500, RAILS_500, Provenance::Observed))]
#[case::user_ids_number(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":5}"#, (500, RAILS_500, Provenance::Observed))]
#[case::user_ids_object(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":{"id":5}}"#, (500, RAILS_500, Provenance::Observed))]
#[case::boolean_element(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[5,true]}"#, (500, RAILS_500, Provenance::Observed))]
#[case::nested_array_element(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[[5]]}"#, (500, RAILS_500, Provenance::Observed))]
#[case::a_bad_element_wins_over_an_invalid_id(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[999,{}]}"#, (500, RAILS_500, Provenance::Observed))]
#[case::top_level_array(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], "[3]", (500, RAILS_500, Provenance::Observed))]
#[case::empty_body(In::Both, "DELETE", SALES, &[("api_access_token", ADMIN)], "", (500, RAILS_500, Provenance::Observed))]
#[case::form_content_type_is_not_parsed(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN), ("content-type", "application/x-www-form-urlencoded")], r#"{"user_ids":[3]}"#, (500, RAILS_500, Provenance::Observed))]
#[case::invalid_json(In::Both, "PATCH", SALES, &[("api_access_token", ADMIN)], r#"{"user_ids":[3"#, (400, r#"{"status":400,"error":"Bad Request"}"#, Provenance::Observed))]
#[case::invalid_json_before_auth(In::Both, "PATCH", SALES, &[], "nope", (400, r#"{"status":400,"error":"Bad Request"}"#, Provenance::Observed))]
fn a_rejected_request_gets_chatwoots_answer_and_changes_nothing(
    #[case] profiles: In,
    #[case] method: &str,
    #[case] path: &str,
    #[case] headers: &[(&str, &str)],
    #[case] body: &str,
    #[case] answer: (u16, &str, Provenance),
) {
    let (status, expected, provenance) = answer;
    for fidelity in profiles.fidelities() {
        // Arrange
        let engine = engine(fidelity);
        let before = chatwoot_state(&engine);
        // Act
        let response = send(&engine, method, path, headers, body.as_bytes());
        // Assert
        assert_eq!(response.status.as_u16(), status, "{fidelity}");
        assert_eq!(response.body_text(), expected, "{fidelity}");
        assert_eq!(response.content_type, Some(JSON_UTF8), "{fidelity}");
        assert_eq!(response.provenance, provenance, "{fidelity}");
        assert_eq!(chatwoot_state(&engine), before, "{fidelity}: state changed");
    }
}

#[test]
fn a_non_utf8_body_is_a_bad_request_and_changes_nothing() {
    let engine = engine(Observed);
    let before = chatwoot_state(&engine);
    let response = send(
        &engine,
        "PATCH",
        SALES,
        &[("api_access_token", ADMIN)],
        b"{\"user_ids\":[\xff]}",
    );
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(chatwoot_state(&engine), before);
}

#[rstest]
fn the_token_header_may_be_spelled_with_dashes_in_any_case(
    #[values(
        "api_access_token",
        "api-access-token",
        "Api-Access-Token",
        "API_ACCESS_TOKEN"
    )]
    name: &str,
) {
    let engine = engine(Observed);
    let response = send(&engine, "GET", SALES, &[(name, AGENT)], b"");
    assert_eq!(response.status, StatusCode::OK);
}

#[rstest]
fn an_agent_may_list_members_and_read_the_team(#[values(Documented, Observed)] fidelity: Fidelity) {
    let engine = engine(fidelity);
    let list = send(&engine, "GET", SALES, &[("api_access_token", AGENT)], b"");
    let team = send(
        &engine,
        "GET",
        "/api/v1/accounts/1/teams/1",
        &[("api_access_token", AGENT)],
        b"",
    );
    assert_eq!((list.status, team.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(ids_of(&list), [3, 4]);
}

// Changing members, `update` and the agent partial: replace-all as a set, one answer listing every member, read back.
#[rstest]
#[case::replace(r#"{"user_ids":[4,5,6]}"#, &[4, 5, 6])]
#[case::order_does_not_matter(r#"{"user_ids":[6,5,4]}"#, &[4, 6, 5])]
#[case::duplicates_collapse(r#"{"user_ids":[5,5,3,5]}"#, &[3, 5])]
#[case::same_set_again(r#"{"user_ids":[3,4]}"#, &[3, 4])]
#[case::empty_removes_everyone(r#"{"user_ids":[]}"#, &[])]
#[case::null_elements_are_dropped(r#"{"user_ids":[null]}"#, &[])]
#[case::null_next_to_an_id(r#"{"user_ids":[5,null]}"#, &[5])]
#[case::administrators_can_be_members(r#"{"user_ids":[1,3]}"#, &[3, 1])]
#[case::extra_keys_are_ignored(r#"{"user_ids":[7],"team_id":2}"#, &[7])]
fn patch_makes_the_team_exactly_the_set_of_user_ids(
    #[values(Documented, Observed)] fidelity: Fidelity,
    #[case] body: &str,
    #[case] expected: &[i64],
) {
    // Arrange
    let engine = engine(fidelity);
    // Act
    let response = as_admin(&engine, "PATCH", SALES, body);
    let again = as_admin(&engine, "PATCH", SALES, body);
    let read_back = as_admin(&engine, "GET", SALES, "");
    // Assert
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(JSON_UTF8));
    assert_eq!(ids_of(&response), expected);
    assert_eq!(members(&engine, 1), expected);
    assert_eq!(again.body, response.body, "idempotent");
    assert_eq!(read_back.body, response.body, "read back");
    assert_eq!(
        members(&engine, 2),
        Vec::<i64>::new(),
        "other teams untouched"
    );
    assert_eq!(members(&engine, 3), [9], "other accounts untouched");
    let label = if fidelity == Observed {
        Provenance::Observed
    } else {
        Provenance::Documented
    };
    assert_eq!(response.provenance, label);
}

#[test]
fn patch_answers_every_member_as_a_real_agent_object() {
    let engine = engine(Observed);
    let response = as_admin(&engine, "PATCH", SALES, r#"{"user_ids":[3,4,5,6,7,1]}"#);
    insta::assert_snapshot!(response.body_text(), @r#"[{"id":3,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":true,"email":"carol@acme.example","provider":"email","available_name":"Carol C.","name":"Carol","role":"agent","thumbnail":"","custom_role_id":null},{"id":4,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":true,"email":"dave@acme.example","provider":"email","available_name":"Dave","custom_attributes":{"shift":"night"},"name":"Dave","role":"agent","thumbnail":"","custom_role_id":null},{"id":5,"account_id":1,"availability_status":"busy","auto_offline":false,"confirmed":true,"email":"erin@acme.example","provider":"email","available_name":"Erin","name":"Erin","role":"agent","thumbnail":"","custom_role_id":null},{"id":6,"account_id":1,"availability_status":"online","auto_offline":false,"confirmed":true,"email":"frank@acme.example","provider":"saml","available_name":"Frank","name":"Frank","role":"agent","thumbnail":"","custom_role_id":null},{"id":7,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":false,"email":"grace@acme.example","provider":"email","available_name":"Grace","name":"Grace","role":"agent","thumbnail":"","custom_role_id":null},{"id":1,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":true,"email":"alice@acme.example","provider":"email","available_name":"Alice","name":"Alice","role":"administrator","thumbnail":"","custom_role_id":null}]"#);
}

#[test]
fn patch_in_the_documented_profile_answers_the_docs_agent_fields() {
    let engine = engine(Documented);
    let response = as_admin(&engine, "PATCH", SALES, r#"{"user_ids":[4,6]}"#);
    insta::assert_snapshot!(response.body_text(), @r#"[{"id":4,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":true,"email":"dave@acme.example","available_name":"Dave","name":"Dave","role":"agent","thumbnail":"","custom_role_id":null},{"id":6,"account_id":1,"availability_status":"available","auto_offline":false,"confirmed":true,"email":"frank@acme.example","available_name":"Frank","name":"Frank","role":"agent","thumbnail":"","custom_role_id":null}]"#);
}

#[test]
fn a_non_enterprise_build_has_no_custom_role_id_key() {
    let mut world = World::seed();
    world.chatwoot.enterprise = false;
    world.chatwoot.account_users[2].custom_role_id = Some(4);
    let engine = Engine::new(
        &world,
        FidelityProfile::all(Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let response = as_admin(&engine, "GET", SALES, "");
    let agents: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    assert!(agents.iter().all(|a| a.get("custom_role_id").is_none()));
    world.chatwoot.enterprise = true;
    let engine = Engine::new(
        &world,
        FidelityProfile::all(Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let response = as_admin(&engine, "GET", SALES, "");
    let agents: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(agents[0]["custom_role_id"], 4);
}

// Changing members, `create`: POST adds and answers only the new members.
#[rstest]
#[case::new_and_existing(Observed, r#"{"user_ids":[4,5]}"#, &[5], &[3, 4, 5])]
#[case::nothing_new(Observed, r#"{"user_ids":[3,4]}"#, &[], &[3, 4])]
#[case::duplicates_are_echoed_like_rails(Observed, r#"{"user_ids":[5,5]}"#, &[5, 5], &[3, 4, 5])]
#[case::a_string_member_is_echoed_but_not_added(Observed, r#"{"user_ids":["3",6]}"#, &[3, 6], &[3, 4, 6])]
#[case::documented_new_and_existing(Documented, r#"{"user_ids":[4,5]}"#, &[5], &[3, 4, 5])]
#[case::documented_duplicates_once(Documented, r#"{"user_ids":[5,5,"3"]}"#, &[5], &[3, 4, 5])]
fn post_adds_members_and_answers_the_added_ones(
    #[case] fidelity: Fidelity,
    #[case] body: &str,
    #[case] answered: &[i64],
    #[case] after: &[i64],
) {
    let engine = engine(fidelity);
    let response = as_admin(&engine, "POST", SALES, body);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(JSON_UTF8));
    assert_eq!(ids_of(&response), answered);
    assert_eq!(members(&engine, 1), after);
}

// Changing members, `destroy`: DELETE removes listed members, ignores non-members, answers an empty 200.
#[rstest]
fn delete_removes_listed_members_and_answers_an_empty_body(
    #[values(Documented, Observed)] fidelity: Fidelity,
) {
    let engine = engine(fidelity);
    let response = as_admin(&engine, "DELETE", SALES, r#"{"user_ids":[3,5,"4"]}"#);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some("application/json"));
    assert!(response.body.is_empty());
    assert_eq!(members(&engine, 1), Vec::<i64>::new());
    assert_eq!(response.operation.id, "remove-team-members");
}

// Reading, `teams_controller.rb` `show` and `_team.json.jbuilder`: GET team: the caller's membership follows PATCH.
#[rstest]
fn get_team_shows_whether_the_caller_is_a_member(
    #[values(Documented, Observed)] fidelity: Fidelity,
) {
    let engine = engine(fidelity);
    let team = "/api/v1/accounts/1/teams/1";
    let before = as_admin(&engine, "GET", team, "");
    as_admin(&engine, "PATCH", SALES, r#"{"user_ids":[1]}"#);
    let after = as_admin(&engine, "GET", team, "");
    assert_eq!(before.content_type, Some(JSON_UTF8));
    insta::allow_duplicates! {
        insta::assert_snapshot!(before.body_text(), @r#"{"id":1,"name":"sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false}"#);
        insta::assert_snapshot!(after.body_text(), @r#"{"id":1,"name":"sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":true}"#);
    }
}

// Changing members, `Array#-` in `update`: ids as strings or floats: Ruby `eql?` in observed, integers in documented.
#[rstest]
#[case::strings_observed(Observed, r#"{"user_ids":["3","5"]}"#, &[5])]
#[case::floats_observed(Observed, r#"{"user_ids":[3.0,4]}"#, &[4])]
#[case::strings_documented(Documented, r#"{"user_ids":["3","5"]}"#, &[3, 5])]
#[case::floats_documented(Documented, r#"{"user_ids":[3.0,4]}"#, &[3, 4])]
fn string_and_float_ids_follow_the_profile(
    #[case] fidelity: Fidelity,
    #[case] body: &str,
    #[case] expected: &[i64],
) {
    let engine = engine(fidelity);
    let response = as_admin(&engine, "PATCH", SALES, body);
    assert_eq!(ids_of(&response), expected);
    assert_eq!(members(&engine, 1), expected);
}

#[test]
fn a_huge_array_is_answered_without_panicking() {
    let engine = engine(Observed);
    let ids: Vec<String> = (0..100_000).map(|i| (3 + i % 5).to_string()).collect();
    let body = format!(r#"{{"user_ids":[{}]}}"#, ids.join(","));
    let response = as_admin(&engine, "PATCH", SUPPORT, &body);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(members(&engine, 2), [3, 4, 5, 6, 7]);
}

#[test]
fn deeply_nested_json_is_a_bad_request() {
    let engine = engine(Observed);
    let body = format!(
        r#"{{"user_ids":{}1{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let response = as_admin(&engine, "PATCH", SALES, &body);
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}

#[rstest]
#[case::not_found(
    404,
    r#"{"error":"Resource could not be found"}"#,
    Provenance::Observed
)]
#[case::unauthorized(401, r#"{"error":"Invalid Access Token"}"#, Provenance::Observed)]
#[case::server_error(
    500,
    r#"{"status":500,"error":"Internal Server Error"}"#,
    Provenance::Observed
)]
#[case::bad_gateway(502, r#"{"status":502,"error":"Bad Gateway"}"#, Provenance::Assumed)]
fn injected_faults_use_chatwoots_bodies(
    #[case] status: u16,
    #[case] body: &str,
    #[case] provenance: Provenance,
) {
    let engine = engine(Observed);
    let method = Method::PATCH;
    let headers = HeaderMap::new();
    let request = Request {
        method: &method,
        path: SALES,
        query: None,
        headers: &headers,
        body: b"",
    };
    let response = engine
        .error_response(&request, StatusCode::from_u16(status).unwrap())
        .unwrap();
    assert_eq!(response.body_text(), body);
    assert_eq!(response.provenance, provenance);
    assert_eq!(response.operation.id, "update-team-members");
}

#[test]
fn a_body_over_the_limit_gets_a_rails_shaped_413() {
    let engine = engine(Observed);
    let method = Method::PATCH;
    let headers = HeaderMap::new();
    let request = Request {
        method: &method,
        path: SALES,
        query: None,
        headers: &headers,
        body: b"",
    };
    let response = engine.body_too_large(&request, 10);
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.body_text(),
        r#"{"status":413,"error":"Payload Too Large"}"#
    );
    assert_eq!(response.provenance, Provenance::Assumed);
}

#[test]
fn set_world_replaces_teams_and_memberships() {
    let engine = engine(Observed);
    as_admin(&engine, "PATCH", SALES, r#"{"user_ids":[]}"#);
    engine.set_world(&World::seed()).unwrap();
    assert_eq!(members(&engine, 1), [3, 4]);
}

#[test]
fn a_platform_app_token_is_refused_like_a_bot() {
    let mut world = World::seed();
    world
        .chatwoot
        .platform_apps
        .push(rosterwire_mock::world::chatwoot::ChatwootBot {
            id: 1,
            name: "Provisioner".into(),
            access_token: "cw-platform-token".into(),
        });
    let engine = Engine::new(
        &world,
        FidelityProfile::all(Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let response = send(
        &engine,
        "GET",
        SALES,
        &[("api_access_token", "cw-platform-token")],
        b"",
    );
    assert_eq!(
        response.body_text(),
        r#"{"error":"Access to this endpoint is not authorized for bots"}"#
    );
}

/// The same behaviour through a real socket: headers as a client sees them.
mod over_http {
    use rosterwire_mock::{MockConfig, MockServer};

    use super::*;

    async fn start(fidelity: Fidelity) -> MockServer {
        MockServer::start(MockConfig::new().with_fidelity(FidelityProfile::all(fidelity)))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn patch_answers_json_with_a_utf8_charset_and_reads_back() {
        // Arrange
        let server = start(Observed).await;
        let client = reqwest::Client::new();
        let url = format!("{}{SALES}", server.uri());
        // Act
        let response = client
            .patch(&url)
            .header("api_access_token", ADMIN)
            .json(&serde_json::json!({"user_ids": [5, 3]}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let content_type = response.headers()["content-type"].clone();
        let body: Vec<Value> = response.json().await.unwrap();
        let listed: Vec<Value> = client
            .get(&url)
            .header("api-access-token", AGENT)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // Assert
        assert_eq!(status, 200);
        assert_eq!(content_type, JSON_UTF8);
        assert_eq!(body, listed);
        assert_eq!(members(server.engine(), 1), [3, 5]);
        server.shutdown().await;
    }

    #[tokio::test]
    async fn delete_answers_an_empty_body_typed_json_without_charset() {
        let server = start(Documented).await;
        let response = reqwest::Client::new()
            .delete(format!("{}{SALES}", server.uri()))
            .header("api_access_token", ADMIN)
            .json(&serde_json::json!({"user_ids": [3]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["content-length"], "0");
        assert!(response.bytes().await.unwrap().is_empty());
        server.shutdown().await;
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_and_changes_nothing() {
        let server = MockServer::start(MockConfig::new().with_max_body(64))
            .await
            .unwrap();
        let ids: Vec<i64> = (0..100).map(|_| 5).collect();
        let response = reqwest::Client::new()
            .patch(format!("{}{SALES}", server.uri()))
            .header("api_access_token", ADMIN)
            .json(&serde_json::json!({ "user_ids": ids }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413);
        assert_eq!(response.headers()["content-type"], JSON_UTF8);
        assert_eq!(members(server.engine(), 1), [3, 4]);
        server.shutdown().await;
    }

    #[tokio::test]
    async fn a_missing_token_is_the_devise_401_over_the_wire() {
        let server = start(Documented).await;
        let response = reqwest::Client::new()
            .patch(format!("{}{SALES}", server.uri()))
            .bearer_auth(ADMIN)
            .json(&serde_json::json!({"user_ids": [3]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["content-type"], JSON_UTF8);
        assert_eq!(response.text().await.unwrap(), SIGN_IN);
        server.shutdown().await;
    }

    #[tokio::test]
    async fn head_on_team_members_answers_the_get_headers_without_a_body() {
        let server = MockServer::start(MockConfig::new()).await.unwrap();
        let response = reqwest::Client::new()
            .head(format!("{}{SALES}", server.uri()))
            .header("api_access_token", AGENT)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], JSON_UTF8);
        assert!(response.bytes().await.unwrap().is_empty());
        server.shutdown().await;
    }
}
