//! Chatwoot `GET /api/v1/profile` (profiles#show) through the engine and over HTTP: the exact
//! user partial in key order for an administrator and for an agent of several accounts, each
//! auth failure, Rails path normalization, and the token redacted in the journal. Rows of
//! `docs/behaviours/chatwoot.md` ("Profile").

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use http::Method;
use rosterwire_mock::exchange::{OwnedRequest, Response};
use rosterwire_mock::world::chatwoot::{ChatwootAccountUser, ChatwootRole};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, Provenance, VendorName, VendorOptions, World,
};
use rstest::rstest;

const PROFILE: &str = "/api/v1/profile";
const JSON_UTF8: &str = "application/json; charset=utf-8";

const SIGN_IN: &str = r#"{"errors":["You need to sign in or sign up before continuing."]}"#;
const INVALID_TOKEN: &str = r#"{"error":"Invalid Access Token"}"#;
const BOTS: &str = r#"{"error":"Access to this endpoint is not authorized for bots"}"#;
const ROUTING_404: &str = r#"{"status":404,"error":"Not Found"}"#;

/// Alice, administrator of account 1 only (seed world, enterprise build). `pubsub_token` is
/// the mock's stable value for user 1 (assumed), 24 base58 characters like `has_secure_token`.
const ALICE: &str = concat!(
    r#"{"access_token":"cw-acme-admin-token","account_id":1,"available_name":"Alice","#,
    r#""avatar_url":"","confirmed":true,"display_name":null,"message_signature":null,"#,
    r#""email":"alice@acme.example","id":1,"inviter_id":null,"name":"Alice","provider":"email","#,
    r#""pubsub_token":"5An8bc35XnDV18UAdf18Pp3C","role":"administrator","ui_settings":{},"#,
    r#""uid":"alice@acme.example","type":null,"accounts":[{"id":1,"name":"Acme Support","#,
    r#""status":"active","active_at":null,"role":"administrator","permissions":["administrator"],"#,
    r#""availability":"online","availability_status":"offline","auto_offline":true,"#,
    r#""custom_role_id":null,"custom_role":null}]}"#
);

/// Bob, agent of account 1 and (in [`bob_in_three_accounts`]) of accounts 2 (not auto-offline)
/// and 3 (suspended, administrator there).
const BOB: &str = concat!(
    r#"{"access_token":"cw-acme-agent-token","account_id":1,"available_name":"Bob","#,
    r#""avatar_url":"","confirmed":true,"display_name":null,"message_signature":null,"#,
    r#""email":"bob@acme.example","id":2,"inviter_id":null,"name":"Bob","provider":"email","#,
    r#""pubsub_token":"YEqAhNUzuvDtusLqSFQ4K2i9","role":"agent","ui_settings":{},"#,
    r#""uid":"bob@acme.example","type":null,"accounts":["#,
    r#"{"id":1,"name":"Acme Support","status":"active","active_at":null,"role":"agent","#,
    r#""permissions":["agent"],"availability":"online","availability_status":"offline","#,
    r#""auto_offline":true,"custom_role_id":null,"custom_role":null},"#,
    r#"{"id":2,"name":"Globex","status":"active","active_at":null,"role":"agent","#,
    r#""permissions":["agent"],"availability":"online","availability_status":"online","#,
    r#""auto_offline":false,"custom_role_id":null,"custom_role":null},"#,
    r#"{"id":3,"name":"Initech","status":"suspended","active_at":null,"role":"administrator","#,
    r#""permissions":["administrator"],"availability":"online","availability_status":"offline","#,
    r#""auto_offline":true,"custom_role_id":null,"custom_role":null}]}"#
);

fn engine_with(world: &World, fidelity: Fidelity) -> Engine {
    Engine::new(
        world,
        FidelityProfile::all(fidelity),
        VendorOptions::default(),
    )
    .unwrap()
}

/// The seed world where Bob is also an agent of Globex and an administrator of Initech.
fn bob_in_three_accounts() -> World {
    let mut world = World::seed();
    let member = |account_id, role, auto_offline| ChatwootAccountUser {
        account_id,
        user_id: 2,
        role,
        auto_offline,
        custom_role_id: None,
    };
    world.chatwoot.account_users.extend([
        member(2, ChatwootRole::Agent, false),
        member(3, ChatwootRole::Administrator, true),
    ]);
    world
}

fn send(engine: &Engine, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = OwnedRequest::new(Method::from_bytes(method.as_bytes()).unwrap(), path);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    engine.handle(&request.as_request())
}

fn get_profile(engine: &Engine, path: &str, token: &str) -> Response {
    send(engine, "GET", path, &[("api_access_token", token)])
}

fn assert_answer(response: &Response, status: u16, body: &str, provenance: Provenance) {
    assert_eq!(response.status.as_u16(), status, "{}", response.body_text());
    assert_eq!(response.body_text(), body);
    assert_eq!(response.content_type, Some(JSON_UTF8));
    assert_eq!(response.provenance, provenance);
}

#[rstest]
fn an_administrator_gets_the_user_partial_in_key_order(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(&World::seed(), fidelity);
    let response = get_profile(&engine, PROFILE, "cw-acme-admin-token");
    assert_answer(&response, 200, ALICE, Provenance::Observed);
    assert_eq!(response.operation.id, "get-profile");
    assert_eq!(response.operation.vendor, Some(VendorName::Chatwoot));
}

#[rstest]
fn an_agent_of_several_accounts_gets_every_account_in_order(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(&bob_in_three_accounts(), fidelity);
    let response = get_profile(&engine, PROFILE, "cw-acme-agent-token");
    assert_answer(&response, 200, BOB, Provenance::Observed);
}

#[test]
fn the_pubsub_token_is_stable_and_differs_between_users() {
    let engine = engine_with(&World::seed(), Fidelity::Observed);
    let token = |t: &str| {
        let body: serde_json::Value =
            serde_json::from_slice(&get_profile(&engine, PROFILE, t).body).unwrap();
        body["pubsub_token"].as_str().unwrap().to_owned()
    };
    assert_eq!(token("cw-acme-admin-token"), token("cw-acme-admin-token"));
    assert_ne!(token("cw-acme-admin-token"), token("cw-acme-agent-token"));
}

#[test]
fn optional_keys_follow_the_world() {
    // Carol has a display name, Dave custom attributes: `available_name` and
    // `display_name` follow, `custom_attributes` appears (between `pubsub_token` and `role`).
    let mut world = World::seed();
    for user in &mut world.chatwoot.users {
        if user.id == 4 {
            user.access_token = Some("cw-dave-token".into());
            user.display_name = Some("D.".into());
        }
    }
    let engine = engine_with(&world, Fidelity::Observed);
    let response = get_profile(&engine, PROFILE, "cw-dave-token");
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "account_id",
            "available_name",
            "avatar_url",
            "confirmed",
            "display_name",
            "message_signature",
            "email",
            "id",
            "inviter_id",
            "name",
            "provider",
            "pubsub_token",
            "custom_attributes",
            "role",
            "ui_settings",
            "uid",
            "type",
            "accounts"
        ]
    );
    assert_eq!(body["available_name"], "D.");
    assert_eq!(body["display_name"], "D.");
    assert_eq!(
        body["custom_attributes"],
        serde_json::json!({"shift": "night"})
    );
}

#[test]
fn a_community_build_has_no_custom_role_keys() {
    let mut world = World::seed();
    world.chatwoot.enterprise = false;
    let engine = engine_with(&world, Fidelity::Observed);
    let response = get_profile(&engine, PROFILE, "cw-acme-admin-token");
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    let account = body["accounts"][0].as_object().unwrap();
    assert!(!account.contains_key("custom_role_id"));
    assert!(!account.contains_key("custom_role"));
    assert_eq!(account.len(), 9);
}

#[rstest]
#[case::no_token(&[], 401, SIGN_IN)]
#[case::blank_token(&[("api_access_token", " ")], 401, SIGN_IN)]
#[case::bearer_is_not_auth(&[("authorization", "Bearer cw-acme-admin-token")], 401, SIGN_IN)]
#[case::unknown_token(&[("api_access_token", "nope")], 401, INVALID_TOKEN)]
#[case::token_case_matters(&[("api_access_token", "CW-ACME-ADMIN-TOKEN")], 401, INVALID_TOKEN)]
#[case::bot_token(&[("api_access_token", "cw-bot-token")], 401, BOTS)]
fn a_refused_profile_request_gets_chatwoots_answer(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[case] headers: &[(&str, &str)],
    #[case] status: u16,
    #[case] body: &str,
) {
    let engine = engine_with(&World::seed(), fidelity);
    let before = serde_json::to_value(engine.world()).unwrap();
    let response = send(&engine, "GET", PROFILE, headers);
    assert_answer(&response, status, body, Provenance::Observed);
    assert_eq!(response.operation.id, "get-profile");
    assert_eq!(serde_json::to_value(engine.world()).unwrap(), before);
}

#[test]
fn a_suspended_accounts_administrator_still_gets_the_profile() {
    // No account check on profiles#show: Judy (only in suspended Initech) gets 200.
    let engine = engine_with(&World::seed(), Fidelity::Observed);
    let response = get_profile(&engine, PROFILE, "cw-initech-admin-token");
    assert_eq!(response.status.as_u16(), 200, "{}", response.body_text());
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["accounts"][0]["status"], "suspended");
}

#[rstest]
#[case::leading_double("//api/v1/profile")]
#[case::leading_double_and_trailing("//api/v1/profile/")]
#[case::inner_double("/api/v1//profile")]
#[case::trailing("/api/v1/profile/")]
#[case::json_format("/api/v1/profile.json")]
fn a_normalized_profile_path_answers_as_the_clean_one(#[case] path: &str) {
    let engine = engine_with(&World::seed(), Fidelity::Observed);
    assert_eq!(VendorName::for_path(path), Some(VendorName::Chatwoot));
    let clean = get_profile(&engine, PROFILE, "cw-acme-admin-token");
    let response = get_profile(&engine, path, "cw-acme-admin-token");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.body, clean.body);
    assert_eq!(response.operation.id, "get-profile");
}

#[rstest]
#[case::update_is_not_modelled("PATCH", "/api/v1/profile")]
#[case::member_route_is_not_modelled("POST", "/api/v1/profile/availability")]
fn other_profile_routes_are_chatwoots_routing_404(#[case] method: &str, #[case] path: &str) {
    let engine = engine_with(&World::seed(), Fidelity::Observed);
    assert_eq!(VendorName::for_path(path), Some(VendorName::Chatwoot));
    let response = send(
        &engine,
        method,
        path,
        &[("api_access_token", "cw-acme-admin-token")],
    );
    assert_answer(&response, 404, ROUTING_404, Provenance::Assumed);
}

#[rstest]
#[case::plural("/api/v1/profiles")]
#[case::other_version("/api/v2/profile")]
#[case::rocketchat_base("/api/v1/livechat/profile")]
#[case::prefix_only("/api/v1/profilex")]
fn only_chatwoots_own_profile_path_is_claimed(#[case] path: &str) {
    assert_ne!(VendorName::for_path(path), Some(VendorName::Chatwoot));
}

/// Over a real socket: the response's `access_token` is the caller's token, and the journal
/// hides it in the request header and in the recorded response body.
mod over_http {
    use rosterwire_mock::journal::RequestFilter;
    use rosterwire_mock::redact::REDACTED;
    use rosterwire_mock::{MockConfig, MockServer};

    use super::*;

    #[tokio::test]
    async fn the_token_is_redacted_in_the_journal() {
        let server = MockServer::start(MockConfig::new()).await.unwrap();
        let response = reqwest::Client::new()
            .get(format!("{}/{PROFILE}/", server.uri()))
            .header("api_access_token", "cw-acme-admin-token")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], JSON_UTF8);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["access_token"], "cw-acme-admin-token");
        assert_eq!(body["id"], 1);

        let journal = server.requests(&RequestFilter::default());
        let entry = journal.last().unwrap();
        assert_eq!(entry.path, "//api/v1/profile/", "the path as received");
        assert_eq!(entry.vendor, Some(VendorName::Chatwoot));
        assert_eq!(entry.operation, "get-profile");
        assert_eq!(entry.status, Some(200));
        let recorded = serde_json::to_string(entry).unwrap();
        assert!(!recorded.contains("cw-acme-admin-token"), "{recorded}");
        let journaled: serde_json::Value = serde_json::from_str(&entry.response_body).unwrap();
        assert_eq!(journaled["access_token"], REDACTED);
        assert_eq!(journaled["id"], 1, "the rest of the body is kept");
        assert_eq!(entry.header("api_access_token"), Some(REDACTED));
        server.shutdown().await;
    }
}
