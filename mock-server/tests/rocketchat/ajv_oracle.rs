//! Generation B against Rocket.Chat's own validator: a table of bodies goes through
//! `isLivechatDepartmentDepartmentIdAgentsPOSTProps` from the npm package
//! `@rocket.chat/rest-typings` 8.8.1 (run by node, `oracle/ajv_oracle.mjs`, after the router's
//! own body parsing) and through the mock; the mock must refuse exactly the bodies the validator
//! refuses, with the same `… [invalid-params]` text.
//!
//! Needs `node` and the package, which `.ci/run` installs into `.ci/.npm/`. Without them the
//! test fails under CI (`CI` set) and is skipped with a message elsewhere.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::*;

/// The bodies: valid ones, scalars, missing keys, extra keys, wrong types, coercible strings,
/// and what JavaScript's `JSON.parse` reads differently from serde_json.
fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let item = |extra: &str| {
        format!(r#"{{"upsert":[{{"agentId":"{ANA}","username":"agent.ana"{extra}}}],"remove":[]}}"#)
            .into_bytes()
    };
    let removal = |extra: &str| {
        format!(r#"{{"upsert":[],"remove":[{{"agentId":"{KIM}","username":"agent.kim"{extra}}}]}}"#)
            .into_bytes()
    };
    vec![
        ("valid empty", br#"{"upsert":[],"remove":[]}"#.to_vec()),
        ("valid upsert", item("")),
        (
            "valid upsert all keys",
            item(r#","name":"Ana","count":3,"order":-1"#),
        ),
        (
            "valid remove all keys",
            removal(
                r#","name":"K","count":1,"order":2,"departmentEnabled":true,"departmentId":"x","_id":"y","_updatedAt":"z""#,
            ),
        ),
        ("empty body", b"".to_vec()),
        ("empty object", b"{}".to_vec()),
        ("null", b"null".to_vec()),
        ("number", b"5".to_vec()),
        ("string", br#""upsert""#.to_vec()),
        ("empty string", br#""""#.to_vec()),
        ("true", b"true".to_vec()),
        ("array", b"[]".to_vec()),
        (
            "array of objects",
            br#"[{"upsert":[],"remove":[]}]"#.to_vec(),
        ),
        ("malformed", br#"{"upsert":["#.to_vec()),
        ("only upsert", br#"{"upsert":[]}"#.to_vec()),
        ("only remove", br#"{"remove":[]}"#.to_vec()),
        (
            "extra top-level key",
            br#"{"upsert":[],"remove":[],"foo":1}"#.to_vec(),
        ),
        (
            "proto key",
            br#"{"upsert":[],"remove":[],"__proto__":{}}"#.to_vec(),
        ),
        (
            "integer-like key",
            br#"{"upsert":[],"remove":[],"0":1}"#.to_vec(),
        ),
        (
            "duplicate key, last wins",
            br#"{"upsert":[],"remove":[],"upsert":"x"}"#.to_vec(),
        ),
        ("upsert string", br#"{"upsert":"x","remove":[]}"#.to_vec()),
        ("upsert object", br#"{"upsert":{},"remove":[]}"#.to_vec()),
        ("upsert null", br#"{"upsert":null,"remove":[]}"#.to_vec()),
        (
            "both wrong, schema order",
            br#"{"remove":"x","upsert":"y"}"#.to_vec(),
        ),
        ("item string", br#"{"upsert":["x"],"remove":[]}"#.to_vec()),
        ("item null", br#"{"upsert":[null],"remove":[]}"#.to_vec()),
        ("item array", br#"{"upsert":[[]],"remove":[]}"#.to_vec()),
        (
            "item without agentId",
            br#"{"upsert":[{}],"remove":[]}"#.to_vec(),
        ),
        (
            "upsert without username",
            format!(r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#).into_bytes(),
        ),
        (
            "remove without username",
            format!(r#"{{"upsert":[],"remove":[{{"agentId":"{KIM}"}}]}}"#).into_bytes(),
        ),
        ("upsert extra key", item(r#","departmentEnabled":true"#)),
        ("remove extra key", removal(r#","foo":1"#)),
        ("count numeric string", item(r#","count":"5""#)),
        ("count padded string", item(r#","count":" 5 ""#)),
        ("count hex string", item(r#","count":"0x10""#)),
        ("count empty string", item(r#","count":"""#)),
        ("count word", item(r#","count":"abc""#)),
        ("count null", item(r#","count":null"#)),
        ("count true", item(r#","count":true"#)),
        ("count array", item(r#","count":[5]"#)),
        ("count fraction", item(r#","count":1.5"#)),
        ("count exponent", item(r#","count":1.0e2"#)),
        ("count Infinity string", item(r#","count":"Infinity""#)),
        ("count 1e400", item(r#","count":1e400"#)),
        ("order -1e400", item(r#","order":-1e400"#)),
        ("name number", item(r#","name":5"#)),
        (
            "agentId number",
            br#"{"upsert":[{"agentId":5,"username":"u"}],"remove":[]}"#.to_vec(),
        ),
        (
            "agentId 1e400",
            br#"{"upsert":[{"agentId":1e400,"username":"u"}],"remove":[]}"#.to_vec(),
        ),
        (
            "agentId null",
            br#"{"upsert":[{"agentId":null,"username":"u"}],"remove":[]}"#.to_vec(),
        ),
        (
            "agentId array",
            br#"{"upsert":[{"agentId":[],"username":"u"}],"remove":[]}"#.to_vec(),
        ),
        (
            "agentId object",
            br#"{"upsert":[{"agentId":{},"username":"u"}],"remove":[]}"#.to_vec(),
        ),
        (
            "username boolean",
            br#"{"upsert":[{"agentId":"a","username":false}],"remove":[]}"#.to_vec(),
        ),
        (
            "departmentEnabled string true",
            removal(r#","departmentEnabled":"true""#),
        ),
        ("departmentEnabled 1", removal(r#","departmentEnabled":1"#)),
        ("departmentEnabled 2", removal(r#","departmentEnabled":2"#)),
        (
            "departmentEnabled null",
            removal(r#","departmentEnabled":null"#),
        ),
        (
            "departmentEnabled yes",
            removal(r#","departmentEnabled":"yes""#),
        ),
        ("_id deep", removal(&format!(r#","_id":{}"#, deep(1_000)))),
        (
            "one BOM",
            b"\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec(),
        ),
        (
            "two BOMs",
            b"\xEF\xBB\xBF\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec(),
        ),
        (
            "three BOMs",
            b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec(),
        ),
        (
            "no-break space",
            "\u{a0}{\"upsert\":[],\"remove\":[]}".as_bytes().to_vec(),
        ),
        (
            "raw tab in string",
            b"{\"upsert\":[{\"agentId\":\"a\tb\",\"username\":\"u\"}],\"remove\":[]}".to_vec(),
        ),
        (
            "invalid UTF-8 in string",
            b"{\"upsert\":[{\"agentId\":\"\xff\",\"username\":\"u\"}],\"remove\":[]}".to_vec(),
        ),
        (
            "lone surrogate value",
            br#"{"upsert":[{"agentId":"\ud800","username":"\udfff"}],"remove":[]}"#.to_vec(),
        ),
        (
            "lone surrogate key",
            br#"{"upsert":[],"remove":[],"\ud800":1}"#.to_vec(),
        ),
        (
            "leading zero",
            br#"{"upsert":[],"remove":[],"x":01}"#.to_vec(),
        ),
        (
            "nesting 300 levels",
            format!(r#"{{"upsert":[],"remove":{}}}"#, deep(300)).into_bytes(),
        ),
        (
            "nesting 100000 levels",
            format!(r#"{{"upsert":[],"remove":{}}}"#, deep(100_000)).into_bytes(),
        ),
        (
            "nesting 100000 levels, broken",
            format!(
                r#"{{"upsert":[],"remove":{}1,{}}}"#,
                "[".repeat(100_000),
                "]".repeat(100_000)
            )
            .into_bytes(),
        ),
    ]
}

/// `Some(path)` of the installed package, or `None` (after saying why) when the test cannot run.
fn oracle_available() -> Option<PathBuf> {
    let typings = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../.ci/.npm/node_modules/@rocket.chat/rest-typings");
    let node = Command::new("node").arg("--version").output();
    let missing = if node.is_err() {
        Some("`node` is not on PATH")
    } else if !typings.join("dist/v1/omnichannel.js").is_file() {
        Some("@rocket.chat/rest-typings is not in .ci/.npm")
    } else {
        None
    };
    match missing {
        None => Some(typings),
        Some(why) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{why}: .ci/run installs it (see its rest-typings step)"
            );
            eprintln!("skipped: {why}; run the rest-typings step of .ci/run to enable this test");
            None
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn generation_b_refuses_exactly_what_rocket_chats_validator_refuses() {
    let Some(typings) = oracle_available() else {
        return;
    };
    let bodies = bodies();
    let input = json!({
        "typings": typings,
        "bodies": bodies.iter().map(|(_, body)| hex(body)).collect::<Vec<_>>(),
    });
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/rocketchat/oracle/ajv_oracle.mjs");
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(verdicts.len(), bodies.len());

    let mut mismatches = Vec::new();
    for ((name, body), verdict) in bodies.iter().zip(&verdicts) {
        for fidelity in [Fidelity::Observed, Fidelity::Documented] {
            let engine = engine_with(fidelity, RocketChatValidation::Ajv);
            let response = Call::post(SUPPORT)
                .raw("application/json", body)
                .send(&engine);
            let answer = body_json(&response);
            let refused_by_ajv = answer["errorType"] == "invalid-params";
            let expected_valid = verdict["valid"].as_bool().unwrap();
            let matches = if expected_valid {
                !refused_by_ajv
            } else {
                refused_by_ajv
                    && response.status == StatusCode::BAD_REQUEST
                    && answer["error"] == verdict["error"]
            };
            if !matches {
                mismatches.push(format!(
                    "{name} ({fidelity:?}): validator {verdict}, mock {} {}",
                    response.status,
                    response.body_text()
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The table exercises both outcomes.
    let valid = verdicts.iter().filter(|v| v["valid"] == true).count();
    assert!(
        valid > 10 && valid < verdicts.len() - 10,
        "{valid} of {}",
        verdicts.len()
    );
}
