//! `PUT /agents/{agentId}/unassign`: clear the agent's `clientId`.

use crate::platforms::chatdash::assumed::{self, Rejection};
use crate::platforms::chatdash::input::UnassignInput;
use crate::platforms::chatdash::state::State;

/// Applies an unassign request. Checks, in order: the path's agent exists, the client exists,
/// the agent is assigned to that client. Any rejection leaves `state` untouched.
pub(crate) fn unassign(
    state: &mut State,
    agent_id: &str,
    input: &UnassignInput,
) -> Result<(), Rejection> {
    let position = state
        .agent_position(agent_id)
        .ok_or(Rejection::AgentNotFound)?;
    if !state.has_client(&input.client_id) {
        return Err(Rejection::ClientNotFound);
    }
    let agent = state
        .world
        .agents
        .get_mut(position)
        .ok_or(Rejection::AgentNotFound)?;
    assumed::unassignment(agent.client_id.as_deref(), &input.client_id)?;
    agent.client_id = None;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
    const E1: &str = "65a1b2c3d4e5f6a7b8c9d0e1";

    fn input(client: &str) -> UnassignInput {
        UnassignInput {
            client_id: client.to_owned(),
        }
    }

    #[test]
    fn the_assigned_agent_is_freed_and_a_second_unassign_conflicts() {
        let mut state = State::new(crate::seed::section("chatdash"));
        unassign(&mut state, E1, &input(ACME)).unwrap();
        assert_eq!(state.agent(E1).unwrap().client_id, None);
        assert_eq!(
            unassign(&mut state, E1, &input(ACME)),
            Err(Rejection::NotAssignedToClient)
        );
    }

    #[test]
    fn the_agent_is_looked_up_before_the_client() {
        let mut state = State::new(crate::seed::section("chatdash"));
        assert_eq!(
            unassign(&mut state, "nope", &input("nobody")),
            Err(Rejection::AgentNotFound)
        );
        assert_eq!(
            unassign(&mut state, E1, &input("nobody")),
            Err(Rejection::ClientNotFound)
        );
    }
}
