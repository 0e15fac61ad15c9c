//! Rocket.Chat's behaviour matrix (shared/reference/rocketchat.md §10), driven through
//! `rosterwire_mock::Engine` without a socket, plus a few requests through a real `MockServer`
//! to check headers on the wire.

#![allow(clippy::unwrap_used)]

use http::{HeaderMap, HeaderValue, Method, StatusCode};
use rosterwire_mock::{
    Engine, Fidelity, FidelityProfile, MockConfig, MockServer, Provenance, Request, Response,
    RocketChatValidation, VendorOptions, World,
};
use rstest::rstest;
use serde_json::{Value, json};

const SALES: &str = "BiqbQav59HD2LzXEY";
const SUPPORT: &str = "649230d479f5c6e276cf4a12";
const MISSING: &str = "NoSuchDepartment0";
const ADMIN: (&str, &str) = ("adminKq3Lw8ZpR2xT", "rc-admin-token-9f2c1e7b4d");
const VIEWER: (&str, &str) = ("viewerM4nB7cX2dFq", "rc-viewer-token-5a8e3c");
const NOBODY: (&str, &str) = ("nobodyP6vC3bN9kWe", "rc-nobody-token-2b7d4f");
const ADDER: (&str, &str) = ("adderZ8mT4qH6jLyR", "rc-adder-token-8c1e6a");
const KIM: &str = "6529401b024dde05d3f1cd85";
const LEE: &str = "6529401b024dde05d3f1cd86";
const ANA: &str = "6529401b024dde05d3f1cd87";
const BO: &str = "6529401b024dde05d3f1cd88";
const PAT: &str = "6529401b024dde05d3f1cd89";

const UNAUTHORIZED_OBSERVED: &str = r#"{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}"#;
const UNAUTHORIZED_DOCUMENTED: &str =
    r#"{"status":"error","message":"You must be logged in to do this."}"#;
const FORBIDDEN: &str = r#"{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}"#;
const NOT_FOUND_DEPARTMENT: &str = r#"{"success":false,"error":"Department not found [error-department-not-found]","errorType":"error-department-not-found"}"#;

fn engine_with(fidelity: Fidelity, validation: RocketChatValidation) -> Engine {
    Engine::new(
        &World::seed(),
        FidelityProfile::all(fidelity),
        VendorOptions {
            rocketchat_validation: validation,
        },
    )
    .unwrap()
}

fn engine() -> Engine {
    engine_with(Fidelity::Observed, RocketChatValidation::Meteor)
}

/// One request to send: method, path, query, credentials, JSON body.
struct Call<'a> {
    method: Method,
    path: String,
    query: Option<&'a str>,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: None,
            headers: HeaderMap::new(),
            body: Vec::new(),
        }
    }

    fn post(department: &str) -> Self {
        Self::new(
            Method::POST,
            format!("/api/v1/livechat/department/{department}/agents"),
        )
        .by_user(ADMIN)
    }

    fn list(department: &str) -> Self {
        Self::new(
            Method::GET,
            format!("/api/v1/livechat/department/{department}/agents"),
        )
        .by_user(ADMIN)
    }

    fn department(department: &str) -> Self {
        Self::new(
            Method::GET,
            format!("/api/v1/livechat/department/{department}"),
        )
        .by_user(ADMIN)
    }

    fn by_user(self, (id, token): (&str, &str)) -> Self {
        self.header("x-user-id", id).header("x-auth-token", token)
    }

    fn anonymous(mut self) -> Self {
        self.headers.clear();
        self
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers
            .insert(name, HeaderValue::from_str(value).unwrap());
        self
    }

    fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }

    fn json(self, body: &str) -> Self {
        self.raw("application/json", body.as_bytes())
    }

    fn raw(mut self, content_type: &str, body: &[u8]) -> Self {
        self.body = body.to_vec();
        self.header("content-type", content_type)
    }

    fn send(&self, engine: &Engine) -> Response {
        engine.handle(&Request {
            method: &self.method,
            path: &self.path,
            query: self.query,
            headers: &self.headers,
            body: &self.body,
        })
    }
}

fn status_and_body(response: &Response) -> (u16, String) {
    (response.status.as_u16(), response.body_text().into_owned())
}

fn body_json(response: &Response) -> Value {
    serde_json::from_slice(&response.body).unwrap()
}

/// The department's records as the world holds them, without the fields that vary.
fn records(engine: &Engine, department: &str) -> Vec<Value> {
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

fn num_agents(engine: &Engine, department: &str) -> Value {
    let world = serde_json::to_value(engine.world().rocketchat).unwrap();
    world["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["_id"] == department)
        .unwrap()["numAgents"]
        .clone()
}

fn record_id(engine: &Engine, department: &str, agent: &str) -> Option<String> {
    let world = serde_json::to_value(engine.world().rocketchat).unwrap();
    world["departmentAgents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["departmentId"] == department && r["agentId"] == agent)
        .map(|r| r["_id"].as_str().unwrap().to_owned())
}

// ---------------------------------------------------------------- auth and permissions

#[rstest]
#[case::no_headers(Call::post(SALES).anonymous())]
#[case::only_user_id(Call::post(SALES).anonymous().header("x-user-id", ADMIN.0))]
#[case::only_token(Call::post(SALES).anonymous().header("x-auth-token", ADMIN.1))]
#[case::empty_headers(Call::post(SALES).anonymous().header("x-user-id", "").header("x-auth-token", ""))]
#[case::wrong_token(Call::post(SALES).by_user((ADMIN.0, "nope")))]
#[case::token_of_another_user(Call::post(SALES).by_user((ADMIN.0, VIEWER.1)))]
#[case::a_user_without_a_token(Call::post(SALES).by_user((KIM, "")))]
fn bad_credentials_give_401_before_anything_else(#[case] call: Call<'static>) {
    let call = call.json("not even json");
    let observed = call.send(&engine());
    assert_eq!(
        status_and_body(&observed),
        (401, UNAUTHORIZED_OBSERVED.to_owned())
    );
    assert_eq!(observed.provenance, Provenance::Observed);
    let documented = call.send(&engine_with(
        Fidelity::Documented,
        RocketChatValidation::Meteor,
    ));
    assert_eq!(
        status_and_body(&documented),
        (401, UNAUTHORIZED_DOCUMENTED.to_owned())
    );
    assert_eq!(documented.provenance, Provenance::Documented);
}

#[rstest]
#[case::no_permission_at_all(NOBODY)]
#[case::agent_with_view_l_room_only(VIEWER)]
fn callers_without_a_post_permission_get_403_even_with_a_bad_body(
    #[case] user: (&str, &str),
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let response = Call::post(MISSING).by_user(user).json("[]").send(&engine);
    assert_eq!(status_and_body(&response), (403, FORBIDDEN.to_owned()));
}

#[test]
fn either_post_permission_is_enough() {
    let engine = engine();
    let response = Call::post(SUPPORT)
        .by_user(ADDER)
        .json(&format!(
            r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#
        ))
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
}

#[rstest]
#[case::list(Call::list(SALES))]
#[case::department(Call::department(SALES))]
fn reads_need_view_livechat_departments_or_view_l_room(#[case] call: Call<'static>) {
    let engine = engine();
    assert_eq!(call.send(&engine).status, StatusCode::OK);
    assert_eq!(call_as(&call, VIEWER).send(&engine).status, StatusCode::OK);
    assert_eq!(
        status_and_body(&call_as(&call, ADDER).send(&engine)),
        (403, FORBIDDEN.to_owned())
    );
    assert_eq!(
        status_and_body(&call_as(&call, NOBODY).send(&engine)),
        (403, FORBIDDEN.to_owned())
    );
    let anonymous = Call::new(call.method.clone(), call.path.clone());
    let response = anonymous.send(&engine_with(
        Fidelity::Documented,
        RocketChatValidation::Meteor,
    ));
    // The documents describe only the POST: reads answer the observed 401 in both profiles.
    assert_eq!(
        status_and_body(&response),
        (401, UNAUTHORIZED_OBSERVED.to_owned())
    );
    assert_eq!(response.provenance, Provenance::Observed);
}

fn call_as<'a>(call: &Call<'a>, user: (&str, &str)) -> Call<'a> {
    Call::new(call.method.clone(), call.path.clone()).by_user(user)
}

// ---------------------------------------------------------------- generation A 400s

#[rstest]
#[case::no_body(None, "", "Match error: Missing key 'upsert'")]
#[case::empty_object(None, "{}", "Match error: Missing key 'upsert'")]
#[case::null(None, "null", "Match error: Missing key 'upsert'")]
#[case::malformed_json(None, r#"{"upsert": ["#, "Match error: Missing key 'upsert'")]
#[case::not_json_content_type(
    Some("text/plain"),
    r#"{"upsert":[],"remove":[]}"#,
    "Match error: Missing key 'upsert'"
)]
#[case::only_remove(None, r#"{"remove":[]}"#, "Match error: Missing key 'upsert'")]
#[case::only_upsert(None, r#"{"upsert":[]}"#, "Match error: Missing key 'remove'")]
#[case::upsert_string(
    None,
    r#"{"upsert":"x","remove":[]}"#,
    "Match error: Expected Array in field upsert"
)]
#[case::upsert_object(
    None,
    r#"{"upsert":{},"remove":[]}"#,
    "Match error: Expected Array in field upsert"
)]
#[case::upsert_null(
    None,
    r#"{"upsert":null,"remove":[]}"#,
    "Match error: Expected Array in field upsert"
)]
#[case::body_key_order(
    None,
    r#"{"remove":"x","upsert":"y"}"#,
    "Match error: Expected Array in field remove"
)]
#[case::array_body(None, "[]", "Match error: Expected plain object")]
#[case::upsert_item_without_agent_id(
    None,
    r#"{"upsert":[{}],"remove":[]}"#,
    "Match error: Missing key 'agentId' in field upsert[0]"
)]
#[case::remove_item_without_agent_id(
    None,
    r#"{"upsert":[],"remove":[{}]}"#,
    "Match error: Missing key 'agentId' in field remove[0]"
)]
#[case::agent_id_number(
    None,
    r#"{"upsert":[{"agentId":5}],"remove":[]}"#,
    "Match error: Expected string, got number in field upsert[0].agentId"
)]
#[case::username_number(
    None,
    r#"{"upsert":[{"agentId":"a","username":5}],"remove":[]}"#,
    "Match error: Expected string, got number in field upsert[0].username"
)]
#[case::count_string(
    None,
    r#"{"upsert":[{"agentId":"a","count":"5"}],"remove":[]}"#,
    "Match error: Expected Integer, got \"5\" in field upsert[0].count"
)]
#[case::count_fraction(
    None,
    r#"{"upsert":[{"agentId":"a","count":1.5}],"remove":[]}"#,
    "Match error: Expected Integer, got 1.5 in field upsert[0].count"
)]
#[case::order_null(
    None,
    r#"{"upsert":[{"agentId":"a","order":null}],"remove":[]}"#,
    "Match error: Expected Integer, got null in field upsert[0].order"
)]
#[case::item_string(
    None,
    r#"{"upsert":["abc"],"remove":[]}"#,
    "Match error: Expected object, got string in field upsert[0]"
)]
#[case::item_null(
    None,
    r#"{"upsert":[null],"remove":[]}"#,
    "Match error: Expected object, got null in field upsert[0]"
)]
#[case::unknown_top_level_key(
    None,
    r#"{"upsert":[],"remove":[],"foo":1}"#,
    "Match error: Unknown key in field foo"
)]
#[case::item_error_reported_before_later_unknown_key(
    None,
    r#"{"upsert":[{}],"remove":[],"foo":1}"#,
    "Match error: Missing key 'agentId' in field upsert[0]"
)]
#[case::integer_like_key_first(
    None,
    r#"{"upsert":[{}],"remove":[],"1":1}"#,
    "Match error: Unknown key in field 1"
)]
fn generation_a_answers_400_match_errors_without_error_type(
    #[case] content_type: Option<&str>,
    #[case] body: &str,
    #[case] error: &str,
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let before = engine.world().to_json_pretty();
    let call = Call::post(SALES).raw(content_type.unwrap_or("application/json"), body.as_bytes());
    let response = call.send(&engine);
    let expected = json!({"success": false, "error": error}).to_string();
    assert_eq!(status_and_body(&response), (400, expected));
    assert_eq!(response.provenance, Provenance::Observed);
    assert_eq!(
        engine.world().to_json_pretty(),
        before,
        "a refused request changes nothing"
    );
}

#[test]
fn the_department_is_looked_up_after_the_body_check_and_before_the_item_check() {
    let engine = engine();
    let body_error = Call::post(MISSING).json(r#"{"upsert":[]}"#).send(&engine);
    assert_eq!(
        status_and_body(&body_error),
        (
            400,
            r#"{"success":false,"error":"Match error: Missing key 'remove'"}"#.to_owned()
        )
    );
    for body in [
        r#"{"upsert":[],"remove":[]}"#,
        r#"{"upsert":[{}],"remove":[]}"#,
    ] {
        let response = Call::post(MISSING).json(body).send(&engine);
        assert_eq!(
            status_and_body(&response),
            (400, NOT_FOUND_DEPARTMENT.to_owned())
        );
    }
}

// ---------------------------------------------------------------- generation B 400s

#[rstest]
#[case::no_body("", "must have required property 'upsert'")]
#[case::only_remove(r#"{"remove":[]}"#, "must have required property 'upsert'")]
#[case::only_upsert(r#"{"upsert":[]}"#, "must have required property 'remove'")]
#[case::extra_key(
    r#"{"upsert":[],"remove":[],"foo":1}"#,
    "must NOT have additional properties"
)]
#[case::missing_agent_id(
    r#"{"upsert":[{}],"remove":[]}"#,
    "must have required property 'agentId'"
)]
#[case::missing_username(
    r#"{"upsert":[{"agentId":"a"}],"remove":[]}"#,
    "must have required property 'username'"
)]
#[case::remove_missing_username(
    r#"{"upsert":[],"remove":[{"agentId":"a"}]}"#,
    "must have required property 'username'"
)]
#[case::upsert_string(r#"{"upsert":"x","remove":[]}"#, "must be array")]
#[case::array_body("[]", "must be object")]
#[case::item_string(r#"{"upsert":["x"],"remove":[]}"#, "must be object")]
#[case::count_not_numeric(
    r#"{"upsert":[{"agentId":"a","username":"u","count":"abc"}],"remove":[]}"#,
    "must be number"
)]
#[case::upsert_item_extra_key(
    r#"{"upsert":[{"agentId":"a","username":"u","departmentEnabled":true}],"remove":[]}"#,
    "must NOT have additional properties"
)]
fn generation_b_answers_400_invalid_params_before_the_department_lookup(
    #[case] body: &str,
    #[case] message: &str,
) {
    let engine = engine_with(Fidelity::Observed, RocketChatValidation::Ajv);
    let response = Call::post(MISSING).json(body).send(&engine);
    let expected = json!({"success": false, "error": format!("{message} [invalid-params]"), "errorType": "invalid-params"});
    assert_eq!(status_and_body(&response), (400, expected.to_string()));
}

#[test]
fn generation_b_coerces_counts_and_still_refuses_fractions_after_the_lookup() {
    let engine = engine_with(Fidelity::Observed, RocketChatValidation::Ajv);
    let fraction =
        format!(r#"{{"upsert":[{{"agentId":"{ANA}","username":"x","count":1.5}}],"remove":[]}}"#);
    assert_eq!(
        status_and_body(&Call::post(MISSING).json(&fraction).send(&engine)),
        (400, NOT_FOUND_DEPARTMENT.to_owned())
    );
    assert_eq!(
        status_and_body(&Call::post(SUPPORT).json(&fraction).send(&engine)),
        (400, r#"{"success":false,"error":"Match error: Expected Integer, got 1.5 in field upsert[0].count"}"#.to_owned())
    );
    let coerced = format!(
        r#"{{"upsert":[{{"agentId":"{ANA}","username":"x","count":"5","order":true}}],"remove":[]}}"#
    );
    assert_eq!(
        Call::post(SUPPORT).json(&coerced).send(&engine).status,
        StatusCode::OK
    );
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": ANA, "username": "agent.ana", "count": 5, "order": 1, "departmentEnabled": true})
        ]
    );
}

#[rstest]
#[case::unknown_parameter("foo=1", "must NOT have additional properties")]
#[case::count_not_numeric("count=abc", "must be number")]
fn generation_b_checks_the_list_query(#[case] query: &str, #[case] message: &str) {
    let engine = engine_with(Fidelity::Observed, RocketChatValidation::Ajv);
    let response = Call::list(SALES).query(query).send(&engine);
    let expected = json!({"success": false, "error": format!("{message} [invalid-params]"), "errorType": "invalid-params"});
    assert_eq!(status_and_body(&response), (400, expected.to_string()));
}

// ---------------------------------------------------------------- 200 and state

#[rstest]
#[case::documented(Fidelity::Documented, Provenance::Documented)]
#[case::observed(Fidelity::Observed, Provenance::Observed)]
fn empty_arrays_answer_a_boolean_success_and_change_nothing(
    #[case] fidelity: Fidelity,
    #[case] provenance: Provenance,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let before = engine.world().to_json_pretty();
    let response = Call::post(SALES)
        .json(r#"{"upsert":[],"remove":[]}"#)
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(response.provenance, provenance);
    assert_eq!(engine.world().to_json_pretty(), before);
}

#[test]
fn an_upsert_adds_a_record_with_the_users_username_and_recounts() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{ANA}","username":"whatever","count":4,"order":2}}],"remove":[]}}"#
    );
    assert_eq!(
        Call::post(SUPPORT).json(&body).send(&engine).status,
        StatusCode::OK
    );
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": ANA, "username": "agent.ana", "count": 4, "order": 2, "departmentEnabled": true})
        ]
    );
    assert_eq!(num_agents(&engine, SUPPORT), 1);
    let id = record_id(&engine, SUPPORT, ANA).unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn unknown_users_are_skipped_and_users_without_the_agent_role_are_added() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"nobody-by-this-id"}},{{"agentId":"{PAT}"}}],"remove":[{{"agentId":"{BO}"}}]}}"#
    );
    let response = Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": PAT, "username": "plain.pat", "count": 0, "order": 0, "departmentEnabled": true})
        ]
    );
}

#[test]
fn removals_run_before_upserts_and_a_removed_then_added_agent_gets_a_new_id() {
    let engine = engine();
    let old_kim = record_id(&engine, SALES, KIM).unwrap();
    let old_lee = record_id(&engine, SALES, LEE).unwrap();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{KIM}"}},{{"agentId":"{LEE}","count":7}}],"remove":[{{"agentId":"{KIM}"}}]}}"#
    );
    assert_eq!(
        Call::post(SALES).json(&body).send(&engine).status,
        StatusCode::OK
    );
    assert_ne!(record_id(&engine, SALES, KIM).unwrap(), old_kim);
    assert_eq!(record_id(&engine, SALES, LEE).unwrap(), old_lee);
    assert_eq!(num_agents(&engine, SALES), 2);
}

#[test]
fn a_re_upsert_without_count_or_order_resets_them_to_zero() {
    let engine = engine();
    let set = format!(r#"{{"upsert":[{{"agentId":"{LEE}","count":3,"order":9}}],"remove":[]}}"#);
    let reset = format!(r#"{{"upsert":[{{"agentId":"{LEE}"}}],"remove":[]}}"#);
    Call::post(SALES).json(&set).send(&engine);
    Call::post(SALES).json(&reset).send(&engine);
    let lee: Vec<Value> = records(&engine, SALES)
        .into_iter()
        .filter(|r| r["agentId"] == LEE)
        .collect();
    assert_eq!(
        lee,
        [
            json!({"agentId": LEE, "username": "agent.lee", "count": 0, "order": 0, "departmentEnabled": true})
        ]
    );
}

#[test]
fn a_duplicate_agent_makes_one_record_and_the_last_values_win() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{BO}","count":1}},{{"agentId":"{BO}","count":2,"order":5}}],"remove":[]}}"#
    );
    Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": BO, "username": "agent.bo", "count": 2, "order": 5, "departmentEnabled": true})
        ]
    );
    assert_eq!(num_agents(&engine, SUPPORT), 1);
}

#[test]
fn removing_a_member_recounts_and_removing_a_stranger_is_a_no_op() {
    let engine = engine();
    let body = format!(r#"{{"upsert":[],"remove":[{{"agentId":"{KIM}"}},{{"agentId":"{ANA}"}}]}}"#);
    let response = Call::post(SALES).json(&body).send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(records(&engine, SALES).len(), 1);
    assert_eq!(num_agents(&engine, SALES), 1);
}

#[test]
fn department_enabled_is_copied_from_the_department() {
    let mut world = World::seed();
    let mut section = serde_json::to_value(&world.rocketchat).unwrap();
    section["departments"][1]["enabled"] = json!(false);
    world.rocketchat = serde_json::from_value(section).unwrap();
    let engine = Engine::new(
        &world,
        FidelityProfile::all(Fidelity::Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let body = format!(r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#);
    Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(records(&engine, SUPPORT)[0]["departmentEnabled"], false);
}

// ---------------------------------------------------------------- reads

#[test]
fn the_list_is_sorted_by_username_and_shaped_like_rocket_chats() {
    let engine = engine();
    let body = format!(r#"{{"upsert":[{{"agentId":"{ANA}","count":3}}],"remove":[]}}"#);
    Call::post(SALES).json(&body).send(&engine);
    let response = Call::list(SALES).send(&engine);
    assert_eq!(response.status, StatusCode::OK);
    insta::assert_json_snapshot!(body_json(&response), {
        ".agents[]._id" => "[id]",
        ".agents[]._updatedAt" => "[timestamp]",
    }, @r#"
    {
      "agents": [
        {
          "_id": "[id]",
          "agentId": "6529401b024dde05d3f1cd87",
          "departmentId": "BiqbQav59HD2LzXEY",
          "_updatedAt": "[timestamp]",
          "count": 3,
          "departmentEnabled": true,
          "order": 0,
          "username": "agent.ana"
        },
        {
          "_id": "[id]",
          "agentId": "6529401b024dde05d3f1cd85",
          "departmentId": "BiqbQav59HD2LzXEY",
          "_updatedAt": "[timestamp]",
          "count": 0,
          "departmentEnabled": true,
          "order": 0,
          "username": "agent.kim"
        },
        {
          "_id": "[id]",
          "agentId": "6529401b024dde05d3f1cd86",
          "departmentId": "BiqbQav59HD2LzXEY",
          "_updatedAt": "[timestamp]",
          "count": 0,
          "departmentEnabled": true,
          "order": 1,
          "username": "agent.lee"
        }
      ],
      "count": 3,
      "offset": 0,
      "total": 3,
      "success": true
    }
    "#);
}

#[test]
fn the_seed_list_is_byte_exact() {
    let response = Call::list(SALES).query("count=1").send(&engine());
    insta::assert_snapshot!(response.body_text(), @r#"{"agents":[{"_id":"66339f1a5e1d2c0a7b3c4d01","agentId":"6529401b024dde05d3f1cd85","departmentId":"BiqbQav59HD2LzXEY","_updatedAt":"2024-05-02T09:30:00.000Z","count":0,"departmentEnabled":true,"order":0,"username":"agent.kim"}],"count":1,"offset":0,"total":2,"success":true}"#);
}

#[rstest]
#[case::order_descending("sort=%7B%22order%22%3A-1%7D", &["agent.lee", "agent.kim"], 0)]
#[case::offset("offset=1", &["agent.lee"], 1)]
#[case::count("count=1", &["agent.kim"], 0)]
#[case::count_zero_is_unlimited("count=0", &["agent.kim", "agent.lee"], 0)]
#[case::offset_past_the_end("offset=5", &[], 5)]
fn the_list_pages_and_sorts(#[case] query: &str, #[case] usernames: &[&str], #[case] offset: i64) {
    let response = Call::list(SALES).query(query).send(&engine());
    let body = body_json(&response);
    let got: Vec<&str> = body["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(got, usernames);
    assert_eq!(body["count"], usernames.len());
    assert_eq!(body["offset"], offset);
    assert_eq!(body["total"], 2);
}

#[test]
fn a_bad_sort_answers_parse_json_querys_error() {
    let response = Call::list(SALES)
        .query("sort=%7B%22order%22%3A2%7D")
        .send(&engine());
    assert_eq!(
        status_and_body(&response),
        (400, r#"{"success":false,"error":"Invalid sort parameter provided: \"{\"order\":2}\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}"#.to_owned())
    );
}

#[test]
fn listing_an_unknown_department_gives_an_empty_page() {
    let response = Call::list(MISSING).send(&engine());
    assert_eq!(
        status_and_body(&response),
        (
            200,
            r#"{"agents":[],"count":0,"offset":0,"total":0,"success":true}"#.to_owned()
        )
    );
}

#[test]
fn the_department_reflects_a_post() {
    let engine = engine();
    let body = format!(r#"{{"upsert":[{{"agentId":"{BO}","order":2}}],"remove":[]}}"#);
    Call::post(SUPPORT).json(&body).send(&engine);
    let response = Call::department(SUPPORT).send(&engine);
    insta::assert_json_snapshot!(body_json(&response), {
        ".department._updatedAt" => "[timestamp]",
        ".agents[]._id" => "[id]",
        ".agents[]._updatedAt" => "[timestamp]",
    }, @r#"
    {
      "department": {
        "_id": "649230d479f5c6e276cf4a12",
        "name": "Support",
        "enabled": true,
        "showOnRegistration": true,
        "showOnOfflineForm": true,
        "email": "support@example.com",
        "numAgents": 1,
        "_updatedAt": "[timestamp]"
      },
      "agents": [
        {
          "_id": "[id]",
          "agentId": "6529401b024dde05d3f1cd88",
          "departmentId": "649230d479f5c6e276cf4a12",
          "_updatedAt": "[timestamp]",
          "count": 0,
          "departmentEnabled": true,
          "order": 2,
          "username": "agent.bo"
        }
      ],
      "success": true
    }
    "#);
}

#[rstest]
#[case::include_agents_false(ADMIN, "includeAgents=false", false)]
#[case::include_agents_true(ADMIN, "includeAgents=true", true)]
#[case::viewer_without_view_livechat_departments(VIEWER, "", false)]
fn the_department_includes_agents_only_when_asked_and_allowed(
    #[case] user: (&str, &str),
    #[case] query: &str,
    #[case] has_agents: bool,
) {
    let response = Call::department(SALES)
        .by_user(user)
        .query(query)
        .send(&engine());
    let body = body_json(&response);
    assert_eq!(body["department"]["_id"], SALES);
    assert_eq!(body.get("agents").is_some(), has_agents, "{body}");
    assert_eq!(body["success"], true);
}

#[test]
fn an_unknown_department_answers_200_with_null() {
    let response = Call::department(MISSING).send(&engine());
    assert_eq!(
        status_and_body(&response),
        (
            200,
            r#"{"department":null,"agents":[],"success":true}"#.to_owned()
        )
    );
}

// ---------------------------------------------------------------- unverified answers

#[rstest]
#[case::wrong_method(Method::PUT, "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents")]
#[case::unknown_path(Method::GET, "/api/v1/livechat/rooms")]
#[case::base_path(Method::GET, "/api/v1/livechat")]
fn unknown_routes_answer_an_assumed_404(#[case] method: Method, #[case] path: &str) {
    let response = Call::new(method, path.to_owned())
        .by_user(ADMIN)
        .send(&engine());
    assert_eq!(
        status_and_body(&response),
        (
            404,
            r#"{"success":false,"error":"Resource not found"}"#.to_owned()
        )
    );
    assert_eq!(response.provenance, Provenance::Assumed);
    assert_eq!(response.operation.id, "unknown-route");
}

#[rstest]
#[case::unauthorized(StatusCode::UNAUTHORIZED, UNAUTHORIZED_OBSERVED, Provenance::Observed)]
#[case::forbidden(StatusCode::FORBIDDEN, FORBIDDEN, Provenance::Observed)]
#[case::bad_request(StatusCode::BAD_REQUEST, NOT_FOUND_DEPARTMENT, Provenance::Observed)]
#[case::not_found(
    StatusCode::NOT_FOUND,
    r#"{"success":false,"error":"Resource not found"}"#,
    Provenance::Observed
)]
#[case::too_many_requests(StatusCode::TOO_MANY_REQUESTS, r#"{"success":false,"error":"Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]"}"#, Provenance::Observed)]
#[case::server_error(
    StatusCode::INTERNAL_SERVER_ERROR,
    r#"{"success":false,"error":"Internal Server Error"}"#,
    Provenance::Assumed
)]
fn fault_injection_uses_rocket_chats_bodies(
    #[case] status: StatusCode,
    #[case] body: &str,
    #[case] provenance: Provenance,
) {
    let engine = engine();
    let call = Call::post(SALES);
    let response = engine
        .error_response(
            &Request {
                method: &call.method,
                path: &call.path,
                query: None,
                headers: &call.headers,
                body: &[],
            },
            status,
        )
        .unwrap();
    assert_eq!(
        status_and_body(&response),
        (status.as_u16(), body.to_owned())
    );
    assert_eq!(response.provenance, provenance);
    assert_eq!(response.operation.id, "update-department-agents");
}

// ---------------------------------------------------------------- hostile input

#[rstest]
#[case::deep_nesting(format!(r#"{{"upsert":{}1{},"remove":[]}}"#, "[".repeat(10_000), "]".repeat(10_000)).into_bytes())]
#[case::non_utf8(b"{\"upsert\":[{\"agentId\":\"\xff\xfe\"}],\"remove\":[]}".to_vec())]
#[case::number_out_of_range(br#"{"upsert":[{"agentId":"a","count":1e400}],"remove":[]}"#.to_vec())]
#[case::huge_integer(br#"{"upsert":[{"agentId":"a","count":123456789012345678901234567890}],"remove":[]}"#.to_vec())]
#[case::huge_array(format!(r#"{{"upsert":[{}],"remove":[]}}"#, vec![format!(r#"{{"agentId":"{ANA}","count":1}}"#); 50_000].join(",")).into_bytes())]
fn hostile_bodies_get_an_answer_and_never_a_panic(
    #[case] body: Vec<u8>,
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    let engine = engine_with(Fidelity::Observed, validation);
    let response = Call::post(SUPPORT)
        .raw("application/json", &body)
        .send(&engine);
    assert!(
        matches!(response.status.as_u16(), 200 | 400),
        "{}",
        response.body_text()
    );
    let records = records(&engine, SUPPORT);
    assert!(records.len() <= 1, "duplicates collapse to one record");
    assert_eq!(num_agents(&engine, SUPPORT), records.len());
}

// ---------------------------------------------------------------- on the wire

async fn server() -> MockServer {
    MockServer::start(MockConfig::new().with_fidelity(FidelityProfile::all(Fidelity::Observed)))
        .await
        .unwrap()
}

fn header_list(response: &reqwest::Response) -> Vec<(String, String)> {
    ["content-type", "cache-control", "pragma"]
        .into_iter()
        .filter_map(|name| {
            response
                .headers()
                .get(name)
                .map(|v| (name.to_owned(), v.to_str().unwrap().to_owned()))
        })
        .collect()
}

#[rstest]
#[case::success(ADMIN, r#"{"upsert":[],"remove":[]}"#, 200, true)]
#[case::validation_error(ADMIN, "{}", 400, true)]
#[case::forbidden(NOBODY, "{}", 403, false)]
#[case::unauthorized(("x", "y"), "{}", 401, false)]
#[tokio::test]
async fn the_action_path_adds_no_cache_headers_and_middlewares_do_not(
    #[case] user: (&str, &str),
    #[case] body: &str,
    #[case] status: u16,
    #[case] no_cache: bool,
) {
    let server = server().await;
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/livechat/department/{SALES}/agents",
            server.uri()
        ))
        .header("x-user-id", user.0)
        .header("x-auth-token", user.1)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), status);
    let mut expected = vec![("content-type".to_owned(), "application/json".to_owned())];
    if no_cache {
        expected.push(("cache-control".to_owned(), "no-store".to_owned()));
        expected.push(("pragma".to_owned(), "no-cache".to_owned()));
    }
    assert_eq!(header_list(&response), expected);
    server.shutdown().await;
}

#[tokio::test]
async fn a_post_over_the_wire_is_read_back_by_a_get() {
    let server = server().await;
    let client = reqwest::Client::new();
    let url = format!(
        "{}/api/v1/livechat/department/{SUPPORT}/agents",
        server.uri()
    );
    let posted = client
        .post(&url)
        .header("x-user-id", ADMIN.0)
        .header("x-auth-token", ADMIN.1)
        .json(&json!({"upsert": [{"agentId": KIM, "username": "kim"}], "remove": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.text().await.unwrap(), r#"{"success":true}"#);
    let listed: Value = client
        .get(&url)
        .header("x-user-id", VIEWER.0)
        .header("x-auth-token", VIEWER.1)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["agents"][0]["username"], "agent.kim");
    server.shutdown().await;
}

#[tokio::test]
async fn an_oversized_body_gets_an_assumed_413_in_rocket_chats_shape() {
    let server = MockServer::start(MockConfig::new().with_max_body(16))
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/livechat/department/{SALES}/agents",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body(r#"{"upsert":[],"remove":[],"padding":"xxxxxxxxxxxxxxxx"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"success":false,"error":"request entity too large"}"#
    );
    server.shutdown().await;
}
