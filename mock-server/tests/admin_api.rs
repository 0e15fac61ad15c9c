//! The library API of a running mock: the same operations as the HTTP admin API.

#![allow(clippy::unwrap_used)]

use rosterwire_mock::{
    AdminConfig, ErrorKind, FaultKind, FaultSpec, MockConfig, MockServer, RequestFilter,
    RequestPattern, Times, VendorName, World,
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
