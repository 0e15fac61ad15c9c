//! `PUT /agents/assign`: set `clientId` on every agent of `agentIds`, all or nothing.

use crate::platforms::chatdash::assumed::{self, Reassignment, Rejection};
use crate::platforms::chatdash::input::AssignInput;
use crate::platforms::chatdash::state::State;

/// Applies an assign request: validates everything first, then writes. Any rejection leaves
/// `state` untouched. Checks, in order: client exists, every agent exists, no agent is
/// assigned to another client.
///
/// One pass looks every agent up and sees what assigning it would do; the names for a
/// rejection and the writes look them up again (a hash of a short id) rather than keeping
/// their positions in a list: the usual request names one or two agents, and a second lookup
/// costs less than allocating the list. The ids are distinct (`AssignInput` collapses
/// duplicates), so the write pass sees each agent as the check pass did.
pub(crate) fn assign(state: &mut State, input: &AssignInput<'_>) -> Result<(), Rejection> {
    let client_id: &str = &input.client_id;
    if !state.has_client(client_id) {
        return Err(Rejection::ClientNotFound);
    }
    let ids = || input.agent_ids.iter().map(|id| &**id);
    let outcome = |id: &str| {
        state
            .agent(id)
            .map(|agent| assumed::reassignment(agent.client_id.as_deref(), client_id))
    };
    let mut missing = false;
    let mut writes = false;
    let mut conflict = false;
    for id in ids() {
        match outcome(id) {
            None => missing = true,
            Some(Reassignment::Assign) => writes = true,
            Some(Reassignment::Conflict) => conflict = true,
            Some(Reassignment::Unchanged) => {}
        }
    }
    // Every agent exists before any is checked for another client.
    if missing {
        let missing = ids()
            .filter(|&id| outcome(id).is_none())
            .map(str::to_owned)
            .collect();
        return Err(Rejection::AgentsNotFound(missing));
    }
    if conflict {
        let conflicts = ids()
            .filter(|&id| outcome(id) == Some(Reassignment::Conflict))
            .map(str::to_owned)
            .collect();
        return Err(Rejection::AssignedToAnotherClient(conflicts));
    }
    if writes {
        for id in ids() {
            let Some(position) = state.agent_position(id) else {
                continue;
            };
            if let Some(agent) = state.world.agents.get_mut(position)
                && assumed::reassignment(agent.client_id.as_deref(), client_id)
                    == Reassignment::Assign
            {
                agent.client_id = Some(client_id.to_owned());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    const ACME: &str = "64b7f0c2a1e4d5f6a7b8c9d0";
    const GLOBEX: &str = "64b7f0c2a1e4d5f6a7b8c9d1";
    const E1: &str = "65a1b2c3d4e5f6a7b8c9d0e1";
    const E2: &str = "65a1b2c3d4e5f6a7b8c9d0e2";
    const E3: &str = "65a1b2c3d4e5f6a7b8c9d0e3";

    fn input<'a>(ids: &[&'a str], client: &'a str) -> AssignInput<'a> {
        AssignInput {
            agent_ids: ids.iter().map(|s| Cow::Borrowed(*s)).collect(),
            client_id: Cow::Borrowed(client),
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

    #[test]
    fn unknown_agents_are_named_before_conflicts() {
        let mut state = State::new(crate::seed::section("chatdash"));
        let before = state.world.clone();
        let error = assign(&mut state, &input(&[E1, "x", E2], GLOBEX)).unwrap_err();
        assert_eq!(error, Rejection::AgentsNotFound(vec!["x".into()]));
        assert_eq!(state.world, before);
    }

    #[test]
    fn agents_already_there_stay_and_free_ones_are_written() {
        let mut state = State::new(crate::seed::section("chatdash"));
        assign(&mut state, &input(&[E1, E2], ACME)).unwrap();
        assert_eq!(client_of(&state, E1).as_deref(), Some(ACME));
        assert_eq!(client_of(&state, E2).as_deref(), Some(ACME));
        assign(&mut state, &input(&[E1, E2], ACME)).unwrap();
        assert_eq!(client_of(&state, E2).as_deref(), Some(ACME));
    }
}
