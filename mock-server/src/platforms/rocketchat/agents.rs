//! The department-agent records: applying a validated update (`updateDepartmentAgents` in
//! `RocketChat/Rocket.Chat@f181ce4748a41b303ff895e1f226d0b5e12bc6b2` `apps/meteor/app/livechat/server/lib/Helper.ts`;
//! `saveAgent` in `RocketChat/Rocket.Chat@026a7418e7bab4be2ae2349766a4b76881c9e2c5`
//! `packages/models/src/models/LivechatDepartmentAgents.ts`) and reading them back
//! (`findDepartmentAgents`, see `read.rs`). Pure state code: no HTTP, no validation messages.

use std::collections::HashSet;

use serde_json::Value;

use crate::clock::now_iso8601;
use crate::fast_hash::FastMap;
use crate::ids::object_id;

use super::world::{RocketChatDepartmentAgent, RocketChatWorld};

/// One upsert item, after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Upsert {
    pub(crate) agent_id: String,
    pub(crate) count: i64,
    pub(crate) order: i64,
}

/// A validated request: who to remove, then who to add or update, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AgentsUpdate {
    pub(crate) remove: Vec<String>,
    pub(crate) upsert: Vec<Upsert>,
}

impl AgentsUpdate {
    /// Reads a body that passed the item check (`agentId` strings, 32-bit integer
    /// `count`/`order`). Items that do not have that shape are skipped, never a panic.
    pub(crate) fn from_checked_body(body: &Value) -> Self {
        let items = |key: &str| -> Vec<&serde_json::Map<String, Value>> {
            body.get(key)
                .and_then(Value::as_array)
                .map(|items| items.iter().filter_map(Value::as_object).collect())
                .unwrap_or_default()
        };
        // `item.count ? parseFromIntOrStr(item.count) : 0`
        let integer = |item: &serde_json::Map<String, Value>, key: &str| {
            item.get(key)
                .and_then(Value::as_f64)
                .map_or(0, |x| x as i64)
        };
        let remove = items("remove")
            .into_iter()
            .filter_map(|item| item.get("agentId")?.as_str().map(str::to_owned))
            .collect();
        let upsert = items("upsert")
            .into_iter()
            .filter_map(|item| {
                Some(Upsert {
                    agent_id: item.get("agentId")?.as_str()?.to_owned(),
                    count: integer(item, "count"),
                    order: integer(item, "order"),
                })
            })
            .collect();
        Self { remove, upsert }
    }
}

/// `updateDepartmentAgents`: removals first, then upserts in order, then the `numAgents`
/// recount. `usernames` maps user ids to their usernames (`None`: a user without one).
pub(crate) fn apply(
    world: &mut RocketChatWorld,
    usernames: &FastMap<String, Option<String>>,
    department: usize,
    update: &AgentsUpdate,
) {
    let Some(dept) = world.departments.get(department) else {
        return;
    };
    // Borrowed (the departments and their agent records are separate lists).
    let department_id = dept.id.as_str();
    let enabled = dept.enabled;
    let records = &mut world.department_agents;

    let removed = if update.remove.is_empty() {
        0
    } else {
        let remove: HashSet<&str> = update.remove.iter().map(String::as_str).collect();
        let before = records.len();
        records.retain(|r| {
            !(r.department_id == department_id && remove.contains(r.agent_id.as_str()))
        });
        before - records.len()
    };

    let mut now: Option<String> = None;
    let mut saved = 0_usize;
    for item in &update.upsert {
        // Unknown users are skipped silently (Rocket.Chat PR #18428).
        let Some(username) = usernames.get(&item.agent_id) else {
            continue;
        };
        let updated_at: &str = now.get_or_insert_with(now_iso8601);
        let username = username.as_deref().unwrap_or_default();
        // The department's record of this agent (the last one, should there be several).
        let existing = records
            .iter()
            .rposition(|r| r.agent_id == item.agent_id && r.department_id == department_id);
        match existing {
            Some(i) => {
                // In place: the strings keep their buffers.
                let record = &mut records[i];
                replace(&mut record.username, username);
                record.department_enabled = enabled;
                record.count = item.count;
                record.order = item.order;
                replace(&mut record.updated_at, updated_at);
            }
            None => {
                records.push(RocketChatDepartmentAgent {
                    id: object_id(),
                    agent_id: item.agent_id.clone(),
                    department_id: department_id.to_owned(),
                    updated_at: updated_at.to_owned(),
                    count: item.count,
                    department_enabled: enabled,
                    order: item.order,
                    username: username.to_owned(),
                });
            }
        }
        saved += 1;
    }

    if removed > 0 || saved > 0 {
        let count = records
            .iter()
            .filter(|r| r.department_id == department_id)
            .count() as u64;
        if let Some(dept) = world.departments.get_mut(department) {
            dept.num_agents = Some(count);
            // BaseRaw.updateOne sets `_updatedAt` on every update, this one included.
            replace(&mut dept.updated_at, &now.unwrap_or_else(now_iso8601));
        }
    }
}

/// Sets `text` to `new`, reusing its buffer.
fn replace(text: &mut String, new: &str) {
    text.clear();
    text.push_str(new);
}

/// The department's records in storage order.
pub(crate) fn of_department<'w>(
    world: &'w RocketChatWorld,
    department_id: &'w str,
) -> impl Iterator<Item = &'w RocketChatDepartmentAgent> + 'w {
    world
        .department_agents
        .iter()
        .filter(move |r| r.department_id == department_id)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn checked_bodies_read_counts_and_default_to_zero() {
        let body = json!({
            "upsert": [{"agentId": "a", "count": 3}, {"agentId": "b", "order": 2.0}],
            "remove": [{"agentId": "c", "username": "x"}]
        });
        assert_eq!(
            AgentsUpdate::from_checked_body(&body),
            AgentsUpdate {
                remove: vec!["c".to_owned()],
                upsert: vec![
                    Upsert {
                        agent_id: "a".to_owned(),
                        count: 3,
                        order: 0
                    },
                    Upsert {
                        agent_id: "b".to_owned(),
                        count: 0,
                        order: 2
                    },
                ],
            }
        );
    }
}
