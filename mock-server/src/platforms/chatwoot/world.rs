//! Chatwoot's part of the world: accounts, users with API tokens, account users (roles), teams
//! and team members, with Chatwoot's own snake_case keys.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::platforms::vendor::VendorWorld;

/// Chatwoot's part of the world.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootWorld {
    /// Whether the server is an enterprise build (`ChatwootApp.enterprise?`): only then does
    /// the agent object carry `custom_role_id`. True for app.chatwoot.com and the default image.
    #[serde(default = "yes")]
    pub enterprise: bool,
    /// Accounts.
    #[serde(default)]
    pub accounts: Vec<ChatwootAccount>,
    /// Users (people who sign in; their `access_token` is the API token).
    #[serde(default)]
    pub users: Vec<ChatwootUser>,
    /// Agent bots: their tokens authenticate but are refused on team endpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agent_bots: Vec<ChatwootBot>,
    /// Platform apps: the same as agent bots for these endpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platform_apps: Vec<ChatwootBot>,
    /// Which user belongs to which account, and with which role.
    #[serde(default)]
    pub account_users: Vec<ChatwootAccountUser>,
    /// Teams.
    #[serde(default)]
    pub teams: Vec<ChatwootTeam>,
    /// Team memberships, in insertion order (the order the server lists members in).
    #[serde(default)]
    pub team_members: Vec<ChatwootTeamMember>,
}

impl Default for ChatwootWorld {
    fn default() -> Self {
        Self {
            enterprise: true,
            accounts: Vec::new(),
            users: Vec::new(),
            agent_bots: Vec::new(),
            platform_apps: Vec::new(),
            account_users: Vec::new(),
            teams: Vec::new(),
            team_members: Vec::new(),
        }
    }
}

/// A Chatwoot account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootAccount {
    /// The account id.
    pub id: i64,
    /// The account name.
    pub name: String,
    /// `active` or `suspended`.
    #[serde(default)]
    pub status: ChatwootAccountStatus,
}

/// Whether an account may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatwootAccountStatus {
    /// In use.
    #[default]
    Active,
    /// Every request answers 401 `Account is suspended`.
    Suspended,
}

impl ChatwootAccountStatus {
    /// The Rails enum name, as Chatwoot renders it (`active` or `suspended`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChatwootAccountStatus::Active => "active",
            ChatwootAccountStatus::Suspended => "suspended",
        }
    }
}

/// A Chatwoot user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootUser {
    /// The user id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The display name; `available_name` is this when present, else `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The e-mail address (Chatwoot stores it lower-cased).
    pub email: String,
    /// Whether the e-mail address is confirmed.
    #[serde(default = "yes")]
    pub confirmed: bool,
    /// The sign-in provider: `email`, `saml` or `google_oauth2`.
    #[serde(default = "email_provider")]
    pub provider: String,
    /// The stored availability, shown when the account user's `auto_offline` is false.
    #[serde(default)]
    pub availability: ChatwootAvailability,
    /// Custom attributes; the agent object only carries the key when this is non-empty.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub custom_attributes: Map<String, Value>,
    /// The avatar URL (`thumbnail`); empty when the user has no avatar.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub thumbnail: String,
    /// The API access token (`api_access_token` header), if the user has one in this world.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
}

/// A user's stored availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatwootAvailability {
    /// Online (the database default).
    #[default]
    Online,
    /// Offline.
    Offline,
    /// Busy.
    Busy,
}

impl ChatwootAvailability {
    /// The value as Chatwoot's server prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatwootAvailability::Online => "online",
            ChatwootAvailability::Offline => "offline",
            ChatwootAvailability::Busy => "busy",
        }
    }
}

/// An agent bot or platform app: a token that is not a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootBot {
    /// The bot or app id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its API access token.
    pub access_token: String,
}

/// A user's membership of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootAccountUser {
    /// The account.
    pub account_id: i64,
    /// The user.
    pub user_id: i64,
    /// `administrator` or `agent`.
    pub role: ChatwootRole,
    /// Whether the user goes offline automatically (then `availability_status` is `offline`).
    #[serde(default = "yes")]
    pub auto_offline: bool,
    /// The enterprise custom role, if any (its users still have the base role `agent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_role_id: Option<i64>,
}

/// An account user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatwootRole {
    /// May change team members.
    Administrator,
    /// May only read.
    Agent,
}

impl ChatwootRole {
    /// The value as Chatwoot prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatwootRole::Administrator => "administrator",
            ChatwootRole::Agent => "agent",
        }
    }
}

/// A team of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootTeam {
    /// The team id.
    pub id: i64,
    /// The account it belongs to.
    pub account_id: i64,
    /// The name (Chatwoot stores it lower-cased).
    pub name: String,
    /// The description, or null.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether conversations are auto-assigned to the team's members (column default true;
    /// `null` when a client sent `null` or `""`, which ActiveRecord casts to `nil`).
    #[serde(default = "some_yes")]
    pub allow_auto_assign: Option<bool>,
}

/// One user in one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatwootTeamMember {
    /// The team.
    pub team_id: i64,
    /// The user.
    pub user_id: i64,
}

fn yes() -> bool {
    true
}

fn some_yes() -> Option<bool> {
    Some(true)
}

fn email_provider() -> String {
    "email".to_owned()
}

impl VendorWorld for ChatwootWorld {
    fn check(&self) -> Result<(), Error> {
        let mut accounts = HashSet::new();
        for (i, account) in self.accounts.iter().enumerate() {
            positive(account.id, &format!("/accounts/{i}/id"))?;
            if !accounts.insert(account.id) {
                return Err(duplicate(
                    &format!("/accounts/{i}/id"),
                    "account id",
                    account.id,
                ));
            }
        }
        let users = self.check_users()?;
        let mut account_users = HashSet::new();
        for (i, member) in self.account_users.iter().enumerate() {
            let at = format!("/account_users/{i}");
            if !accounts.contains(&member.account_id) {
                return Err(missing(
                    &format!("{at}/account_id"),
                    "account",
                    member.account_id,
                ));
            }
            if !users.contains(&member.user_id) {
                return Err(missing(&format!("{at}/user_id"), "user", member.user_id));
            }
            if !account_users.insert((member.account_id, member.user_id)) {
                return Err(Error::invalid_world(
                    at,
                    format!(
                        "user {} is already a user of account {}",
                        member.user_id, member.account_id
                    ),
                ));
            }
        }
        let mut teams = std::collections::HashMap::new();
        let mut team_names = HashSet::new();
        for (i, team) in self.teams.iter().enumerate() {
            let at = format!("/teams/{i}");
            positive(team.id, &format!("{at}/id"))?;
            if teams.insert(team.id, team.account_id).is_some() {
                return Err(duplicate(&format!("{at}/id"), "team id", team.id));
            }
            if !accounts.contains(&team.account_id) {
                return Err(missing(
                    &format!("{at}/account_id"),
                    "account",
                    team.account_id,
                ));
            }
            if team.name.is_empty() || team.name != team.name.to_lowercase() {
                return Err(Error::invalid_world(
                    format!("{at}/name"),
                    "a team name must be non-empty and lower-case (Chatwoot stores it lower-cased)",
                ));
            }
            if !team_names.insert((team.account_id, team.name.as_str())) {
                return Err(Error::invalid_world(
                    format!("{at}/name"),
                    format!(
                        "account {} already has a team named `{}`",
                        team.account_id, team.name
                    ),
                ));
            }
        }
        let mut memberships = HashSet::new();
        for (i, member) in self.team_members.iter().enumerate() {
            let at = format!("/team_members/{i}");
            let Some(&account_id) = teams.get(&member.team_id) else {
                return Err(missing(&format!("{at}/team_id"), "team", member.team_id));
            };
            if !account_users.contains(&(account_id, member.user_id)) {
                return Err(Error::invalid_world(
                    format!("{at}/user_id"),
                    format!(
                        "user {} is not a user of account {account_id}, which owns team {}",
                        member.user_id, member.team_id
                    ),
                ));
            }
            if !memberships.insert((member.team_id, member.user_id)) {
                return Err(Error::invalid_world(
                    at,
                    format!(
                        "user {} is already a member of team {}",
                        member.user_id, member.team_id
                    ),
                ));
            }
        }
        Ok(())
    }

    fn secrets(&self) -> Vec<String> {
        self.users
            .iter()
            .filter_map(|u| u.access_token.clone())
            .chain(self.agent_bots.iter().map(|b| b.access_token.clone()))
            .chain(self.platform_apps.iter().map(|b| b.access_token.clone()))
            .collect()
    }
}

impl ChatwootWorld {
    /// Checks users and every token; returns the user ids.
    fn check_users(&self) -> Result<HashSet<i64>, Error> {
        let mut ids = HashSet::new();
        let mut tokens = HashSet::new();
        let mut token = |token: &str, at: String| {
            if token.trim().is_empty() {
                Err(Error::invalid_world(
                    at,
                    "an access token must not be blank (Chatwoot treats a blank header as absent)",
                ))
            } else if tokens.insert(token.to_owned()) {
                Ok(())
            } else {
                Err(Error::invalid_world(
                    at,
                    "this access token is already used",
                ))
            }
        };
        for (i, user) in self.users.iter().enumerate() {
            positive(user.id, &format!("/users/{i}/id"))?;
            if !ids.insert(user.id) {
                return Err(duplicate(&format!("/users/{i}/id"), "user id", user.id));
            }
            if user.email != user.email.to_lowercase() {
                return Err(Error::invalid_world(
                    format!("/users/{i}/email"),
                    "an e-mail address must be lower-case (Chatwoot stores it lower-cased)",
                ));
            }
            if let Some(value) = &user.access_token {
                token(value, format!("/users/{i}/access_token"))?;
            }
        }
        for (i, bot) in self.agent_bots.iter().enumerate() {
            token(&bot.access_token, format!("/agent_bots/{i}/access_token"))?;
        }
        for (i, app) in self.platform_apps.iter().enumerate() {
            token(
                &app.access_token,
                format!("/platform_apps/{i}/access_token"),
            )?;
        }
        Ok(ids)
    }
}

fn positive(id: i64, at: &str) -> Result<(), Error> {
    if id >= 1 {
        Ok(())
    } else {
        Err(Error::invalid_world(
            at,
            format!("{id} is not a valid id: Chatwoot ids are positive integers"),
        ))
    }
}

fn duplicate(at: &str, what: &str, id: i64) -> Error {
    Error::invalid_world(at, format!("duplicate {what} {id}"))
}

fn missing(at: &str, what: &str, id: i64) -> Error {
    Error::invalid_world(at, format!("no {what} has id {id}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rstest::rstest;

    use super::*;
    use crate::error::ErrorKind;

    fn pointer_of(error: &Error) -> String {
        match error.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => pointer.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn seed() -> ChatwootWorld {
        crate::seed::section("chatwoot")
    }

    #[test]
    fn the_seed_section_checks_and_lists_every_token_as_a_secret() {
        let world = seed();
        world.check().unwrap();
        let mut secrets = world.secrets();
        secrets.sort();
        assert_eq!(
            secrets,
            [
                "cw-acme-admin-token",
                "cw-acme-agent-token",
                "cw-bot-token",
                "cw-globex-admin-token",
                "cw-globex-agent-token",
                "cw-initech-admin-token",
            ]
        );
    }

    #[rstest]
    #[case::duplicate_account(|w: &mut ChatwootWorld| w.accounts[1].id = 1, "/accounts/1/id")]
    #[case::zero_user_id(|w: &mut ChatwootWorld| w.users[0].id = 0, "/users/0/id")]
    #[case::upper_case_email(|w: &mut ChatwootWorld| w.users[0].email = "Alice@X".into(), "/users/0/email")]
    #[case::reused_token(|w: &mut ChatwootWorld| w.users[1].access_token = Some("cw-bot-token".into()), "/agent_bots/0/access_token")]
    #[case::blank_token(|w: &mut ChatwootWorld| w.users[2].access_token = Some(" ".into()), "/users/2/access_token")]
    #[case::account_user_of_no_account(|w: &mut ChatwootWorld| w.account_users[0].account_id = 99, "/account_users/0/account_id")]
    #[case::account_user_of_no_user(|w: &mut ChatwootWorld| w.account_users[0].user_id = 99, "/account_users/0/user_id")]
    #[case::team_of_no_account(|w: &mut ChatwootWorld| w.teams[0].account_id = 99, "/teams/0/account_id")]
    #[case::upper_case_team_name(|w: &mut ChatwootWorld| w.teams[0].name = "Sales".into(), "/teams/0/name")]
    #[case::same_team_name_twice(|w: &mut ChatwootWorld| w.teams[1].name = "sales".into(), "/teams/1/name")]
    #[case::member_of_no_team(|w: &mut ChatwootWorld| w.team_members[0].team_id = 99, "/team_members/0/team_id")]
    #[case::member_from_another_account(|w: &mut ChatwootWorld| w.team_members[0].user_id = 9, "/team_members/0/user_id")]
    #[case::member_twice(|w: &mut ChatwootWorld| w.team_members[1].user_id = 3, "/team_members/1")]
    fn a_broken_reference_is_refused_at_its_pointer(
        #[case] break_it: fn(&mut ChatwootWorld),
        #[case] pointer: &str,
    ) {
        let mut world = seed();
        break_it(&mut world);
        assert_eq!(pointer_of(&world.check().unwrap_err()), pointer);
    }

    #[test]
    fn defaults_match_chatwoot_column_defaults() {
        let world: ChatwootWorld = serde_json::from_str(
            r#"{"users":[{"id":1,"name":"A","email":"a@x"}],
                "account_users":[{"account_id":1,"user_id":1,"role":"agent"}]}"#,
        )
        .unwrap();
        let user = &world.users[0];
        assert!(world.enterprise && user.confirmed && world.account_users[0].auto_offline);
        assert_eq!(user.provider, "email");
        assert_eq!(user.availability, ChatwootAvailability::Online);
        assert_eq!(world.account_users[0].custom_role_id, None);
    }
}
