//! `rosterwire targets init` against a fake Chatwoot staging (wiremock) whose account has
//! other ids than the seed world, no agent bot, and variables that cannot be filled; and
//! against the built-in mock run by `rosterwire serve`.
//!
//! The answers have the real server's shapes (chatwoot/chatwoot
//! @e13e3c873aaf812262a638ad728197fcc72bf515: `app/views/api/v1/models/_user.json.jbuilder`
//! for the profile, `_agent.json.jbuilder` for agents and team members, `_team.json.jbuilder`
//! for teams).
//!
//! ChatDash: against `rosterwire serve` (the seed world), and against fakes whose
//! `GET /v1/public/clients` is missing (404) or refused (403).

use std::path::Path;

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{ServeProcess, binary, redact_ports};

const TOKEN: &str = "staging-admin-token-5150";

fn agent(account: i64, id: i64, role: &str) -> Value {
    json!({"id": id, "account_id": account, "availability_status": "offline", "auto_offline": true,
           "confirmed": true, "email": format!("user{id}@staging.example"), "provider": "email",
           "available_name": format!("User {id}"), "name": format!("User {id}"), "role": role,
           "thumbnail": "", "custom_role_id": null})
}

fn team(account: i64, id: i64, name: &str) -> Value {
    json!({"id": id, "name": name, "description": "", "allow_auto_assign": true,
           "account_id": account, "is_member": false})
}

fn account(id: i64, name: &str, status: &str) -> Value {
    json!({"id": id, "name": name, "status": status, "active_at": null, "role": "administrator",
           "permissions": ["administrator"], "availability": "online",
           "availability_status": "online", "auto_offline": true, "custom_role_id": null,
           "custom_role": null})
}

/// Account 40 (teams 8 "sales" with agents 71 and 72, 9 "empty", 10 "big"), a suspended
/// account 41, another account 42 with agent 80; the admin is user 70.
async fn fake_staging() -> MockServer {
    let server = MockServer::start().await;
    let profile = json!({"access_token": TOKEN, "account_id": 40, "available_name": "Admin",
        "avatar_url": "", "confirmed": true, "display_name": null, "message_signature": null,
        "email": "admin@staging.example", "id": 70, "inviter_id": null, "name": "Admin",
        "provider": "email", "pubsub_token": "x", "role": "administrator", "ui_settings": {},
        "uid": "admin@staging.example", "type": "User",
        "accounts": [account(40, "Staging", "active"), account(41, "Old", "suspended"), account(42, "Partner", "active")]});
    let answers: Vec<(String, Value)> = vec![
        ("/api/v1/profile".into(), profile),
        (
            "/api/v1/accounts/40/teams".into(),
            json!([
                team(40, 8, "sales"),
                team(40, 9, "empty"),
                team(40, 10, "big")
            ]),
        ),
        (
            "/api/v1/accounts/40/agents".into(),
            json!([
                agent(40, 70, "administrator"),
                agent(40, 71, "agent"),
                agent(40, 72, "agent"),
                agent(40, 73, "agent"),
                agent(40, 74, "agent"),
                agent(40, 75, "agent")
            ]),
        ),
        (
            "/api/v1/accounts/40/teams/8/team_members".into(),
            json!([agent(40, 72, "agent"), agent(40, 71, "agent")]),
        ),
        ("/api/v1/accounts/40/teams/9/team_members".into(), json!([])),
        (
            "/api/v1/accounts/40/teams/10/team_members".into(),
            json!([
                agent(40, 73, "agent"),
                agent(40, 74, "agent"),
                agent(40, 75, "agent")
            ]),
        ),
        (
            "/api/v1/accounts/42/teams".into(),
            json!([team(42, 20, "partners")]),
        ),
        (
            "/api/v1/accounts/42/agents".into(),
            json!([agent(42, 70, "administrator"), agent(42, 80, "agent")]),
        ),
    ];
    for (p, body) in answers {
        Mock::given(method("GET"))
            .and(path(p))
            .and(header("api_access_token", TOKEN))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(body.to_string(), "application/json; charset=utf-8"),
            )
            .mount(&server)
            .await;
    }
    server
}

fn init(server: &MockServer, out: &Path, extra_env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(binary());
    command
        .args(["targets", "init", "--vendor", "chatwoot", "--base-url"])
        .arg(server.uri())
        .arg("--out")
        .arg(out)
        .env_remove("CW_ADMIN_TOKEN")
        .env_remove("CW_AGENT_TOKEN")
        .env_remove("CW_OTHER_ADMIN_TOKEN")
        .env_remove("CW_BOT_TOKEN")
        .env_remove("CW_SUSPENDED_ADMIN_TOKEN");
    for (k, v) in extra_env {
        command.env(k, v);
    }
    command.output().unwrap()
}

/// The fake staging received exactly `count` requests, all GET.
async fn assert_only_gets(server: &MockServer, count: usize) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), count);
    assert!(
        requests
            .iter()
            .all(|r| r.method == wiremock::http::Method::GET)
    );
}

/// The written file loads and accounts for every variable the scenarios `keep` selects need
/// (with sandboxes on, as `check` runs by default).
fn assert_the_file_accounts_for_every_variable(
    out: &Path,
    target: &str,
    env: &dyn Fn(&str) -> Option<String>,
    keep: impl Fn(&rosterwire::Scenario) -> bool,
) {
    let target = rosterwire::load_target(out, target, env).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let scenarios: Vec<_> = rosterwire::scenario_files(&root)
        .unwrap()
        .iter()
        .map(|f| rosterwire::load_scenario(f).unwrap())
        .filter(|s| keep(s))
        .collect();
    if let Err(error) = target.check_variables(out, &scenarios, &|s| s.sandboxed_variables(true)) {
        panic!("{error}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn init_writes_a_file_that_validates_using_only_get_requests() {
    let server = fake_staging().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("staging.toml");
    let output = init(
        &server,
        &out,
        &[
            ("CW_ADMIN_TOKEN", TOKEN),
            ("CW_AGENT_TOKEN", "staging-agent-token-7"),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_only_gets(&server, 8).await;
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        !text.contains(TOKEN) && !text.contains("staging-agent-token-7"),
        "{text}"
    );
    insta::assert_snapshot!("targets_init_chatwoot", redact_ports(&text));

    // The written file loads and accounts for every variable the chatwoot scenarios need.
    let env = |n: &str| match n {
        "CW_ADMIN_TOKEN" => Some(TOKEN.to_owned()),
        "CW_AGENT_TOKEN" => Some("staging-agent-token-7".to_owned()),
        _ => None,
    };
    assert_the_file_accounts_for_every_variable(&out, "staging", &env, |s| {
        s.vendor == rosterwire_mock::VendorName::Chatwoot
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn init_without_the_admin_token_exits_2_and_sends_nothing() {
    let server = fake_staging().await;
    let dir = tempfile::tempdir().unwrap();
    let output = init(&server, &dir.path().join("t.toml"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: chatwoot: set `CW_ADMIN_TOKEN` to an administrator's access token\n"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A fake Rocket.Chat (departments "D-sales" with two agents, "D-empty"; agents u-kim, u-lee,
/// u-ana; no fourth agent) and a fake ChatDash (one client with one agent, two free agents) on
/// one server.
async fn fake_rocketchat_and_chatdash() -> MockServer {
    let server = MockServer::start().await;
    let record = |id: &str, agent: &str, dept: &str, username: &str| {
        json!({"_id": id, "agentId": agent, "departmentId": dept, "_updatedAt": "2026-01-01T00:00:00.000Z",
               "count": 0, "departmentEnabled": true, "order": 0, "username": username})
    };
    let department = |id: &str, name: &str, n: u32| {
        json!({"_id": id, "name": name, "enabled": true, "showOnRegistration": true,
               "showOnOfflineForm": true, "email": "", "type": "d", "numAgents": n,
               "_updatedAt": "2026-01-01T00:00:00.000Z"})
    };
    let user = |id: &str, username: &str| {
        json!({"_id": id, "username": username, "name": username, "status": "offline",
               "statusLivechat": "available", "emails": [{"address": format!("{username}@x.example"), "verified": true}]})
    };
    let rc: Vec<(&str, Value)> = vec![
        (
            "/api/v1/livechat/department",
            json!({"departments": [department("D-sales", "Sales", 2), department("D-empty", "Empty", 0)], "count": 2, "offset": 0, "total": 2, "success": true}),
        ),
        (
            "/api/v1/livechat/department/D-sales/agents",
            json!({"agents": [record("r1", "u-kim", "D-sales", "kim"), record("r2", "u-lee", "D-sales", "lee")], "count": 2, "offset": 0, "total": 2, "success": true}),
        ),
        (
            "/api/v1/livechat/department/D-empty/agents",
            json!({"agents": [], "count": 0, "offset": 0, "total": 0, "success": true}),
        ),
        (
            "/api/v1/livechat/users/agent",
            json!({"users": [user("u-ana", "ana"), user("u-kim", "kim"), user("u-lee", "lee")], "count": 3, "offset": 0, "total": 3, "success": true}),
        ),
        (
            "/api/v1/users.list",
            json!({"users": [{"_id": "u-admin", "username": "admin", "type": "user"}, {"_id": "u-bot", "username": "rocket.cat", "type": "bot"}, {"_id": "u-pat", "username": "pat", "type": "user"}], "count": 3, "offset": 0, "total": 3, "success": true}),
        ),
    ];
    for (p, body) in rc {
        Mock::given(method("GET"))
            .and(path(p))
            .and(header("X-User-Id", "u-admin"))
            .and(header("X-Auth-Token", "rc-staging-token-1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json"),
            )
            .mount(&server)
            .await;
    }
    let agent = |id: &str, client: Option<&str>| {
        json!({"_id": id, "clientId": client, "name": format!("Agent {id}"), "platform": "openai",
               "apiId": "x", "apiKey": "sk-secret", "platformCredentials": {"botId": "b", "workspaceId": "w"},
               "agentConfig": {"usingExternalWidget": false, "useImportWebhook": false, "isTemplate": false, "isSaas": false}})
    };
    let cd: Vec<(&str, Value)> = vec![
        (
            "/v1/public/agents",
            json!([
                agent("6600000000000000000000a1", Some("6600000000000000000000c1")),
                agent("6600000000000000000000a2", None),
                agent("6600000000000000000000a3", None)
            ]),
        ),
        (
            "/v1/public/clients",
            json!([{"_id": "6600000000000000000000c1", "name": "One", "language": "en", "isSaasClient": false}, {"_id": "6600000000000000000000c2", "name": "Two", "language": "en", "isSaasClient": false}]),
        ),
    ];
    for (p, body) in cd {
        Mock::given(method("GET"))
            .and(path(p))
            .and(header("Authorization", "cd-staging-key-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn init_reads_rocketchat_and_chatdash_in_one_file_that_validates() {
    let server = fake_rocketchat_and_chatdash().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("staging.toml");
    let env = [
        ("RC_ADMIN_USER_ID", "u-admin"),
        ("RC_ADMIN_TOKEN", "rc-staging-token-1"),
        ("CHATDASH_AGENCY_KEY", "cd-staging-key-1"),
    ];
    let output = std::process::Command::new(binary())
        .args(["targets", "init", "--name", "stage2"])
        .args(["--vendor", "rocketchat", "--base-url", &server.uri()])
        .args(["--vendor", "chatdash", "--base-url", &server.uri()])
        .arg("--out")
        .arg(&out)
        .env_clear()
        .envs(env)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_only_gets(&server, 7).await;
    let text = std::fs::read_to_string(&out).unwrap();
    insta::assert_snapshot!("targets_init_rocketchat_chatdash", redact_ports(&text));
    let lookup = |n: &str| {
        env.iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| (*v).to_owned())
    };
    assert_the_file_accounts_for_every_variable(&out, "stage2", &lookup, |s| {
        !s.tags.iter().any(|t| t == "mock-only")
    });
}

/// `targets init` against the real `rosterwire serve` (seed world), which serves Chatwoot's
/// `GET /api/v1/profile`: Alice's only account, 1, is chosen, and `check` accepts the file.
/// The file says `fidelity = "observed"` (a real server), so the mock serves that profile.
#[test]
fn init_against_the_served_mock_chooses_account_1_and_the_file_checks() {
    let serve = ServeProcess::start(&["--fidelity", "chatwoot=observed"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.toml");
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(binary());
        command.args(args);
        for name in [
            "CW_AGENT_TOKEN",
            "CW_OTHER_ADMIN_TOKEN",
            "CW_BOT_TOKEN",
            "CW_SUSPENDED_ADMIN_TOKEN",
        ] {
            command.env_remove(name);
        }
        command.env("CW_ADMIN_TOKEN", "cw-acme-admin-token");
        command.output().unwrap()
    };
    let out_arg = out.to_str().unwrap();

    let init = run(&[
        "targets",
        "init",
        "--vendor",
        "chatwoot",
        "--base-url",
        &serve.origin,
        "--out",
        out_arg,
    ]);
    assert_eq!(
        init.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\naccount_id = 1 "), "{text}");
    assert!(text.contains("\nadmin_id = 1 "), "{text}");
    assert!(!text.contains("cw-acme-admin-token"), "{text}");

    let check = run(&[
        "check",
        "--color",
        "never",
        "--targets",
        out_arg,
        "--target",
        "staging",
        "--read-only",
    ]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

const CD_KEY: &str = "cd-agency-key-7f3a9b";

/// `targets init --vendor chatdash` against `base_url` with the agency key, writing `out`.
fn init_chatdash(base_url: &str, out: &Path) -> std::process::Output {
    std::process::Command::new(binary())
        .args(["targets", "init", "--name", "cd"])
        .args(["--vendor", "chatdash", "--base-url", base_url])
        .arg("--out")
        .arg(out)
        .env_clear()
        .env("CHATDASH_AGENCY_KEY", CD_KEY)
        .output()
        .unwrap()
}

/// The ChatDash section of the file `out`, loaded as `check --targets` loads it.
fn chatdash_target(out: &Path) -> rosterwire::VendorTarget {
    let env = |n: &str| (n == "CHATDASH_AGENCY_KEY").then(|| CD_KEY.to_owned());
    let mut target = rosterwire::load_target(out, "cd", &env).unwrap();
    target
        .vendors
        .remove(&rosterwire_mock::VendorName::ChatDash)
        .unwrap()
}

#[test]
fn init_against_the_built_in_mock_picks_the_seed_worlds_chatdash_ids() {
    let server = ServeProcess::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cd.toml");
    let output = init_chatdash(&server.origin, &out);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cd = chatdash_target(&out);
    let vars: Vec<(&str, &str)> = cd
        .vars
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
        .collect();
    assert_eq!(
        vars,
        [
            ("agent2_id", "65a1b2c3d4e5f6a7b8c9d0e2"),
            ("agent3_id", "65a1b2c3d4e5f6a7b8c9d0e3"),
            ("agent4_id", "65a1b2c3d4e5f6a7b8c9d0e4"),
            ("assigned_agent_id", "65a1b2c3d4e5f6a7b8c9d0e1"),
            ("client_id", "64b7f0c2a1e4d5f6a7b8c9d0"),
            ("missing_agent_id", "ffffffffffffffffff000000"),
            ("missing_client_id", "ffffffffffffffffff000000"),
            ("other_client_id", "64b7f0c2a1e4d5f6a7b8c9d1"),
        ]
    );
    assert!(cd.unavailable.is_empty(), "{:?}", cd.unavailable);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains(CD_KEY), "{text}");
}

fn cd_agent(id: &str, client: Option<&str>) -> Value {
    json!({"_id": id, "clientId": client, "name": format!("Agent {id}"), "platform": "openai",
           "apiId": "x", "apiKey": "sk-secret", "platformCredentials": {"botId": "b", "workspaceId": "w"},
           "agentConfig": {"usingExternalWidget": false, "useImportWebhook": false, "isTemplate": false, "isSaas": false}})
}

/// A fake ChatDash whose agents name one client, and whose `GET /v1/public/clients` answers
/// `clients_status` with an `{"error": …}` body.
async fn fake_chatdash_without_clients(clients_status: u16) -> MockServer {
    let server = MockServer::start().await;
    let agents = json!([
        cd_agent("6600000000000000000000a1", Some("6600000000000000000000c1")),
        cd_agent("6600000000000000000000a2", None),
        cd_agent("6600000000000000000000a3", None),
        cd_agent("6600000000000000000000a4", None)
    ]);
    Mock::given(method("GET"))
        .and(path("/v1/public/agents"))
        .and(header("Authorization", CD_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(agents))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/public/clients"))
        .respond_with(
            ResponseTemplate::new(clients_status).set_body_json(json!({"error": "Not found"})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn init_without_a_client_list_takes_the_clients_from_the_agents() {
    let server = fake_chatdash_without_clients(404).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cd.toml");
    let output = init_chatdash(&server.uri(), &out);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/v1/public/agents", "/v1/public/clients"]);
    let cd = chatdash_target(&out);
    assert_eq!(cd.vars["client_id"], "6600000000000000000000c1");
    assert_eq!(cd.vars["assigned_agent_id"], "6600000000000000000000a1");
    assert_eq!(cd.vars["agent2_id"], "6600000000000000000000a2");
    assert_eq!(cd.vars["agent4_id"], "6600000000000000000000a4");
    assert!(!cd.vars.contains_key("other_client_id"));
    assert_eq!(
        cd.unavailable.iter().collect::<Vec<_>>(),
        [(
            &"other_client_id".to_owned(),
            &"GET /v1/public/clients answered 404".to_owned()
        )]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn init_whose_client_list_is_forbidden_exits_3_without_a_file() {
    let server = fake_chatdash_without_clients(403).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cd.toml");
    let output = init_chatdash(&server.uri(), &out);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("GET /v1/public/clients answered 403"),
        "{stderr}"
    );
    assert!(!out.exists());
}
