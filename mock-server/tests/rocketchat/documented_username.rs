//! The documented profile requires `username` in upsert items (docs 001, 002, 004); the real
//! server (7.x and later, generation A) does not.

use super::*;

const WITHOUT_USERNAME: &str = r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87"}],"remove":[]}"#;
const MISSING_USERNAME_A: &str =
    r#"{"success":false,"error":"Match error: Missing key 'username' in field upsert[0]"}"#;
const MISSING_USERNAME_B: &str = r#"{"success":false,"error":"must have required property 'username' [invalid-params]","errorType":"invalid-params"}"#;

#[rstest]
#[case::documented_a(
    Fidelity::Documented,
    RocketChatValidation::Meteor,
    400,
    MISSING_USERNAME_A,
    Provenance::Documented
)]
#[case::observed_a(
    Fidelity::Observed,
    RocketChatValidation::Meteor,
    200,
    r#"{"success":true}"#,
    Provenance::Observed
)]
#[case::documented_b(
    Fidelity::Documented,
    RocketChatValidation::Ajv,
    400,
    MISSING_USERNAME_B,
    Provenance::Observed
)]
#[case::observed_b(
    Fidelity::Observed,
    RocketChatValidation::Ajv,
    400,
    MISSING_USERNAME_B,
    Provenance::Observed
)]
fn an_upsert_without_username_is_refused_where_documented_or_validated(
    #[case] fidelity: Fidelity,
    #[case] validation: RocketChatValidation,
    #[case] status: u16,
    #[case] body: &str,
    #[case] provenance: Provenance,
) {
    let engine = engine_with(fidelity, validation);
    let response = Call::post(SUPPORT).json(WITHOUT_USERNAME).send(&engine);
    assert_eq!(status_and_body(&response), (status, body.to_owned()));
    assert_eq!(response.provenance, provenance);
    assert_eq!(response.content_type, Some("application/json"));
    let expected_records = usize::from(status == 200);
    assert_eq!(records(&engine, SUPPORT).len(), expected_records);
    assert_eq!(num_agents(&engine, SUPPORT), expected_records);
}

#[rstest]
#[case::second_item(r#"{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana"},{"agentId":"6529401b024dde05d3f1cd88"}],"remove":[]}"#, "Match error: Missing key 'username' in field upsert[1]")]
#[case::type_error_comes_first_in_its_item(
    r#"{"upsert":[{"agentId":"a","count":"5"}],"remove":[]}"#,
    "Match error: Expected Integer, got \"5\" in field upsert[0].count"
)]
#[case::username_null(
    r#"{"upsert":[{"agentId":"a","username":null}],"remove":[]}"#,
    "Match error: Expected string, got null in field upsert[0].username"
)]
fn documented_item_errors_follow_meteor_check_order(#[case] body: &str, #[case] error: &str) {
    let engine = engine_with(Fidelity::Documented, RocketChatValidation::Meteor);
    let response = Call::post(SUPPORT).json(body).send(&engine);
    let expected = serde_json::to_string(&json!({"success": false, "error": error})).unwrap();
    assert_eq!(status_and_body(&response), (400, expected));
    assert!(records(&engine, SUPPORT).is_empty());
}

#[rstest]
fn remove_items_need_no_username_in_either_profile(
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let response = Call::post(SALES)
        .json(&format!(
            r#"{{"upsert":[],"remove":[{{"agentId":"{KIM}"}}]}}"#
        ))
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(records(&engine, SALES).len(), 1);
}

#[test]
fn the_department_is_looked_up_before_the_documented_item_check() {
    let engine = engine_with(Fidelity::Documented, RocketChatValidation::Meteor);
    let response = Call::post(MISSING).json(WITHOUT_USERNAME).send(&engine);
    assert_eq!(
        status_and_body(&response),
        (400, NOT_FOUND_DEPARTMENT.to_owned())
    );
}
