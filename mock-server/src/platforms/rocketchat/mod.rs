//! Rocket.Chat: `POST /api/v1/livechat/department/{_id}/agents` ("Update Agents of Department")
//! and its two read endpoints, as Rocket.Chat's public source has them: every upstream file, with
//! its commit, is listed under "Sources" in `docs/behaviours/rocketchat.md`.
//!
//! How the parts fit:
//! - `world.rs`: the world section (roles, users, departments, department-agent records);
//! - `routes.rs`: method + path → route and operation id;
//! - `auth.rs`: `X-User-Id`/`X-Auth-Token` login and `hasAny` permissions;
//! - `post.rs`: the POST body → validation outcome, using `meteor_check.rs` (generation A,
//!   `Match error: …`) or `ajv_check.rs` (generation B, `… [invalid-params]`), `json_text.rs`
//!   for reading the body as `JSON.parse` does, and `js.rs` for the JavaScript semantics the
//!   messages depend on;
//! - `agents.rs`: the write (removals, upserts, recount) and record reads;
//! - `read.rs` + `query.rs`: the GET endpoints, pagination and sort;
//! - `department_list.rs`, `department_check.rs` + `department_create.rs`,
//!   `department_remove.rs`, `agent_list.rs` (+ `list_query.rs`): listing, creating and
//!   removing departments, and the livechat agent list;
//! - `bodies.rs`: the framework's exact bodies and headers; `profile.rs`: every
//!   documented-vs-observed difference.
//!
//! [`RocketChat::handle`] parses and validates the body before taking the lock, then holds the
//! lock once for auth, permissions, the department lookup and the write: a request is atomic.

mod agent_list;
mod agents;
mod ajv_check;
mod auth;
mod bodies;
mod department_check;
mod department_create;
mod department_list;
mod department_remove;
mod js;
mod json_text;
mod list_query;
mod meteor_check;
mod post;
mod profile;
mod query;
mod read;
mod routes;
mod usual_body;
pub(crate) mod world;

use http::StatusCode;

use crate::error::Error;
use crate::exchange::{Request, Response, content_type};
use crate::fast_hash::FastMap;
use crate::fidelity::Provenance;
use crate::platforms::locked::Locked;
use crate::platforms::options::{RocketChatValidation, Settings};
use crate::platforms::vendor::Vendor;
use crate::vendor_name::VendorName;

use agents::AgentsUpdate;
use auth::{Grants, Logins};
use post::Rejection;
use profile::Profile;
use routes::Route;
use world::RocketChatWorld;

/// The state behind the lock: the world plus indexes derived from its (immutable) users.
#[derive(Debug, Default)]
struct State {
    world: RocketChatWorld,
    logins: Logins,
    /// User id → username, for upserts (any existing user may be added).
    usernames: FastMap<String, Option<String>>,
}

impl State {
    fn new(world: &RocketChatWorld) -> Self {
        Self {
            logins: Logins::new(world),
            usernames: world
                .users
                .iter()
                .map(|u| (u.id.clone(), u.username.clone()))
                .collect(),
            world: world.clone(),
        }
    }
}

/// Rocket.Chat's behaviour.
#[derive(Debug)]
pub(crate) struct RocketChat {
    state: Locked<State>,
    profile: Profile,
    validation: RocketChatValidation,
}

impl RocketChat {
    fn update_agents(&self, request: &Request<'_>, department_id: &str) -> Response {
        let operation = routes::UPDATE_DEPARTMENT_AGENTS;
        let plan = post::plan(
            request.content_type(),
            request.body,
            self.validation,
            self.profile.requires_upsert_username(),
        );
        let mut state = self.state.lock();
        let Some(grants) = state.logins.authenticate(request) else {
            return self.profile.unauthorized(operation);
        };
        if !grants.has_any(Grants::TO_UPDATE_AGENTS) {
            return self.profile.forbidden(operation);
        }
        if let Some(rejection) = plan.before_lookup {
            return rejected(rejection);
        }
        let Some(department) = state
            .world
            .departments
            .iter()
            .position(|d| d.id == department_id)
        else {
            return bodies::action_fixed(
                operation,
                StatusCode::BAD_REQUEST,
                bodies::DEPARTMENT_NOT_FOUND,
                Provenance::Observed,
            );
        };
        if let Some(rejection) = plan.after_lookup {
            return rejected(rejection);
        }
        apply(&mut state, department, &plan.update);
        drop(state);
        self.profile.success(operation)
    }

    fn read(&self, request: &Request<'_>, route: &Route) -> Response {
        let operation = route.operation();
        let state = self.state.lock();
        let Some(grants) = state.logins.authenticate(request) else {
            return self.profile.unauthorized(operation);
        };
        if !grants.has_any(Grants::TO_READ) {
            return self.profile.forbidden(operation);
        }
        match route {
            Route::ListAgents(id) => {
                read::list_agents(&state.world, operation, id, request, self.validation)
            }
            Route::GetDepartment(id) => {
                read::get_department(&state.world, operation, id, request, grants)
            }
            Route::ListDepartments => {
                department_list::list_departments(&state.world, operation, request)
            }
            _ => unknown_route(),
        }
    }

    fn create_department(&self, request: &Request<'_>) -> Response {
        let operation = routes::CREATE_DEPARTMENT;
        let plan = department_check::check(post::body_params(request.content_type(), request.body));
        let mut state = self.state.lock();
        let Some(grants) = state.logins.authenticate(request) else {
            return self.profile.unauthorized(operation);
        };
        if !grants.has_any(Grants::MANAGE_DEPARTMENTS) {
            return self.profile.forbidden(operation);
        }
        match plan {
            Err(rejection) => department_create::rejected(operation, &rejection),
            Ok(plan) => {
                let State {
                    world, usernames, ..
                } = &mut *state;
                department_create::create(world, usernames, operation, plan)
            }
        }
    }

    fn remove_department(&self, request: &Request<'_>, department_id: &str) -> Response {
        let operation = routes::REMOVE_DEPARTMENT;
        let mut state = self.state.lock();
        let Some(grants) = state.logins.authenticate(request) else {
            return self.profile.unauthorized(operation);
        };
        if !grants.has_any(Grants::TO_REMOVE_DEPARTMENT) {
            return self.profile.forbidden(operation);
        }
        department_remove::remove(&mut state.world, operation, department_id)
    }

    /// No middleware permission: the action checks its own after reading the query.
    fn list_livechat_agents(&self, request: &Request<'_>) -> Response {
        let operation = routes::LIST_LIVECHAT_AGENTS;
        let state = self.state.lock();
        let Some(grants) = state.logins.authenticate(request) else {
            return self.profile.unauthorized(operation);
        };
        agent_list::list_agents(&state.world, operation, request, grants)
    }
}

fn apply(state: &mut State, department: usize, update: &AgentsUpdate) {
    let State {
        world, usernames, ..
    } = state;
    agents::apply(world, usernames, department, update);
}

fn rejected(rejection: Rejection) -> Response {
    let operation = routes::UPDATE_DEPARTMENT_AGENTS;
    match rejection {
        Rejection::Match(error) => bodies::failure(operation, &error, None, Provenance::Observed),
        Rejection::Documented(error) => {
            bodies::failure(operation, &error, None, Provenance::Documented)
        }
        Rejection::Ajv(message) => bodies::invalid_params(operation, &message),
    }
}

/// Unknown paths, wrong methods and a trailing `/` under `/api/v1/livechat`: Hono's default
/// not-found answer, `404` `text/plain; charset=UTF-8` `404 Not Found`
/// (honojs/hono@28a9c128912de19f3fb28b00ae289c9b93f6f392 `src/hono-base.ts` `notFoundHandler`). Rocket.Chat's router is a `new Hono()`
/// without a `notFound` handler and with the default `strict: true`, so `…/agents/` is another
/// path (`getPath` keeps the slash; only `getPathNoStrict` drops it); the Express adapter in
/// front of it sends Hono's answer as is (`packages/http-router/src/Router.ts` `get router()`
/// @05360738, `middlewares/honoAdapterForExpress.ts`).
fn unknown_route() -> Response {
    Response::fixed(
        routes::UNKNOWN_ROUTE,
        StatusCode::NOT_FOUND,
        Some(bodies::TEXT_PLAIN),
        bodies::HONO_NOT_FOUND,
        Provenance::Observed,
    )
}

impl Vendor for RocketChat {
    type World = RocketChatWorld;
    const NAME: VendorName = VendorName::RocketChat;

    fn new(world: &RocketChatWorld, settings: Settings) -> Result<Self, Error> {
        Ok(Self {
            state: Locked::new(State::new(world)),
            profile: Profile::new(settings.fidelity),
            validation: settings.options.rocketchat_validation,
        })
    }

    fn handle(&self, request: &Request<'_>) -> Response {
        let route = Route::of(request, Self::NAME);
        match &route {
            Route::UpdateAgents(id) => self.update_agents(request, id),
            Route::ListAgents(_) | Route::GetDepartment(_) | Route::ListDepartments => {
                self.read(request, &route)
            }
            Route::CreateDepartment => self.create_department(request),
            Route::RemoveDepartment(id) => self.remove_department(request, id),
            Route::ListLivechatAgents => self.list_livechat_agents(request),
            Route::Unknown => unknown_route(),
            Route::OutsideApi => bodies::webapp_fallback(request.method),
        }
    }

    fn world(&self) -> RocketChatWorld {
        self.state.lock().world.clone()
    }

    fn replace_state(&self, fresh: Self) {
        self.state.replace(fresh.state);
    }

    /// Unverified: assumed 413 with body-parser's message in the API's failure shape
    /// (Rocket.Chat's Express layer used body-parser, whose limit error is a 413
    /// "request entity too large").
    fn body_too_large(&self, request: &Request<'_>, _limit: usize) -> Response {
        bodies::action_fixed(
            Route::of(request, Self::NAME).operation(),
            StatusCode::PAYLOAD_TOO_LARGE,
            bodies::BODY_TOO_LARGE,
            Provenance::Assumed,
        )
    }

    fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Response {
        let operation = Route::of(request, Self::NAME).operation();
        match status {
            StatusCode::UNAUTHORIZED => self.profile.unauthorized(operation),
            StatusCode::FORBIDDEN => self.profile.forbidden(operation),
            StatusCode::NOT_FOUND => {
                bodies::action_fixed(operation, status, bodies::NOT_FOUND, Provenance::Observed)
            }
            StatusCode::TOO_MANY_REQUESTS => bodies::action_fixed(
                operation,
                status,
                bodies::TOO_MANY_REQUESTS,
                Provenance::Observed,
            ),
            StatusCode::BAD_REQUEST if operation == routes::UPDATE_DEPARTMENT_AGENTS => {
                bodies::action_fixed(
                    operation,
                    status,
                    bodies::DEPARTMENT_NOT_FOUND,
                    Provenance::Observed,
                )
            }
            other => {
                // Assumed: `failure()`'s shape with the status's reason phrase.
                let error = other.canonical_reason().unwrap_or("error");
                let body = bodies::Failure {
                    success: false,
                    error,
                    error_type: None,
                    details: None,
                };
                Response::json(
                    operation,
                    other,
                    content_type::JSON,
                    &body,
                    Provenance::Assumed,
                )
                .with_headers(&bodies::NO_CACHE)
            }
        }
    }
}
