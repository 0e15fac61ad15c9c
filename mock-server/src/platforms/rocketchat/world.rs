//! Rocket.Chat's part of the world: roles with their permissions, users with login tokens,
//! livechat departments and department-agent records, in Rocket.Chat's own document shapes.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::platforms::vendor::VendorWorld;

/// Rocket.Chat's part of the world (the `"rocketchat"` key of a world document).
///
/// ```json
/// { "roles": [{ "_id": "admin", "permissions": ["manage-livechat-departments"] }],
///   "users": [{ "_id": "u1", "username": "kim", "name": "Kim", "roles": ["admin"], "authToken": "t" }],
///   "departments": [{ "_id": "d1", "name": "Sales", "enabled": true, "numAgents": 0, "_updatedAt": "…" }],
///   "departmentAgents": [] }
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RocketChatWorld {
    /// Each role and the permissions it grants.
    #[serde(default)]
    pub roles: Vec<RocketChatRole>,
    /// Users; those with an `authToken` can call the API.
    #[serde(default)]
    pub users: Vec<RocketChatUser>,
    /// Livechat departments.
    #[serde(default)]
    pub departments: Vec<RocketChatDepartment>,
    /// The `rocketchat_livechat_department_agents` collection.
    #[serde(default)]
    pub department_agents: Vec<RocketChatDepartmentAgent>,
}

/// A role and the permissions it holds (Rocket.Chat keeps this as `permission → roles`; the
/// world states it the other way round, which is easier to read).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RocketChatRole {
    /// The role name (`_id`), e.g. `livechat-manager`.
    #[serde(rename = "_id")]
    pub id: String,
    /// The permissions the role grants, e.g. `manage-livechat-departments`.
    pub permissions: Vec<String>,
}

/// A user document (the fields the endpoint reads).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RocketChatUser {
    /// The user id (`_id`), sent as `X-User-Id`.
    #[serde(rename = "_id")]
    pub id: String,
    /// The username; agent records store `""` when it is absent, as Rocket.Chat does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user's role names.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The `X-Auth-Token` this user logs in with (a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_token: Option<String>,
}

/// A livechat department (`ILivechatDepartment`, the fields the mock keeps).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RocketChatDepartment {
    /// The department id (`_id`).
    #[serde(rename = "_id")]
    pub id: String,
    /// The department name.
    pub name: String,
    /// Whether the department is enabled.
    pub enabled: bool,
    /// The description, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `showOnRegistration` (defaults to `true`).
    #[serde(default = "yes")]
    pub show_on_registration: bool,
    /// `showOnOfflineForm` (defaults to `true`).
    #[serde(default = "yes")]
    pub show_on_offline_form: bool,
    /// The department e-mail (defaults to empty).
    #[serde(default)]
    pub email: String,
    /// Absent on a department created without agents: Rocket.Chat's insert does not set it;
    /// `updateNumAgentsById` adds it on the first change of its agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_agents: Option<u64>,
    /// `_updatedAt`, ISO-8601 UTC.
    #[serde(rename = "_updatedAt")]
    pub updated_at: String,
}

fn yes() -> bool {
    true
}

/// One department-agent record (`ILivechatDepartmentAgents`).
///
/// Field order is the order MongoDB stores an upserted record in, which is what the API
/// returns and what the GET docs show: `_id`, the query keys, then the `$set` keys sorted
/// (MongoDB ≥ 5 applies update fields in lexicographic order).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RocketChatDepartmentAgent {
    /// The record id (`_id`).
    #[serde(rename = "_id")]
    pub id: String,
    /// The agent's user id.
    pub agent_id: String,
    /// The department's id.
    pub department_id: String,
    /// `_updatedAt`, ISO-8601 UTC.
    #[serde(rename = "_updatedAt")]
    pub updated_at: String,
    /// The agent's chat count in the department.
    pub count: i64,
    /// Whether the department is enabled (copied onto the record).
    pub department_enabled: bool,
    /// The agent's order in the department.
    pub order: i64,
    /// The agent's username (`""` when the user has none).
    pub username: String,
}

impl VendorWorld for RocketChatWorld {
    fn check(&self) -> Result<(), Error> {
        let mut role_ids = HashSet::new();
        for (i, role) in self.roles.iter().enumerate() {
            if !role_ids.insert(role.id.as_str()) {
                return Err(duplicate(&format!("/roles/{i}/_id"), &role.id));
            }
        }
        let mut user_ids = HashSet::new();
        let mut usernames = HashSet::new();
        let mut tokens = HashSet::new();
        for (i, user) in self.users.iter().enumerate() {
            if !user_ids.insert(user.id.as_str()) {
                return Err(duplicate(&format!("/users/{i}/_id"), &user.id));
            }
            if let Some(name) = &user.username
                && !usernames.insert(name.as_str())
            {
                return Err(duplicate(&format!("/users/{i}/username"), name));
            }
            if let Some(token) = &user.auth_token
                && (token.is_empty() || !tokens.insert(token.as_str()))
            {
                return Err(Error::invalid_world(
                    format!("/users/{i}/authToken"),
                    "auth tokens must be non-empty and unique",
                ));
            }
            for (j, role) in user.roles.iter().enumerate() {
                if !role_ids.contains(role.as_str()) {
                    return Err(Error::invalid_world(
                        format!("/users/{i}/roles/{j}"),
                        format!("no role `{role}` in /roles"),
                    ));
                }
            }
        }
        let mut departments = HashMap::new();
        for (i, department) in self.departments.iter().enumerate() {
            if departments.insert(department.id.as_str(), i).is_some() {
                return Err(duplicate(&format!("/departments/{i}/_id"), &department.id));
            }
        }
        let mut record_ids = HashSet::new();
        let mut pairs = HashSet::new();
        let mut counts = vec![0_u64; self.departments.len()];
        for (i, record) in self.department_agents.iter().enumerate() {
            let at = |field: &str| format!("/departmentAgents/{i}/{field}");
            if !record_ids.insert(record.id.as_str()) {
                return Err(duplicate(&at("_id"), &record.id));
            }
            if !user_ids.contains(record.agent_id.as_str()) {
                return Err(Error::invalid_world(
                    at("agentId"),
                    format!("no user `{}` in /users", record.agent_id),
                ));
            }
            let Some(&d) = departments.get(record.department_id.as_str()) else {
                return Err(Error::invalid_world(
                    at("departmentId"),
                    format!("no department `{}` in /departments", record.department_id),
                ));
            };
            if !pairs.insert((record.agent_id.as_str(), record.department_id.as_str())) {
                return Err(Error::invalid_world(
                    at("agentId"),
                    "the agent is already in this department",
                ));
            }
            if record.department_enabled != self.departments[d].enabled {
                return Err(Error::invalid_world(
                    at("departmentEnabled"),
                    "must equal the department's `enabled`",
                ));
            }
            counts[d] += 1;
        }
        for (i, (department, count)) in self.departments.iter().zip(counts).enumerate() {
            let num_agents = department.num_agents.unwrap_or(0);
            if num_agents != count {
                return Err(Error::invalid_world(
                    format!("/departments/{i}/numAgents"),
                    format!("is {num_agents} but the department has {count} agent records"),
                ));
            }
        }
        Ok(())
    }

    fn secrets(&self) -> Vec<String> {
        self.users
            .iter()
            .filter_map(|user| user.auth_token.clone())
            .collect()
    }
}

fn duplicate(pointer: &str, value: &str) -> Error {
    Error::invalid_world(pointer, format!("duplicate `{value}`"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What is wrong with a world section, as its error text; `None` when it is valid.
    fn problem(value: serde_json::Value) -> Option<String> {
        match serde_json::from_value::<RocketChatWorld>(value) {
            Ok(world) => world.check().err().map(|e| e.to_string()),
            Err(e) => Some(e.to_string()),
        }
    }

    fn base() -> serde_json::Value {
        json!({
            "roles": [{"_id": "admin", "permissions": ["view-l-room"]}],
            "users": [{"_id": "u1", "username": "kim", "roles": ["admin"], "authToken": "t1"}],
            "departments": [{"_id": "d1", "name": "Sales", "enabled": true, "numAgents": 1, "_updatedAt": "2024-01-01T00:00:00.000Z"}],
            "departmentAgents": [{"_id": "r1", "agentId": "u1", "departmentId": "d1", "_updatedAt": "2024-01-01T00:00:00.000Z", "count": 0, "departmentEnabled": true, "order": 0, "username": "kim"}]
        })
    }

    #[test]
    fn a_consistent_world_checks() {
        assert_eq!(problem(base()), None);
    }

    #[test]
    fn the_seed_section_checks_and_lists_its_tokens() {
        let world: RocketChatWorld = crate::seed::section("rocketchat");
        world.check().unwrap();
        let mut secrets = world.secrets();
        secrets.sort();
        assert_eq!(
            secrets,
            [
                "rc-adder-token-8c1e6a",
                "rc-admin-token-9f2c1e7b4d",
                "rc-nobody-token-2b7d4f",
                "rc-viewer-token-5a8e3c"
            ]
        );
    }

    #[test]
    fn an_unknown_role_is_refused_with_its_pointer() {
        let mut world = base();
        world["users"][0]["roles"] = json!(["admin", "ghost"]);
        assert_eq!(
            problem(world),
            Some("invalid world at /users/0/roles/1: no role `ghost` in /roles".to_owned())
        );
    }

    #[test]
    fn a_record_for_an_unknown_department_is_refused() {
        let mut world = base();
        world["departmentAgents"][0]["departmentId"] = json!("nope");
        assert_eq!(
            problem(world),
            Some("invalid world at /departmentAgents/0/departmentId: no department `nope` in /departments".to_owned())
        );
    }

    #[test]
    fn a_wrong_agent_count_is_refused() {
        let mut world = base();
        world["departments"][0]["numAgents"] = json!(2);
        assert_eq!(
            problem(world),
            Some("invalid world at /departments/0/numAgents: is 2 but the department has 1 agent records".to_owned())
        );
    }

    #[test]
    fn a_duplicate_token_is_refused() {
        let mut world = base();
        world["users"]
            .as_array_mut()
            .unwrap()
            .push(json!({"_id": "u2", "username": "lee", "authToken": "t1"}));
        assert_eq!(
            problem(world),
            Some(
                "invalid world at /users/1/authToken: auth tokens must be non-empty and unique"
                    .to_owned()
            )
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut world = base();
        world["departments"][0]["colour"] = json!("red");
        assert!(problem(world).unwrap().contains("unknown field `colour`"));
    }
}
