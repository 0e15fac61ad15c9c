//! ChatDash's routes under `/v1/public` and their operation ids (`contracts/index.json`).

use http::Method;

use crate::exchange::Operation;
use crate::platforms::path_segments::Segments;
use crate::vendor_name::VendorName;

/// One ChatDash route, with its path parameter borrowed from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'a> {
    /// `PUT /agents/assign`
    Assign,
    /// `GET /agents`
    ListAgents,
    /// `GET /agents/{agentId}`
    GetAgent(&'a str),
    /// `PUT /agents/{agentId}/unassign`
    Unassign(&'a str),
    /// `GET /clients`
    ListClients,
    /// `GET /clients/{clientId}`
    GetClient(&'a str),
    /// Anything else under `/v1/public`.
    NotFound,
}

impl<'a> Route<'a> {
    /// The route of a request. `path` includes the `/v1/public` base path.
    pub(crate) fn of(method: &Method, path: &'a str) -> Route<'a> {
        let Some(rest) = path.strip_prefix(VendorName::ChatDash.base_path()) else {
            return Route::NotFound;
        };
        let writes = *method == Method::PUT;
        // The usual request, matched whole before the path is split (the same answer as below).
        if writes && rest == "/agents/assign" {
            return Route::Assign;
        }
        let reads = *method == Method::GET || *method == Method::HEAD;
        let mut segments = Segments::new(rest);
        // `rest` is empty or starts with '/', so the first segment is always "".
        let _ = segments.next();
        let parts = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        );
        match parts {
            (Some("agents"), None, None, None) if reads => Route::ListAgents,
            (Some("agents"), Some("assign"), None, None) if writes => Route::Assign,
            (Some("agents"), Some(id), None, None) if reads && !id.is_empty() => {
                Route::GetAgent(id)
            }
            (Some("agents"), Some(id), Some("unassign"), None) if writes && !id.is_empty() => {
                Route::Unassign(id)
            }
            (Some("clients"), None, None, None) if reads => Route::ListClients,
            (Some("clients"), Some(id), None, None) if reads && !id.is_empty() => {
                Route::GetClient(id)
            }
            _ => Route::NotFound,
        }
    }

    /// The operation this route answers for.
    pub(crate) fn operation(self) -> Operation {
        let id = match self {
            Route::Assign => "assign-agents",
            Route::ListAgents => "list-agents",
            Route::GetAgent(_) => "get-agent",
            Route::Unassign(_) => "unassign-agent",
            Route::ListClients => "list-clients",
            Route::GetClient(_) => "get-client",
            Route::NotFound => "unknown-route",
        };
        Operation::new(VendorName::ChatDash, id)
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::assign(Method::PUT, "/v1/public/agents/assign", Route::Assign)]
    #[case::list(Method::GET, "/v1/public/agents", Route::ListAgents)]
    #[case::list_head(Method::HEAD, "/v1/public/agents", Route::ListAgents)]
    #[case::get(Method::GET, "/v1/public/agents/a1", Route::GetAgent("a1"))]
    #[case::get_named_assign(Method::GET, "/v1/public/agents/assign", Route::GetAgent("assign"))]
    #[case::unassign(Method::PUT, "/v1/public/agents/a1/unassign", Route::Unassign("a1"))]
    #[case::assign_by_post(Method::POST, "/v1/public/agents/assign", Route::NotFound)]
    #[case::list_by_put(Method::PUT, "/v1/public/agents", Route::NotFound)]
    #[case::unassign_by_get(Method::GET, "/v1/public/agents/a1/unassign", Route::NotFound)]
    #[case::empty_agent_id(Method::PUT, "/v1/public/agents//unassign", Route::NotFound)]
    #[case::trailing_slash(Method::GET, "/v1/public/agents/", Route::NotFound)]
    #[case::base_path(Method::GET, "/v1/public", Route::NotFound)]
    #[case::clients(Method::GET, "/v1/public/clients", Route::ListClients)]
    #[case::clients_head(Method::HEAD, "/v1/public/clients", Route::ListClients)]
    #[case::client(Method::GET, "/v1/public/clients/c1", Route::GetClient("c1"))]
    #[case::clients_by_post(Method::POST, "/v1/public/clients", Route::NotFound)]
    #[case::client_by_put(Method::PUT, "/v1/public/clients/c1", Route::NotFound)]
    #[case::clients_trailing_slash(Method::GET, "/v1/public/clients/", Route::NotFound)]
    #[case::client_members(Method::GET, "/v1/public/clients/c1/members", Route::NotFound)]
    #[case::too_deep(Method::PUT, "/v1/public/agents/a1/unassign/x", Route::NotFound)]
    #[case::other_vendor(Method::GET, "/api/v1/accounts", Route::NotFound)]
    fn routes_match_method_and_exact_path(
        #[case] method: Method,
        #[case] path: &str,
        #[case] route: Route<'_>,
    ) {
        assert_eq!(Route::of(&method, path), route);
    }

    #[test]
    fn operation_ids_are_the_shared_ones() {
        let ids = [
            Route::Assign,
            Route::ListAgents,
            Route::GetAgent("x"),
            Route::Unassign("x"),
            Route::ListClients,
            Route::GetClient("x"),
            Route::NotFound,
        ]
        .map(|r| r.operation().id);
        assert_eq!(
            ids,
            [
                "assign-agents",
                "list-agents",
                "get-agent",
                "unassign-agent",
                "list-clients",
                "get-client",
                "unknown-route"
            ]
        );
    }
}
