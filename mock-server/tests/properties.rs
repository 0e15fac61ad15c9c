//! Property tests of the three vendors through `rosterwire_mock::Engine` (no socket).
//!
//! 1. Random requests (arbitrary JSON values, truncated JSON and arbitrary bytes, to every route
//!    with every method and several credentials) never panic, always answer with the vendor's
//!    `Content-Type` and a body in one of the vendor's shapes, and leave a world that checks.
//! 2. Random sequences of valid operations agree, step by step, with a small reference model of
//!    membership written here independently of the vendor code (Rocket.Chat: remove then upsert;
//!    Chatwoot: replace-all / add / remove; ChatDash: exclusive assign / unassign).
//!
//! Bounded for CI: 64 cases per property, short sequences.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use std::collections::BTreeMap;

use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use proptest::prelude::*;
use rosterwire_mock::exchange::{Request, Response};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, RocketChatValidation, VendorName, VendorOptions, World,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Seed ids (common brief)
// ---------------------------------------------------------------------------------------------

const CD_KEY: &str = "cd-agency-key-7f3a9b";
const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
const GLOBEX: &str = "64b7f0c2a1e4d5f6a7b8c9d1";
const CD_AGENTS: [&str; 4] = [
    "65a1b2c3d4e5f6a7b8c9d0e1",
    "65a1b2c3d4e5f6a7b8c9d0e2",
    "65a1b2c3d4e5f6a7b8c9d0e3",
    "65a1b2c3d4e5f6a7b8c9d0e4",
];

const RC_SALES: &str = "BiqbQav59HD2LzXEY";
const RC_SUPPORT: &str = "649230d479f5c6e276cf4a12";
const RC_ADMIN: (&str, &str) = ("adminKq3Lw8ZpR2xT", "rc-admin-token-9f2c1e7b4d");
const RC_VIEWER: (&str, &str) = ("viewerM4nB7cX2dFq", "rc-viewer-token-5a8e3c");
const RC_ADDER: (&str, &str) = ("adderZ8mT4qH6jLyR", "rc-adder-token-8c1e6a");
/// kim, lee, ana, bo (agents) and pat (a plain user, added all the same).
const RC_USERS: [&str; 5] = [
    "6529401b024dde05d3f1cd85",
    "6529401b024dde05d3f1cd86",
    "6529401b024dde05d3f1cd87",
    "6529401b024dde05d3f1cd88",
    "6529401b024dde05d3f1cd89",
];
/// No such user: Rocket.Chat skips it.
const RC_STRANGER: &str = "000000000000000000000000";

const CW_ADMIN: &str = "cw-acme-admin-token";
const CW_AGENT: &str = "cw-acme-agent-token";
const CW_BOT: &str = "cw-bot-token";
const CW_SALES: &str = "/api/v1/accounts/1/teams/1/team_members";

const JSON: &str = "application/json";
const JSON_UTF8: &str = "application/json; charset=utf-8";

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// 64 cases per property (CI); `PROPTEST_CASES=5000` for a deeper run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn engine(fidelity: Fidelity, validation: RocketChatValidation) -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(fidelity),
        VendorOptions {
            rocketchat_validation: validation,
        },
    )
    .unwrap()
}

/// One request, owned so that proptest can generate and shrink it.
#[derive(Debug, Clone)]
struct Call {
    method: Method,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Call {
    fn new(method: &str, path: impl Into<String>) -> Self {
        Self {
            method: Method::from_bytes(method.as_bytes()).unwrap(),
            path: path.into(),
            query: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn json(mut self, body: &Value) -> Self {
        self.body = serde_json::to_vec(body).unwrap();
        self.header("content-type", JSON)
    }

    fn query(mut self, query: &str) -> Self {
        self.query = Some(query.to_owned());
        self
    }

    fn send(&self, engine: &Engine) -> Response {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        engine.handle(&Request {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            headers: &headers,
            body: &self.body,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Random inputs
// ---------------------------------------------------------------------------------------------

/// Keys the vendors look at, plus random ones.
fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "upsert", "remove", "agentId", "username", "count", "order", "user_ids",
            "agentIds", "clientId", "__proto__", "",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z0-9$]{1,6}",
    ]
}

/// Scalars, favouring ids and numbers the vendors know.
fn arb_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..12).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        prop::sample::select(
            [
                &CD_AGENTS[..],
                &RC_USERS[..],
                &[ACME, GLOBEX, RC_SALES, RC_STRANGER, "3", "1.5", ""]
            ]
            .concat()
        )
        .prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    arb_scalar().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A body: JSON, JSON cut short, or arbitrary bytes.
fn arb_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => arb_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        2 => (arb_json(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let bytes = serde_json::to_vec(&v).unwrap();
            bytes[..cut.index(bytes.len() + 1)].to_vec()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..48),
    ]
}

/// The paths a vendor serves, with known, unknown and odd segments.
fn arb_path(vendor: VendorName) -> BoxedStrategy<String> {
    let segment = prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9%.]{1,24}",
        prop::sample::select(vec!["1", "2", "3", "0", "-1", "99999999999999999999"])
            .prop_map(str::to_owned),
    ];
    match vendor {
        VendorName::ChatDash => {
            let agent = prop_oneof![
                prop::sample::select(CD_AGENTS.to_vec()).prop_map(str::to_owned),
                segment
            ];
            prop_oneof![
                Just("/v1/public/agents/assign".to_owned()),
                Just("/v1/public/agents".to_owned()),
                agent.clone().prop_map(|a| format!("/v1/public/agents/{a}")),
                agent.prop_map(|a| format!("/v1/public/agents/{a}/unassign")),
                "/[a-z/]{0,12}".prop_map(|rest| format!("/v1/public{rest}")),
            ]
            .boxed()
        }
        VendorName::RocketChat => {
            let department = prop_oneof![
                prop::sample::select(vec![RC_SALES, RC_SUPPORT]).prop_map(str::to_owned),
                segment,
            ];
            prop_oneof![
                department
                    .clone()
                    .prop_map(|d| format!("/api/v1/livechat/department/{d}/agents")),
                department.prop_map(|d| format!("/api/v1/livechat/department/{d}")),
                "/[a-z/]{0,12}".prop_map(|rest| format!("/api/v1/livechat{rest}")),
            ]
            .boxed()
        }
        VendorName::Chatwoot => {
            let id = prop_oneof![
                prop::sample::select(vec!["1", "2", "3"]).prop_map(str::to_owned),
                segment,
            ];
            prop_oneof![
                (id.clone(), id.clone())
                    .prop_map(|(a, t)| format!("/api/v1/accounts/{a}/teams/{t}/team_members")),
                (id.clone(), id.clone())
                    .prop_map(|(a, t)| format!("/api/v1/accounts/{a}/teams/{t}")),
                (id.clone(), id)
                    .prop_map(|(a, t)| format!("/api/v1/accounts/{a}/teams/{t}/team_members.json")),
                "/[a-z/]{0,12}".prop_map(|rest| format!("/api/v1/accounts{rest}")),
            ]
            .boxed()
        }
    }
}

/// Credentials: right, wrong, partial or none.
fn arb_credentials(vendor: VendorName) -> BoxedStrategy<Vec<(String, String)>> {
    let pairs = |list: Vec<Vec<(&'static str, &'static str)>>| {
        prop::sample::select(list).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect::<Vec<_>>()
        })
    };
    match vendor {
        VendorName::ChatDash => pairs(vec![
            vec![("authorization", CD_KEY)],
            vec![("authorization", "Bearer cd-agency-key-7f3a9b")],
            vec![("authorization", "wrong")],
            vec![],
        ])
        .boxed(),
        VendorName::RocketChat => pairs(vec![
            vec![("x-user-id", RC_ADMIN.0), ("x-auth-token", RC_ADMIN.1)],
            vec![("x-user-id", RC_VIEWER.0), ("x-auth-token", RC_VIEWER.1)],
            vec![("x-user-id", RC_ADDER.0), ("x-auth-token", RC_ADDER.1)],
            vec![("x-user-id", RC_ADMIN.0), ("x-auth-token", RC_VIEWER.1)],
            vec![("x-auth-token", RC_ADMIN.1)],
            vec![],
        ])
        .boxed(),
        VendorName::Chatwoot => pairs(vec![
            vec![("api_access_token", CW_ADMIN)],
            vec![("api_access_token", CW_AGENT)],
            vec![("api_access_token", "cw-globex-admin-token")],
            vec![("api_access_token", "cw-initech-admin-token")],
            vec![("api_access_token", CW_BOT)],
            vec![("api_access_token", "nope")],
            vec![],
        ])
        .boxed(),
    }
}

fn arb_content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some(JSON),
        Some(JSON_UTF8),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ])
}

fn arb_call(vendor: VendorName) -> impl Strategy<Value = Call> {
    (
        prop::sample::select(METHODS.to_vec()),
        arb_path(vendor),
        prop::option::of("[a-z=&0-9%{}\":-]{0,16}"),
        arb_credentials(vendor),
        arb_content_type(),
        arb_body(),
    )
        .prop_map(|(method, path, query, credentials, content_type, body)| {
            let mut call = Call::new(method, path);
            call.query = query;
            call.headers = credentials;
            if let Some(content_type) = content_type {
                call = call.header("content-type", content_type);
            }
            call.body = body;
            call
        })
}

fn arb_settings() -> impl Strategy<Value = (Fidelity, RocketChatValidation)> {
    (
        prop::sample::select(vec![Fidelity::Documented, Fidelity::Observed]),
        prop::sample::select(vec![
            RocketChatValidation::Meteor,
            RocketChatValidation::Ajv,
        ]),
    )
}

// ---------------------------------------------------------------------------------------------
// The vendors' shapes
// ---------------------------------------------------------------------------------------------

fn keys(object: &serde_json::Map<String, Value>) -> Vec<&str> {
    object.keys().map(String::as_str).collect()
}

/// `{"message": "…"}`, `{"error": "…"}`, an agent, or a list of agents.
fn chatdash_shape(value: &Value) -> bool {
    let agent =
        |v: &Value| v.get("_id").is_some_and(Value::is_string) && v.get("clientId").is_some();
    match value {
        Value::Object(o) if keys(o) == ["message"] || keys(o) == ["error"] => {
            o.values().all(Value::is_string)
        }
        Value::Object(_) => agent(value),
        Value::Array(items) => items.iter().all(agent),
        _ => false,
    }
}

/// An object with a boolean `success`, or the documented 401 `{"status":"error","message":…}`.
fn rocketchat_shape(value: &Value) -> bool {
    match value {
        Value::Object(o) if o.get("success").is_some_and(Value::is_boolean) => {
            o["success"] == true || o.get("error").is_some_and(Value::is_string)
        }
        Value::Object(o) => {
            keys(o) == ["status", "message"] && o["status"] == "error" && o["message"].is_string()
        }
        _ => false,
    }
}

/// Rails and devise errors, `RecordInvalid`'s 422, Chatwoot's documented errors, a team, a
/// list of teams, or a list of agents.
fn chatwoot_shape(value: &Value) -> bool {
    let agent = |v: &Value| v.get("id").is_some_and(Value::is_i64) && v.get("role").is_some();
    let team = |v: &Value| {
        v.as_object().is_some_and(|o| {
            keys(o)
                == [
                    "id",
                    "name",
                    "description",
                    "allow_auto_assign",
                    "account_id",
                    "is_member",
                ]
        })
    };
    match value {
        Value::Object(o) => match keys(o).as_slice() {
            ["status", "error"] => o["status"].is_u64() && o["error"].is_string(),
            ["error"] => o["error"].is_string(),
            ["errors"] => o["errors"].is_array(),
            ["description", "errors"] => o["description"].is_string() && o["errors"].is_array(),
            ["message", "attributes"] => o["message"].is_string() && o["attributes"].is_array(),
            _ => team(value),
        },
        Value::Array(items) => items.iter().all(agent) || items.iter().all(team),
        _ => false,
    }
}

/// Panics with the request and the response unless `response` is in `vendor`'s shape.
fn assert_vendor_shape(vendor: VendorName, call: &Call, response: &Response) {
    let context = || {
        format!(
            "{} {}?{:?} {:?} body={:?} -> {} {:?} {}",
            call.method,
            call.path,
            call.query,
            call.headers,
            String::from_utf8_lossy(&call.body),
            response.status,
            response.content_type,
            response.body_text()
        )
    };
    assert_eq!(response.operation.vendor, Some(vendor), "{}", context());
    let status = response.status;
    let empty_ok = call.method == Method::HEAD
        || (vendor == VendorName::Chatwoot
            && status == StatusCode::OK
            && call.method == Method::DELETE
            && response.content_type == Some(JSON));
    if response.body.is_empty() && empty_ok {
        return;
    }
    // Rocket.Chat's router (Hono) answers unmatched paths with its plain-text 404, and Meteor's
    // WebApp answers paths starting with `//` (which never reach the API router).
    if vendor == VendorName::RocketChat {
        if status == StatusCode::NOT_FOUND {
            assert_eq!(response.body_text(), "404 Not Found", "{}", context());
            assert_eq!(
                response.content_type,
                Some("text/plain; charset=UTF-8"),
                "{}",
                context()
            );
            return;
        }
        if call.path.starts_with("//") {
            assert!(matches!(status.as_u16(), 200 | 405), "{}", context());
            return;
        }
    }
    let (content_type, in_shape): (&str, fn(&Value) -> bool) = match vendor {
        VendorName::ChatDash => (JSON_UTF8, chatdash_shape),
        VendorName::RocketChat => (JSON, rocketchat_shape),
        VendorName::Chatwoot => (JSON_UTF8, chatwoot_shape),
    };
    assert_eq!(response.content_type, Some(content_type), "{}", context());
    let value: Value = serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", context()));
    assert!(in_shape(&value), "not in the vendor's shape: {}", context());
    // Only Chatwoot has a (real, observed) 500: Rails' NoMethodError page.
    if status.is_server_error() {
        assert_eq!(vendor, VendorName::Chatwoot, "{}", context());
        assert_eq!(
            response.body_text(),
            r#"{"status":500,"error":"Internal Server Error"}"#
        );
    }
}

fn random_requests_answer_in_shape(
    vendor: VendorName,
    (fidelity, validation): (Fidelity, RocketChatValidation),
    calls: &[Call],
) {
    let engine = engine(fidelity, validation);
    for call in calls {
        let response = call.send(&engine);
        assert_vendor_shape(vendor, call, &response);
        engine.world().check().unwrap();
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_chatdash_requests_never_panic_and_answer_in_chatdashs_shape(
        settings in arb_settings(),
        calls in prop::collection::vec(arb_call(VendorName::ChatDash), 1..8),
    ) {
        random_requests_answer_in_shape(VendorName::ChatDash, settings, &calls);
    }

    #[test]
    fn random_rocketchat_requests_never_panic_and_answer_in_rocketchats_shape(
        settings in arb_settings(),
        calls in prop::collection::vec(arb_call(VendorName::RocketChat), 1..8),
    ) {
        random_requests_answer_in_shape(VendorName::RocketChat, settings, &calls);
    }

    #[test]
    fn random_chatwoot_requests_never_panic_and_answer_in_chatwoots_shape(
        settings in arb_settings(),
        calls in prop::collection::vec(arb_call(VendorName::Chatwoot), 1..8),
    ) {
        random_requests_answer_in_shape(VendorName::Chatwoot, settings, &calls);
    }

    #[test]
    fn a_path_outside_every_vendor_is_the_unknown_route(
        method in prop::sample::select(METHODS.to_vec()),
        path in "/[a-z0-9/]{0,20}",
        body in arb_body(),
    ) {
        prop_assume!(VendorName::for_path(&path).is_none());
        let engine = engine(Fidelity::Observed, RocketChatValidation::Meteor);
        let mut call = Call::new(method, path).header("content-type", JSON);
        call.body = body;
        let response = call.send(&engine);
        prop_assert_eq!(response.operation, rosterwire_mock::exchange::UNKNOWN_ROUTE);
        prop_assert_eq!(response.status, StatusCode::NOT_FOUND);
        let value: Value = serde_json::from_slice(&response.body).unwrap();
        prop_assert!(value["error"].is_string());
    }
}

// ---------------------------------------------------------------------------------------------
// Rocket.Chat: remove, then upsert (last values win), against a model
// ---------------------------------------------------------------------------------------------

/// One upsert item: agent index (5 = stranger), optional count and order.
type RcItem = (usize, Option<i32>, Option<i32>);

#[derive(Debug, Clone)]
struct RcPost {
    department: &'static str,
    upsert: Vec<RcItem>,
    remove: Vec<usize>,
}

fn rc_user(index: usize) -> &'static str {
    RC_USERS.get(index).copied().unwrap_or(RC_STRANGER)
}

fn arb_rc_post() -> impl Strategy<Value = RcPost> {
    let item = (
        0usize..6,
        prop::option::of(-2i32..5),
        prop::option::of(0i32..4),
    );
    (
        prop::sample::select(vec![RC_SALES, RC_SUPPORT]),
        prop::collection::vec(item, 0..5),
        prop::collection::vec(0usize..6, 0..3),
    )
        .prop_map(|(department, upsert, remove)| RcPost {
            department,
            upsert,
            remove,
        })
}

impl RcPost {
    fn call(&self) -> Call {
        let upsert: Vec<Value> = self
            .upsert
            .iter()
            .map(|(user, count, order)| {
                // ajv (generation B) requires `username`; the record takes the user's own.
                let mut item = json!({ "agentId": rc_user(*user), "username": "ignored" });
                if let Some(count) = count {
                    item["count"] = json!(count);
                }
                if let Some(order) = order {
                    item["order"] = json!(order);
                }
                item
            })
            .collect();
        let remove: Vec<Value> = self
            .remove
            .iter()
            .map(|user| json!({ "agentId": rc_user(*user), "username": "ignored" }))
            .collect();
        rc_admin(
            "POST",
            format!("/api/v1/livechat/department/{}/agents", self.department),
        )
        .json(&json!({ "upsert": upsert, "remove": remove }))
    }
}

fn rc_admin(method: &str, path: String) -> Call {
    Call::new(method, path)
        .header("x-user-id", RC_ADMIN.0)
        .header("x-auth-token", RC_ADMIN.1)
}

/// department → agentId → (count, order).
type RcModel = BTreeMap<&'static str, BTreeMap<String, (i64, i64)>>;

/// The model's step, written from `updateDepartmentAgents` (RocketChat/Rocket.Chat@f181ce4748a41b303ff895e1f226d0b5e12bc6b2
/// `apps/meteor/app/livechat/server/lib/Helper.ts`): removals first, then each upsert item in
/// order (unknown users skipped, missing count/order = 0, last item wins).
fn rc_apply(model: &mut RcModel, post: &RcPost) {
    let records = model.entry(post.department).or_default();
    for user in &post.remove {
        records.remove(rc_user(*user));
    }
    for (user, count, order) in &post.upsert {
        if *user < RC_USERS.len() {
            records.insert(
                rc_user(*user).to_owned(),
                (i64::from(count.unwrap_or(0)), i64::from(order.unwrap_or(0))),
            );
        }
    }
}

/// The engine's records of a department (GET, unlimited page) and its `numAgents`.
fn rc_read(engine: &Engine, department: &str) -> (BTreeMap<String, (i64, i64)>, i64) {
    let list = rc_admin(
        "GET",
        format!("/api/v1/livechat/department/{department}/agents"),
    )
    .query("count=0")
    .send(engine);
    assert_eq!(list.status, StatusCode::OK, "{}", list.body_text());
    let list: Value = serde_json::from_slice(&list.body).unwrap();
    let records = list["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["agentId"].as_str().unwrap().to_owned();
            (
                id,
                (r["count"].as_i64().unwrap(), r["order"].as_i64().unwrap()),
            )
        })
        .collect();
    let shown = rc_admin("GET", format!("/api/v1/livechat/department/{department}")).send(engine);
    let shown: Value = serde_json::from_slice(&shown.body).unwrap();
    (records, shown["department"]["numAgents"].as_i64().unwrap())
}

// ---------------------------------------------------------------------------------------------
// Chatwoot: replace-all, add, remove on team 1 (account 1, users 1..=7), against a model
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum CwVerb {
    Patch,
    Post,
    Delete,
}

fn arb_cw_step() -> impl Strategy<Value = (CwVerb, Vec<i64>)> {
    (
        prop::sample::select(vec![CwVerb::Patch, CwVerb::Post, CwVerb::Delete]),
        prop::collection::vec(1i64..=7, 0..6),
    )
}

fn cw_call(verb: CwVerb, ids: &[i64]) -> Call {
    let method = match verb {
        CwVerb::Patch => "PATCH",
        CwVerb::Post => "POST",
        CwVerb::Delete => "DELETE",
    };
    Call::new(method, CW_SALES)
        .header("api_access_token", CW_ADMIN)
        .json(&json!({ "user_ids": ids }))
}

/// The model's step: PATCH keeps the members still listed (in their order) and appends the new
/// ones in request order; POST appends the new ones; DELETE drops the listed ones.
fn cw_apply(members: &mut Vec<i64>, verb: CwVerb, ids: &[i64]) {
    if verb == CwVerb::Delete {
        members.retain(|m| !ids.contains(m));
        return;
    }
    if verb == CwVerb::Patch {
        members.retain(|m| ids.contains(m));
    }
    for id in ids {
        if !members.contains(id) {
            members.push(*id);
        }
    }
}

fn cw_read(engine: &Engine) -> Vec<i64> {
    let response = Call::new("GET", CW_SALES)
        .header("api_access_token", CW_ADMIN)
        .send(engine);
    assert_eq!(response.status, StatusCode::OK);
    let agents: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    agents.iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

// ---------------------------------------------------------------------------------------------
// ChatDash: exclusive assignment, against a model
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum CdStep {
    Assign {
        agents: Vec<usize>,
        client: &'static str,
    },
    Unassign {
        agent: usize,
        client: &'static str,
    },
}

fn arb_cd_step() -> impl Strategy<Value = CdStep> {
    let client = prop::sample::select(vec![ACME, GLOBEX]);
    prop_oneof![
        (prop::collection::vec(0usize..4, 1..4), client.clone())
            .prop_map(|(agents, client)| CdStep::Assign { agents, client }),
        (0usize..4, client).prop_map(|(agent, client)| CdStep::Unassign { agent, client }),
    ]
}

impl CdStep {
    fn call(&self) -> Call {
        let (path, body) = match self {
            CdStep::Assign { agents, client } => {
                let ids: Vec<&str> = agents.iter().map(|a| CD_AGENTS[*a]).collect();
                (
                    "/v1/public/agents/assign".to_owned(),
                    json!({ "agentIds": ids, "clientId": client }),
                )
            }
            CdStep::Unassign { agent, client } => (
                format!("/v1/public/agents/{}/unassign", CD_AGENTS[*agent]),
                json!({ "clientId": client }),
            ),
        };
        Call::new("PUT", path)
            .header("authorization", CD_KEY)
            .json(&body)
    }

    /// The model's step and the status it expects: an assign is all or nothing and refused
    /// (409) when any agent belongs to another client; an unassign only frees an agent of that
    /// client (else 409).
    fn apply(&self, model: &mut [Option<&'static str>; 4]) -> StatusCode {
        match self {
            CdStep::Assign { agents, client } => {
                let taken = agents
                    .iter()
                    .any(|a| model[*a].is_some_and(|c| c != *client));
                if taken {
                    return StatusCode::CONFLICT;
                }
                agents.iter().for_each(|a| model[*a] = Some(client));
                StatusCode::OK
            }
            CdStep::Unassign { agent, client } => {
                if model[*agent] != Some(*client) {
                    return StatusCode::CONFLICT;
                }
                model[*agent] = None;
                StatusCode::OK
            }
        }
    }
}

fn cd_read(engine: &Engine) -> Vec<Option<String>> {
    let response = Call::new("GET", "/v1/public/agents")
        .header("authorization", CD_KEY)
        .send(engine);
    let agents: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
    CD_AGENTS
        .iter()
        .map(|id| {
            let agent = agents.iter().find(|a| a["_id"] == *id).unwrap();
            agent["clientId"].as_str().map(str::to_owned)
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rocketchat_posts_keep_the_records_equal_to_the_model(
        settings in arb_settings(),
        posts in prop::collection::vec(arb_rc_post(), 1..12),
    ) {
        let engine = engine(settings.0, settings.1);
        let mut model = RcModel::new();
        for department in [RC_SALES, RC_SUPPORT] {
            model.insert(department, rc_read(&engine, department).0);
        }
        for post in &posts {
            let response = post.call().send(&engine);
            prop_assert_eq!(response.status, StatusCode::OK, "{:?}: {}", post, response.body_text());
            prop_assert_eq!(response.body_text(), r#"{"success":true}"#);
            rc_apply(&mut model, post);
            for department in [RC_SALES, RC_SUPPORT] {
                let (records, num_agents) = rc_read(&engine, department);
                prop_assert_eq!(&records, &model[department], "after {:?}", post);
                prop_assert_eq!(num_agents, i64::try_from(records.len()).unwrap());
            }
        }
    }

    #[test]
    fn chatwoot_member_changes_keep_the_team_equal_to_the_model(
        fidelity in prop::sample::select(vec![Fidelity::Documented, Fidelity::Observed]),
        steps in prop::collection::vec(arb_cw_step(), 1..12),
    ) {
        let engine = engine(fidelity, RocketChatValidation::Meteor);
        let mut model = vec![3, 4];
        prop_assert_eq!(cw_read(&engine), model.clone());
        for (verb, ids) in &steps {
            let response = cw_call(*verb, ids).send(&engine);
            prop_assert_eq!(response.status, StatusCode::OK, "{:?} {:?}: {}", verb, ids, response.body_text());
            cw_apply(&mut model, *verb, ids);
            if *verb == CwVerb::Patch {
                // PATCH answers every member, in order.
                let answered: Vec<Value> = serde_json::from_slice(&response.body).unwrap();
                let answered: Vec<i64> = answered.iter().map(|a| a["id"].as_i64().unwrap()).collect();
                prop_assert_eq!(&answered, &model);
            }
            prop_assert_eq!(cw_read(&engine), model.clone(), "after {:?} {:?}", verb, ids);
        }
    }

    #[test]
    fn chatdash_assignments_stay_exclusive_and_equal_to_the_model(
        steps in prop::collection::vec(arb_cd_step(), 1..16),
    ) {
        let engine = engine(Fidelity::Documented, RocketChatValidation::Meteor);
        let mut model: [Option<&'static str>; 4] = [Some(ACME), None, None, None];
        for step in &steps {
            let response = step.call().send(&engine);
            let expected = step.apply(&mut model);
            prop_assert_eq!(response.status, expected, "{:?}: {}", step, response.body_text());
            let want: Vec<Option<String>> = model.iter().map(|c| c.map(str::to_owned)).collect();
            prop_assert_eq!(cd_read(&engine), want, "after {:?}", step);
        }
    }
}
