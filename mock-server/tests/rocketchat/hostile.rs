//! Hostile bodies never panic and never corrupt state.

use super::*;

#[rstest]
#[case::deep_nesting(format!(r#"{{"upsert":{}1{},"remove":[]}}"#, "[".repeat(10_000), "]".repeat(10_000)).into_bytes())]
#[case::non_utf8(b"{\"upsert\":[{\"agentId\":\"\xff\xfe\"}],\"remove\":[]}".to_vec())]
#[case::number_out_of_range(br#"{"upsert":[{"agentId":"a","count":1e400}],"remove":[]}"#.to_vec())]
#[case::huge_integer(br#"{"upsert":[{"agentId":"a","count":123456789012345678901234567890}],"remove":[]}"#.to_vec())]
#[case::huge_array(format!(r#"{{"upsert":[{}],"remove":[]}}"#, vec![format!(r#"{{"agentId":"{ANA}","count":1}}"#); 50_000].join(",")).into_bytes())]
fn hostile_bodies_get_an_answer_and_never_a_panic(
    #[case] body: Vec<u8>,
    #[values(RocketChatValidation::Meteor, RocketChatValidation::Ajv)]
    validation: RocketChatValidation,
) {
    let engine = engine_with(Fidelity::Observed, validation);
    let response = Call::post(SUPPORT)
        .raw("application/json", &body)
        .send(&engine);
    assert!(
        matches!(response.status.as_u16(), 200 | 400),
        "{}",
        response.body_text()
    );
    let records = records(&engine, SUPPORT);
    assert!(records.len() <= 1, "duplicates collapse to one record");
    assert_eq!(num_agents(&engine, SUPPORT), records.len());
}
