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

#[test]
fn the_published_chatwoot_python_client_builds_a_sandbox_team_against_serve() {
    // PyPI `chatwoot-python-client`, generated from Chatwoot's swagger, installed by `.ci/run`.
    // Its base URL ends in `/`, so every path starts with `//` (Rails path normalization).
    let root = env!("CARGO_MANIFEST_DIR");
    let pydeps = format!("{root}/.ci/.pydeps");
    assert!(
        std::path::Path::new(&pydeps)
            .join("chatwoot_client/__init__.py")
            .is_file(),
        "{pydeps} lacks chatwoot_client: run the `pip install --target .ci/.pydeps` line of .ci/run"
    );
    let server = ServeProcess::start(&["--fidelity", "chatwoot=observed"]);
    let script = format!("{root}/tests/clients/chatwoot_swagger_client.py");
    let output = std::process::Command::new("python3")
        .args([&script, &server.origin, &pydeps])
        .output()
        .expect("python3 runs (.ci/run installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.trim(),
        "ok: chatwoot-python-client 1.0.0.18: teams, team members, agents"
    );
}
