//! `rosterwire serve` end to end.

use crate::util::{ServeProcess, redact_ports};

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
