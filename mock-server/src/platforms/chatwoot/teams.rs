//! `TeamsController#show`: one team and whether the caller is in it (reference §4.4).

use http::StatusCode;
use serde::Serialize;

use super::auth::Caller;
use super::profile::Profile;
use super::routes::Action;
use super::state::State;
use crate::exchange::{Response, content_type};

/// `api/v1/models/_team.json.jbuilder`, keys in the partial's order.
#[derive(Debug, Serialize)]
struct TeamJson<'a> {
    id: i64,
    name: &'a str,
    description: Option<&'a str>,
    allow_auto_assign: bool,
    account_id: i64,
    is_member: bool,
}

/// The team `team_id` of the caller's account (already known to exist).
pub(crate) fn show(state: &State, profile: Profile, caller: Caller, team_id: i64) -> Response {
    let operation = Action::ShowTeam.operation();
    let Some(team) = state.team(caller.account_id, team_id) else {
        return profile.team_not_found(operation);
    };
    let is_member = state
        .world
        .team_members
        .iter()
        .any(|m| m.team_id == team.id && m.user_id == caller.user_id);
    let json = TeamJson {
        id: team.id,
        name: &team.name,
        description: team.description.as_deref(),
        allow_auto_assign: team.allow_auto_assign,
        account_id: team.account_id,
        is_member,
    };
    // Doc 003 does not describe this endpoint: the real server's shape in both profiles.
    Response::json(
        operation,
        StatusCode::OK,
        content_type::JSON_UTF8,
        &json,
        crate::fidelity::Provenance::Observed,
    )
}
