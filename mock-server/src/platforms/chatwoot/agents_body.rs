//! The JSON array of agent objects that the team-member and agent endpoints answer.
//!
//! Users and account users never change through the API, so each account user's agent object
//! is rendered once per state (in the vendor's profile) and the array is put together from
//! those bytes: exactly what serializing the array of agent objects writes.

use bytes::Bytes;

use super::agent_json::AgentView;
use super::profile::Profile;
use super::state::{RenderedAgents, State};

/// The JSON array of agent objects for `user_ids` in `account_id` (ids that are not users of
/// the account, which validation rules out, are skipped).
pub(crate) fn agents_body<I>(state: &State, profile: Profile, account_id: i64, user_ids: I) -> Bytes
where
    I: IntoIterator<Item = i64>,
    I::IntoIter: Clone,
{
    let rendered = state.rendered_agents(|state| render_all(state, profile));
    let agents = user_ids
        .into_iter()
        .filter_map(|id| rendered.get(&(account_id, id)));
    // Sized exactly, so the bytes become the body without a reallocation or a copy.
    let len = agents.clone().map(|agent| agent.len() + 1).sum::<usize>() + 1;
    let mut out = Vec::with_capacity(len.max(2));
    out.push(b'[');
    for agent in agents {
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(agent);
    }
    out.push(b']');
    Bytes::from(out)
}

fn render_all(state: &State, profile: Profile) -> RenderedAgents {
    state
        .world
        .account_users
        .iter()
        .filter_map(|account_user| {
            let view = AgentView {
                user: state.user(account_user.user_id)?,
                account_user,
                account_id: account_user.account_id,
                enterprise: state.world.enterprise,
            };
            // Serializing our own plain data cannot fail; an agent that somehow does is left out.
            let json = serde_json::to_vec(&profile.agent(view)).ok()?;
            Some((
                (account_user.account_id, account_user.user_id),
                json.into_boxed_slice(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fidelity::Fidelity;
    use crate::platforms::chatwoot::profile::Agent;
    use crate::world::World;

    /// The array as serde writes it from the agent objects.
    fn serialized(state: &State, profile: Profile, account_id: i64, ids: &[i64]) -> Vec<u8> {
        let agents: Vec<Agent<'_>> = ids
            .iter()
            .filter_map(|&id| {
                Some(AgentView {
                    user: state.user(id)?,
                    account_user: state.account_user(account_id, id)?,
                    account_id,
                    enterprise: state.world.enterprise,
                })
            })
            .map(|view| profile.agent(view))
            .collect();
        serde_json::to_vec(&agents).unwrap()
    }

    #[test]
    fn the_array_is_the_serialized_agents_byte_for_byte() {
        for fidelity in [Fidelity::Documented, Fidelity::Observed] {
            for enterprise in [false, true] {
                let mut world = World::seed().chatwoot;
                world.enterprise = enterprise;
                let state = State::new(world);
                let profile = Profile::new(fidelity);
                for (account_id, ids) in [
                    (1, vec![3, 4, 5]),
                    (1, vec![]),
                    (1, vec![7, 1, 99, 3, 3, 8]),
                    (2, vec![9, 8, 3]),
                    (3, vec![10]),
                ] {
                    let body = agents_body(&state, profile, account_id, ids.iter().copied());
                    assert_eq!(body, serialized(&state, profile, account_id, &ids));
                }
            }
        }
    }
}
