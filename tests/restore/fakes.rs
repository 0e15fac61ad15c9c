//! Fake staging servers for the three vendors: wiremock responders that keep their own state
//! (read it back with `state()`) and can be told to misbehave, on purpose, the ways a foreign
//! server does: ids typed differently, keys missing or extra, 429, 500, writes that change
//! nothing, reads of another shape.
//!
//! Every GET is a read and every other method a write; both are counted from 1, so a test
//! whose scenario makes one write knows that the restore's writes start at number 2, and that
//! reads go: 1 = save, 2 = before restoring, 3 = the check after writing.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How a fake misbehaves. Numbers are 1-based counts of reads or write attempts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Faults {
    /// Answer 429 (`Retry-After: 0`) to this write attempt, changing nothing.
    pub(crate) throttle_write: Option<usize>,
    /// From this write attempt on, answer this status and change nothing.
    pub(crate) fail_writes_from: Option<(usize, u16)>,
    /// From this write attempt on, answer as if done but change nothing.
    pub(crate) ignore_writes_from: Option<usize>,
    /// From this read on, answer 200 with this body instead of the state.
    pub(crate) bad_reads_from: Option<(usize, Value)>,
}

/// The vendor behind a fake: its reads and writes over its own state.
pub(crate) trait Vendor: Send + 'static {
    /// The body of a GET of `path` (with `query`), or `None` when there is no such route.
    fn read(&mut self, path: &str, query: &str) -> Option<Value>;
    /// Applies a write; the status and body to answer.
    fn write(&mut self, method: &str, path: &str, body: &Value) -> (u16, Value);
}

#[derive(Debug, Default)]
struct Counters {
    reads: usize,
    writes: usize,
}

/// A fake server for one vendor.
pub(crate) struct Fake<V> {
    state: Arc<Mutex<V>>,
    counters: Arc<Mutex<Counters>>,
    faults: Faults,
}

impl<V> Clone for Fake<V> {
    fn clone(&self) -> Self {
        Fake {
            state: Arc::clone(&self.state),
            counters: Arc::clone(&self.counters),
            faults: self.faults.clone(),
        }
    }
}

impl<V: Vendor> Fake<V> {
    /// Starts a wiremock server answering everything with `vendor`.
    pub(crate) async fn start(vendor: V, faults: Faults) -> (MockServer, Fake<V>) {
        let fake = Fake {
            state: Arc::new(Mutex::new(vendor)),
            counters: Arc::new(Mutex::new(Counters::default())),
            faults,
        };
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(fake.clone())
            .mount(&server)
            .await;
        (server, fake)
    }

    /// The vendor's state now.
    pub(crate) fn state(&self) -> std::sync::MutexGuard<'_, V> {
        self.state.lock().unwrap()
    }

    /// How many write attempts reached the fake.
    pub(crate) fn writes(&self) -> usize {
        self.counters.lock().unwrap().writes
    }
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

impl<V: Vendor> Respond for Fake<V> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().to_owned();
        let query = request.url.query().unwrap_or("").to_owned();
        let mut counters = self.counters.lock().unwrap();
        let mut state = self.state.lock().unwrap();
        if request.method.as_str() == "GET" {
            counters.reads += 1;
            if let Some((from, body)) = &self.faults.bad_reads_from
                && counters.reads >= *from
            {
                return json_answer(200, body);
            }
            return match state.read(&path, &query) {
                Some(body) => json_answer(200, &body),
                None => json_answer(404, &json!({"error": "Not found"})),
            };
        }
        counters.writes += 1;
        let n = counters.writes;
        if self.faults.throttle_write == Some(n) {
            return json_answer(429, &json!({"error": "slow down"}))
                .insert_header("Retry-After", "0");
        }
        if let Some((from, status)) = self.faults.fail_writes_from
            && n >= from
        {
            return json_answer(status, &json!({"error": "An unexpected error occurred"}));
        }
        if self.faults.ignore_writes_from.is_some_and(|from| n >= from) {
            return json_answer(200, &json!({"success": true}));
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let (status, body) = state.write(request.method.as_str(), &path, &body);
        json_answer(status, &body)
    }
}

// ---------------------------------------------------------------------------------------------
// Chatwoot

/// One Chatwoot team (`/api/v1/accounts/1/teams/{team}/team_members`).
#[derive(Debug)]
pub(crate) struct ChatwootTeam {
    team: String,
    /// The members as stored.
    pub(crate) members: Vec<Value>,
    /// The GET answers every id as a string.
    pub(crate) ids_as_strings: bool,
    /// A PATCH stores ids as sent (`"11"` stays a string); otherwise they are stored as integers.
    pub(crate) store_as_sent: bool,
    reads: u64,
}

impl ChatwootTeam {
    /// Team `team` with `members`.
    pub(crate) fn new(team: u32, members: Vec<Value>) -> ChatwootTeam {
        ChatwootTeam {
            team: team.to_string(),
            members,
            ids_as_strings: false,
            store_as_sent: false,
            reads: 0,
        }
    }

    fn path(&self) -> String {
        format!("/api/v1/accounts/1/teams/{}/team_members", self.team)
    }

    fn list(&mut self) -> Value {
        self.reads += 1;
        let reads = self.reads;
        let items: Vec<Value> = self
            .members
            .iter()
            .rev() // no ORDER BY: the order is not the membership
            .map(|id| {
                let id = match (self.ids_as_strings, id) {
                    (true, Value::Number(n)) => Value::String(n.to_string()),
                    _ => id.clone(),
                };
                // Extra keys, one of which changes on every read.
                json!({"id": id, "account_id": 1, "availability_status": "offline",
                       "name": format!("user {id}"), "last_seen_read": reads})
            })
            .collect();
        Value::Array(items)
    }
}

impl Vendor for ChatwootTeam {
    fn read(&mut self, path: &str, _query: &str) -> Option<Value> {
        (path == self.path()).then(|| self.list())
    }

    fn write(&mut self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        if method != "PATCH" || path != self.path() {
            return (404, json!({"error": "Not found"}));
        }
        let Some(ids) = body["user_ids"].as_array() else {
            return (
                500,
                json!({"status": 500, "error": "Internal Server Error"}),
            );
        };
        self.members = ids
            .iter()
            .map(|id| match (self.store_as_sent, id) {
                (false, Value::String(s)) => s.parse::<i64>().map_or(id.clone(), Value::from),
                _ => id.clone(),
            })
            .collect();
        (200, self.list())
    }
}

// ---------------------------------------------------------------------------------------------
// ChatDash

/// A ChatDash agent's assignment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Client {
    /// No `clientId` key at all.
    Absent,
    /// `clientId: null`.
    Null,
    /// Assigned.
    Id(String),
}

/// Every ChatDash agent (`/v1/public/agents`).
#[derive(Debug)]
pub(crate) struct ChatDashAgents {
    /// `_id` and assignment, in list order.
    pub(crate) agents: Vec<(String, Client)>,
    /// The GET leaves out `clientId` of unassigned agents (absent or null).
    pub(crate) omit_unassigned: bool,
    /// An unassign stores `null` (otherwise it removes the key).
    pub(crate) unassign_stores_null: bool,
}

impl ChatDashAgents {
    /// Agents `ids` with their assignments.
    pub(crate) fn new(agents: &[(&str, Client)]) -> ChatDashAgents {
        ChatDashAgents {
            agents: agents
                .iter()
                .map(|(id, c)| ((*id).to_owned(), c.clone()))
                .collect(),
            omit_unassigned: false,
            unassign_stores_null: true,
        }
    }

    /// The assignment of `agent`.
    pub(crate) fn client(&self, agent: &str) -> Option<&Client> {
        self.agents.iter().find(|(a, _)| a == agent).map(|(_, c)| c)
    }
}

impl Vendor for ChatDashAgents {
    fn read(&mut self, path: &str, _query: &str) -> Option<Value> {
        if path != "/v1/public/agents" {
            return None;
        }
        let items = self.agents.iter().map(|(id, client)| {
            let mut item = serde_json::Map::new();
            item.insert("_id".into(), json!(id));
            match client {
                Client::Id(c) => {
                    item.insert("clientId".into(), json!(c));
                }
                Client::Null if !self.omit_unassigned => {
                    item.insert("clientId".into(), Value::Null);
                }
                _ => {}
            }
            item.insert("name".into(), json!(format!("agent {id}")));
            item.insert("apiKey".into(), json!("sk-fake-agent-secret-0001"));
            Value::Object(item)
        });
        Some(Value::Array(items.collect()))
    }

    fn write(&mut self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        let client = body["clientId"].as_str().unwrap_or_default().to_owned();
        if method == "PUT" && path == "/v1/public/agents/assign" {
            let ids: Vec<String> = body["agentIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            for id in &ids {
                match self.client(id) {
                    None => return (404, json!({"error": "Agent not found"})),
                    Some(Client::Id(c)) if *c != client => {
                        return (409, json!({"error": "Agent is assigned to another client"}));
                    }
                    _ => {}
                }
            }
            for (id, c) in &mut self.agents {
                if ids.contains(id) {
                    *c = Client::Id(client.clone());
                }
            }
            return (
                200,
                json!({"message": "Agent assigned to client successfully"}),
            );
        }
        let agent = path
            .strip_prefix("/v1/public/agents/")
            .and_then(|rest| rest.strip_suffix("/unassign"));
        if let (Some(agent), "PUT") = (agent, method) {
            let freed = if self.unassign_stores_null {
                Client::Null
            } else {
                Client::Absent
            };
            return match self.agents.iter_mut().find(|(a, _)| a == agent) {
                None => (404, json!({"error": "Agent not found"})),
                Some((_, c)) if *c == Client::Id(client) => {
                    *c = freed;
                    (
                        200,
                        json!({"message": "Agent unassigned from client successfully"}),
                    )
                }
                Some(_) => (
                    409,
                    json!({"error": "Agent is not assigned to this client"}),
                ),
            };
        }
        (404, json!({"error": "Not found"}))
    }
}

// ---------------------------------------------------------------------------------------------
// Rocket.Chat

/// One Rocket.Chat department's agent records (`/api/v1/livechat/department/{id}/agents`).
#[derive(Debug)]
pub(crate) struct RocketChatDepartment {
    department: String,
    /// User id → username (upserts take the username from here, as Rocket.Chat does).
    users: BTreeMap<String, String>,
    /// Agent id → (count, order).
    pub(crate) records: BTreeMap<String, (i64, i64)>,
    upserts: u64,
}

impl RocketChatDepartment {
    /// Department `department` whose users are `users` (id, username) and records `records`.
    pub(crate) fn new(
        department: &str,
        users: &[(String, String)],
        records: &[(&str, i64, i64)],
    ) -> RocketChatDepartment {
        RocketChatDepartment {
            department: department.to_owned(),
            users: users.iter().cloned().collect(),
            records: records
                .iter()
                .map(|(id, c, o)| ((*id).to_owned(), (*c, *o)))
                .collect(),
            upserts: 0,
        }
    }

    fn path(&self) -> String {
        format!("/api/v1/livechat/department/{}/agents", self.department)
    }

    fn param(query: &str, name: &str) -> Option<usize> {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
    }
}

impl Vendor for RocketChatDepartment {
    fn read(&mut self, path: &str, query: &str) -> Option<Value> {
        if path != self.path() {
            return None;
        }
        let offset = Self::param(query, "offset").unwrap_or(0);
        let count = Self::param(query, "count").unwrap_or(50).clamp(1, 100);
        let mut all: Vec<(&String, &String, &(i64, i64))> = self
            .records
            .iter()
            .map(|(id, r)| (&self.users[id], id, r))
            .collect();
        all.sort();
        let agents: Vec<Value> = all
            .iter()
            .skip(offset)
            .take(count)
            .map(|(username, id, (c, o))| {
                json!({"_id": format!("rec-{id}"), "agentId": id, "departmentId": self.department,
                       "_updatedAt": format!("2026-11-30T00:00:{:02}.000Z", self.upserts % 60),
                       "count": c, "departmentEnabled": true, "order": o, "username": username})
            })
            .collect();
        Some(
            json!({"agents": agents, "count": agents.len(), "offset": offset,
                    "total": all.len(), "success": true}),
        )
    }

    fn write(&mut self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        if method != "POST" || path != self.path() {
            return (404, json!({"success": false, "error": "Not found"}));
        }
        let items = |key: &str| body[key].as_array().cloned().unwrap_or_default();
        for item in items("remove") {
            self.records
                .remove(item["agentId"].as_str().unwrap_or_default());
        }
        for item in items("upsert") {
            let id = item["agentId"].as_str().unwrap_or_default();
            if self.users.contains_key(id) {
                let count = item["count"].as_i64().unwrap_or(0);
                let order = item["order"].as_i64().unwrap_or(0);
                self.records.insert(id.to_owned(), (count, order));
                self.upserts += 1;
            }
        }
        (200, json!({"success": true}))
    }
}
