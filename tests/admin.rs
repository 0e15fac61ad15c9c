//! The admin API under `/__admin` of `rosterwire serve`, end to end: what needs the binary
//! (the `--journal-size`, `--admin-token` and `--no-admin` flags, the logs). The API's own HTTP
//! behaviour is tested in the crate (`mock-server/tests/admin_http.rs`).

use reqwest::Method;
use serde_json::{Value, json};

use crate::util::{SEED_SECRETS, ServeProcess, admin, client};

const TEAM_MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

#[tokio::test]
async fn health_answers_ok_with_the_journal_size() {
    let server = ServeProcess::start(&["--journal-size", "7"]);
    let (status, body) = admin(&server.origin, Method::GET, "/health", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "ok", "journal_size": 7, "faults": 0})
    );
}

#[tokio::test]
async fn with_an_admin_token_a_request_without_the_bearer_is_a_401() {
    let server = ServeProcess::start(&["--admin-token", "let-me-in"]);
    let (status, body) = admin(&server.origin, Method::GET, "/health", None).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let answer = client()
        .get(format!("{}/__admin/health", server.origin))
        .bearer_auth("let-me-in")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
}

#[tokio::test]
async fn no_admin_turns_admin_paths_into_the_unknown_route_404() {
    let server = ServeProcess::start(&["--no-admin"]);
    let answer = client()
        .get(format!("{}/__admin/health", server.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    let body: Value = answer.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("rosterwire: no vendor serves"),
        "{body}"
    );
}

#[tokio::test]
async fn no_seed_secret_appears_in_the_journal_the_logs_or_admin_answers() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let server = ServeProcess::start_logging(&[], &log);
    let origin = &server.origin;
    let http = client();
    for secret in SEED_SECRETS {
        let credentials = json!({"agents": [{"apiKey": secret, "platformCredentials": {"token": secret}}], "authToken": secret, "access_token": secret});
        http.get(format!("{origin}{TEAM_MEMBERS}?api_access_token={secret}"))
            .send()
            .await
            .unwrap();
        http.put(format!("{origin}/v1/public/agents/assign"))
            .header("Authorization", format!("Bearer {secret}"))
            .header("X-Auth-Token", secret)
            .header("X-User-Id", "adminKq3Lw8ZpR2xT")
            .header("api_access_token", secret)
            .json(&credentials)
            .send()
            .await
            .unwrap();
    }
    let mut shown = String::new();
    for path in ["/requests", "/world", "/faults", "/health"] {
        let (_, body) = admin(origin, Method::GET, path, None).await;
        shown.push_str(&body.to_string());
    }
    drop(server);
    shown.push_str(&std::fs::read_to_string(&log).unwrap());
    assert!(
        shown.contains("[REDACTED]"),
        "the journal shows the redacted values"
    );
    let world_secrets = rosterwire_mock::World::seed().secrets();
    for secret in SEED_SECRETS
        .iter()
        .copied()
        .chain(world_secrets.iter().map(String::as_str))
    {
        assert!(!shown.contains(secret), "`{secret}` leaked");
    }
}
