//! Rocket.Chat's behaviour matrix, driven through
//! `rosterwire_mock::Engine` without a socket, plus a few requests through a real `MockServer`
//! to check headers on the wire.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

// Who may call: 401 for bad credentials, 403 without the operation's permissions.
mod auth;
// Generation A (Meteor `check`) 400s and the check order around the department lookup.
mod meteor_validation;
// Generation B (ajv) 400s, coercion, and the list query check.
mod ajv_validation;
// The write: 200 answers and what they do to the records (read back from `Engine::world`).
mod state;
// The two GET endpoints: shape, paging, sort, includeAgents, unknown ids.
mod reads;
// Listing, creating and removing departments.
mod departments;
// The livechat agent list (`GET …/livechat/users/agent`).
mod livechat_agents;
// Answers not traced in the upstream sources (assumed; "Unverified answers" in
// docs/behaviours/rocketchat.md), and fault-injection bodies.
mod unverified;
// Hostile bodies never panic and never corrupt state.
mod hostile;
// Body parsing as `JSON.parse` and the router's spread do it (scalars, BOMs, Infinity, depth).
mod parsing;
// The documented profile's `username` requirement on upsert items.
mod documented_username;
// Unmatched paths: Hono's 404 (trailing slash, empty segments, wrong methods).
mod paths;
// Generation B against Rocket.Chat's published validator, run by node.
mod ajv_oracle;
// Through a real `MockServer` and reqwest: headers on the wire, body limit.
mod wire;

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use rosterwire_mock::exchange::{Request, Response};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, MockConfig, MockServer, Provenance, RocketChatValidation,
    VendorOptions, World,
};
use rstest::rstest;
use serde_json::{Value, json};

pub(crate) const SALES: &str = "BiqbQav59HD2LzXEY";
pub(crate) const SUPPORT: &str = "649230d479f5c6e276cf4a12";
pub(crate) const MISSING: &str = "NoSuchDepartment0";
pub(crate) const ADMIN: (&str, &str) = ("adminKq3Lw8ZpR2xT", "rc-admin-token-9f2c1e7b4d");
pub(crate) const VIEWER: (&str, &str) = ("viewerM4nB7cX2dFq", "rc-viewer-token-5a8e3c");
pub(crate) const NOBODY: (&str, &str) = ("nobodyP6vC3bN9kWe", "rc-nobody-token-2b7d4f");
pub(crate) const ADDER: (&str, &str) = ("adderZ8mT4qH6jLyR", "rc-adder-token-8c1e6a");
pub(crate) const KIM: &str = "6529401b024dde05d3f1cd85";
pub(crate) const LEE: &str = "6529401b024dde05d3f1cd86";
pub(crate) const ANA: &str = "6529401b024dde05d3f1cd87";
pub(crate) const BO: &str = "6529401b024dde05d3f1cd88";
pub(crate) const PAT: &str = "6529401b024dde05d3f1cd89";

pub(crate) const UNAUTHORIZED_OBSERVED: &str = r#"{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}"#;
pub(crate) const UNAUTHORIZED_DOCUMENTED: &str =
    r#"{"status":"error","message":"You must be logged in to do this."}"#;
pub(crate) const FORBIDDEN: &str = r#"{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}"#;
pub(crate) const NOT_FOUND_DEPARTMENT: &str = r#"{"success":false,"error":"Department not found [error-department-not-found]","errorType":"error-department-not-found"}"#;

pub(crate) fn engine_with(fidelity: Fidelity, validation: RocketChatValidation) -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(fidelity),
        VendorOptions {
            rocketchat_validation: validation,
        },
    )
    .unwrap()
}

pub(crate) fn engine() -> Engine {
    engine_with(Fidelity::Observed, RocketChatValidation::Meteor)
}

/// One request to send: method, path, query, credentials, JSON body.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Option<&'a str>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: None,
            headers: HeaderMap::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn post(department: &str) -> Self {
        Self::new(
            Method::POST,
            format!("/api/v1/livechat/department/{department}/agents"),
        )
        .by_user(ADMIN)
    }

    pub(crate) fn list(department: &str) -> Self {
        Self::new(
            Method::GET,
            format!("/api/v1/livechat/department/{department}/agents"),
        )
        .by_user(ADMIN)
    }

    pub(crate) fn department(department: &str) -> Self {
        Self::new(
            Method::GET,
            format!("/api/v1/livechat/department/{department}"),
        )
        .by_user(ADMIN)
    }

    pub(crate) fn by_user(self, (id, token): (&str, &str)) -> Self {
        self.header("x-user-id", id).header("x-auth-token", token)
    }

    pub(crate) fn anonymous(mut self) -> Self {
        self.headers.clear();
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers
            .insert(name, HeaderValue::from_str(value).unwrap());
        self
    }

    pub(crate) fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }

    pub(crate) fn json(self, body: &str) -> Self {
        self.raw("application/json", body.as_bytes())
    }

    pub(crate) fn raw(mut self, content_type: &str, body: &[u8]) -> Self {
        self.body = body.to_vec();
        self.header("content-type", content_type)
    }

    pub(crate) fn send(&self, engine: &Engine) -> Response {
        engine.handle(&Request {
            method: &self.method,
            path: &self.path,
            query: self.query,
            headers: &self.headers,
            body: &self.body,
        })
    }
}

pub(crate) fn status_and_body(response: &Response) -> (u16, String) {
    (response.status.as_u16(), response.body_text().into_owned())
}

pub(crate) fn body_json(response: &Response) -> Value {
    serde_json::from_slice(&response.body).unwrap()
}

/// The department's records as the world holds them, without the fields that vary.
pub(crate) fn records(engine: &Engine, department: &str) -> Vec<Value> {
    let world = serde_json::to_value(engine.world().rocketchat).unwrap();
    world["departmentAgents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["departmentId"] == department)
        .map(|r| {
            json!({"agentId": r["agentId"], "username": r["username"], "count": r["count"],
                   "order": r["order"], "departmentEnabled": r["departmentEnabled"]})
        })
        .collect()
}

pub(crate) fn num_agents(engine: &Engine, department: &str) -> Value {
    let world = serde_json::to_value(engine.world().rocketchat).unwrap();
    world["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["_id"] == department)
        .unwrap()["numAgents"]
        .clone()
}

pub(crate) fn record_id(engine: &Engine, department: &str, agent: &str) -> Option<String> {
    let world = serde_json::to_value(engine.world().rocketchat).unwrap();
    world["departmentAgents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["departmentId"] == department && r["agentId"] == agent)
        .map(|r| r["_id"].as_str().unwrap().to_owned())
}
