//! Chatwoot teams (index, create, show, update, destroy), the account's agents, and Rails path
//! normalization, through the engine: exact bodies in key order, every error case, the state
//! after each call and no partial change after a refusal. Rows of `docs/behaviours/chatwoot.md`.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use http::{Method, StatusCode};
use rosterwire_mock::exchange::{OwnedRequest, Response};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, Provenance, VendorName, VendorOptions, World,
};
use rstest::rstest;
use serde_json::{Value, json};

const ADMIN: &str = "cw-acme-admin-token";
const AGENT: &str = "cw-acme-agent-token";
const GLOBEX_ADMIN: &str = "cw-globex-admin-token";
const BOT: &str = "cw-bot-token";
const TEAMS: &str = "/api/v1/accounts/1/teams";
const SALES: &str = "/api/v1/accounts/1/teams/1";
const JSON_UTF8: &str = "application/json; charset=utf-8";

const SIGN_IN: &str = r#"{"errors":["You need to sign in or sign up before continuing."]}"#;
const NOT_FOUND: &str = r#"{"error":"Resource could not be found"}"#;
const NOT_AUTHORIZED: &str = r#"{"error":"You are not authorized to do this action"}"#;
const PARAM_MISSING: &str = r#"{"error":"param is missing or the value is empty: team"}"#;
const NAME_BLANK: &str = r#"{"message":"Name must not be blank","attributes":["name"]}"#;
const NAME_TAKEN: &str = r#"{"message":"Name has already been taken","attributes":["name"]}"#;
const RAILS_500: &str = r#"{"status":500,"error":"Internal Server Error"}"#;
const RAILS_400: &str = r#"{"status":400,"error":"Bad Request"}"#;
const DOC_404: &str = r#"{"description":"Team not found","errors":[{"field":"team_id","message":"Team not found","code":"not_found"}]}"#;

use Fidelity::{Documented, Observed};

fn engine_with(world: &World, fidelity: Fidelity) -> Engine {
    Engine::new(
        world,
        FidelityProfile::all(fidelity),
        VendorOptions::default(),
    )
    .unwrap()
}

fn engine(fidelity: Fidelity) -> Engine {
    engine_with(&World::seed(), fidelity)
}

/// Sends one request; a non-empty `body` goes with `Content-Type: application/json`.
fn send(engine: &Engine, method: &str, path: &str, token: Option<&str>, body: &str) -> Response {
    let mut request = OwnedRequest::new(Method::from_bytes(method.as_bytes()).unwrap(), path);
    if !body.is_empty() {
        request = request.json(body.to_owned());
    }
    if let Some(token) = token {
        request = request.header("api_access_token", token);
    }
    engine.handle(&request.as_request())
}

fn as_admin(engine: &Engine, method: &str, path: &str, body: &str) -> Response {
    send(engine, method, path, Some(ADMIN), body)
}

fn chatwoot_state(engine: &Engine) -> Value {
    serde_json::to_value(engine.world().chatwoot).unwrap()
}

fn team_ids(engine: &Engine) -> Vec<i64> {
    engine.world().chatwoot.teams.iter().map(|t| t.id).collect()
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

fn assert_answer(response: &Response, status: u16, body: &str, provenance: Provenance) {
    assert_eq!(response.status.as_u16(), status, "{}", response.body_text());
    assert_eq!(response.body_text(), body);
    assert_eq!(response.content_type, Some(JSON_UTF8));
    assert_eq!(response.provenance, provenance);
}

// ---------------------------------------------------------------------------------------
// GET /teams
// ---------------------------------------------------------------------------------------

#[rstest]
fn any_account_user_lists_the_accounts_teams_in_creation_order(
    #[values(Documented, Observed)] fidelity: Fidelity,
    #[values(ADMIN, AGENT)] token: &str,
) {
    let engine = engine(fidelity);
    let response = send(&engine, "GET", TEAMS, Some(token), "");
    assert_answer(
        &response,
        200,
        r#"[{"id":1,"name":"sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false},{"id":2,"name":"support","description":"Support team","allow_auto_assign":true,"account_id":1,"is_member":false}]"#,
        Provenance::Observed,
    );
    assert_eq!(response.operation.id, "list-teams");
}

#[test]
fn the_team_list_shows_the_callers_membership_and_only_its_account() {
    let engine = engine(Observed);
    as_admin(
        &engine,
        "PATCH",
        "/api/v1/accounts/1/teams/2/team_members",
        r#"{"user_ids":[1]}"#,
    );
    let acme = as_admin(&engine, "GET", TEAMS, "");
    let flags: Vec<Value> = serde_json::from_slice::<Vec<Value>>(&acme.body)
        .unwrap()
        .iter()
        .map(|t| t["is_member"].clone())
        .collect();
    assert_eq!(flags, [json!(false), json!(true)]);
    let globex = send(
        &engine,
        "GET",
        "/api/v1/accounts/2/teams",
        Some(GLOBEX_ADMIN),
        "",
    );
    assert_eq!(
        globex.body_text(),
        r#"[{"id":3,"name":"billing","description":"Billing team","allow_auto_assign":false,"account_id":2,"is_member":false}]"#
    );
}

// ---------------------------------------------------------------------------------------
// POST /teams
// ---------------------------------------------------------------------------------------

#[rstest]
#[case::wrapped_name_is_downcased(r#"{"name":"Rosterwire-Run-1","description":"sandbox"}"#, r#"{"id":4,"name":"rosterwire-run-1","description":"sandbox","allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::nested_under_team(r#"{"team":{"name":"night shift","allow_auto_assign":false}}"#, r#"{"id":4,"name":"night shift","description":null,"allow_auto_assign":false,"account_id":1,"is_member":false}"#)]
#[case::another_accounts_name_is_free(r#"{"name":"billing"}"#, r#"{"id":4,"name":"billing","description":null,"allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::unpermitted_keys_are_dropped(r#"{"name":"x","id":77,"account_id":2}"#, r#"{"id":4,"name":"x","description":null,"allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::scalars_are_cast(r#"{"name":42,"description":true,"allow_auto_assign":"off"}"#, r#"{"id":4,"name":"42","description":"t","allow_auto_assign":false,"account_id":1,"is_member":false}"#)]
#[case::null_auto_assign_is_nil(r#"{"name":"x","allow_auto_assign":null}"#, r#"{"id":4,"name":"x","description":null,"allow_auto_assign":null,"account_id":1,"is_member":false}"#)]
fn an_administrator_creates_a_team_with_the_next_id(
    #[values(Documented, Observed)] fidelity: Fidelity,
    #[case] body: &str,
    #[case] expected: &str,
) {
    // Arrange
    let engine = engine(fidelity);
    // Act
    let response = as_admin(&engine, "POST", TEAMS, body);
    // Assert
    assert_answer(&response, 200, expected, Provenance::Observed);
    assert_eq!(response.operation.id, "create-team");
    assert_eq!(team_ids(&engine), [1, 2, 3, 4]);
    let shown = as_admin(&engine, "GET", "/api/v1/accounts/1/teams/4", "");
    assert_eq!(shown.body, response.body, "read back");
    let listed: Vec<Value> =
        serde_json::from_slice(&as_admin(&engine, "GET", TEAMS, "").body).unwrap();
    assert_eq!(
        listed.last().unwrap(),
        &serde_json::from_str::<Value>(expected).unwrap()
    );
    assert_eq!(members(&engine, 4), Vec::<i64>::new());
}

/// A refused call of `method path` with `body` and `token`, in `profiles`.
#[rstest]
// Auth chain, as for team_members.
#[case::no_token(&[Documented, Observed], "POST", TEAMS, None, r#"{"name":"x"}"#, (401, SIGN_IN))]
#[case::unknown_token(&[Documented, Observed], "POST", TEAMS, Some("nope"), r#"{"name":"x"}"#, (401, r#"{"error":"Invalid Access Token"}"#))]
#[case::bot_token(&[Documented, Observed], "GET", TEAMS, Some(BOT), "", (401, r#"{"error":"Access to this endpoint is not authorized for bots"}"#))]
#[case::another_accounts_admin(&[Documented, Observed], "POST", TEAMS, Some(GLOBEX_ADMIN), r#"{"name":"x"}"#, (401, r#"{"error":"You are not authorized to access this account"}"#))]
#[case::missing_account(&[Documented, Observed], "GET", "/api/v1/accounts/99/teams", Some(ADMIN), "", (404, NOT_FOUND))]
#[case::suspended_account(&[Documented, Observed], "GET", "/api/v1/accounts/3/teams", Some("cw-initech-admin-token"), "", (401, r#"{"error":"Account is suspended"}"#))]
#[case::invalid_json_before_auth(&[Documented, Observed], "POST", TEAMS, None, r#"{"name":"#, (400, RAILS_400))]
// TeamPolicy: create?, update?, destroy? are administrator-only, checked before team_params.
#[case::agent_creates(&[Documented, Observed], "POST", TEAMS, Some(AGENT), r#"{"name":"x"}"#, (401, NOT_AUTHORIZED))]
#[case::agent_creates_with_bad_params(&[Documented, Observed], "POST", TEAMS, Some(AGENT), "{}", (401, NOT_AUTHORIZED))]
#[case::agent_updates(&[Documented, Observed], "PATCH", SALES, Some(AGENT), r#"{"name":"x"}"#, (401, NOT_AUTHORIZED))]
#[case::agent_puts(&[Documented, Observed], "PUT", SALES, Some(AGENT), r#"{"name":"x"}"#, (401, NOT_AUTHORIZED))]
#[case::agent_deletes(&[Documented, Observed], "DELETE", SALES, Some(AGENT), "", (401, NOT_AUTHORIZED))]
// team_params: ParameterMissing 422, NoMethodError 500.
#[case::create_empty_object(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), "{}", (422, PARAM_MISSING))]
#[case::create_without_body(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), "", (422, PARAM_MISSING))]
#[case::create_unknown_keys_only(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"title":"x"}"#, (422, PARAM_MISSING))]
#[case::create_team_null(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"team":null}"#, (422, PARAM_MISSING))]
#[case::create_team_string(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"team":"x"}"#, (500, RAILS_500))]
#[case::create_top_level_array(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"[{"name":"x"}]"#, (422, PARAM_MISSING))]
#[case::update_empty_object(&[Documented, Observed], "PATCH", SALES, Some(ADMIN), "{}", (422, PARAM_MISSING))]
#[case::update_team_number(&[Documented, Observed], "PUT", SALES, Some(ADMIN), r#"{"team":5}"#, (500, RAILS_500))]
// Validations: presence, then uniqueness per account (after downcasing).
#[case::create_blank_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":""}"#, (422, NAME_BLANK))]
#[case::create_white_space_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":"   "}"#, (422, NAME_BLANK))]
#[case::create_null_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":null}"#, (422, NAME_BLANK))]
#[case::create_no_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"description":"d"}"#, (422, NAME_BLANK))]
#[case::create_array_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":["x"]}"#, (422, NAME_BLANK))]
#[case::create_taken_name(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":"sales"}"#, (422, NAME_TAKEN))]
#[case::create_taken_name_in_other_case(&[Documented, Observed], "POST", TEAMS, Some(ADMIN), r#"{"name":"SALES"}"#, (422, NAME_TAKEN))]
#[case::update_to_a_taken_name(&[Documented, Observed], "PATCH", SALES, Some(ADMIN), r#"{"name":"Support","description":"changed"}"#, (422, NAME_TAKEN))]
#[case::update_to_a_blank_name(&[Documented, Observed], "PUT", SALES, Some(ADMIN), r#"{"name":" ","allow_auto_assign":false}"#, (422, NAME_BLANK))]
// fetch_team before the role check: 404, for agents too.
#[case::update_missing_team(&[Observed], "PATCH", "/api/v1/accounts/1/teams/99", Some(ADMIN), r#"{"name":"x"}"#, (404, NOT_FOUND))]
#[case::update_another_accounts_team(&[Observed], "PATCH", "/api/v1/accounts/1/teams/3", Some(ADMIN), r#"{"name":"x"}"#, (404, NOT_FOUND))]
#[case::delete_missing_team_as_agent(&[Observed], "DELETE", "/api/v1/accounts/1/teams/99", Some(AGENT), "", (404, NOT_FOUND))]
#[case::delete_non_numeric_team(&[Observed], "DELETE", "/api/v1/accounts/1/teams/sales", Some(ADMIN), "", (404, NOT_FOUND))]
#[case::show_team_members_id(&[Observed], "GET", "/api/v1/accounts/1/teams//team_members//", Some(ADMIN), "", (404, NOT_FOUND))]
// Routes Chatwoot lacks or rosterwire does not model.
#[case::delete_the_collection(&[Documented, Observed], "DELETE", TEAMS, Some(ADMIN), "", (404, r#"{"status":404,"error":"Not Found"}"#))]
#[case::new_team_form(&[Documented, Observed], "GET", "/api/v1/accounts/1/teams/new", None, "", (404, r#"{"status":404,"error":"Not Found"}"#))]
#[case::create_an_agent(&[Documented, Observed], "POST", "/api/v1/accounts/1/agents", Some(ADMIN), r#"{"name":"x"}"#, (404, r#"{"status":404,"error":"Not Found"}"#))]
fn a_refused_teams_call_gets_chatwoots_answer_and_changes_nothing(
    #[case] profiles: &[Fidelity],
    #[case] method: &str,
    #[case] path: &str,
    #[case] token: Option<&str>,
    #[case] body: &str,
    #[case] answer: (u16, &str),
) {
    for &fidelity in profiles {
        // Arrange
        let engine = engine(fidelity);
        let before = chatwoot_state(&engine);
        // Act
        let response = send(&engine, method, path, token, body);
        // Assert
        assert_eq!(
            response.status.as_u16(),
            answer.0,
            "{fidelity}: {}",
            response.body_text()
        );
        assert_eq!(response.body_text(), answer.1, "{fidelity}");
        assert_eq!(response.content_type, Some(JSON_UTF8), "{fidelity}");
        let expected = if answer.1.starts_with(r#"{"status":404"#) {
            Provenance::Assumed
        } else {
            Provenance::Observed
        };
        assert_eq!(response.provenance, expected, "{fidelity}");
        assert_eq!(chatwoot_state(&engine), before, "{fidelity}: state changed");
        // A refused create does not consume a team id.
        let created = as_admin(&engine, "POST", TEAMS, r#"{"name":"probe"}"#);
        assert_eq!(ids_of_team(&created), 4, "{fidelity}");
    }
}

fn ids_of_team(response: &Response) -> i64 {
    serde_json::from_slice::<Value>(&response.body).unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_missing_team_in_the_documented_profile_gets_the_docs_404_shape() {
    let engine = engine(Documented);
    let response = as_admin(&engine, "DELETE", "/api/v1/accounts/1/teams/99", "");
    assert_answer(&response, 404, DOC_404, Provenance::Assumed);
    assert_eq!(response.operation.id, "delete-team");
}

// ---------------------------------------------------------------------------------------
// PATCH / PUT /teams/{id}
// ---------------------------------------------------------------------------------------

#[rstest]
#[case::rename("PATCH", r#"{"name":"Inside Sales"}"#, r#"{"id":1,"name":"inside sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::put_is_update_too("PUT", r#"{"name":"Inside Sales"}"#, r#"{"id":1,"name":"inside sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::only_sent_keys_change("PATCH", r#"{"description":null,"allow_auto_assign":"0"}"#, r#"{"id":1,"name":"sales","description":null,"allow_auto_assign":false,"account_id":1,"is_member":false}"#)]
#[case::own_name_in_other_case("PATCH", r#"{"team":{"name":"SALES"}}"#, r#"{"id":1,"name":"sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
#[case::nothing_permitted("PATCH", r#"{"team":{"colour":"red"}}"#, r#"{"id":1,"name":"sales","description":"Sales team","allow_auto_assign":true,"account_id":1,"is_member":false}"#)]
fn an_administrator_updates_a_team(
    #[values(Documented, Observed)] fidelity: Fidelity,
    #[case] method: &str,
    #[case] body: &str,
    #[case] expected: &str,
) {
    let engine = engine(fidelity);
    let response = as_admin(&engine, method, SALES, body);
    assert_answer(&response, 200, expected, Provenance::Observed);
    assert_eq!(response.operation.id, "update-team");
    assert_eq!(
        as_admin(&engine, "GET", SALES, "").body,
        response.body,
        "read back"
    );
    assert_eq!(members(&engine, 1), [3, 4], "members untouched");
    assert_eq!(team_ids(&engine), [1, 2, 3]);
}

// ---------------------------------------------------------------------------------------
// DELETE /teams/{id}
// ---------------------------------------------------------------------------------------

#[rstest]
fn deleting_a_team_removes_it_and_its_memberships(
    #[values(Documented, Observed)] fidelity: Fidelity,
) {
    // Arrange
    let engine = engine(fidelity);
    // Act
    let response = as_admin(&engine, "DELETE", SALES, "");
    // Assert
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some("application/json"));
    assert!(response.body.is_empty());
    assert_eq!(response.provenance, Provenance::Observed);
    assert_eq!(response.operation.id, "delete-team");
    assert_eq!(team_ids(&engine), [2, 3]);
    assert_eq!(members(&engine, 1), Vec::<i64>::new());
    assert_eq!(members(&engine, 3), [9], "other accounts untouched");
    let again = as_admin(&engine, "DELETE", SALES, "");
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let members_of_gone = as_admin(
        &engine,
        "GET",
        "/api/v1/accounts/1/teams/1/team_members",
        "",
    );
    assert_eq!(members_of_gone.status, StatusCode::NOT_FOUND);
}

#[test]
fn team_ids_follow_a_sequence_that_a_world_reset_restarts() {
    let engine = engine(Observed);
    let first = as_admin(&engine, "POST", TEAMS, r#"{"name":"a"}"#);
    as_admin(&engine, "DELETE", "/api/v1/accounts/1/teams/4", "");
    let second = as_admin(&engine, "POST", TEAMS, r#"{"name":"a"}"#);
    let other_account = send(
        &engine,
        "POST",
        "/api/v1/accounts/2/teams",
        Some(GLOBEX_ADMIN),
        r#"{"name":"a"}"#,
    );
    assert_eq!(
        (
            ids_of_team(&first),
            ids_of_team(&second),
            ids_of_team(&other_account)
        ),
        (4, 5, 6),
        "ids are global and never reused"
    );
    engine.set_world(&World::seed()).unwrap();
    assert_eq!(team_ids(&engine), [1, 2, 3]);
    let after_reset = as_admin(&engine, "POST", TEAMS, r#"{"name":"a"}"#);
    assert_eq!(ids_of_team(&after_reset), 4);
}

#[test]
fn a_sandbox_team_can_be_created_filled_read_renamed_and_deleted() {
    // The runner's sandbox life cycle, as one developer app would drive it.
    let engine = engine(Observed);
    let created = as_admin(&engine, "POST", TEAMS, r#"{"name":"rosterwire-run42-1"}"#);
    let id = ids_of_team(&created);
    let team = format!("{TEAMS}/{id}");
    let team_members = format!("{team}/team_members");
    let filled = as_admin(&engine, "PATCH", &team_members, r#"{"user_ids":[5,3]}"#);
    assert_eq!(ids_of(&filled), [5, 3]);
    let added = as_admin(&engine, "POST", &team_members, r#"{"user_ids":[1]}"#);
    assert_eq!(ids_of(&added), [1]);
    let listed = as_admin(&engine, "GET", &team_members, "");
    assert_eq!(ids_of(&listed), [5, 3, 1]);
    let shown = as_admin(&engine, "GET", &team, "");
    assert_eq!(
        serde_json::from_slice::<Value>(&shown.body).unwrap()["is_member"],
        true
    );
    let renamed = as_admin(&engine, "PATCH", &team, r#"{"description":"done"}"#);
    assert_eq!(renamed.status, StatusCode::OK);
    let deleted = as_admin(&engine, "DELETE", &team, "");
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(members(&engine, id), Vec::<i64>::new());
    assert_eq!(
        chatwoot_state(&engine),
        chatwoot_state(&self::engine(Observed))
    );
}

#[test]
fn a_world_may_hold_a_team_whose_auto_assign_is_null() {
    let mut world = World::seed();
    world.chatwoot.teams[1].allow_auto_assign = None;
    let engine = engine_with(&world, Observed);
    let response = as_admin(&engine, "GET", "/api/v1/accounts/1/teams/2", "");
    assert_eq!(
        response.body_text(),
        r#"{"id":2,"name":"support","description":"Support team","allow_auto_assign":null,"account_id":1,"is_member":false}"#
    );
    let dumped = serde_json::to_value(engine.world()).unwrap();
    assert_eq!(
        dumped["chatwoot"]["teams"][1]["allow_auto_assign"],
        Value::Null
    );
    let reloaded: World = serde_json::from_value(dumped).unwrap();
    assert_eq!(reloaded.chatwoot.teams[1].allow_auto_assign, None);
}

// ---------------------------------------------------------------------------------------
// GET /agents
// ---------------------------------------------------------------------------------------

#[rstest]
fn any_account_user_lists_every_agent_and_administrator(#[values(ADMIN, AGENT)] token: &str) {
    let engine = engine(Observed);
    let response = send(&engine, "GET", "/api/v1/accounts/1/agents", Some(token), "");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type, Some(JSON_UTF8));
    assert_eq!(response.provenance, Provenance::Observed);
    assert_eq!(response.operation.id, "list-agents");
    assert_eq!(ids_of(&response), [1, 2, 3, 4, 5, 6, 7]);
    let first: Value = serde_json::from_slice::<Vec<Value>>(&response.body).unwrap()[0].clone();
    assert_eq!(
        first.to_string(),
        r#"{"id":1,"account_id":1,"availability_status":"offline","auto_offline":true,"confirmed":true,"email":"alice@acme.example","provider":"email","available_name":"Alice","name":"Alice","role":"administrator","thumbnail":"","custom_role_id":null}"#
    );
}

#[test]
fn agents_are_listed_by_lower_cased_name_then_id() {
    let mut world = World::seed();
    let rename = |world: &mut World, id: i64, name: &str| {
        let user = world
            .chatwoot
            .users
            .iter_mut()
            .find(|u| u.id == id)
            .unwrap();
        user.name = name.to_owned();
    };
    rename(&mut world, 1, "zoe");
    rename(&mut world, 5, "ADAM");
    rename(&mut world, 3, "adam");
    let engine = engine_with(&world, Observed);
    let response = as_admin(&engine, "GET", "/api/v1/accounts/1/agents", "");
    assert_eq!(ids_of(&response), [3, 5, 2, 4, 6, 7, 1]);
}

#[test]
fn agents_of_another_account_are_its_own() {
    let engine = engine(Observed);
    let response = send(
        &engine,
        "GET",
        "/api/v1/accounts/2/agents",
        Some(GLOBEX_ADMIN),
        "",
    );
    assert_eq!(ids_of(&response), [8, 9]);
    let foreign = send(&engine, "GET", "/api/v1/accounts/2/agents", Some(ADMIN), "");
    assert_eq!(
        foreign.body_text(),
        r#"{"error":"You are not authorized to access this account"}"#
    );
}

#[test]
fn agents_in_the_documented_profile_have_the_docs_fields() {
    let engine = engine(Documented);
    let response = send(
        &engine,
        "GET",
        "/api/v1/accounts/2/agents",
        Some(GLOBEX_ADMIN),
        "",
    );
    assert_eq!(response.provenance, Provenance::Assumed);
    let agents: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    assert!(
        agents
            .iter()
            .all(|a| a.get("provider").is_none() && a.get("custom_role_id").is_some())
    );
}

// ---------------------------------------------------------------------------------------
// Rails path normalization
// ---------------------------------------------------------------------------------------

#[rstest]
#[case::leading_double_slash("//api/v1/accounts/1/teams/1/team_members")]
#[case::double_slash_inside("/api/v1//accounts/1/teams/1/team_members")]
#[case::trailing_double_slash("/api/v1/accounts/1/teams/1/team_members//")]
#[case::everywhere("///api//v1/accounts//1/teams/1//team_members///")]
fn a_path_with_extra_slashes_answers_as_the_clean_path(
    #[values(Documented, Observed)] fidelity: Fidelity,
    #[case] path: &str,
) {
    let clean = "/api/v1/accounts/1/teams/1/team_members";
    let engine = engine(fidelity);
    let expected = send(&engine, "GET", clean, Some(AGENT), "");
    let response = send(&engine, "GET", path, Some(AGENT), "");
    assert_eq!(VendorName::for_path(path), Some(VendorName::Chatwoot));
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, expected.body);
    assert_eq!(response.operation, expected.operation);
    assert_eq!(response.provenance, expected.provenance);
    let no_token = send(&engine, "GET", path, None, "");
    assert_eq!(
        no_token.body_text(),
        SIGN_IN,
        "the vendor's own 401, not rosterwire's 404"
    );
}

#[rstest]
#[case::create("POST", "//api/v1/accounts/1/teams/", r#"{"name":"slashy"}"#, 200)]
#[case::update("PATCH", "/api/v1/accounts/1//teams/2//", r#"{"name":"slashy"}"#, 200)]
#[case::replace_members(
    "PATCH",
    "//api/v1/accounts/1/teams/2/team_members/",
    r#"{"user_ids":[3]}"#,
    200
)]
#[case::agents("GET", "/api//v1/accounts/1/agents/", "", 200)]
#[case::still_no_put_on_team_members(
    "PUT",
    "//api/v1/accounts/1/teams/2/team_members",
    r#"{"user_ids":[3]}"#,
    404
)]
fn every_chatwoot_route_is_matched_after_normalization(
    #[case] method: &str,
    #[case] path: &str,
    #[case] body: &str,
    #[case] status: u16,
) {
    let engine = engine(Observed);
    let response = as_admin(&engine, method, path, body);
    assert_eq!(response.status.as_u16(), status, "{}", response.body_text());
    assert_eq!(response.operation.vendor, Some(VendorName::Chatwoot));
}

#[rstest]
#[case::chatdash("//v1/public/agents")]
#[case::rocketchat("//api/v1/livechat/department/x/agents")]
fn chatwoots_normalization_never_claims_another_vendors_path(#[case] path: &str) {
    assert_ne!(VendorName::for_path(path), Some(VendorName::Chatwoot));
}

/// The same through a real socket: a client whose base URL ends in `/` builds `//api/...`.
mod over_http {
    use rosterwire_mock::journal::RequestFilter;
    use rosterwire_mock::{MockConfig, MockServer};

    use super::*;

    #[tokio::test]
    async fn a_base_url_with_a_trailing_slash_reaches_chatwoot_and_is_journaled_as_sent() {
        // Arrange
        let server = MockServer::start(MockConfig::new()).await.unwrap();
        let client = reqwest::Client::new();
        let base = format!("{}/", server.uri());
        // Act
        let created = client
            .post(format!("{base}/api/v1/accounts/1/teams"))
            .header("api_access_token", ADMIN)
            .json(&json!({"name": "Over HTTP"}))
            .send()
            .await
            .unwrap();
        let status = created.status();
        let content_type = created.headers()["content-type"].clone();
        let body: Value = created.json().await.unwrap();
        // Assert
        assert_eq!(status, 200);
        assert_eq!(content_type, JSON_UTF8);
        assert_eq!(body["name"], "over http");
        assert_eq!(team_ids(server.engine()), [1, 2, 3, 4]);
        let journal = server.requests(&RequestFilter::default());
        let entry = journal.last().unwrap();
        assert_eq!(
            entry.path, "//api/v1/accounts/1/teams",
            "the path as received"
        );
        assert_eq!(entry.vendor, Some(VendorName::Chatwoot));
        assert_eq!(entry.operation, "create-team");
        server.shutdown().await;
    }
}
