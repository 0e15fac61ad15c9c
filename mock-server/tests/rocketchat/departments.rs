//! Listing, creating and removing departments (`GET`/`POST …/livechat/department`,
//! `DELETE …/livechat/department/{_id}`), in both profiles and both validation generations.

use super::*;

const DEPARTMENTS: &str = "/api/v1/livechat/department";
const NEW: &str = r#"{"department":{"enabled":true,"showOnRegistration":true,"email":"sandbox@example.com","name":"rosterwire-run1-1","showOnOfflineForm":false,"description":"sandbox"}}"#;

fn list() -> Call<'static> {
    Call::new(Method::GET, DEPARTMENTS.to_owned()).by_user(ADMIN)
}

fn create(body: &str) -> Call<'_> {
    Call::new(Method::POST, DEPARTMENTS.to_owned())
        .by_user(ADMIN)
        .json(body)
}

fn remove(id: &str) -> Call<'static> {
    Call::new(Method::DELETE, format!("{DEPARTMENTS}/{id}")).by_user(ADMIN)
}

fn world(engine: &Engine) -> Value {
    serde_json::to_value(engine.world().rocketchat).unwrap()
}

fn department_names(engine: &Engine) -> Vec<String> {
    world(engine)["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

fn all_engines() -> Vec<Engine> {
    [Fidelity::Documented, Fidelity::Observed]
        .into_iter()
        .flat_map(|f| {
            [RocketChatValidation::Meteor, RocketChatValidation::Ajv]
                .into_iter()
                .map(move |v| engine_with(f, v))
        })
        .collect()
}

#[test]
fn the_seed_list_is_byte_exact_and_sorted_by_name() {
    for engine in all_engines() {
        let response = list().send(&engine);
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.provenance, Provenance::Observed);
        assert_eq!(response.content_type, Some("application/json"));
        assert_eq!(
            response.body_text(),
            r#"{"departments":[{"_id":"BiqbQav59HD2LzXEY","name":"Sales","enabled":true,"showOnRegistration":true,"showOnOfflineForm":true,"email":"sales@example.com","numAgents":2,"_updatedAt":"2024-05-02T09:30:00.000Z"},{"_id":"649230d479f5c6e276cf4a12","name":"Support","enabled":true,"showOnRegistration":true,"showOnOfflineForm":true,"email":"support@example.com","numAgents":0,"_updatedAt":"2024-05-02T09:30:00.000Z"}],"count":2,"offset":0,"total":2,"success":true}"#
        );
    }
}

#[rstest]
#[case::text_is_case_insensitive("text=sUPP", &["Support"], 1)]
#[case::text_is_not_a_regex("text=.", &[], 0)]
#[case::exclude("excludeDepartmentId=BiqbQav59HD2LzXEY", &["Support"], 1)]
#[case::paging("count=1&offset=1", &["Support"], 2)]
#[case::sort_descending("sort=%7B%22name%22%3A-1%7D", &["Support", "Sales"], 2)]
#[case::enabled("enabled=true&onlyMyDepartments=false", &["Sales", "Support"], 2)]
fn the_list_filters_pages_and_sorts(
    #[case] query: &str,
    #[case] names: &[&str],
    #[case] total: u64,
) {
    let response = list().query(query).send(&engine());
    let body = body_json(&response);
    let got: Vec<&str> = body["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(got, names);
    assert_eq!(body["total"], total);
    assert_eq!(body["count"], names.len());
}

#[rstest]
#[case::unknown_parameter("foo=1", r#"{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}"#)]
#[case::bad_count(
    "count=abc",
    r#"{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}"#
)]
#[case::bad_only_mine("onlyMyDepartments=yes", r#"{"success":false,"error":"must be equal to one of the allowed values [invalid-params]","errorType":"invalid-params"}"#)]
#[case::bad_sort("sort=%7Bname%7D", r#"{"success":false,"error":"Invalid sort parameter provided: \"{name}\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}"#)]
fn bad_list_queries_get_400_in_both_generations(#[case] query: &str, #[case] expected: &str) {
    for validation in [RocketChatValidation::Meteor, RocketChatValidation::Ajv] {
        let response = list()
            .query(query)
            .send(&engine_with(Fidelity::Observed, validation));
        assert_eq!(status_and_body(&response), (400, expected.to_owned()));
    }
}

#[rstest]
#[case::list_anonymous(list().anonymous(), 401, UNAUTHORIZED_OBSERVED)]
#[case::list_nobody(list().by_user(NOBODY), 403, FORBIDDEN)]
#[case::create_anonymous(create(NEW).anonymous(), 401, UNAUTHORIZED_OBSERVED)]
#[case::create_viewer(create(NEW).by_user(VIEWER), 403, FORBIDDEN)]
#[case::create_adder(create(NEW).by_user(ADDER), 403, FORBIDDEN)]
#[case::create_adder_bad_body(create("{}").by_user(ADDER), 403, FORBIDDEN)]
#[case::remove_anonymous(remove(SUPPORT).anonymous(), 401, UNAUTHORIZED_OBSERVED)]
#[case::remove_viewer(remove(SUPPORT).by_user(VIEWER), 403, FORBIDDEN)]
#[case::remove_adder_unknown(remove(MISSING).by_user(ADDER), 403, FORBIDDEN)]
fn callers_without_credentials_or_permissions_are_refused_first(
    #[case] call: Call<'static>,
    #[case] status: u16,
    #[case] body: &str,
) {
    for fidelity in [Fidelity::Documented, Fidelity::Observed] {
        let engine = engine_with(fidelity, RocketChatValidation::Meteor);
        let response = call.send(&engine);
        assert_eq!(status_and_body(&response), (status, body.to_owned()));
        assert_eq!(response.provenance, Provenance::Observed);
        assert_eq!(department_names(&engine), ["Sales", "Support"]);
    }
}

#[test]
fn the_viewer_may_list_departments() {
    let response = list().by_user(VIEWER).send(&engine());
    assert_eq!(response.status, StatusCode::OK);
}

#[test]
fn a_created_department_is_answered_in_body_order_then_id() {
    for engine in all_engines() {
        let response = create(NEW).send(&engine);
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.provenance, Provenance::Observed);
        let text = response.body_text().into_owned();
        let id = body_json(&response)["department"]["_id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 24);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            text.replace(&id, "[id]"),
            r#"{"department":{"enabled":true,"showOnRegistration":true,"email":"sandbox@example.com","name":"rosterwire-run1-1","showOnOfflineForm":false,"description":"sandbox","_id":"[id]"},"agents":[],"success":true}"#
        );
        assert_eq!(
            department_names(&engine),
            ["Sales", "Support", "rosterwire-run1-1"]
        );
        // Read back: the department (no numAgents yet) and its empty agent list.
        let read = Call::department(&id).send(&engine);
        let department = &body_json(&read)["department"];
        assert_eq!(department["name"], "rosterwire-run1-1");
        assert_eq!(department["description"], "sandbox");
        assert!(department.get("numAgents").is_none());
        let agents = Call::list(&id).send(&engine);
        assert_eq!(body_json(&agents)["total"], 0);
    }
}

#[test]
fn a_department_created_with_agents_holds_them_and_can_be_filled_later() {
    let engine = engine();
    let body = format!(
        r#"{{"department":{{"enabled":true,"showOnRegistration":false,"email":"e@x","name":"Z","showOnOfflineForm":true}},"agents":[{{"agentId":"{KIM}","count":2}},{{"agentId":"ghost"}}]}}"#
    );
    let response = create(&body).send(&engine);
    assert_eq!(response.status, StatusCode::OK);
    let json = body_json(&response);
    let id = json["department"]["_id"].as_str().unwrap().to_owned();
    let agents = json["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0]["username"], "agent.kim");
    assert_eq!(agents[0]["count"], 2);
    assert_eq!(agents[0]["departmentId"], id.as_str());
    assert_eq!(num_agents(&engine, &id), json!(1));
    // The developer's flow: upsert more agents into the new department, read them back.
    let upsert =
        format!(r#"{{"upsert":[{{"agentId":"{ANA}","username":"agent.ana"}}],"remove":[]}}"#);
    let post = Call::post(&id).json(&upsert).send(&engine);
    assert_eq!(
        status_and_body(&post),
        (200, r#"{"success":true}"#.to_owned())
    );
    let listed = body_json(&Call::list(&id).send(&engine));
    let names: Vec<&str> = listed["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["agent.ana", "agent.kim"]);
    assert_eq!(num_agents(&engine, &id), json!(2));
}

#[rstest]
#[case::empty("", r#"{"success":false,"error":"must have required property 'department' [invalid-params]","errorType":"invalid-params"}"#)]
#[case::array(
    "[]",
    r#"{"success":false,"error":"must be object [invalid-params]","errorType":"invalid-params"}"#
)]
#[case::extra_key(r#"{"department":{},"foo":1}"#, r#"{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}"#)]
#[case::missing_name(r#"{"department":{"enabled":true}}"#, r#"{"success":false,"error":"must have required property 'name' [invalid-params]","errorType":"invalid-params"}"#)]
#[case::bad_enabled(r#"{"department":{"enabled":"yes","name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true}}"#, r#"{"success":false,"error":"must be boolean [invalid-params]","errorType":"invalid-params"}"#)]
#[case::null_description(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true,"description":null}}"#, r#"{"success":false,"error":"Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field description"}"#)]
#[case::object_custom_field(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true,"extra":{}}}"#, r#"{"success":false,"error":"Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field extra"}"#)]
#[case::closing_tags(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true,"requestTagBeforeClosingChat":true}}"#, r#"{"success":false,"error":"At least one closing tag is required when the department requires tag(s) on closing conversations. [error-validating-department-chat-closing-tags]","errorType":"error-validating-department-chat-closing-tags","details":{"method":"livechat:saveDepartment"}}"#)]
#[case::unknown_fallback(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true,"fallbackForwardDepartment":"nope"}}"#, r#"{"success":false,"error":"Fallback department not found [error-fallback-department-not-found]","errorType":"error-fallback-department-not-found","details":{"method":"livechat:saveDepartment"}}"#)]
#[case::agents_not_array(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true},"agents":{}}"#, r#"{"success":false,"error":"must be array [invalid-params]","errorType":"invalid-params"}"#)]
#[case::agent_count_not_integer(r#"{"department":{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true},"agents":[{"agentId":"6529401b024dde05d3f1cd85","count":1.5}]}"#, r#"{"success":false,"error":"Match error: Expected Integer, got 1.5 in field upsert[0].count"}"#)]
fn bad_create_bodies_get_rocket_chats_400_and_change_nothing(
    #[case] body: &str,
    #[case] expected: &str,
) {
    for engine in all_engines() {
        let before = world(&engine);
        let response = create(body).send(&engine);
        assert_eq!(status_and_body(&response), (400, expected.to_owned()));
        assert_eq!(world(&engine), before);
    }
}

#[test]
fn an_existing_fallback_department_is_accepted() {
    let body = format!(
        r#"{{"department":{{"enabled":true,"name":"n","email":"e","showOnRegistration":true,"showOnOfflineForm":true,"fallbackForwardDepartment":"{SALES}"}}}}"#
    );
    let response = create(&body).send(&engine());
    assert_eq!(response.status, StatusCode::OK);
}

#[test]
fn ajv_coerces_the_created_department() {
    let body = r#"{"department":{"enabled":"false","name":5,"email":"e","showOnRegistration":true,"showOnOfflineForm":true,"priority":3}}"#;
    let response = create(body).send(&engine());
    let department = &body_json(&response)["department"];
    assert_eq!(department["enabled"], false);
    assert_eq!(department["name"], "5");
    assert_eq!(department["priority"], 3);
}

#[test]
fn removing_a_department_drops_it_and_its_agent_records() {
    for engine in all_engines() {
        let response = remove(SALES).send(&engine);
        assert_eq!(
            status_and_body(&response),
            (200, r#"{"success":true}"#.to_owned())
        );
        assert_eq!(response.provenance, Provenance::Observed);
        assert_eq!(department_names(&engine), ["Support"]);
        assert!(records(&engine, SALES).is_empty());
        // Gone for the reads too.
        let read = Call::department(SALES).send(&engine);
        assert_eq!(body_json(&read)["department"], Value::Null);
        let again = remove(SALES).send(&engine);
        assert_eq!(
            status_and_body(&again),
            (
                400,
                r#"{"success":false,"error":"error-department-not-found"}"#.to_owned()
            )
        );
        engine.set_world(&World::seed()).unwrap();
        assert_eq!(department_names(&engine), ["Sales", "Support"]);
        assert_eq!(records(&engine, SALES).len(), 2);
    }
}

#[test]
fn the_adder_cannot_remove_but_a_remover_role_can() {
    let mut seed = World::seed();
    let mut value = serde_json::to_value(&seed.rocketchat).unwrap();
    value["roles"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["_id"] == "department-adder")
        .unwrap()["permissions"] = json!(["remove-livechat-department"]);
    seed.rocketchat = serde_json::from_value(value).unwrap();
    let engine = Engine::new(
        &seed,
        FidelityProfile::all(Fidelity::Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let response = remove(SUPPORT).by_user(ADDER).send(&engine);
    assert_eq!(response.status, StatusCode::OK);
}

#[test]
fn a_create_then_remove_round_trip_restores_the_list() {
    let engine = engine();
    let id = body_json(&create(NEW).send(&engine))["department"]["_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(body_json(&list().send(&engine))["total"], 3);
    assert_eq!(remove(&id).send(&engine).status, StatusCode::OK);
    assert_eq!(body_json(&list().send(&engine))["total"], 2);
}
