//! `rosterwire proxy` end to end: the real binary in front of wiremock fakes of each vendor's
//! staging (one deviating from the contracts in planted ways, one conforming), in front of
//! broken upstreams (refused, reset, timeout), and in front of `rosterwire serve` while
//! `rosterwire check` runs the built-in scenarios through it.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{ServeProcess, binary, client};

/// Every credential the tests send; none may appear in the journal, the drift table, stdout
/// or stderr.
const CW_TOKEN: &str = "cw-staging-secret-token-7731";
const RC_TOKEN: &str = "rc-staging-secret-token-4410";
const CD_KEY: &str = "cd-staging-agency-key-9902";

/// A `rosterwire proxy` child process on a free port; killed on drop.
struct ProxyProcess {
    child: Child,
    origin: String,
    stdout: BufReader<ChildStdout>,
    stderr: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl ProxyProcess {
    /// Starts `rosterwire proxy --port 0 <args>` (`RUST_LOG=info`, stderr to a file) and reads
    /// its banner.
    fn start(args: &[&str]) -> ProxyProcess {
        let dir = tempfile::tempdir().unwrap();
        let stderr = dir.path().join("stderr.log");
        let mut child = Command::new(binary())
            .args(["proxy", "--port", "0"])
            .args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let origin = first
            .trim_end()
            .strip_prefix("rosterwire listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_owned();
        for _ in 0..3 {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            assert!(line.contains(" -> "), "{line}");
        }
        ProxyProcess {
            child,
            origin,
            stdout,
            stderr,
            _dir: dir,
        }
    }

    /// Sends SIGTERM; returns the exit status, the rest of stdout (the shutdown report) and
    /// stderr.
    fn stop(mut self) -> (std::process::ExitStatus, String, String) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        let status = self.child.wait().unwrap();
        let stderr = std::fs::read_to_string(&self.stderr).unwrap();
        (status, rest, stderr)
    }

    async fn get_json(&self, admin_path: &str) -> Value {
        let response = client()
            .get(format!("{}{admin_path}", self.origin))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{admin_path}");
        response.json().await.unwrap()
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request a test sends: method, path, auth header, body.
struct Call {
    method: &'static str,
    path: &'static str,
    auth: (&'static str, &'static str),
    body: Option<Value>,
}

/// What a client received: status, headers (without `date`), body bytes.
#[derive(Debug, PartialEq)]
struct Received {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn send(origin: &str, call: &Call) -> Received {
    let mut request = client()
        .request(
            call.method.parse().unwrap(),
            format!("{origin}{}", call.path),
        )
        .header(call.auth.0, call.auth.1)
        .header("x-client-trace", "t-1");
    if let Some(body) = &call.body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str() != "date")
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    let body = response.bytes().await.unwrap().to_vec();
    Received {
        status,
        headers,
        body,
    }
}

fn mock(verb: &str, at: &str, status: u16, body: &str) -> Mock {
    Mock::given(method(verb)).and(path(at)).respond_with(
        ResponseTemplate::new(status)
            .insert_header("x-vendor-trace", "v-1")
            .set_body_raw(body.as_bytes().to_vec(), "application/json; charset=utf-8"),
    )
}

/// Fake stagings that deviate from the contracts in planted ways, one per vendor.
async fn deviant_stagings() -> (MockServer, MockServer, MockServer) {
    let chatwoot = MockServer::start().await;
    // get-team 200 without the required `description`.
    mock(
        "GET",
        "/api/v1/accounts/1/teams/1",
        200,
        r#"{"id":1,"name":"sales","allow_auto_assign":true,"account_id":1,"is_member":false}"#,
    )
    .mount(&chatwoot)
    .await;
    // A non-administrator gets 403: what the documents say, not what Chatwoot's server does (401).
    mock(
        "PATCH",
        "/api/v1/accounts/1/teams/1/team_members",
        403,
        r#"{"description":"forbidden","errors":[]}"#,
    )
    .mount(&chatwoot)
    .await;
    // A status no contract lists (and the token echoed: the client gets it, the journal must not).
    mock(
        "GET",
        "/api/v1/accounts/1/teams/1/team_members",
        418,
        &format!(r#"{{"error":"teapot for {CW_TOKEN}"}}"#),
    )
    .mount(&chatwoot)
    .await;
    // Another error text than Rails' `Internal Server Error`.
    mock(
        "POST",
        "/api/v1/accounts/1/teams/1/team_members",
        500,
        r#"{"status":500,"error":"Oops, something broke"}"#,
    )
    .mount(&chatwoot)
    .await;
    let rocketchat = MockServer::start().await;
    // `success` as a string.
    mock(
        "POST",
        "/api/v1/livechat/department/D1/agents",
        200,
        r#"{"success":"true"}"#,
    )
    .mount(&rocketchat)
    .await;
    // A status get-department never answers.
    mock(
        "GET",
        "/api/v1/livechat/department/D1",
        404,
        r#"{"success":false}"#,
    )
    .mount(&rocketchat)
    .await;
    let chatdash = MockServer::start().await;
    // `_id` as a number.
    mock(
        "GET",
        "/v1/public/agents/A1",
        200,
        r#"{"_id":5,"name":"Sales Assistant"}"#,
    )
    .mount(&chatdash)
    .await;
    // A key the 404 schema does not allow.
    mock(
        "PUT",
        "/v1/public/agents/assign",
        404,
        r#"{"error":"Client not found","code":7}"#,
    )
    .mount(&chatdash)
    .await;
    (chatwoot, rocketchat, chatdash)
}

fn deviant_calls() -> Vec<Call> {
    let cw = ("api_access_token", CW_TOKEN);
    let rc = ("x-auth-token", RC_TOKEN);
    let cd = ("authorization", CD_KEY);
    vec![
        Call {
            method: "GET",
            path: "/api/v1/accounts/1/teams/1",
            auth: cw,
            body: None,
        },
        Call {
            method: "PATCH",
            path: "/api/v1/accounts/1/teams/1/team_members",
            auth: cw,
            body: Some(json!({"user_ids": [3]})),
        },
        Call {
            method: "GET",
            path: "/api/v1/accounts/1/teams/1/team_members",
            auth: cw,
            body: None,
        },
        Call {
            method: "POST",
            path: "/api/v1/accounts/1/teams/1/team_members",
            auth: cw,
            body: Some(json!({"user_ids": [4]})),
        },
        Call {
            method: "POST",
            path: "/api/v1/livechat/department/D1/agents",
            auth: rc,
            body: Some(json!({"upsert": [], "remove": []})),
        },
        Call {
            method: "GET",
            path: "/api/v1/livechat/department/D1",
            auth: rc,
            body: None,
        },
        Call {
            method: "GET",
            path: "/v1/public/agents/A1",
            auth: cd,
            body: None,
        },
        Call {
            method: "PUT",
            path: "/v1/public/agents/assign",
            auth: cd,
            body: Some(json!({"agentIds": ["A1"], "clientId": "C9"})),
        },
    ]
}

/// A row of the drift table as the tests compare it: operation and status, each profile's
/// verdict (`ok`, `schema`: a body broke the schema, `undocumented`: the profile does not
/// expect the status), the violations' pointers and the real server's known departures.
fn row_summary(row: &Value) -> Value {
    let verdict = |profile: &str| {
        let p = &row["profiles"][profile];
        match (
            p["expected"].as_bool().unwrap(),
            p["drift"].as_bool().unwrap(),
        ) {
            (false, _) => "undocumented",
            (true, true) => "schema",
            (true, false) => "ok",
        }
    };
    let violations = row["violations"].as_array().unwrap();
    json!({
        "row": format!("{}/{} {}", row["vendor"].as_str().unwrap(), row["operation"].as_str().unwrap(), row["status"]),
        "documented": verdict("documented"),
        "observed": verdict("observed"),
        "pointers": violations.iter()
            .map(|v| format!("{} (schema {})", match v["pointer"].as_str().unwrap() { "" => "(body)", p => p }, v["schema_path"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        "known_defects": violations.iter().filter(|v| !v["known_defect"].is_null()).count(),
        "undocumented_fields": row["undocumented_fields"],
    })
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [CW_TOKEN, RC_TOKEN, CD_KEY] {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_drift_table_lists_exactly_the_planted_deviations_in_both_profiles() {
    let (chatwoot, rocketchat, chatdash) = deviant_stagings().await;
    let proxy = ProxyProcess::start(&[
        "--upstream",
        &format!("chatwoot={}", chatwoot.uri()),
        "--upstream",
        &format!("rocketchat={}", rocketchat.uri()),
        "--upstream",
        &format!("chatdash={}", chatdash.uri()),
        "--report",
        "json",
    ]);
    for call in deviant_calls() {
        let via_proxy = send(&proxy.origin, &call).await;
        let upstream = match call.path {
            p if p.starts_with("/api/v1/accounts") => chatwoot.uri(),
            p if p.starts_with("/api/v1/livechat") => rocketchat.uri(),
            _ => chatdash.uri(),
        };
        let direct = send(&upstream, &call).await;
        // The client gets the upstream's status, headers and bytes, unchanged.
        assert_eq!(via_proxy, direct, "{} {}", call.method, call.path);
    }
    // The upstream received the request unchanged: method, path, body, the client's headers.
    let received = chatwoot.received_requests().await.unwrap();
    let patch = received
        .iter()
        .find(|r| r.method.as_str() == "PATCH")
        .unwrap();
    assert_eq!(patch.body, br#"{"user_ids":[3]}"#);
    assert_eq!(patch.headers.get("x-client-trace").unwrap(), "t-1");
    assert_eq!(patch.headers.get("api_access_token").unwrap(), CW_TOKEN);

    let drift = proxy.get_json("/__admin/drift").await;
    let rows: Vec<Value> = drift["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(row_summary)
        .collect();
    insta::assert_json_snapshot!("proxy_planted_drift_rows", rows);
    assert_eq!(drift["drift"], json!({"documented": 7, "observed": 8}));
    assert_eq!(
        (drift["exchanges"].as_u64(), drift["judged"].as_u64()),
        (Some(8), Some(8))
    );

    let journal = proxy.get_json("/__admin/requests").await;
    assert_eq!(journal["count"], 8);
    let teapot = &journal["requests"][2];
    assert_eq!(
        (teapot["status"].as_u64(), teapot["operation"].as_str()),
        (Some(418), Some("list-team-members"))
    );
    assert_eq!(
        teapot["response_body"],
        r#"{"error":"teapot for [REDACTED]"}"#
    );
    assert_eq!(teapot["vendor"], "chatwoot");
    let filtered = proxy
        .get_json("/__admin/requests?vendor=chatdash&method=PUT")
        .await;
    assert_eq!(filtered["count"], 1);
    assert_eq!(
        filtered["requests"][0]["request_body"],
        r#"{"agentIds":["A1"],"clientId":"C9"}"#
    );

    let (status, report, stderr) = proxy.stop();
    assert!(status.success(), "{status:?}");
    let shutdown: Value = serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"));
    assert_eq!(shutdown, drift, "the shutdown report is the live table");
    assert!(stderr.contains("forwarded"), "{stderr}");
    assert_no_secret("the journal", &journal.to_string());
    assert_no_secret("the drift table", &drift.to_string());
    assert_no_secret("stdout", &report);
    assert_no_secret("stderr", &stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conforming_staging_shows_no_drift_and_a_large_body_streams_through_whole() {
    let staging = MockServer::start().await;
    // Key order differs from Chatwoot's, which no contract pins: not drift.
    mock("GET", "/api/v1/accounts/1/teams/1", 200,
        r#"{"is_member":false,"account_id":1,"allow_auto_assign":true,"description":null,"name":"sales","id":1}"#)
        .mount(&staging).await;
    mock("PATCH", "/api/v1/accounts/1/teams/1/team_members", 200,
        r#"[{"id":3,"account_id":1,"name":"Carol","role":"agent","availability_status":"offline"}]"#)
        .mount(&staging).await;
    mock(
        "POST",
        "/api/v1/livechat/department/D1/agents",
        200,
        r#"{"success":true}"#,
    )
    .mount(&staging)
    .await;
    mock(
        "PUT",
        "/v1/public/agents/assign",
        200,
        r#"{"message":"Agent assigned to client successfully"}"#,
    )
    .mount(&staging)
    .await;
    let agent = r#"{"_id":"65a1b2c3d4e5f6a7b8c9d0e1","clientId":null,"name":"Sales Assistant"}"#;
    let many = format!("[{}]", vec![agent; 40_000].join(","));
    assert!(many.len() > 2 * 1024 * 1024);
    Mock::given(method("GET"))
        .and(path("/v1/public/agents"))
        .and(header("authorization", CD_KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(many.clone().into_bytes(), "application/json"),
        )
        .mount(&staging)
        .await;
    let proxy = ProxyProcess::start(&["--upstream", &staging.uri()]);
    let cw = ("api_access_token", CW_TOKEN);
    let calls = [
        Call {
            method: "GET",
            path: "/api/v1/accounts/1/teams/1",
            auth: cw,
            body: None,
        },
        Call {
            method: "PATCH",
            path: "/api/v1/accounts/1/teams/1/team_members",
            auth: cw,
            body: Some(json!({"user_ids": [3]})),
        },
        Call {
            method: "POST",
            path: "/api/v1/livechat/department/D1/agents",
            auth: ("x-auth-token", RC_TOKEN),
            body: Some(json!({"upsert": [], "remove": []})),
        },
        Call {
            method: "PUT",
            path: "/v1/public/agents/assign",
            auth: ("authorization", CD_KEY),
            body: Some(json!({"agentIds": ["A1"], "clientId": "C1"})),
        },
        Call {
            method: "GET",
            path: "/v1/public/agents",
            auth: ("authorization", CD_KEY),
            body: None,
        },
    ];
    for call in &calls {
        assert_eq!(
            send(&proxy.origin, call).await,
            send(&staging.uri(), call).await,
            "{}",
            call.path
        );
    }
    let drift = proxy.get_json("/__admin/drift").await;
    assert_eq!(
        drift["drift"],
        json!({"documented": 0, "observed": 0}),
        "{drift:#}"
    );
    assert_eq!(drift["rows"].as_array().unwrap().len(), 5);
    let list = drift["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["operation"] == "list-agents")
        .unwrap();
    assert_eq!(
        (list["seen"].as_u64(), list["not_validated"].as_u64()),
        (Some(1), Some(1))
    );
    let journal = proxy
        .get_json("/__admin/requests?path=/v1/public/agents")
        .await;
    let entry = &journal["requests"][0];
    assert_eq!(entry["response_body_truncated"], true);
    assert_eq!(entry["response_body"].as_str().unwrap().len(), 16 * 1024);
    let (status, report, stderr) = proxy.stop();
    assert!(status.success());
    assert!(
        report.starts_with("drift: none in the documented profile, none in the observed profile (5 exchanges, 5 judged by a contract)"),
        "{report}"
    );
    assert_no_secret("stdout", &report);
    assert_no_secret("stderr", &stderr);
}

/// A server that accepts, reads the request, then resets the connection (RST).
fn resetting_upstream() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 4096];
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.read(&mut buffer);
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            drop(stream);
        }
    });
    origin
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_reset_and_slow_upstreams_get_a_gateways_answer_named_in_the_journal() {
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&slow)
        .await;
    let reset = resetting_upstream();
    let proxy = ProxyProcess::start(&[
        "--upstream",
        &format!("chatwoot={closed}"),
        "--upstream",
        &format!("rocketchat={}", slow.uri()),
        "--upstream",
        &format!("chatdash={reset}"),
        "--timeout",
        "300",
    ]);
    let cases = [
        ("/api/v1/accounts/1/teams/1", 502, "upstream-refused"),
        ("/api/v1/livechat/department/D1", 504, "upstream-timeout"),
        ("/v1/public/agents", 502, "upstream-reset"),
        ("/elsewhere", 502, "no-upstream"),
    ];
    for (at, status, code) in cases {
        let call = Call {
            method: "GET",
            path: at,
            auth: ("authorization", CD_KEY),
            body: None,
        };
        let received = send(&proxy.origin, &call).await;
        assert_eq!(received.status, status, "{at}");
        let body: Value = serde_json::from_slice(&received.body).unwrap();
        assert_eq!(body["error"]["code"], code, "{at}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("rosterwire proxy: the upstream "),
            "{body}"
        );
    }
    let journal = proxy.get_json("/__admin/requests").await;
    let faults: Vec<(u64, String)> = journal["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["status"].as_u64().unwrap(),
                e["fault"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(u64, String)> = cases
        .iter()
        .map(|(_, s, c)| (u64::from(*s), (*c).to_owned()))
        .collect();
    assert_eq!(faults, expected);
    let drift = proxy.get_json("/__admin/drift").await;
    assert_eq!(
        drift["upstream_errors"],
        json!({"no-upstream": 1, "upstream-refused": 1, "upstream-reset": 1, "upstream-timeout": 1})
    );
    assert_eq!(
        drift["rows"],
        json!([]),
        "a gateway's answer is not the vendor's"
    );
    let (status, report, stderr) = proxy.stop();
    assert!(status.success());
    assert!(
        report.contains("upstream error: upstream-timeout (1×)"),
        "{report}"
    );
    assert_no_secret("stderr", &stderr);
    assert_no_secret("the journal", &journal.to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_built_in_scenarios_through_the_proxy_to_the_observed_mock_show_no_observed_drift() {
    let serve = ServeProcess::start(&["--fidelity", "observed"]);
    let proxy = ProxyProcess::start(&["--upstream", &serve.origin]);
    let dir = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/targets/builtin.toml"),
    )
    .unwrap();
    let mut targets = builtin.replace("[targets.builtin", "[targets.proxied");
    for vendor in ["rocketchat", "chatwoot", "chatdash"] {
        targets = targets.replace(
            &format!("[targets.proxied.{vendor}]\n"),
            &format!(
                "[targets.proxied.{vendor}]\nbase_url = \"{}\"\n",
                proxy.origin
            ),
        );
    }
    let file = dir.path().join("targets.toml");
    std::fs::write(&file, targets).unwrap();
    let check = Command::new(binary())
        .args([
            "check",
            "--targets",
            file.to_str().unwrap(),
            "--target",
            "proxied",
            "--fidelity",
            "observed",
            "--color",
            "never",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let drift = proxy.get_json("/__admin/drift").await;
    let observed: Vec<Value> = drift["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["profiles"]["observed"]["drift"] == true)
        .map(row_summary)
        .collect();
    assert_eq!(observed, Vec::<Value>::new(), "{drift:#}");
    assert!(drift["judged"].as_u64().unwrap() > 50, "{drift:#}");
    // The documented profile differs where the real servers do (Chatwoot's 401 for 403, ...).
    let documented: Vec<Value> = drift["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["profiles"]["documented"]["drift"] == true)
        .map(row_summary)
        .collect();
    insta::assert_json_snapshot!("proxy_builtin_scenarios_documented_drift", documented);
    let (status, _, stderr) = proxy.stop();
    assert!(status.success());
    for secret in crate::util::SEED_SECRETS {
        assert!(!stderr.contains(secret), "stderr shows {secret}");
        assert!(
            !drift.to_string().contains(secret),
            "the drift table shows {secret}"
        );
    }
}

/// A server that answers a head promising 1000 bytes, sends 10, then resets the connection.
fn breaking_upstream() -> String {
    use std::io::Write;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buffer = [0u8; 4096];
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"id\":1,",
            );
            let _ = stream.flush();
            std::thread::sleep(Duration::from_millis(100));
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            drop(stream);
        }
    });
    origin
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_breaks_off_midway_closes_the_clients_connection_and_is_named_in_the_journal() {
    let proxy = ProxyProcess::start(&["--upstream", &breaking_upstream()]);
    let response = client()
        .get(format!(
            "{}/api/v1/accounts/1/teams/1/team_members",
            proxy.origin
        ))
        .header("api_access_token", CW_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the head was passed on");
    assert!(
        response.bytes().await.is_err(),
        "the body must not look complete"
    );
    let mut entries = Value::Null;
    for _ in 0..50 {
        entries = proxy.get_json("/__admin/requests").await;
        if entries["count"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let entry = &entries["requests"][0];
    assert_eq!(entry["fault"], "upstream-reset-mid-body", "{entries:#}");
    assert_eq!(entry["response_body"], "[{\"id\":1,");
    let drift = proxy.get_json("/__admin/drift").await;
    assert_eq!(drift["rows"][0]["not_validated"], 1, "{drift:#}");
    assert_eq!(drift["drift"], json!({"documented": 0, "observed": 0}));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_targets_files_base_urls_are_the_upstreams_and_its_secrets_are_redacted() {
    let staging = MockServer::start().await;
    // The upstream names a credential of the targets file that the client never sent.
    mock("GET", "/api/v1/accounts/1/teams/1/team_members", 200,
        r#"[{"id":3,"name":"Carol","email":"carol@example.com","thumbnail":"https://cdn.example.com/rc-staging-secret-token-4410.png"}]"#)
        .mount(&staging).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("staging.toml");
    std::fs::write(
        &file,
        format!(
            "[targets.staging.chatwoot]\nbase_url = \"{}\"\nsecret_env = {{ admin_token = \"PROXY_TEST_UNSET_VARIABLE\" }}\n\n[targets.staging.rocketchat]\nbase_url = \"{}\"\nsecrets = {{ admin_token = \"{RC_TOKEN}\" }}\n",
            staging.uri(),
            staging.uri()
        ),
    )
    .unwrap();
    let proxy = ProxyProcess::start(&["--targets", file.to_str().unwrap(), "--target", "staging"]);
    let call = Call {
        method: "GET",
        path: "/api/v1/accounts/1/teams/1/team_members",
        auth: ("api_access_token", CW_TOKEN),
        body: None,
    };
    let received = send(&proxy.origin, &call).await;
    assert_eq!(received.status, 200);
    assert!(
        String::from_utf8_lossy(&received.body).contains(RC_TOKEN),
        "the client gets the bytes"
    );
    let journal = proxy.get_json("/__admin/requests").await;
    assert_no_secret("the journal", &journal.to_string());
    assert!(
        journal["requests"][0]["response_body"]
            .as_str()
            .unwrap()
            .contains("cdn.example.com/[REDACTED].png")
    );
    // ChatDash is not in the targets file: no upstream for it.
    let none = send(
        &proxy.origin,
        &Call {
            method: "GET",
            path: "/v1/public/agents",
            auth: ("authorization", CD_KEY),
            body: None,
        },
    )
    .await;
    assert_eq!(none.status, 502);
    let (status, report, stderr) = proxy.stop();
    assert!(status.success());
    assert_no_secret("stdout", &report);
    assert_no_secret("stderr", &stderr);
}

#[test]
fn bad_upstreams_exit_2_naming_the_fault() {
    let output = Command::new(binary())
        .args([
            "proxy",
            "--port",
            "0",
            "--upstream",
            "slack=http://127.0.0.1:1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--upstream slack=http://127.0.0.1:1: unknown vendor `slack`"),
        "{stderr}"
    );
    let none = Command::new(binary())
        .args(["proxy", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}
