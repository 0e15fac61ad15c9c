//! Faults in a running mock: through the library API, and over HTTP — every kind from the
//! admin API and the per-request headers; none leaks into another vendor or outlives its
//! `times`.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

mod support;

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use rosterwire_mock::exchange::Request;
use rosterwire_mock::fault::{FaultKind, FaultSpec};
use rosterwire_mock::{
    Engine, FidelityProfile, MockConfig, MockServer, RequestPattern, VendorName, VendorOptions,
    World,
};
use rstest::rstest;
use serde_json::{Value, json};

use support::{Running, admin, client, raw_exchange, raw_get};

const TEAM_MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

const DEPARTMENT_AGENTS: &str = "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents";

const ASSIGN: &str = "/v1/public/agents/assign";

/// A path no vendor serves: its body (rosterwire's unknown-route 404) is long and stable.
const NOWHERE: &str = "/nowhere/at/all";

async fn inject(origin: &str, spec: Value) -> Value {
    let (status, body) = admin(origin, Method::POST, "/faults", Some(spec)).await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn journal(origin: &str) -> Vec<Value> {
    let (_, body) = admin(origin, Method::GET, "/requests", None).await;
    body["requests"].as_array().unwrap().clone()
}

/// The vendor's own answer for `status`, from the engine in-process.
fn vendor_error(
    method: &Method,
    path: &str,
    status: StatusCode,
) -> rosterwire_mock::exchange::Response {
    let engine = Engine::new(
        &World::seed(),
        FidelityProfile::default(),
        VendorOptions::default(),
    )
    .unwrap();
    let headers = HeaderMap::new();
    let request = Request {
        method,
        path,
        query: None,
        headers: &headers,
        body: b"{}",
    };
    let mut expected = engine.error_response(&request, status).unwrap();
    expected.status = status;
    expected
}

/// Splits a raw HTTP/1.1 response into (head, body).
fn split(raw: &[u8]) -> (String, Vec<u8>) {
    let at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(raw)));
    (
        String::from_utf8_lossy(&raw[..at]).into_owned(),
        raw[at + 4..].to_vec(),
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .expect("a Content-Length")
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_start_up_fault_applies_its_times_and_then_is_gone() {
    let spec = FaultSpec::new(FaultKind::Status { status: 429 })
        .when(RequestPattern::default().path("/nowhere"))
        .times(2);
    let server = MockServer::start(MockConfig::new().with_fault(spec))
        .await
        .unwrap();
    let url = format!("{}/nowhere", server.uri());
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(reqwest::get(&url).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [429, 429, 404]);
    assert!(server.faults().is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn a_delay_on_one_path_does_not_slow_another() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    server
        .inject(
            FaultSpec::new(FaultKind::Delay {
                ms: 400,
                max_ms: None,
            })
            .when(RequestPattern::default().path("/slow")),
        )
        .unwrap();
    let started = Instant::now();
    reqwest::get(format!("{}/fast", server.uri()))
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(400));
    let started = Instant::now();
    reqwest::get(format!("{}/slow", server.uri()))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400));
    server.shutdown().await;
}

#[tokio::test]
async fn a_reset_fault_is_a_connection_reset_for_reqwest() {
    let server = MockServer::start(MockConfig::new()).await.unwrap();
    server
        .inject(FaultSpec::new(FaultKind::Reset).times(1))
        .unwrap();
    let error = reqwest::get(format!("{}/nowhere", server.uri()))
        .await
        .unwrap_err();
    let chain = format!("{:?}", error);
    assert!(
        chain.contains("ConnectionReset") || chain.contains("reset"),
        "{chain}"
    );
    server.shutdown().await;
}

#[rstest]
#[case::chatwoot_404(Method::PATCH, TEAM_MEMBERS, 404, DEPARTMENT_AGENTS)]
#[case::chatdash_500(Method::PUT, ASSIGN, 500, TEAM_MEMBERS)]
#[case::rocketchat_401(Method::POST, DEPARTMENT_AGENTS, 401, ASSIGN)]
#[tokio::test]
async fn a_status_fault_answers_once_with_the_vendors_own_body_and_never_leaks(
    #[case] method: Method,
    #[case] path: &str,
    #[case] status: u16,
    #[case] other_vendor_path: &str,
) {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    let vendor = VendorName::for_path(path).unwrap();
    inject(
        origin,
        json!({"match": {"vendor": vendor, "method": method.as_str()}, "fault": {"kind": "status", "status": status}, "times": 1}),
    )
    .await;
    let send = |path: &str| {
        client()
            .request(method.clone(), format!("{origin}{path}"))
            .json(&json!({}))
            .send()
    };

    // Another vendor, same method: untouched.
    send(other_vendor_path).await.unwrap();
    // The matching request: the vendor's own body for that status.
    let faulted = send(path).await.unwrap();
    let expected = vendor_error(&method, path, StatusCode::from_u16(status).unwrap());
    assert_eq!(faulted.status().as_u16(), status);
    assert_eq!(
        faulted
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        expected.content_type
    );
    assert_eq!(faulted.bytes().await.unwrap(), expected.body);
    // Used up: the next one is answered normally and the fault is gone.
    send(path).await.unwrap();

    let faults: Vec<_> = journal(origin)
        .await
        .iter()
        .map(|e| e["fault"].clone())
        .collect();
    assert_eq!(faults, [Value::Null, json!("status"), Value::Null]);
    let (_, listed) = admin(origin, Method::GET, "/faults", None).await;
    assert_eq!(listed, json!({"faults": []}));
}

#[tokio::test]
async fn a_fixed_delay_holds_the_answer_back() {
    let server = Running::start(MockConfig::new()).await;
    inject(
        &server.origin,
        json!({"match": {"path": NOWHERE}, "fault": {"kind": "delay", "ms": 300}}),
    )
    .await;
    let started = Instant::now();
    let answer = client()
        .get(format!("{}{NOWHERE}", server.origin))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status().as_u16(), 404);
}

#[tokio::test]
async fn a_random_delay_stays_within_its_bounds() {
    let server = Running::start(MockConfig::new()).await;
    inject(
        &server.origin,
        json!({"fault": {"kind": "delay", "ms": 100, "max_ms": 250}}),
    )
    .await;
    for _ in 0..3 {
        let started = Instant::now();
        client()
            .get(format!("{}{NOWHERE}", server.origin))
            .send()
            .await
            .unwrap();
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");
    }
}

#[tokio::test]
async fn a_drop_closes_the_connection_without_an_answer() {
    let server = Running::start(MockConfig::new()).await;
    inject(&server.origin, json!({"fault": {"kind": "drop"}})).await;
    let (received, error) = raw_exchange(&server.origin, &raw_get(NOWHERE, "")).await;
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    assert!(error.is_none(), "a clean close, not {error:?}");
}

#[tokio::test]
async fn a_reset_resets_the_connection() {
    let server = Running::start(MockConfig::new()).await;
    inject(
        &server.origin,
        json!({"match": {"path": NOWHERE}, "fault": {"kind": "reset"}}),
    )
    .await;
    let (received, error) = raw_exchange(&server.origin, &raw_get(NOWHERE, "")).await;
    assert!(received.is_empty());
    assert_eq!(
        error.map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionReset)
    );
    // The journal records it without a status.
    let entries = journal(&server.origin).await;
    assert_eq!(
        (entries[0]["fault"].as_str(), &entries[0]["status"]),
        (Some("reset"), &Value::Null)
    );
}

#[tokio::test]
async fn a_truncated_body_stops_short_of_its_content_length() {
    let server = Running::start(MockConfig::new()).await;
    inject(&server.origin, json!({"fault": {"kind": "truncate"}})).await;
    let (received, _) = raw_exchange(&server.origin, &raw_get(NOWHERE, "")).await;
    let (head, body) = split(&received);
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let declared = content_length(&head);
    assert!(body.len() < declared, "{} of {declared}", body.len());
    assert_eq!(body.len(), declared / 2);
}

#[tokio::test]
async fn a_malformed_body_is_complete_http_but_not_json() {
    let server = Running::start(MockConfig::new()).await;
    inject(
        &server.origin,
        json!({"fault": {"kind": "malformed"}, "times": 1}),
    )
    .await;
    let answer = client()
        .get(format!("{}{NOWHERE}", server.origin))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    let body = answer.bytes().await.unwrap();
    assert!(serde_json::from_slice::<Value>(&body).is_err());
}

#[tokio::test]
async fn a_slow_body_arrives_whole_but_late() {
    let server = Running::start(MockConfig::new()).await;
    let url = format!("{}{NOWHERE}", server.origin);
    let normal = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    inject(
        &server.origin,
        json!({"fault": {"kind": "slow_body", "chunk_bytes": 64, "interval_ms": 100}}),
    )
    .await;
    let started = Instant::now();
    let slow = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let pauses = normal.len().div_ceil(64) - 1;
    assert_eq!(slow, normal);
    assert!(started.elapsed() >= Duration::from_millis(100 * pauses as u64));
}

#[tokio::test]
async fn a_fault_header_applies_to_that_request_only() {
    let server = Running::start(MockConfig::new()).await;
    let (_, error) = raw_exchange(
        &server.origin,
        &raw_get(NOWHERE, "X-Rosterwire-Fault: reset\r\n"),
    )
    .await;
    assert_eq!(
        error.map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionReset)
    );

    let started = Instant::now();
    let answer = client()
        .get(format!("{}{NOWHERE}", server.origin))
        .header("X-Rosterwire-Fault", "delay=250")
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(answer.status().as_u16(), 404);

    let started = Instant::now();
    client()
        .get(format!("{}{NOWHERE}", server.origin))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(250));
}

#[tokio::test]
async fn prefer_code_answers_with_the_vendors_own_body_as_prism_does() {
    let server = Running::start(MockConfig::new()).await;
    let answer = client()
        .patch(format!("{}{TEAM_MEMBERS}", server.origin))
        .header("Prefer", "code=500")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let expected = vendor_error(
        &Method::PATCH,
        TEAM_MEMBERS,
        StatusCode::INTERNAL_SERVER_ERROR,
    );
    assert_eq!(answer.status().as_u16(), 500);
    assert_eq!(answer.bytes().await.unwrap(), expected.body);
}

#[tokio::test]
async fn a_bad_fault_header_is_a_400_in_rosterwires_shape() {
    let server = Running::start(MockConfig::new()).await;
    let answer = client()
        .get(format!("{}{TEAM_MEMBERS}", server.origin))
        .header("X-Rosterwire-Fault", "explode")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid-fault-header");
}

#[tokio::test]
async fn probability_zero_never_fires_and_one_always_does() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    inject(origin, json!({"match": {"method": "GET"}, "fault": {"kind": "status", "status": 418}, "probability": 0.0})).await;
    inject(origin, json!({"match": {"method": "DELETE"}, "fault": {"kind": "status", "status": 418}, "probability": 1.0})).await;
    for _ in 0..10 {
        let get = client()
            .get(format!("{origin}{NOWHERE}"))
            .send()
            .await
            .unwrap();
        assert_eq!(get.status().as_u16(), 404);
        let delete = client()
            .delete(format!("{origin}{NOWHERE}"))
            .send()
            .await
            .unwrap();
        assert_eq!(delete.status().as_u16(), 418);
    }
}

#[tokio::test]
async fn a_body_matched_fault_only_hits_that_body() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    inject(
        origin,
        json!({"match": {"body": {"user_ids": [5]}}, "fault": {"kind": "status", "status": 502}}),
    )
    .await;
    let patch = |body: Value| {
        client()
            .patch(format!("{origin}{TEAM_MEMBERS}"))
            .json(&body)
            .send()
    };
    assert_ne!(
        patch(json!({"user_ids": [6]}))
            .await
            .unwrap()
            .status()
            .as_u16(),
        502
    );
    assert_eq!(
        patch(json!({"user_ids": [5], "x": 1}))
            .await
            .unwrap()
            .status()
            .as_u16(),
        502
    );
}
