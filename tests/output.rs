//! What `check` prints and reports: a line per scenario as it finishes, honest drift claims,
//! one failure per cause, the JSON report on stdout, and `--help` texts that teach.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::binary;

const TARGET: &str = r#"
[targets.builtin.chatwoot]
vars = { account_id = 1, team_id = 1 }
secrets = { admin_token = "cw-acme-admin-token" }
"#;

fn read_team(team: u32) -> String {
    format!(
        r#"
name: read team {team}
steps:
  - name: read
    request:
      method: GET
      path: /api/v1/accounts/1/teams/{team}/team_members
      headers: {{api_access_token: "${{admin_token}}"}}
    expect:
      status: 200
      json:
        - {{pointer: /0/id, equals: 3}}
"#
    )
}

/// A scenarios folder with the built-in target file and `files` under `chatwoot/`.
fn scenarios(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("targets")).unwrap();
    std::fs::create_dir_all(dir.path().join("chatwoot")).unwrap();
    std::fs::write(dir.path().join("targets/builtin.toml"), TARGET).unwrap();
    for (name, yaml) in files {
        std::fs::write(dir.path().join("chatwoot").join(name), yaml).unwrap();
    }
    dir
}

fn contracts_dir() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("contracts")
        .display()
        .to_string()
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    Command::new(binary())
        .arg("check")
        .arg("--scenarios")
        .arg(dir)
        .args(["--color", "never", "--update-snapshots", "no"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .env("CI", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_scenario_is_printed_when_it_finishes_even_on_a_pipe() {
    // Arrange: the second scenario's request is never answered within the run.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/1/teams/1/team_members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([{"id": 3}])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/1/teams/2/team_members"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(600)))
        .mount(&server)
        .await;
    let dir = scenarios(&[("a.yaml", read_team(1)), ("b.yaml", read_team(2))]);
    // Act: read stdout (a pipe) line by line while the run waits on the second scenario.
    let mut child = Command::new(binary())
        .arg("check")
        .arg("--scenarios")
        .arg(dir.path())
        .args([
            "--no-contracts",
            "--color",
            "never",
            "--timeout-ms",
            "900000",
        ])
        .args(["--target", &server.uri()])
        .env("CI", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let header = lines.next().unwrap().unwrap();
    let first = lines.next().unwrap().unwrap();
    // Assert: the first scenario's line arrived while the run is still going.
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(header.starts_with("target "), "{header}");
    assert!(
        first.starts_with("ok   chatwoot/a.yaml  (1 step) "),
        "{first}"
    );
    assert!(still_running, "the line came only when the run ended");
}

#[test]
fn a_run_on_a_pipe_prints_each_scenario_once_and_no_progress_bar() {
    let dir = scenarios(&[("a.yaml", read_team(1)), ("b.yaml", read_team(2))]);
    let output = check(dir.path(), &["--no-contracts"]);
    let out = text(&output.stdout);
    assert_eq!(out.matches("chatwoot/a.yaml  (").count(), 1, "{out}");
    assert_eq!(out.matches("chatwoot/b.yaml  (").count(), 1, "{out}");
    let err = text(&output.stderr);
    assert!(!err.contains('\r') && !err.contains("scenarios"), "{err}");
}

#[test]
fn without_contracts_the_drift_table_says_not_checked() {
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let output = check(dir.path(), &["--no-contracts"]);
    let out = text(&output.stdout);
    assert!(out.contains("drift: not checked (--no-contracts)"), "{out}");
    assert!(!out.contains("drift: none"), "{out}");
}

#[test]
fn with_no_response_the_drift_table_says_not_checked_in_text_and_json() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let report = dir.path().join("report.json");
    let output = check(
        dir.path(),
        &[
            "--contracts",
            &contracts_dir(),
            "--target",
            &format!("http://{address}"),
            "--report",
            &format!("json={}", report.display()),
        ],
    );
    assert_eq!(output.status.code(), Some(3));
    let out = text(&output.stdout);
    assert!(
        out.contains("drift: not checked (no response arrived)"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(json["drift_checked"], false);
    assert_eq!(json["drift_not_checked"], "no response arrived");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_is_not_json_is_one_failure_and_no_invented_contract_violation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/1/teams/1/team_members"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let report = dir.path().join("report.json");
    let output = check(
        dir.path(),
        &[
            "--contracts",
            &contracts_dir(),
            "--target",
            &server.uri(),
            "--report",
            &format!("json={}", report.display()),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    assert_eq!(out.matches("[not-json]").count(), 1, "{out}");
    assert!(!out.contains("[contract]"), "{out}");
    assert!(!out.contains("is not of type"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let mismatches: u64 = json["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["schema_mismatches"].as_u64().unwrap())
        .sum();
    assert_eq!(mismatches, 0, "{json:#}");
}

#[test]
fn the_json_report_on_stdout_is_alone_there_and_carries_its_versions() {
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let output = check(dir.path(), &["--no-contracts", "--report", "json=-"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["rosterwire_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["drift_checked"], false);
    let err = text(&output.stderr);
    assert!(err.contains("ok   chatwoot/a.yaml"), "{err}");
    assert!(err.contains("passed: 1 scenario (0 failed)"), "{err}");
}

#[test]
fn only_one_report_can_take_stdout() {
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let output = check(
        dir.path(),
        &[
            "--no-contracts",
            "--report",
            "json=-",
            "--report",
            "junit=-",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let err = text(&output.stderr);
    assert!(err.contains("only one report can go to stdout"), "{err}");
}

#[test]
fn a_bad_fidelity_in_a_targets_file_names_the_file_and_target() {
    let dir = scenarios(&[("a.yaml", read_team(1))]);
    let file = dir.path().join("staging.toml");
    std::fs::write(
        &file,
        "[targets.staging]\nfidelity = \"documentd\"\n\n[targets.staging.chatwoot]\nbase_url = \"http://127.0.0.1:9\"\nvars = { account_id = 1, team_id = 1 }\nsecrets = { admin_token = \"t\" }\n",
    )
    .unwrap();
    let output = check(
        dir.path(),
        &[
            "--no-contracts",
            "--targets",
            &file.display().to_string(),
            "--target",
            "staging",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("staging.toml"), "{err}");
    assert!(
        err.contains(r#"target `staging`: `fidelity = "documentd"` in the targets file"#),
        "{err}"
    );
    assert!(!err.contains("--fidelity"), "{err}");
}

#[rstest::rstest]
#[case::root(&[])]
#[case::check(&["check"])]
#[case::serve(&["serve"])]
#[case::clean(&["clean"])]
#[case::contracts(&["contracts"])]
#[case::contracts_derive(&["contracts", "derive"])]
#[case::world(&["world"])]
#[case::world_check(&["world", "check"])]
#[case::world_pull(&["world", "pull"])]
#[case::targets(&["targets"])]
#[case::targets_init(&["targets", "init"])]
fn every_help_shows_an_example_and_the_exit_codes(#[case] command: &[&str]) {
    let output = Command::new(binary())
        .args(command)
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    assert!(help.contains("Example"), "{help}");
    assert!(help.contains("Exit codes:"), "{help}");
    assert!(help.contains("  0  "), "{help}");
}

#[test]
fn check_help_shows_the_defaults_of_its_run_settings() {
    let output = Command::new(binary())
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = text(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for default in [
        "`fidelity` in the targets file, else documented]",
        "`rate_limit` in the targets file, else no limit]",
        "`concurrency` in the targets file, else 3]",
        "`timeout_ms` in the targets file, else 10000]",
    ] {
        assert!(help.contains(default), "{default}: {help}");
    }
}

const SNAPSHOT: &str = r#"
name: snapshot the members
steps:
  - name: read
    request:
      method: GET
      path: /api/v1/accounts/1/teams/1/team_members
      headers: {api_access_token: "${admin_token}"}
    expect:
      status: 200
      snapshot: members
"#;

async fn members(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/1/teams/1/team_members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn check_snapshots(dir: &Path, uri: &str, extra: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(binary())
        .arg("check")
        .arg("--scenarios")
        .arg(dir)
        .args(["--no-contracts", "--color", "never", "--target", uri])
        .args(extra)
        .env("CI", "1")
        .env_remove("INSTA_UPDATE")
        .env_remove("INSTA_FORCE_PASS")
        .envs(vars.iter().copied())
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_snapshot_write_is_announced_and_insta_update_is_honoured() {
    let server = members(serde_json::json!([{"id": 3}])).await;
    let dir = scenarios(&[("a.yaml", SNAPSHOT.to_owned())]);
    let snap = dir.path().join("chatwoot/snapshots/a__members.snap");
    // CI without INSTA_UPDATE writes nothing and fails.
    let output = check_snapshots(dir.path(), &server.uri(), &[], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!snap.exists());
    // INSTA_UPDATE=always writes the snapshot, and says so.
    let output = check_snapshots(
        dir.path(),
        &server.uri(),
        &[],
        &[("INSTA_UPDATE", "always")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(snap.exists());
    let err = text(&output.stderr);
    assert!(
        err.contains(&format!("stored new snapshot {}", snap.display())),
        "{err}"
    );
    // --update-snapshots always on a matching body writes nothing and says nothing.
    let output = check_snapshots(
        dir.path(),
        &server.uri(),
        &["--update-snapshots", "always"],
        &[],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(!text(&output.stderr).contains("stored new snapshot"));
}

#[tokio::test(flavor = "multi_thread")]
async fn insta_force_pass_lets_a_changed_snapshot_pass() {
    let server = members(serde_json::json!([{"id": 4}])).await;
    let dir = scenarios(&[("a.yaml", SNAPSHOT.to_owned())]);
    std::fs::create_dir_all(dir.path().join("chatwoot/snapshots")).unwrap();
    let snap = dir.path().join("chatwoot/snapshots/a__members.snap");
    std::fs::write(&snap, "---\nsource: x\n---\n[{\"id\": 3}]\n").unwrap();
    let failing = check_snapshots(dir.path(), &server.uri(), &[], &[]);
    assert_eq!(failing.status.code(), Some(1));
    let output = check_snapshots(dir.path(), &server.uri(), &[], &[("INSTA_FORCE_PASS", "1")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert_eq!(
        std::fs::read_to_string(&snap).unwrap(),
        "---\nsource: x\n---\n[{\"id\": 3}]\n",
        "CI with force-pass still writes nothing"
    );
}

#[test]
fn on_a_terminal_the_progress_bar_is_cleared_and_each_scenario_printed_once() {
    // `script` (util-linux, in every Debian) gives the run a terminal for stdout and stderr.
    let dir = scenarios(&[("a.yaml", read_team(1)), ("b.yaml", read_team(2))]);
    let command = format!(
        "'{}' check --scenarios '{}' --no-contracts --color never",
        binary(),
        dir.path().display()
    );
    let output = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("CI", "1")
        .env_remove("RUST_LOG")
        .output()
        .expect("`script` (util-linux) runs the check on a terminal");
    let screen = text(&output.stdout);
    assert_eq!(
        screen.matches("chatwoot/a.yaml  (").count(),
        1,
        "{screen:?}"
    );
    assert_eq!(
        screen.matches("chatwoot/b.yaml  (").count(),
        1,
        "{screen:?}"
    );
    let bar = "[##########----------] 1/2 scenarios";
    assert_eq!(screen.matches(bar).count(), 1, "{screen:?}");
    assert_eq!(
        screen.matches(&format!("{bar}\r\x1b[2K")).count(),
        1,
        "the bar is not cleared: {screen:?}"
    );
    assert!(screen.contains(": 2 scenarios ("), "{screen:?}");
}
