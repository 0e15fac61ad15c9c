//! `GET /api/v1/livechat/users/agent`: the livechat agents, their departments, paging, `text`.

use super::*;

fn agents() -> Call<'static> {
    Call::new(Method::GET, "/api/v1/livechat/users/agent".to_owned()).by_user(ADMIN)
}

fn usernames(response: &Response) -> Vec<String> {
    body_json(response)["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_seed_agents_are_byte_exact_and_sorted_by_name() {
    for fidelity in [Fidelity::Documented, Fidelity::Observed] {
        for validation in [RocketChatValidation::Meteor, RocketChatValidation::Ajv] {
            let response = agents()
                .query("count=2")
                .send(&engine_with(fidelity, validation));
            assert_eq!(response.status, StatusCode::OK);
            assert_eq!(response.provenance, Provenance::Observed);
            assert_eq!(
                response.body_text(),
                r#"{"users":[{"_id":"6529401b024dde05d3f1cd87","username":"agent.ana","status":null,"statusLivechat":null,"name":"Ana","emails":null,"livechat":null,"departments":[]},{"_id":"6529401b024dde05d3f1cd88","username":"agent.bo","status":null,"statusLivechat":null,"name":"Bo","emails":null,"livechat":null,"departments":[]}],"count":2,"offset":0,"total":5,"success":true}"#
            );
        }
    }
}

#[rstest]
#[case::all("", &["agent.ana", "agent.bo", "agent.kim", "agent.lee", "rc.admin", "rc.viewer"])]
#[case::text_matches_username_or_name("text=KI", &["agent.kim"])]
#[case::text_by_name("text=viewer", &["rc.viewer"])]
#[case::exclude("excludeId=6529401b024dde05d3f1cd85&text=agent", &["agent.ana", "agent.bo", "agent.lee"])]
#[case::paging("offset=4&count=10", &["rc.admin", "rc.viewer"])]
#[case::sort_by_username("sort=%7B%22username%22%3A-1%7D&count=2", &["rc.viewer", "rc.admin"])]
#[case::only_available("onlyAvailable=true", &[])]
fn the_agent_list_filters_pages_and_sorts(#[case] query: &str, #[case] expected: &[&str]) {
    let engine = engine();
    // rc.admin ("RC Admin") becomes a sixth agent; "RC Admin" sorts before "RC Viewer".
    let mut seed = World::seed();
    let mut value = serde_json::to_value(&seed.rocketchat).unwrap();
    value["users"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|u| u["username"] == "rc.admin")
        .unwrap()["roles"] = json!(["user", "admin", "livechat-agent"]);
    seed.rocketchat = serde_json::from_value(value).unwrap();
    engine.set_world(&seed).unwrap();
    let response = agents().query(query).send(&engine);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(usernames(&response), expected);
}

#[test]
fn an_agents_departments_follow_its_records() {
    let engine = engine();
    let response = agents().query("text=agent.kim").send(&engine);
    assert_eq!(
        body_json(&response)["users"][0]["departments"],
        json!([SALES])
    );
    let upsert = format!(r#"{{"upsert":[{{"agentId":"{KIM}"}}],"remove":[]}}"#);
    Call::post(SUPPORT).json(&upsert).send(&engine);
    let response = agents().query("text=agent.kim").send(&engine);
    assert_eq!(
        body_json(&response)["users"][0]["departments"],
        json!([SALES, SUPPORT])
    );
}

#[rstest]
#[case::anonymous(agents().anonymous(), 401, UNAUTHORIZED_OBSERVED)]
#[case::nobody(agents().by_user(NOBODY), 403, r#"{"success":false,"error":"unauthorized"}"#)]
#[case::adder(agents().by_user(ADDER), 403, r#"{"success":false,"error":"unauthorized"}"#)]
#[case::nobody_bad_query_is_400_first(agents().by_user(NOBODY).query("foo=1"), 400, r#"{"success":false,"error":"must NOT have additional properties [invalid-params]","errorType":"invalid-params"}"#)]
#[case::nobody_bad_sort_is_400_first(agents().by_user(NOBODY).query("sort=x"), 400, r#"{"success":false,"error":"Invalid sort parameter provided: \"x\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}"#)]
#[case::bad_boolean(agents().query("onlyAvailable=1"), 400, r#"{"success":false,"error":"must be boolean [invalid-params]","errorType":"invalid-params"}"#)]
#[case::bad_count(agents().query("count=x"), 400, r#"{"success":false,"error":"must be number [invalid-params]","errorType":"invalid-params"}"#)]
fn refusals_follow_the_route_order(
    #[case] call: Call<'static>,
    #[case] status: u16,
    #[case] body: &str,
) {
    for validation in [RocketChatValidation::Meteor, RocketChatValidation::Ajv] {
        let response = call.send(&engine_with(Fidelity::Documented, validation));
        assert_eq!(status_and_body(&response), (status, body.to_owned()));
    }
}

#[test]
fn a_livechat_agent_may_list_agents() {
    let response = agents().by_user(VIEWER).send(&engine());
    assert_eq!(response.status, StatusCode::OK);
}
