//! ChatDash: from the read-only answers of ChatDash's public API to its scenarios' variables.
//!
//! Shapes (the vendor's API reference at docs.chat-dash.com, "Get Agents" and "Get Clients";
//! only `PUT /agents/assign` is in `fixtures/vendor-docs/000_*`): `GET /v1/public/agents` →
//! `[{_id, clientId, name, platform, …}]` (`clientId`: the one client the agent is assigned
//! to); `GET /v1/public/clients` → `[{_id, name, …}]` (the top-level array is assumed).
//!
//! A server without the client list (404, 405, any refusal but 401/403) still gets a file: the
//! clients are then the ones the agents' `clientId`s name, and what they cannot give (another
//! client) is `unavailable` with the list's status as the reason.

use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::error::Error;
use super::model::{Filler, VendorSection, Wanted};

/// The agency key's environment variable.
pub(super) const AGENCY_KEY_ENV: &str = "CHATDASH_AGENCY_KEY";

/// What the read-only requests returned.
#[derive(Debug, Clone)]
pub(crate) struct ChatDashFacts {
    /// `GET /v1/public/agents`.
    pub agents: Value,
    /// `GET /v1/public/clients`, or why the server did not give it (e.g.
    /// `GET /v1/public/clients answered 404`).
    pub clients: Result<Value, Error>,
}

/// The ChatDash section for `facts`.
pub(crate) fn discover(facts: &ChatDashFacts, base_url: &str, wanted: &Wanted) -> VendorSection {
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
    // Without the list, the clients are those the agents name, in the agents' order.
    let missing_list = facts.clients.as_ref().err();
    let clients: Vec<String> = match &facts.clients {
        Ok(list) => ids(list),
        Err(_) => {
            let mut seen = Vec::new();
            for client in agents.iter().filter_map(|(_, c)| c.as_ref()) {
                if !seen.contains(client) {
                    seen.push(client.clone());
                }
            }
            seen
        }
    };
    let from_agents = |note: &str| match missing_list {
        Some(reason) => format!("{note} (an agent's clientId: {reason})"),
        None => note.to_owned(),
    };
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
                from_agents("a client with exactly one agent: assigned_agent_id"),
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
    match (clients.iter().find(|c| Some(*c) != client), missing_list) {
        (Some(c), _) => f.var("other_client_id", json!(c), from_agents("another client")),
        (None, None) => f.unavailable(
            "other_client_id",
            "the agency has one client only",
            "add a second client, then run init again",
        ),
        (None, Some(reason)) => f.unavailable(
            "other_client_id",
            reason.to_string(),
            "no agent names a second client and the client list could not be read: set it by \
             hand under `vars` to another client's id (and remove it here)",
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
    let missing_note = match missing_list {
        Some(reason) => {
            format!("no client the agents name; not checked against the list: {reason}")
        }
        None => "no client of the agency".to_owned(),
    };
    f.var(
        "missing_client_id",
        json!(unused_object_id(&clients)),
        missing_note,
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
    use super::*;

    fn wanted() -> Wanted {
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
        Wanted {
            needed: needed.iter().map(|s| (*s).to_owned()).collect(),
            sandbox: Default::default(),
            env_set: [AGENCY_KEY_ENV.to_owned()].into(),
        }
    }

    fn value(s: &VendorSection, name: &str) -> Option<Value> {
        s.vars
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.clone())
    }

    fn unavailable(s: &VendorSection) -> Vec<(&str, &str)> {
        s.unavailable
            .iter()
            .map(|u| (u.name.as_str(), u.reason.as_str()))
            .collect()
    }

    #[test]
    fn clients_and_agents_map_onto_the_scenarios_variables() {
        let facts = ChatDashFacts {
            agents: json!([{"_id": "a1", "clientId": "c2", "name": "x"}, {"_id": "a2", "clientId": null}, {"_id": "a3", "clientId": ""}]),
            clients: Ok(json!([{"_id": "c1", "name": "empty"}, {"_id": "c2", "name": "one"}])),
        };
        let s = discover(&facts, "http://cd", &wanted());
        let value = |n: &str| value(&s, n);
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

    /// The list answered 404: the clients come from the agents' `clientId`s, in agent order.
    fn without_the_list(agents: Value) -> VendorSection {
        let facts = ChatDashFacts {
            agents,
            clients: Err(Error::server("GET /v1/public/clients answered 404")),
        };
        discover(&facts, "http://cd", &wanted())
    }

    #[test]
    fn without_the_client_list_one_named_client_leaves_only_the_other_client_unavailable() {
        let s = without_the_list(json!([
            {"_id": "a1", "clientId": "c1"},
            {"_id": "a2", "clientId": null},
            {"_id": "a3", "clientId": null},
            {"_id": "a4"}
        ]));
        assert_eq!(value(&s, "client_id"), Some(json!("c1")));
        assert_eq!(value(&s, "assigned_agent_id"), Some(json!("a1")));
        assert_eq!(value(&s, "agent4_id"), Some(json!("a4")));
        assert_eq!(
            unavailable(&s),
            [("other_client_id", "GET /v1/public/clients answered 404")]
        );
        let note = |n: &str| s.vars.iter().find(|v| v.name == n).unwrap().note.clone();
        assert_eq!(
            note("client_id"),
            "a client with exactly one agent: assigned_agent_id (an agent's clientId: GET \
             /v1/public/clients answered 404)"
        );
        assert_eq!(
            note("missing_client_id"),
            "no client the agents name; not checked against the list: GET /v1/public/clients \
             answered 404"
        );
    }

    #[test]
    fn without_the_client_list_a_second_named_client_is_the_other_client() {
        let s = without_the_list(json!([
            {"_id": "a1", "clientId": "c2"},
            {"_id": "a2", "clientId": "c1"},
            {"_id": "a3", "clientId": "c1"},
            {"_id": "a4", "clientId": "c2"},
            {"_id": "a5", "clientId": "c3"}
        ]));
        // c2 and c1 have two agents each; c3 (named last) has one.
        assert_eq!(value(&s, "client_id"), Some(json!("c3")));
        assert_eq!(value(&s, "assigned_agent_id"), Some(json!("a5")));
        assert_eq!(value(&s, "other_client_id"), Some(json!("c2")));
        assert_eq!(
            unavailable(&s).iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ["agent2_id", "agent3_id", "agent4_id"]
        );
    }

    #[test]
    fn without_the_client_list_and_no_assigned_agent_every_client_variable_is_unavailable() {
        let s = without_the_list(json!([{"_id": "a1", "clientId": null}]));
        assert_eq!(
            unavailable(&s),
            [
                ("client_id", "no client has exactly one agent"),
                ("assigned_agent_id", "no client has exactly one agent"),
                ("other_client_id", "GET /v1/public/clients answered 404"),
                ("agent3_id", "too few agents assigned to no client"),
                ("agent4_id", "too few agents assigned to no client"),
            ]
        );
        assert_eq!(
            value(&s, "missing_client_id"),
            Some(json!("ffffffffffffffffff000000"))
        );
    }
}
