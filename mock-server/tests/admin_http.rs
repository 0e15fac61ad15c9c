//! The HTTP admin API under `/__admin` of a running mock: unknown endpoints, loading and
//! resetting the world, the journal and its filters, verification, and faults.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

mod support;

use reqwest::Method;
use rosterwire_mock::MockConfig;
use serde_json::{Value, json};

use support::{Running, admin, client};

const TEAM_MEMBERS: &str = "/api/v1/accounts/1/teams/1/team_members";

const DEPARTMENT_AGENTS: &str = "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents";

/// Sends one vendor request and returns its status.
async fn send(origin: &str, method: Method, path: &str, body: Option<Value>) -> u16 {
    let mut request = client()
        .request(method, format!("{origin}{path}"))
        .header("api_access_token", "cw-acme-admin-token");
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("answers").status().as_u16()
}

#[tokio::test]
async fn an_unknown_endpoint_is_a_404_and_a_wrong_method_a_405() {
    let server = Running::start(MockConfig::new()).await;
    let (status, body) = admin(&server.origin, Method::GET, "/nope", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not-found"))
    );
    let (status, body) = admin(&server.origin, Method::DELETE, "/world", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (405, Some("method-not-allowed"))
    );
}

#[tokio::test]
async fn an_invalid_world_is_a_400_naming_the_pointer_and_changes_nothing() {
    let server = Running::start(MockConfig::new()).await;
    let (_, before) = admin(&server.origin, Method::GET, "/world", None).await;
    let bad = json!({"description": 5});
    let (status, body) = admin(&server.origin, Method::PUT, "/world", Some(bad)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "invalid-world");
    assert_eq!(body["error"]["pointer"], "/description");
    let (_, after) = admin(&server.origin, Method::GET, "/world", None).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_loaded_world_is_what_reset_goes_back_to_and_reset_clears_journal_and_faults() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    let world: Value = serde_json::from_str(rosterwire_mock::World::seed_json()).unwrap();
    let (status, _) = admin(origin, Method::PUT, "/world", Some(world)).await;
    assert_eq!(status, 200);
    let (_, loaded) = admin(origin, Method::GET, "/world", None).await;
    // Change the state through the vendors, journal it, register a fault.
    let members = json!({"user_ids": [5, 6]});
    send(origin, Method::PATCH, TEAM_MEMBERS, Some(members)).await;
    let agents = json!({"upsert": [{"agentId": "6529401b024dde05d3f1cd87"}], "remove": []});
    send(origin, Method::POST, DEPARTMENT_AGENTS, Some(agents)).await;
    let fault = json!({"fault": {"kind": "delay", "ms": 1}});
    admin(origin, Method::POST, "/faults", Some(fault)).await;

    let (status, body) = admin(origin, Method::POST, "/reset", None).await;
    assert_eq!((status, body), (200, json!({"status": "reset"})));

    let (_, world) = admin(origin, Method::GET, "/world", None).await;
    assert_eq!(world, loaded);
    let (_, requests) = admin(origin, Method::GET, "/requests", None).await;
    assert_eq!(requests["count"], 0);
    let (_, faults) = admin(origin, Method::GET, "/faults", None).await;
    assert_eq!(faults, json!({"faults": []}));
}

#[tokio::test]
async fn the_journal_lists_requests_newest_last_and_filters_them() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    send(origin, Method::GET, TEAM_MEMBERS, None).await;
    send(
        origin,
        Method::POST,
        DEPARTMENT_AGENTS,
        Some(json!({"upsert": []})),
    )
    .await;
    send(origin, Method::GET, "/v1/public/agents", None).await;
    // A status fault gives one entry a status no vendor placeholder or vendor gives here.
    let one_shot = json!({"match": {"vendor": "chatdash"}, "fault": {"kind": "status", "status": 503}, "times": 1});
    admin(origin, Method::POST, "/faults", Some(one_shot)).await;
    send(
        origin,
        Method::PUT,
        "/v1/public/agents/assign",
        Some(json!({})),
    )
    .await;

    let (status, all) = admin(origin, Method::GET, "/requests", None).await;
    assert_eq!(status, 200);
    let paths: Vec<_> = all["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["seq"].as_u64().unwrap(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            (1, TEAM_MEMBERS.to_owned()),
            (2, DEPARTMENT_AGENTS.to_owned()),
            (3, "/v1/public/agents".to_owned()),
            (4, "/v1/public/agents/assign".to_owned()),
        ]
    );
    let count = |query: &'static str| async move {
        let (status, body) = admin(origin, Method::GET, &format!("/requests?{query}"), None).await;
        assert_eq!(status, 200, "{body}");
        body["count"].as_u64().unwrap()
    };
    assert_eq!(count("vendor=chatdash").await, 2);
    assert_eq!(count("method=post").await, 1);
    assert_eq!(count("path=%2Fv1%2Fpublic%2Fagents").await, 1);
    assert_eq!(count("status=503").await, 1);
    assert_eq!(count("since=2").await, 2);
    assert_eq!(count("since=2000-01-01T00:00:00.000Z").await, 4);
    assert_eq!(count("vendor=chatdash&method=GET").await, 1);

    let (status, body) = admin(origin, Method::GET, "/requests?vendor=slack", None).await;
    assert_eq!(
        (status, body["error"]["pointer"].as_str()),
        (400, Some("/vendor"))
    );

    let (status, _) = admin(origin, Method::DELETE, "/requests", None).await;
    assert_eq!(status, 200);
    assert_eq!(count("").await, 0);
}

#[tokio::test]
async fn a_zero_journal_size_keeps_nothing_and_verify_says_so() {
    let server = Running::start(MockConfig::new().with_journal_size(0)).await;
    send(&server.origin, Method::GET, TEAM_MEMBERS, None).await;
    let (_, body) = admin(&server.origin, Method::GET, "/requests", None).await;
    assert_eq!(body["count"], 0);
    let (status, body) = admin(&server.origin, Method::POST, "/verify", Some(json!({}))).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("journal-off"))
    );
}

#[tokio::test]
async fn verify_answers_200_when_the_count_holds_and_409_with_near_misses_when_not() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    send(
        origin,
        Method::PATCH,
        TEAM_MEMBERS,
        Some(json!({"user_ids": [5, 6]})),
    )
    .await;
    send(
        origin,
        Method::PATCH,
        TEAM_MEMBERS,
        Some(json!({"user_ids": [7]})),
    )
    .await;
    send(origin, Method::GET, TEAM_MEMBERS, None).await;

    let cases = [
        // (pattern, count, expected status, expected matched)
        (
            json!({"vendor": "chatwoot", "method": "PATCH", "path": "/api/v1/accounts/{a}/teams/{t}/team_members"}),
            json!({"exactly": 2}),
            200,
            2,
        ),
        (
            json!({"path": "*/team_members"}),
            json!({"at_least": 3}),
            200,
            3,
        ),
        (
            json!({"path_regex": "^/api/v1/accounts/1/"}),
            json!({"at_most": 1}),
            409,
            3,
        ),
        (
            json!({"method": "PATCH", "body": {"user_ids": [7]}}),
            json!({"exactly": 1}),
            200,
            1,
        ),
        (
            json!({"body_equals": {"user_ids": [5, 6]}}),
            json!({"exactly": 1}),
            200,
            1,
        ),
        (
            json!({"headers": ["api_access_token"]}),
            json!({"exactly": 3}),
            200,
            3,
        ),
        (
            json!({"headers": ["x-auth-token"]}),
            json!({"at_least": 1}),
            409,
            0,
        ),
        (
            json!({"vendor": "rocketchat"}),
            json!({"exactly": 1}),
            409,
            0,
        ),
    ];
    for (pattern, count, expected_status, matched) in cases {
        let request = json!({"match": pattern, "count": count});
        let (status, body) = admin(origin, Method::POST, "/verify", Some(request.clone())).await;
        assert_eq!(status, expected_status, "{request} -> {body}");
        assert_eq!(body["matched"], matched, "{request} -> {body}");
        assert_eq!(body["ok"], expected_status == 200);
    }

    let request =
        json!({"match": {"method": "PATCH", "body": {"user_ids": [9]}}, "count": {"exactly": 1}});
    let (status, body) = admin(origin, Method::POST, "/verify", Some(request)).await;
    assert_eq!(status, 409);
    insta::assert_json_snapshot!(body, @r#"
    {
      "ok": false,
      "matched": 0,
      "expected": {
        "exactly": 1
      },
      "message": "expected exactly 1 matching request(s), found 0",
      "near_misses": [
        {
          "seq": 2,
          "request": "PATCH /api/v1/accounts/1/teams/1/team_members",
          "mismatches": [
            "body: does not contain the expected subset"
          ]
        },
        {
          "seq": 1,
          "request": "PATCH /api/v1/accounts/1/teams/1/team_members",
          "mismatches": [
            "body: does not contain the expected subset"
          ]
        },
        {
          "seq": 3,
          "request": "GET /api/v1/accounts/1/teams/1/team_members",
          "mismatches": [
            "method: expected PATCH, got GET",
            "body: does not contain the expected subset"
          ]
        }
      ]
    }
    "#);
}

#[tokio::test]
async fn a_bad_verify_pattern_is_a_400_naming_the_pointer() {
    let server = Running::start(MockConfig::new()).await;
    let cases = [
        (json!({"match": {"path": "/a/{b"}}), "/match/path"),
        (json!({"match": {"path_regex": "("}}), "/match/path_regex"),
        (json!({"match": {"vendor": "slack"}}), "/match/vendor"),
        (json!({"count": {"sometimes": 1}}), "/count"),
    ];
    for (request, pointer) in cases {
        let (status, body) = admin(&server.origin, Method::POST, "/verify", Some(request)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["pointer"], pointer, "{body}");
    }
}

#[tokio::test]
async fn faults_are_registered_listed_and_deleted_one_by_one_or_all() {
    let server = Running::start(MockConfig::new()).await;
    let origin = &server.origin;
    let spec = json!({"match": {"vendor": "chatwoot", "method": "PATCH", "path": "*/team_members"}, "fault": {"kind": "status", "status": 500}, "times": 2});
    let (status, first) = admin(origin, Method::POST, "/faults", Some(spec)).await;
    assert_eq!(status, 201);
    insta::assert_json_snapshot!(first, @r#"
    {
      "id": 1,
      "match": {
        "vendor": "chatwoot",
        "method": "PATCH",
        "path": "*/team_members"
      },
      "fault": {
        "kind": "status",
        "status": 500
      },
      "times": 2,
      "remaining": 2,
      "applied": 0
    }
    "#);
    let drop = json!({"fault": {"kind": "drop"}, "probability": 0.0});
    let (_, second) = admin(origin, Method::POST, "/faults", Some(drop)).await;
    let (_, listed) = admin(origin, Method::GET, "/faults", None).await;
    assert_eq!(listed["faults"].as_array().unwrap().len(), 2);

    let (status, _) = admin(
        origin,
        Method::DELETE,
        &format!("/faults/{}", second["id"]),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = admin(origin, Method::DELETE, "/faults/99", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("no-such-fault"))
    );
    let (_, listed) = admin(origin, Method::GET, "/faults", None).await;
    assert_eq!(listed["faults"][0]["id"], 1);

    let (status, _) = admin(origin, Method::DELETE, "/faults", None).await;
    assert_eq!(status, 200);
    let (_, listed) = admin(origin, Method::GET, "/faults", None).await;
    assert_eq!(listed, json!({"faults": []}));
}

#[tokio::test]
async fn an_invalid_fault_is_a_400_naming_the_pointer() {
    let server = Running::start(MockConfig::new()).await;
    let cases = [
        (
            json!({"fault": {"kind": "status", "status": 700}}),
            "/fault/status",
        ),
        (json!({"fault": {"kind": "explode"}}), "/fault/kind"),
        (json!({"fault": {"kind": "drop"}, "times": 0}), "/times"),
        (
            json!({"fault": {"kind": "drop"}, "probability": 2}),
            "/probability",
        ),
        (
            json!({"fault": {"kind": "drop"}, "match": {"path": "{"}}),
            "/match/path",
        ),
        (json!({"fault": {"kind": "drop"}, "extra": 1}), "/extra"),
    ];
    for (spec, pointer) in cases {
        let (status, body) = admin(&server.origin, Method::POST, "/faults", Some(spec)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["pointer"], pointer, "{body}");
    }
    let (_, listed) = admin(&server.origin, Method::GET, "/faults", None).await;
    assert_eq!(listed, json!({"faults": []}));
}
