//! The limit `bench/load.sh` measures `rosterwire serve` against: the least a Rust HTTP server
//! can honestly do for the three vendors' mutating endpoints. hyper 1 with `http1::Builder`
//! only (no protocol sniff), one worker (a current-thread runtime), a typed serde parse of the
//! body (one `#[derive(Deserialize)]` struct per vendor), and a fixed 200 answer with the body
//! and headers the mock sends for the benchmark's request (`bare_limit_chatwoot.json` is the
//! mock's Chatwoot answer on the seed world). With `--state`, each request
//! also changes a `Mutex<HashMap>` (the least a stateful handler adds). It is not a mock: no
//! auth, no vendor rules, no journal.
//!
//! Run: `cargo run --release -p rosterwire-mock --example bare_limit -- 127.0.0.1:4020 [--state]`

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, PRAGMA};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;

/// Rocket.Chat `POST /api/v1/livechat/department/{_id}/agents`.
#[derive(Deserialize)]
struct DepartmentAgents {
    upsert: Vec<AgentItem>,
    remove: Vec<AgentItem>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgentItem {
    agent_id: String,
    #[serde(rename = "username")]
    _username: Option<String>,
    count: Option<i64>,
    order: Option<i64>,
}

/// Chatwoot `PATCH /api/v1/accounts/{account_id}/teams/{team_id}/team_members`.
#[derive(Deserialize)]
struct TeamMembers {
    user_ids: Vec<u64>,
}

/// ChatDash `PUT /v1/public/agents/assign`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Assign {
    agent_ids: Vec<String>,
    client_id: String,
}

/// The `--state` change: one map per vendor behind one mutex.
#[derive(Default)]
struct State {
    rocketchat: HashMap<String, (i64, i64)>,
    chatwoot: HashMap<u64, Vec<u64>>,
    chatdash: HashMap<String, String>,
}

/// What the mock answers to `bench/load.sh`'s request, byte for byte.
const ROCKETCHAT_OK: &[u8] = br#"{"success":true}"#;
const CHATDASH_OK: &[u8] = br#"{"message":"Agent assigned to client successfully"}"#;
const CHATWOOT_OK: &[u8] = include_bytes!("bare_limit_chatwoot.json");

type Answer = Response<Full<Bytes>>;

fn answer(status: StatusCode, content_type: &'static str, body: &'static [u8]) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from_static(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Rocket.Chat's API answers also carry its no-cache headers.
fn no_cache(mut response: Answer) -> Answer {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

fn bad_request() -> Answer {
    answer(
        StatusCode::BAD_REQUEST,
        "application/json",
        br#"{"error":"bad body"}"#,
    )
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn handle(state: Option<&Mutex<State>>, method: &Method, path: &str, body: &[u8]) -> Answer {
    if method == Method::POST && path.starts_with("/api/v1/livechat/department/") {
        let Ok(parsed) = serde_json::from_slice::<DepartmentAgents>(body) else {
            return bad_request();
        };
        if let Some(state) = state {
            let mut state = lock(state);
            for item in &parsed.remove {
                state.rocketchat.remove(&item.agent_id);
            }
            for item in parsed.upsert {
                let value = (item.count.unwrap_or(0), item.order.unwrap_or(0));
                state.rocketchat.insert(item.agent_id, value);
            }
        }
        no_cache(answer(StatusCode::OK, "application/json", ROCKETCHAT_OK))
    } else if method == Method::PATCH && path.starts_with("/api/v1/accounts/") {
        let Ok(parsed) = serde_json::from_slice::<TeamMembers>(body) else {
            return bad_request();
        };
        if let Some(state) = state {
            lock(state).chatwoot.insert(1, parsed.user_ids);
        }
        answer(
            StatusCode::OK,
            "application/json; charset=utf-8",
            CHATWOOT_OK,
        )
    } else if method == Method::PUT && path == "/v1/public/agents/assign" {
        let Ok(parsed) = serde_json::from_slice::<Assign>(body) else {
            return bad_request();
        };
        if let Some(state) = state {
            let mut state = lock(state);
            for agent in parsed.agent_ids {
                state.chatdash.insert(agent, parsed.client_id.clone());
            }
        }
        answer(
            StatusCode::OK,
            "application/json; charset=utf-8",
            CHATDASH_OK,
        )
    } else {
        answer(
            StatusCode::NOT_FOUND,
            "application/json",
            br#"{"error":"not found"}"#,
        )
    }
}

async fn serve(
    state: Option<Arc<Mutex<State>>>,
    request: Request<Incoming>,
) -> Result<Answer, hyper::Error> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    Ok(handle(
        state.as_deref(),
        &parts.method,
        parts.uri.path(),
        &body,
    ))
}

fn main() -> std::io::Result<()> {
    let mut address = "127.0.0.1:4020".to_owned();
    let mut with_state = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--state" => with_state = true,
            _ => address = arg,
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&address).await?;
        println!("bare_limit listening on http://{}", listener.local_addr()?);
        let state = with_state.then(|| Arc::new(Mutex::new(State::default())));
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let state = state.clone();
            tokio::spawn(async move {
                let service = service_fn(move |r| serve(state.clone(), r));
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}
