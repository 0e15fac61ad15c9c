//! The read endpoints (`findDepartmentAgents` in `RocketChat/Rocket.Chat@06b8654343c27ee8dd9792a2dda4fc64c7107f19`
//! `apps/meteor/app/livechat/server/api/lib/departments.ts`, and the routes in
//! `apps/meteor/app/livechat/imports/server/rest/departments.ts`):
//! `GET …/department/{_id}/agents` (paginated, sorted) and
//! `GET …/department/{_id}` (the department and all its records).

use http::StatusCode;
use serde::Serialize;

use crate::exchange::{Operation, Request, Response, content_type};
use crate::fidelity::Provenance;
use crate::platforms::options::RocketChatValidation;

use super::agents::of_department;
use super::auth::Grants;
use super::world::{RocketChatDepartment, RocketChatDepartmentAgent, RocketChatWorld};
use super::{ajv_check, bodies, query};

/// `findDepartmentAgents` + `API.v1.success`: key order `agents, count, offset, total, success`.
#[derive(Debug, Serialize)]
struct AgentsPage<'a> {
    agents: Vec<&'a RocketChatDepartmentAgent>,
    count: usize,
    offset: i64,
    total: usize,
    success: bool,
}

/// `findDepartmentById` + `API.v1.success`: `department, agents?, success`.
#[derive(Debug, Serialize)]
struct DepartmentAnswer<'a> {
    department: Option<&'a RocketChatDepartment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agents: Option<Vec<&'a RocketChatDepartmentAgent>>,
    success: bool,
}

/// `GET /api/v1/livechat/department/{_id}/agents` for an authorized caller. The department is
/// not looked up: an unknown id gives an empty page.
pub(crate) fn list_agents(
    world: &RocketChatWorld,
    operation: Operation,
    department_id: &str,
    request: &Request<'_>,
    validation: RocketChatValidation,
) -> Response {
    let pairs = query::parse_pairs(request.query);
    if validation == RocketChatValidation::Ajv
        && let Err(message) = ajv_check::validate_agents_query(&pairs)
    {
        return bodies::invalid_params(operation, &message);
    }
    let page = query::pagination(&pairs);
    let keys = match query::sort(&pairs) {
        Ok(keys) => keys,
        Err(invalid) => return bodies::invalid_sort(operation, &invalid),
    };
    let mut records: Vec<&RocketChatDepartmentAgent> =
        of_department(world, department_id).collect();
    let total = records.len();
    records.sort_by(|a, b| query::compare(a, b, &keys));
    let skip = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let take = match usize::try_from(page.count) {
        Ok(0) | Err(_) => usize::MAX,
        Ok(n) => n,
    };
    let agents: Vec<&RocketChatDepartmentAgent> =
        records.into_iter().skip(skip).take(take).collect();
    let body = AgentsPage {
        count: agents.len(),
        agents,
        offset: page.offset,
        total,
        success: true,
    };
    bodies::page(operation, &body, page.assumed)
}

/// `GET /api/v1/livechat/department/{_id}` for an authorized caller. `includeAgents` is on when
/// absent or `true` and needs `view-livechat-departments`; an unknown id gives
/// `department: null` with status 200.
pub(crate) fn get_department(
    world: &RocketChatWorld,
    operation: Operation,
    department_id: &str,
    request: &Request<'_>,
    grants: Grants,
) -> Response {
    let pairs = query::parse_pairs(request.query);
    let include_agents = query::param(&pairs, "includeAgents").is_none_or(|v| v == "true")
        && grants.has_any(Grants::VIEW_DEPARTMENTS);
    let body = DepartmentAnswer {
        department: world.departments.iter().find(|d| d.id == department_id),
        agents: include_agents.then(|| of_department(world, department_id).collect()),
        success: true,
    };
    Response::json(
        operation,
        StatusCode::OK,
        content_type::JSON,
        &body,
        Provenance::Observed,
    )
    .with_headers(&bodies::NO_CACHE)
}
