//! The live state: the world section plus lookups built once per world (tokens, users and
//! account users never change through the API; only teams and team members do).

use std::sync::OnceLock;

use crate::fast_hash::FastMap;

use super::world::{ChatwootAccountUser, ChatwootTeam, ChatwootUser, ChatwootWorld};

/// Agent objects as JSON, keyed by (account id, user id).
pub(crate) type RenderedAgents = FastMap<(i64, i64), Box<[u8]>>;

/// Who owns an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Principal {
    /// A user, by id.
    User(i64),
    /// An agent bot or a platform app.
    Bot,
}

/// The Chatwoot state behind the vendor's mutex.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) world: ChatwootWorld,
    tokens: FastMap<String, Principal>,
    users: FastMap<i64, usize>,
    account_users: FastMap<(i64, i64), usize>,
    /// Each account user's agent object as JSON, keyed by (account id, user id): users and
    /// account users never change, so it is rendered once, on first use, in the vendor's
    /// profile (see `agents_body`).
    rendered_agents: OnceLock<RenderedAgents>,
    /// The `teams.id` sequence: the id the next created team gets. Like a Postgres sequence it
    /// never goes back when a team is deleted; a world reset restarts it after the seed's ids.
    next_team_id: i64,
}

impl State {
    /// Builds the lookups of a checked world.
    pub(crate) fn new(world: ChatwootWorld) -> Self {
        let mut tokens = FastMap::default();
        for user in &world.users {
            if let Some(token) = &user.access_token {
                tokens.insert(token.clone(), Principal::User(user.id));
            }
        }
        for bot in world.agent_bots.iter().chain(&world.platform_apps) {
            tokens.insert(bot.access_token.clone(), Principal::Bot);
        }
        let users = world
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id, i))
            .collect();
        let account_users = world
            .account_users
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.account_id, m.user_id), i))
            .collect();
        let next_team_id = world.teams.iter().map(|t| t.id).max().unwrap_or(0) + 1;
        Self {
            world,
            tokens,
            users,
            account_users,
            rendered_agents: OnceLock::new(),
            next_team_id,
        }
    }

    /// The rendered agent objects, made with `render` on the first call (the vendor's profile
    /// never changes for a state).
    pub(crate) fn rendered_agents(
        &self,
        render: impl FnOnce(&Self) -> RenderedAgents,
    ) -> &RenderedAgents {
        self.rendered_agents.get_or_init(|| render(self))
    }

    pub(crate) fn principal(&self, token: &str) -> Option<Principal> {
        self.tokens.get(token).copied()
    }

    pub(crate) fn user(&self, id: i64) -> Option<&ChatwootUser> {
        self.users.get(&id).and_then(|&i| self.world.users.get(i))
    }

    pub(crate) fn account_user(
        &self,
        account_id: i64,
        user_id: i64,
    ) -> Option<&ChatwootAccountUser> {
        self.account_users
            .get(&(account_id, user_id))
            .and_then(|&i| self.world.account_users.get(i))
    }

    pub(crate) fn team(&self, account_id: i64, team_id: i64) -> Option<&ChatwootTeam> {
        self.world
            .teams
            .iter()
            .find(|t| t.id == team_id && t.account_id == account_id)
    }

    /// The next id of the `teams` sequence, consumed.
    pub(crate) fn take_team_id(&mut self) -> i64 {
        let id = self.next_team_id;
        self.next_team_id += 1;
        id
    }

    /// Whether another team of `account_id` (not `except`) is named `name` (the unique
    /// index on `(name, account_id)`).
    pub(crate) fn team_name_taken(&self, account_id: i64, name: &str, except: Option<i64>) -> bool {
        self.world
            .teams
            .iter()
            .any(|t| t.account_id == account_id && t.name == name && Some(t.id) != except)
    }

    /// The account's users, for `Current.account.users`.
    pub(crate) fn account_user_ids(&self, account_id: i64) -> impl Iterator<Item = i64> + '_ {
        self.world
            .account_users
            .iter()
            .filter(move |m| m.account_id == account_id)
            .map(|m| m.user_id)
    }

    /// The team's member ids in membership order.
    pub(crate) fn member_ids(&self, team_id: i64) -> impl Iterator<Item = i64> + Clone + '_ {
        self.world
            .team_members
            .iter()
            .filter(move |m| m.team_id == team_id)
            .map(|m| m.user_id)
    }
}
