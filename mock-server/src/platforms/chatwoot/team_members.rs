//! `TeamMembersController`: list, add, replace-all and remove (`chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515`
//! `app/controllers/api/v1/accounts/team_members_controller.rb`: `index`, `create`, `update`, `destroy`;
//! `app/models/team.rb`: `add_members`, `remove_members`).

use bytes::Bytes;
use http::StatusCode;

use super::agents_body::agents_body;
use super::auth::Caller;
use super::errors;
use super::params::{self, BodyParams, RequestedId};
use super::profile::Profile;
use super::routes::Action;
use super::sorted_ids::SortedIds;
use super::state::State;
use super::world::{ChatwootRole, ChatwootTeamMember};
use crate::exchange::{Response, content_type};
use crate::fast_hash::FastSet;
use crate::fidelity::Provenance;

/// `index`: every member, for any user of the account.
pub(crate) fn list(state: &State, profile: Profile, caller: Caller, team_id: i64) -> Response {
    let body = agents_body(state, profile, caller.account_id, state.member_ids(team_id));
    agents_response(profile, Action::ListMembers, body)
}

/// `create`, `update` or `destroy`: the role check, `validate_member_id_params`, then the
/// change, all under the caller's single lock: nothing is written unless everything is valid.
pub(crate) fn change(
    state: &mut State,
    profile: Profile,
    caller: Caller,
    team_id: i64,
    action: Action,
    params: BodyParams,
) -> Response {
    let operation = action.operation();
    if caller.role != ChatwootRole::Administrator {
        return profile.not_administrator(operation);
    }
    let Ok(requested) = params::user_ids(params) else {
        return errors::rendered(
            operation,
            StatusCode::INTERNAL_SERVER_ERROR,
            errors::INTERNAL_SERVER_ERROR,
            Provenance::Observed,
        );
    };
    let outside_account = |r: &RequestedId| {
        r.id.is_none_or(|id| state.account_user(caller.account_id, id).is_none())
    };
    if requested.iter().any(outside_account) {
        return profile.invalid_user_ids(operation);
    }
    let like_ruby = profile.compares_ids_like_ruby();
    // Every id is in range here (checked above); collected in place, no new allocation.
    let ids: Vec<(i64, bool)> = requested
        .into_iter()
        .filter_map(|r| Some((r.id?, r.is_integer || !like_ruby)))
        .collect();
    match action {
        Action::UpdateMembers => update(state, profile, caller, team_id, &ids),
        Action::AddMembers => add(state, profile, caller, team_id, &ids),
        _ => remove(state, profile, team_id, &ids),
    }
}

/// `update`: add `P - current`, then remove `current - P` (Ruby `Array#-`, so only integer
/// elements match members), then render every member.
fn update(
    state: &mut State,
    profile: Profile,
    caller: Caller,
    team_id: i64,
    ids: &[(i64, bool)],
) -> Response {
    let current: SortedIds = state.member_ids(team_id).collect();
    let kept: SortedIds = ids
        .iter()
        .filter(|(_, int)| *int)
        .map(|(id, _)| *id)
        .collect();
    // Removing first, then appending: the same rows in the same order as appending first and
    // then removing `current - P` (the appended ids are not in `current`, so they would stay).
    state
        .world
        .team_members
        .retain(|m| m.team_id != team_id || kept.contains(m.user_id));
    insert_new(state, team_id, &current, ids);
    let body = agents_body(state, profile, caller.account_id, state.member_ids(team_id));
    agents_response(profile, Action::UpdateMembers, body)
}

/// `create`: add `P - current` and render what `add_members` returns.
fn add(
    state: &mut State,
    profile: Profile,
    caller: Caller,
    team_id: i64,
    ids: &[(i64, bool)],
) -> Response {
    let current: SortedIds = state.member_ids(team_id).collect();
    let inserted = insert_new(state, team_id, &current, ids);
    let shown = if profile.echoes_unsaved_additions() {
        attempted(&current, ids).collect()
    } else {
        inserted
    };
    let body = agents_body(state, profile, caller.account_id, shown);
    agents_response(profile, Action::AddMembers, body)
}

/// `destroy`: remove the members among `ids` (ActiveRecord casts every element), `head :ok`.
fn remove(state: &mut State, profile: Profile, team_id: i64, ids: &[(i64, bool)]) -> Response {
    let gone: SortedIds = ids.iter().map(|(id, _)| *id).collect();
    state
        .world
        .team_members
        .retain(|m| m.team_id != team_id || !gone.contains(m.user_id));
    let operation = Action::RemoveMembers.operation();
    Response {
        status: StatusCode::OK,
        content_type: Some(content_type::JSON),
        headers: &[],
        body: Bytes::new(),
        provenance: profile.success(operation),
        operation,
    }
}

/// `P - current` with Ruby `eql?`: every element except integers that are already members
/// (duplicates kept).
fn attempted<'a>(current: &'a SortedIds, ids: &'a [(i64, bool)]) -> impl Iterator<Item = i64> + 'a {
    ids.iter()
        .filter(|(id, int)| !(*int && current.contains(*id)))
        .map(|(id, _)| *id)
}

/// Beyond this many attempted ids, [`insert_new`] remembers the inserted ones in a hash set
/// rather than searching its list.
const SHORT_LIST: usize = 16;

/// `team_members.create(...)` with the uniqueness validation: inserts each attempted id that
/// is not a member yet, in order, and returns the inserted ids.
fn insert_new(
    state: &mut State,
    team_id: i64,
    current: &SortedIds,
    ids: &[(i64, bool)],
) -> Vec<i64> {
    let mut inserted: Vec<i64> = Vec::new();
    let mut inserted_set: FastSet<i64> = FastSet::default();
    for id in attempted(current, ids) {
        let new = !current.contains(id)
            && if ids.len() > SHORT_LIST {
                inserted_set.insert(id)
            } else {
                !inserted.contains(&id)
            };
        if new {
            inserted.push(id);
        }
    }
    state.world.team_members.extend(
        inserted
            .iter()
            .map(|&user_id| ChatwootTeamMember { team_id, user_id }),
    );
    inserted
}

/// A 200 with a rendered agent array.
fn agents_response(profile: Profile, action: Action, body: Bytes) -> Response {
    let operation = action.operation();
    Response {
        status: StatusCode::OK,
        content_type: Some(content_type::JSON_UTF8),
        headers: &[],
        body,
        provenance: profile.success(operation),
        operation,
    }
}
