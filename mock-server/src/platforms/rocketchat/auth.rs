//! Who is calling and what they may do: the `X-User-Id`/`X-Auth-Token` login
//! (`RocketChat/Rocket.Chat@2bf5bdd11151d40f9500cfb5d38a8c69b8d5df36`
//! `apps/meteor/app/api/server/middlewares/authenticationHono.ts`) and `hasAny` permission checks
//! through the user's roles (`RocketChat/Rocket.Chat@019477c52a91e0bb1b7a828022d094aabb0ecfaf`
//! `apps/meteor/app/api/server/middlewares/permissions.ts`,
//! `RocketChat/Rocket.Chat@0fdbc4b9f7eb143cf79b268c51ce6ba0c0825edf` `apps/meteor/app/api/server/api.helpers.ts`).

use std::collections::HashMap;

use http::{HeaderName, HeaderValue};

use crate::exchange::Request;
use crate::fast_hash::FastMap;

use super::world::RocketChatWorld;

/// Meteor's REST auth headers (names made once, not parsed per request).
static X_USER_ID: HeaderName = HeaderName::from_static("x-user-id");
static X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// The permissions the endpoints look at, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Grants(u8);

impl Grants {
    /// `manage-livechat-departments`.
    pub(crate) const MANAGE_DEPARTMENTS: Grants = Grants(1);
    /// `add-livechat-department-agents`.
    pub(crate) const ADD_DEPARTMENT_AGENTS: Grants = Grants(2);
    /// `view-livechat-departments`.
    pub(crate) const VIEW_DEPARTMENTS: Grants = Grants(4);
    /// `view-l-room`.
    pub(crate) const VIEW_L_ROOM: Grants = Grants(8);

    /// `remove-livechat-department`.
    pub(crate) const REMOVE_DEPARTMENT: Grants = Grants(16);
    /// `transfer-livechat-guest`.
    pub(crate) const TRANSFER_GUEST: Grants = Grants(32);
    /// `edit-omnichannel-contact`.
    pub(crate) const EDIT_CONTACT: Grants = Grants(64);

    /// POST `…/agents`: `hasAny` of these.
    pub(crate) const TO_UPDATE_AGENTS: Grants = Grants(1 | 2);
    /// The GET endpoints: `hasAny` of these.
    pub(crate) const TO_READ: Grants = Grants(4 | 8);

    /// DELETE `…/department/{_id}`: `hasAny` of these.
    pub(crate) const TO_REMOVE_DEPARTMENT: Grants = Grants(1 | 16);
    /// The agent list's in-action check (`hasAtLeastOnePermissionAsync`).
    pub(crate) const TO_LIST_AGENTS: Grants = Grants(32 | 64);

    fn of_permission(name: &str) -> Grants {
        match name {
            "manage-livechat-departments" => Self::MANAGE_DEPARTMENTS,
            "add-livechat-department-agents" => Self::ADD_DEPARTMENT_AGENTS,
            "view-livechat-departments" => Self::VIEW_DEPARTMENTS,
            "view-l-room" => Self::VIEW_L_ROOM,
            "remove-livechat-department" => Self::REMOVE_DEPARTMENT,
            "transfer-livechat-guest" => Self::TRANSFER_GUEST,
            "edit-omnichannel-contact" => Self::EDIT_CONTACT,
            _ => Grants(0),
        }
    }

    /// `hasAny`: at least one of `wanted`.
    pub(crate) fn has_any(self, wanted: Grants) -> bool {
        self.0 & wanted.0 != 0
    }
}

/// The login table, built once per world: user id → (token, grants).
#[derive(Debug, Default)]
pub(crate) struct Logins {
    by_user_id: FastMap<String, (String, Grants)>,
}

impl Logins {
    /// Indexes the users that have a token.
    pub(crate) fn new(world: &RocketChatWorld) -> Self {
        let role_grants: HashMap<&str, Grants> = world
            .roles
            .iter()
            .map(|role| {
                let bits = role
                    .permissions
                    .iter()
                    .fold(0, |acc, p| acc | Grants::of_permission(p).0);
                (role.id.as_str(), Grants(bits))
            })
            .collect();
        let by_user_id = world
            .users
            .iter()
            .filter_map(|user| {
                let token = user.auth_token.clone()?;
                let bits = user
                    .roles
                    .iter()
                    .filter_map(|r| role_grants.get(r.as_str()))
                    .fold(0, |acc, g| acc | g.0);
                Some((user.id.clone(), (token, Grants(bits))))
            })
            .collect();
        Self { by_user_id }
    }

    /// The caller's grants, or `None` (401) when the headers are missing, empty or wrong.
    pub(crate) fn authenticate(&self, request: &Request<'_>) -> Option<Grants> {
        let [user_id, token] = request.first_values([&X_USER_ID, &X_AUTH_TOKEN]);
        let user_id = non_empty_text(user_id)?;
        let token = non_empty_text(token)?;
        let (expected, grants) = self.by_user_id.get(user_id)?;
        (expected == token).then_some(*grants)
    }
}

/// A header's value as text, if present, visible ASCII and not empty.
fn non_empty_text(value: Option<&HeaderValue>) -> Option<&str> {
    value
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}
