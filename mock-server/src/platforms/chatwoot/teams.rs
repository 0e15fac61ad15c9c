//! `TeamsController`: index, show, create, update and destroy (chatwoot/chatwoot
//! `app/controllers/api/v1/accounts/teams_controller.rb` @c4baf58ae026).
//!
//! Callback order: `fetch_team` (show, update, destroy; done by the caller, before this) →
//! `check_authorization` (`TeamPolicy`: `index?`/`show?` true, `create?`/`update?`/`destroy?`
//! `@account_user.administrator?`, chatwoot/chatwoot `app/policies/team_policy.rb`) → the
//! action, which reads `team_params` (422/500) and saves with `save!`/`update!` (validation
//! failures: `RecordInvalid`, 422). The views (`teams/{index,create,show,update}.json.jbuilder`)
//! all render the `api/v1/models/_team` partial, with status 200; destroy is `head :ok`.
//!
//! Doc 003 does not describe these endpoints; both profiles give the real server's answers.
//! The public API reference (chatwoot/chatwoot `swagger/paths/application/teams/*.yml`) agrees
//! on the statuses: 200 for create, update and delete, 401 for a refused caller.

use http::StatusCode;
use serde::Serialize;
use serde_json::Value;

use super::auth::Caller;
use super::errors;
use super::routes::Action;
use super::state::State;
use super::team_params::{TeamParams, TeamParamsError, is_blank, team_params};
use super::world::{ChatwootRole, ChatwootTeam};
use crate::exchange::{Response, content_type};
use crate::fidelity::Provenance;

/// `api/v1/models/_team.json.jbuilder`, keys in the partial's order.
#[derive(Debug, Serialize)]
struct TeamJson<'a> {
    id: i64,
    name: &'a str,
    description: Option<&'a str>,
    allow_auto_assign: Option<bool>,
    account_id: i64,
    is_member: bool,
}

impl<'a> TeamJson<'a> {
    /// The partial for `team`; `is_member` is `Current.user.teams.include?(resource)`.
    fn new(state: &State, caller: Caller, team: &'a ChatwootTeam) -> Self {
        let is_member = state
            .world
            .team_members
            .iter()
            .any(|m| m.team_id == team.id && m.user_id == caller.user_id);
        Self {
            id: team.id,
            name: &team.name,
            description: team.description.as_deref(),
            allow_auto_assign: team.allow_auto_assign,
            account_id: team.account_id,
            is_member,
        }
    }
}

/// `index`: every team of the account (no `ORDER BY`: the mock keeps creation order), for any
/// user of the account.
pub(crate) fn list(state: &State, caller: Caller) -> Response {
    let teams: Vec<TeamJson<'_>> = state
        .world
        .teams
        .iter()
        .filter(|t| t.account_id == caller.account_id)
        .map(|t| TeamJson::new(state, caller, t))
        .collect();
    ok(Action::ListTeams, &teams)
}

/// `show`: the team `team_id` of the caller's account (already found).
pub(crate) fn show(state: &State, caller: Caller, team_id: i64) -> Response {
    team_answer(state, caller, Action::ShowTeam, team_id)
}

/// `create`: administrators only; a new team with the next id of the sequence.
pub(crate) fn create(state: &mut State, caller: Caller, body: Option<&Value>) -> Response {
    let operation = Action::CreateTeam.operation();
    if caller.role != ChatwootRole::Administrator {
        return errors::unauthorized(operation, errors::NOT_AUTHORIZED);
    }
    let params = match team_params(body) {
        Ok(params) => params,
        Err(error) => return params_error(Action::CreateTeam, error),
    };
    // `Current.account.teams.new(team_params)`: the column defaults, then the params.
    let mut team = ChatwootTeam {
        id: 0,
        account_id: caller.account_id,
        name: String::new(),
        description: None,
        allow_auto_assign: Some(true),
    };
    let name = assign(&mut team, params);
    if let Some(body) = validation_error(state, caller.account_id, name.as_deref(), None) {
        return errors::unprocessable(operation, body);
    }
    team.name = name.unwrap_or_default();
    team.id = state.take_team_id();
    let id = team.id;
    state.world.teams.push(team);
    team_answer(state, caller, Action::CreateTeam, id)
}

/// `update` (PATCH or PUT): administrators only; only the keys sent change.
pub(crate) fn update(
    state: &mut State,
    caller: Caller,
    team_id: i64,
    body: Option<&Value>,
) -> Response {
    let operation = Action::UpdateTeam.operation();
    if caller.role != ChatwootRole::Administrator {
        return errors::unauthorized(operation, errors::NOT_AUTHORIZED);
    }
    let params = match team_params(body) {
        Ok(params) => params,
        Err(error) => return params_error(Action::UpdateTeam, error),
    };
    let Some(index) = state.world.teams.iter().position(|t| t.id == team_id) else {
        return errors::rendered(
            operation,
            StatusCode::NOT_FOUND,
            errors::RESOURCE_NOT_FOUND,
            Provenance::Observed,
        );
    };
    // Work on a copy: nothing is stored unless the record is valid (`update!` rolls back).
    let mut team = state.world.teams[index].clone();
    let name_sent = params.name.is_some();
    let sent = assign(&mut team, params);
    let name = if name_sent {
        sent
    } else {
        Some(team.name.clone())
    };
    if let Some(body) = validation_error(state, caller.account_id, name.as_deref(), Some(team_id)) {
        return errors::unprocessable(operation, body);
    }
    team.name = name.unwrap_or_default();
    state.world.teams[index] = team;
    team_answer(state, caller, Action::UpdateTeam, team_id)
}

/// `destroy`: administrators only; the team and its memberships go (`dependent:
/// :destroy_async`, done at once here), `head :ok`.
pub(crate) fn destroy(state: &mut State, caller: Caller, team_id: i64) -> Response {
    let operation = Action::DeleteTeam.operation();
    if caller.role != ChatwootRole::Administrator {
        return errors::unauthorized(operation, errors::NOT_AUTHORIZED);
    }
    state.world.teams.retain(|t| t.id != team_id);
    state.world.team_members.retain(|m| m.team_id != team_id);
    errors::head_ok(operation, Provenance::Observed)
}

/// Applies the permitted params to `team` and returns the new name as the model holds it
/// before validation (`before_validation`: downcased when present), `None` for `nil`.
fn assign(team: &mut ChatwootTeam, params: TeamParams) -> Option<String> {
    if let Some(description) = params.description {
        team.description = description;
    }
    if let Some(allow) = params.allow_auto_assign {
        team.allow_auto_assign = allow;
    }
    let name = params.name.flatten()?;
    Some(if is_blank(&name) {
        name
    } else {
        name.to_lowercase()
    })
}

/// `validates :name, presence:, uniqueness: { scope: :account_id }`, in that order.
fn validation_error(
    state: &State,
    account_id: i64,
    name: Option<&str>,
    except: Option<i64>,
) -> Option<&'static str> {
    match name {
        None => Some(errors::TEAM_NAME_BLANK),
        Some(name) if is_blank(name) => Some(errors::TEAM_NAME_BLANK),
        Some(name) if state.team_name_taken(account_id, name, except) => {
            Some(errors::TEAM_NAME_TAKEN)
        }
        Some(_) => None,
    }
}

fn params_error(action: Action, error: TeamParamsError) -> Response {
    match error {
        TeamParamsError::Missing => {
            errors::unprocessable(action.operation(), errors::TEAM_PARAM_MISSING)
        }
        TeamParamsError::NoMethod => errors::internal_server_error(action.operation()),
    }
}

/// A 200 with the team partial of `team_id`.
fn team_answer(state: &State, caller: Caller, action: Action, team_id: i64) -> Response {
    match state.team(caller.account_id, team_id) {
        Some(team) => ok(action, &TeamJson::new(state, caller, team)),
        None => errors::rendered(
            action.operation(),
            StatusCode::NOT_FOUND,
            errors::RESOURCE_NOT_FOUND,
            Provenance::Observed,
        ),
    }
}

fn ok<T: Serialize + ?Sized>(action: Action, value: &T) -> Response {
    Response::json(
        action.operation(),
        StatusCode::OK,
        content_type::JSON_UTF8,
        value,
        Provenance::Observed,
    )
}
