//! Mutating scenarios leave the target as they found it: membership is saved first and restored
//! afterwards, when a step fails and when the run is interrupted; and a restore that did not
//! bring a group back exactly is reported, never called restored (`truthful.rs`, against the
//! misbehaving fakes of `fakes.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rosterwire::{NoContracts, RunOptions, Runner, StepStatus};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::util::{scenario_in, target_at};

// Fake staging servers of the three vendors that keep state and misbehave on request.
mod fakes;

// The restore against misbehaving servers: exact saves, exact comparisons, truthful reports.
mod truthful;

const MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

/// A tiny stateful Chatwoot team: GET lists the members, PATCH replaces them (after `delay`).
#[derive(Clone)]
struct FakeTeam {
    members: Arc<Mutex<Vec<i64>>>,
    delay: Duration,
}

impl Respond for FakeTeam {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut members = self.members.lock().unwrap();
        if request.method.as_str() == "PATCH" {
            let body: Value = request.body_json().unwrap();
            *members = body["user_ids"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_i64)
                .collect();
        }
        let list: Vec<Value> = members.iter().map(|id| json!({"id": id})).collect();
        let template = ResponseTemplate::new(200).set_body_json(list);
        if request.method.as_str() == "PATCH" {
            template.set_delay(self.delay)
        } else {
            template
        }
    }
}

async fn fake_team(delay: Duration) -> (MockServer, Arc<Mutex<Vec<i64>>>) {
    let members = Arc::new(Mutex::new(vec![3, 4]));
    let server = MockServer::start().await;
    Mock::given(path(MEMBERS))
        .and(method("GET"))
        .respond_with(FakeTeam {
            members: Arc::clone(&members),
            delay: Duration::ZERO,
        })
        .mount(&server)
        .await;
    Mock::given(path(MEMBERS))
        .and(method("PATCH"))
        .respond_with(FakeTeam {
            members: Arc::clone(&members),
            delay,
        })
        .mount(&server)
        .await;
    (server, members)
}

const REPLACE_THEN_FAIL: &str = r#"
name: replace, then fail
restore: ["${team_id}"]
steps:
  - name: replace
    request:
      method: PATCH
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
      body: {user_ids: [5]}
    expect:
      json:
        - {pointer: /*/id, set_equals: [5]}
  - name: a check that fails
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
    expect:
      status: 418
"#;

fn runner(server: &MockServer, root: &std::path::Path, read_only: bool) -> Runner {
    let target = target_at(
        "chatwoot",
        &server.uri(),
        "{ account_id = 1, team_id = 1 }",
        "{ admin_token = \"cw-token-1234\" }",
    );
    let mut options = RunOptions::new(root.to_owned());
    options.read_only = read_only;
    Runner::new(target, Arc::new(NoContracts), options).unwrap()
}

#[tokio::test]
async fn membership_is_restored_after_a_failing_step() {
    let (server, members) = fake_team(Duration::ZERO).await;
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), "chatwoot", "replace", REPLACE_THEN_FAIL);
    let result = runner(&server, root.path(), false)
        .run(vec![scenario], Arc::new(|_| {}))
        .await;
    let s = &result.scenarios[0];
    assert_eq!(
        s.steps[0].status,
        StepStatus::Passed,
        "{:?}",
        s.steps[0].failures
    );
    assert_eq!(s.steps[1].status, StepStatus::Failed);
    let restore = s.restore.as_ref().unwrap();
    assert!(restore.restored(), "{restore:?}");
    assert_eq!(*members.lock().unwrap(), vec![3, 4]);
}

#[tokio::test]
async fn membership_is_restored_when_the_run_is_interrupted() {
    let (server, members) = fake_team(Duration::from_millis(400)).await;
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), "chatwoot", "replace", REPLACE_THEN_FAIL);
    let runner = runner(&server, root.path(), false);
    let cancel = runner.cancellation();
    tokio::spawn(async move {
        // Interrupt while the PATCH is in flight (the fake applies it before its delay).
        tokio::time::sleep(Duration::from_millis(150)).await;
        cancel.cancel();
    });
    let result = runner.run(vec![scenario], Arc::new(|_| {})).await;
    assert!(result.interrupted);
    assert!(!result.passed());
    let s = &result.scenarios[0];
    assert!(
        s.steps.iter().all(|st| st.status == StepStatus::Skipped),
        "{:?}",
        s.steps
    );
    assert!(s.restore.as_ref().unwrap().restored());
    assert_eq!(*members.lock().unwrap(), vec![3, 4]);
}

#[tokio::test]
async fn read_only_runs_no_mutating_step_and_touches_nothing() {
    let (server, members) = fake_team(Duration::ZERO).await;
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), "chatwoot", "replace", REPLACE_THEN_FAIL);
    let result = runner(&server, root.path(), true)
        .run(vec![scenario], Arc::new(|_| {}))
        .await;
    let s = &result.scenarios[0];
    assert!(s.steps.iter().all(|st| st.status == StepStatus::Skipped));
    assert!(s.restore.is_none());
    let patches = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .count();
    assert_eq!(patches, 0);
    assert_eq!(*members.lock().unwrap(), vec![3, 4]);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_on_the_real_binary_restores_membership_before_exiting() {
    let (server, members) = fake_team(Duration::from_secs(2)).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("chatwoot")).unwrap();
    std::fs::create_dir_all(dir.path().join("targets")).unwrap();
    std::fs::write(dir.path().join("chatwoot/replace.yaml"), REPLACE_THEN_FAIL).unwrap();
    std::fs::write(
        dir.path().join("targets/builtin.toml"),
        "[targets.builtin.chatwoot]\nvars = { account_id = 1, team_id = 1 }\nsecrets = { admin_token = \"cw-token-1234\" }\n",
    )
    .unwrap();
    let child = std::process::Command::new(crate::util::binary())
        .args([
            "check",
            "--color",
            "never",
            "--no-contracts",
            "--target",
            &server.uri(),
            "--scenarios",
        ])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the PATCH has been applied (the fake answers it after 2 s), then interrupt.
    for _ in 0..100 {
        if *members.lock().unwrap() == vec![5] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        *members.lock().unwrap(),
        vec![5],
        "the PATCH reached the fake"
    );
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("interrupted: 1 scenario ("),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(*members.lock().unwrap(), vec![3, 4]);
}
