//! `PUT /agents/assign`: set `clientId` on every agent of `agentIds`, all or nothing.

use crate::platforms::chatdash::assumed::{self, Reassignment, Rejection};
use crate::platforms::chatdash::input::AssignInput;
use crate::platforms::chatdash::state::State;

/// Applies an assign request: validates everything first, then writes. Any rejection leaves
/// `state` untouched. Checks, in order: client exists, every agent exists, no agent is
/// assigned to another client.
pub(crate) fn assign(state: &mut State, input: &AssignInput) -> Result<(), Rejection> {
    if !state.has_client(&input.client_id) {
        return Err(Rejection::ClientNotFound);
    }
    let mut positions = Vec::with_capacity(input.agent_ids.len());
    let mut missing = Vec::new();
    for id in &input.agent_ids {
        match state.agent_position(id) {
            Some(position) => positions.push(position),
            None => missing.push(id.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(Rejection::AgentsNotFound(missing));
    }
    let mut to_write = Vec::with_capacity(positions.len());
    let mut conflicts = Vec::new();
    for position in positions {
        let Some(agent) = state.world.agents.get(position) else {
            continue;
        };
        match assumed::reassignment(agent.client_id.as_deref(), &input.client_id) {
            Reassignment::Assign => to_write.push(position),
            Reassignment::Unchanged => {}
            Reassignment::Conflict => conflicts.push(agent.id.clone()),
        }
    }
    if !conflicts.is_empty() {
        return Err(Rejection::AssignedToAnotherClient(conflicts));
    }
    for position in to_write {
        if let Some(agent) = state.world.agents.get_mut(position) {
            agent.client_id = Some(input.client_id.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
    const GLOBEX: &str = "64b7f0c2a1e4d5f6a7b8c9d1";
    const E1: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
    const E2: &str = "65a1b2c3d4e5f6a7b8c9d0e2";
    const E3: &str = "65a1b2c3d4e5f6a7b8c9d0e3";

    fn input(ids: &[&str], client: &str) -> AssignInput {
        AssignInput {
            agent_ids: ids.iter().map(|s| (*s).to_owned()).collect(),
            client_id: client.to_owned(),
        }
    }

    fn client_of(state: &State, id: &str) -> Option<String> {
        state.agent(id).unwrap().client_id.clone()
    }

    #[test]
    fn free_agents_get_the_client() {
        let mut state = State::new(crate::seed::section("chatdash"));
        assign(&mut state, &input(&[E2, E3], GLOBEX)).unwrap();
        assert_eq!(client_of(&state, E2).as_deref(), Some(GLOBEX));
        assert_eq!(client_of(&state, E3).as_deref(), Some(GLOBEX));
    }

    #[test]
    fn one_conflicting_agent_stops_the_whole_request() {
        let mut state = State::new(crate::seed::section("chatdash"));
        let before = state.world.clone();
        let error = assign(&mut state, &input(&[E2, E1], GLOBEX)).unwrap_err();
        assert_eq!(error, Rejection::AssignedToAnotherClient(vec![E1.into()]));
        assert_eq!(state.world, before);
    }

    #[test]
    fn the_client_is_checked_before_the_agents() {
        let mut state = State::new(crate::seed::section("chatdash"));
        let error = assign(&mut state, &input(&["nope"], "nobody")).unwrap_err();
        assert_eq!(error, Rejection::ClientNotFound);
    }

    #[test]
    fn every_unknown_agent_is_named() {
        let mut state = State::new(crate::seed::section("chatdash"));
        let error = assign(&mut state, &input(&["x", E2, "y"], ACME)).unwrap_err();
        assert_eq!(
            error,
            Rejection::AgentsNotFound(vec!["x".into(), "y".into()])
        );
        assert_eq!(client_of(&state, E2), None);
    }
}
