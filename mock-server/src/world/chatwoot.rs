//! Chatwoot's part of the world: accounts, users with tokens, account users (roles), agent
//! bots, teams and team members (the `"chatwoot"` key of a world document).

pub use crate::platforms::chatwoot::world::{
    ChatwootAccount, ChatwootAccountStatus, ChatwootAccountUser, ChatwootAvailability, ChatwootBot,
    ChatwootRole, ChatwootTeam, ChatwootTeamMember, ChatwootUser, ChatwootWorld,
};
