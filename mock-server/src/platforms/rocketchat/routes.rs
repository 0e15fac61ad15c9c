//! The routes this vendor serves under `/api/v1/livechat` and their operation ids.

use http::Method;

use crate::exchange::{Operation, Request};
use crate::vendor_name::VendorName;

use super::query::percent_decode;
use crate::platforms::path_segments::Segments;

/// `POST /api/v1/livechat/department/{_id}/agents`.
pub(crate) const UPDATE_DEPARTMENT_AGENTS: Operation =
    Operation::new(VendorName::RocketChat, "update-department-agents");
/// `GET /api/v1/livechat/department/{_id}/agents`.
pub(crate) const LIST_DEPARTMENT_AGENTS: Operation =
    Operation::new(VendorName::RocketChat, "list-department-agents");
/// `GET /api/v1/livechat/department/{_id}`.
pub(crate) const GET_DEPARTMENT: Operation =
    Operation::new(VendorName::RocketChat, "get-department");
/// `GET /api/v1/livechat/department` (list).
pub(crate) const LIST_DEPARTMENTS: Operation =
    Operation::new(VendorName::RocketChat, "list-departments");
/// `POST /api/v1/livechat/department` (create).
pub(crate) const CREATE_DEPARTMENT: Operation =
    Operation::new(VendorName::RocketChat, "create-department");
/// `DELETE /api/v1/livechat/department/{_id}`.
pub(crate) const REMOVE_DEPARTMENT: Operation =
    Operation::new(VendorName::RocketChat, "remove-department");
/// `GET /api/v1/livechat/users/agent` (the livechat agents).
pub(crate) const LIST_LIVECHAT_AGENTS: Operation =
    Operation::new(VendorName::RocketChat, "list-livechat-agents");
/// Anything else under the base path.
pub(crate) const UNKNOWN_ROUTE: Operation = Operation::new(VendorName::RocketChat, "unknown-route");

/// A matched route with its decoded department id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    UpdateAgents(String),
    ListAgents(String),
    GetDepartment(String),
    ListDepartments,
    CreateDepartment,
    RemoveDepartment(String),
    ListLivechatAgents,
    /// No route for this method and path. Rocket.Chat's router matches method and path
    /// together, so a known path with another method is the same miss as an unknown path.
    Unknown,
    /// A path starting with `//`: Express's `/api` prefix does not match it, so it never
    /// reaches the API router and Meteor's WebApp answers it.
    OutsideApi,
}

impl Route {
    /// Matches `request` (its path is under `vendor`'s base path).
    pub(crate) fn of(request: &Request<'_>, vendor: VendorName) -> Route {
        if request.path.starts_with("//") {
            return Route::OutsideApi;
        }
        let rest = request.path.strip_prefix(vendor.base_path()).unwrap_or("");
        // The segments after the first `/` (no route has more than three), on the stack.
        let mut segments = [""; 3];
        let mut count = 0;
        let mut parts = Segments::new(rest);
        // What comes before the first `/` (nothing, under the base path).
        parts.next();
        for segment in parts {
            let Some(slot) = segments.get_mut(count) else {
                return Route::Unknown;
            };
            *slot = segment;
            count += 1;
        }
        let id = |raw: &str| percent_decode(raw, false);
        match (request.method, segments.get(..count).unwrap_or_default()) {
            (&Method::POST, ["department", raw, "agents"]) if !raw.is_empty() => {
                Route::UpdateAgents(id(raw))
            }
            (&Method::GET, ["department", raw, "agents"]) if !raw.is_empty() => {
                Route::ListAgents(id(raw))
            }
            (&Method::GET, ["department", raw]) if !raw.is_empty() => Route::GetDepartment(id(raw)),
            (&Method::DELETE, ["department", raw]) if !raw.is_empty() => {
                Route::RemoveDepartment(id(raw))
            }
            (&Method::GET, ["department"]) => Route::ListDepartments,
            (&Method::POST, ["department"]) => Route::CreateDepartment,
            (&Method::GET, ["users", "agent"]) => Route::ListLivechatAgents,
            _ => Route::Unknown,
        }
    }

    /// The operation id.
    pub(crate) fn operation(&self) -> Operation {
        match self {
            Route::UpdateAgents(_) => UPDATE_DEPARTMENT_AGENTS,
            Route::ListAgents(_) => LIST_DEPARTMENT_AGENTS,
            Route::GetDepartment(_) => GET_DEPARTMENT,
            Route::ListDepartments => LIST_DEPARTMENTS,
            Route::CreateDepartment => CREATE_DEPARTMENT,
            Route::RemoveDepartment(_) => REMOVE_DEPARTMENT,
            Route::ListLivechatAgents => LIST_LIVECHAT_AGENTS,
            Route::Unknown | Route::OutsideApi => UNKNOWN_ROUTE,
        }
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderMap;
    use rstest::rstest;

    use super::*;

    fn route(method: Method, path: &str) -> Route {
        let headers = HeaderMap::new();
        Route::of(
            &Request {
                method: &method,
                path,
                query: None,
                headers: &headers,
                body: &[],
            },
            VendorName::RocketChat,
        )
    }

    #[rstest]
    #[case::post_agents(Method::POST, "/api/v1/livechat/department/D1/agents", Route::UpdateAgents("D1".to_owned()))]
    #[case::get_agents(Method::GET, "/api/v1/livechat/department/D1/agents", Route::ListAgents("D1".to_owned()))]
    #[case::get_department(Method::GET, "/api/v1/livechat/department/D%201", Route::GetDepartment("D 1".to_owned()))]
    #[case::list_departments(Method::GET, "/api/v1/livechat/department", Route::ListDepartments)]
    #[case::create_department(Method::POST, "/api/v1/livechat/department", Route::CreateDepartment)]
    #[case::remove_department(Method::DELETE, "/api/v1/livechat/department/D1", Route::RemoveDepartment("D1".to_owned()))]
    #[case::list_agents_of_livechat(
        Method::GET,
        "/api/v1/livechat/users/agent",
        Route::ListLivechatAgents
    )]
    #[case::list_managers(Method::GET, "/api/v1/livechat/users/manager", Route::Unknown)]
    #[case::put_agents(Method::PUT, "/api/v1/livechat/department/D1/agents", Route::Unknown)]
    #[case::empty_id(Method::POST, "/api/v1/livechat/department//agents", Route::Unknown)]
    #[case::trailing_slash(Method::GET, "/api/v1/livechat/department/D1/", Route::Unknown)]
    #[case::other_path(Method::GET, "/api/v1/livechat/rooms", Route::Unknown)]
    #[case::four_segments(
        Method::POST,
        "/api/v1/livechat/department/D1/agents/x",
        Route::Unknown
    )]
    #[case::many_segments(
        Method::GET,
        "/api/v1/livechat/department/D1/agents/x/y/z",
        Route::Unknown
    )]
    #[case::base_path(Method::GET, "/api/v1/livechat", Route::Unknown)]
    #[case::base_path_slash(Method::GET, "/api/v1/livechat/", Route::Unknown)]
    #[case::empty_segment(Method::POST, "/api/v1//livechat/department/D1/agents", Route::Unknown)]
    #[case::leading_double_slash(
        Method::POST,
        "//api/v1/livechat/department/D1/agents",
        Route::OutsideApi
    )]
    fn routes_match_method_and_path(
        #[case] method: Method,
        #[case] path: &str,
        #[case] expected: Route,
    ) {
        assert_eq!(route(method, path), expected);
    }
}
