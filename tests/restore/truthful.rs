//! The restore against servers that misbehave: what it saves is exactly what the GET said, what
//! it reports is exactly what the read after the restore says. Each test asserts on the fake's
//! own final state as well as on the result and the reports.

use std::sync::Arc;

use rosterwire::{
    NoContracts, RestoreOutcome, RestoreResult, RunOptions, RunResult, Runner, StepStatus,
};
use rosterwire::{Style, render_json, render_junit, render_text};
use serde_json::{Value, json};
use wiremock::MockServer;

use super::fakes::{ChatDashAgents, ChatwootTeam, Client, Fake, Faults, RocketChatDepartment};
use crate::util::{binary, scenario_in, target_at};

const CW_TOKEN: &str = "cw-secret-token-5678";
const CD_KEY: &str = "cd-secret-key-5678";
const RC_TOKEN: &str = "rc-secret-token-5678";

/// Team 2 becomes [12, 13]; the step itself passes.
const CW_REPLACE: &str = r#"
name: replace team 2
restore: ["${team_id}"]
steps:
  - name: replace
    request:
      method: PATCH
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
      body: {user_ids: [12, 13]}
    expect:
      status: 200
"#;

/// Agent a2 (free) is assigned to client c0.
const CD_ASSIGN: &str = r#"
name: assign a2
restore: ["${client_id}"]
steps:
  - name: assign
    request:
      method: PUT
      path: /v1/public/agents/assign
      headers: {Authorization: "${agency_key}"}
      body: {agentIds: ["${agent2_id}"], clientId: "${client_id}"}
    expect:
      status: 200
"#;

/// Bo is added, Kim re-upserted without `count`/`order` (both reset to 0), Lee removed.
const RC_CHANGE: &str = r#"
name: change the department
restore: ["${department_id}"]
steps:
  - name: change
    request:
      method: POST
      path: /api/v1/livechat/department/${department_id}/agents
      headers: {X-User-Id: "${admin_user_id}", X-Auth-Token: "${admin_token}"}
      body:
        upsert: [{agentId: bo, username: agent.bo}, {agentId: kim, username: agent.kim}]
        remove: [{agentId: lee, username: agent.lee}]
    expect:
      status: 200
"#;

/// Runs `yaml` for `vendor` against `server` and returns the whole run.
async fn run(vendor: &str, server: &MockServer, yaml: &str) -> RunResult {
    let (vars, secrets) = match vendor {
        "chatwoot" => (
            "{ account_id = 1, team_id = 2 }".to_owned(),
            format!("{{ admin_token = \"{CW_TOKEN}\" }}"),
        ),
        "chatdash" => (
            "{ client_id = \"c0\", agent2_id = \"a2\" }".to_owned(),
            format!("{{ agency_key = \"{CD_KEY}\" }}"),
        ),
        _ => (
            "{ department_id = \"D1\", admin_user_id = \"admin\" }".to_owned(),
            format!("{{ admin_token = \"{RC_TOKEN}\" }}"),
        ),
    };
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), vendor, "restore", yaml);
    let target = target_at(vendor, &server.uri(), &vars, &secrets);
    let runner = Runner::new(
        target,
        Arc::new(NoContracts),
        RunOptions::new(root.path().to_owned()),
    )
    .unwrap();
    runner.run(vec![scenario], Arc::new(|_| {})).await
}

/// The JSON bodies of the `method` requests the fake received, in order.
async fn bodies_sent(server: &MockServer, method: &str) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == method)
        .map(|r| r.body_json().unwrap())
        .collect()
}

fn restore_of(result: &RunResult) -> &RestoreResult {
    result.scenarios[0].restore.as_ref().unwrap()
}

fn messages(restore: &RestoreResult) -> Vec<String> {
    restore.failures().map(|f| f.message.clone()).collect()
}

/// The JSON report's `restore` object of the first scenario.
fn json_restore(result: &RunResult) -> Value {
    let report: Value = serde_json::from_str(&render_json(result)).unwrap();
    report["scenarios"][0]["restore"].clone()
}

fn team(members: &[Value]) -> ChatwootTeam {
    ChatwootTeam::new(2, members.to_vec())
}

async fn chatwoot(team: ChatwootTeam, faults: Faults) -> (MockServer, Fake<ChatwootTeam>) {
    Fake::start(team, faults).await
}

/// The fake team's members as stored, sorted.
fn members(fake: &Fake<ChatwootTeam>) -> Vec<Value> {
    let mut m = fake.state().members.clone();
    m.sort_by_key(ToString::to_string);
    m
}

#[tokio::test]
async fn chatwoot_ids_read_as_strings_are_restored_not_dropped() {
    // The server answers ids as strings but stores integers: before this fix the strings were
    // dropped, [] equalled [], and [12, 13] was reported restored.
    let mut fake_team = team(&[json!(11), json!(12)]);
    fake_team.ids_as_strings = true;
    let (server, fake) = chatwoot(fake_team, Faults::default()).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(restore.groups()[0].outcome(), RestoreOutcome::Restored);
    assert_eq!(
        restore.groups()[0].writes(),
        ["PATCH /api/v1/accounts/1/teams/2/team_members → 200"]
    );
    assert_eq!(members(&fake), [json!(11), json!(12)]);
    let patches = bodies_sent(&server, "PATCH").await;
    assert_eq!(
        patches[1],
        json!({"user_ids": [11, 12]}),
        "integers, as Chatwoot takes them"
    );
}

#[tokio::test]
async fn chatwoot_string_ids_that_can_never_be_read_back_equal_are_reported() {
    // The server stores ids as sent: the saved read has strings, the restore can only send
    // integers, so the read-back can never equal the saved read.
    let mut fake_team = team(&[json!("11"), json!("12")]);
    fake_team.store_as_sent = true;
    let (server, fake) = chatwoot(fake_team, Faults::default()).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(restore.groups()[0].outcome(), RestoreOutcome::Failed);
    assert_eq!(
        messages(restore),
        [
            "team 2: expected [\"11\", \"12\"], found [11, 12] (the same users, but the saved read \
          had string ids and Chatwoot's PATCH takes integers: this server's read-back can never \
          equal the saved read)"
        ]
    );
    assert_eq!(members(&fake), [json!(11), json!(12)]);
    assert!(!result.passed());
}

#[tokio::test]
async fn extra_keys_and_a_different_order_do_not_make_equal_reads_differ() {
    // Every read of the fake has a key whose value changes and lists members in reverse.
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), Faults::default()).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert!(result.passed());
    assert_eq!(members(&fake), [json!(11), json!(12)]);
}

#[tokio::test]
async fn a_429_on_the_restore_write_is_retried_and_the_group_restored() {
    let faults = Faults {
        throttle_write: Some(2),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(restore.groups()[0].retries(), 1);
    assert_eq!(fake.writes(), 3, "the step, the throttled write, its retry");
    assert_eq!(members(&fake), [json!(11), json!(12)]);
    assert_eq!(json_restore(&result)["groups"][0]["retries"], json!(1));
}

#[tokio::test]
async fn a_500_on_the_restore_write_names_the_call_and_the_status() {
    let faults = Faults {
        fail_writes_from: Some((2, 500)),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(
        messages(restore),
        [
            "team 2: cannot restore: PATCH /api/v1/accounts/1/teams/2/team_members answered 500: \
             {\"error\":\"An unexpected error occurred\"}",
            "team 2: expected [11, 12], found [12, 13]",
        ]
    );
    assert_eq!(
        restore.groups()[0].writes(),
        ["PATCH /api/v1/accounts/1/teams/2/team_members → 500"]
    );
    assert_eq!(members(&fake), [json!(12), json!(13)]);
    // The reports say the same.
    let restore_json = json_restore(&result);
    assert_eq!(restore_json["restored"], json!(false));
    assert_eq!(restore_json["groups"][0]["label"], json!("team 2"));
    assert_eq!(restore_json["groups"][0]["outcome"], json!("failed"));
    assert_eq!(restore_json["failures"].as_array().unwrap().len(), 2);
    let junit = render_junit(&result);
    assert!(
        junit.contains(
            "<error message=\"team 2: cannot restore: PATCH /api/v1/accounts/1/teams/2/team_members answered 500"
        ),
        "{junit}"
    );
    let text = render_text(&result, Style { color: false });
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("[restore]"))
        .take_while(|l| !l.is_empty())
        .collect();
    insta::assert_snapshot!(section.join("\n"), @r#"
    [restore] membership not restored
      team 2: FAILED
        sent PATCH /api/v1/accounts/1/teams/2/team_members → 500
        [restore] team 2: cannot restore: PATCH /api/v1/accounts/1/teams/2/team_members answered 500: {"error":"An unexpected error occurred"}
        [restore] team 2: expected [11, 12], found [12, 13]
    "#);
}

#[tokio::test]
async fn a_read_of_another_shape_before_the_scenario_skips_its_steps() {
    let faults = Faults {
        bad_reads_from: Some((1, json!({"payload": [{"id": 11}]}))),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let s = &result.scenarios[0];
    assert!(s.steps.iter().all(|st| st.status == StepStatus::Skipped));
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(restore.groups()[0].outcome(), RestoreOutcome::NotSaved);
    assert_eq!(
        messages(restore),
        [
            "team 2: cannot save: GET /api/v1/accounts/1/teams/2/team_members is not a shape the \
          restore understands: the body is an object, expected an array"
        ]
    );
    assert_eq!(fake.writes(), 0);
    assert_eq!(members(&fake), [json!(11), json!(12)]);
    assert_eq!(
        json_restore(&result)["groups"][0]["outcome"],
        json!("not-saved")
    );
}

#[tokio::test]
async fn a_read_of_another_shape_after_the_scenario_is_a_failure_not_a_restore() {
    let faults = Faults {
        bad_reads_from: Some((2, json!([{"id": 11}, {"user": {"id": 12}}]))),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(
        messages(restore),
        [
            "team 2: cannot read before restoring: GET /api/v1/accounts/1/teams/2/team_members is \
          not a shape the restore understands: /1 has no `id`"
        ]
    );
    assert_eq!(
        members(&fake),
        [json!(12), json!(13)],
        "nothing was written"
    );
}

#[tokio::test]
async fn a_write_answered_200_that_changes_nothing_is_a_difference() {
    let faults = Faults {
        ignore_writes_from: Some(2),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let result = run("chatwoot", &server, CW_REPLACE).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    let failure = restore.failures().next().unwrap();
    assert_eq!(failure.message, "team 2: expected [11, 12], found [12, 13]");
    assert_eq!(failure.expected.as_deref(), Some("[11, 12]"));
    assert_eq!(failure.actual.as_deref(), Some("[12, 13]"));
    assert_eq!(members(&fake), [json!(12), json!(13)]);
}

// ---------------------------------------------------------------------------------------------
// ChatDash

fn agents(omit_unassigned: bool) -> ChatDashAgents {
    let mut agents = ChatDashAgents::new(&[
        ("a1", Client::Id("c0".into())),
        ("a2", Client::Absent),
        ("a3", Client::Absent),
    ]);
    agents.omit_unassigned = omit_unassigned;
    agents
}

#[tokio::test]
async fn chatdash_client_ids_missing_on_free_agents_are_restored_exactly() {
    // The GET leaves `clientId` out on unassigned agents: before this fix the missing key read
    // as null on both sides and a2 stayed on c0, reported restored.
    let (server, fake) = Fake::start(agents(true), Faults::default()).await;
    let result = run("chatdash", &server, CD_ASSIGN).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(restore.groups()[0].label(), "agents");
    assert_eq!(
        restore.groups()[0].writes(),
        ["PUT /v1/public/agents/a2/unassign → 200"]
    );
    let state = fake.state();
    assert_eq!(state.client("a1"), Some(&Client::Id("c0".into())));
    assert_eq!(state.client("a2"), Some(&Client::Null), "unassigned again");
    assert_eq!(state.client("a3"), Some(&Client::Absent));
}

#[tokio::test]
async fn chatdash_a_missing_client_id_read_back_as_null_is_reported_as_that_difference() {
    // Free agents have no `clientId` key, but an unassign stores null: the agent is free again,
    // yet the read-back is not the saved read, and the report says exactly that.
    let (server, fake) = Fake::start(agents(false), Faults::default()).await;
    let result = run("chatdash", &server, CD_ASSIGN).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(
        messages(restore),
        [
            "agent a2: expected no clientId, found clientId null (both mean not assigned, but the \
          read-back is not the saved read: ChatDash has no call that removes or adds the key)"
        ]
    );
    assert_eq!(fake.state().client("a2"), Some(&Client::Null));
    // The agent's secret from the GET never reaches a report.
    assert!(!render_json(&result).contains("sk-fake-agent-secret"));
}

#[tokio::test]
async fn chatdash_a_write_that_changes_nothing_names_the_agent_and_the_client() {
    let faults = Faults {
        ignore_writes_from: Some(2),
        ..Faults::default()
    };
    let (server, fake) = Fake::start(agents(true), faults).await;
    let result = run("chatdash", &server, CD_ASSIGN).await;
    let restore = restore_of(&result);
    assert!(!restore.restored());
    assert_eq!(
        messages(restore),
        ["agent a2: expected no clientId, found \"c0\""]
    );
    assert_eq!(fake.state().client("a2"), Some(&Client::Id("c0".into())));
}

#[tokio::test]
async fn chatdash_a_client_id_of_another_type_fails_the_save_and_skips_the_steps() {
    let faults = Faults {
        bad_reads_from: Some((1, json!([{"_id": "a1", "clientId": {"$oid": "c0"}}]))),
        ..Faults::default()
    };
    let (server, fake) = Fake::start(agents(true), faults).await;
    let result = run("chatdash", &server, CD_ASSIGN).await;
    assert_eq!(result.scenarios[0].steps[0].status, StepStatus::Skipped);
    let restore = restore_of(&result);
    assert_eq!(
        messages(restore),
        [
            "agents: cannot save: GET /v1/public/agents is not a shape the restore understands: \
          /0/clientId is an object, expected a string, null, or no key"
        ]
    );
    assert_eq!(fake.writes(), 0);
    assert_eq!(fake.state().client("a2"), Some(&Client::Absent));
}

// ---------------------------------------------------------------------------------------------
// Rocket.Chat

/// Department D1: kim (count 5, order 1) and lee (0, 2), bo a user outside it, and `n` more
/// agents (1, 0).
fn department(n: usize) -> RocketChatDepartment {
    let extra: Vec<String> = (0..n).map(|i| format!("x{i:03}")).collect();
    let users: Vec<(String, String)> = ["kim", "lee", "bo"]
        .iter()
        .map(|u| ((*u).to_owned(), format!("agent.{u}")))
        .chain(extra.iter().map(|id| (id.clone(), format!("user.{id}"))))
        .collect();
    let mut records = vec![("kim", 5, 1), ("lee", 0, 2)];
    records.extend(extra.iter().map(|id| (id.as_str(), 1, 0)));
    RocketChatDepartment::new("D1", &users, &records)
}

#[tokio::test]
async fn rocketchat_counts_and_orders_are_written_back_exactly() {
    let (server, fake) = Fake::start(department(0), Faults::default()).await;
    let before = fake.state().records.clone();
    let result = run("rocketchat", &server, RC_CHANGE).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(restore.groups()[0].label(), "department D1");
    assert_eq!(fake.state().records, before);
    let posts = bodies_sent(&server, "POST").await;
    assert_eq!(
        posts[1],
        json!({"upsert": [{"agentId": "kim", "username": "agent.kim", "count": 5, "order": 1},
                          {"agentId": "lee", "username": "agent.lee", "count": 0, "order": 2}],
               "remove": [{"agentId": "bo", "username": "agent.bo"}]})
    );
}

#[tokio::test]
async fn rocketchat_a_department_larger_than_a_page_is_read_whole() {
    let (server, fake) = Fake::start(department(130), Faults::default()).await;
    let before = fake.state().records.clone();
    let result = run("rocketchat", &server, RC_CHANGE).await;
    let restore = restore_of(&result);
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(fake.state().records, before);
    let second_pages = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.query().is_some_and(|q| q.contains("offset=100")))
        .count();
    assert_eq!(second_pages, 3, "save, before restoring, after restoring");
}

#[tokio::test]
async fn rocketchat_a_write_that_changes_nothing_names_each_agent() {
    let faults = Faults {
        ignore_writes_from: Some(2),
        ..Faults::default()
    };
    let (server, _fake) = Fake::start(department(0), faults).await;
    let result = run("rocketchat", &server, RC_CHANGE).await;
    assert_eq!(
        messages(restore_of(&result)),
        [
            "department D1 agent bo: expected no record, found {username: \"agent.bo\", count: 0, order: 0}",
            "department D1 agent kim: expected {username: \"agent.kim\", count: 5, order: 1}, found {username: \"agent.kim\", count: 0, order: 0}",
            "department D1 agent lee: expected {username: \"agent.lee\", count: 0, order: 2}, found no record",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The real binary

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_exits_1_and_every_report_names_the_difference() {
    let faults = Faults {
        ignore_writes_from: Some(2),
        ..Faults::default()
    };
    let (server, fake) = chatwoot(team(&[json!(11), json!(12)]), faults).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("chatwoot")).unwrap();
    std::fs::create_dir_all(dir.path().join("targets")).unwrap();
    std::fs::write(dir.path().join("chatwoot/replace.yaml"), CW_REPLACE).unwrap();
    std::fs::write(
        dir.path().join("targets/builtin.toml"),
        format!(
            "[targets.builtin.chatwoot]\nvars = {{ account_id = 1, team_id = 2 }}\n\
             secrets = {{ admin_token = \"{CW_TOKEN}\" }}\n"
        ),
    )
    .unwrap();
    let json_path = dir.path().join("check.json");
    let junit_path = dir.path().join("check.xml");
    let scenarios = dir.path().to_owned();
    let uri = server.uri();
    let (json_arg, junit_arg) = (
        format!("json={}", json_path.display()),
        format!("junit={}", junit_path.display()),
    );
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(binary())
            .args([
                "check",
                "--color",
                "never",
                "--no-contracts",
                "--target",
                &uri,
            ])
            .arg("--scenarios")
            .arg(&scenarios)
            .args(["--report", &json_arg, "--report", &junit_arg])
            .env("CI", "1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL chatwoot/replace.yaml"), "{stdout}");
    assert!(
        stdout.contains("[restore] membership not restored"),
        "{stdout}"
    );
    assert!(stdout.contains("team 2: FAILED"), "{stdout}");
    assert!(
        stdout.contains("sent PATCH /api/v1/accounts/1/teams/2/team_members → 200"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[restore] team 2: expected [11, 12], found [12, 13]"),
        "{stdout}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let restore = &report["scenarios"][0]["restore"];
    assert_eq!(report["passed"], json!(false));
    assert_eq!(restore["restored"], json!(false));
    assert_eq!(restore["groups"][0]["group"], json!("2"));
    assert_eq!(restore["groups"][0]["outcome"], json!("failed"));
    assert_eq!(
        restore["groups"][0]["failures"][0]["message"],
        json!("team 2: expected [11, 12], found [12, 13]")
    );
    assert_eq!(
        restore["groups"][0]["failures"][0]["expected"],
        json!("[11, 12]")
    );
    assert_eq!(
        restore["groups"][0]["failures"][0]["actual"],
        json!("[12, 13]")
    );
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(
        junit.contains(r#"<testcase name="restore""#)
            && junit.contains(
                r#"<error message="team 2: expected [11, 12], found [12, 13]" type="restore""#
            ),
        "{junit}"
    );
    for text in [
        &stdout,
        &std::fs::read_to_string(&json_path).unwrap(),
        &junit,
    ] {
        assert!(!text.contains(CW_TOKEN), "the token is masked");
    }
    assert_eq!(members(&fake), [json!(12), json!(13)]);
}
