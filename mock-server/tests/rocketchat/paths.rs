//! Paths Rocket.Chat's Hono router does not match: unknown routes, wrong methods, a trailing
//! `/`, an empty segment. Hono answers them with its default not-found (`strict: true`).
//! A path starting with `//` never reaches the API router: Meteor's WebApp answers it.

use super::*;

#[rstest]
#[case::trailing_slash(Method::POST, "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents/")]
#[case::trailing_slash_get(Method::GET, "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents/")]
#[case::trailing_slash_department(Method::GET, "/api/v1/livechat/department/BiqbQav59HD2LzXEY/")]
#[case::double_slash_inside(Method::POST, "/api/v1/livechat//department/BiqbQav59HD2LzXEY/agents")]
#[case::double_slash_before_livechat(
    Method::POST,
    "/api/v1//livechat/department/BiqbQav59HD2LzXEY/agents"
)]
#[case::double_slash_after_api(
    Method::POST,
    "/api//v1/livechat/department/BiqbQav59HD2LzXEY/agents"
)]
#[case::empty_id(Method::POST, "/api/v1/livechat/department//agents")]
#[case::wrong_method(Method::PUT, "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents")]
#[case::unknown_path(Method::GET, "/api/v1/livechat/rooms")]
#[case::base_path(Method::GET, "/api/v1/livechat")]
fn unmatched_paths_get_honos_404(
    #[case] method: Method,
    #[case] path: &str,
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    let engine = engine_with(fidelity, validation);
    let before = serde_json::to_value(engine.world()).unwrap();
    let response = Call::new(method, path.to_owned())
        .by_user(ADMIN)
        .json(r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana"}],"remove":[]}"#)
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (404, "404 Not Found".to_owned())
    );
    assert_eq!(response.content_type, Some("text/plain; charset=UTF-8"));
    assert!(
        response.headers.is_empty(),
        "no cache headers: not the action path"
    );
    assert_eq!(response.provenance, Provenance::Observed);
    assert_eq!(response.operation.id, "unknown-route");
    assert_eq!(serde_json::to_value(engine.world()).unwrap(), before);
}

#[test]
fn the_exact_path_still_matches() {
    let response = Call::post(SALES)
        .json(r#"{"upsert":[],"remove":[]}"#)
        .send(&engine());
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
}

#[rstest]
#[case::post(
    Method::POST,
    405,
    "",
    Some("OPTIONS, GET, HEAD"),
    Provenance::Observed
)]
#[case::put(Method::PUT, 405, "", Some("OPTIONS, GET, HEAD"), Provenance::Observed)]
#[case::options(Method::OPTIONS, 200, "", None, Provenance::Observed)]
fn a_leading_double_slash_is_answered_by_meteors_webapp(
    #[case] method: Method,
    #[case] status: u16,
    #[case] body: &str,
    #[case] allow: Option<&str>,
    #[case] provenance: Provenance,
) {
    let engine = engine();
    let before = serde_json::to_value(engine.world()).unwrap();
    let response = Call::new(
        method,
        "//api/v1/livechat/department/BiqbQav59HD2LzXEY/agents".to_owned(),
    )
    .by_user(ADMIN)
    .json(r#"{"upsert":[],"remove":[{"agentId":"6529401b024dde05d3f1cd85"}]}"#)
    .send(&engine);
    assert_eq!(status_and_body(&response), (status, body.to_owned()));
    assert_eq!(response.content_type, None);
    let allow_header = response
        .headers
        .iter()
        .find(|(name, _)| *name == "allow")
        .map(|(_, value)| *value);
    assert_eq!(allow_header, allow);
    assert_eq!(response.provenance, provenance);
    assert_eq!(serde_json::to_value(engine.world()).unwrap(), before);
}

#[test]
fn a_leading_double_slash_get_serves_the_web_app_page() {
    let response = Call::new(
        Method::GET,
        "//api/v1/livechat/department/BiqbQav59HD2LzXEY".to_owned(),
    )
    .by_user(ADMIN)
    .send(&engine());
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.content_type, Some("text/html; charset=utf-8"));
    assert_eq!(response.provenance, Provenance::Assumed);
}
