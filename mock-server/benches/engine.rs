//! Microbenchmarks of `Engine::handle` without the network: routing plus vendor handling of
//! each vendor's mutating endpoint and its read-back, and an unknown path.
//!
//! Run: `cargo bench -p rosterwire-mock --bench engine` (figures in `bench/README.md`).
//! Each mutation is idempotent (the same membership again), so every iteration does the same work.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use divan::{Bencher, black_box};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use rosterwire_mock::exchange::Request;
use rosterwire_mock::{Engine, FidelityProfile, VendorOptions, World};

fn main() {
    divan::main();
}

/// One prepared request: built once, sent many times.
struct Prepared {
    method: Method,
    path: &'static str,
    query: Option<&'static str>,
    headers: HeaderMap,
    body: &'static [u8],
}

impl Prepared {
    fn new(method: Method, path: &'static str, headers: &[(&'static str, &'static str)]) -> Self {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        Self {
            method,
            path,
            query: None,
            headers: map,
            body: b"",
        }
    }

    fn json(mut self, body: &'static str) -> Self {
        self.headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        self.body = body.as_bytes();
        self
    }

    fn query(mut self, query: &'static str) -> Self {
        self.query = Some(query);
        self
    }

    fn request(&self) -> Request<'_> {
        Request {
            method: &self.method,
            path: self.path,
            query: self.query,
            headers: &self.headers,
            body: self.body,
        }
    }
}

fn engine() -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::default(),
        VendorOptions::default(),
    )
    .unwrap()
}

/// Sends `prepared` once (checking the status), then measures `Engine::handle` on it.
fn run(bencher: Bencher<'_, '_>, prepared: &Prepared, expected: StatusCode) {
    let engine = engine();
    assert_eq!(engine.handle(&prepared.request()).status, expected);
    bencher.bench_local(|| engine.handle(black_box(&prepared.request())));
}

const CD_AUTH: &[(&str, &str)] = &[("authorization", "cd-agency-key-7f3a9b")];
const RC_AUTH: &[(&str, &str)] = &[
    ("x-user-id", "adminKq3Lw8ZpR2xT"),
    ("x-auth-token", "rc-admin-token-9f2c1e7b4d"),
];
const CW_AUTH: &[(&str, &str)] = &[("api_access_token", "cw-acme-admin-token")];

mod chatdash {
    use super::*;

    #[divan::bench]
    fn assign_two_agents(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(Method::PUT, "/v1/public/agents/assign", CD_AUTH).json(
            r#"{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e1","65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}"#,
        );
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn list_agents(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(Method::GET, "/v1/public/agents", CD_AUTH);
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn refuse_a_missing_key(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(Method::PUT, "/v1/public/agents/assign", &[]).json("{}");
        run(bencher, &prepared, StatusCode::UNAUTHORIZED);
    }
}

mod rocketchat {
    use super::*;

    #[divan::bench]
    fn upsert_and_remove_agents(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::POST,
            "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
            RC_AUTH,
        )
        .json(
            r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana","count":1,"order":2}],"remove":[{"agentId":"6529401b024dde05d3f1cd88","username":"agent.bo"}]}"#,
        );
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn list_department_agents(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::GET,
            "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
            RC_AUTH,
        )
        .query("count=0");
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn refuse_a_bad_body(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::POST,
            "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
            RC_AUTH,
        )
        .json(r#"{"upsert":[{"agentId":5}],"remove":[]}"#);
        run(bencher, &prepared, StatusCode::BAD_REQUEST);
    }
}

mod chatwoot {
    use super::*;

    #[divan::bench]
    fn replace_team_members(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::PATCH,
            "/api/v1/accounts/1/teams/1/team_members",
            CW_AUTH,
        )
        .json(r#"{"user_ids":[3,4,5,6]}"#);
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn list_team_members(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::GET,
            "/api/v1/accounts/1/teams/1/team_members",
            CW_AUTH,
        );
        run(bencher, &prepared, StatusCode::OK);
    }

    #[divan::bench]
    fn refuse_an_unknown_token(bencher: Bencher<'_, '_>) {
        let prepared = Prepared::new(
            Method::PATCH,
            "/api/v1/accounts/1/teams/1/team_members",
            &[("api_access_token", "nope")],
        )
        .json(r#"{"user_ids":[3]}"#);
        run(bencher, &prepared, StatusCode::UNAUTHORIZED);
    }
}

#[divan::bench]
fn route_an_unknown_path(bencher: Bencher<'_, '_>) {
    let prepared = Prepared::new(Method::GET, "/api/v2/nothing/here", &[]);
    run(bencher, &prepared, StatusCode::NOT_FOUND);
}
