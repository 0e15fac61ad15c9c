//! `GET /api/v1/livechat/users/agent`: the users with the `livechat-agent` role.
//!
//! Route (`RocketChat/Rocket.Chat` `apps/meteor/app/livechat/imports/server/rest/users.ts`
//! @05b2b68507242a74a24989ce50381475226f3c93): no middleware permission for GET,
//! `validateParams: isLivechatUsersManagerGETProps`, then in the action `getPaginationItems`,
//! `parseJsonQuery`, and only then `hasAtLeastOnePermissionAsync(['transfer-livechat-guest',
//! 'edit-omnichannel-contact'])`, else `API.v1.forbidden()` (403 `unauthorized`).
//!
//! `findAgents` (`apps/meteor/app/livechat/server/api/lib/users.ts`
//! @a613cd33ad91ccb05aeccebb0be31ca991b538db) filters on `text` (username, name or e-mail,
//! case-insensitive), `onlyAvailable`, `excludeId` and `showIdleAgents`, and runs
//! `Users.findAgentsWithDepartments`: a `$group` whose output is
//! `_id, username, status, statusLivechat, name, emails, livechat, departments` (a `$first` of
//! a missing field is `null`; `departments` are the agent's department ids), sorted by
//! `{ name: 1 }` unless `sort` says otherwise. Answer: `{users, count, offset, total, success}`.

use http::StatusCode;
use serde::Serialize;

use crate::exchange::{Operation, Request, Response};
use crate::fidelity::Provenance;

use super::auth::Grants;
use super::bodies;
use super::department_list::slice;
use super::list_query::{self, QueryType};
use super::query;
use super::query::{SortValue, compare_by};
use super::world::{RocketChatUser, RocketChatWorld};

/// `isLivechatUsersManagerGETProps` (RocketChat/Rocket.Chat `packages/rest-typings/src/v1/omnichannel.ts`), in schema order.
const SCHEMA: &[(&str, QueryType)] = &[
    ("text", QueryType::String),
    ("onlyAvailable", QueryType::Boolean),
    ("excludeId", QueryType::String),
    ("showIdleAgents", QueryType::Boolean),
    ("count", QueryType::Number),
    ("offset", QueryType::Number),
    ("sort", QueryType::String),
    ("query", QueryType::String),
    ("fields", QueryType::String),
];

/// `forbidden()` with its default message, on the action path.
const FORBIDDEN_DEFAULT: &str = r#"{"success":false,"error":"unauthorized"}"#;

/// One grouped agent; the world keeps no presence or e-mail, so those are `null`.
#[derive(Debug, Serialize)]
struct Agent<'a> {
    #[serde(rename = "_id")]
    id: &'a str,
    username: Option<&'a str>,
    status: Option<&'a str>,
    #[serde(rename = "statusLivechat")]
    status_livechat: Option<&'a str>,
    name: Option<&'a str>,
    emails: Option<()>,
    livechat: Option<()>,
    departments: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
struct AgentsPage<'a> {
    users: Vec<Agent<'a>>,
    count: usize,
    offset: i64,
    total: usize,
    success: bool,
}

/// The list for an authenticated caller with `grants`.
pub(crate) fn list_agents(
    world: &RocketChatWorld,
    operation: Operation,
    request: &Request<'_>,
    grants: Grants,
) -> Response {
    let pairs = query::parse_pairs(request.query);
    if let Err(message) = list_query::validate(&pairs, SCHEMA) {
        return bodies::invalid_params(operation, &message);
    }
    let page = query::pagination(&pairs);
    let keys = match super::department_list::sort_keys(&pairs) {
        Ok(keys) => keys,
        Err(invalid) => return bodies::invalid_sort(operation, &invalid),
    };
    if !grants.has_any(Grants::TO_LIST_AGENTS) {
        return bodies::action_fixed(
            operation,
            StatusCode::FORBIDDEN,
            FORBIDDEN_DEFAULT,
            Provenance::Observed,
        );
    }
    let text = query::param(&pairs, "text")
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let exclude = query::param(&pairs, "excludeId").filter(|e| !e.is_empty());
    // Nobody in the world has a presence: `onlyAvailable=true` (statusLivechat 'available') and
    // `showIdleAgents=false` (a status other than offline) leave no one.
    let nobody = query::param(&pairs, "onlyAvailable") == Some("true")
        || query::param(&pairs, "showIdleAgents") == Some("false");
    let mut agents: Vec<Agent<'_>> = world
        .users
        .iter()
        .filter(|u| !nobody && u.roles.iter().any(|r| r == "livechat-agent"))
        .filter(|u| exclude.is_none_or(|e| u.id != e))
        .filter(|u| text.as_ref().is_none_or(|t| matches_text(u, t)))
        .map(|u| agent(world, u))
        .collect();
    let total = agents.len();
    agents.sort_by(|a, b| compare_by(a, b, &keys, sort_value));
    let users = slice(agents, page);
    let body = AgentsPage {
        count: users.len(),
        users,
        offset: page.offset,
        total,
        success: true,
    };
    bodies::page(operation, &body, page.assumed)
}

fn matches_text(user: &RocketChatUser, lower: &str) -> bool {
    [user.username.as_deref(), user.name.as_deref()]
        .into_iter()
        .flatten()
        .any(|field| field.to_lowercase().contains(lower))
}

fn agent<'w>(world: &'w RocketChatWorld, user: &'w RocketChatUser) -> Agent<'w> {
    Agent {
        id: &user.id,
        username: user.username.as_deref(),
        status: None,
        status_livechat: None,
        name: user.name.as_deref(),
        emails: None,
        livechat: None,
        departments: world
            .department_agents
            .iter()
            .filter(|r| r.agent_id == user.id)
            .map(|r| r.department_id.as_str())
            .collect(),
    }
}

fn sort_value<'a>(agent: &'a Agent<'a>, field: &str) -> SortValue<'a> {
    let text = |v: Option<&'a str>| v.map_or(SortValue::Missing, SortValue::Text);
    match field {
        "_id" => SortValue::Text(agent.id),
        "username" => text(agent.username),
        "name" => text(agent.name),
        _ => SortValue::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::super::query::SortKey;

    #[test]
    fn sort_keys_default_to_name() {
        assert_eq!(
            super::super::department_list::sort_keys(&[]).ok(),
            Some(vec![SortKey {
                field: "name".to_owned(),
                descending: false
            }])
        );
    }
}
