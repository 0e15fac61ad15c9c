//! `rosterwire world dump|check`, end to end.

use std::process::Command;

use crate::util::binary;

#[test]
fn world_dump_prints_the_seed_world_that_world_check_accepts() {
    let dump = Command::new(binary())
        .args(["world", "dump"])
        .output()
        .unwrap();
    assert_eq!(dump.status.code(), Some(0));
    let text = String::from_utf8(dump.stdout).unwrap();
    assert_eq!(text, rosterwire_mock::World::seed().to_json_pretty());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.json");
    std::fs::write(&path, &text).unwrap();
    let check = Command::new(binary())
        .args(["world", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).ends_with(": ok\n"));
}

#[test]
fn world_check_names_the_pointer_of_a_bad_world_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, r#"{"description": ["not", "text"]}"#).unwrap();
    let check = Command::new(binary())
        .args(["world", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("invalid world at /description"), "{stderr}");
}

#[test]
fn world_dump_of_a_missing_file_is_exit_code_2() {
    let check = Command::new(binary())
        .args(["world", "dump", "/no/such/world.json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("cannot read world file"));
}

#[rstest::rstest]
#[case::top_level_array("[]", "invalid world at /: ")]
#[case::vendor_array(r#"{"chatdash": []}"#, "invalid world at /chatdash")]
#[case::nested_array(
    r#"{"chatwoot": {"accounts": [[1, "Acme", "active"]]}}"#,
    "invalid world at /chatwoot/accounts/0"
)]
fn world_check_refuses_an_array_where_the_format_says_object(
    #[case] document: &str,
    #[case] expected: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("positional.json");
    std::fs::write(&path, document).unwrap();
    let check = Command::new(binary())
        .args(["world", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains(&*path.to_string_lossy()), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(stderr.contains("expected a JSON object"), "{stderr}");
}
