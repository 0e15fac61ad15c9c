//! Through a real `MockServer` and reqwest: headers on the wire, body limit.

use super::*;

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
