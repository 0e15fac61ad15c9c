//! ChatDash's live state: the world section plus lookup indexes built once per world.

use crate::fast_hash::FastMap;

use crate::platforms::chatdash::assumed;
use crate::platforms::chatdash::world::{ChatDashAgent, ChatDashClient, ChatDashWorld};

/// The world and its indexes. Agents and clients are never added or removed by the API, so
/// the indexes stay valid until the whole state is replaced.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) world: ChatDashWorld,
    agent_index: FastMap<String, usize>,
    client_index: FastMap<String, usize>,
    /// The agency keys that an `Authorization` header holding exactly the key lets in (the
    /// header as text is the key itself: see [`State::is_bare_agency_key`]).
    bare_agency_keys: Vec<String>,
}

impl State {
    /// Indexes a (checked) world section.
    pub(crate) fn new(world: ChatDashWorld) -> Self {
        let agent_index = world
            .agents
            .iter()
            .enumerate()
            .map(|(i, agent)| (agent.id.clone(), i))
            .collect();
        let client_index = world
            .clients
            .iter()
            .enumerate()
            .map(|(i, client)| (client.id.clone(), i))
            .collect();
        let bare_agency_keys = world
            .agency_api_keys
            .iter()
            .filter(|key| {
                // What `HeaderValue::to_str` accepts, and what `agency_key` leaves whole.
                key.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
                    && assumed::agency_key(key) == Some(key.as_str())
            })
            .cloned()
            .collect();
        Self {
            world,
            agent_index,
            client_index,
            bare_agency_keys,
        }
    }

    /// Whether the `Authorization` header's bytes are exactly an agency key that the header
    /// parse (`to_str`, then `assumed::agency_key`) would give back unchanged: then the
    /// parse would let the request in, so it can be skipped.
    pub(crate) fn is_bare_agency_key(&self, header: &[u8]) -> bool {
        self.bare_agency_keys
            .iter()
            .any(|key| key.as_bytes() == header)
    }

    /// Whether `key` is one of the agency's API keys.
    pub(crate) fn is_agency_key(&self, key: &str) -> bool {
        self.world.agency_api_keys.iter().any(|k| k == key)
    }

    /// Whether the client exists.
    pub(crate) fn has_client(&self, id: &str) -> bool {
        self.client_index.contains_key(id)
    }

    /// A client by id.
    pub(crate) fn client(&self, id: &str) -> Option<&ChatDashClient> {
        self.client_index
            .get(id)
            .and_then(|&i| self.world.clients.get(i))
    }

    /// The position of an agent in `world.agents`.
    pub(crate) fn agent_position(&self, id: &str) -> Option<usize> {
        self.agent_index.get(id).copied()
    }

    /// An agent by id.
    pub(crate) fn agent(&self, id: &str) -> Option<&ChatDashAgent> {
        self.agent_position(id)
            .and_then(|i| self.world.agents.get(i))
    }
}
