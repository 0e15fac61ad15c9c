//! Rocket.Chat's response bodies and headers as its API framework writes them
//! (`RocketChat/Rocket.Chat@0358e0dc3bd9a302e8d07bb3efad35a8eca31d8c` `apps/meteor/server/api/ApiClass.ts`;
//! headers: `RocketChat/Rocket.Chat@05360738ef253d8ad85a1eb64e311dd94c7037c7` `packages/http-router/src/Router.ts`).
//!
//! `API.v1.success(obj)` appends `success: true`; `failure(msg, errorType, …, err)` writes
//! `{success:false, error, errorType?, details?}`. Bodies that never vary are static bytes.

use http::StatusCode;
use http::header::{ALLOW, CACHE_CONTROL, HeaderName, PRAGMA};
use serde::Serialize;

use crate::exchange::{Operation, Response, content_type};
use crate::fidelity::Provenance;

/// Headers of the action path (200/400): the router adds them to every action's answer.
/// The newest framework's auth/permission middlewares answer 401/403 with Hono's `c.json()`,
/// which writes only `content-type`.
pub(crate) static NO_CACHE: [(HeaderName, &str); 2] =
    [(CACHE_CONTROL, "no-store"), (PRAGMA, "no-cache")];

/// The `Allow` header of Hono's 405 for the Meteor web app's paths.
static ALLOW_READS: [(HeaderName, &str); 1] = [(ALLOW, "OPTIONS, GET, HEAD")];

/// 401, observed: `unauthorized()` plus the `status`/`message` keys kept for the old API.
pub(crate) const UNAUTHORIZED_OBSERVED: &str = r#"{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}"#;

/// 401, documented (doc 001/004 "Authorization Error").
pub(crate) const UNAUTHORIZED_DOCUMENTED: &str =
    r#"{"status":"error","message":"You must be logged in to do this."}"#;

/// 403 from the permissions middleware (also doc 001/004 "Example 1", with a real boolean).
pub(crate) const FORBIDDEN: &str = r#"{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}"#;

/// 200 of the POST.
pub(crate) const SUCCESS: &str = r#"{"success":true}"#;

/// 400 from `saveDepartmentAgents` when the department does not exist.
pub(crate) const DEPARTMENT_NOT_FOUND: &str = r#"{"success":false,"error":"Department not found [error-department-not-found]","errorType":"error-department-not-found"}"#;

/// Hono's default not-found body (`c.text('404 Not Found', 404)`), for unmatched routes.
pub(crate) const HONO_NOT_FOUND: &str = "404 Not Found";

/// The content type of Hono's `c.text()`.
pub(crate) const TEXT_PLAIN: &str = "text/plain; charset=UTF-8";

/// `notFound()`'s default body.
pub(crate) const NOT_FOUND: &str = r#"{"success":false,"error":"Resource not found"}"#;

/// `tooManyRequests()`; the wait (60 s) is rosterwire's choice.
pub(crate) const TOO_MANY_REQUESTS: &str = r#"{"success":false,"error":"Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]"}"#;

/// body-parser's answer to an over-limit body, in the API's failure shape (assumed).
pub(crate) const BODY_TOO_LARGE: &str = r#"{"success":false,"error":"request entity too large"}"#;

/// Meteor's WebApp for a path no handler took (`//api/…`: Express's `/api` prefix does not
/// match it), as `meteor/meteor` `packages/webapp/webapp_server.js` answers: a method other
/// than GET/HEAD/OPTIONS gets `405` with `Allow: OPTIONS, GET, HEAD` and an empty body
/// (observed), OPTIONS `200` empty (observed), GET/HEAD the web app's HTML page, which only a
/// deployment has (a placeholder here, assumed).
pub(crate) fn webapp_fallback(method: &http::Method) -> Response {
    let operation = super::routes::UNKNOWN_ROUTE;
    match *method {
        http::Method::GET | http::Method::HEAD => Response::fixed(
            operation,
            StatusCode::OK,
            Some("text/html; charset=utf-8"),
            WEBAPP_PAGE,
            Provenance::Assumed,
        ),
        http::Method::OPTIONS => {
            Response::fixed(operation, StatusCode::OK, None, "", Provenance::Observed)
        }
        _ => Response::fixed(
            operation,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            "",
            Provenance::Observed,
        )
        .with_headers(&ALLOW_READS),
    }
}

/// Stands in for the Meteor web app's page (a real server sends its client's HTML).
const WEBAPP_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>Rocket.Chat</title></head><body></body></html>\n";

/// `failure(message)` for an error without a type, e.g. a `Match.Error`.
#[derive(Debug, Serialize)]
pub(crate) struct Failure<'a> {
    pub(crate) success: bool,
    pub(crate) error: &'a str,
    #[serde(rename = "errorType", skip_serializing_if = "Option::is_none")]
    pub(crate) error_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) details: Option<FailureDetails>,
}

/// `details` of a `parseJsonQuery` error.
#[derive(Debug, Serialize)]
pub(crate) struct FailureDetails {
    #[serde(rename = "helperMethod")]
    pub(crate) helper_method: &'static str,
}

/// A 400 `{"success":false,"error":<error>[,"errorType":<type>]}` on the action path.
pub(crate) fn failure(
    operation: Operation,
    error: &str,
    error_type: Option<&str>,
    provenance: Provenance,
) -> Response {
    let body = Failure {
        success: false,
        error,
        error_type,
        details: None,
    };
    Response::json(
        operation,
        StatusCode::BAD_REQUEST,
        content_type::JSON,
        &body,
        provenance,
    )
    .with_headers(&NO_CACHE)
}

/// A 400 from ajv: `<message> [invalid-params]` with `errorType: invalid-params`.
pub(crate) fn invalid_params(operation: Operation, message: &str) -> Response {
    failure(
        operation,
        &format!("{message} [invalid-params]"),
        Some("invalid-params"),
        Provenance::Observed,
    )
}

/// A 400 from `parseJsonQuery` for a bad `sort`.
pub(crate) fn invalid_sort(operation: Operation, invalid: &super::query::InvalidSort) -> Response {
    let provenance = observed_unless(invalid.assumed);
    let error = format!(
        "Invalid sort parameter provided: \"{}\" [error-invalid-sort]",
        invalid.raw
    );
    let body = Failure {
        success: false,
        error: &error,
        error_type: Some("error-invalid-sort"),
        details: Some(FailureDetails {
            helper_method: "parseJsonQuery",
        }),
    };
    Response::json(
        operation,
        StatusCode::BAD_REQUEST,
        content_type::JSON,
        &body,
        provenance,
    )
    .with_headers(&NO_CACHE)
}

/// `Observed`, or `Assumed` where rosterwire chose the answer.
fn observed_unless(assumed: bool) -> Provenance {
    if assumed {
        Provenance::Assumed
    } else {
        Provenance::Observed
    }
}

/// A page of a list endpoint (`API.v1.success({<items>, count, offset, total})`, with the
/// no-cache headers): observed, or assumed where the page size is rosterwire's choice
/// (`count=0`).
pub(crate) fn page(operation: Operation, body: &impl Serialize, assumed_paging: bool) -> Response {
    Response::json(
        operation,
        StatusCode::OK,
        content_type::JSON,
        body,
        observed_unless(assumed_paging),
    )
    .with_headers(&NO_CACHE)
}

/// A fixed-body JSON answer on the action path (with the no-cache headers).
pub(crate) fn action_fixed(
    operation: Operation,
    status: StatusCode,
    body: &'static str,
    provenance: Provenance,
) -> Response {
    middleware_fixed(operation, status, body, provenance).with_headers(&NO_CACHE)
}

/// A fixed-body JSON answer from a middleware (content type only).
pub(crate) fn middleware_fixed(
    operation: Operation,
    status: StatusCode,
    body: &'static str,
    provenance: Provenance,
) -> Response {
    Response::fixed(
        operation,
        status,
        Some(content_type::JSON),
        body,
        provenance,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_omits_an_absent_error_type() {
        let op = Operation::new(crate::vendor_name::VendorName::RocketChat, "x");
        let response = failure(
            op,
            "Match error: Missing key 'upsert'",
            None,
            Provenance::Observed,
        );
        assert_eq!(
            response.body_text(),
            r#"{"success":false,"error":"Match error: Missing key 'upsert'"}"#
        );
    }

    #[test]
    fn invalid_sort_quotes_the_raw_parameter() {
        let op = Operation::new(crate::vendor_name::VendorName::RocketChat, "x");
        let invalid = super::super::query::InvalidSort {
            raw: "{x".to_owned(),
            assumed: false,
        };
        let response = invalid_sort(op, &invalid);
        assert_eq!(
            response.body_text(),
            r#"{"success":false,"error":"Invalid sort parameter provided: \"{x\" [error-invalid-sort]","errorType":"error-invalid-sort","details":{"helperMethod":"parseJsonQuery"}}"#
        );
    }
}
