//! The library API of a running mock: the same operations as the HTTP admin API.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use rosterwire_mock::fault::{FaultKind, FaultSpec};
use rosterwire_mock::journal::RequestFilter;
use rosterwire_mock::{
    AdminConfig, ErrorKind, MockConfig, MockServer, RequestPattern, Times, VendorName, World,
};
use serde_json::json;

const TEAM_MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

async fn patch_members(server: &MockServer, user_ids: &[u64]) -> u16 {
    reqwest::Client::new()
        .patch(format!("{}{TEAM_MEMBERS}", server.uri()))
        .header("api_access_token", "cw-acme-admin-token")
        .json(&json!({ "user_ids": user_ids }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn requests_verify_and_reset_work_without_http() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    patch_members(&server, &[5]).await;
    patch_members(&server, &[6]).await;

    let pattern = RequestPattern::vendor(VendorName::Chatwoot)
        .method("PATCH")
        .path("*/team_members")
        .header("api_access_token");
    let holds = server.verify(&pattern, Times::Exactly(2)).unwrap();
    assert!(holds.ok, "{holds:?}");
    let fails = server
        .verify(
            &pattern.clone().body(json!({"user_ids": [7]})),
            Times::AtLeast(1),
        )
        .unwrap();
    assert!(!fails.ok);
    assert_eq!(fails.near_misses.len(), 2);

    let entries = server.requests(&RequestFilter::default());
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].header("api_access_token"), Some("[REDACTED]"));

    server.reset();
    assert!(server.requests(&RequestFilter::default()).is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn an_injected_fault_is_listed_applied_and_cleared_by_reset() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let fault = server
        .inject(
            FaultSpec::new(FaultKind::Status { status: 503 })
                .when(RequestPattern::vendor(VendorName::Chatwoot))
                .times(5),
        )
        .unwrap();
    assert_eq!(server.faults()[0].id, fault.id);
    assert_eq!(patch_members(&server, &[5]).await, 503);
    server.reset();
    assert!(server.faults().is_empty());
    assert_ne!(patch_members(&server, &[5]).await, 503);
    server.shutdown().await;
}

#[tokio::test]
async fn an_invalid_fault_or_world_is_an_error_with_its_pointer() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let error = server
        .inject(FaultSpec::new(FaultKind::Status { status: 42 }))
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidFault { pointer, .. } if pointer == "/fault/status")
    );
    let error = World::from_json(br#"{"chatwoot": 3}"#).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidWorld { pointer, .. } if pointer == "/chatwoot")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_disabled_admin_api_leaves_admin_paths_to_the_vendors() {
    let config = MockConfig::new().with_admin(AdminConfig::disabled());
    let server = MockServer::start(config).await.unwrap();
    let answer = reqwest::get(format!("{}/__admin/health", server.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    server.shutdown().await;
}

#[tokio::test]
async fn verification_needs_the_journal() {
    let server = MockServer::start(MockConfig::new().with_journal_size(0))
        .await
        .unwrap();
    let error = server
        .verify(&RequestPattern::default(), Times::default())
        .unwrap_err();
    assert_eq!(error.kind().code(), "journal-off");
    server.shutdown().await;
}

/// `(status, JSON body)` of an admin call over HTTP.
async fn admin_http(
    server: &MockServer,
    method: reqwest::Method,
    path: &str,
    body: Option<&[u8]>,
) -> (u16, serde_json::Value) {
    let mut request =
        reqwest::Client::new().request(method, format!("{}/__admin{path}", server.uri()));
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_vec());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_redacted_world_from_get_puts_back_unchanged_and_keeps_every_secret() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    patch_members(&server, &[5]).await;
    let before = serde_json::to_value(server.world()).unwrap();
    let (status, shown) = admin_http(&server, reqwest::Method::GET, "/world", None).await;
    assert_eq!(status, 200);
    assert!(shown.to_string().contains("[REDACTED]"));
    let body = serde_json::to_vec(&shown).unwrap();
    let (status, answer) = admin_http(&server, reqwest::Method::PUT, "/world", Some(&body)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(serde_json::to_value(server.world()).unwrap(), before);
    // The secrets still authenticate, and reset goes back to the world that was put.
    server.reset();
    assert_eq!(serde_json::to_value(server.world()).unwrap(), before);
    assert_eq!(patch_members(&server, &[3]).await, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn a_redacted_secret_of_an_object_that_does_not_exist_now_is_a_400_with_its_pointer() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let before = serde_json::to_value(server.world()).unwrap();
    let (_, mut shown) = admin_http(&server, reqwest::Method::GET, "/world", None).await;
    shown["chatwoot"]["users"][0]["id"] = json!(4242);
    let body = serde_json::to_vec(&shown).unwrap();
    let (status, answer) = admin_http(&server, reqwest::Method::PUT, "/world", Some(&body)).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["error"]["pointer"], "/chatwoot/users/0/access_token",
        "{answer}"
    );
    assert_eq!(serde_json::to_value(server.world()).unwrap(), before);
    server.shutdown().await;
}

#[rstest::rstest]
#[case::top_level_array("[]", "")]
#[case::vendor_array(r#"{"chatdash":[]}"#, "/chatdash")]
#[case::nested_array(r#"{"chatwoot":{"accounts":[[]]}}"#, "/chatwoot/accounts/0")]
#[tokio::test]
async fn a_world_with_an_array_where_an_object_belongs_is_refused_and_nothing_changes(
    #[case] body: &str,
    #[case] pointer: &str,
) {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let initial = serde_json::to_value(server.world()).unwrap();
    patch_members(&server, &[5]).await;
    let before = serde_json::to_value(server.world()).unwrap();
    assert_ne!(before, initial);
    let (status, answer) = admin_http(
        &server,
        reqwest::Method::PUT,
        "/world",
        Some(body.as_bytes()),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["pointer"], pointer, "{answer}");
    assert_eq!(serde_json::to_value(server.world()).unwrap(), before);
    // The reset baseline is still the seed world.
    server.reset();
    assert_eq!(serde_json::to_value(server.world()).unwrap(), initial);
    server.shutdown().await;
}
