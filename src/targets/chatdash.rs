//! ChatDash: from the read-only answers of ChatDash's public API to its scenarios' variables.
//!
//! Shapes (the vendor's API reference at docs.chat-dash.com, "Get Agents" and "Get Clients";
//! only `PUT /agents/assign` is in `fixtures/vendor-docs/000_*`): `GET /v1/public/agents` →
//! `[{_id, clientId, name, platform, …}]` (`clientId`: the one client the agent is assigned
//! to); `GET /v1/public/clients` → `[{_id, name, …}]` (the top-level array is assumed).

use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::model::{Filler, VendorSection, Wanted};

/// The agency key's environment variable.
pub(super) const AGENCY_KEY_ENV: &str = "CHATDASH_AGENCY_KEY";

/// What the read-only requests returned.
#[derive(Debug, Clone, Default)]
pub struct ChatDashFacts {
    /// `GET /v1/public/agents`.
    pub agents: Value,
    /// `GET /v1/public/clients`.
    pub clients: Value,
}

/// The ChatDash section for `facts`.
pub fn discover(facts: &ChatDashFacts, base_url: &str, wanted: &Wanted) -> VendorSection {
    let mut f = Filler::new(VendorName::ChatDash, base_url, wanted);
    f.secret("agency_key", AGENCY_KEY_ENV, "agency API key");
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| Some(x.get("_id")?.as_str()?.to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let clients = ids(&facts.clients);
    let agents: Vec<(String, Option<String>)> = facts
        .agents
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    let id = x.get("_id")?.as_str()?.to_owned();
                    let client = x
                        .get("clientId")
                        .and_then(Value::as_str)
                        .filter(|c| !c.is_empty());
                    Some((id, client.map(str::to_owned)))
                })
                .collect()
        })
        .unwrap_or_default();
    let agents_of = |c: &str| -> Vec<&String> {
        agents
            .iter()
            .filter(|(_, cl)| cl.as_deref() == Some(c))
            .map(|(id, _)| id)
            .collect()
    };
    let client = clients.iter().find(|c| agents_of(c).len() == 1);
    match client {
        Some(c) => {
            f.var(
                "client_id",
                json!(c),
                "a client with exactly one agent: assigned_agent_id",
            );
            f.var(
                "assigned_agent_id",
                json!(agents_of(c)[0]),
                "the one agent of client_id",
            );
        }
        None => {
            for name in ["client_id", "assigned_agent_id"] {
                f.unavailable(
                    name,
                    "no client has exactly one agent",
                    "assign exactly one agent to a client, then run init again",
                );
            }
        }
    }
    match clients.iter().find(|c| Some(*c) != client) {
        Some(c) => f.var("other_client_id", json!(c), "another client"),
        None => f.unavailable(
            "other_client_id",
            "the agency has one client only",
            "add a second client, then run init again",
        ),
    }
    let mut free = agents.iter().filter(|(_, c)| c.is_none()).map(|(id, _)| id);
    for name in ["agent2_id", "agent3_id", "agent4_id"] {
        match free.next() {
            Some(id) => f.var(name, json!(id), "an agent assigned to no client"),
            None => f.unavailable(
                name,
                "too few agents assigned to no client",
                "add an agent or unassign one, then run init again",
            ),
        }
    }
    let all_agents: Vec<String> = agents.iter().map(|(id, _)| id.clone()).collect();
    f.var(
        "missing_client_id",
        json!(unused_object_id(&clients)),
        "no client of the agency",
    );
    f.var(
        "missing_agent_id",
        json!(unused_object_id(&all_agents)),
        "no agent of the agency",
    );
    f.finish()
}

/// A 24-hex id (a MongoDB ObjectId's shape) not in `ids`.
fn unused_object_id(ids: &[String]) -> String {
    (0u32..)
        .map(|n| format!("ffffffffffffffffff{n:06x}"))
        .find(|c| !ids.contains(c))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn clients_and_agents_map_onto_the_scenarios_variables() {
        let facts = ChatDashFacts {
            agents: json!([{"_id": "a1", "clientId": "c2", "name": "x"}, {"_id": "a2", "clientId": null}, {"_id": "a3", "clientId": ""}]),
            clients: json!([{"_id": "c1", "name": "empty"}, {"_id": "c2", "name": "one"}]),
        };
        let needed = [
            "client_id",
            "assigned_agent_id",
            "other_client_id",
            "agent2_id",
            "agent3_id",
            "agent4_id",
            "missing_client_id",
            "agency_key",
        ];
        let wanted = Wanted {
            needed: needed.iter().map(|s| (*s).to_owned()).collect(),
            sandbox: Default::default(),
            env_set: [AGENCY_KEY_ENV.to_owned()].into(),
        };
        let s = discover(&facts, "http://cd", &wanted);
        let value = |n: &str| s.vars.iter().find(|v| v.name == n).map(|v| v.value.clone());
        assert_eq!(value("client_id"), Some(json!("c2")));
        assert_eq!(value("assigned_agent_id"), Some(json!("a1")));
        assert_eq!(value("other_client_id"), Some(json!("c1")));
        assert_eq!(value("agent2_id"), Some(json!("a2")));
        assert_eq!(value("agent3_id"), Some(json!("a3")));
        assert_eq!(
            value("missing_client_id"),
            Some(json!("ffffffffffffffffff000000"))
        );
        assert_eq!(
            s.unavailable
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>(),
            ["agent4_id"]
        );
    }
}
