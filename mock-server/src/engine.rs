//! The engine: the three vendors behind one request entry point, without any I/O.
//!
//! The hyper server, the wiremock adapter and unit tests all call [`Engine::handle`].

use http::StatusCode;

use crate::error::Error;
use crate::exchange::{Request, Response, UNKNOWN_ROUTE, content_type};
use crate::fidelity::{FidelityProfile, Provenance};
use crate::platforms::chatdash::ChatDash;
use crate::platforms::chatwoot::Chatwoot;
use crate::platforms::rocketchat::RocketChat;
use crate::platforms::{Settings, Vendor, VendorOptions};
use crate::vendor_name::VendorName;
use crate::world::World;

/// Every vendor's behaviour and state.
#[derive(Debug)]
pub struct Engine {
    chatdash: ChatDash,
    rocketchat: RocketChat,
    chatwoot: Chatwoot,
    fidelity: FidelityProfile,
    options: VendorOptions,
}

impl Engine {
    /// Builds the engine from a world.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidWorld`] when the world's references do not hold.
    pub fn new(
        world: &World,
        fidelity: FidelityProfile,
        options: VendorOptions,
    ) -> Result<Self, Error> {
        world.check()?;
        let settings = |vendor| Settings {
            fidelity: fidelity.of(vendor),
            options,
        };
        Ok(Self {
            chatdash: ChatDash::new(&world.chatdash, settings(VendorName::ChatDash))?,
            rocketchat: RocketChat::new(&world.rocketchat, settings(VendorName::RocketChat))?,
            chatwoot: Chatwoot::new(&world.chatwoot, settings(VendorName::Chatwoot))?,
            fidelity,
            options,
        })
    }

    /// The fidelity of each vendor.
    pub fn fidelity(&self) -> FidelityProfile {
        self.fidelity
    }

    /// Answers one request (its body already read and bounded).
    pub fn handle(&self, request: &Request<'_>) -> Response {
        self.answer(VendorName::for_path(request.path), request)
    }

    /// [`Engine::handle`] for a caller that already knows the vendor
    /// (`VendorName::for_path(request.path)`).
    pub(crate) fn answer(&self, vendor: Option<VendorName>, request: &Request<'_>) -> Response {
        match vendor {
            Some(VendorName::ChatDash) => self.chatdash.handle(request),
            Some(VendorName::RocketChat) => self.rocketchat.handle(request),
            Some(VendorName::Chatwoot) => self.chatwoot.handle(request),
            None => unknown_route(request),
        }
    }

    /// The answer to a request whose body is over `limit` bytes, in the vendor's shape.
    pub fn body_too_large(&self, request: &Request<'_>, limit: usize) -> Response {
        match VendorName::for_path(request.path) {
            Some(VendorName::ChatDash) => self.chatdash.body_too_large(request, limit),
            Some(VendorName::RocketChat) => self.rocketchat.body_too_large(request, limit),
            Some(VendorName::Chatwoot) => self.chatwoot.body_too_large(request, limit),
            None => Response::fixed(
                UNKNOWN_ROUTE,
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(content_type::JSON),
                r#"{"error":"request body too large"}"#,
                Provenance::Assumed,
            ),
        }
    }

    /// The vendor's own error body for `status` (fault injection), or `None` outside any vendor.
    pub fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Option<Response> {
        Some(match VendorName::for_path(request.path)? {
            VendorName::ChatDash => self.chatdash.error_response(request, status),
            VendorName::RocketChat => self.rocketchat.error_response(request, status),
            VendorName::Chatwoot => self.chatwoot.error_response(request, status),
        })
    }

    /// The current state of every vendor.
    pub fn world(&self) -> World {
        World {
            description: None,
            chatdash: self.chatdash.world(),
            rocketchat: self.rocketchat.world(),
            chatwoot: self.chatwoot.world(),
        }
    }

    /// Replaces the whole state. Atomic: an invalid world changes nothing.
    ///
    /// # Errors
    /// [`crate::ErrorKind::InvalidWorld`]; the state is then untouched.
    pub fn set_world(&self, world: &World) -> Result<(), Error> {
        let fresh = Engine::new(world, self.fidelity, self.options)?;
        self.chatdash.replace_state(fresh.chatdash);
        self.rocketchat.replace_state(fresh.rocketchat);
        self.chatwoot.replace_state(fresh.chatwoot);
        Ok(())
    }
}

/// A path outside every vendor's base path.
fn unknown_route(request: &Request<'_>) -> Response {
    let message = serde_json::json!({
        "error": format!(
            "rosterwire: no vendor serves {} {}; base paths: /v1/public (chatdash), /api/v1/livechat (rocketchat), /api/v1/accounts (chatwoot)",
            request.method, request.path
        )
    });
    Response::json(
        UNKNOWN_ROUTE,
        StatusCode::NOT_FOUND,
        content_type::JSON,
        &message,
        Provenance::Assumed,
    )
}
