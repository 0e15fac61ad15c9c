//! Faults in a running mock, through the library API.

use std::time::{Duration, Instant};

use rosterwire_mock::fault::{FaultKind, FaultSpec};
use rosterwire_mock::{MockConfig, MockServer, RequestPattern};

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
