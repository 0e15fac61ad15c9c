//! Chatwoot: the accounts, users, roles, teams and team members a server shows to the target's
//! tokens, as the `chatwoot` section of a world.
//!
//! Reads (GET only; shapes as in chatwoot/chatwoot @e13e3c873aaf812262a638ad728197fcc72bf515):
//! `GET /api/v1/profile` with each token (`app/views/api/v1/models/_user.json.jbuilder`: the
//! token's user and its `accounts` with name, status, role, availability, auto_offline), then
//! for every account one of the tokens administers (else any token of it) while it is active:
//! `GET …/accounts/{id}/agents` (`_agent.json.jbuilder`), `GET …/teams` (`_team.json.jbuilder`)
//! and `GET …/teams/{id}/team_members`. A token the profile refuses with 401 is an agent bot
//! when its variable says so (`bot_token`); the bot's id and name are not readable and are
//! made up (assumed).

use std::collections::BTreeMap;

use rosterwire_mock::VendorName;
use serde_json::{Map, Value, json};

use super::credentials::Credentials;
use crate::runner::{HttpClient, Redactor};
use crate::targets::{Error, Read, Reader};

/// What the tokens could read.
#[derive(Debug, Clone, Default)]
pub(super) struct ChatwootRead {
    /// `(variable, GET /api/v1/profile)` per token that has a profile, admin token first.
    pub(crate) profiles: Vec<(String, Value)>,
    /// Variables of tokens the profile refused with 401 and that name a bot.
    pub(crate) bots: Vec<String>,
    /// Per account read: `(account id, agents, teams, team id → members)`.
    pub(crate) accounts: Vec<(i64, Value, Value, BTreeMap<i64, Value>)>,
}

/// Reads the server with every Chatwoot token of the target; `notes` gets what was left out.
///
/// # Errors
/// A transport failure or an unusable answer.
pub(super) async fn read(
    client: &HttpClient,
    base_url: &str,
    credentials: &Credentials,
    redactor: &Redactor,
    notes: &mut Vec<String>,
) -> Result<ChatwootRead, Error> {
    let mut tokens = credentials.variables(VendorName::Chatwoot);
    tokens.sort_by_key(|(name, _)| name != "admin_token");
    let reader = |token: &str| Reader {
        client,
        base_url,
        headers: vec![("api_access_token".to_owned(), token.to_owned())],
        redactor,
    };
    let mut read = ChatwootRead::default();
    let mut by_token = Vec::new();
    for (name, token) in &tokens {
        match reader(token).read("/api/v1/profile").await? {
            Read::Json(profile) => {
                read.profiles.push((name.clone(), profile));
                by_token.push(token.clone());
            }
            Read::Refused { status: 401, .. } if name.contains("bot") => {
                read.bots.push(name.clone());
            }
            Read::Refused { status, .. } => notes.push(format!(
                "chatwoot: `{name}`: GET /api/v1/profile answered {status}; its user is left out"
            )),
        }
    }
    for id in account_ids(&read.profiles) {
        // An active account's administrator reads best; any member can list agents and teams.
        let reader_of = read
            .profiles
            .iter()
            .zip(&by_token)
            .filter_map(|((_, profile), token)| {
                let account = accounts(profile).into_iter().find(|a| a["id"] == id)?;
                (account["status"] == "active")
                    .then_some((account["role"] != "administrator", token))
            })
            .min_by_key(|(not_admin, _)| *not_admin)
            .map(|(_, token)| reader(token));
        let Some(reader) = reader_of else {
            notes.push(format!(
                "chatwoot: account {id} is not active: its agents and teams are not readable; only the token users' own memberships are kept"
            ));
            continue;
        };
        let agents = reader.get(&format!("/api/v1/accounts/{id}/agents")).await?;
        let teams = reader.get(&format!("/api/v1/accounts/{id}/teams")).await?;
        let mut members = BTreeMap::new();
        for team in list(&teams).iter().filter_map(|t| t.get("id")?.as_i64()) {
            let path = format!("/api/v1/accounts/{id}/teams/{team}/team_members");
            members.insert(team, reader.get(&path).await?);
        }
        read.accounts.push((id, agents, teams, members));
    }
    Ok(read)
}

/// The `chatwoot` world section for what was read; tokens are replaced in `credentials`.
pub(super) fn section(read: &ChatwootRead, credentials: &mut Credentials) -> Value {
    let mut account_list: Vec<Value> = Vec::new();
    for (_, profile) in &read.profiles {
        for a in accounts(profile) {
            if !account_list.iter().any(|known| known["id"] == a["id"]) {
                account_list.push(json!({"id": a["id"], "name": a["name"], "status": a["status"]}));
            }
        }
    }
    let mut users: Vec<Map<String, Value>> = Vec::new();
    let mut account_users: Vec<Value> = Vec::new();
    let mut teams: Vec<Value> = Vec::new();
    let mut team_members: Vec<Value> = Vec::new();
    let mut enterprise = None;
    for (account, agents, team_list, members) in &read.accounts {
        for agent in list(agents) {
            let Some(id) = agent.get("id").and_then(Value::as_i64) else {
                continue;
            };
            if !users.iter().any(|u| u["id"] == id) {
                users.push(user_from_agent(&agent));
            }
            enterprise = enterprise.or(Some(agent.get("custom_role_id").is_some()));
            account_users.push(account_user(*account, id, &agent));
        }
        for team in list(team_list) {
            teams.push(json!({
                "id": team["id"],
                "account_id": account,
                "name": team["name"],
                "description": team.get("description").cloned().unwrap_or(Value::Null),
                "allow_auto_assign": team.get("allow_auto_assign").cloned().unwrap_or(Value::Null),
            }));
            let team_id = team.get("id").and_then(Value::as_i64).unwrap_or_default();
            for member in members.get(&team_id).map(list).unwrap_or_default() {
                team_members.push(json!({"team_id": team_id, "user_id": member["id"]}));
            }
        }
    }
    for (name, profile) in &read.profiles {
        let Some(id) = profile.get("id").and_then(Value::as_i64) else {
            continue;
        };
        let position = users.iter().position(|u| u["id"] == id).unwrap_or_else(|| {
            users.push(user_from_agent(profile));
            users.len() - 1
        });
        let user = &mut users[position];
        if let Some(display) = profile.get("display_name").and_then(Value::as_str) {
            user.insert("display_name".into(), json!(display));
        }
        if let Some(stored) = accounts(profile)
            .first()
            .and_then(|a| a.get("availability")?.as_str())
            .and_then(availability)
        {
            user.insert("availability".into(), json!(stored));
        }
        let token = credentials.replace_variable(VendorName::Chatwoot, name);
        user.insert("access_token".into(), json!(token));
        // Accounts that could not be read (suspended) keep the token user's own membership.
        for a in accounts(profile) {
            let known = account_users
                .iter()
                .any(|m| m["account_id"] == a["id"] && m["user_id"] == id);
            if !known {
                account_users.push(account_user(a["id"].as_i64().unwrap_or_default(), id, &a));
            }
            enterprise = enterprise.or(Some(a.get("custom_role_id").is_some()));
        }
    }
    let bots: Vec<Value> = read
        .bots
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "id": i + 1,
                "name": format!("agent bot ({name})"),
                "access_token": credentials.replace_variable(VendorName::Chatwoot, name),
            })
        })
        .collect();
    let mut section = json!({
        "enterprise": enterprise.unwrap_or(true),
        "accounts": account_list,
        "users": users,
    });
    if !bots.is_empty() {
        section["agent_bots"] = Value::Array(bots);
    }
    section["account_users"] = Value::Array(account_users);
    section["teams"] = Value::Array(teams);
    section["team_members"] = Value::Array(team_members);
    section
}

/// A world user from an agent object (or a profile, which has the same keys).
fn user_from_agent(agent: &Value) -> Map<String, Value> {
    let mut user = Map::new();
    user.insert("id".into(), agent["id"].clone());
    let name = agent.get("name").cloned().unwrap_or_else(|| json!(""));
    let available = agent.get("available_name").and_then(Value::as_str);
    if available.is_some_and(|a| Some(a) != name.as_str()) {
        user.insert("display_name".into(), json!(available));
    }
    user.insert("name".into(), name);
    user.insert(
        "email".into(),
        agent.get("email").cloned().unwrap_or_else(|| json!("")),
    );
    if let Some(confirmed) = agent.get("confirmed").filter(|c| c.is_boolean()) {
        user.insert("confirmed".into(), confirmed.clone());
    }
    if let Some(provider) = agent
        .get("provider")
        .filter(|p| p.as_str().is_some_and(|p| !p.is_empty()))
    {
        user.insert("provider".into(), provider.clone());
    }
    // The stored availability shows only when the user does not go offline automatically.
    if agent.get("auto_offline") == Some(&Value::Bool(false))
        && let Some(status) = agent
            .get("availability_status")
            .and_then(Value::as_str)
            .and_then(availability)
    {
        user.insert("availability".into(), json!(status));
    }
    if let Some(custom) = agent
        .get("custom_attributes")
        .filter(|c| c.as_object().is_some_and(|o| !o.is_empty()))
    {
        user.insert("custom_attributes".into(), custom.clone());
    }
    let thumbnail = agent.get("thumbnail").or_else(|| agent.get("avatar_url"));
    if let Some(thumbnail) = thumbnail.filter(|t| t.as_str().is_some_and(|t| !t.is_empty())) {
        user.insert("thumbnail".into(), thumbnail.clone());
    }
    user
}

/// A stored availability (`online`, `offline`, `busy`); the vendor document's enum says
/// `available` for `online`.
fn availability(shown: &str) -> Option<&'static str> {
    match shown {
        "online" | "available" => Some("online"),
        "offline" => Some("offline"),
        "busy" => Some("busy"),
        _ => None,
    }
}

/// An account user from an agent object or a profile's account entry.
fn account_user(account: i64, user: i64, from: &Value) -> Value {
    let mut m = json!({
        "account_id": account,
        "user_id": user,
        "role": from.get("role").cloned().unwrap_or_else(|| json!("agent")),
        "auto_offline": from.get("auto_offline").and_then(Value::as_bool).unwrap_or(true),
    });
    if let Some(role) = from.get("custom_role_id").filter(|r| r.is_i64()) {
        m["custom_role_id"] = role.clone();
    }
    m
}

fn accounts(profile: &Value) -> Vec<Value> {
    list(profile.get("accounts").unwrap_or(&Value::Null))
}

fn account_ids(profiles: &[(String, Value)]) -> Vec<i64> {
    let mut ids = Vec::new();
    for (_, profile) in profiles {
        for a in accounts(profile) {
            if let Some(id) = a.get("id").and_then(Value::as_i64)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
    }
    ids
}

fn list(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_teams_and_members_become_world_records_and_tokens_are_replaced() {
        let read = ChatwootRead {
            profiles: vec![(
                "admin_token".into(),
                json!({"id": 1, "name": "A", "display_name": null, "access_token": "real", "accounts": [
                    {"id": 7, "name": "Acme", "status": "active", "role": "administrator", "availability": "busy", "auto_offline": true, "custom_role_id": null},
                    {"id": 9, "name": "Old", "status": "suspended", "role": "administrator", "availability": "busy", "auto_offline": true, "custom_role_id": null}]}),
            )],
            bots: vec!["bot_token".into()],
            accounts: vec![(
                7,
                json!([
                    {"id": 1, "account_id": 7, "availability_status": "offline", "auto_offline": true, "confirmed": true, "email": "a@x", "provider": "email", "available_name": "A", "name": "A", "role": "administrator", "thumbnail": "", "custom_role_id": null},
                    {"id": 2, "account_id": 7, "availability_status": "busy", "auto_offline": false, "confirmed": false, "email": "b@x", "provider": "saml", "available_name": "Bee", "name": "B", "role": "agent", "thumbnail": "", "custom_role_id": null}
                ]),
                json!([{"id": 3, "name": "t", "description": null, "allow_auto_assign": true, "account_id": 7, "is_member": false}]),
                BTreeMap::from([(3, json!([{"id": 2}]))]),
            )],
        };
        let mut credentials = Credentials::default();
        let s = section(&read, &mut credentials);
        assert!(!s.to_string().contains("real"));
        assert_eq!(
            s["accounts"][1],
            json!({"id": 9, "name": "Old", "status": "suspended"})
        );
        assert_eq!(
            s["users"][1],
            json!({"id": 2, "display_name": "Bee", "name": "B", "email": "b@x", "confirmed": false, "provider": "saml", "availability": "busy"})
        );
        assert_eq!(s["users"][0]["availability"], "busy");
        assert_eq!(
            s["users"][0]["access_token"],
            json!(
                credentials
                    .generated(VendorName::Chatwoot, "admin_token")
                    .unwrap()
            )
        );
        assert_eq!(s["account_users"].as_array().unwrap().len(), 3);
        assert_eq!(s["team_members"], json!([{"team_id": 3, "user_id": 2}]));
        assert_eq!(s["agent_bots"][0]["name"], "agent bot (bot_token)");
        let world = json!({"chatwoot": s});
        rosterwire_mock::World::from_json(world.to_string().as_bytes()).unwrap();
    }
}
