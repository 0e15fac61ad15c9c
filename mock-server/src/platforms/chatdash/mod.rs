//! ChatDash: `PUT /v1/public/agents/assign`, its read-back and undo routes, and the clients.
//!
//! ChatDash documents only 200 and 500 for assign and unassign
//! (`fixtures/vendor-docs/000_e3bda07a8e530ff9.txt`; sources under "Sources" in
//! `docs/behaviours/chatdash.md`). Every other behaviour — auth format and failures, 400/404/409
//! bodies, the re-assignment rule, atomicity, headers — is an assumption, kept in `assumed.rs`
//! and labelled [`Provenance::Assumed`](crate::Provenance::Assumed). The table of behaviours is
//! `docs/behaviours/chatdash.md`.
//!
//! **Both fidelity profiles behave the same for ChatDash**: its server is not open source, so
//! there is no observed behaviour to switch to; `documented` and `observed` both give the
//! documented answers where there are any and the assumed ones elsewhere.
//!
//! Layout: `world.rs` (the world section), `state.rs` (world + indexes), `routes.rs`,
//! `auth.rs`, `input.rs` (request bodies), `assign.rs`, `unassign.rs`, `agents.rs` and
//! `clients.rs` (reads),
//! `bodies.rs` (documented bodies), `assumed.rs` (every assumption).

mod agents;
mod assign;
mod assumed;
mod auth;
mod bodies;
mod clients;
mod input;
mod routes;
mod state;
mod unassign;
mod usual_body;
pub(crate) mod world;

use http::StatusCode;

use crate::error::Error;
use crate::exchange::{Request, Response};
use crate::platforms::locked::Locked;
use crate::platforms::options::Settings;
use crate::platforms::vendor::Vendor;
use crate::vendor_name::VendorName;

use assumed::Rejection;
use routes::Route;
use state::State;
use world::ChatDashWorld;

/// ChatDash's behaviour over its state (one lock, held only inside [`Vendor::handle`]).
#[derive(Debug)]
pub(crate) struct ChatDash {
    state: Locked<State>,
}

impl ChatDash {
    /// Answers a request, or says which assumed rejection applies.
    fn answer(&self, request: &Request<'_>, route: Route<'_>) -> Result<Response, Rejection> {
        let operation = route.operation();
        if assumed::AUTH_BEFORE_ROUTING {
            auth::authorize(request, &self.state.lock())?;
        }
        if route == Route::NotFound {
            return Err(Rejection::RouteNotFound);
        }
        if !assumed::AUTH_BEFORE_ROUTING {
            auth::authorize(request, &self.state.lock())?;
        }
        match route {
            Route::Assign => {
                // Parse outside the lock; validate and write under one lock acquisition.
                let input = input::assign_input(request)?;
                assign::assign(&mut self.state.lock(), &input)?;
                Ok(bodies::documented(
                    operation,
                    StatusCode::OK,
                    bodies::ASSIGNED,
                ))
            }
            Route::Unassign(agent_id) => {
                let input = input::unassign_input(request)?;
                unassign::unassign(&mut self.state.lock(), agent_id, &input)?;
                Ok(bodies::documented(
                    operation,
                    StatusCode::OK,
                    bodies::UNASSIGNED,
                ))
            }
            Route::ListAgents => Ok(agents::list(&self.state.lock(), operation)),
            Route::GetAgent(agent_id) => agents::get(&self.state.lock(), operation, agent_id),
            Route::ListClients => Ok(clients::list(&self.state.lock(), operation)),
            Route::GetClient(client_id) => clients::get(&self.state.lock(), operation, client_id),
            Route::NotFound => Err(Rejection::RouteNotFound),
        }
    }
}

impl Vendor for ChatDash {
    type World = ChatDashWorld;
    const NAME: VendorName = VendorName::ChatDash;

    /// The fidelity in `_settings` changes nothing: see the module docs.
    fn new(world: &ChatDashWorld, _settings: Settings) -> Result<Self, Error> {
        Ok(Self {
            state: Locked::new(State::new(world.clone())),
        })
    }

    fn handle(&self, request: &Request<'_>) -> Response {
        let route = Route::of(request.method, request.path);
        self.answer(request, route)
            .unwrap_or_else(|rejection| rejection.into_response(route.operation()))
    }

    fn world(&self) -> ChatDashWorld {
        self.state.lock().world.clone()
    }

    fn replace_state(&self, fresh: Self) {
        self.state.replace(fresh.state);
    }

    fn body_too_large(&self, request: &Request<'_>, _limit: usize) -> Response {
        let route = Route::of(request.method, request.path);
        Rejection::BodyTooLarge.into_response(route.operation())
    }

    fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Response {
        let operation = Route::of(request.method, request.path).operation();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            bodies::documented(operation, status, bodies::UNEXPECTED_ERROR)
        } else {
            assumed::fault_response(operation, status)
        }
    }
}
