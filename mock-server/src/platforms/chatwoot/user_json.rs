//! The user object Chatwoot renders for `GET /api/v1/profile`: chatwoot/chatwoot
//! `app/views/api/v1/models/_user.json.jbuilder` @087f74bb111192b57da1d82503ab83454328ffb0 (keys
//! in the partial's order), with the enterprise `_account_user.json.jbuilder` partial
//! (`enterprise/app/views/api/v1/models/` @8726fcb88d3d) inside each account.
//!
//! Values the world does not hold are deterministic and assumed: `pubsub_token` (derived from
//! the user id), `message_signature`, `inviter_id` and `active_at` (`null`), `ui_settings`
//! (`{}`, the column default), `hmac_identifier` (left out: no `CHATWOOT_INBOX_HMAC_KEY`),
//! `custom_role` (`null`: the world has no custom roles).

use serde::Serialize;
use serde_json::{Map, Value};

use super::agent_json::AgentView;
use super::state::State;
use super::world::{ChatwootAccountUser, ChatwootUser};

/// `resource.account_users` element: `accounts[]` in the partial's order.
#[derive(Debug, Serialize)]
pub(crate) struct AccountJson<'a> {
    id: i64,
    name: &'a str,
    status: &'static str,
    active_at: Option<&'a str>,
    role: &'static str,
    permissions: [&'static str; 1],
    availability: &'static str,
    availability_status: &'static str,
    auto_offline: bool,
    /// Outer `None`: not an enterprise build, so no key at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_role_id: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_role: Option<Option<Value>>,
}

/// The `_user` partial.
#[derive(Debug, Serialize)]
pub(crate) struct UserJson<'a> {
    access_token: &'a str,
    account_id: Option<i64>,
    available_name: &'a str,
    avatar_url: &'a str,
    confirmed: bool,
    display_name: Option<&'a str>,
    message_signature: Option<&'a str>,
    email: &'a str,
    id: i64,
    inviter_id: Option<i64>,
    name: &'a str,
    provider: &'a str,
    pubsub_token: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    custom_attributes: &'a Map<String, Value>,
    role: Option<&'static str>,
    ui_settings: Map<String, Value>,
    uid: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    accounts: Vec<AccountJson<'a>>,
}

/// The profile of `user`, whose token is `token`. `accounts` follows the world's
/// `account_users` order (Rails' `has_many` has no ORDER BY; assumed), and the "active"
/// account user (`account_users.order(active_at: :desc).first`, all `active_at` null here)
/// is the first of them (assumed).
pub(crate) fn user_json<'a>(
    state: &'a State,
    user: &'a ChatwootUser,
    token: &'a str,
) -> UserJson<'a> {
    let memberships: Vec<&ChatwootAccountUser> = state
        .world
        .account_users
        .iter()
        .filter(|m| m.user_id == user.id)
        .collect();
    let active = memberships.first().copied();
    let enterprise = state.world.enterprise;
    let accounts = memberships
        .iter()
        .filter_map(|&member| {
            let account = state
                .world
                .accounts
                .iter()
                .find(|a| a.id == member.account_id)?;
            let view = AgentView {
                user,
                account_user: member,
                account_id: account.id,
                enterprise,
            };
            Some(AccountJson {
                id: account.id,
                name: &account.name,
                status: account.status.as_str(),
                active_at: None,
                role: member.role.as_str(),
                // `AccountUser#permissions` (`app/models/account_user.rb`): the role's name when
                // no custom role is set (the enterprise override needs one).
                permissions: [member.role.as_str()],
                availability: user.availability.as_str(),
                availability_status: view.availability_status(),
                auto_offline: member.auto_offline,
                custom_role_id: enterprise.then_some(member.custom_role_id),
                custom_role: enterprise.then_some(None),
            })
        })
        .collect();
    UserJson {
        access_token: token,
        account_id: active.map(|m| m.account_id),
        available_name: user
            .display_name
            .as_deref()
            .filter(|name| !name.is_empty())
            .unwrap_or(&user.name),
        avatar_url: &user.thumbnail,
        confirmed: user.confirmed,
        display_name: user.display_name.as_deref(),
        message_signature: None,
        email: &user.email,
        id: user.id,
        inviter_id: None,
        name: &user.name,
        provider: &user.provider,
        pubsub_token: pubsub_token(user.id),
        custom_attributes: &user.custom_attributes,
        role: active.map(|m| m.role.as_str()),
        ui_settings: Map::new(),
        // devise_token_auth keeps `uid` equal to the email for the `email` provider (assumed
        // for SSO providers too).
        uid: &user.email,
        // Rails STI writes `type` only for subclasses (`SuperAdmin`); a plain user has `null`.
        kind: None,
        accounts,
    }
}

/// A stable 24-character token in `has_secure_token`'s base58 alphabet, derived from the id.
fn pubsub_token(user_id: i64) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut x = (user_id as u64) ^ 0x9E37_79B9_7F4A_7C15;
    (0..24)
        .map(|_| {
            // xorshift64*: deterministic, spreads nearby ids apart.
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            let n = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 58;
            char::from(ALPHABET[(n as usize) % ALPHABET.len()])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pubsub_tokens_are_stable_distinct_and_base58() {
        let a = pubsub_token(1);
        assert_eq!(a, pubsub_token(1));
        assert_ne!(a, pubsub_token(2));
        assert_eq!(a.len(), 24);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0OIl".contains(c))
        );
    }
}
