//! The calls that write a saved membership back over the current one, per vendor. Planning
//! is pure (saved + current → calls); `mod.rs` sends them.
//!
//! - Rocket.Chat: one `POST /api/v1/livechat/department/{id}/agents` with `remove` = the agents
//!   present now but not saved (`agentId` + `username`) and `upsert` = the saved records that are
//!   missing or differ, each with `agentId`, `username`, `count` and `order` exactly as read.
//!   `username` is required by the vendor's documents (`fixtures/vendor-docs/001_e857b2ad21adaad3.txt`,
//!   `002_95bc54d6468f1b77.txt`); an upsert without `count`/`order` resets them to 0
//!   (`RocketChat/Rocket.Chat apps/meteor/app/livechat/server/lib/Helper.ts
//!   @f181ce4748a41b303ff895e1f226d0b5e12bc6b2`, `updateDepartmentAgents`), so both are always sent.
//! - Chatwoot: one `PATCH /api/v1/accounts/{account}/teams/{id}/team_members` with the saved
//!   ids (replace-all, `fixtures/vendor-docs/003_c51b8cda4cd23625.txt`), as integers where the
//!   saved id is one or is a string of digits ([`TypedId::to_write`]).
//! - ChatDash, per agent whose assignment differs (absent and `null` both mean "not
//!   assigned"): `PUT /v1/public/agents/{agentId}/unassign` `{clientId: <current>}` when it is
//!   assigned now, then `PUT /v1/public/agents/assign` `{agentIds: [id], clientId: <saved>}` when
//!   it was assigned before (`fixtures/vendor-docs/000_e3bda07a8e530ff9.txt` and the unassign
//!   page it links). Unassigning first matters: an agent belongs to one client only.
//!   An agent that is gone, or new, cannot be written back; the comparison reports it.

use serde_json::{Value, json};

use super::membership::{Membership, integer_value};

/// One write call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WriteCall {
    /// The method.
    pub(crate) method: &'static str,
    /// The path under the vendor's base URL.
    pub(crate) path: String,
    /// The JSON body.
    pub(crate) body: Value,
}

/// Where a vendor's group lives: the paths the restore reads and writes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GroupPath<'a> {
    /// A Rocket.Chat department.
    Department(&'a str),
    /// A Chatwoot team of an account.
    Team {
        /// The account id.
        account: &'a str,
        /// The team id.
        team: &'a str,
    },
    /// Every ChatDash agent.
    Agents,
}

impl GroupPath<'_> {
    /// The base path of the group's reads (and, but for ChatDash, of its write).
    pub(crate) fn members(&self) -> String {
        match self {
            GroupPath::Department(id) => format!("/api/v1/livechat/department/{id}/agents"),
            GroupPath::Team { account, team } => {
                format!("/api/v1/accounts/{account}/teams/{team}/team_members")
            }
            GroupPath::Agents => "/v1/public/agents".to_owned(),
        }
    }
}

/// The calls that turn `now` back into `saved` (none when nothing can or needs to be written).
pub(crate) fn plan(group: GroupPath<'_>, saved: &Membership, now: &Membership) -> Vec<WriteCall> {
    match (saved, now) {
        (Membership::RocketChat(saved), Membership::RocketChat(now)) => {
            let remove: Vec<Value> = now
                .iter()
                .filter(|(id, _)| !saved.contains_key(*id))
                .map(|(id, r)| json!({"agentId": id, "username": r.username}))
                .collect();
            let upsert: Vec<Value> = saved
                .iter()
                .filter(|(id, r)| now.get(*id) != Some(r))
                .map(|(id, r)| {
                    json!({"agentId": id, "username": r.username,
                           "count": integer_value(r.count), "order": integer_value(r.order)})
                })
                .collect();
            if remove.is_empty() && upsert.is_empty() {
                return Vec::new();
            }
            vec![WriteCall {
                method: "POST",
                path: group.members(),
                body: json!({"upsert": upsert, "remove": remove}),
            }]
        }
        (Membership::Chatwoot(saved), Membership::Chatwoot(_)) => {
            let ids: Vec<Value> = saved.iter().map(|id| id.to_write()).collect();
            vec![WriteCall {
                method: "PATCH",
                path: group.members(),
                body: json!({"user_ids": ids}),
            }]
        }
        (Membership::ChatDash(saved), Membership::ChatDash(now)) => {
            let mut calls = Vec::new();
            for (agent, before) in saved {
                let Some(current) = now.get(agent) else {
                    continue;
                };
                let (before, current) = (before.assigned(), current.assigned());
                if before == current {
                    continue;
                }
                if let Some(client) = current {
                    calls.push(WriteCall {
                        method: "PUT",
                        path: format!("/v1/public/agents/{}/unassign", segment(agent)),
                        body: json!({"clientId": client}),
                    });
                }
                if let Some(client) = before {
                    calls.push(WriteCall {
                        method: "PUT",
                        path: "/v1/public/agents/assign".to_owned(),
                        body: json!({"agentIds": [agent], "clientId": client}),
                    });
                }
            }
            calls
        }
        _ => Vec::new(),
    }
}

/// `text` as one URL path segment: unreserved characters as they are, the rest percent-encoded
/// (an id read from a server must not add segments or a query to the path).
pub(crate) fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::runner::restore::membership::{AgentRecord, ClientField, TypedId};

    #[test]
    fn chatwoot_replaces_the_team_with_the_saved_ids_as_integers() {
        let saved = Membership::Chatwoot(vec![TypedId::Integer(11), TypedId::Text("12".into())]);
        let now = Membership::Chatwoot(vec![TypedId::Integer(13)]);
        let team = GroupPath::Team {
            account: "1",
            team: "2",
        };
        assert_eq!(
            plan(team, &saved, &now),
            vec![WriteCall {
                method: "PATCH",
                path: "/api/v1/accounts/1/teams/2/team_members".into(),
                body: json!({"user_ids": [11, 12]}),
            }]
        );
    }

    #[test]
    fn chatdash_unassigns_before_it_assigns_and_skips_agents_it_cannot_write() {
        let saved = Membership::ChatDash(BTreeMap::from([
            ("a1".to_owned(), ClientField::Client("c1".into())),
            ("a2".to_owned(), ClientField::Absent),
            ("a3".to_owned(), ClientField::Client("c1".into())),
            ("a4".to_owned(), ClientField::Null),
            ("gone".to_owned(), ClientField::Client("c1".into())),
        ]));
        let now = Membership::ChatDash(BTreeMap::from([
            ("a1".to_owned(), ClientField::Client("c2".into())),
            ("a2".to_owned(), ClientField::Client("c1".into())),
            ("a3".to_owned(), ClientField::Null),
            ("a4".to_owned(), ClientField::Absent),
            ("new".to_owned(), ClientField::Client("c1".into())),
        ]));
        let calls: Vec<(String, Value)> = plan(GroupPath::Agents, &saved, &now)
            .into_iter()
            .map(|c| (format!("{} {}", c.method, c.path), c.body))
            .collect();
        assert_eq!(
            calls,
            vec![
                (
                    "PUT /v1/public/agents/a1/unassign".into(),
                    json!({"clientId": "c2"})
                ),
                (
                    "PUT /v1/public/agents/assign".into(),
                    json!({"agentIds": ["a1"], "clientId": "c1"})
                ),
                (
                    "PUT /v1/public/agents/a2/unassign".into(),
                    json!({"clientId": "c1"})
                ),
                (
                    "PUT /v1/public/agents/assign".into(),
                    json!({"agentIds": ["a3"], "clientId": "c1"})
                ),
            ]
        );
    }

    #[test]
    fn rocketchat_removes_extras_and_upserts_only_what_differs_with_every_field() {
        let rec = |u: &str, count, order| AgentRecord {
            username: u.into(),
            count,
            order,
        };
        let saved = Membership::RocketChat(BTreeMap::from([
            ("kim".to_owned(), rec("agent.kim", 5, 1)),
            ("lee".to_owned(), rec("agent.lee", 0, 0)),
        ]));
        let now = Membership::RocketChat(BTreeMap::from([
            ("kim".to_owned(), rec("agent.kim", 0, 0)),
            ("lee".to_owned(), rec("agent.lee", 0, 0)),
            ("bo".to_owned(), rec("agent.bo", 0, 0)),
        ]));
        let calls = plan(GroupPath::Department("D"), &saved, &now);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].path, "/api/v1/livechat/department/D/agents");
        assert_eq!(
            calls[0].body.to_string(),
            r#"{"upsert":[{"agentId":"kim","username":"agent.kim","count":5,"order":1}],"remove":[{"agentId":"bo","username":"agent.bo"}]}"#
        );
        assert!(plan(GroupPath::Department("D"), &saved, &saved).is_empty());
    }

    #[test]
    fn ids_from_a_server_stay_one_path_segment() {
        assert_eq!(segment("65a1b2c3"), "65a1b2c3");
        assert_eq!(segment("a/b?c d"), "a%2Fb%3Fc%20d");
    }
}
