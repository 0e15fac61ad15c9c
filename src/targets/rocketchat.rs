//! Rocket.Chat: from the read-only answers of a Rocket.Chat server to its scenarios' variables.
//!
//! Shapes: `GET /api/v1/livechat/users/agent` → `{users: [{_id, username, …}], …, success}`
//! (RocketChat/docs-old `api/rest-api/methods/livechat/users.md`); `GET
//! /api/v1/livechat/department` → `{departments: [{_id, name, …}], count, offset, total,
//! success}` (RocketChat/docs-old `api/rest-api/methods/livechat/department.md`); `GET
//! /api/v1/livechat/department/{_id}/agents` → `{agents: [{_id, agentId, departmentId, username,
//! …}], count, offset, total, success}`, sorted by username (as the built-in mock answers it);
//! `GET /api/v1/users.list` → `{users: [{_id, username, type, …}], …}`. Every list is read with
//! `count=100`, the server's default upper limit: bigger servers are read in part (assumed).

use std::collections::BTreeMap;

use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::error::Error;
use super::model::{Filler, VendorSection, Wanted};

/// The administrator's user id and token (both required).
pub(super) const ADMIN_USER_ENV: &str = "RC_ADMIN_USER_ID";
/// The administrator's token.
pub(super) const ADMIN_TOKEN_ENV: &str = "RC_ADMIN_TOKEN";

/// The other users the scenarios log in as: (user id variable, token variable, user id env,
/// token env, who).
pub(super) const USERS: [(&str, &str, &str, &str, &str); 3] = [
    (
        "viewer_user_id",
        "viewer_token",
        "RC_VIEWER_USER_ID",
        "RC_VIEWER_TOKEN",
        "a user with view-l-room only",
    ),
    (
        "nobody_user_id",
        "nobody_token",
        "RC_NOBODY_USER_ID",
        "RC_NOBODY_TOKEN",
        "a user without livechat permissions",
    ),
    (
        "adder_user_id",
        "adder_token",
        "RC_ADDER_USER_ID",
        "RC_ADDER_TOKEN",
        "a user with add-livechat-department-agents only",
    ),
];

/// What the read-only requests returned.
#[derive(Debug, Clone)]
pub(crate) struct RocketChatFacts {
    /// The administrator's user id (from the environment).
    pub admin_user_id: String,
    /// The other users' ids from the environment, by variable (only those whose token is set).
    pub user_ids: BTreeMap<String, String>,
    /// `GET /api/v1/livechat/department`.
    pub departments: Value,
    /// `GET /api/v1/livechat/department/{_id}/agents`, per department id.
    pub department_agents: BTreeMap<String, Value>,
    /// `GET /api/v1/livechat/users/agent`.
    pub agents: Value,
    /// `GET /api/v1/users.list`, or why it failed.
    pub users: Result<Value, Error>,
}

/// The department ids of the list answer.
pub(super) fn department_ids(departments: &Value) -> Vec<String> {
    list(departments, "departments")
        .iter()
        .filter_map(|d| Some(d.get("_id")?.as_str()?.to_owned()))
        .collect()
}

/// The Rocket.Chat section for `facts`.
pub(crate) fn discover(facts: &RocketChatFacts, base_url: &str, wanted: &Wanted) -> VendorSection {
    let mut f = Filler::new(VendorName::RocketChat, base_url, wanted);
    f.var(
        "admin_user_id",
        json!(facts.admin_user_id),
        format!("from {ADMIN_USER_ENV}"),
    );
    f.secret("admin_token", ADMIN_TOKEN_ENV, "administrator token");
    for (id_var, token_var, id_env, token_env, who) in USERS {
        match facts.user_ids.get(id_var) {
            Some(id) => {
                f.var(id_var, json!(id), format!("{who}, from {id_env}"));
                f.secret(token_var, token_env, who);
            }
            None => {
                let reason = format!(
                    "`{id_env}` and `{token_env}` ({who}) were not both set when this file was written"
                );
                let hint = format!(
                    "to run its steps, export {id_env} and {token_env}, then run init again"
                );
                f.unavailable(id_var, reason.clone(), hint.clone());
                f.unavailable(token_var, reason, hint);
            }
        }
    }
    let departments = department_ids(&facts.departments);
    let agents_of = |d: &str| -> Vec<String> {
        facts
            .department_agents
            .get(d)
            .map(|v| list(v, "agents"))
            .unwrap_or_default()
            .iter()
            .filter_map(|a| Some(a.get("agentId")?.as_str()?.to_owned()))
            .collect()
    };
    let livechat: Vec<String> = list(&facts.agents, "users")
        .iter()
        .filter_map(|u| Some(u.get("_id")?.as_str()?.to_owned()))
        .collect();
    let pair_department = departments
        .iter()
        .find(|d| agents_of(d).len() == 2)
        .cloned();
    let mut pair = pair_department
        .as_deref()
        .map(agents_of)
        .unwrap_or_default();
    match &pair_department {
        Some(d) => f.var("department_id", json!(d), "a department with exactly two agents: kim_id and lee_id"),
        None => f.unavailable(
            "department_id",
            "no department has exactly two agents",
            "the scenarios expect department_id to start with exactly kim_id and lee_id: make such a department",
        ),
    }
    if pair.len() < 2 && wanted.sandbox.contains("department_id") {
        pair = livechat.iter().take(2).cloned().collect();
    }
    for (name, id) in ["kim_id", "lee_id"].iter().zip(&pair) {
        f.var(
            name,
            json!(id),
            "an agent of department_id, in username order",
        );
    }
    for name in ["kim_id", "lee_id"] {
        f.unavailable(
            name,
            "no department has exactly two agents",
            "the scenarios expect department_id to start with exactly kim_id and lee_id",
        );
    }
    let mut free: Vec<&String> = livechat.iter().filter(|a| !pair.contains(a)).collect();
    for name in ["ana_id", "bo_id"] {
        if free.is_empty() {
            f.unavailable(
                name,
                "too few livechat agents outside department_id",
                "make another user a livechat agent, then run init again",
            );
        } else {
            let id = free.remove(0);
            f.var(name, json!(id), "a livechat agent outside department_id");
        }
    }
    match departments
        .iter()
        .find(|d| Some(*d) != pair_department.as_ref() && agents_of(d).is_empty())
    {
        Some(d) => f.var(
            "empty_department_id",
            json!(d),
            "a department without agents",
        ),
        None => f.unavailable(
            "empty_department_id",
            "no department without agents",
            "make a department without agents, then run init again",
        ),
    }
    let mut missing = "NoSuchDepartment1".to_owned();
    while departments.contains(&missing) {
        missing.push('1');
    }
    f.var(
        "missing_department_id",
        json!(missing),
        "no department of the server",
    );
    let known: Vec<&String> = livechat
        .iter()
        .chain(facts.user_ids.values())
        .chain([&facts.admin_user_id])
        .collect();
    let users = match &facts.users {
        Ok(users) => users,
        Err(why) => {
            f.unavailable(
                "pat_id",
                format!("the users list could not be read: {why}"),
                "set a user who is not a livechat agent by hand under `vars`",
            );
            &Value::Null
        }
    };
    let plain = list(users, "users").iter().find_map(|u| {
        let id = u.get("_id")?.as_str()?.to_owned();
        let human = u
            .get("type")
            .and_then(Value::as_str)
            .is_none_or(|t| t == "user");
        (human && !known.contains(&&id)).then_some(id)
    });
    match plain {
        Some(id) => f.var("pat_id", json!(id), "a user who is not a livechat agent"),
        None => f.unavailable(
            "pat_id",
            "every user is a livechat agent or one of the scenarios' users",
            "add a user who is not a livechat agent, then run init again",
        ),
    }
    f.finish()
}

fn list<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_and_agents_map_onto_the_scenarios_variables() {
        let facts = RocketChatFacts {
            admin_user_id: "admin1".into(),
            user_ids: BTreeMap::new(),
            departments: json!({"departments": [{"_id": "D1", "name": "a"}, {"_id": "D2", "name": "b"}], "count": 2, "offset": 0, "total": 2, "success": true}),
            department_agents: BTreeMap::from([
                (
                    "D1".to_owned(),
                    json!({"agents": [{"_id": "r1", "agentId": "u2", "username": "a"}, {"_id": "r2", "agentId": "u1", "username": "b"}], "success": true}),
                ),
                ("D2".to_owned(), json!({"agents": [], "success": true})),
            ]),
            agents: json!({"users": [{"_id": "u1"}, {"_id": "u2"}, {"_id": "u3"}], "success": true}),
            users: Ok(
                json!({"users": [{"_id": "admin1", "type": "user"}, {"_id": "bot", "type": "bot"}, {"_id": "u1", "type": "user"}, {"_id": "p", "type": "user"}], "success": true}),
            ),
        };
        let needed = [
            "admin_user_id",
            "admin_token",
            "department_id",
            "kim_id",
            "lee_id",
            "ana_id",
            "bo_id",
            "empty_department_id",
            "missing_department_id",
            "pat_id",
            "viewer_token",
        ];
        let wanted = Wanted {
            needed: needed.iter().map(|s| (*s).to_owned()).collect(),
            sandbox: Default::default(),
            env_set: [ADMIN_TOKEN_ENV.to_owned()].into(),
        };
        let s = discover(&facts, "http://rc", &wanted);
        let refused = RocketChatFacts {
            users: Err(Error::server("GET /api/v1/users.list answered 403")),
            ..facts.clone()
        };
        let r = discover(&refused, "http://rc", &wanted);
        let pat = r.unavailable.iter().find(|u| u.name == "pat_id").unwrap();
        assert_eq!(
            pat.reason,
            "the users list could not be read: GET /api/v1/users.list answered 403"
        );
        let value = |n: &str| s.vars.iter().find(|v| v.name == n).map(|v| v.value.clone());
        assert_eq!(value("department_id"), Some(json!("D1")));
        assert_eq!(value("kim_id"), Some(json!("u2")));
        assert_eq!(value("lee_id"), Some(json!("u1")));
        assert_eq!(value("ana_id"), Some(json!("u3")));
        assert_eq!(value("empty_department_id"), Some(json!("D2")));
        assert_eq!(value("pat_id"), Some(json!("p")));
        let unavailable: Vec<&str> = s.unavailable.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(unavailable, ["viewer_token", "bo_id"]);
    }
}
