//! `GET /agents` and `GET /agents/{agentId}`: the stored agents, secrets included, as documented.

use crate::exchange::{Operation, Response};
use crate::platforms::chatdash::assumed::Rejection;
use crate::platforms::chatdash::bodies;
use crate::platforms::chatdash::state::State;

/// Every agent, in world order (serialized under the caller's lock, never cloned).
pub(crate) fn list(state: &State, operation: Operation) -> Response {
    bodies::documented_json(operation, &state.world.agents)
}

/// One agent, or 404 "Agent not found".
pub(crate) fn get(state: &State, operation: Operation, id: &str) -> Result<Response, Rejection> {
    let agent = state.agent(id).ok_or(Rejection::AgentNotFound)?;
    Ok(bodies::documented_json(operation, agent))
}
