//! Every difference between the `documented` profile (vendor doc 003) and the `observed` one
//! (Chatwoot's real server at `chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`, as cited in
//! `docs/behaviours/chatwoot.md`) lives here and nowhere else.
//!
//! | topic | documented | observed |
//! |---|---|---|
//! | non-administrator changes members | 403 `bad_request_error` | 401 `{"error": ...}` |
//! | team not found | 404 `bad_request_error` | 404 `{"error":"Resource could not be found"}` |
//! | ids outside the account | 422 `bad_request_error` | 401 `{"error":"Invalid User IDs"}` |
//! | agent fields | doc's 11 fields, `custom_role_id` always | + `provider`, + `custom_attributes` when non-empty, `custom_role_id` only in enterprise builds |
//! | `availability_status` | `available` / `busy` / `offline` | `online` / `busy` / `offline` |
//! | ids sent as strings or floats (`Array#-` in `update`) | cast to integers | compared with Ruby `eql?` |
//!
//! Where the doc is silent (401s, 400, 500, account checks) both profiles give the observed
//! answer, labelled `Observed`. The `bad_request_error` bodies are the doc's shape with content
//! rosterwire chose (the doc gives no example), so they are labelled `Assumed`.

use http::StatusCode;
use serde::Serialize;

use super::agent_json::{AgentView, ObservedAgent};
use super::errors;
use crate::exchange::{Operation, Response};
use crate::fidelity::{Fidelity, Provenance};

/// The operation doc 003 describes; the others follow its conventions by extension.
pub(crate) const DOCUMENTED_OPERATION: &str = "update-team-members";

/// How the Chatwoot mock behaves in one fidelity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    fidelity: Fidelity,
}

impl Profile {
    pub(crate) fn new(fidelity: Fidelity) -> Self {
        Self { fidelity }
    }

    /// A non-administrator asked to add, replace or remove members.
    pub(crate) fn not_administrator(self, operation: Operation) -> Response {
        match self.fidelity {
            Fidelity::Observed => errors::unauthorized(operation, errors::NOT_AUTHORIZED),
            Fidelity::Documented => documented_error(
                operation,
                StatusCode::FORBIDDEN,
                r#"{"description":"Access denied","errors":[{"field":"api_access_token","message":"You are not authorized to do this action","code":"forbidden"}]}"#,
            ),
        }
    }

    /// The team is missing or belongs to another account.
    pub(crate) fn team_not_found(self, operation: Operation) -> Response {
        match self.fidelity {
            Fidelity::Observed => errors::rendered(
                operation,
                StatusCode::NOT_FOUND,
                errors::RESOURCE_NOT_FOUND,
                Provenance::Observed,
            ),
            Fidelity::Documented => documented_error(
                operation,
                StatusCode::NOT_FOUND,
                r#"{"description":"Team not found","errors":[{"field":"team_id","message":"Team not found","code":"not_found"}]}"#,
            ),
        }
    }

    /// Some `user_ids` are not users of the account.
    pub(crate) fn invalid_user_ids(self, operation: Operation) -> Response {
        match self.fidelity {
            Fidelity::Observed => errors::unauthorized(operation, errors::INVALID_USER_IDS),
            Fidelity::Documented => documented_error(
                operation,
                StatusCode::UNPROCESSABLE_ENTITY,
                r#"{"description":"User must exist","errors":[{"field":"user_ids","message":"User must exist","code":"invalid"}]}"#,
            ),
        }
    }

    /// The label of a successful answer of `operation`.
    pub(crate) fn success(self, operation: Operation) -> Provenance {
        match self.fidelity {
            Fidelity::Observed => Provenance::Observed,
            Fidelity::Documented if operation.id == DOCUMENTED_OPERATION => Provenance::Documented,
            // Doc 003 covers PATCH only; the siblings reuse its agent schema by extension.
            Fidelity::Documented => Provenance::Assumed,
        }
    }

    /// Whether ids are compared as Ruby does (`"5"` and `5.0` never equal the member `5`,
    /// `params[:user_ids] - current_members_ids` in `chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`
    /// `app/controllers/api/v1/accounts/team_members_controller.rb`), rather than all cast to integers first.
    pub(crate) fn compares_ids_like_ruby(self) -> bool {
        self.fidelity == Fidelity::Observed
    }

    /// Whether a POST echoes every requested id that was not already an integer member,
    /// duplicates included (Chatwoot returns even the rows that failed to save: `add_members`
    /// uses non-bang `create` and `filter_map(&:user)` in `app/models/team.rb` at the same commit).
    pub(crate) fn echoes_unsaved_additions(self) -> bool {
        self.fidelity == Fidelity::Observed
    }

    /// `availability_status` as this profile prints it.
    pub(crate) fn availability_status(self, status: &'static str) -> &'static str {
        match (self.fidelity, status) {
            (Fidelity::Documented, "online") => "available",
            _ => status,
        }
    }
}

/// The doc's `bad_request_error` shape: status and shape documented, content assumed.
fn documented_error(operation: Operation, status: StatusCode, body: &'static str) -> Response {
    errors::rendered(operation, status, body, Provenance::Assumed)
}

/// One agent object in either profile.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Agent<'a> {
    Observed(ObservedAgent<'a>),
    Documented(DocumentedAgent<'a>),
}

/// The doc's agent schema: no `provider`, no `custom_attributes`, `custom_role_id` always.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentedAgent<'a> {
    id: i64,
    account_id: i64,
    availability_status: &'static str,
    auto_offline: bool,
    confirmed: bool,
    email: &'a str,
    available_name: &'a str,
    name: &'a str,
    role: &'static str,
    thumbnail: &'a str,
    custom_role_id: Option<i64>,
}

impl Profile {
    /// The agent object of `view` in this profile.
    pub(crate) fn agent(self, view: AgentView<'_>) -> Agent<'_> {
        match self.fidelity {
            Fidelity::Observed => Agent::Observed(ObservedAgent::from(view)),
            Fidelity::Documented => Agent::Documented(DocumentedAgent {
                id: view.user.id,
                account_id: view.account_id,
                availability_status: self.availability_status(view.availability_status()),
                auto_offline: view.account_user.auto_offline,
                confirmed: view.user.confirmed,
                email: &view.user.email,
                available_name: view.available_name(),
                name: &view.user.name,
                role: view.account_user.role.as_str(),
                thumbnail: &view.user.thumbnail,
                custom_role_id: view.account_user.custom_role_id,
            }),
        }
    }
}
