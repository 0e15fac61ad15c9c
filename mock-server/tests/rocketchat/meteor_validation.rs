//! Generation A (Meteor `check`) 400s and the check order around the department lookup.

use super::*;

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
