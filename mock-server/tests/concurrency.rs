//! Hundreds of simultaneous mutations of one group, through a real `MockServer` on 127.0.0.1:
//! the final state (and every answer) must be one that some serial order of the same requests
//! gives.
//!
//! Each test sends `REQUESTS` requests at once (bounded; each with a timeout) from a seeded
//! random generator, so a failure is reproducible.

#![allow(clippy::unwrap_used)] // helpers outside #[test] functions unwrap too

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rosterwire_mock::{Fidelity, FidelityProfile, MockConfig, MockServer};
use serde_json::{Value, json};

/// Simultaneous requests per test.
const REQUESTS: usize = 300;
/// A request that takes longer than this fails the test instead of hanging it.
const TIMEOUT: Duration = Duration::from_secs(20);

async fn server() -> MockServer {
    MockServer::start(MockConfig::new().with_fidelity(FidelityProfile::all(Fidelity::Observed)))
        .await
        .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(TIMEOUT).build().unwrap()
}

/// Sends every request at once and returns (status, body) in request order.
async fn send_all(requests: Vec<reqwest::RequestBuilder>) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let bytes = response.bytes().await.unwrap();
                let body = if bytes.is_empty() {
                    Value::Null
                } else {
                    serde_json::from_slice(&bytes).unwrap()
                };
                (status, body)
            })
        })
        .collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

fn ids(agents: &Value, key: &str) -> BTreeSet<i64> {
    agents
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[key].as_i64().unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Chatwoot: PATCH replaces the whole team
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_chatwoot_patches_leave_exactly_one_of_the_sent_member_sets() {
    // Arrange: random subsets of account 1's users (1..=7), one per request.
    let server = server().await;
    let client = client();
    let url = format!("{}/api/v1/accounts/1/teams/1/team_members", server.uri());
    let mut rng = fastrand::Rng::with_seed(6);
    let sent: Vec<BTreeSet<i64>> = (0..REQUESTS)
        .map(|_| (1..=7).filter(|_| rng.bool()).collect())
        .collect();
    let requests = sent
        .iter()
        .map(|set| {
            client
                .patch(&url)
                .header("api_access_token", "cw-acme-admin-token")
                .json(&json!({ "user_ids": set }))
        })
        .collect();
    // Act
    let answers = send_all(requests).await;
    // Assert: each PATCH answered exactly its own set (it ran alone under the lock) …
    for (set, (status, body)) in sent.iter().zip(&answers) {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(&ids(body, "id"), set);
    }
    // … and the team is one of the sent sets, with no duplicate member.
    let (status, listed) = send_all(vec![
        client
            .get(&url)
            .header("api_access_token", "cw-acme-admin-token"),
    ])
    .await
    .remove(0);
    assert_eq!(status, 200);
    let members = ids(&listed, "id");
    assert_eq!(members.len(), listed.as_array().unwrap().len(), "{listed}");
    assert!(sent.contains(&members), "{members:?} was never sent");
    let world = server.world().chatwoot;
    let in_world = world.team_members.iter().filter(|m| m.team_id == 1).count();
    assert_eq!(in_world, members.len());
    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Rocket.Chat: upserts and removals on one department
// ---------------------------------------------------------------------------------------------

const RC_AGENTS: [&str; 5] = [
    "6529401b024dde05d3f1cd85",
    "6529401b024dde05d3f1cd86",
    "6529401b024dde05d3f1cd87",
    "6529401b024dde05d3f1cd88",
    "6529401b024dde05d3f1cd89",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_rocketchat_posts_keep_num_agents_equal_to_records_that_some_request_wrote() {
    // Arrange: request i upserts some agents with `count` = `order` = i + 1 and removes others,
    // so every record names the request that wrote it last.
    let server = server().await;
    let client = client();
    let department = "649230d479f5c6e276cf4a12";
    let url = format!(
        "{}/api/v1/livechat/department/{department}/agents",
        server.uri()
    );
    let mut rng = fastrand::Rng::with_seed(7);
    let mut upserted: Vec<BTreeSet<&str>> = Vec::new();
    let mut requests = Vec::new();
    for i in 0..REQUESTS {
        let mut upsert = Vec::new();
        let mut remove = Vec::new();
        for agent in RC_AGENTS {
            match rng.u8(0..3) {
                0 => upsert.push(
                    json!({ "agentId": agent, "username": "x", "count": i + 1, "order": i + 1 }),
                ),
                1 => remove.push(json!({ "agentId": agent, "username": "x" })),
                _ => {}
            }
        }
        upserted.push(
            upsert
                .iter()
                .map(|u| {
                    let id = u["agentId"].as_str().unwrap();
                    RC_AGENTS.into_iter().find(|a| *a == id).unwrap()
                })
                .collect(),
        );
        requests.push(
            client
                .post(&url)
                .header("x-user-id", "adminKq3Lw8ZpR2xT")
                .header("x-auth-token", "rc-admin-token-9f2c1e7b4d")
                .json(&json!({ "upsert": upsert, "remove": remove })),
        );
    }
    // Act
    let answers = send_all(requests).await;
    // Assert
    for (status, body) in &answers {
        assert_eq!((*status, body), (200, &json!({ "success": true })));
    }
    let listed = send_all(vec![
        client
            .get(format!(
                "{}/api/v1/livechat/department/{department}",
                server.uri()
            ))
            .header("x-user-id", "adminKq3Lw8ZpR2xT")
            .header("x-auth-token", "rc-admin-token-9f2c1e7b4d"),
    ])
    .await
    .remove(0)
    .1;
    let records = listed["agents"].as_array().unwrap();
    let num_agents = listed["department"]["numAgents"].as_u64().unwrap();
    assert_eq!(num_agents, records.len() as u64, "{listed}");
    let in_world = serde_json::to_value(server.world().rocketchat).unwrap()["departmentAgents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["departmentId"] == department)
        .count();
    assert_eq!(in_world, records.len());
    let mut seen = BTreeMap::new();
    for record in records {
        let agent = record["agentId"].as_str().unwrap();
        assert!(seen.insert(agent, ()).is_none(), "two records of {agent}");
        let writer = usize::try_from(record["count"].as_u64().unwrap()).unwrap() - 1;
        assert_eq!(record["order"], record["count"]);
        assert!(
            upserted[writer].contains(agent),
            "request {writer} did not upsert {agent}"
        );
    }
    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// ChatDash: exclusive assignment, then exactly-once unassignment
// ---------------------------------------------------------------------------------------------

const CD_AGENTS: [&str; 4] = [
    "65a1b2c3d4e5f6a7b8c9d0e1",
    "65a1b2c3d4e5f6a7b8c9d0e2",
    "65a1b2c3d4e5f6a7b8c9d0e3",
    "65a1b2c3d4e5f6a7b8c9d0e4",
];
const CLIENTS: [&str; 2] = ["64b7f0c2a1e4d5f6a7b8c9d0", "64b7f0c2a1e4d5f6a7b8c9d1"];

async fn chatdash_assignments(server: &MockServer, client: &reqwest::Client) -> Vec<Value> {
    let (status, agents) = send_all(vec![
        client
            .get(format!("{}/v1/public/agents", server.uri()))
            .header("authorization", "cd-agency-key-7f3a9b"),
    ])
    .await
    .remove(0);
    assert_eq!(status, 200);
    CD_AGENTS
        .iter()
        .map(|id| {
            let agents = agents.as_array().unwrap();
            agents.iter().find(|a| a["_id"] == *id).unwrap()["clientId"].clone()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_chatdash_assigns_and_unassigns_agree_with_a_serial_order() {
    // Arrange: assigns of random agent sets to random clients (no unassign yet, so once an
    // agent has a client it keeps it).
    let server = server().await;
    let client = client();
    let assign_url = format!("{}/v1/public/agents/assign", server.uri());
    let mut rng = fastrand::Rng::with_seed(8);
    let sent: Vec<(Vec<usize>, usize)> = (0..REQUESTS)
        .map(|_| {
            let mut agents: Vec<usize> = (0..4).filter(|_| rng.u8(0..3) == 0).collect();
            if agents.is_empty() {
                agents.push(rng.usize(0..4));
            }
            (agents, rng.usize(0..2))
        })
        .collect();
    let requests = sent
        .iter()
        .map(|(agents, target)| {
            let ids: Vec<&str> = agents.iter().map(|a| CD_AGENTS[*a]).collect();
            client
                .put(&assign_url)
                .header("authorization", "cd-agency-key-7f3a9b")
                .json(&json!({ "agentIds": ids, "clientId": CLIENTS[*target] }))
        })
        .collect();
    // Act
    let answers = send_all(requests).await;
    // Assert: an accepted assign's agents all ended with its client; a refused one had an agent
    // that ended with the other client.
    let finals = chatdash_assignments(&server, &client).await;
    for ((agents, target), (status, body)) in sent.iter().zip(&answers) {
        let ends_with_target = |a: &usize| finals[*a] == CLIENTS[*target];
        match status {
            200 => assert!(agents.iter().all(ends_with_target), "{agents:?} {body}"),
            409 => assert!(
                agents
                    .iter()
                    .any(|a| !ends_with_target(a) && !finals[*a].is_null()),
                "{agents:?} {body}"
            ),
            other => panic!("unexpected {other}: {body}"),
        }
    }

    // Arrange: every agent unassigned from both clients, many times over.
    let requests = (0..REQUESTS)
        .map(|i| {
            let (agent, target) = (i % 4, (i / 4) % 2);
            client
                .put(format!(
                    "{}/v1/public/agents/{}/unassign",
                    server.uri(),
                    CD_AGENTS[agent]
                ))
                .header("authorization", "cd-agency-key-7f3a9b")
                .json(&json!({ "clientId": CLIENTS[target] }))
        })
        .collect();
    // Act
    let answers = send_all(requests).await;
    // Assert: exactly one unassign per assigned agent succeeded, every other one conflicted.
    let freed = answers.iter().filter(|(status, _)| *status == 200).count();
    let conflicts = answers.iter().filter(|(status, _)| *status == 409).count();
    let assigned = finals.iter().filter(|c| !c.is_null()).count();
    assert_eq!((freed, conflicts), (assigned, REQUESTS - assigned));
    let after = chatdash_assignments(&server, &client).await;
    assert!(after.iter().all(Value::is_null), "{after:?}");
    server.shutdown().await;
}
