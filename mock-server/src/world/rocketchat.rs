//! Rocket.Chat's part of the world: roles with their permissions, users with login tokens,
//! livechat departments and department-agent records (the `"rocketchat"` key of a world
//! document).

pub use crate::platforms::rocketchat::world::{
    RocketChatDepartment, RocketChatDepartmentAgent, RocketChatRole, RocketChatUser,
    RocketChatWorld,
};
