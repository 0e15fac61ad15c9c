//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The path of the `rosterwire` binary under test.
pub(crate) fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_rosterwire")
}

/// A `rosterwire serve` child process on a free port, killed on drop.
pub(crate) struct ServeProcess {
    pub(crate) child: Child,
    pub(crate) origin: String,
    pub(crate) banner: Vec<String>,
}

impl ServeProcess {
    /// Starts `rosterwire serve --port 0 <extra>` and waits for its banner.
    pub(crate) fn start(extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(binary())
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rosterwire starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("a banner line").expect("utf-8");
        let origin = first
            .strip_prefix("rosterwire listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_owned();
        let banner = std::iter::once(first)
            .chain(lines.take(3).map(|l| l.expect("utf-8")))
            .collect();
        ServeProcess {
            child,
            origin,
            banner,
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    pub(crate) fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().expect("the child exits")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces ports in `text` by `{PORT}`.
pub(crate) fn redact_ports(text: &str) -> String {
    let re = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("valid regex");
    re.replace_all(text, "127.0.0.1:{PORT}").into_owned()
}

/// A scenario parsed from YAML as if it were `scenarios/<vendor>/<stem>.yaml` under `root`.
pub(crate) fn scenario_in(
    root: &std::path::Path,
    vendor: &str,
    stem: &str,
    yaml: &str,
) -> rosterwire::scenario::Scenario {
    let file = root.join(vendor).join(format!("{stem}.yaml"));
    rosterwire::scenario::parse_scenario(yaml, &file, vendor.parse().expect("a vendor"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A one-vendor target at `base_url` with `vars` (TOML inline table) and `secrets`.
pub(crate) fn target_at(
    vendor: &str,
    base_url: &str,
    vars: &str,
    secrets: &str,
) -> rosterwire::runner::Target {
    let toml = format!(
        "[targets.fake.{vendor}]\nbase_url = \"{base_url}\"\nvars = {vars}\nsecrets = {secrets}\n"
    );
    rosterwire::runner::parse_target(&toml, std::path::Path::new("fake.toml"), "fake", &|_| None)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A contract book built from one JSON schema per (operation, status); the listed statuses are
/// the documented ones. It judges requests whose path ends with `path_suffix`.
#[derive(Debug)]
pub(crate) struct SchemaBook {
    pub(crate) operation: String,
    pub(crate) path_suffix: String,
    pub(crate) documented: Vec<u16>,
    pub(crate) schemas: Vec<(u16, jsonschema::Validator)>,
}

impl SchemaBook {
    pub(crate) fn new(
        operation: &str,
        path_suffix: &str,
        documented: &[u16],
        schemas: &[(u16, serde_json::Value)],
    ) -> SchemaBook {
        SchemaBook {
            operation: operation.to_owned(),
            path_suffix: path_suffix.to_owned(),
            documented: documented.to_vec(),
            schemas: schemas
                .iter()
                .map(|(s, v)| (*s, jsonschema::validator_for(v).expect("a valid schema")))
                .collect(),
        }
    }
}

impl rosterwire::runner::ContractBook for SchemaBook {
    fn judge(&self, q: &rosterwire::runner::ContractQuery<'_>) -> rosterwire::runner::Judgement {
        use rosterwire::runner::{ContractViolation, Judgement};
        if let Some(op) = q.operation {
            if op != self.operation {
                return Judgement::UnknownOperation;
            }
        } else if !q.path.ends_with(&self.path_suffix) {
            return Judgement::NoContract;
        }
        let schema = self.schemas.iter().find(|(s, _)| *s == q.status);
        let violations = schema
            .map(|(_, v)| {
                v.iter_errors(q.body)
                    .map(|e| ContractViolation {
                        instance_path: e.instance_path().to_string(),
                        schema_path: e.schema_path().to_string(),
                        message: e.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Judgement::Judged {
            operation: self.operation.clone(),
            documented_status: self.documented.contains(&q.status),
            status_in_contract: schema.is_some(),
            violations,
        }
    }
}

/// Replaces every `"duration_ms": N` and `time="…"` by fixed text.
pub(crate) fn redact_durations(text: &str) -> String {
    let re = regex::Regex::new(r#""duration_ms": \d+"#).expect("valid regex");
    let text = re.replace_all(text, r#""duration_ms": "[ms]""#);
    let re = regex::Regex::new(r#"time="[0-9.]+""#).expect("valid regex");
    let text = re.replace_all(&text, r#"time="[s]""#);
    let re = regex::Regex::new(r"in \d+ ms|\d+ ms\b").expect("valid regex");
    re.replace_all(&text, "[ms]").into_owned()
}
