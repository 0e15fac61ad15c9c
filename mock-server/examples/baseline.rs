//! The benchmark baseline: a minimal hyper 1 + serde_json server answering the three vendors'
//! mutating endpoints with the least work that is still honest (auth lookup, JSON parse, a
//! `Mutex<HashMap>` state change, a serialized answer). `bench/load.sh` compares
//! `rosterwire serve` against it; it is not a mock and has none of the vendors' rules.
//!
//! Run: `cargo run --release -p rosterwire-mock --example baseline -- 127.0.0.1:4020`

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde_json::Value;

#[derive(Default)]
struct State {
    /// Rocket.Chat: (department, agent) → (count, order).
    rocketchat: HashMap<(String, String), (i64, i64)>,
    /// Chatwoot: team → member ids.
    chatwoot: HashMap<u64, Vec<u64>>,
    /// ChatDash: agent → client.
    chatdash: HashMap<String, String>,
}

fn json(status: StatusCode, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn handle(
    state: &Mutex<State>,
    method: &hyper::Method,
    path: &str,
    headers: &hyper::HeaderMap,
    body: &[u8],
) -> Response<Full<Bytes>> {
    let segments: Vec<&str> = path.split('/').collect();
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    match (method.as_str(), segments.as_slice()) {
        (
            "POST",
            [
                "",
                "api",
                "v1",
                "livechat",
                "department",
                department,
                "agents",
            ],
        ) => {
            let authorized = headers
                .get("x-user-id")
                .is_some_and(|v| v == "adminKq3Lw8ZpR2xT")
                && headers
                    .get("x-auth-token")
                    .is_some_and(|v| v == "rc-admin-token-9f2c1e7b4d");
            if !authorized {
                return json(StatusCode::UNAUTHORIZED, br#"{"success":false}"#.to_vec());
            }
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            for item in parsed["remove"].as_array().into_iter().flatten() {
                if let Some(agent) = item["agentId"].as_str() {
                    state
                        .rocketchat
                        .remove(&((*department).to_owned(), agent.to_owned()));
                }
            }
            for item in parsed["upsert"].as_array().into_iter().flatten() {
                if let Some(agent) = item["agentId"].as_str() {
                    let count = item["count"].as_i64().unwrap_or(0);
                    let order = item["order"].as_i64().unwrap_or(0);
                    state
                        .rocketchat
                        .insert(((*department).to_owned(), agent.to_owned()), (count, order));
                }
            }
            json(StatusCode::OK, br#"{"success":true}"#.to_vec())
        }
        (
            "PATCH",
            [
                "",
                "api",
                "v1",
                "accounts",
                _account,
                "teams",
                team,
                "team_members",
            ],
        ) => {
            if headers
                .get("api_access_token")
                .is_none_or(|v| v != "cw-acme-admin-token")
            {
                return json(
                    StatusCode::UNAUTHORIZED,
                    br#"{"error":"Invalid Access Token"}"#.to_vec(),
                );
            }
            let team: u64 = team.parse().unwrap_or(0);
            let ids: Vec<u64> = parsed["user_ids"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
                .collect();
            let mut seen = HashSet::new();
            let members: Vec<u64> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
            let body = serde_json::to_vec(&members.iter().map(|id| serde_json::json!({"id": id, "account_id": 1, "name": "agent", "role": "agent"})).collect::<Vec<_>>()).unwrap_or_default();
            state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .chatwoot
                .insert(team, members);
            json(StatusCode::OK, body)
        }
        ("PUT", ["", "v1", "public", "agents", "assign"]) => {
            if headers
                .get("authorization")
                .is_none_or(|v| v != "cd-agency-key-7f3a9b")
            {
                return json(
                    StatusCode::UNAUTHORIZED,
                    br#"{"error":"Unauthorized"}"#.to_vec(),
                );
            }
            let client = parsed["clientId"].as_str().unwrap_or_default().to_owned();
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            for agent in parsed["agentIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                state.chatdash.insert(agent.to_owned(), client.clone());
            }
            json(
                StatusCode::OK,
                br#"{"message":"Agent assigned to client successfully"}"#.to_vec(),
            )
        }
        _ => json(StatusCode::NOT_FOUND, br#"{"error":"not found"}"#.to_vec()),
    }
}

async fn serve(
    state: Arc<Mutex<State>>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    Ok(handle(
        &state,
        &parts.method,
        parts.uri.path(),
        &parts.headers,
        &body,
    ))
}

fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:4020".to_owned());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&address).await?;
        println!("baseline listening on http://{}", listener.local_addr()?);
        let state = Arc::new(Mutex::new(State::default()));
        let builder = auto::Builder::new(TokioExecutor::new());
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let state = Arc::clone(&state);
            let connection = builder
                .serve_connection(
                    TokioIo::new(stream),
                    service_fn(move |r| serve(Arc::clone(&state), r)),
                )
                .into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    })
}
