//! `rosterwire serve` end to end.

use crate::util::{SEED_SECRETS, ServeProcess, redact_ports};

#[test]
fn serve_prints_the_origin_and_the_three_vendor_base_urls() {
    let server = ServeProcess::start(&["--fidelity", "chatwoot=observed"]);
    insta::assert_snapshot!(redact_ports(&server.banner.join("\n")), @r"
    rosterwire listening on http://127.0.0.1:{PORT}
      chatdash   http://127.0.0.1:{PORT}/v1/public  (fidelity: documented)
      rocketchat http://127.0.0.1:{PORT}  (fidelity: documented)
      chatwoot   http://127.0.0.1:{PORT}  (fidelity: observed)
    ");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let server = ServeProcess::start(&[]);
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn serve_refuses_an_unknown_fidelity_with_exit_code_2() {
    let output = std::process::Command::new(crate::util::binary())
        .args(["serve", "--port", "0", "--fidelity", "chatwoot=real"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--fidelity chatwoot=real: unknown fidelity `real`"),
        "{stderr}"
    );
}

#[test]
fn a_python_client_written_for_the_real_vendors_works_by_changing_only_the_base_url() {
    // The client was written against the real servers, so the mock imitates them.
    let server = ServeProcess::start(&["--fidelity", "observed"]);
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/clients/vendor_clients.py"
    );
    let output = std::process::Command::new("python3")
        .args([script, &server.origin])
        .output()
        .expect("python3 runs (it is part of the CI machine image)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.trim(), "ok: rocketchat, chatwoot, chatdash");
}

/// Runs `tests/clients/<script>` against a fresh `rosterwire serve <serve_args>` with the
/// published client packages that `.ci/install-test-tools` puts in `.ci/.pydeps`; returns stdout.
fn run_published_client(package_marker: &str, script: &str, serve_args: &[&str]) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let pydeps = format!("{root}/.ci/.pydeps");
    assert!(
        std::path::Path::new(&pydeps).join(package_marker).exists(),
        "{pydeps}/{package_marker} is missing: run .ci/install-test-tools"
    );
    let server = ServeProcess::start(serve_args);
    let script = format!("{root}/tests/clients/{script}");
    let output = std::process::Command::new("python3")
        .args([&script, &server.origin, &pydeps])
        .output()
        .expect("python3 runs (.ci/install-test-tools installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn the_published_rocketchat_api_client_creates_fills_and_deletes_a_department() {
    let stdout = run_published_client(
        "rocketchat_API",
        "rocketchat_api_client.py",
        &["--fidelity", "observed"],
    );
    assert_eq!(stdout.trim(), "ok: rocketchat_API");
}

#[test]
fn the_published_chatwoot_python_client_builds_a_sandbox_team_against_serve() {
    // PyPI `chatwoot-python-client`, generated from Chatwoot's swagger. Its base URL ends in
    // `/`, so every path starts with `//` (Rails path normalization).
    let stdout = run_published_client(
        "chatwoot_client/__init__.py",
        "chatwoot_swagger_client.py",
        &["--fidelity", "chatwoot=observed"],
    );
    assert_eq!(
        stdout.trim(),
        "ok: chatwoot-python-client 1.0.0.18: teams, team members, agents"
    );
}

/// Sends one Chatwoot PATCH (with a token), one Rocket.Chat GET with a credential in the
/// query and one admin GET, then stops the server and returns its stderr.
fn log_of_two_requests(extra: &[&str], log_level: Option<&str>) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("serve.log");
    let server = ServeProcess::start_default_logging(extra, log_level, &log);
    let raw = "PATCH /api/v1/accounts/1/teams/2/team_members HTTP/1.1\r\nHost: localhost\r\n\
               Connection: close\r\napi_access_token: cw-acme-admin-token\r\n\
               Content-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"user_ids\":[3]}";
    let (answer, _) = crate::util::raw_exchange(&server.origin, raw);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let get = crate::util::raw_get(
        "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents?count=1&authToken=rc-admin-token-9f2c1e7b4d",
        "X-User-Id: adminKq3Lw8ZpR2xT\r\nX-Auth-Token: rc-admin-token-9f2c1e7b4d\r\n",
    );
    let _ = crate::util::raw_exchange(&server.origin, &get);
    let health = crate::util::raw_get("/__admin/health", "");
    let _ = crate::util::raw_exchange(&server.origin, &health);
    assert!(server.terminate().success());
    std::fs::read_to_string(&log).expect("the log")
}

#[test]
fn serve_logs_one_line_per_request_at_the_default_level_without_secrets() {
    let log = log_of_two_requests(&["--color", "never"], None);
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("answered")).collect();
    assert_eq!(lines.len(), 3, "{log}");
    for field in [
        " INFO ",
        "vendor=\"chatwoot\"",
        "method=PATCH",
        "path=/api/v1/accounts/1/teams/2/team_members",
        "status=200",
        "provenance=\"documented\"",
        "duration_ms=",
    ] {
        assert!(lines[0].contains(field), "{field} missing in: {}", lines[0]);
    }
    assert!(lines[1].contains("vendor=\"rocketchat\""), "{}", lines[1]);
    assert!(
        lines[1].contains("count=1&authToken=[REDACTED]"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("vendor=\"admin\""), "{}", lines[2]);
    assert!(
        lines[2].contains("path=/__admin/health status=200"),
        "{}",
        lines[2]
    );
    for secret in SEED_SECRETS {
        assert!(!log.contains(secret), "{secret} leaked: {log}");
    }
}

#[test]
fn a_level_above_info_hides_the_request_lines() {
    let log = log_of_two_requests(&[], Some("warn"));
    assert!(!log.contains("answered"), "{log}");
}

#[rstest::rstest]
#[case::never(&["--color", "never"], false)]
#[case::auto_into_a_file(&[], false)]
#[case::always(&["--color", "always"], true)]
fn colour_follows_the_flag_and_the_terminal(#[case] extra: &[&str], #[case] escapes: bool) {
    let log = log_of_two_requests(extra, None);
    assert!(log.contains("answered"), "{log}");
    assert_eq!(log.contains('\u{1b}'), escapes, "{log}");
}

/// A body over `--max-body` is a 413 in the vendor's shape, and the contracts list that status
/// (assumed: no vendor document gives a limit), so the per-profile OpenAPI exports describe it.
#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_limit_is_a_413_that_the_contracts_list() {
    let server = ServeProcess::start(&["--max-body", "64"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let contracts = rosterwire::Contracts::load(&root.join("contracts")).unwrap();
    let body = format!(r#"{{"user_ids":[{}1]}}"#, "1,".repeat(64));
    let cw = ("api_access_token", "cw-acme-admin-token");
    let rc = [
        ("X-User-Id", "adminKq3Lw8ZpR2xT"),
        ("X-Auth-Token", "rc-admin-token-9f2c1e7b4d"),
    ];
    let members = "/api/v1/accounts/1/teams/1/team_members";
    let department = "/api/v1/livechat/department/BiqbQav59HD2LzXEY";
    let cases = [
        (
            "PATCH",
            members.to_owned(),
            vec![cw],
            "chatwoot",
            "update-team-members",
        ),
        (
            "POST",
            members.to_owned(),
            vec![cw],
            "chatwoot",
            "add-team-members",
        ),
        (
            "GET",
            "/api/v1/accounts/1/teams/1".to_owned(),
            vec![cw],
            "chatwoot",
            "get-team",
        ),
        (
            "POST",
            format!("{department}/agents"),
            rc.to_vec(),
            "rocketchat",
            "update-department-agents",
        ),
        (
            "GET",
            department.to_owned(),
            rc.to_vec(),
            "rocketchat",
            "get-department",
        ),
    ];
    for (method, path, headers, vendor, operation) in cases {
        let mut request = crate::util::client()
            .request(method.parse().unwrap(), format!("{}{path}", server.origin))
            .header("content-type", "application/json")
            .body(body.clone());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 413, "{method} {path}");
        let json: serde_json::Value = response.json().await.unwrap();
        let verdict = contracts
            .get(vendor, operation)
            .unwrap()
            .validate_response(413, &json);
        assert_eq!(
            verdict,
            rosterwire::ResponseVerdict::Conforms,
            "{method} {path}: {json}"
        );
    }
}
