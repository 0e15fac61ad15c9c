//! `Api::V1::ProfilesController#show` (chatwoot/chatwoot
//! `app/controllers/api/v1/profiles_controller.rb`, `app/views/api/v1/profiles/show.json.jbuilder`
//! → `app/views/api/v1/models/_user.json.jbuilder`): the token's own user, with every account
//! it belongs to. An `Api::BaseController`, so only the token checks run (no account, no
//! policy); a bot token gets the bots 401, `api/v1/profiles` not being in
//! `BOT_ACCESSIBLE_ENDPOINTS`.
//!
//! Vendor doc 003 does not describe this endpoint, so both profiles give the real server's
//! body, labelled `Observed` (the assumed values are listed in [`super::user_json`]).

use bytes::Bytes;
use http::StatusCode;

use super::auth::TokenUser;
use super::errors;
use super::routes::Action;
use super::state::State;
use super::user_json::user_json;
use crate::exchange::{Response, content_type};
use crate::fidelity::Provenance;

/// `show`: 200 with the user partial.
pub(crate) fn show(state: &State, caller: TokenUser<'_>) -> Response {
    let operation = Action::ShowProfile.operation();
    let Some(user) = state.user(caller.user_id) else {
        // A token always names a user of the checked world; answer as Rails would if the
        // owner were gone (`@user` nil → `NoMethodError` in the view).
        return errors::internal_server_error(operation);
    };
    let body = serde_json::to_vec(&user_json(state, user, caller.token))
        .map_or_else(|_| Bytes::from_static(b"{}"), Bytes::from);
    Response {
        status: StatusCode::OK,
        content_type: Some(content_type::JSON_UTF8),
        headers: &[],
        body,
        provenance: Provenance::Observed,
        operation,
    }
}
