//! The journal of a running mock: bounded, newest last, redacted, capped.

use rosterwire_mock::journal::{BODY_CAP, RequestFilter};
use rosterwire_mock::{MockConfig, MockServer, VendorName, World};
use serde_json::json;

#[tokio::test]
async fn the_journal_keeps_only_the_newest_entries() {
    let server = MockServer::start(MockConfig::new().with_journal_size(3))
        .await
        .unwrap();
    let client = reqwest::Client::new();
    for n in 0..10 {
        client
            .get(format!("{}/nowhere/{n}", server.uri()))
            .send()
            .await
            .unwrap();
    }
    let entries = server.requests(&RequestFilter::default());
    let paths: Vec<_> = entries.iter().map(|e| (e.seq, e.path.as_str())).collect();
    assert_eq!(
        paths,
        [(8, "/nowhere/7"), (9, "/nowhere/8"), (10, "/nowhere/9")]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn credential_keys_are_redacted_and_large_bodies_capped() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    let padding = "x".repeat(BODY_CAP * 2);
    reqwest::Client::new()
        .put(format!("{}/v1/public/agents/assign", server.uri()))
        .header("Authorization", "Bearer cd-agency-key-7f3a9b")
        .json(&json!({"apiKey": "cd-agency-key-7f3a9b", "padding": padding}))
        .send()
        .await
        .unwrap();
    let entry = &server.requests(&RequestFilter {
        vendor: Some(VendorName::ChatDash),
        ..RequestFilter::default()
    })[0];
    assert!(!entry.operation.is_empty());
    assert_eq!(entry.header("authorization"), Some("[REDACTED]"));
    assert!(
        entry
            .request_body
            .starts_with(r#"{"apiKey":"[REDACTED]","padding":"xxx"#)
    );
    assert!(entry.request_body_truncated);
    assert_eq!(entry.request_body.len(), BODY_CAP);
    assert!(!entry.request_body.contains("cd-agency-key-7f3a9b"));
    server.shutdown().await;
}

#[tokio::test]
async fn loading_a_new_world_does_not_unredact_older_entries() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    reqwest::Client::new()
        .get(format!("{}/nowhere?key=cd-agency-key-7f3a9b", server.uri()))
        .header("x-note", "key cd-agency-key-7f3a9b")
        .body("cd-agency-key-7f3a9b")
        .send()
        .await
        .unwrap();
    let mut world = serde_json::to_value(World::seed()).unwrap();
    world["chatdash"]["agencyApiKeys"] = json!(["a-different-key"]);
    server
        .set_world(serde_json::from_value(world).unwrap())
        .unwrap();
    let entry = &server.requests(&RequestFilter::default())[0];
    assert_eq!(entry.query.as_deref(), Some("key=[REDACTED]"));
    assert_eq!(entry.header("x-note"), Some("key [REDACTED]"));
    assert_eq!(entry.request_body, "[REDACTED]");
    server.shutdown().await;
}
