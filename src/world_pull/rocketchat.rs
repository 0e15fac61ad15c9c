//! Rocket.Chat: the departments, their agents, the livechat agents and the target's users, as
//! the `rocketchat` section of a world.
//!
//! Reads (GET only, with the administrator's credentials): `GET /api/v1/livechat/department`
//! (paged), `GET …/department/{_id}` (its `agents` in stored order; else
//! `GET …/department/{_id}/agents`, paged, which sorts them) — routes in RocketChat/Rocket.Chat
//! @06b8654343c27ee8dd9792a2dda4fc64c7107f19 `apps/meteor/app/livechat/imports/server/rest/departments.ts`;
//! `GET /api/v1/livechat/users/agent` (paged; @05b2b68507242a74a24989ce50381475226f3c93
//! `apps/meteor/app/livechat/imports/server/rest/users.ts`), and `GET /api/v1/users.list` when
//! the server allows it. A user whose credentials the target
//! holds (`<who>_user_id` + `<who>_token`) is read with `GET /api/v1/me` (@8483c50595dea92301e3a13efcbca0aac09fc72d
//! `apps/meteor/app/api/server/v1/misc.ts`) for its username,
//! name and roles; a server without that endpoint leaves the roles to what the credential is
//! for in the scenarios (assumed): `admin` → `admin`, `adder` →
//! `department-adder`, `viewer` → `view-l-room` and `transfer-livechat-guest` (the
//! `livechat-agent` role when the user is an agent, else a role of its own), others → `user`.
//! The role definitions are the seed world's (Rocket.Chat's defaults for these permissions);
//! any other role a user has is defined without permissions (assumed).

use std::collections::BTreeMap;

use rosterwire_mock::VendorName;
use serde_json::{Map, Value, json};

use super::credentials::Credentials;
use crate::runner::{HttpClient, Redactor, Target};
use crate::targets::{Error, Read, Reader};

/// The page size of every list read.
const PAGE: usize = 100;

/// The role given to a viewer who is not an agent (when `/me` says nothing).
const VIEWER_ROLE: &str = "rosterwire-viewer";

/// A user the target holds credentials for.
#[derive(Debug, Clone)]
pub(super) struct CredentialUser {
    /// `admin`, `viewer`, … (the variables' prefix).
    pub(crate) who: String,
    /// The user id (`X-User-Id`).
    pub(crate) id: String,
    /// `GET /api/v1/me`, when the server answered it.
    pub(crate) me: Option<Value>,
}

/// What was read.
#[derive(Debug, Clone, Default)]
pub(super) struct RocketChatRead {
    /// Every department.
    pub(crate) departments: Vec<Value>,
    /// Department id → its agent records.
    pub(crate) department_agents: BTreeMap<String, Vec<Value>>,
    /// The livechat agents.
    pub(crate) agents: Vec<Value>,
    /// `users.list`, when allowed.
    pub(crate) users: Vec<Value>,
    /// The target's users.
    pub(crate) credential_users: Vec<CredentialUser>,
}

/// Reads the server with the target's credentials.
///
/// # Errors
/// No administrator credentials, a transport failure or an unusable answer.
pub(super) async fn read(
    client: &HttpClient,
    base_url: &str,
    target: &Target,
    credentials: &Credentials,
    redactor: &Redactor,
) -> Result<RocketChatRead, Error> {
    let vars = target
        .vendors
        .get(&VendorName::RocketChat)
        .map(|v| v.vars.clone())
        .unwrap_or_default();
    let pair = |who: &str| -> Option<(String, String)> {
        let id = vars.get(&format!("{who}_user_id"))?.as_str()?.to_owned();
        let token = credentials.real(VendorName::RocketChat, &format!("{who}_token"))?;
        Some((id, token.to_owned()))
    };
    let reader = |id: &str, token: &str| Reader {
        client,
        base_url,
        headers: vec![
            ("X-User-Id".to_owned(), id.to_owned()),
            ("X-Auth-Token".to_owned(), token.to_owned()),
        ],
        redactor,
    };
    let (admin_id, admin_token) = pair("admin").ok_or_else(|| {
        Error::bad_input(
            "rocketchat: the target needs `admin_user_id` and `admin_token` to pull the world",
        )
    })?;
    let admin = reader(&admin_id, &admin_token);
    let mut read = RocketChatRead {
        departments: pages(&admin, "/api/v1/livechat/department", "departments").await?,
        ..RocketChatRead::default()
    };
    for department in &read.departments {
        let Some(id) = department.get("_id").and_then(Value::as_str) else {
            continue;
        };
        // `GET department/{_id}` lists the agents in stored order (the list endpoint sorts
        // them): the order the world must keep. The paged list is the fallback.
        let one = admin
            .get(&format!("/api/v1/livechat/department/{id}"))
            .await?;
        let agents = match one["agents"].as_array() {
            Some(agents) => agents.clone(),
            None => {
                let path = format!("/api/v1/livechat/department/{id}/agents");
                pages(&admin, &path, "agents").await?
            }
        };
        read.department_agents.insert(id.to_owned(), agents);
    }
    read.agents = pages(&admin, "/api/v1/livechat/users/agent", "users").await?;
    if let Read::Json(users) = admin.read("/api/v1/users.list?count=100").await? {
        read.users = users["users"].as_array().cloned().unwrap_or_default();
    }
    for (name, _) in credentials.variables(VendorName::RocketChat) {
        let Some(who) = name.strip_suffix("_token") else {
            continue;
        };
        let Some((id, token)) = pair(who) else {
            continue;
        };
        let me = match reader(&id, &token).read("/api/v1/me").await? {
            Read::Json(me) => Some(me),
            Read::Refused { .. } => None,
        };
        read.credential_users.push(CredentialUser {
            who: who.to_owned(),
            id,
            me,
        });
    }
    Ok(read)
}

/// Every item of a paged list (`count`, `offset`, `total`).
async fn pages(reader: &Reader<'_>, path: &str, key: &str) -> Result<Vec<Value>, Error> {
    let mut items: Vec<Value> = Vec::new();
    loop {
        let page = reader
            .get(&format!("{path}?count={PAGE}&offset={}", items.len()))
            .await?;
        let got = page[key].as_array().cloned().unwrap_or_default();
        let total = page["total"]
            .as_u64()
            .and_then(|t| usize::try_from(t).ok())
            .unwrap_or(0);
        let empty = got.is_empty();
        items.extend(got);
        if empty || items.len() >= total {
            return Ok(items);
        }
    }
}

/// The `rocketchat` world section; auth tokens are replaced in `credentials`.
pub(super) fn section(read: &RocketChatRead, credentials: &mut Credentials) -> Value {
    let mut roles: Vec<Value> = seed_roles();
    let mut users: Vec<Map<String, Value>> = Vec::new();
    let agent_ids: Vec<&str> = read
        .agents
        .iter()
        .filter_map(|a| a.get("_id")?.as_str())
        .collect();
    // `id_key`: `_id` of a user, `agentId` of a department-agent record.
    let add =
        |users: &mut Vec<Map<String, Value>>, from: &Value, id_key: &str, roles: Vec<String>| {
            let Some(id) = from.get(id_key).filter(|id| id.is_string()) else {
                return;
            };
            if users.iter().any(|u| &u["_id"] == id) {
                return;
            }
            let mut user = Map::new();
            user.insert("_id".into(), id.clone());
            for key in ["username", "name"] {
                if let Some(v) = from.get(key).filter(|v| v.is_string()) {
                    user.insert(key.into(), v.clone());
                }
            }
            user.insert("roles".into(), json!(roles));
            users.push(user);
        };
    for agent in &read.agents {
        add(
            &mut users,
            agent,
            "_id",
            vec!["user".into(), "livechat-agent".into()],
        );
    }
    for records in read.department_agents.values() {
        for record in records {
            add(&mut users, record, "agentId", vec!["user".into()]);
        }
    }
    for user in &read.users {
        let roles = user["roles"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_else(|| vec!["user".to_owned()]);
        add(&mut users, user, "_id", roles);
    }
    for cred in &read.credential_users {
        let is_agent = agent_ids.contains(&cred.id.as_str());
        let from_me = cred
            .me
            .as_ref()
            .and_then(|me| me["roles"].as_array())
            .map(|r| {
                r.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
            });
        let fallback = fallback_roles(&cred.who, is_agent);
        if fallback.iter().any(|r| r == VIEWER_ROLE) && from_me.is_none() {
            roles.push(json!({"_id": VIEWER_ROLE, "permissions": ["view-l-room", "transfer-livechat-guest"]}));
        }
        let stub = json!({"_id": cred.id});
        add(
            &mut users,
            cred.me.as_ref().unwrap_or(&stub),
            "_id",
            Vec::new(),
        );
        let token =
            credentials.replace_variable(VendorName::RocketChat, &format!("{}_token", cred.who));
        if let Some(user) = users.iter_mut().find(|u| u["_id"] == cred.id.as_str()) {
            user.insert("roles".into(), json!(from_me.unwrap_or(fallback)));
            user.insert("authToken".into(), json!(token));
        }
    }
    // A role the seed world does not define (`bot`, `owner`, a custom role) is kept with no
    // permission: the world refuses users with undefined roles (assumed).
    for user in &users {
        for role in user["roles"].as_array().into_iter().flatten() {
            if !roles.iter().any(|r| &r["_id"] == role) {
                roles.push(json!({"_id": role, "permissions": []}));
            }
        }
    }
    let departments: Vec<Value> = read.departments.iter().map(department).collect();
    let department_agents: Vec<Value> = read
        .departments
        .iter()
        .filter_map(|d| d.get("_id")?.as_str())
        .flat_map(|id| read.department_agents.get(id).cloned().unwrap_or_default())
        .map(|r| {
            pick(
                &r,
                &[
                    "_id",
                    "agentId",
                    "departmentId",
                    "_updatedAt",
                    "count",
                    "departmentEnabled",
                    "order",
                    "username",
                ],
            )
        })
        .collect();
    json!({
        "roles": roles,
        "users": users,
        "departments": departments,
        "departmentAgents": department_agents,
    })
}

/// The roles of a credential user when the server does not say (assumed, see the module).
fn fallback_roles(who: &str, is_agent: bool) -> Vec<String> {
    let mut roles = vec!["user".to_owned()];
    if is_agent {
        roles.push("livechat-agent".to_owned());
    }
    match who {
        "admin" => roles.push("admin".to_owned()),
        "adder" => roles = vec!["department-adder".to_owned()],
        "viewer" if !is_agent => roles.push(VIEWER_ROLE.to_owned()),
        _ => {}
    }
    roles
}

/// The department fields a world keeps.
fn department(d: &Value) -> Value {
    pick(
        d,
        &[
            "_id",
            "name",
            "enabled",
            "description",
            "showOnRegistration",
            "showOnOfflineForm",
            "email",
            "numAgents",
            "_updatedAt",
        ],
    )
}

/// `keys` of `value` that are present and not null, in that order.
fn pick(value: &Value, keys: &[&str]) -> Value {
    let map: Map<String, Value> = keys
        .iter()
        .filter_map(|k| {
            let v = value.get(*k).filter(|v| !v.is_null())?;
            Some(((*k).to_owned(), v.clone()))
        })
        .collect();
    Value::Object(map)
}

/// The seed world's role definitions.
fn seed_roles() -> Vec<Value> {
    serde_json::from_str::<Value>(rosterwire_mock::World::seed_json())
        .ok()
        .and_then(|w| w["rocketchat"]["roles"].as_array().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_agents_and_credential_users_become_world_records() {
        let read = RocketChatRead {
            departments: vec![
                json!({"_id": "D1", "name": "Front", "enabled": true, "email": "f@x", "numAgents": 1, "_updatedAt": "2024-05-02T09:30:00.000Z", "type": "extra"}),
            ],
            department_agents: BTreeMap::from([(
                "D1".to_owned(),
                vec![
                    json!({"_id": "r1", "agentId": "u1", "departmentId": "D1", "_updatedAt": "2024-05-02T09:30:00.000Z", "count": 0, "departmentEnabled": true, "order": 0, "username": "kim"}),
                ],
            )]),
            agents: vec![json!({"_id": "u1", "username": "kim", "name": "Kim", "status": null})],
            users: vec![json!({"_id": "b1", "username": "bot", "roles": ["bot"], "type": "bot"})],
            credential_users: vec![
                CredentialUser {
                    who: "admin".into(),
                    id: "a1".into(),
                    me: None,
                },
                CredentialUser {
                    who: "viewer".into(),
                    id: "v1".into(),
                    me: None,
                },
            ],
        };
        let mut credentials = Credentials::default();
        let s = section(&read, &mut credentials);
        assert_eq!(s["departments"][0].get("type"), None);
        assert_eq!(
            s["users"][0],
            json!({"_id": "u1", "username": "kim", "name": "Kim", "roles": ["user", "livechat-agent"]})
        );
        assert_eq!(s["users"][2]["roles"], json!(["user", "admin"]));
        assert_eq!(s["users"][3]["roles"], json!(["user", VIEWER_ROLE]));
        assert_eq!(s["users"][1]["roles"], json!(["bot"]));
        assert!(
            s["roles"]
                .as_array()
                .unwrap()
                .contains(&json!({"_id": "bot", "permissions": []}))
        );
        assert!(
            s["users"][3]["authToken"]
                .as_str()
                .unwrap()
                .starts_with("pulled-rocketchat-")
        );
        let world = json!({"rocketchat": s});
        rosterwire_mock::World::from_json(world.to_string().as_bytes()).unwrap();
    }
}
