//! Bodies read as Rocket.Chat's router reads them: undici's `Request.json()` (two leading BOMs
//! dropped, `JSON.parse`: lone surrogates, `Infinity`, any depth), then `{ ...parsed }`.

use super::*;

const UPSERT_MISSING_A: &str = r#"{"success":false,"error":"Match error: Missing key 'upsert'"}"#;
const UPSERT_MISSING_B: &str = r#"{"success":false,"error":"must have required property 'upsert' [invalid-params]","errorType":"invalid-params"}"#;
const SUCCESS: &str = r#"{"success":true}"#;

fn match_error(message: &str) -> String {
    serde_json::to_string(&json!({"success": false, "error": message})).unwrap()
}

fn invalid_params(message: &str) -> String {
    serde_json::to_string(&json!({"success": false, "error": format!("{message} [invalid-params]"), "errorType": "invalid-params"})).unwrap()
}

fn deep(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

/// Sends `body` (JSON content type) to Support in both fidelity profiles and checks the
/// answer, and that a refused request changed nothing.
fn check(validation: RocketChatValidation, body: &[u8], expected: &str) {
    for fidelity in [Fidelity::Observed, Fidelity::Documented] {
        let engine = engine_with(fidelity, validation);
        let before = serde_json::to_value(engine.world()).unwrap();
        let response = Call::post(SUPPORT)
            .raw("application/json", body)
            .send(&engine);
        assert_eq!(
            response.body_text(),
            expected,
            "{fidelity:?} {validation:?}"
        );
        let status = if expected == SUCCESS { 200 } else { 400 };
        assert_eq!(response.status.as_u16(), status);
        if status == 400 {
            assert_eq!(serde_json::to_value(engine.world()).unwrap(), before);
        }
    }
}

#[rstest]
#[case::number(b"5".to_vec())]
#[case::string(br#""upsert""#.to_vec())]
#[case::empty_string(br#""""#.to_vec())]
#[case::boolean(b"true".to_vec())]
#[case::null(b"null".to_vec())]
#[case::infinity(b"1e400".to_vec())]
#[case::lone_surrogate_string(br#""\ud800""#.to_vec())]
#[case::three_boms(b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec())]
#[case::bom_after_white_space(b" \xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec())]
fn scalar_bodies_are_spread_into_objects_without_upsert(
    #[case] body: Vec<u8>,
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    let expected = match validation {
        RocketChatValidation::Meteor => UPSERT_MISSING_A,
        RocketChatValidation::Ajv => UPSERT_MISSING_B,
    };
    check(validation, &body, expected);
}

#[rstest]
#[case::one_bom(b"\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec())]
#[case::two_boms(b"\xEF\xBB\xBF\xEF\xBB\xBF{\"upsert\":[],\"remove\":[]}".to_vec())]
#[case::lone_surrogate_agent(br#"{"upsert":[{"agentId":"\ud800","username":"x"}],"remove":[{"agentId":"\udc00x","username":"y"}]}"#.to_vec())]
#[case::nesting_beyond_128_levels(format!(r#"{{"upsert":[],"remove":[],"x":{}}}"#, deep(300)).into_bytes())]
fn json_parse_accepts_what_serde_json_alone_would_refuse(
    #[case] body: Vec<u8>,
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    let body = if validation == RocketChatValidation::Meteor {
        body
    } else {
        // ajv refuses the extra key; nesting in B is checked below.
        String::from_utf8_lossy(&body)
            .replace(r#","x":"#, r#","remove":"#)
            .replace(r#""remove":[],"remove":"#, r#""remove":"#)
            .into_bytes()
    };
    let expected = if validation == RocketChatValidation::Ajv
        && String::from_utf8_lossy(&body).contains("[[[")
    {
        invalid_params("must be object")
    } else if validation == RocketChatValidation::Meteor
        && String::from_utf8_lossy(&body).contains(r#""x":"#)
    {
        // Past the parser: the item check refuses the extra top-level key.
        match_error("Match error: Unknown key in field x")
    } else {
        SUCCESS.to_owned()
    };
    check(validation, &body, &expected);
}

#[rstest]
#[case::count_infinity_a(
    RocketChatValidation::Meteor,
    r#"{"upsert":[{"agentId":"a","count":1e400}],"remove":[]}"#,
    match_error(r#"Match error: Expected Integer, got {"$InfNaN":1} in field upsert[0].count"#)
)]
#[case::order_minus_infinity_a(
    RocketChatValidation::Meteor,
    r#"{"upsert":[{"agentId":"a","order":-1e999}],"remove":[]}"#,
    match_error(r#"Match error: Expected Integer, got {"$InfNaN":-1} in field upsert[0].order"#)
)]
#[case::agent_id_infinity_a(
    RocketChatValidation::Meteor,
    r#"{"upsert":[{"agentId":1e400}],"remove":[]}"#,
    match_error("Match error: Expected string, got number in field upsert[0].agentId")
)]
#[case::upsert_infinity_a(
    RocketChatValidation::Meteor,
    r#"{"upsert":1e400,"remove":[]}"#,
    match_error("Match error: Expected Array in field upsert")
)]
#[case::count_infinity_string_a(
    RocketChatValidation::Meteor,
    r#"{"upsert":[{"agentId":"a","count":"1e400"}],"remove":[]}"#,
    match_error(r#"Match error: Expected Integer, got "1e400" in field upsert[0].count"#)
)]
#[case::count_infinity_b(
    RocketChatValidation::Ajv,
    r#"{"upsert":[{"agentId":"a","username":"u","count":1e400}],"remove":[]}"#,
    invalid_params("must be number")
)]
#[case::count_infinity_string_b(
    RocketChatValidation::Ajv,
    r#"{"upsert":[{"agentId":"a","username":"u","count":"Infinity"}],"remove":[]}"#,
    match_error(r#"Match error: Expected Integer, got {"$InfNaN":1} in field upsert[0].count"#)
)]
#[case::agent_id_infinity_b(RocketChatValidation::Ajv, r#"{"upsert":[{"agentId":1e400,"username":"u"}],"remove":[]}"#, SUCCESS.to_owned())]
#[case::upsert_infinity_b(
    RocketChatValidation::Ajv,
    r#"{"upsert":1e400,"remove":[]}"#,
    invalid_params("must be array")
)]
fn numbers_beyond_the_double_range_are_infinity(
    #[case] validation: RocketChatValidation,
    #[case] body: &str,
    #[case] expected: String,
) {
    check(validation, body.as_bytes(), &expected);
}

#[rstest]
fn nesting_100_000_levels_deep_gets_an_answer(
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    // Runs on the test's own thread (2 MiB stack): no stack overflow at any depth.
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{ANA}","username":"ana","extra":{}}}],"remove":[]}}"#,
        deep(100_000)
    );
    let engine = engine_with(Fidelity::Observed, validation);
    let response = Call::post(SUPPORT)
        .raw("application/json", body.as_bytes())
        .send(&engine);
    match validation {
        // `Match.ObjectIncluding` lets the extra key through: ana is added.
        RocketChatValidation::Meteor => {
            assert_eq!(status_and_body(&response), (200, SUCCESS.to_owned()));
            assert_eq!(records(&engine, SUPPORT).len(), 1);
        }
        RocketChatValidation::Ajv => {
            assert_eq!(
                status_and_body(&response),
                (400, invalid_params("must NOT have additional properties"))
            );
            assert_eq!(records(&engine, SUPPORT).len(), 0);
        }
    }
    // A broken body that deep is malformed as a whole: `{}`.
    let broken = format!(
        r#"{{"upsert":[],"remove":[],"x":{}1,{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let response = Call::post(SUPPORT)
        .raw("application/json", broken.as_bytes())
        .send(&engine);
    let expected = match validation {
        RocketChatValidation::Meteor => UPSERT_MISSING_A,
        RocketChatValidation::Ajv => UPSERT_MISSING_B,
    };
    assert_eq!(status_and_body(&response), (400, expected.to_owned()));
}
