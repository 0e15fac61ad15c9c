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
    pub(crate) roles: Vec<Role>,
    /// Users; those with an `authToken` can call the API.
    #[serde(default)]
    pub(crate) users: Vec<User>,
    /// Livechat departments.
    #[serde(default)]
    pub(crate) departments: Vec<Department>,
    /// The `rocketchat_livechat_department_agents` collection.
    #[serde(default)]
    pub(crate) department_agents: Vec<DepartmentAgent>,
}

/// A role and the permissions it holds (Rocket.Chat keeps this as `permission → roles`; the
/// world states it the other way round, which is easier to read).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Role {
    #[serde(rename = "_id")]
    pub(crate) id: String,
    pub(crate) permissions: Vec<String>,
}

/// A user document (the fields the endpoint reads).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct User {
    #[serde(rename = "_id")]
    pub(crate) id: String,
    /// Stored as `""` on agent records when absent, as Rocket.Chat does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) roles: Vec<String>,
    /// The `X-Auth-Token` this user logs in with (a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) auth_token: Option<String>,
}

/// A livechat department (`ILivechatDepartment`, the fields the mock keeps).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Department {
    #[serde(rename = "_id")]
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(default = "yes")]
    pub(crate) show_on_registration: bool,
    #[serde(default = "yes")]
    pub(crate) show_on_offline_form: bool,
    #[serde(default)]
    pub(crate) email: String,
    /// Absent on a department created without agents: Rocket.Chat's insert does not set it;
    /// `updateNumAgentsById` adds it on the first change of its agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) num_agents: Option<u64>,
    #[serde(rename = "_updatedAt")]
    pub(crate) updated_at: String,
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
pub(crate) struct DepartmentAgent {
    #[serde(rename = "_id")]
    pub(crate) id: String,
    pub(crate) agent_id: String,
    pub(crate) department_id: String,
    #[serde(rename = "_updatedAt")]
    pub(crate) updated_at: String,
    pub(crate) count: i64,
    pub(crate) department_enabled: bool,
    pub(crate) order: i64,
    pub(crate) username: String,
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
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(value: serde_json::Value) -> Result<(), String> {
        let world: RocketChatWorld = serde_json::from_value(value).map_err(|e| e.to_string())?;
        world.check().map_err(|e| e.to_string())
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
        assert_eq!(check(base()), Ok(()));
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
            check(world),
            Err("invalid world at /users/0/roles/1: no role `ghost` in /roles".to_owned())
        );
    }

    #[test]
    fn a_record_for_an_unknown_department_is_refused() {
        let mut world = base();
        world["departmentAgents"][0]["departmentId"] = json!("nope");
        assert_eq!(
            check(world),
            Err("invalid world at /departmentAgents/0/departmentId: no department `nope` in /departments".to_owned())
        );
    }

    #[test]
    fn a_wrong_agent_count_is_refused() {
        let mut world = base();
        world["departments"][0]["numAgents"] = json!(2);
        assert_eq!(
            check(world),
            Err("invalid world at /departments/0/numAgents: is 2 but the department has 1 agent records".to_owned())
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
            check(world),
            Err(
                "invalid world at /users/1/authToken: auth tokens must be non-empty and unique"
                    .to_owned()
            )
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut world = base();
        world["departments"][0]["colour"] = json!("red");
        assert!(check(world).unwrap_err().contains("unknown field `colour`"));
    }
}
