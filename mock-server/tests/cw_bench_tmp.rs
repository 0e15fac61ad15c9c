#![allow(clippy::unwrap_used)]
use http::{HeaderMap, HeaderValue, Method};
use rosterwire_mock::*;
#[test]
fn bench() {
    let engine = Engine::new(
        &World::seed(),
        FidelityProfile::all(Fidelity::Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let mut h = HeaderMap::new();
    h.insert(
        "api_access_token",
        HeaderValue::from_static("cw-acme-admin-token"),
    );
    h.insert("content-type", HeaderValue::from_static("application/json"));
    let bodies: [&[u8]; 2] = [br#"{"user_ids":[3,4,5]}"#, br#"{"user_ids":[6,7]}"#];
    let n = 20_000;
    let t = std::time::Instant::now();
    for i in 0..n {
        let r = engine.handle(&Request {
            method: &Method::PATCH,
            path: "/api/v1/accounts/1/teams/1/team_members",
            query: None,
            headers: &h,
            body: bodies[i % 2],
        });
        assert_eq!(r.status, 200);
    }
    let patch = t.elapsed() / n as u32;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let r = engine.handle(&Request {
            method: &Method::GET,
            path: "/api/v1/accounts/1/teams/1/team_members",
            query: None,
            headers: &h,
            body: b"",
        });
        assert_eq!(r.status, 200);
    }
    let get = t.elapsed() / n as u32;
    let ids: Vec<String> = (0..250_000).map(|i| (1 + i % 7).to_string()).collect();
    let big = format!(r#"{{"user_ids":[{}]}}"#, ids.join(","));
    let t = std::time::Instant::now();
    let r = engine.handle(&Request {
        method: &Method::PATCH,
        path: "/api/v1/accounts/1/teams/2/team_members",
        query: None,
        headers: &h,
        body: big.as_bytes(),
    });
    let bigt = t.elapsed();
    eprintln!(
        "BENCH patch {patch:?} get {get:?} big({} bytes, status {}) {bigt:?}",
        big.len(),
        r.status
    );
}
