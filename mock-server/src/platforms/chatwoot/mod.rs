//! Chatwoot: `PATCH /api/v1/accounts/{account_id}/teams/{team_id}/team_members` and its
//! siblings (team members, teams, the account's agents), and the token's own user at
//! `GET /api/v1/profile`, as the real Rails server answers them (sources cited in each file
//! and in `docs/behaviours/chatwoot.md`).
//!
//! One request runs in Chatwoot's callback order: path normalization ([`rails_path`]) → route
//! → body params (400) → token and account checks ([`auth`]) → team lookup (404, for actions
//! on one team) → role check → the action's own params (`user_ids` 500/401, `team` 422/500)
//! → change. The state is locked once per request, after the body is parsed, and only inside
//! `handle`. Every documented-versus-observed difference is in [`profile`].

mod agent_json;
mod agents;
mod agents_body;
mod auth;
mod errors;
mod params;
mod profile;
mod profiles;
pub(crate) mod rails_path;
mod requested_id;
mod routes;
mod sorted_ids;
mod state;
mod team_members;
mod team_params;
mod teams;
mod user_json;
mod usual_body;
pub(crate) mod world;

use http::StatusCode;

use self::profile::Profile;
pub(crate) use self::routes::PROFILE_PATH;
use self::routes::{Action, Route, record_id};
use self::state::State;
use self::world::ChatwootWorld;
use crate::error::Error;
use crate::exchange::{Request, Response};
use crate::fidelity::Provenance;
use crate::platforms::locked::Locked;
use crate::platforms::options::Settings;
use crate::platforms::vendor::Vendor;
use crate::vendor_name::VendorName;

/// Chatwoot's behaviour over its state.
#[derive(Debug)]
pub(crate) struct Chatwoot {
    state: Locked<State>,
    profile: Profile,
}

impl Chatwoot {
    fn answer(&self, route: Route<'_>, request: &Request<'_>) -> Response {
        let operation = route.action.operation();
        let Ok(params) = params::body_params(request, route.action.changes_members()) else {
            return errors::rendered(
                operation,
                StatusCode::BAD_REQUEST,
                errors::BAD_REQUEST,
                Provenance::Observed,
            );
        };
        let mut state = self.state.lock();
        if route.action == Action::ShowProfile {
            return match auth::authenticate_user(&state, request.headers, operation) {
                Ok(user) => profiles::show(&state, user),
                Err(response) => response,
            };
        }
        let caller = match auth::authenticate(&state, request.headers, route.account_id, operation)
        {
            Ok(caller) => caller,
            Err(response) => return response,
        };
        if !route.action.needs_team() {
            return match route.action {
                Action::ListTeams => teams::list(&state, caller),
                Action::CreateTeam => teams::create(&mut state, caller, params.object()),
                _ => agents::list(&state, self.profile, caller),
            };
        }
        let Some(team_id) =
            record_id(route.team_id).filter(|&id| state.team(caller.account_id, id).is_some())
        else {
            return self.profile.team_not_found(operation);
        };
        match route.action {
            Action::ShowTeam => teams::show(&state, caller, team_id),
            Action::UpdateTeam => teams::update(&mut state, caller, team_id, params.object()),
            Action::DeleteTeam => teams::destroy(&mut state, caller, team_id),
            Action::ListMembers => team_members::list(&state, self.profile, caller, team_id),
            action => {
                team_members::change(&mut state, self.profile, caller, team_id, action, params)
            }
        }
    }
}

impl Vendor for Chatwoot {
    type World = ChatwootWorld;
    const NAME: VendorName = VendorName::Chatwoot;

    fn new(world: &ChatwootWorld, settings: Settings) -> Result<Self, Error> {
        Ok(Self {
            state: Locked::new(State::new(world.clone())),
            profile: Profile::new(settings.fidelity),
        })
    }

    fn handle(&self, request: &Request<'_>) -> Response {
        let path = rails_path::normalize(request.path);
        match routes::route(request.method, &path) {
            Some(route) => self.answer(route, request),
            None => errors::route_not_found(routes::UNKNOWN),
        }
    }

    fn world(&self) -> ChatwootWorld {
        self.state.lock().world.clone()
    }

    fn replace_state(&self, fresh: Self) {
        self.state.replace(fresh.state);
    }

    /// Assumed: Rails sets no body limit (a proxy in front usually answers 413 in HTML); we
    /// answer Rails' JSON shape for 413.
    fn body_too_large(&self, request: &Request<'_>, _limit: usize) -> Response {
        errors::rails_status(operation_of(request), StatusCode::PAYLOAD_TOO_LARGE)
    }

    fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Response {
        errors::for_status(operation_of(request), status)
    }
}

/// The operation `request` asks for, or `unknown-route`.
fn operation_of(request: &Request<'_>) -> crate::exchange::Operation {
    let path = rails_path::normalize(request.path);
    routes::route(request.method, &path).map_or(routes::UNKNOWN, |r| r.action.operation())
}
