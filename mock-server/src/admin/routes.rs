//! Each admin endpoint, as a plain function of the control plane and the request.

use http::{Method, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::reply::{Reply, error, json, json_frames};
use crate::control::Control;
use crate::error::{Error, ErrorKind};
use crate::fault::FaultSpec;
use crate::journal::RequestFilter;
use crate::verify::{RequestPattern, Times};
use crate::world::{World, path_to_pointer};

/// The body of `POST /__admin/verify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyRequest {
    #[serde(rename = "match", default)]
    when: RequestPattern,
    #[serde(default)]
    count: Times,
}

/// Answers one admin request; `path` is what follows `/__admin`.
pub(super) fn route(
    control: &Control,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Reply {
    match (method.as_str(), path) {
        ("GET", "/health") => json(
            StatusCode::OK,
            &json!({
                "status": "ok",
                "journal_size": control.journal.capacity(),
                "faults": control.faults.list().len(),
            }),
        ),
        ("POST", "/reset") => {
            control.reset();
            json(StatusCode::OK, &json!({"status": "reset"}))
        }
        ("GET", "/world") => json(StatusCode::OK, &control.world_redacted()),
        ("PUT", "/world") => put_world(control, body),
        ("GET", "/requests") => match parse_filter(query) {
            Ok(filter) => json_frames(StatusCode::OK, control.requests_listing(&filter)),
            Err(reply) => *reply,
        },
        ("DELETE", "/requests") => {
            control.clear_requests();
            json(StatusCode::OK, &json!({"status": "cleared"}))
        }
        ("POST", "/verify") => verify(control, body),
        ("POST", "/faults") => match parse_body::<FaultSpec>(body) {
            Ok(spec) => match control.inject(spec) {
                Ok(fault) => json(StatusCode::CREATED, &fault),
                Err(e) => from_error(&e),
            },
            Err(reply) => *reply,
        },
        ("GET", "/faults") => json(StatusCode::OK, &json!({"faults": control.faults.list()})),
        ("DELETE", "/faults") => {
            control.faults.clear();
            json(StatusCode::OK, &json!({"status": "cleared"}))
        }
        ("DELETE", rest) if rest.starts_with("/faults/") => delete_fault(control, rest),
        (_, "/health" | "/reset" | "/world" | "/requests" | "/verify" | "/faults") => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            &format!("{method} is not allowed on /__admin{path}"),
            None,
        ),
        _ => error(
            StatusCode::NOT_FOUND,
            "not-found",
            &format!(
                "no admin endpoint {method} /__admin{path}; see GET /__admin/health, POST /__admin/reset, GET|PUT /__admin/world, GET|DELETE /__admin/requests, POST /__admin/verify, GET|POST|DELETE /__admin/faults"
            ),
            None,
        ),
    }
}

fn put_world(control: &Control, body: &[u8]) -> Reply {
    let loaded = World::from_json_keeping_secrets(body, &control.world())
        .and_then(|world| control.set_world(world));
    match loaded {
        Ok(()) => json(StatusCode::OK, &json!({"status": "loaded"})),
        Err(e) => from_error(&e),
    }
}

fn verify(control: &Control, body: &[u8]) -> Reply {
    let request = match parse_body::<VerifyRequest>(body) {
        Ok(request) => request,
        Err(reply) => return *reply,
    };
    match control.verify(&request.when, request.count) {
        Ok(outcome) if outcome.ok => json(StatusCode::OK, &outcome),
        Ok(outcome) => json(StatusCode::CONFLICT, &outcome),
        Err(e) => from_error(&e),
    }
}

fn delete_fault(control: &Control, rest: &str) -> Reply {
    let id = rest.strip_prefix("/faults/").unwrap_or_default();
    match id.parse::<u64>() {
        Ok(id) if control.faults.remove(id) => {
            json(StatusCode::OK, &json!({"status": "removed", "id": id}))
        }
        Ok(id) => error(
            StatusCode::NOT_FOUND,
            "no-such-fault",
            &format!("no fault with id {id}"),
            None,
        ),
        Err(_) => error(
            StatusCode::BAD_REQUEST,
            "bad-fault-id",
            &format!("`{id}` is not a fault id"),
            None,
        ),
    }
}

/// Reads a JSON body; errors name the JSON pointer at fault.
fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Box<Reply>> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = path_to_pointer(&e.path().to_string());
        Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid-body",
            &e.inner().to_string(),
            Some(&pointer),
        ))
    })?;
    de.end().map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid-body",
            &e.to_string(),
            Some(""),
        ))
    })?;
    Ok(value)
}

/// The journal filter from the query string (`vendor`, `method`, `path`, `status`, `since`).
fn parse_filter(query: Option<&str>) -> Result<RequestFilter, Box<Reply>> {
    RequestFilter::from_query(query).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid-filter",
            &e.message,
            Some(&format!("/{}", e.key)),
        ))
    })
}

/// An engine error as an admin error.
fn from_error(e: &Error) -> Reply {
    let (status, pointer) = match e.kind() {
        ErrorKind::InvalidWorld { pointer, .. } | ErrorKind::InvalidFault { pointer, .. } => {
            (StatusCode::BAD_REQUEST, Some(pointer.as_str()))
        }
        ErrorKind::JournalOff => (StatusCode::CONFLICT, None),
        ErrorKind::InvalidValue { .. } => (StatusCode::BAD_REQUEST, None),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, None),
    };
    let message = match e.kind() {
        ErrorKind::InvalidWorld { message, .. } | ErrorKind::InvalidFault { message, .. } => {
            message.clone()
        }
        _ => e.to_string(),
    };
    error(status, e.kind().code(), &message, pointer)
}
