//! Schemathesis against the built-in mock, once per fidelity profile: the profile's OpenAPI
//! export (`contracts openapi --profile P`) must describe every status, body and content type
//! that `serve --fidelity P` answers. Schemathesis is installed by `.ci/run` into `.ci/.venv`.

use std::path::{Path, PathBuf};
use std::process::Command;

use rstest::rstest;

use crate::util::{ServeProcess, binary};

/// Where `.ci/run` installs Schemathesis (or `ROSTERWIRE_SCHEMATHESIS`).
fn schemathesis() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ROSTERWIRE_SCHEMATHESIS") {
        return Some(PathBuf::from(path));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/.venv/bin/st");
    path.is_file().then_some(path)
}

/// The seed world's credentials (`scenarios/targets/builtin.toml`), sent on every request so
/// Schemathesis reaches past the 401s: each vendor reads only its own header.
const SEED_HEADERS: [&str; 4] = [
    "api_access_token: cw-acme-admin-token",
    "Authorization: cd-agency-key-7f3a9b",
    "X-User-Id: adminKq3Lw8ZpR2xT",
    "X-Auth-Token: rc-admin-token-9f2c1e7b4d",
];

#[rstest]
#[case::documented("documented")]
#[case::observed("observed")]
fn schemathesis_finds_no_failure_against_the_profiles_export(#[case] profile: &str) {
    let Some(st) = schemathesis() else {
        eprintln!(
            "SKIPPED: Schemathesis is not installed (run .ci/run, which installs it into .ci/.venv, \
             or set ROSTERWIRE_SCHEMATHESIS to an `st` binary)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let export = dir.path().join(format!("openapi.{profile}.json"));
    let status = Command::new(binary())
        .args(["contracts", "openapi", "--profile", profile, "--output"])
        .arg(&export)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_LOG", "warn")
        .status()
        .expect("rosterwire runs");
    assert!(status.success(), "contracts openapi --profile {profile}");
    let server = ServeProcess::start(&["--fidelity", profile]);
    let mut command = Command::new(&st);
    command
        .arg("run")
        .arg(&export)
        .args(["--url", &server.origin])
        .args([
            "--checks",
            "status_code_conformance,response_schema_conformance,content_type_conformance",
        ])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", "10", "--seed", "1", "--workers", "1"]);
    for header in SEED_HEADERS {
        command.args(["-H", header]);
    }
    // Schemathesis writes its cache (.schemathesis/) into the working directory.
    let output = command
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("Schemathesis runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Schemathesis found failures against `serve --fidelity {profile}`:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Operations:"), "{stdout}");
}
