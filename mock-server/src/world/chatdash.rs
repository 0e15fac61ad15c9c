//! ChatDash's part of the world: agency API keys, clients and agents
//! (the `"chatdash"` key of a world document).

pub use crate::platforms::chatdash::world::{
    AgentConfig, ChatDashAgent, ChatDashClient, ChatDashPlatform, ChatDashWorld,
    PlatformCredentials,
};
