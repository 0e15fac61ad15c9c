//! `rosterwire world pull` against a foreign server (`rosterwire serve` holding
//! `fixtures/worlds/foreign.json`, observed profile): only GET requests; the pulled world passes
//! `world check`; served by a second `serve`, it answers every GET of the vendors' groups,
//! members, departments, agents and clients exactly as the original does (with the generated
//! credentials the map names); and no real secret is in any file or output written.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::staging::{ENV, rosterwire};
use crate::util::{ServeProcess, admin, client};

const FOREIGN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/worlds/foreign.json");

/// Every secret of the foreign world (tokens, keys, agents' API keys and platform credentials).
fn foreign_secrets() -> Vec<String> {
    let world = rosterwire_mock::World::from_file(std::path::Path::new(FOREIGN)).unwrap();
    let mut secrets = world.secrets();
    secrets.extend(
        ENV.iter()
            .filter(|(n, _)| !n.ends_with("_USER_ID"))
            .map(|(_, v)| (*v).to_owned()),
    );
    secrets
}

/// `targets init` for all three vendors at `origin`, into `file`.
pub(crate) fn targets_init(origin: &str, file: &std::path::Path) {
    let out = rosterwire(&[
        "targets",
        "init",
        "--vendor",
        "chatwoot",
        "--base-url",
        origin,
        "--vendor",
        "rocketchat",
        "--base-url",
        origin,
        "--vendor",
        "chatdash",
        "--base-url",
        origin,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Credentials per vendor: `(header, value)` lists, for the original (real) or pulled
/// (generated) server.
struct Creds {
    chatwoot_admin: Vec<(String, String)>,
    chatwoot_agent: Vec<(String, String)>,
    chatwoot_other: Vec<(String, String)>,
    rocketchat_admin: Vec<(String, String)>,
    rocketchat_viewer: Vec<(String, String)>,
    chatdash: Vec<(String, String)>,
}

fn env(name: &str) -> String {
    ENV.iter().find(|(n, _)| *n == name).unwrap().1.to_owned()
}

fn creds(token: &dyn Fn(&str, &str) -> String) -> Creds {
    let h = |k: &str, v: String| (k.to_owned(), v);
    Creds {
        chatwoot_admin: vec![h(
            "api_access_token",
            token("chatwoot.admin_token", "CW_ADMIN_TOKEN"),
        )],
        chatwoot_agent: vec![h(
            "api_access_token",
            token("chatwoot.agent_token", "CW_AGENT_TOKEN"),
        )],
        chatwoot_other: vec![h(
            "api_access_token",
            token("chatwoot.other_admin_token", "CW_OTHER_ADMIN_TOKEN"),
        )],
        rocketchat_admin: vec![
            h("X-User-Id", env("RC_ADMIN_USER_ID")),
            h(
                "X-Auth-Token",
                token("rocketchat.admin_token", "RC_ADMIN_TOKEN"),
            ),
        ],
        rocketchat_viewer: vec![
            h("X-User-Id", env("RC_VIEWER_USER_ID")),
            h(
                "X-Auth-Token",
                token("rocketchat.viewer_token", "RC_VIEWER_TOKEN"),
            ),
        ],
        chatdash: vec![h(
            "Authorization",
            token("chatdash.agency_key", "CHATDASH_AGENCY_KEY"),
        )],
    }
}

/// `(status, content type, body)` of a GET; ChatDash agents' secrets masked (they are
/// replaced by design).
async fn read(origin: &str, path: &str, headers: &[(String, String)]) -> (u16, String, Value) {
    let mut request = client().get(format!("{origin}{path}"));
    for (k, v) in headers {
        request = request.header(k, v);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut body: Value = response.json().await.unwrap();
    mask_agent_secrets(&mut body);
    (status, content_type, body)
}

fn mask_agent_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ["apiKey", "platformCredentials"] {
                if let Some(v) = map.get_mut(key) {
                    *v = Value::from("[secret]");
                }
            }
            map.values_mut().for_each(mask_agent_secrets);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_agent_secrets),
        _ => {}
    }
}

/// Every GET answer the pulled world must reproduce, keyed by the request.
async fn answers(origin: &str, c: &Creds) -> Vec<(String, (u16, String, Value))> {
    let mut requests: Vec<(String, &[(String, String)])> = Vec::new();
    for (account, token) in [(7, &c.chatwoot_admin), (8, &c.chatwoot_other)] {
        requests.push((format!("/api/v1/accounts/{account}/agents"), token));
        requests.push((format!("/api/v1/accounts/{account}/teams"), token));
        let (_, _, teams) = read(origin, &format!("/api/v1/accounts/{account}/teams"), token).await;
        for team in teams.as_array().unwrap() {
            let id = &team["id"];
            requests.push((format!("/api/v1/accounts/{account}/teams/{id}"), token));
            requests.push((
                format!("/api/v1/accounts/{account}/teams/{id}/team_members"),
                token,
            ));
        }
    }
    requests.push((
        "/api/v1/accounts/7/teams/21/team_members".into(),
        &c.chatwoot_agent,
    ));
    requests.push(("/api/v1/profile".into(), &c.chatwoot_agent));
    let departments = "/api/v1/livechat/department?count=100";
    let (_, _, list) = read(origin, departments, &c.rocketchat_admin).await;
    requests.push((departments.into(), &c.rocketchat_admin));
    requests.push((departments.into(), &c.rocketchat_viewer));
    for d in list["departments"].as_array().unwrap() {
        let id = d["_id"].as_str().unwrap();
        requests.push((
            format!("/api/v1/livechat/department/{id}"),
            &c.rocketchat_admin,
        ));
        requests.push((
            format!("/api/v1/livechat/department/{id}/agents"),
            &c.rocketchat_admin,
        ));
    }
    requests.push((
        "/api/v1/livechat/users/agent?count=100".into(),
        &c.rocketchat_admin,
    ));
    requests.push(("/v1/public/agents".into(), &c.chatdash));
    requests.push(("/v1/public/clients".into(), &c.chatdash));
    let (_, _, agents) = read(origin, "/v1/public/agents", &c.chatdash).await;
    for a in agents.as_array().unwrap() {
        requests.push((
            format!("/v1/public/agents/{}", a["_id"].as_str().unwrap()),
            &c.chatdash,
        ));
    }
    let mut out = Vec::new();
    for (path, headers) in requests {
        let mut answer = read(origin, &path, headers).await;
        if path == "/api/v1/profile" {
            // The profile echoes the caller's own token; the rest must match.
            answer.2["access_token"] = Value::from("[token]");
            answer.2["pubsub_token"] = Value::from("[pubsub]");
        }
        out.push((path, answer));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pulled_world_answers_every_get_like_the_server_it_came_from_and_holds_no_real_secret() {
    // Arrange: the foreign server and a targets file for it.
    let original = ServeProcess::start(&["--world", FOREIGN, "--fidelity", "observed"]);
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("staging.toml");
    targets_init(&original.origin, &targets);
    let (status, _) = admin(&original.origin, reqwest::Method::DELETE, "/requests", None).await;
    assert_eq!(status, 200);
    let world = dir.path().join("staging-world.json");

    // Act
    let pull = rosterwire(&[
        "world",
        "pull",
        "--targets",
        targets.to_str().unwrap(),
        "--target",
        "staging",
        "-o",
        world.to_str().unwrap(),
    ]);

    // Assert: written, only GETs sent, …
    let stderr = String::from_utf8_lossy(&pull.stderr).into_owned();
    assert_eq!(pull.status.code(), Some(0), "{stderr}");
    let (_, journal) = admin(&original.origin, reqwest::Method::GET, "/requests", None).await;
    let methods: BTreeSet<&str> = journal["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, BTreeSet::from(["GET"]), "world pull only reads");
    // … no real secret in any file or output, …
    let map_path = dir.path().join("staging-world.credentials.json");
    let world_text = std::fs::read_to_string(&world).unwrap();
    let map_text = std::fs::read_to_string(&map_path).unwrap();
    let stdout = String::from_utf8_lossy(&pull.stdout).into_owned();
    for secret in foreign_secrets() {
        for (what, text) in [
            ("world", &world_text),
            ("map", &map_text),
            ("stdout", &stdout),
            ("stderr", &stderr),
        ] {
            assert!(
                !text.contains(&secret),
                "the {what} holds the real secret {secret}"
            );
        }
    }
    // … the map names each credential by where it came from, …
    let map: serde_json::Map<String, Value> = serde_json::from_str(&map_text).unwrap();
    for key in [
        "chatwoot.admin_token (env CW_ADMIN_TOKEN)",
        "chatwoot.other_admin_token (env CW_OTHER_ADMIN_TOKEN)",
        "rocketchat.viewer_token (env RC_VIEWER_TOKEN)",
        "chatdash.agency_key (env CHATDASH_AGENCY_KEY)",
        "chatdash.agents[60aa00000000000000000001].apiKey (returned by the server)",
    ] {
        assert!(
            map[key].as_str().unwrap().starts_with("pulled-"),
            "{key}: {map_text}"
        );
    }
    // … the world validates, …
    let check = rosterwire(&["world", "check", world.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // … and, served, answers every GET exactly as the original.
    let pulled =
        ServeProcess::start(&["--world", world.to_str().unwrap(), "--fidelity", "observed"]);
    let real = creds(&|_, env_name| env(env_name));
    let generated = creds(&|name, env_name| {
        map[&format!("{name} (env {env_name})")]
            .as_str()
            .unwrap()
            .to_owned()
    });
    let before = answers(&original.origin, &real).await;
    let after = answers(&pulled.origin, &generated).await;
    assert!(before.len() >= 30, "{}", before.len());
    for ((path, want), (_, got)) in before.iter().zip(&after) {
        assert_eq!(want.0, 200, "GET {path}: {want:?}");
        assert_eq!(got, want, "GET {path}");
    }

    // The same world, given to `check --compare builtin --compare-world`, matches the original.
    let report = dir.path().join("compare.json");
    let compare = rosterwire(&[
        "check",
        "--targets",
        targets.to_str().unwrap(),
        "--target",
        "staging",
        "--compare",
        "builtin",
        "--compare-world",
        world.to_str().unwrap(),
        "--fail-on-difference",
        "--report",
        &format!("json={}", report.display()),
    ]);
    let out = String::from_utf8_lossy(&compare.stdout);
    assert_eq!(
        compare.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&compare.stderr)
    );
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(result["comparison"]["world"], world.display().to_string());
    assert_eq!(result["comparison"]["different"], 0, "{out}");
}
