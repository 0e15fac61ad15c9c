//! The JSON array of agent objects that the team-member and agent endpoints answer.

use bytes::Bytes;

use super::agent_json::AgentView;
use super::profile::{Agent, Profile};
use super::state::State;

/// The JSON array of agent objects for `user_ids` in `account_id` (ids that are not users of
/// the account, which validation rules out, are skipped).
pub(crate) fn agents_body(
    state: &State,
    profile: Profile,
    account_id: i64,
    user_ids: impl IntoIterator<Item = i64>,
) -> Bytes {
    let agents: Vec<Agent<'_>> = user_ids
        .into_iter()
        .filter_map(|id| {
            Some(AgentView {
                user: state.user(id)?,
                account_user: state.account_user(account_id, id)?,
                account_id,
                enterprise: state.world.enterprise,
            })
        })
        .map(|view| profile.agent(view))
        .collect();
    // Written once into a buffer sized for the usual agent object (about 220 bytes).
    let mut out = Vec::with_capacity(2 + agents.len() * 256);
    match serde_json::to_writer(&mut out, &agents) {
        Ok(()) => Bytes::from(out),
        Err(_) => Bytes::from_static(b"[]"),
    }
}
