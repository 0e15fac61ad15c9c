//! The runner against deliberately broken fake upstreams (wiremock playing staging): each fault
//! is caught and reported precisely.

use std::sync::Arc;
use std::time::Duration;

use rosterwire::{
    ContractBook, FailureKind, NoContracts, RunOptions, RunResult, Runner, StepStatus, Target,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{SchemaBook, scenario_in, target_at};

const MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

/// The contract of the fake: 200 is an array of `{id: integer, name: string}`, nothing else.
fn members_contract() -> Arc<dyn ContractBook> {
    Arc::new(SchemaBook::new(
        "list-team-members",
        "/team_members",
        &[200],
        &[(
            200,
            json!({"type": "array", "items": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": false,
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}
            }}),
        )],
    ))
}

fn target(server: &str) -> Target {
    target_at(
        "chatwoot",
        server,
        "{ account_id = 1, team_id = 1 }",
        "{ admin_token = \"cw-very-secret-token\" }",
    )
}

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
"#;

/// Runs `yaml` against `server` with the Chatwoot team-members contract and a 5 s timeout.
async fn judge_members(server: &str, yaml: &str) -> RunResult {
    run_one(server, yaml, members_contract(), Duration::from_secs(5)).await
}

async fn run_one(
    server: &str,
    yaml: &str,
    contracts: Arc<dyn ContractBook>,
    timeout: Duration,
) -> RunResult {
    let root = tempfile::tempdir().unwrap();
    let scenario = scenario_in(root.path(), "chatwoot", "read", yaml);
    let mut options = RunOptions::new(root.path().to_owned());
    options.http.timeout = timeout;
    options.http.backoff = Duration::from_millis(10);
    let runner = Runner::new(target(server), contracts, options).unwrap();
    runner.run(vec![scenario], Arc::new(|_| {})).await
}

async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(MEMBERS))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn only_step(result: &RunResult) -> &rosterwire::StepResult {
    &result.scenarios[0].steps[0]
}

#[tokio::test]
async fn a_conforming_response_passes() {
    let server =
        serve(ResponseTemplate::new(200).set_body_json(json!([{"id": 3, "name": "Carol"}]))).await;
    let result = judge_members(&server.uri(), READ).await;
    assert!(result.passed(), "{:#?}", result.scenarios[0].steps);
}

#[tokio::test]
async fn a_wrong_type_is_reported_with_its_pointer_and_schema_path() {
    let server =
        serve(ResponseTemplate::new(200).set_body_json(json!([{"id": "3", "name": "Carol"}])))
            .await;
    let result = judge_members(&server.uri(), READ).await;
    let step = only_step(&result);
    assert_eq!(step.status, StepStatus::Failed);
    assert_eq!(
        step.failures[0].kind,
        FailureKind::Contract {
            instance_path: "/0/id".into(),
            schema_path: "/items/properties/id/type".into()
        }
    );
    assert_eq!(
        step.failures[0].message,
        "\"3\" is not of type \"integer\" (at `/0/id`, schema `/items/properties/id/type`)"
    );
}

#[tokio::test]
async fn a_wrong_status_is_reported_with_expected_and_actual() {
    let server = serve(ResponseTemplate::new(500).set_body_json(json!({"error": "boom"}))).await;
    let contracts = Arc::new(SchemaBook::new(
        "list-team-members",
        "/team_members",
        &[200, 500],
        &[],
    ));
    let result = run_one(&server.uri(), READ, contracts, Duration::from_secs(5)).await;
    let step = only_step(&result);
    assert_eq!(step.status, StepStatus::Failed);
    assert_eq!(step.failures.len(), 1, "{:?}", step.failures);
    assert_eq!(
        step.failures[0].kind,
        FailureKind::Status {
            expected: 200,
            actual: 500
        }
    );
    assert_eq!(
        step.failures[0].message,
        "status 500 is not the expected 200"
    );
    assert_eq!(
        (
            step.failures[0].expected.as_deref(),
            step.failures[0].actual.as_deref()
        ),
        (Some("200"), Some("500"))
    );
}

#[tokio::test]
async fn a_missing_required_field_is_reported() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([{"id": 3}]))).await;
    let result = judge_members(&server.uri(), READ).await;
    let step = only_step(&result);
    assert_eq!(
        step.failures[0].kind,
        FailureKind::Contract {
            instance_path: "/0".into(),
            schema_path: "/items/required".into()
        }
    );
    assert!(
        step.failures[0]
            .message
            .contains("\"name\" is a required property"),
        "{:?}",
        step.failures
    );
}

#[tokio::test]
async fn an_extra_field_is_reported_and_listed_as_undocumented() {
    let body = json!([{"id": 3, "name": "Carol", "provider": "email"}]);
    let server = serve(ResponseTemplate::new(200).set_body_json(body)).await;
    let result = judge_members(&server.uri(), READ).await;
    let step = only_step(&result);
    assert!(
        matches!(step.failures[0].kind, FailureKind::Contract { .. }),
        "{:?}",
        step.failures
    );
    let rows = rosterwire::drift_rows(&result);
    assert_eq!(rows[0].undocumented_fields, vec!["provider"]);
    assert_eq!(rows[0].schema_mismatches, 1);
}

#[tokio::test]
async fn an_undocumented_status_is_drift_and_fails() {
    let server = serve(ResponseTemplate::new(403).set_body_json(json!({"error": "no"}))).await;
    let yaml = READ.replace("status: 200", "status: 403");
    let result = judge_members(&server.uri(), &yaml).await;
    let step = only_step(&result);
    assert_eq!(
        step.failures[0].kind,
        FailureKind::UndocumentedStatus { status: 403 }
    );
    assert_eq!(
        step.failures[0].message,
        "status 403 is not documented for `list-team-members` (drift)"
    );
}

#[tokio::test]
async fn a_known_defect_is_listed_in_the_drift_table_without_failing() {
    let server = serve(ResponseTemplate::new(403).set_body_json(json!({"error": "no"}))).await;
    let yaml = READ.replace(
        "status: 200",
        "status: 403\n      drift: the docs never mention 403",
    );
    let result = judge_members(&server.uri(), &yaml).await;
    assert!(result.passed(), "{:?}", only_step(&result).failures);
    let table = rosterwire::render_drift_table(&rosterwire::drift_rows(&result), false);
    insta::assert_snapshot!(table, @r"
    drift (operation × status):
    operation                   status  documented  observed  schema  undocumented fields
    chatwoot/list-team-members  403     no          1         0
        known defect: the docs never mention 403
    ");
}

#[tokio::test]
async fn a_known_defect_that_no_longer_happens_fails() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let yaml = READ.replace(
        "status: 200",
        "status: 200\n      drift: the docs never mention 403",
    );
    let result = judge_members(&server.uri(), &yaml).await;
    assert_eq!(
        only_step(&result).failures[0].kind,
        FailureKind::ExpectedDriftMissing
    );
}

#[tokio::test]
async fn a_non_json_body_is_reported_with_its_content_type() {
    let server =
        serve(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html")).await;
    let result = judge_members(&server.uri(), READ).await;
    let step = only_step(&result);
    assert_eq!(step.failures[0].kind, FailureKind::NotJson);
    assert_eq!(
        step.failures[0].message,
        "the body is not JSON (content-type text/html): \"<html>oops</html>\""
    );
}

#[tokio::test]
async fn a_slow_response_is_a_timeout_error() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let result = run_one(
        &server.uri(),
        READ,
        members_contract(),
        Duration::from_millis(300),
    )
    .await;
    let step = only_step(&result);
    assert_eq!(step.status, StepStatus::Errored);
    assert_eq!(step.failures[0].kind, FailureKind::Timeout);
    assert_eq!(step.failures[0].message, "no response within 300 ms");
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            // Read the request head, then close with RST instead of answering.
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            drop(stream);
        }
    });
    let result = run_one(
        &format!("http://{address}"),
        READ,
        Arc::new(NoContracts),
        Duration::from_secs(5),
    )
    .await;
    let step = only_step(&result);
    assert_eq!(step.status, StepStatus::Errored);
    assert_eq!(
        step.failures[0].kind,
        FailureKind::Transport,
        "{}",
        step.failures[0].message
    );
    assert!(
        step.failures[0]
            .message
            .starts_with("the connection broke: "),
        "{}",
        step.failures[0].message
    );
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let result = run_one(
        &format!("http://{address}"),
        READ,
        Arc::new(NoContracts),
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(
        only_step(&result).failures[0].kind,
        FailureKind::Unreachable
    );
    assert!(result.unreachable());
}

#[tokio::test]
async fn a_429_is_retried_with_back_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(MEMBERS))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(MEMBERS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let result = judge_members(&server.uri(), READ).await;
    assert!(result.passed(), "{:?}", only_step(&result).failures);
    assert_eq!(only_step(&result).retries, 2);
}

#[tokio::test]
async fn secrets_never_appear_in_results_even_when_the_server_echoes_them() {
    let body = json!({"echo": "token cw-very-secret-token", "apiKey": "sk-third-party-key"});
    let server = serve(ResponseTemplate::new(500).set_body_json(body)).await;
    let yaml = READ.replace(
        "status: 200",
        "status: 200\n      json:\n        - {pointer: \"\", equals: 1}",
    );
    let result = run_one(
        &server.uri(),
        &yaml,
        Arc::new(NoContracts),
        Duration::from_secs(5),
    )
    .await;
    let json_report = rosterwire::render_json(&result);
    let junit = rosterwire::render_junit(&result);
    let text = rosterwire::render_text(&result, rosterwire::Style { color: false });
    for output in [&json_report, &junit, &text] {
        assert!(!output.contains("cw-very-secret-token"), "{output}");
        assert!(!output.contains("sk-third-party-key"), "{output}");
        assert!(output.contains("[REDACTED]"), "{output}");
    }
}
