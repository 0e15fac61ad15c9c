//! `rosterwire contracts` end to end: derive (and its staleness check), lint, openapi, and the
//! committed contracts as data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rstest::rstest;
use serde_json::Value;

use crate::util::binary;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn contracts(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .arg("contracts")
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("rosterwire runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temp copy of `fixtures/vendor-docs/` and `contracts/`, to edit freely.
fn temp_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &root().join("fixtures/vendor-docs"),
        &dir.path().join("fixtures/vendor-docs"),
    );
    copy_tree(&root().join("contracts"), &dir.path().join("contracts"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every `*.schema.json` under `contracts/`, sorted.
fn schema_files() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root().join("contracts")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(".schema.json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn derive_check_passes_on_the_committed_contracts() {
    let output = contracts(root(), &["derive", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("contract file(s) are up to date"));
}

#[rstest]
#[case::an_edited_schema(
    "chatwoot/get-team/response.200.schema.json",
    Some("{}\n"),
    "chatwoot/get-team/response.200.schema.json: differs from a fresh derivation"
)]
#[case::an_edited_index(
    "index.json",
    Some("{\"operations\": []}\n"),
    "index.json: differs from a fresh derivation"
)]
#[case::a_deleted_schema(
    "rocketchat/update-department-agents/response.400.schema.json",
    None,
    "rocketchat/update-department-agents/response.400.schema.json: missing"
)]
#[case::an_extra_file(
    "chatwoot/get-team/response.418.schema.json",
    Some("{}\n"),
    "chatwoot/get-team/response.418.schema.json: not produced by a fresh derivation"
)]
fn derive_check_fails_naming_a_stale_file(
    #[case] file: &str,
    #[case] content: Option<&str>,
    #[case] expected: &str,
) {
    let dir = temp_copy();
    let path = dir.path().join("contracts").join(file);
    match content {
        Some(content) => std::fs::write(&path, content).unwrap(),
        None => std::fs::remove_file(&path).unwrap(),
    }
    let output = contracts(dir.path(), &["derive", "--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
}

#[test]
fn derive_check_fails_when_a_vendor_document_changes() {
    let dir = temp_copy();
    let doc = dir
        .path()
        .join("fixtures/vendor-docs/000_e3bda07a8e530ff9.txt");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("An unexpected error occurred", "Oops")).unwrap();
    let output = contracts(dir.path(), &["derive", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("chatdash/assign-agents/response.500.schema.json: differs"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn derive_rewrites_the_committed_contracts_byte_for_byte_and_removes_stale_files() {
    let dir = temp_copy();
    let stale = dir
        .path()
        .join("contracts/chatwoot/get-team/response.418.schema.json");
    std::fs::write(&stale, "{}").unwrap();
    std::fs::remove_file(dir.path().join("contracts/index.json")).unwrap();
    let output = contracts(dir.path(), &["derive"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stale.exists());
    let check = contracts(dir.path(), &["derive", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        std::fs::read(dir.path().join("contracts/index.json")).unwrap(),
        std::fs::read(root().join("contracts/index.json")).unwrap()
    );
    insta::assert_snapshot!(stderr(&output), @r"
    000_e3bda07a8e530ff9.txt: chatdash/assign-agents
    001_e857b2ad21adaad3.txt: no contract found
    002_95bc54d6468f1b77.txt: no contract found
    003_c51b8cda4cd23625.txt: chatwoot/update-team-members
    004_d1a8fad9cfb0cc57.txt: rocketchat/update-department-agents
    wrote 87 file(s) to contracts
    ");
}

#[test]
fn a_malformed_overlay_is_bad_input_with_exit_code_2() {
    let dir = temp_copy();
    std::fs::write(
        dir.path().join("contracts/overlays/chatdash.yaml"),
        "vendor: chatdash\noperations: [\n",
    )
    .unwrap();
    let output = contracts(dir.path(), &["derive", "--check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("chatdash.yaml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_contract_schema_is_a_valid_2020_12_schema_with_id_title_and_provenance() {
    let files = schema_files();
    assert_eq!(files.len(), 74);
    for path in files {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path.display();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        jsonschema::draft202012::meta::validate(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        let validator =
            jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            schema["$id"].as_str().unwrap().ends_with(
                &*path
                    .strip_prefix(root().join("contracts"))
                    .unwrap()
                    .to_string_lossy()
            ),
            "{name}"
        );
        assert!(schema["title"].is_string(), "{name}");
        let provenance = schema["x-rosterwire"]["provenance"].as_str().unwrap();
        assert!(
            ["documented", "observed", "assumed"].contains(&provenance),
            "{name}"
        );
        assert!(schema["x-rosterwire"]["source"].is_object(), "{name}");
        for example in schema["examples"].as_array().into_iter().flatten() {
            assert!(
                validator.is_valid(example),
                "{name}: its own example {example} fails it"
            );
        }
    }
}

#[test]
fn lint_reports_the_known_documentation_defects_as_a_table() {
    let output = contracts(root(), &["lint"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("lint_table", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn lint_reports_the_known_documentation_defects_as_json() {
    let output = contracts(root(), &["lint", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!("lint_json", report);
}

#[test]
fn openapi_exports_every_operation_with_non_documented_statuses_marked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("openapi.json");
    let output = contracts(root(), &["openapi", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let marked: Vec<String> = operation["responses"]
                .as_object()
                .unwrap()
                .iter()
                .filter_map(|(status, r)| {
                    r["x-rosterwire-provenance"]
                        .as_str()
                        .map(|p| format!("{status}={p}"))
                })
                .collect();
            operations.push(format!(
                "{} {method} {path} [{}]",
                operation["operationId"].as_str().unwrap(),
                marked.join(" ")
            ));
        }
    }
    operations.sort();
    insta::assert_snapshot!(operations.join("\n"), @r"
    chatdash.assign-agents put /v1/public/agents/assign [400=assumed 401=assumed 404=assumed 409=assumed 413=assumed]
    chatdash.get-agent get /v1/public/agents/{agentId} [401=assumed 404=assumed]
    chatdash.list-agents get /v1/public/agents [401=assumed]
    chatdash.unassign-agent put /v1/public/agents/{agentId}/unassign [400=assumed 401=assumed 404=assumed 409=assumed 413=assumed]
    chatwoot.add-team-members post /api/v1/accounts/{account_id}/teams/{team_id}/team_members [200=assumed 400=observed 401=observed 403=assumed 404=assumed 413=assumed 422=assumed 500=observed]
    chatwoot.get-team get /api/v1/accounts/{account_id}/teams/{team_id} [200=observed 400=observed 401=observed 404=assumed 413=assumed]
    chatwoot.list-team-members get /api/v1/accounts/{account_id}/teams/{team_id}/team_members [200=assumed 400=observed 401=observed 404=assumed 413=assumed]
    chatwoot.remove-team-members delete /api/v1/accounts/{account_id}/teams/{team_id}/team_members [200=observed 400=observed 401=observed 403=assumed 404=assumed 413=assumed 422=assumed 500=observed]
    chatwoot.update-team-members patch /api/v1/accounts/{account_id}/teams/{team_id}/team_members [400=observed 401=observed 413=assumed 500=observed]
    rocketchat.get-department get /api/v1/livechat/department/{_id} [200=observed 401=observed 403=observed 413=assumed]
    rocketchat.list-department-agents get /api/v1/livechat/department/{_id}/agents [200=observed 400=observed 401=observed 403=observed 413=assumed]
    rocketchat.update-department-agents post /api/v1/livechat/department/{_id}/agents [400=observed 413=assumed]
    ");
}
