//! An installed binary works anywhere: run from an empty folder, `check` uses the scenarios,
//! snapshots and contracts compiled into it and writes no file anywhere; `scenarios export`
//! gives a folder `check --scenarios` runs; `contracts openapi` needs no checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{ServeProcess, binary};

/// The repository's own scenarios folder (the build checkout), to prove it is left alone.
fn repo_scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every file under `dir` with its bytes (empty for a missing folder).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// `rosterwire <args>` run in `dir`, as a user would (no `CI`: snapshots would be written
/// where writing is allowed).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .env_remove("CI")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn check_from_an_empty_folder_passes_with_the_built_in_scenarios_and_writes_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let before = tree(&repo_scenarios());
    let output = run_in(empty.path(), &["check", "--color", "never"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("0 failed"), "{}", text(&output));
    assert_eq!(tree(empty.path()), BTreeMap::new());
    assert!(
        tree(&repo_scenarios()) == before,
        "the checkout's scenarios/ changed"
    );
}

#[test]
fn exported_scenarios_are_a_folder_check_runs() {
    let empty = tempfile::tempdir().unwrap();
    let output = run_in(empty.path(), &["scenarios", "export", "mine"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let exported = empty.path().join("mine");
    for file in [
        "README.md",
        "targets/builtin.toml",
        "chatwoot/read.yaml",
        "chatwoot/snapshots/read__team.snap",
    ] {
        assert!(exported.join(file).is_file(), "{file} was not exported");
    }
    // The same files as the checkout ships (no pending snapshots).
    let shipped: Vec<PathBuf> = tree(&repo_scenarios())
        .into_keys()
        .filter(|p| !p.to_string_lossy().ends_with(".snap.new"))
        .map(|p| p.strip_prefix(repo_scenarios()).unwrap().to_owned())
        .collect();
    let written: Vec<PathBuf> = tree(&exported)
        .into_keys()
        .map(|p| p.strip_prefix(&exported).unwrap().to_owned())
        .collect();
    assert_eq!(written, shipped);
    let again = run_in(empty.path(), &["scenarios", "export", "mine"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    let forced = run_in(empty.path(), &["scenarios", "export", "mine", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));

    let check = run_in(
        empty.path(),
        &["check", "--color", "never", "--scenarios", "mine"],
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
}

#[test]
fn contracts_openapi_and_lint_work_from_an_empty_folder_and_derive_names_what_is_missing() {
    let empty = tempfile::tempdir().unwrap();
    let output = run_in(empty.path(), &["contracts", "openapi"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let lint = run_in(empty.path(), &["contracts", "lint", "--format", "json"]);
    assert_eq!(lint.status.code(), Some(0), "{}", text(&lint));
    let derive = run_in(empty.path(), &["contracts", "derive"]);
    assert_eq!(derive.status.code(), Some(2), "{}", text(&derive));
    let message = String::from_utf8_lossy(&derive.stderr).into_owned();
    let missing = empty.path().join("fixtures/vendor-docs");
    assert!(
        message.contains(&missing.display().to_string()) && message.contains("--docs"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(tree(empty.path()), BTreeMap::new());
}

#[test]
fn a_built_in_snapshot_mismatch_is_reported_with_its_diff_and_writes_nothing() {
    // A server whose Rocket.Chat "Sales" department is disabled: its agents read back with
    // `departmentEnabled: false`, which the snapshot of the seed's department does not say.
    let worlds = tempfile::tempdir().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/worlds/default.json");
    let mut world: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed).unwrap()).unwrap();
    world["rocketchat"]["departments"][0]["enabled"] = false.into();
    for record in world["rocketchat"]["departmentAgents"]
        .as_array_mut()
        .unwrap()
    {
        record["departmentEnabled"] = false.into();
    }
    let world_file = worlds.path().join("world.json");
    std::fs::write(&world_file, world.to_string()).unwrap();
    let server = ServeProcess::start(&["--world", world_file.to_str().unwrap()]);

    let empty = tempfile::tempdir().unwrap();
    let before = tree(&repo_scenarios());
    let output = run_in(
        empty.path(),
        &[
            "check",
            "--color",
            "never",
            "--target",
            &server.origin,
            "--vendor",
            "rocketchat",
            "--no-sandbox",
        ],
    );
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.contains("the body differs from snapshot `upsert-remove__after-upsert`"),
        "{all}"
    );
    assert!(
        all.contains("+      \"departmentEnabled\": false,"),
        "{all}"
    );
    assert!(
        all.contains(
            "built-in scenarios: run `rosterwire scenarios export DIR` to keep and update snapshots"
        ),
        "{all}"
    );
    assert!(!all.contains(".snap.new"), "{all}");
    assert_eq!(tree(empty.path()), BTreeMap::new());
    assert!(
        tree(&repo_scenarios()) == before,
        "the checkout's scenarios/ changed"
    );
    drop(server);
}

#[test]
fn updating_snapshots_needs_a_scenarios_folder() {
    let empty = tempfile::tempdir().unwrap();
    let output = run_in(empty.path(), &["check", "--update-snapshots", "always"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("rosterwire scenarios export DIR"),
        "{}",
        text(&output)
    );
    assert_eq!(tree(empty.path()), BTreeMap::new());
}
