//! `rosterwire check` end to end: exit codes, targets, and the JSON and JUnit reports.

use std::path::Path;
use std::process::Output;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{binary, redact_durations, redact_ports, redact_run_id};

const BUILTIN: &str = r#"
[targets.builtin.chatwoot]
vars = { account_id = 1, team_id = 1 }
secrets = { admin_token = "cw-acme-admin-token" }
"#;

const READ: &str = r#"
name: read the members
steps:
  - name: read
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
    expect:
      status: 200
      json:
        - {pointer: /*/id, set_equals: [3, 4]}
"#;

/// A scenarios folder with the built-in target file and one chatwoot scenario.
fn scenarios(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("targets")).unwrap();
    std::fs::create_dir_all(dir.path().join("chatwoot")).unwrap();
    std::fs::write(dir.path().join("targets/builtin.toml"), BUILTIN).unwrap();
    std::fs::write(dir.path().join("chatwoot/read.yaml"), yaml).unwrap();
    dir
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    std::process::Command::new(binary())
        .arg("check")
        .arg("--scenarios")
        .arg(dir)
        .args(["--no-contracts", "--color", "never"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .env("CI", "1")
        .output()
        .unwrap()
}

async fn upstream(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/1/teams/1/team_members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_0_when_every_step_passes() {
    let server = upstream(json!([{"id": 4}, {"id": 3}])).await;
    let dir = scenarios(READ);
    let output = check(dir.path(), &["--target", &server.uri()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_1_and_writes_json_and_junit_reports_when_a_check_fails() {
    let server = upstream(json!([{"id": 3}, {"id": 5}])).await;
    let dir = scenarios(READ);
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    let output = check(
        dir.path(),
        &[
            "--target",
            &server.uri(),
            "--report",
            &format!("json={}", json_path.display()),
            "--report",
            &format!("junit={}", junit_path.display()),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Each failing step names its file and line, under the temporary scenarios folder.
    let folder = |text: &str| text.replace(&dir.path().display().to_string(), "[scenarios]");
    insta::assert_snapshot!(
        "failing_run_text",
        folder(&redact_run_id(&redact_durations(&redact_ports(&stdout(
            &output
        )))))
    );
    // The tool's version changes with every release; the report's shape does not.
    let report = folder(&std::fs::read_to_string(&json_path).unwrap().replace(
        &format!("\"rosterwire_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"rosterwire_version\": \"[version]\"",
    ));
    insta::assert_snapshot!(
        "failing_run_json",
        redact_run_id(&redact_durations(&redact_ports(&report)))
    );
    let junit = folder(&std::fs::read_to_string(&junit_path).unwrap());
    insta::assert_snapshot!("failing_run_junit", redact_durations(&redact_ports(&junit)));
    for text in [&report, &junit, &stdout(&output)] {
        assert!(!text.contains("cw-acme-admin-token"));
    }
}

#[test]
fn check_exits_3_when_the_target_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let dir = scenarios(READ);
    let output = check(dir.path(), &["--target", &format!("http://{address}")]);
    assert_eq!(output.status.code(), Some(3), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("[unreachable] cannot connect"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn check_exits_2_and_points_at_the_line_of_a_bad_scenario() {
    let dir = scenarios(&READ.replace("    expect:", "    expekt:"));
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output).replace(&dir.path().display().to_string(), "{DIR}");
    insta::assert_snapshot!(text, @r"
    error: {DIR}/chatwoot/read.yaml:9:5: unknown key `expekt`; did you mean `expect`?
    9 |     expekt:
      |     ^
    ");
}

#[test]
fn check_exits_2_for_an_unknown_report_format() {
    let dir = scenarios(READ);
    let output = check(dir.path(), &["--report", "html=x.html"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown format `html`: expected `junit` or `json`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_exits_2_when_a_credential_variable_is_not_set() {
    let dir = scenarios(READ);
    let targets = dir.path().join("targets.toml");
    std::fs::write(
        &targets,
        "[targets.staging.chatwoot]\nbase_url = \"http://127.0.0.1:9\"\nvars = { account_id = 1, team_id = 1 }\nsecret_env = { admin_token = \"ROSTERWIRE_TEST_UNSET_TOKEN\" }\n",
    )
    .unwrap();
    let output = check(
        dir.path(),
        &[
            "--targets",
            targets.to_str().unwrap(),
            "--target",
            "staging",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {}: target `staging`, chatwoot: the environment variable \
             `ROSTERWIRE_TEST_UNSET_TOKEN` (for `admin_token`) is not set\n",
            targets.display()
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_targets_file_reads_credentials_from_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/7/teams/12/team_members"))
        .and(wiremock::matchers::header(
            "api_access_token",
            "staging-token-42",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 3}, {"id": 4}])))
        .mount(&server)
        .await;
    let dir = scenarios(READ);
    let targets = dir.path().join("targets.toml");
    std::fs::write(
        &targets,
        format!("[targets.staging]\nfidelity = \"observed\"\nrate_limit = 50.0\n[targets.staging.chatwoot]\nbase_url = \"{}\"\nvars = {{ account_id = 7, team_id = 12 }}\nsecret_env = {{ admin_token = \"ROSTERWIRE_TEST_TOKEN\" }}\n", server.uri()),
    )
    .unwrap();
    let output = std::process::Command::new(binary())
        .args(["check", "--color", "never", "--no-contracts", "--scenarios"])
        .arg(dir.path())
        .args([
            "--targets",
            targets.to_str().unwrap(),
            "--target",
            "staging",
        ])
        .env("ROSTERWIRE_TEST_TOKEN", "staging-token-42")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("target staging  (fidelity: chatdash=observed"),
        "{}",
        stdout(&output)
    );
}

/// `rosterwire check` with the repository's scenarios against the built-in mock.
fn check_builtin(extra: &[&str]) -> Output {
    std::process::Command::new(binary())
        .args(["check", "--color", "never"])
        .args(extra)
        .env("CI", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[rstest::rstest]
fn the_built_in_mock_passes_every_scenario(
    #[values("documented", "observed")] fidelity: &str,
    // Default: sandbox groups made and deleted by the run; `--no-sandbox`: the seed's own
    // groups, restored afterwards. The drift table is the same either way.
    #[values(None, Some("--no-sandbox"))] mode: Option<&str>,
) {
    let mut args = vec!["--fidelity", fidelity];
    args.extend(mode);
    let output = check_builtin(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let text = stdout(&output);
    let drift = &text[text.find("drift").unwrap()..text.rfind("\npassed").unwrap()];
    insta::assert_snapshot!(format!("drift_table_{fidelity}"), drift);
}

#[test]
fn read_only_against_the_built_in_mock_skips_every_mutating_step_and_passes() {
    let output = check_builtin(&["--read-only"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let text = stdout(&output);
    assert!(text.contains("read-only"));
    assert!(
        text.contains(" steps: mutating step; --read-only\n")
            || text.contains(" step: mutating step; --read-only\n"),
        "{text}"
    );
}

#[test]
fn check_exits_2_when_the_contracts_folder_cannot_be_loaded() {
    let dir = scenarios(READ);
    let output = std::process::Command::new(binary())
        .args([
            "check",
            "--contracts",
            "/nonexistent-contracts",
            "--scenarios",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot load the contracts in /nonexistent-contracts"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_with_a_target_url_passes_against_a_served_mock_and_skips_mock_only_scenarios() {
    let server = crate::util::ServeProcess::start(&[]);
    let output = check_builtin(&["--target", &server.origin]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let text = stdout(&output);
    let line = text
        .lines()
        .skip_while(|l| !l.contains("chatdash/documented-500.yaml"))
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.ends_with(": mock-only scenario; the target is not the built-in mock"),
        "{text}"
    );
    assert!(text.contains("chatdash/assign.yaml"), "{text}");
}

/// A chatwoot scenario whose second step needs the bot token, whose third uses a capture of the
/// second, and whose fourth reads the team again.
const WITH_BOT: &str = r#"
name: read as admin and as bot
steps:
  - name: read as admin
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
    expect: {status: 200}
  - name: read as bot
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${bot_token}"}
    expect: {status: 401}
    capture: {bot_answer: /error}
  - name: use the bot's answer
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members?e=${bot_answer}
      headers: {api_access_token: "${admin_token}"}
  - name: read again
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${admin_token}"}
    expect: {status: 200}
"#;

/// A targets file for `server` with chatwoot `vars` and an `unavailable` table.
fn staging_file(dir: &Path, server: &MockServer, vars: &str, unavailable: &str) -> String {
    let targets = dir.join("targets.toml");
    std::fs::write(
        &targets,
        format!(
            "[targets.staging.chatwoot]\nbase_url = \"{}\"\nvars = {{ {vars} }}\nsecrets = {{ admin_token = \"staging-token-42\" }}\nunavailable = {{ {unavailable} }}\n",
            server.uri()
        ),
    )
    .unwrap();
    targets.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_2_naming_every_missing_variable_before_any_request() {
    let server = upstream(json!([])).await;
    let dir = scenarios(WITH_BOT);
    let targets = staging_file(dir.path(), &server, "account_id = 1", "");
    let output = check(dir.path(), &["--targets", &targets, "--target", "staging"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let error = stderr(&output);
    assert!(
        error.starts_with(&format!(
            "error: {targets}: target `staging`, chatwoot: the scenarios need variables but the \
             target has no value for `bot_token`, `team_id`: add them to `vars`, `secrets` or \
             `secret_env`, or list them under `unavailable` with the reason (`rosterwire targets init`"
        )),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_that_needs_an_unavailable_variable_is_skipped_with_the_reason_in_every_report() {
    let server = upstream(json!([])).await;
    let dir = scenarios(WITH_BOT);
    let targets = staging_file(
        dir.path(),
        &server,
        "account_id = 1, team_id = 1",
        "bot_token = \"no agent bot in account 1; staging-token-42 is no bot\"",
    );
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    let output = check(
        dir.path(),
        &[
            "--targets",
            &targets,
            "--target",
            "staging",
            "--report",
            &format!("json={}", json_path.display()),
            "--report",
            &format!("junit={}", junit_path.display()),
        ],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let reason = "needs `bot_token`, unavailable on target `staging`: no agent bot in account 1; [REDACTED] is no bot";
    assert!(
        text.contains(&format!("     skipped 1 step: {reason}\n")),
        "{text}"
    );
    assert!(
        text.contains(
            "     skipped 1 step: needs `bot_answer`, captured by the skipped step `read as bot`\n"
        ),
        "{text}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let steps = &report["scenarios"][0]["steps"];
    let statuses: Vec<&str> = (0..4)
        .map(|i| steps[i]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["passed", "skipped", "skipped", "passed"]);
    assert_eq!(steps[1]["skip_reason"], reason);
    assert!(steps[0].get("skip_reason").is_none());
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(
        junit.contains("<skipped message=\"needs `bot_token`, unavailable on target `staging`: no agent bot in account 1; [REDACTED] is no bot\"/>"),
        "{junit}"
    );
}

/// The README's quick start, step by step: serve, a PATCH as the user's app would send it, the
/// reset, then `check --target`. Without the reset the check fails (the scenarios expect the
/// seed world), which is why the README resets.
#[test]
fn the_readme_quick_start_passes_as_written_and_fails_without_its_reset() {
    let server = crate::util::ServeProcess::start(&[]);
    let patch = "PATCH /api/v1/accounts/1/teams/2/team_members HTTP/1.1\r\nHost: localhost\r\n\
                 Connection: close\r\napi_access_token: cw-acme-admin-token\r\n\
                 Content-Type: application/json\r\nContent-Length: 18\r\n\r\n{\"user_ids\":[3,5]}";
    let reset = "POST /__admin/reset HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                 Content-Length: 0\r\n\r\n";
    let (answer, _) = crate::util::raw_exchange(&server.origin, patch);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let without_reset = check_builtin(&["--target", &server.origin]);
    assert_eq!(
        without_reset.status.code(),
        Some(1),
        "{}",
        stdout(&without_reset)
    );
    let (answer, _) = crate::util::raw_exchange(&server.origin, reset);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let output = check_builtin(&["--target", &server.origin]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn every_step_of_a_built_in_run_names_its_file_and_the_line_it_starts_on() {
    let cwd = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(binary())
        .current_dir(cwd.path())
        .args(["check", "--vendor", "chatwoot", "--report", "json=-"])
        .env("RUST_LOG", "warn")
        .env("CI", "1")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for scenario in report["scenarios"].as_array().unwrap() {
        for step in scenario["steps"].as_array().unwrap() {
            let name = step["name"].as_str().unwrap();
            let file = step["source"]["file"].as_str().unwrap();
            let line = usize::try_from(step["source"]["line"].as_u64().unwrap()).unwrap();
            assert!(file.starts_with("scenarios/chatwoot/"), "{file}");
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let written = text.lines().nth(line - 1).unwrap();
            assert!(
                written.trim_start().starts_with("- name:") && written.contains(name),
                "{file}:{line} is `{written}`, not the start of step `{name}`"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} steps");
}
