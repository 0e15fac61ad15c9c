//! `rosterwire check --compare builtin`: the same scenarios on a target and on the built-in mock
//! (observed profile, the target's world pulled in-process), compared step by step.
//!
//! (a) A fake ChatDash staging (wiremock, the mock's own ChatDash behind it) with five planted
//! deviations — a status, a content type, a key order, a JSON type and an error text — each
//! found, and nothing else. (b) `rosterwire serve` in the documented profile: the known
//! documented-vs-observed differences are found. (c) `rosterwire serve` in the observed
//! profile with the same world: no difference, exit 0 even with `--fail-on-difference`.

use std::collections::BTreeSet;
use std::path::Path;

use rosterwire_mock::adapter::wiremock::{VendorResponder, engine_request};
use rosterwire_mock::{Fidelity, FidelityProfile, MockConfig, VendorName, World};
use serde_json::Value;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::staging::{ENV, rosterwire};
use crate::util::ServeProcess;

const FOREIGN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/worlds/foreign.json");

/// `targets init` for `vendors` at `origin`; the file's text.
fn targets_init(origin: &str, vendors: &[&str], file: &Path) -> String {
    let mut args = vec!["targets", "init"];
    for v in vendors {
        args.extend(["--vendor", v, "--base-url", origin]);
    }
    args.extend(["--out", file.to_str().unwrap()]);
    let out = rosterwire(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(file).unwrap()
}

/// `check --compare builtin` on target `staging` of `targets`, plus `extra`: the exit code,
/// stdout, and the JSON report.
fn compare(targets: &Path, extra: &[&str]) -> (Option<i32>, String, Value) {
    let report = targets.with_file_name("report.json");
    let report_arg = format!("json={}", report.display());
    let mut args = vec![
        "check",
        "--targets",
        targets.to_str().unwrap(),
        "--target",
        "staging",
        "--compare",
        "builtin",
        "--report",
        &report_arg,
    ];
    args.extend(extra);
    let out = rosterwire(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let text = std::fs::read_to_string(&report).unwrap_or_else(|_| {
        panic!(
            "no report: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code(),
        stdout,
        serde_json::from_str(&text).unwrap(),
    )
}

/// `(scenario, step, aspect, pointer)` of every difference.
fn differences(report: &Value) -> BTreeSet<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    report["comparison"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|step| {
            step["differences"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |d| {
                    (
                        s(&step["scenario"]),
                        s(&step["step"]),
                        s(&d["aspect"]),
                        s(&d["pointer"]),
                    )
                })
        })
        .collect()
}

/// One planted deviation from the mock's answer.
#[derive(Debug, Clone, Copy)]
enum Plant {
    Status(u16),
    ContentType(&'static str),
    ReverseKeys,
    WrapInArray(&'static str),
    ErrorText(&'static str),
}

/// The mock's ChatDash answer, changed by one plant (state shared with the unchanged routes).
struct Planted {
    chatdash: VendorResponder,
    plant: Plant,
}

impl Respond for Planted {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.chatdash.engine().handle(&engine_request(request));
        let mut status = answer.status.as_u16();
        let mut content_type = answer.content_type.unwrap().to_owned();
        let mut body: Value = serde_json::from_slice(&answer.body).unwrap();
        match self.plant {
            Plant::Status(s) => status = s,
            Plant::ContentType(c) => content_type = c.to_owned(),
            Plant::ReverseKeys => {
                let pairs: Vec<(String, Value)> = body
                    .as_object()
                    .unwrap()
                    .clone()
                    .into_iter()
                    .rev()
                    .collect();
                body = Value::Object(pairs.into_iter().collect());
            }
            Plant::WrapInArray(key) => body[key] = Value::Array(vec![body[key].take()]),
            Plant::ErrorText(text) => body["error"] = Value::from(text),
        }
        let mut template = ResponseTemplate::new(status);
        for (name, value) in answer.headers {
            template = template.insert_header(name.as_str(), *value);
        }
        template.set_body_raw(serde_json::to_vec(&body).unwrap(), &content_type)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_planted_deviation_of_a_fake_staging_is_found_and_nothing_else() {
    // Arrange: ChatDash over the foreign world, observed, behind wiremock.
    let world = World::from_file(Path::new(FOREIGN)).unwrap();
    let config = MockConfig::new()
        .with_world(world)
        .with_fidelity(FidelityProfile::all(Fidelity::Observed));
    let chatdash = VendorResponder::new(VendorName::ChatDash, &config).unwrap();
    let server = MockServer::start().await;
    Mock::given(path_regex("^/v1/public/"))
        .respond_with(chatdash.clone())
        .with_priority(10)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("staging.toml");
    let text = targets_init(&server.uri(), &["chatdash"], &targets);
    let toml: toml::Table = toml::from_str(&text).unwrap();
    let var = |name: &str| {
        toml["targets"]["staging"]["chatdash"]["vars"][name]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let plant = |plant| Planted {
        chatdash: chatdash.clone(),
        plant,
    };
    let plants = [
        Mock::given(method("GET"))
            .and(path(format!(
                "/v1/public/agents/{}",
                var("missing_agent_id")
            )))
            .respond_with(plant(Plant::Status(410))),
        Mock::given(method("GET"))
            .and(path("/v1/public/agents"))
            .and(|r: &Request| !r.headers.contains_key("authorization"))
            .respond_with(plant(Plant::ContentType("text/html; charset=utf-8"))),
        Mock::given(method("GET"))
            .and(path(format!(
                "/v1/public/agents/{}",
                var("assigned_agent_id")
            )))
            .respond_with(plant(Plant::ReverseKeys)),
        Mock::given(method("PUT"))
            .and(path_regex("^/v1/public/agents/[^/]+/unassign$"))
            .respond_with(plant(Plant::WrapInArray("message"))),
        Mock::given(method("PUT"))
            .and(path("/v1/public/agents/assign"))
            .and(header("authorization", "not-a-key"))
            .respond_with(plant(Plant::ErrorText("Invalid agency key"))),
    ];
    for mock in plants {
        mock.with_priority(1).mount(&server).await;
    }

    // Act
    let (code, stdout, report) = compare(&targets, &["--fail-on-difference"]);

    // Assert: exactly the five plants, each where it was planted (the reordered agent is read
    // by two steps).
    let found = differences(&report);
    let expected: BTreeSet<(String, String, String, String)> = [
        ("chatdash/errors.yaml", "an unknown agent", "status", ""),
        (
            "chatdash/errors.yaml",
            "listing needs the key too",
            "content-type",
            "",
        ),
        ("chatdash/read.yaml", "one agent", "keys", ""),
        (
            "chatdash/exclusive.yaml",
            "Acme's agent still belongs to Acme",
            "keys",
            "",
        ),
        (
            "chatdash/assign.yaml",
            "unassign one agent from Acme",
            "type",
            "/message",
        ),
        (
            "chatdash/errors.yaml",
            "an unknown agency key",
            "error-text",
            "/error",
        ),
    ]
    .iter()
    .map(|(a, b, c, d)| {
        (
            (*a).to_owned(),
            (*b).to_owned(),
            (*c).to_owned(),
            (*d).to_owned(),
        )
    })
    .collect();
    assert_eq!(found, expected, "{stdout}");
    assert_eq!(code, Some(1), "{stdout}");
    let c = &report["comparison"];
    assert_eq!(
        (c["against"].as_str(), c["fidelity"].as_str()),
        (Some("builtin"), Some("observed"))
    );
    assert_eq!(c["different"], 6);
    assert!(stdout.contains("fidelity: "), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.contains("an unknown agent "))
        .unwrap_or_default();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 3..],
        ["status", "410", "404"],
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_documented_profile_differs_from_the_observed_mock_where_the_documents_are_wrong() {
    // Arrange
    let server = ServeProcess::start(&["--world", FOREIGN, "--fidelity", "documented"]);
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("staging.toml");
    targets_init(
        &server.origin,
        &["chatwoot", "rocketchat", "chatdash"],
        &targets,
    );

    // Act
    let (code, stdout, report) = compare(
        &targets,
        &["--fail-on-difference", "--fidelity", "documented"],
    );

    // Assert: Chatwoot's 403/422 (documented) against 401 (observed), the documented error
    // bodies, the agent without `provider`, Rocket.Chat's documented 401 body.
    let found = differences(&report);
    let known = [
        (
            "chatwoot/roles.yaml",
            "an agent may not replace the members",
            "status",
            "",
        ),
        (
            "chatwoot/all-or-nothing.yaml",
            "a nonexistent id among valid ones",
            "status",
            "",
        ),
        (
            "chatwoot/all-or-nothing.yaml",
            "a nonexistent id among valid ones",
            "keys",
            "",
        ),
        (
            "chatwoot/read.yaml",
            "list the members of the sales team",
            "keys",
            "/0",
        ),
        ("rocketchat/auth.yaml", "no credentials", "keys", ""),
    ];
    for (scenario, step, aspect, pointer) in known {
        let key = (
            scenario.to_owned(),
            step.to_owned(),
            aspect.to_owned(),
            pointer.to_owned(),
        );
        assert!(
            found.contains(&key),
            "{key:?} not found in {found:#?}\n{stdout}"
        );
    }
    let vendors: BTreeSet<&str> = report["comparison"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["outcome"] == "different")
        .map(|s| s["vendor"].as_str().unwrap())
        .collect();
    assert_eq!(
        vendors,
        BTreeSet::from(["chatwoot", "rocketchat"]),
        "ChatDash's profiles agree"
    );
    assert_eq!(code, Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_observed_profile_with_the_same_world_does_not_differ() {
    // Arrange
    let server = ServeProcess::start(&["--world", FOREIGN, "--fidelity", "observed"]);
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("staging.toml");
    targets_init(
        &server.origin,
        &["chatwoot", "rocketchat", "chatdash"],
        &targets,
    );
    let junit = dir.path().join("report.xml");

    // Act
    let (code, stdout, report) = compare(
        &targets,
        &[
            "--fail-on-difference",
            "--report",
            &format!("junit={}", junit.display()),
        ],
    );

    // Assert
    assert_eq!(code, Some(0), "{stdout}");
    let c = &report["comparison"];
    assert_eq!(c["different"], 0, "{stdout}");
    assert_eq!(c["world"], "pulled from the target");
    assert!(c["compared"].as_u64().unwrap() >= 90, "{c}");
    assert!(stdout.contains(" 0 different"), "{stdout}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(r#"<testsuite name="fidelity""#), "{xml}");
    for (name, secret) in ENV.iter().filter(|(n, _)| !n.ends_with("_USER_ID")) {
        assert!(
            !stdout.contains(secret) && !xml.contains(secret),
            "{name} leaked"
        );
        assert!(
            !report.to_string().contains(secret),
            "{name} leaked into the JSON report"
        );
    }
}
