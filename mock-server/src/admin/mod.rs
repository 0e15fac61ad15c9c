//! The HTTP admin API under `/__admin`, served on the vendors' port.
//!
//! `access.rs` decides who may call it, `routes.rs` maps each endpoint onto the shared
//! [`crate::control::Control`] (the same code the [`crate::MockServer`] methods call), and
//! `reply.rs` writes JSON answers and rosterwire's own error shape.

mod access;
mod reply;
mod routes;

use std::net::SocketAddr;

use http::StatusCode;
use http::request::Parts;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

pub use access::AdminConfig;

use crate::body::HyperResponse;
use crate::control::Control;

/// Where the admin API lives.
pub(crate) const PREFIX: &str = "/__admin";

/// Whether `path` is an admin path.
pub(crate) fn is_admin_path(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Serves one admin request from `peer` over `control`, refusing a body over `max_body`
/// bytes.
pub(crate) async fn serve(
    control: &Control,
    config: &AdminConfig,
    max_body: usize,
    peer: SocketAddr,
    parts: Parts,
    body: Incoming,
) -> HyperResponse {
    if let Err(refused) = config.check(peer, &parts.headers) {
        return *refused;
    }
    let bytes = match Limited::new(body, max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                &format!("the admin body is over {max_body} bytes"),
                None,
            );
        }
    };
    let path = parts.uri.path().strip_prefix(PREFIX).unwrap_or_default();
    tracing::debug!(method = %parts.method, path, "admin");
    routes::route(control, &parts.method, path, parts.uri.query(), &bytes)
}
