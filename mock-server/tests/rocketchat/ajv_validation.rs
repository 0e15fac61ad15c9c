//! Generation B (ajv) 400s, coercion, and the list query check.

use super::*;

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
