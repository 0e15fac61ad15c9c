//! Answers not traced in the upstream sources (assumed; "Unverified answers" in
//! `docs/behaviours/rocketchat.md`), and fault-injection bodies.

use super::*;

#[rstest]
#[case::unauthorized(StatusCode::UNAUTHORIZED, UNAUTHORIZED_OBSERVED, Provenance::Observed)]
#[case::forbidden(StatusCode::FORBIDDEN, FORBIDDEN, Provenance::Observed)]
#[case::bad_request(StatusCode::BAD_REQUEST, NOT_FOUND_DEPARTMENT, Provenance::Observed)]
#[case::not_found(
    StatusCode::NOT_FOUND,
    r#"{"success":false,"error":"Resource not found"}"#,
    Provenance::Observed
)]
#[case::too_many_requests(StatusCode::TOO_MANY_REQUESTS, r#"{"success":false,"error":"Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]"}"#, Provenance::Observed)]
#[case::server_error(
    StatusCode::INTERNAL_SERVER_ERROR,
    r#"{"success":false,"error":"Internal Server Error"}"#,
    Provenance::Assumed
)]
fn fault_injection_uses_rocket_chats_bodies(
    #[case] status: StatusCode,
    #[case] body: &str,
    #[case] provenance: Provenance,
) {
    let engine = engine();
    let call = Call::post(SALES);
    let response = engine
        .error_response(
            &Request {
                method: &call.method,
                path: &call.path,
                query: None,
                headers: &call.headers,
                body: &[],
            },
            status,
        )
        .unwrap();
    assert_eq!(
        status_and_body(&response),
        (status.as_u16(), body.to_owned())
    );
    assert_eq!(response.provenance, provenance);
    assert_eq!(response.operation.id, "update-department-agents");
}
