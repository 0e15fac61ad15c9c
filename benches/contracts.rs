//! Microbenchmarks of the contracts library: loading `contracts/` (every validator compiled
//! once) and validating each vendor's largest response against its contract.
//!
//! Run: `cargo bench -p rosterwire --bench contracts` (figures in `bench/README.md`).
//! The largest responses come from the in-process mock (documented profile) after every user
//! has been put into one group: ChatDash's agent list, Rocket.Chat's department with all its
//! agent records, Chatwoot's PATCH answer with every member of account 1.

// Benchmarks are not tests: clippy.toml's allow-unwrap-in-tests does not cover them.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use divan::{Bencher, black_box};
use http::Method;
use rosterwire::{Contracts, ResponseVerdict};
use rosterwire_mock::exchange::OwnedRequest;
use rosterwire_mock::{Engine, Fidelity, FidelityProfile, VendorOptions, World};
use serde_json::Value;

fn main() {
    divan::main();
}

fn contracts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts")
}

/// Sends one request and returns the operation id and the JSON body.
fn send(
    engine: &Engine,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (&'static str, Value) {
    let mut request = OwnedRequest::new(method.clone(), path);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request.json(body.to_owned());
    let response = engine.handle(&request.as_request());
    assert_eq!(response.status, 200, "{}", response.body_text());
    (
        response.operation.id,
        serde_json::from_slice(&response.body).unwrap(),
    )
}

/// (vendor, operation id, body) of each vendor's largest answer.
fn largest_responses() -> Vec<(&'static str, &'static str, Value)> {
    let engine = Engine::new(
        &World::seed(),
        FidelityProfile::all(Fidelity::Documented),
        VendorOptions::default(),
    )
    .unwrap();
    let cd = [("authorization", "cd-agency-key-7f3a9b")];
    send(
        &engine,
        Method::PUT,
        "/v1/public/agents/assign",
        &cd,
        r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2","65a1b2c3d4e5f6a7b8c9d0e3","65a1b2c3d4e5f6a7b8c9d0e4"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
    );
    let (cd_id, cd_body) = send(&engine, Method::GET, "/v1/public/agents", &cd, "");

    let rc = [
        ("x-user-id", "adminKq3Lw8ZpR2xT"),
        ("x-auth-token", "rc-admin-token-9f2c1e7b4d"),
    ];
    let upsert: Vec<String> = (5..=9)
        .map(|n| format!(r#"{{"agentId":"6529401b024dde05d3f1cd8{n}","username":"u","count":{n},"order":{n}}}"#))
        .collect();
    send(
        &engine,
        Method::POST,
        "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
        &rc,
        &format!(r#"{{"upsert":[{}],"remove":[]}}"#, upsert.join(",")),
    );
    let (rc_id, rc_body) = send(
        &engine,
        Method::GET,
        "/api/v1/livechat/department/BiqbQav59HD2LzXEY",
        &rc,
        "",
    );

    let (cw_id, cw_body) = send(
        &engine,
        Method::PATCH,
        "/api/v1/accounts/1/teams/1/team_members",
        &[("api_access_token", "cw-acme-admin-token")],
        r#"{"user_ids":[1,2,3,4,5,6,7]}"#,
    );
    vec![
        ("chatdash", cd_id, cd_body),
        ("rocketchat", rc_id, rc_body),
        ("chatwoot", cw_id, cw_body),
    ]
}

#[divan::bench]
fn load_every_contract(bencher: Bencher<'_, '_>) {
    let dir = contracts_dir();
    bencher.bench_local(|| Contracts::load(black_box(&dir)).unwrap());
}

#[divan::bench(args = ["chatdash", "rocketchat", "chatwoot"])]
fn validate_the_largest_response(bencher: Bencher<'_, '_>, vendor: &str) {
    let contracts = Contracts::load(&contracts_dir()).unwrap();
    let (_, operation, body) = largest_responses()
        .into_iter()
        .find(|(v, _, _)| *v == vendor)
        .unwrap();
    let contract = contracts.get(vendor, operation).unwrap();
    assert_eq!(
        contract.validate_response(200, &body),
        ResponseVerdict::Conforms
    );
    // The contract really checks the body: anything else is refused.
    assert_ne!(
        contract.validate_response(200, &Value::Bool(true)),
        ResponseVerdict::Conforms
    );
    bencher.bench_local(|| contract.validate_response(200, black_box(&body)));
}
