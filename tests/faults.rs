//! Faults in `rosterwire serve`, end to end: what needs the binary (the `--fault` flag and
//! its parsing errors). Every fault kind over HTTP, from the admin API and the per-request
//! headers, is tested in the crate (`mock-server/tests/faults.rs`).

use serde_json::json;

use crate::util::{ServeProcess, client};

const TEAM_MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

#[tokio::test]
async fn the_fault_flag_registers_a_fault_at_start() {
    let server = ServeProcess::start(&[
        "--fault",
        "chatwoot PATCH */team_members status=503 times=1",
    ]);
    let origin = &server.origin;
    let patch = || {
        client()
            .patch(format!("{origin}{TEAM_MEMBERS}"))
            .json(&json!({"user_ids": [5]}))
            .send()
    };
    assert_eq!(patch().await.unwrap().status().as_u16(), 503);
    assert_ne!(patch().await.unwrap().status().as_u16(), 503);
}

#[tokio::test]
async fn a_bad_fault_flag_is_refused_with_exit_code_2() {
    let output = std::process::Command::new(crate::util::binary())
        .args([
            "serve",
            "--port",
            "0",
            "--fault",
            "chatwoot PATCH */team_members explode",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown fault `explode`"), "{stderr}");
}
