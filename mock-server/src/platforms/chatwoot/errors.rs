//! Chatwoot's own error answers, byte for byte: `render_unauthorized`, devise_token_auth,
//! `RequestExceptionHandler` and Rails `PublicExceptions` (`chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`
//! `app/controllers/api/base_controller.rb`, `app/controllers/concerns/request_exception_handler.rb`,
//! `app/controllers/concerns/ensure_current_account_helper.rb`; `lynndylanhurley/devise_token_auth`
//! `lib/devise_token_auth/controllers/helpers.rb` `render_authenticate_error`).

use http::StatusCode;
use serde::Serialize;

use crate::exchange::{Operation, Response, content_type};
use crate::fidelity::Provenance;

/// devise_token_auth `render_authenticate_error` (no `api_access_token` header).
pub(crate) const SIGN_IN: &str =
    r#"{"errors":["You need to sign in or sign up before continuing."]}"#;
/// `authenticate_access_token!` with an unknown token.
pub(crate) const INVALID_ACCESS_TOKEN: &str = r#"{"error":"Invalid Access Token"}"#;
/// `validate_bot_access_token!`: team endpoints are not in `BOT_ACCESSIBLE_ENDPOINTS`.
pub(crate) const BOTS_REFUSED: &str =
    r#"{"error":"Access to this endpoint is not authorized for bots"}"#;
/// `ActiveRecord::RecordNotFound` (missing account or team).
pub(crate) const RESOURCE_NOT_FOUND: &str = r#"{"error":"Resource could not be found"}"#;
/// `ensure_current_account` on a suspended account.
pub(crate) const ACCOUNT_SUSPENDED: &str = r#"{"error":"Account is suspended"}"#;
/// `ensure_current_account` when the caller is not a user of the account.
pub(crate) const NOT_ACCOUNT_USER: &str =
    r#"{"error":"You are not authorized to access this account"}"#;
/// `Pundit::NotAuthorizedError` (a non-administrator changing members).
pub(crate) const NOT_AUTHORIZED: &str = r#"{"error":"You are not authorized to do this action"}"#;
/// `validate_member_id_params`.
pub(crate) const INVALID_USER_IDS: &str = r#"{"error":"Invalid User IDs"}"#;
/// `render_could_not_create_error(e.message)` for `ActionController::ParameterMissing` on
/// `params.require(:team)`.
pub(crate) const TEAM_PARAM_MISSING: &str =
    r#"{"error":"param is missing or the value is empty: team"}"#;
/// `render_record_invalid` for a blank team name (`errors.validations.presence` is
/// "must not be blank" in chatwoot/chatwoot `config/locales/en.yml` @006eb17c7001).
pub(crate) const TEAM_NAME_BLANK: &str =
    r#"{"message":"Name must not be blank","attributes":["name"]}"#;
/// `render_record_invalid` for a name another team of the account has (Rails' uniqueness
/// message).
pub(crate) const TEAM_NAME_TAKEN: &str =
    r#"{"message":"Name has already been taken","attributes":["name"]}"#;
/// Rails `PublicExceptions` for `ActionDispatch::Http::Parameters::ParseError`.
pub(crate) const BAD_REQUEST: &str = r#"{"status":400,"error":"Bad Request"}"#;
/// Rails `PublicExceptions` for an unrescued exception (`NoMethodError` on `user_ids`).
pub(crate) const INTERNAL_SERVER_ERROR: &str = r#"{"status":500,"error":"Internal Server Error"}"#;
/// Rails `PublicExceptions` for `ActionController::RoutingError`.
pub(crate) const ROUTE_NOT_FOUND: &str = r#"{"status":404,"error":"Not Found"}"#;

/// A rendered Rails JSON error (`application/json; charset=utf-8`).
pub(crate) fn rendered(
    operation: Operation,
    status: StatusCode,
    body: &'static str,
    provenance: Provenance,
) -> Response {
    Response::fixed(
        operation,
        status,
        Some(content_type::JSON_UTF8),
        body,
        provenance,
    )
}

/// A real-server 422 (`ParameterMissing` or `RecordInvalid`) with one of the bodies above.
pub(crate) fn unprocessable(operation: Operation, body: &'static str) -> Response {
    rendered(
        operation,
        StatusCode::UNPROCESSABLE_ENTITY,
        body,
        Provenance::Observed,
    )
}

/// Rails' 500 for an unrescued exception.
pub(crate) fn internal_server_error(operation: Operation) -> Response {
    rendered(
        operation,
        StatusCode::INTERNAL_SERVER_ERROR,
        INTERNAL_SERVER_ERROR,
        Provenance::Observed,
    )
}

/// `head :ok`: 200, an empty body typed `application/json` (no charset).
pub(crate) fn head_ok(operation: Operation, provenance: Provenance) -> Response {
    Response::fixed(
        operation,
        StatusCode::OK,
        Some(content_type::JSON),
        "",
        provenance,
    )
}

/// A real-server 401 with one of the bodies above.
pub(crate) fn unauthorized(operation: Operation, body: &'static str) -> Response {
    rendered(
        operation,
        StatusCode::UNAUTHORIZED,
        body,
        Provenance::Observed,
    )
}

/// Rails' answer to a path (or method) that no route matches.
///
/// Assumed: Rails raises `RoutingError`, and `PublicExceptions` renders this body when the
/// request format is JSON; for other formats production Rails serves `public/404.html`. A JSON
/// API client is the only caller we imitate, so we always answer JSON. Also used for routes
/// Chatwoot has but rosterwire does not model (e.g. `POST /agents`, `GET /inboxes`).
pub(crate) fn route_not_found(operation: Operation) -> Response {
    rendered(
        operation,
        StatusCode::NOT_FOUND,
        ROUTE_NOT_FOUND,
        Provenance::Assumed,
    )
}

/// The body Chatwoot gives for `status`, for fault injection.
pub(crate) fn for_status(operation: Operation, status: StatusCode) -> Response {
    let known = match status.as_u16() {
        400 => Some(BAD_REQUEST),
        401 => Some(INVALID_ACCESS_TOKEN),
        404 => Some(RESOURCE_NOT_FOUND),
        500 => Some(INTERNAL_SERVER_ERROR),
        _ => None,
    };
    if let Some(body) = known {
        return rendered(operation, status, body, Provenance::Observed);
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        // Assumed: Rack::Attack's default throttled response (Chatwoot does not override it).
        return Response::fixed(
            operation,
            status,
            Some("text/plain"),
            "Retry later\n",
            Provenance::Assumed,
        );
    }
    rails_status(operation, status)
}

/// `{"status":N,"error":"<reason phrase>"}`, the shape Rails `PublicExceptions` gives any
/// status. Assumed for statuses Chatwoot is not known to produce here.
pub(crate) fn rails_status(operation: Operation, status: StatusCode) -> Response {
    #[derive(Serialize)]
    struct RailsError {
        status: u16,
        error: &'static str,
    }
    Response::json(
        operation,
        status,
        content_type::JSON_UTF8,
        &RailsError {
            status: status.as_u16(),
            error: status.canonical_reason().unwrap_or("Unknown"),
        },
        Provenance::Assumed,
    )
}
