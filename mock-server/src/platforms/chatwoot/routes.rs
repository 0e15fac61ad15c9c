//! Chatwoot's routes under `/api/v1/accounts` (reference §1): which operation a request is.

use http::Method;

use crate::exchange::Operation;
use crate::platforms::VendorName;

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
    /// `GET /teams/{team_id}` (show).
    ShowTeam,
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
                Action::ShowTeam => "get-team",
            },
        )
    }
}

/// The operation of a request no modelled route matches.
pub(crate) const UNKNOWN: Operation = Operation::new(VendorName::Chatwoot, "unknown-route");

/// A matched route with its raw path parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Route<'a> {
    pub(crate) action: Action,
    pub(crate) account_id: &'a str,
    pub(crate) team_id: &'a str,
}

/// Matches `method` and `path` like Rails' router: one optional trailing slash and a `.json`
/// format suffix are accepted; `PUT .../team_members` has no route (only PATCH does); HEAD
/// takes the GET route.
pub(crate) fn route<'a>(method: &Method, path: &'a str) -> Option<Route<'a>> {
    let rest = path.strip_prefix("/api/v1/accounts/")?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let rest = rest.strip_suffix(".json").unwrap_or(rest);
    let mut parts = rest.split('/');
    let account_id = parts.next().filter(|s| !s.is_empty())?;
    if parts.next()? != "teams" {
        return None;
    }
    let team_id = parts.next().filter(|s| !s.is_empty())?;
    // Rails answers HEAD with the GET route (the server then drops the body).
    let reads = *method == Method::GET || *method == Method::HEAD;
    let action = match (parts.next(), parts.next(), method) {
        (None, _, _) if reads => Action::ShowTeam,
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
    #[case::member_id_in_path("DELETE", "/api/v1/accounts/1/teams/2/team_members/5", None)]
    #[case::other_resource("GET", "/api/v1/accounts/1/inboxes", None)]
    #[case::accounts_root("GET", "/api/v1/accounts", None)]
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
