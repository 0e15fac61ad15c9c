//! Who may call: 401 for bad credentials, 403 without the operation's permissions.

use super::*;

#[rstest]
#[case::no_headers(Call::post(SALES).anonymous())]
#[case::only_user_id(Call::post(SALES).anonymous().header("x-user-id", ADMIN.0))]
#[case::only_token(Call::post(SALES).anonymous().header("x-auth-token", ADMIN.1))]
#[case::empty_headers(Call::post(SALES).anonymous().header("x-user-id", "").header("x-auth-token", ""))]
#[case::wrong_token(Call::post(SALES).by_user((ADMIN.0, "nope")))]
#[case::token_of_another_user(Call::post(SALES).by_user((ADMIN.0, VIEWER.1)))]
#[case::a_user_without_a_token(Call::post(SALES).by_user((KIM, "")))]
fn bad_credentials_give_401_before_anything_else(#[case] call: Call<'static>) {
    let call = call.json("not even json");
    let observed = call.send(&engine());
    assert_eq!(
        status_and_body(&observed),
        (401, UNAUTHORIZED_OBSERVED.to_owned())
    );
    assert_eq!(observed.provenance, Provenance::Observed);
    let documented = call.send(&engine_with(
        Fidelity::Documented,
        RocketChatValidation::Meteor,
    ));
    assert_eq!(
        status_and_body(&documented),
        (401, UNAUTHORIZED_DOCUMENTED.to_owned())
    );
    assert_eq!(documented.provenance, Provenance::Documented);
}

#[rstest]
#[case::no_permission_at_all(NOBODY)]
#[case::agent_with_view_l_room_only(VIEWER)]
fn callers_without_a_post_permission_get_403_even_with_a_bad_body(
    #[case] user: (&str, &str),
    #[values(Fidelity::Documented, Fidelity::Observed)] fidelity: Fidelity,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let response = Call::post(MISSING).by_user(user).json("[]").send(&engine);
    assert_eq!(status_and_body(&response), (403, FORBIDDEN.to_owned()));
}

#[test]
fn either_post_permission_is_enough() {
    let engine = engine();
    let response = Call::post(SUPPORT)
        .by_user(ADDER)
        .json(&format!(
            r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#
        ))
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
}

#[rstest]
#[case::list(Call::list(SALES))]
#[case::department(Call::department(SALES))]
fn reads_need_view_livechat_departments_or_view_l_room(#[case] call: Call<'static>) {
    let engine = engine();
    assert_eq!(call.send(&engine).status, StatusCode::OK);
    assert_eq!(call_as(&call, VIEWER).send(&engine).status, StatusCode::OK);
    assert_eq!(
        status_and_body(&call_as(&call, ADDER).send(&engine)),
        (403, FORBIDDEN.to_owned())
    );
    assert_eq!(
        status_and_body(&call_as(&call, NOBODY).send(&engine)),
        (403, FORBIDDEN.to_owned())
    );
    let anonymous = Call::new(call.method.clone(), call.path.clone());
    let response = anonymous.send(&engine_with(
        Fidelity::Documented,
        RocketChatValidation::Meteor,
    ));
    // The documents describe only the POST: reads answer the observed 401 in both profiles.
    assert_eq!(
        status_and_body(&response),
        (401, UNAUTHORIZED_OBSERVED.to_owned())
    );
    assert_eq!(response.provenance, Provenance::Observed);
}

fn call_as<'a>(call: &Call<'a>, user: (&str, &str)) -> Call<'a> {
    Call::new(call.method.clone(), call.path.clone()).by_user(user)
}
