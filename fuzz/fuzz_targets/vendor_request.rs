//! Fuzz target: a short sequence of arbitrary requests (method, path, query, headers, body)
//! into `Engine::handle` on a fresh seed world, in either fidelity profile and either Rocket.Chat
//! validation generation.
//!
//! Fails on: a panic; a vendor path answered without a `Content-Type` or by no vendor; a 5xx
//! other than Chatwoot's observed Rails 500; a world that no longer checks after the requests.

#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use libfuzzer_sys::fuzz_target;
use rosterwire_mock::exchange::Request;
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, RocketChatValidation, VendorName, VendorOptions, World,
};

/// The seed world, parsed once (each input still gets a fresh engine built from it).
static SEED: LazyLock<World> = LazyLock::new(World::seed);

/// Path prefixes that reach each vendor's routes with known ids; the fuzzer appends the rest.
const PREFIXES: [&str; 10] = [
    "",
    "/v1/public/agents",
    "/v1/public/agents/65a1b2c3d4e5f6a7b8c9d0e1",
    "/v1/public/agents/assign",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY",
    "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
    "/api/v1/livechat",
    "/api/v1/accounts/1/teams/1/team_members",
    "/api/v1/accounts/1/teams/1",
    "/api/v1/accounts",
];

/// Credential sets of the seed world.
const CREDENTIALS: [&[(&str, &str)]; 5] = [
    &[],
    &[("authorization", "cd-agency-key-7f3a9b")],
    &[
        ("x-user-id", "adminKq3Lw8ZpR2xT"),
        ("x-auth-token", "rc-admin-token-9f2c1e7b4d"),
    ],
    &[("api_access_token", "cw-acme-admin-token")],
    &[("api_access_token", "cw-acme-agent-token")],
];

const METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
];

#[derive(Debug, Arbitrary)]
struct Call<'a> {
    method: u8,
    prefix: u8,
    rest: &'a str,
    query: Option<&'a str>,
    credentials: u8,
    json_content_type: bool,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    observed: bool,
    ajv: bool,
    calls: Vec<Call<'a>>,
}

fuzz_target!(|input: Input<'_>| {
    let fidelity = if input.observed {
        Fidelity::Observed
    } else {
        Fidelity::Documented
    };
    let validation = if input.ajv {
        RocketChatValidation::Ajv
    } else {
        RocketChatValidation::Meteor
    };
    let engine = Engine::new(
        &SEED,
        FidelityProfile::all(fidelity),
        VendorOptions {
            rocketchat_validation: validation,
        },
    )
    .expect("the seed world builds an engine");
    for call in input.calls.iter().take(4) {
        send(&engine, call);
    }
    if let Err(error) = engine.world().check() {
        panic!("the requests broke the world: {error}");
    }
});

fn send(engine: &Engine, call: &Call<'_>) {
    let method = &METHODS[usize::from(call.method) % METHODS.len()];
    let path = format!(
        "{}{}",
        PREFIXES[usize::from(call.prefix) % PREFIXES.len()],
        call.rest
    );
    let mut headers = HeaderMap::new();
    for (name, value) in CREDENTIALS[usize::from(call.credentials) % CREDENTIALS.len()] {
        headers.insert(*name, HeaderValue::from_static(value));
    }
    if call.json_content_type {
        headers.insert("content-type", HeaderValue::from_static("application/json"));
    }
    for (name, value) in call.headers.iter().take(8) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            headers.append(name, value);
        }
    }
    let response = engine.handle(&Request {
        method,
        path: &path,
        query: call.query,
        headers: &headers,
        body: call.body,
    });
    let vendor = VendorName::for_path(&path);
    assert_eq!(response.operation.vendor, vendor, "{method} {path}");
    if vendor.is_some() {
        assert!(response.content_type.is_some(), "{method} {path}");
    }
    if response.status.is_server_error() {
        assert_eq!(vendor, Some(VendorName::Chatwoot), "{method} {path}");
        assert_eq!(
            &response.body[..],
            br#"{"status":500,"error":"Internal Server Error"}"#
        );
    }
}
