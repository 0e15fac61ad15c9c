//! Save and restore of group membership around a mutating scenario, per vendor, through the
//! vendor's own read-back and write endpoints. Uses these target variables:
//!
//! - rocketchat: `admin_user_id`, `admin_token`; a group is a department id. Read
//!   `GET …/department/{id}/agents`, write back with one `POST …/agents` (remove the extra
//!   agents, upsert the saved ones with their `count` and `order`).
//! - chatwoot: `account_id`, `admin_token`; a group is a team id. Read
//!   `GET …/teams/{id}/team_members`, write back with `PATCH` (replace-all).
//! - chatdash: `agency_key`; the groups are ignored: assignment is exclusive, so every agent's
//!   `clientId` from `GET /v1/public/agents` is saved, and changed agents are re-assigned or
//!   unassigned.
//!
//! After writing, the state is read again and compared, so "restored" is checked, not assumed.

// A `Failure` is the step's result data, built on the cold path only; boxing it would
// only add noise.
#![allow(clippy::result_large_err)]

use bytes::Bytes;
use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::http::{HttpClient, OutgoingRequest};
use super::result::{Failure, FailureKind, RestoreResult};
use crate::scenario::Variables;

/// Where and as whom the restore talks to the vendor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RestoreContext<'a> {
    pub(crate) client: &'a HttpClient,
    pub(crate) base_url: &'a str,
    pub(crate) vars: &'a Variables,
    pub(crate) vendor: VendorName,
}

/// The membership of each group before the scenario.
#[derive(Debug, Clone)]
pub(crate) struct Saved {
    groups: Vec<(String, Value)>,
}

fn failure(message: String) -> Failure {
    Failure::new(FailureKind::Restore, message)
}

impl RestoreContext<'_> {
    fn var(&self, name: &str) -> Result<String, Failure> {
        match self.vars.get(name) {
            Ok(Value::String(s)) => Ok(s),
            Ok(other) => Ok(other.to_string()),
            Err(e) => Err(failure(format!(
                "cannot save or restore {} membership: {e}",
                self.vendor
            ))),
        }
    }

    fn auth(&self) -> Result<Vec<(String, String)>, Failure> {
        Ok(match self.vendor {
            VendorName::RocketChat => vec![
                ("X-User-Id".to_owned(), self.var("admin_user_id")?),
                ("X-Auth-Token".to_owned(), self.var("admin_token")?),
            ],
            VendorName::Chatwoot => vec![("api_access_token".to_owned(), self.var("admin_token")?)],
            VendorName::ChatDash => vec![("Authorization".to_owned(), self.var("agency_key")?)],
        })
    }

    async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, Failure> {
        let request = OutgoingRequest {
            method: method.to_owned(),
            url: format!("{}{path}", self.base_url),
            headers: self.auth()?,
            body: body.map(|b| (Bytes::from(b.to_string()), "application/json")),
        };
        let (response, _) = self.client.send(&request).await?;
        if !(200..300).contains(&response.status) {
            return Err(failure(format!(
                "{method} {path} answered {} while saving or restoring membership",
                response.status
            )));
        }
        if response.body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&response.body).map_err(|e| {
            failure(format!(
                "{method} {path} answered a body that is not JSON: {e}"
            ))
        })
    }

    /// The canonical membership of `group` (sorted, only the fields the restore writes).
    async fn read(&self, group: &str) -> Result<Value, Failure> {
        match self.vendor {
            VendorName::RocketChat => {
                let path = format!("/api/v1/livechat/department/{group}/agents?count=100");
                let body = self.call("GET", &path, None).await?;
                let mut agents: Vec<Value> = body["agents"]
                    .as_array()
                    .ok_or_else(|| failure(format!("GET {path} has no `agents` array")))?
                    .iter()
                    .map(|a| {
                        json!({"agentId": a["agentId"], "username": a["username"],
                               "count": a["count"], "order": a["order"]})
                    })
                    .collect();
                agents.sort_by_key(|a| a["agentId"].to_string());
                Ok(Value::Array(agents))
            }
            VendorName::Chatwoot => {
                let account = self.var("account_id")?;
                let path = format!("/api/v1/accounts/{account}/teams/{group}/team_members");
                let body = self.call("GET", &path, None).await?;
                let mut ids: Vec<i64> = body
                    .as_array()
                    .ok_or_else(|| failure(format!("GET {path} is not an array")))?
                    .iter()
                    .filter_map(|m| m["id"].as_i64())
                    .collect();
                ids.sort_unstable();
                Ok(json!(ids))
            }
            VendorName::ChatDash => {
                let body = self.call("GET", "/v1/public/agents", None).await?;
                let mut agents: Vec<Value> = body
                    .as_array()
                    .ok_or_else(|| failure("GET /v1/public/agents is not an array".to_owned()))?
                    .iter()
                    .map(|a| json!({"_id": a["_id"], "clientId": a.get("clientId").cloned().unwrap_or(Value::Null)}))
                    .collect();
                agents.sort_by_key(|a| a["_id"].to_string());
                Ok(Value::Array(agents))
            }
        }
    }

    /// Writes `saved` back over the current state `now` of `group`.
    async fn write(&self, group: &str, saved: &Value, now: &Value) -> Result<(), Failure> {
        match self.vendor {
            VendorName::RocketChat => {
                let saved_items = saved.as_array().cloned().unwrap_or_default();
                let keep: Vec<&Value> = saved_items.iter().map(|a| &a["agentId"]).collect();
                let remove: Vec<Value> = now
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|a| !keep.contains(&&a["agentId"]))
                    .map(|a| json!({"agentId": a["agentId"], "username": a["username"]}))
                    .collect();
                let body = json!({"upsert": saved_items, "remove": remove});
                let path = format!("/api/v1/livechat/department/{group}/agents");
                self.call("POST", &path, Some(&body)).await.map(drop)
            }
            VendorName::Chatwoot => {
                let account = self.var("account_id")?;
                let path = format!("/api/v1/accounts/{account}/teams/{group}/team_members");
                self.call("PATCH", &path, Some(&json!({"user_ids": saved})))
                    .await
                    .map(drop)
            }
            VendorName::ChatDash => {
                let before = saved.as_array().cloned().unwrap_or_default();
                let after = now.as_array().cloned().unwrap_or_default();
                for agent in &after {
                    let old = before
                        .iter()
                        .find(|b| b["_id"] == agent["_id"])
                        .map_or(Value::Null, |b| b["clientId"].clone());
                    if old == agent["clientId"] {
                        continue;
                    }
                    let id = agent["_id"].as_str().unwrap_or_default();
                    if old.is_null() {
                        let path = format!("/v1/public/agents/{id}/unassign");
                        self.call("PUT", &path, Some(&json!({"clientId": agent["clientId"]})))
                            .await?;
                    } else {
                        let body = json!({"agentIds": [id], "clientId": old});
                        self.call("PUT", "/v1/public/agents/assign", Some(&body))
                            .await?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Saves the membership of every group (for ChatDash: of every agent, once).
    pub(crate) async fn save(&self, groups: &[String]) -> Result<Saved, Failure> {
        let groups: Vec<String> = match self.vendor {
            VendorName::ChatDash => vec!["agents".to_owned()],
            _ => groups.to_vec(),
        };
        let mut saved = Vec::with_capacity(groups.len());
        for group in groups {
            let state = self.read(&group).await?;
            saved.push((group, state));
        }
        Ok(Saved { groups: saved })
    }

    /// Writes every saved group back when it changed, then checks that it is back.
    pub(crate) async fn restore(&self, saved: &Saved) -> RestoreResult {
        let mut failures = Vec::new();
        for (group, before) in &saved.groups {
            let outcome = async {
                let now = self.read(group).await?;
                if now == *before {
                    return Ok(());
                }
                self.write(group, before, &now).await?;
                let after = self.read(group).await?;
                if after == *before {
                    Ok(())
                } else {
                    Err(failure(format!(
                        "group `{group}` is {after} after the restore, not {before}"
                    ))
                    .with_values(before.to_string(), after.to_string()))
                }
            }
            .await;
            if let Err(f) = outcome {
                failures.push(f);
            }
        }
        RestoreResult {
            groups: saved.groups.iter().map(|(g, _)| g.clone()).collect(),
            restored: failures.is_empty(),
            failures,
        }
    }
}
