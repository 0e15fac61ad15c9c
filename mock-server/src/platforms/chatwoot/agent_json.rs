//! The agent object Chatwoot renders for a team member: `api/v1/models/_agent.json.jbuilder`
//! (`chatwoot/chatwoot@e13e3c873aaf812262a638ad728197fcc72bf515` `app/views/api/v1/models/_agent.json.jbuilder`,
//! rendered by `app/views/api/v1/accounts/team_members/create.json.jbuilder`; keys in the partial's
//! order).

use serde::Serialize;
use serde_json::{Map, Value};

use super::world::{ChatwootAccountUser, ChatwootUser};

/// A user in an account, everything the partial reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AgentView<'a> {
    pub(crate) user: &'a ChatwootUser,
    pub(crate) account_user: &'a ChatwootAccountUser,
    pub(crate) account_id: i64,
    pub(crate) enterprise: bool,
}

impl<'a> AgentView<'a> {
    /// `availability_status`: `offline` for auto-offline users (the mock has no presence),
    /// otherwise the stored availability.
    pub(crate) fn availability_status(&self) -> &'static str {
        if self.account_user.auto_offline {
            "offline"
        } else {
            self.user.availability.as_str()
        }
    }

    /// `available_name`: the display name when present, else the name.
    pub(crate) fn available_name(&self) -> &'a str {
        self.user
            .display_name
            .as_deref()
            .filter(|name| !name.is_empty())
            .unwrap_or(&self.user.name)
    }
}

/// The real server's agent object (v4.7+).
#[derive(Debug, Serialize)]
pub(crate) struct ObservedAgent<'a> {
    id: i64,
    account_id: i64,
    availability_status: &'static str,
    auto_offline: bool,
    confirmed: bool,
    email: &'a str,
    provider: &'a str,
    available_name: &'a str,
    #[serde(skip_serializing_if = "Map::is_empty")]
    custom_attributes: &'a Map<String, Value>,
    name: &'a str,
    role: &'static str,
    thumbnail: &'a str,
    /// Outer `None`: not an enterprise build, so no key at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_role_id: Option<Option<i64>>,
}

impl<'a> From<AgentView<'a>> for ObservedAgent<'a> {
    fn from(view: AgentView<'a>) -> Self {
        Self {
            id: view.user.id,
            account_id: view.account_id,
            availability_status: view.availability_status(),
            auto_offline: view.account_user.auto_offline,
            confirmed: view.user.confirmed,
            email: &view.user.email,
            provider: &view.user.provider,
            available_name: view.available_name(),
            custom_attributes: &view.user.custom_attributes,
            name: &view.user.name,
            role: view.account_user.role.as_str(),
            thumbnail: &view.user.thumbnail,
            custom_role_id: view.enterprise.then_some(view.account_user.custom_role_id),
        }
    }
}
