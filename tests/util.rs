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
        Self::spawn(extra, "warn", Stdio::null())
    }

    fn spawn(extra: &[&str], log_level: &str, stderr: Stdio) -> ServeProcess {
        Self::spawn_with(extra, Some(log_level), stderr)
    }

    /// Starts `rosterwire serve --port 0 <extra>` with `RUST_LOG` set to `log_level` (or
    /// unset: the default level) and no `NO_COLOR`, its stderr written to `log`.
    pub(crate) fn start_default_logging(
        extra: &[&str],
        log_level: Option<&str>,
        log: &std::path::Path,
    ) -> ServeProcess {
        let file = std::fs::File::create(log).expect("log file");
        Self::spawn_with(extra, log_level, Stdio::from(file))
    }

    fn spawn_with(extra: &[&str], log_level: Option<&str>, stderr: Stdio) -> ServeProcess {
        let mut command = Command::new(binary());
        command.args(["serve", "--port", "0"]).args(extra);
        command
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        match log_level {
            Some(level) => command.env("RUST_LOG", level),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(stderr)
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

impl ServeProcess {
    /// Starts `rosterwire serve --port 0 <extra>` with `RUST_LOG=debug`, its stderr written to
    /// `log` (to check what the logs show).
    pub(crate) fn start_logging(extra: &[&str], log: &std::path::Path) -> ServeProcess {
        let file = std::fs::File::create(log).expect("log file");
        Self::spawn(extra, "debug", Stdio::from(file))
    }
}

/// Every secret of the seed world named in the common brief (tokens and the agency key).
pub(crate) const SEED_SECRETS: [&str; 11] = [
    "rc-admin-token-9f2c1e7b4d",
    "rc-viewer-token-5a8e3c",
    "rc-nobody-token-2b7d4f",
    "rc-adder-token-8c1e6a",
    "cw-acme-admin-token",
    "cw-acme-agent-token",
    "cw-globex-admin-token",
    "cw-globex-agent-token",
    "cw-bot-token",
    "cw-initech-admin-token",
    "cd-agency-key-7f3a9b",
];

/// An HTTP client for the tests.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

/// Calls the admin API: `(status, JSON body)`.
pub(crate) async fn admin(
    origin: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = client().request(method, format!("{origin}/__admin{path}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the admin API answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, value)
}

/// Sends `request` (raw HTTP/1.1 text) over a fresh TCP connection and reads until the peer
/// closes or 10 s pass: the bytes received, or the I/O error that ended the read.
pub(crate) fn raw_exchange(origin: &str, request: &str) -> (Vec<u8>, Option<std::io::Error>) {
    use std::io::{Read, Write};
    let address = origin.strip_prefix("http://").expect("http origin");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return (received, None),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(error) => return (received, Some(error)),
        }
    }
}

/// A raw GET with `Connection: close` and extra header lines (each ending in `\r\n`).
pub(crate) fn raw_get(path: &str, extra_headers: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra_headers}\r\n")
}

/// A scenario parsed from YAML as if it were `scenarios/<vendor>/<stem>.yaml` under `root`.
pub(crate) fn scenario_in(
    root: &std::path::Path,
    vendor: &str,
    stem: &str,
    yaml: &str,
) -> rosterwire::Scenario {
    let file = root.join(vendor).join(format!("{stem}.yaml"));
    rosterwire::parse_scenario(yaml, &file, vendor.parse().expect("a vendor"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A one-vendor target at `base_url` with `vars` (TOML inline table) and `secrets`.
pub(crate) fn target_at(
    vendor: &str,
    base_url: &str,
    vars: &str,
    secrets: &str,
) -> rosterwire::Target {
    let toml = format!(
        "[targets.fake.{vendor}]\nbase_url = \"{base_url}\"\nvars = {vars}\nsecrets = {secrets}\n"
    );
    rosterwire::parse_target(&toml, std::path::Path::new("fake.toml"), "fake", &|_| None)
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

impl rosterwire::ContractBook for SchemaBook {
    fn judge(&self, q: &rosterwire::ContractQuery<'_>) -> rosterwire::Judgement {
        use rosterwire::{ContractViolation, Judgement};
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

/// Replaces the run id (`run 1a2b3c4d` in the text summary, `"run_id": "…"` in JSON) by
/// `[run id]`.
pub(crate) fn redact_run_id(text: &str) -> String {
    let re = regex::Regex::new(r"run [0-9a-f]{8}\b").expect("valid regex");
    let text = re.replace_all(text, "run [run id]");
    let re = regex::Regex::new(r#""run_id": "[0-9a-f]{8}""#).expect("valid regex");
    re.replace_all(&text, r#""run_id": "[run id]""#)
        .into_owned()
}
