//! Chatwoot's routes under `/api/v1/accounts` (chatwoot/chatwoot `config/routes.rb`:
//! `resources :teams` with its `team_members` collection, `resources :agents`), and the singular
//! `resource :profile` at `/api/v1/profile`: which operation a request is. The caller passes the path already normalized as Rails does
//! ([`super::rails_path`]).

use http::Method;

use crate::exchange::Operation;
use crate::platforms::path_segments::Segments;
use crate::vendor_name::VendorName;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// `GET .../team_members` (index).
    ListMembers,
    /// `POST .../team_members` (create).
    AddMembers,
    /// `PATCH .../team_members` (update, replace-all).
    UpdateMembers,
    /// `DELETE .../team_members` (destroy).
    RemoveMembers,
    /// `GET /teams` (teams#index).
    ListTeams,
    /// `POST /teams` (teams#create).
    CreateTeam,
    /// `GET /teams/{team_id}` (teams#show).
    ShowTeam,
    /// `PATCH` or `PUT /teams/{team_id}` (teams#update).
    UpdateTeam,
    /// `DELETE /teams/{team_id}` (teams#destroy).
    DeleteTeam,
    /// `GET /agents` (agents#index).
    ListAgents,
    /// `GET /api/v1/profile` (profiles#show), outside any account.
    ShowProfile,
}

impl Action {
    /// The operation id shared with `contracts/index.json`.
    pub(crate) fn operation(self) -> Operation {
        Operation::new(
            VendorName::Chatwoot,
            match self {
                Action::ListMembers => "list-team-members",
                Action::AddMembers => "add-team-members",
                Action::UpdateMembers => "update-team-members",
                Action::RemoveMembers => "remove-team-members",
                Action::ListTeams => "list-teams",
                Action::CreateTeam => "create-team",
                Action::ShowTeam => "get-team",
                Action::UpdateTeam => "update-team",
                Action::DeleteTeam => "delete-team",
                Action::ListAgents => "list-agents",
                Action::ShowProfile => "get-profile",
            },
        )
    }

    /// Whether the action adds, replaces or removes team members (reads only `user_ids`).
    pub(crate) fn changes_members(self) -> bool {
        matches!(
            self,
            Action::AddMembers | Action::UpdateMembers | Action::RemoveMembers
        )
    }

    /// Whether the action works on one team, found (`fetch_team`) before the role check.
    pub(crate) fn needs_team(self) -> bool {
        !matches!(
            self,
            Action::ListTeams | Action::CreateTeam | Action::ListAgents | Action::ShowProfile
        )
    }
}

/// The operation of a request no modelled route matches.
pub(crate) const UNKNOWN: Operation = Operation::new(VendorName::Chatwoot, "unknown-route");

/// The path of the token's own user, outside `/api/v1/accounts`.
pub(crate) const PROFILE_PATH: &str = "/api/v1/profile";

/// A matched route with its raw path parameters (`team_id` is empty for collection routes,
/// both are empty for the profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Route<'a> {
    pub(crate) action: Action,
    pub(crate) account_id: &'a str,
    pub(crate) team_id: &'a str,
}

/// Matches `method` and a Rails-normalized `path` like Rails' router: a `.json` format suffix
/// is accepted; `PUT .../team_members` has no route (only PATCH does) while `PUT /teams/{id}`
/// is teams#update; HEAD takes the GET route.
pub(crate) fn route<'a>(method: &Method, path: &'a str) -> Option<Route<'a>> {
    if let Some(rest) = path.strip_prefix(PROFILE_PATH) {
        // `update` (PATCH/PUT) and the member routes (`/availability`, `/avatar`, …) exist
        // upstream but are not modelled: a routing 404 like any unmodelled route.
        let shows = matches!(rest, "" | "/" | ".json");
        let reads = *method == Method::GET || *method == Method::HEAD;
        return (shows && reads).then_some(Route {
            action: Action::ShowProfile,
            account_id: "",
            team_id: "",
        });
    }
    let rest = path.strip_prefix("/api/v1/accounts/")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let rest = rest.strip_suffix(".json").unwrap_or(rest);
    let mut parts = Segments::new(rest);
    let account_id = parts.next().filter(|s| !s.is_empty())?;
    // Rails answers HEAD with the GET route (the server then drops the body).
    let reads = *method == Method::GET || *method == Method::HEAD;
    let collection = |action| {
        Some(Route {
            action,
            account_id,
            team_id: "",
        })
    };
    match parts.next()? {
        "agents" => {
            return match (parts.next(), reads) {
                (None, true) => collection(Action::ListAgents),
                _ => None,
            };
        }
        "teams" => {}
        _ => return None,
    }
    let Some(team_id) = parts.next() else {
        return match method {
            _ if reads => collection(Action::ListTeams),
            &Method::POST => collection(Action::CreateTeam),
            _ => None,
        };
    };
    // `resources :teams` also routes `GET /teams/new`, an action the controller lacks
    // (`AbstractController::ActionNotFound`, a 404 before any callback).
    if team_id.is_empty() || (reads && team_id == "new") {
        return None;
    }
    let action = match (parts.next(), parts.next(), method) {
        (None, _, _) if reads => Action::ShowTeam,
        (None, _, &Method::PATCH | &Method::PUT) => Action::UpdateTeam,
        (None, _, &Method::DELETE) => Action::DeleteTeam,
        (Some("team_members"), None, _) if reads => Action::ListMembers,
        (Some("team_members"), None, &Method::POST) => Action::AddMembers,
        (Some("team_members"), None, &Method::PATCH) => Action::UpdateMembers,
        (Some("team_members"), None, &Method::DELETE) => Action::RemoveMembers,
        _ => return None,
    };
    Some(Route {
        action,
        account_id,
        team_id,
    })
}

/// A path id as ActiveRecord's `find` reads it: digits only, else no record.
pub(crate) fn record_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::patch(
        "PATCH",
        "/api/v1/accounts/1/teams/2/team_members",
        Some(Action::UpdateMembers)
    )]
    #[case::get_index(
        "GET",
        "/api/v1/accounts/1/teams/2/team_members",
        Some(Action::ListMembers)
    )]
    #[case::post(
        "POST",
        "/api/v1/accounts/1/teams/2/team_members",
        Some(Action::AddMembers)
    )]
    #[case::delete(
        "DELETE",
        "/api/v1/accounts/1/teams/2/team_members",
        Some(Action::RemoveMembers)
    )]
    #[case::show_team("GET", "/api/v1/accounts/1/teams/2", Some(Action::ShowTeam))]
    #[case::head_index(
        "HEAD",
        "/api/v1/accounts/1/teams/2/team_members",
        Some(Action::ListMembers)
    )]
    #[case::trailing_slash(
        "PATCH",
        "/api/v1/accounts/1/teams/2/team_members/",
        Some(Action::UpdateMembers)
    )]
    #[case::json_format("GET", "/api/v1/accounts/1/teams/2.json", Some(Action::ShowTeam))]
    #[case::put_has_no_route("PUT", "/api/v1/accounts/1/teams/2/team_members", None)]
    #[case::list_teams("GET", "/api/v1/accounts/1/teams", Some(Action::ListTeams))]
    #[case::list_teams_json("GET", "/api/v1/accounts/1/teams.json", Some(Action::ListTeams))]
    #[case::create_team("POST", "/api/v1/accounts/1/teams", Some(Action::CreateTeam))]
    #[case::patch_team("PATCH", "/api/v1/accounts/1/teams/2", Some(Action::UpdateTeam))]
    #[case::put_team("PUT", "/api/v1/accounts/1/teams/2", Some(Action::UpdateTeam))]
    #[case::delete_team("DELETE", "/api/v1/accounts/1/teams/2", Some(Action::DeleteTeam))]
    #[case::delete_all_teams_has_no_route("DELETE", "/api/v1/accounts/1/teams", None)]
    #[case::post_to_a_team_has_no_route("POST", "/api/v1/accounts/1/teams/2", None)]
    #[case::new_team_form_has_no_action("GET", "/api/v1/accounts/1/teams/new", None)]
    #[case::list_agents("GET", "/api/v1/accounts/1/agents", Some(Action::ListAgents))]
    #[case::head_agents("HEAD", "/api/v1/accounts/1/agents", Some(Action::ListAgents))]
    #[case::one_agent_is_not_modelled("GET", "/api/v1/accounts/1/agents/3", None)]
    #[case::agents_post_is_not_modelled("POST", "/api/v1/accounts/1/agents", None)]
    #[case::member_id_in_path("DELETE", "/api/v1/accounts/1/teams/2/team_members/5", None)]
    #[case::other_resource("GET", "/api/v1/accounts/1/inboxes", None)]
    #[case::accounts_root("GET", "/api/v1/accounts", None)]
    #[case::profile("GET", "/api/v1/profile", Some(Action::ShowProfile))]
    #[case::profile_json("GET", "/api/v1/profile.json", Some(Action::ShowProfile))]
    #[case::profile_head("HEAD", "/api/v1/profile", Some(Action::ShowProfile))]
    #[case::profile_update_is_not_modelled("PATCH", "/api/v1/profile", None)]
    #[case::profile_member_route_is_not_modelled("POST", "/api/v1/profile/availability", None)]
    #[case::profiles_is_another_path("GET", "/api/v1/profiles", None)]
    #[case::empty_team_id("GET", "/api/v1/accounts/1/teams//team_members", None)]
    fn routes_match_like_rails(
        #[case] method: &str,
        #[case] path: &str,
        #[case] expected: Option<Action>,
    ) {
        let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        assert_eq!(route(&method, path).map(|r| r.action), expected);
    }

    #[rstest]
    #[case::plain("12", Some(12))]
    #[case::leading_zero("012", Some(12))]
    #[case::letters("abc", None)]
    #[case::sign("+1", None)]
    #[case::too_big("99999999999999999999", None)]
    fn path_ids_are_digits_only(#[case] text: &str, #[case] expected: Option<i64>) {
        assert_eq!(record_id(text), expected);
    }
}
