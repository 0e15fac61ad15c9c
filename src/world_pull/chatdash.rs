//! ChatDash: the agency's agents and clients, as the `chatdash` section of a world.
//!
//! Reads (GET only, with the agency key): `GET /v1/public/agents` and `GET /v1/public/clients`
//! (the vendor's API reference at docs.chat-dash.com, "Get Agents" and "Get Clients"). Agents
//! come back with their secrets (`apiKey`, `platformCredentials`): each is replaced by a
//! generated value and named in the map (`chatdash.agents[ID].apiKey (returned by the server)`).
//! Without a client list (any refusal but 401/403) the clients are the ones the agents name,
//! with their id as name (assumed).

use rosterwire_mock::VendorName;
use serde_json::{Map, Value, json};

use super::credentials::Credentials;
use crate::runner::{HttpClient, Redactor};
use crate::targets::{Error, Read, Reader};

/// What was read.
#[derive(Debug, Clone, Default)]
pub(super) struct ChatDashRead {
    /// `GET /v1/public/agents`.
    pub(crate) agents: Vec<Value>,
    /// `GET /v1/public/clients`, when the server has it.
    pub(crate) clients: Option<Vec<Value>>,
}

/// Reads the agents and clients with the agency key.
///
/// # Errors
/// No agency key, a transport failure, or a refusal of the agents.
pub(super) async fn read(
    client: &HttpClient,
    base_url: &str,
    credentials: &Credentials,
    redactor: &Redactor,
) -> Result<ChatDashRead, Error> {
    let key = credentials
        .real(VendorName::ChatDash, "agency_key")
        .ok_or_else(|| {
            Error::bad_input("chatdash: the target needs `agency_key` to pull the world")
        })?;
    let reader = Reader {
        client,
        base_url,
        headers: vec![("Authorization".to_owned(), key.to_owned())],
        redactor,
    };
    let agents = reader.get("/v1/public/agents").await?;
    let clients = match reader.read("/v1/public/clients").await? {
        Read::Json(list) => Some(list.as_array().cloned().unwrap_or_default()),
        Read::Refused {
            status: status @ (401 | 403),
            body,
        } => {
            return Err(reader.refusal("/v1/public/clients", status, &body));
        }
        Read::Refused { .. } => None,
    };
    Ok(ChatDashRead {
        agents: agents.as_array().cloned().unwrap_or_default(),
        clients,
    })
}

/// The `chatdash` world section; the agency key and the agents' secrets are replaced.
pub(super) fn section(read: &ChatDashRead, credentials: &mut Credentials) -> Value {
    let key = credentials.replace_variable(VendorName::ChatDash, "agency_key");
    let clients: Vec<Value> = match &read.clients {
        Some(list) => list
            .iter()
            .map(|c| pick(c, &["_id", "name", "language", "isSaasClient"]))
            .collect(),
        None => {
            let mut named: Vec<Value> = Vec::new();
            for id in read
                .agents
                .iter()
                .filter_map(|a| a.get("clientId")?.as_str())
            {
                if !id.is_empty() && !named.iter().any(|c| c["_id"] == id) {
                    named.push(json!({"_id": id, "name": id}));
                }
            }
            named
        }
    };
    let agents: Vec<Value> = read
        .agents
        .iter()
        .map(|a| {
            let id = a.get("_id").and_then(Value::as_str).unwrap_or_default();
            let mut agent = pick(a, &["_id", "clientId", "name", "platform", "apiId"]);
            if let Value::Object(map) = &mut agent {
                let secret = |c: &mut Credentials, field: &str| {
                    json!(
                        c.replace_returned(VendorName::ChatDash, &format!("agents[{id}].{field}"))
                    )
                };
                map.insert("apiKey".into(), secret(credentials, "apiKey"));
                map.insert(
                    "platformCredentials".into(),
                    json!({
                        "botId": secret(credentials, "platformCredentials.botId"),
                        "workspaceId": secret(credentials, "platformCredentials.workspaceId"),
                    }),
                );
                if let Some(config) = a.get("agentConfig") {
                    map.insert(
                        "agentConfig".into(),
                        pick(
                            config,
                            &[
                                "usingExternalWidget",
                                "useImportWebhook",
                                "isTemplate",
                                "isSaas",
                            ],
                        ),
                    );
                }
            }
            agent
        })
        .collect();
    json!({"agencyApiKeys": [key], "clients": clients, "agents": agents})
}

/// `keys` of `value` that are present (a `null` `clientId` is kept: it means unassigned).
fn pick(value: &Value, keys: &[&str]) -> Value {
    let map: Map<String, Value> = keys
        .iter()
        .filter_map(|k| Some(((*k).to_owned(), value.get(*k)?.clone())))
        .collect();
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_keep_their_ids_and_lose_their_secrets() {
        let read = ChatDashRead {
            agents: vec![
                json!({"_id": "60aa00000000000000000001", "clientId": "5f0c1a2b3c4d5e6f70819201", "name": "A", "platform": "openai", "apiId": "x", "apiKey": "real-key", "platformCredentials": {"botId": "real-bot", "workspaceId": "real-ws"}, "agentConfig": {"isSaas": true}}),
            ],
            clients: None,
        };
        let mut credentials = Credentials::default();
        let s = section(&read, &mut credentials);
        let text = s.to_string();
        assert!(!text.contains("real-"), "{text}");
        assert_eq!(
            s["clients"],
            json!([{"_id": "5f0c1a2b3c4d5e6f70819201", "name": "5f0c1a2b3c4d5e6f70819201"}])
        );
        assert_eq!(credentials.list().len(), 4);
        let world = json!({"chatdash": s});
        rosterwire_mock::World::from_json(world.to_string().as_bytes()).unwrap();
    }
}
