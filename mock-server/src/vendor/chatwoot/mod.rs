//! Chatwoot: placeholder until the vendor lands (answers 501 to everything).

use std::sync::Mutex;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::exchange::{Operation, Request, Response, content_type};
use crate::fidelity::Provenance;
use crate::vendor::{Settings, Vendor, VendorName, VendorWorld};

/// Chatwoot's part of the world.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ChatwootWorld {}

impl VendorWorld for ChatwootWorld {
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Chatwoot's behaviour.
#[derive(Debug)]
pub(crate) struct Chatwoot {
    state: Mutex<ChatwootWorld>,
}

const OPERATION: Operation = Operation::new(VendorName::Chatwoot, "unknown-route");

impl Vendor for Chatwoot {
    type World = ChatwootWorld;
    const NAME: VendorName = VendorName::Chatwoot;

    fn new(world: &ChatwootWorld, _settings: Settings) -> Result<Self, Error> {
        Ok(Self {
            state: Mutex::new(world.clone()),
        })
    }

    fn handle(&self, _request: &Request<'_>) -> Response {
        Response::fixed(
            OPERATION,
            StatusCode::NOT_IMPLEMENTED,
            Some(content_type::JSON),
            "{}",
            Provenance::Assumed,
        )
    }

    fn world(&self) -> ChatwootWorld {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn replace_state(&self, fresh: Self) {
        if let (Ok(mut mine), Ok(theirs)) = (self.state.lock(), fresh.state.into_inner()) {
            *mine = theirs;
        }
    }

    fn body_too_large(&self, request: &Request<'_>, _limit: usize) -> Response {
        self.handle(request)
    }

    fn error_response(&self, request: &Request<'_>, _status: StatusCode) -> Response {
        self.handle(request)
    }
}
