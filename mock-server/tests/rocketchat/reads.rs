//! The two GET endpoints: shape, paging, sort, includeAgents, unknown ids.

use super::*;

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
