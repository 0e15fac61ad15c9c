//! Sandbox groups: mutating scenarios run on a Chatwoot team / Rocket.Chat department made for
//! the run and deleted after it, never on the target's real groups; `rosterwire clean` deletes
//! what interrupted runs left. Against a stateful wiremock fake of a staging server that records
//! every request.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosterwire::{NoContracts, RunOptions, RunResult, Runner, StepStatus, Target};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::util::{binary, scenario_in};

/// How the fake misbehaves.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Quirk {
    #[default]
    None,
    /// Creating a group answers 500.
    CreateFails,
    /// Deleting a group answers 500.
    DeleteFails,
    /// Deleting a group answers 200 and keeps it.
    DeleteKeeps,
}

/// The staging server's state: Chatwoot teams (account 1) and Rocket.Chat departments.
#[derive(Debug, Clone, PartialEq)]
struct World {
    /// id → (name, member ids)
    teams: Vec<(i64, String, Vec<i64>)>,
    /// _id → (name, agent ids)
    departments: Vec<(String, String, Vec<String>)>,
    next: i64,
}

impl World {
    fn seed() -> World {
        World {
            teams: vec![
                (1, "sales".into(), vec![3, 4]),
                (2, "support".into(), vec![]),
                (40, "rosterwire-deadbeef-1".into(), vec![]),
            ],
            departments: vec![
                (
                    "BiqbQav59HD2LzXEY".into(),
                    "Sales".into(),
                    vec!["kim".into(), "lee".into()],
                ),
                (
                    "LeftOverDept00001".into(),
                    "rosterwire-deadbeef-2".into(),
                    vec![],
                ),
                (
                    "NotOurs0000000001".into(),
                    "rosterwire support (not ours)".into(),
                    vec![],
                ),
            ],
            next: 100,
        }
    }

    /// The groups that are not `rosterwire-` ones.
    fn real(&self) -> World {
        World {
            teams: self
                .teams
                .iter()
                .filter(|t| !t.1.starts_with("rosterwire-"))
                .cloned()
                .collect(),
            departments: self
                .departments
                .iter()
                .filter(|d| !d.1.starts_with("rosterwire-"))
                .cloned()
                .collect(),
            next: 0,
        }
    }
}

#[derive(Clone)]
struct Fake {
    world: Arc<Mutex<World>>,
    quirk: Quirk,
    /// Delay of member writes (to interrupt a run while one is in flight).
    delay: Duration,
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({"error": "Resource could not be found"}))
}

impl Respond for Fake {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut world = self.world.lock().unwrap();
        let method = request.method.as_str();
        let path = request.url.path().to_owned();
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        match (method, parts.as_slice()) {
            // Chatwoot
            ("GET", ["api", "v1", "accounts", "1", "teams"]) => ok(Value::Array(
                world
                    .teams
                    .iter()
                    .map(|t| json!({"id": t.0, "name": t.1}))
                    .collect(),
            )),
            ("POST", ["api", "v1", "accounts", "1", "teams"]) => {
                if self.quirk == Quirk::CreateFails {
                    return ResponseTemplate::new(500)
                        .set_body_json(json!({"status": 500, "error": "Internal Server Error"}));
                }
                world.next += 1;
                let id = world.next;
                let name = body["name"].as_str().unwrap().to_owned();
                world.teams.push((id, name.clone(), vec![]));
                ok(json!({"id": id, "name": name, "account_id": 1}))
            }
            (_, ["api", "v1", "accounts", "1", "teams", id]) => {
                let id: i64 = id.parse().unwrap_or(-1);
                let Some(index) = world.teams.iter().position(|t| t.0 == id) else {
                    return not_found();
                };
                match method {
                    "GET" => ok(json!({"id": id, "name": world.teams[index].1})),
                    "DELETE" => match self.quirk {
                        Quirk::DeleteFails => ResponseTemplate::new(500),
                        Quirk::DeleteKeeps => ResponseTemplate::new(200),
                        _ => {
                            world.teams.remove(index);
                            ResponseTemplate::new(200)
                        }
                    },
                    _ => ResponseTemplate::new(404),
                }
            }
            (_, ["api", "v1", "accounts", "1", "teams", id, "team_members"]) => {
                let id: i64 = id.parse().unwrap_or(-1);
                let Some(team) = world.teams.iter_mut().find(|t| t.0 == id) else {
                    return not_found();
                };
                if method == "PATCH" {
                    team.2 = body["user_ids"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(Value::as_i64)
                        .collect();
                }
                let list: Vec<Value> = team.2.iter().map(|m| json!({"id": m})).collect();
                let answer = ok(Value::Array(list));
                if method == "PATCH" {
                    answer.set_delay(self.delay)
                } else {
                    answer
                }
            }
            // Rocket.Chat
            ("GET", ["api", "v1", "livechat", "department"]) => {
                let query = |k: &str| {
                    request
                        .url
                        .query_pairs()
                        .find(|(n, _)| n == k)
                        .and_then(|(_, v)| v.parse::<usize>().ok())
                };
                // Pages of 2 (whatever the client asks) so that paging is exercised.
                let offset = query("offset").unwrap_or(0);
                let page: Vec<Value> = world
                    .departments
                    .iter()
                    .skip(offset)
                    .take(2)
                    .map(|d| json!({"_id": d.0, "name": d.1}))
                    .collect();
                ok(
                    json!({"departments": page, "count": page.len(), "offset": offset,
                          "total": world.departments.len(), "success": true}),
                )
            }
            ("POST", ["api", "v1", "livechat", "department"]) => {
                if self.quirk == Quirk::CreateFails {
                    return ResponseTemplate::new(400).set_body_json(
                        json!({"success": false, "error": "Match error: Missing key 'email'"}),
                    );
                }
                world.next += 1;
                let id = format!("SandboxDept{:06}", world.next);
                let name = body["department"]["name"].as_str().unwrap().to_owned();
                world.departments.push((id.clone(), name.clone(), vec![]));
                ok(json!({"department": {"_id": id, "name": name}, "agents": [], "success": true}))
            }
            (_, ["api", "v1", "livechat", "department", id]) => {
                let index = world.departments.iter().position(|d| d.0 == *id);
                match (method, index) {
                    ("GET", None) => ok(json!({"department": null, "success": true})),
                    ("GET", Some(i)) => ok(
                        json!({"department": {"_id": id, "name": world.departments[i].1}, "success": true}),
                    ),
                    ("DELETE", Some(i)) => match self.quirk {
                        Quirk::DeleteFails => ResponseTemplate::new(400).set_body_json(
                            json!({"success": false, "error": "error-department-removal-failed"}),
                        ),
                        Quirk::DeleteKeeps => ok(json!({"success": true})),
                        _ => {
                            world.departments.remove(i);
                            ok(json!({"success": true}))
                        }
                    },
                    _ => ResponseTemplate::new(404),
                }
            }
            (_, ["api", "v1", "livechat", "department", id, "agents"]) => {
                let Some(dept) = world.departments.iter_mut().find(|d| d.0 == *id) else {
                    return ResponseTemplate::new(400)
                        .set_body_json(json!({"success": false, "error": "Department not found"}));
                };
                if method == "POST" {
                    for r in body["remove"].as_array().unwrap() {
                        dept.2.retain(|a| a != r["agentId"].as_str().unwrap());
                    }
                    for u in body["upsert"].as_array().unwrap() {
                        let a = u["agentId"].as_str().unwrap().to_owned();
                        if !dept.2.contains(&a) {
                            dept.2.push(a);
                        }
                    }
                    return ok(json!({"success": true}));
                }
                let agents: Vec<Value> = dept
                    .2
                    .iter()
                    .map(|a| json!({"agentId": a, "username": a, "count": 0, "order": 0}))
                    .collect();
                // The real list's envelope (one page: the fake's departments are small).
                let total = agents.len();
                ok(
                    json!({"agents": agents, "count": total, "offset": 0, "total": total, "success": true}),
                )
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

async fn fake(quirk: Quirk, delay: Duration) -> (MockServer, Arc<Mutex<World>>) {
    let world = Arc::new(Mutex::new(World::seed()));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Fake {
            world: Arc::clone(&world),
            quirk,
            delay,
        })
        .mount(&server)
        .await;
    (server, world)
}

const TARGET: &str = r#"
[targets.fake.chatwoot]
base_url = "{URL}"
vars = { account_id = 1, team_id = 1 }
secrets = { admin_token = "cw-token-1234" }

[targets.fake.rocketchat]
base_url = "{URL}"
vars = { department_id = "BiqbQav59HD2LzXEY", admin_user_id = "admin" }
secrets = { admin_token = "rc-token-1234" }

[targets.fake.chatdash]
base_url = "{URL}"
vars = {}
secrets = { agency_key = "cd-key-1234" }
"#;

fn target(server: &MockServer) -> Target {
    let toml = TARGET.replace("{URL}", &server.uri());
    rosterwire::parse_target(&toml, std::path::Path::new("fake.toml"), "fake", &|_| None).unwrap()
}

const CHATWOOT: &str = r#"
name: replace the members of a sandbox team
restore: ["${team_id}"]
sandbox: [team_id]
steps:
  - name: replace
    request:
      method: PATCH
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
      body: {user_ids: [5]}
    expect:
      status: 200
      json:
        - {pointer: /*/id, set_equals: [5]}
  - name: read back
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
    expect:
      json:
        - {pointer: /*/id, set_equals: [5]}
"#;

const ROCKETCHAT: &str = r#"
name: upsert into a sandbox department
restore: ["${department_id}"]
sandbox: [department_id]
steps:
  - name: upsert ana
    request:
      method: POST
      path: /api/v1/livechat/department/${department_id}/agents
      headers: {X-User-Id: "${admin_user_id}", X-Auth-Token: "${admin_token}"}
      body: {upsert: [{agentId: ana, username: ana}], remove: [{agentId: kim, username: kim}, {agentId: lee, username: lee}]}
    expect:
      status: 200
  - name: read back
    request:
      method: GET
      path: /api/v1/livechat/department/${department_id}/agents
      headers: {X-User-Id: "${admin_user_id}", X-Auth-Token: "${admin_token}"}
    expect:
      json:
        - {pointer: /agents/*/agentId, set_equals: [ana]}
"#;

async fn run(server: &MockServer, sandbox: bool) -> (Runner, RunResult) {
    let root = tempfile::tempdir().unwrap();
    let scenarios = vec![
        scenario_in(root.path(), "chatwoot", "replace", CHATWOOT),
        scenario_in(root.path(), "rocketchat", "upsert", ROCKETCHAT),
    ];
    let mut options = RunOptions::new(root.path().to_owned());
    options.sandbox = sandbox;
    let runner = Runner::new(target(server), Arc::new(NoContracts), options).unwrap();
    let result = runner.run(scenarios, Arc::new(|_| {})).await;
    (runner, result)
}

/// Every request but GET: (method, path).
async fn writes(server: &MockServer) -> Vec<(String, String)> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .map(|r| (r.method.to_string(), r.url.path().to_owned()))
        .collect()
}

#[tokio::test]
async fn each_sandboxed_scenario_runs_on_its_own_new_group_which_is_deleted_afterwards() {
    let (server, world) = fake(Quirk::None, Duration::ZERO).await;
    let before = world.lock().unwrap().clone();
    let (runner, result) = run(&server, true).await;
    assert!(result.passed(), "{result:#?}");
    assert_eq!(result.run_id, runner.run_id());
    let mut names = Vec::new();
    let mut ids = Vec::new();
    for s in &result.scenarios {
        let sandbox = s.sandbox.as_ref().unwrap();
        assert_eq!(sandbox.groups.len(), 1, "{sandbox:?}");
        assert!(
            sandbox.deleted && sandbox.failures.is_empty(),
            "{sandbox:?}"
        );
        assert!(
            s.restore.is_none(),
            "the sandbox variable's restore entry is dropped"
        );
        names.push(sandbox.groups[0].name.clone());
        ids.push(sandbox.groups[0].id.clone());
    }
    // Chatwoot ids are integers, Rocket.Chat ids strings.
    assert!(ids[0].is_i64() && ids[1].is_string(), "{ids:?}");
    names.sort();
    let prefix = format!("rosterwire-{}-", result.run_id);
    assert_eq!(names, vec![format!("{prefix}1"), format!("{prefix}2")]);
    // Every write went to a sandbox group (or made one); the real groups were never written.
    let team = ids[0].to_string();
    let department = ids[1].as_str().unwrap().to_owned();
    for (method, path) in writes(&server).await {
        let allowed = path == "/api/v1/accounts/1/teams"
            || path == "/api/v1/livechat/department"
            || path.contains(&format!("/teams/{team}"))
            || path.contains(&format!("/department/{department}"));
        assert!(allowed, "{method} {path} is not a sandbox request");
    }
    let creates = writes(&server)
        .await
        .iter()
        .filter(|(m, _)| m == "POST")
        .filter(|(_, p)| !p.ends_with("/agents"))
        .count();
    assert_eq!(creates, 2, "one group per sandboxed scenario");
    // The pre-existing groups are byte-identical, and the sandbox groups are gone.
    assert_eq!(
        *world.lock().unwrap(),
        World {
            next: 102,
            ..before
        }
    );
}

#[rstest::rstest]
#[case::delete_answers_an_error(Quirk::DeleteFails)]
#[case::delete_answers_200_but_keeps_the_group(Quirk::DeleteKeeps)]
#[tokio::test]
async fn a_group_that_is_not_deleted_is_a_reported_failure(#[case] quirk: Quirk) {
    let (server, world) = fake(quirk, Duration::ZERO).await;
    let before = world.lock().unwrap().real();
    let (_, result) = run(&server, true).await;
    assert!(!result.passed());
    for s in &result.scenarios {
        assert!(
            s.steps.iter().all(|st| st.status == StepStatus::Passed),
            "{s:?}"
        );
        let sandbox = s.sandbox.as_ref().unwrap();
        assert!(!sandbox.deleted);
        let group = &sandbox.groups[0];
        let message = &sandbox.failures[0].message;
        assert!(message.contains(&group.name), "{message}");
        let id = rosterwire::id_text(&group.id);
        assert!(message.contains(&format!("(id {id})")), "{message}");
    }
    let text = rosterwire::render_text(&result, rosterwire::Style { color: false });
    assert!(text.contains("[sandbox]"), "{text}");
    assert!(text.contains("rosterwire clean"), "{text}");
    let junit = rosterwire::render_junit(&result);
    assert!(junit.contains("testcase name=\"sandbox\""), "{junit}");
    let json = rosterwire::render_json(&result);
    assert!(json.contains("\"deleted\": false"), "{json}");
    assert_eq!(world.lock().unwrap().real(), before);
}

#[tokio::test]
async fn a_group_that_cannot_be_made_skips_the_steps_and_touches_nothing() {
    let (server, world) = fake(Quirk::CreateFails, Duration::ZERO).await;
    let before = world.lock().unwrap().clone();
    let (_, result) = run(&server, true).await;
    assert!(!result.passed());
    for s in &result.scenarios {
        assert!(
            s.steps.iter().all(|st| st.status == StepStatus::Skipped),
            "{s:?}"
        );
        let sandbox = s.sandbox.as_ref().unwrap();
        assert!(sandbox.groups.is_empty());
        assert!(
            sandbox.failures[0]
                .message
                .contains("cannot create the group"),
            "{sandbox:?}"
        );
    }
    let mut writes = writes(&server).await;
    writes.sort();
    assert_eq!(
        writes,
        vec![
            ("POST".to_owned(), "/api/v1/accounts/1/teams".to_owned()),
            ("POST".to_owned(), "/api/v1/livechat/department".to_owned()),
        ],
        "only the attempts to make the groups"
    );
    assert_eq!(*world.lock().unwrap(), before);
}

#[tokio::test]
async fn an_interrupted_run_still_deletes_its_group() {
    let (server, world) = fake(Quirk::None, Duration::from_millis(400)).await;
    let before = world.lock().unwrap().clone();
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), "chatwoot", "replace", CHATWOOT);
    let runner = Runner::new(
        target(&server),
        Arc::new(NoContracts),
        RunOptions::new(root.path().to_owned()),
    )
    .unwrap();
    let cancel = runner.cancellation();
    let watched = Arc::clone(&world);
    tokio::spawn(async move {
        // Interrupt once the PATCH reached the sandbox team (the fake answers it 400 ms later).
        for _ in 0..200 {
            if watched.lock().unwrap().teams.iter().any(|t| t.2 == vec![5]) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        cancel.cancel();
    });
    let result = runner.run(vec![scenario], Arc::new(|_| {})).await;
    assert!(result.interrupted);
    let sandbox = result.scenarios[0].sandbox.as_ref().unwrap();
    assert!(sandbox.deleted, "{sandbox:?}");
    assert_eq!(
        *world.lock().unwrap(),
        World {
            next: 101,
            ..before
        }
    );
}

#[tokio::test]
async fn without_a_sandbox_the_targets_groups_are_used_and_restored() {
    let (server, world) = fake(Quirk::None, Duration::ZERO).await;
    let before = world.lock().unwrap().clone();
    let (_, result) = run(&server, false).await;
    assert!(result.passed(), "{result:#?}");
    for s in &result.scenarios {
        assert!(s.sandbox.is_none());
        assert!(s.restore.as_ref().unwrap().restored());
    }
    let writes = writes(&server).await;
    assert!(
        writes
            .iter()
            .any(|(_, p)| p == "/api/v1/accounts/1/teams/1/team_members"),
        "{writes:?}"
    );
    assert!(
        writes
            .iter()
            .all(|(_, p)| p != "/api/v1/accounts/1/teams" && p != "/api/v1/livechat/department"),
        "no group is made: {writes:?}"
    );
    assert_eq!(*world.lock().unwrap(), before);
}

#[tokio::test]
async fn read_only_runs_make_no_group_and_skip_steps_on_sandbox_variables() {
    let (server, world) = fake(Quirk::None, Duration::ZERO).await;
    let before = world.lock().unwrap().clone();
    let root = tempfile::tempdir().unwrap();
    // A read step on the sandbox variable before the first mutating step: skipped too.
    let yaml = CHATWOOT.replace(
        "steps:\n",
        "steps:\n  - name: peek\n    request:\n      method: GET\n      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members\n      headers: {api_access_token: \"${admin_token}\"}\n",
    );
    let scenario = scenario_in(root.path(), "chatwoot", "replace", &yaml);
    let mut options = RunOptions::new(root.path().to_owned());
    options.read_only = true;
    let runner = Runner::new(target(&server), Arc::new(NoContracts), options).unwrap();
    let result = runner.run(vec![scenario], Arc::new(|_| {})).await;
    let s = &result.scenarios[0];
    assert!(s.steps.iter().all(|st| st.status == StepStatus::Skipped));
    assert!(s.sandbox.is_none() && s.restore.is_none());
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_eq!(*world.lock().unwrap(), before);
}

fn targets_file(dir: &std::path::Path, server: &MockServer) -> std::path::PathBuf {
    let file = dir.join("targets.toml");
    std::fs::write(&file, TARGET.replace("{URL}", &server.uri())).unwrap();
    file
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_1_and_names_the_group_when_its_deletion_fails() {
    let (server, _world) = fake(Quirk::DeleteKeeps, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("chatwoot")).unwrap();
    std::fs::write(dir.path().join("chatwoot/replace.yaml"), CHATWOOT).unwrap();
    let targets = targets_file(dir.path(), &server);
    let report = dir.path().join("report.json");
    let output = std::process::Command::new(binary())
        .args(["check", "--color", "never", "--no-contracts", "--scenarios"])
        .arg(dir.path())
        .args(["--targets", targets.to_str().unwrap(), "--target", "fake"])
        .arg("--report")
        .arg(format!("json={}", report.display()))
        .env("CI", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let run_id = stdout
        .lines()
        .next()
        .and_then(|l| l.rsplit_once("  run "))
        .map(|(_, id)| id.to_owned())
        .unwrap();
    let name = format!("rosterwire-{run_id}-1");
    assert!(
        stdout.contains(&format!(
            "[sandbox] the group `{name}` (id 101) is still there"
        )),
        "{stdout}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["run_id"], json!(run_id));
    assert_eq!(
        report["scenarios"][0]["sandbox"]["groups"],
        json!([{"variable": "team_id", "name": name, "id": 101}])
    );
}

fn clean(server: &MockServer, extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let targets = targets_file(dir.path(), server);
    let output = std::process::Command::new(binary())
        .args([
            "clean",
            "--targets",
            targets.to_str().unwrap(),
            "--target",
            "fake",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_deletes_only_rosterwire_groups() {
    let (server, world) = fake(Quirk::None, Duration::ZERO).await;
    let before = world.lock().unwrap().real();
    let (code, stdout) = clean(&server, &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("chatwoot: deleted team `rosterwire-deadbeef-1` (id 40)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "rocketchat: deleted department `rosterwire-deadbeef-2` (id LeftOverDept00001)"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("cw-token-1234") && !stdout.contains("rc-token-1234"));
    let after = world.lock().unwrap().clone();
    assert_eq!(
        World {
            next: 0,
            ..after.clone()
        },
        before,
        "nothing else was touched"
    );
    assert_eq!(after.real(), World { next: 0, ..after });
    let mut deletes = writes(&server).await;
    deletes.sort();
    assert_eq!(
        deletes,
        vec![
            (
                "DELETE".to_owned(),
                "/api/v1/accounts/1/teams/40".to_owned()
            ),
            (
                "DELETE".to_owned(),
                "/api/v1/livechat/department/LeftOverDept00001".to_owned()
            ),
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_dry_run_deletes_nothing() {
    let (server, world) = fake(Quirk::None, Duration::ZERO).await;
    let before = world.lock().unwrap().clone();
    let (code, stdout) = clean(&server, &["--dry-run"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("would delete team `rosterwire-deadbeef-1`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("would delete department `rosterwire-deadbeef-2`"),
        "{stdout}"
    );
    assert!(writes(&server).await.is_empty());
    assert_eq!(*world.lock().unwrap(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_exits_1_when_a_group_stays() {
    let (server, _world) = fake(Quirk::DeleteKeeps, Duration::ZERO).await;
    let (code, stdout) = clean(&server, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("`rosterwire-deadbeef-1` (id 40) is still there"),
        "{stdout}"
    );
}
