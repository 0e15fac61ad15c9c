//! A staging check on a foreign server, as a new user would run it: `rosterwire serve` with a
//! world of other ids, tokens, names and groups than the seed (`fixtures/worlds/foreign.json`,
//! observed profile, like a real server) stands in for someone's staging. Only `targets init`
//! and credentials are given; the run must touch no pre-existing Chatwoot team or Rocket.Chat
//! department, report every step it cannot run as skipped with a reason, and leave the
//! server's state exactly as it was — read back through the vendors' own GET endpoints and the
//! mock's world.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

use crate::util::{ServeProcess, admin, binary, client};

/// The foreign server's credentials, as the user exports them.
pub(crate) const ENV: &[(&str, &str)] = &[
    ("CW_ADMIN_TOKEN", "stg-nw-admin-token"),
    ("CW_AGENT_TOKEN", "stg-nw-agent-token"),
    ("CW_OTHER_ADMIN_TOKEN", "stg-contoso-admin-token"),
    ("RC_ADMIN_USER_ID", "stgUser0000000001"),
    ("RC_ADMIN_TOKEN", "stg-rc-token-01-a1b2"),
    ("RC_VIEWER_USER_ID", "stgUser0000000002"),
    ("RC_VIEWER_TOKEN", "stg-rc-token-02-a1b2"),
    ("RC_NOBODY_USER_ID", "stgUser0000000003"),
    ("RC_NOBODY_TOKEN", "stg-rc-token-03-a1b2"),
    ("RC_ADDER_USER_ID", "stgUser0000000004"),
    ("RC_ADDER_TOKEN", "stg-rc-token-04-a1b2"),
    ("CHATDASH_AGENCY_KEY", "stg-agency-key-51c0ffee"),
];

fn env_value(name: &str) -> &'static str {
    ENV.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap()
}

/// `rosterwire <args>` with the credentials (and nothing else of ours) in the environment.
pub(crate) fn rosterwire(args: &[&str]) -> std::process::Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CI", "1");
    for (name, value) in ENV {
        command.env(name, value);
    }
    command.output().unwrap()
}

async fn get(origin: &str, path: &str, headers: &[(&str, &str)]) -> Value {
    let mut request = client().get(format!("{origin}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    response.json().await.unwrap()
}

/// Every group and its members, read through the vendors' own GET endpoints.
async fn vendor_state(origin: &str) -> Value {
    let cw = [("api_access_token", env_value("CW_ADMIN_TOKEN"))];
    let rc = [
        ("X-User-Id", env_value("RC_ADMIN_USER_ID")),
        ("X-Auth-Token", env_value("RC_ADMIN_TOKEN")),
    ];
    let cd = [("Authorization", env_value("CHATDASH_AGENCY_KEY"))];
    let teams = get(origin, "/api/v1/accounts/7/teams", &cw).await;
    let mut members = serde_json::Map::new();
    for team in teams.as_array().unwrap() {
        let id = &team["id"];
        let path = format!("/api/v1/accounts/7/teams/{id}/team_members");
        members.insert(id.to_string(), get(origin, &path, &cw).await);
    }
    let departments = get(origin, "/api/v1/livechat/department?count=100", &rc).await;
    let mut agents = serde_json::Map::new();
    for department in departments["departments"].as_array().unwrap() {
        let id = department["_id"].as_str().unwrap();
        let path = format!("/api/v1/livechat/department/{id}/agents?count=100");
        agents.insert(id.to_owned(), get(origin, &path, &rc).await);
    }
    serde_json::json!({
        "chatwoot": {"teams": teams, "members": members},
        "rocketchat": {"departments": departments, "agents": agents},
        "chatdash": {"agents": get(origin, "/v1/public/agents", &cd).await},
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_foreign_staging_needs_only_targets_init_and_is_left_as_it_was() {
    // Arrange: the foreign server, and its state as the vendors' APIs and the mock see it.
    let world = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/worlds/foreign.json");
    let server = ServeProcess::start(&["--world", world, "--fidelity", "observed"]);
    let origin = server.origin.clone();
    let before = vendor_state(&origin).await;
    let (_, world_before) = admin(&origin, reqwest::Method::GET, "/world", None).await;
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("staging.toml");
    let report = dir.path().join("report.json");

    // Act: `targets init` (read-only discovery), then `check` with the written file.
    let init = rosterwire(&[
        "targets",
        "init",
        "--vendor",
        "chatwoot",
        "--base-url",
        &origin,
        "--vendor",
        "rocketchat",
        "--base-url",
        &origin,
        "--vendor",
        "chatdash",
        "--base-url",
        &origin,
        "--out",
        targets.to_str().unwrap(),
    ]);
    assert_eq!(
        init.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let (_, journal) = admin(&origin, reqwest::Method::GET, "/requests", None).await;
    let methods: BTreeSet<&str> = journal["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, BTreeSet::from(["GET"]), "targets init only reads");
    let check = rosterwire(&[
        "check",
        "--targets",
        targets.to_str().unwrap(),
        "--target",
        "staging",
        "--report",
        &format!("json={}", report.display()),
    ]);

    // Assert: the run passed, every step it could not run says why, …
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let steps: Vec<&Value> = result["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["steps"].as_array().unwrap())
        .collect();
    let skipped: Vec<&&Value> = steps.iter().filter(|s| s["status"] == "skipped").collect();
    assert!(
        !skipped.is_empty(),
        "the foreign world lacks a bot and a suspended account"
    );
    for step in &skipped {
        assert!(
            step["skip_reason"].is_string(),
            "a skip without a reason: {step}"
        );
    }
    // … the mutating scenarios ran on sandbox groups that are gone again, …
    let sandbox_ids: BTreeSet<String> = result["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["sandbox"].as_object())
        .flat_map(|s| {
            assert_eq!(s["deleted"], true, "{s:?}");
            s["groups"].as_array().unwrap().iter()
        })
        .map(|g| {
            g["id"]
                .as_str()
                .map_or_else(|| g["id"].to_string(), str::to_owned)
        })
        .collect();
    assert!(sandbox_ids.len() >= 8, "{sandbox_ids:?}");
    // … no write reached a pre-existing team or department, …
    let preexisting_teams: Vec<String> = before["chatwoot"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].to_string())
        .collect();
    let preexisting_departments: Vec<&str> = before["rocketchat"]["departments"]["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["_id"].as_str().unwrap())
        .collect();
    let (_, journal) = admin(&origin, reqwest::Method::GET, "/requests", None).await;
    for request in journal["requests"].as_array().unwrap() {
        let path = request["path"].as_str().unwrap();
        if request["method"] == "GET" || request["vendor"] == "chatdash" {
            continue;
        }
        let touches_preexisting = preexisting_teams.iter().any(|t| {
            path.contains(&format!("/teams/{t}/")) || path.ends_with(&format!("/teams/{t}"))
        }) || preexisting_departments.iter().any(|d| path.contains(d));
        assert!(
            !touches_preexisting,
            "a write to a pre-existing group: {request}"
        );
    }
    // … and the server reads back exactly as before.
    assert_eq!(vendor_state(&origin).await, before);
    let (_, world_after) = admin(&origin, reqwest::Method::GET, "/world", None).await;
    assert_eq!(world_after, world_before);
}
