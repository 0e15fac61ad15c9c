//! `POST /api/v1/livechat/department`: create a department, optionally with agents.
//!
//! Route (`RocketChat/Rocket.Chat` `apps/meteor/app/livechat/imports/server/rest/departments.ts`,
//! the version importing `departmentsLib`): permission `manage-livechat-departments` (`hasAll`),
//! the body checks of `department_check.rs`, then `saveDepartment(userId, null, department,
//! {upsert: agents})` (`apps/meteor/app/livechat/server/lib/departmentsLib.ts`
//! @9f215bc1a6e1e91f93f8f6eff4f62a866939f7d4) and
//! `{department, agents: LivechatDepartmentAgents.find({departmentId}), success: true}`.
//!
//! `LivechatDepartment.createOrUpdateDepartment` inserts a copy of the data and returns
//! `Object.assign({...data}, {_id})`, so the answer's department is the body's keys in order
//! followed by `_id`, without `_updatedAt`. `BaseRaw.insertOne`
//! (`packages/models/src/models/BaseRaw.ts` @0716101b05bd425a543b089f9575682181fc4313) mints
//! the `_id` as `new ObjectId().toHexString()` (24 hex characters, not a 17-character Meteor id).
//!
//! Differences, assumed: Rocket.Chat writes the department before the agents' item check, so
//! a bad agent item leaves the department behind; here every check runs first and a refused
//! request changes nothing. The world keeps the department's known fields only, so a later
//! `GET …/department/{_id}` shows them in the world's order and without custom fields.
//! Creation is always available (Rocket.Chat Community allows one department; the seed world,
//! with two, is an Enterprise server).

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::clock::now_iso8601;
use crate::exchange::{Operation, Response, content_type};
use crate::fast_hash::FastMap;
use crate::fidelity::Provenance;
use crate::ids::object_id;

use super::agents::{self, of_department};
use super::bodies;
use super::department_check::{CreatePlan, CreateRejection};
use super::world::{RocketChatDepartment, RocketChatDepartmentAgent, RocketChatWorld};

/// The closing-tag rule's `Meteor.Error` message.
const CLOSING_TAGS: &str = "At least one closing tag is required when the department requires tag(s) on closing conversations. [error-validating-department-chat-closing-tags]";
/// The missing fallback department's `Meteor.Error` message.
const FALLBACK_NOT_FOUND: &str =
    "Fallback department not found [error-fallback-department-not-found]";

/// `failure(e.message, e.error, …, e)` for a `Meteor.Error` with `details`.
#[derive(Debug, Serialize)]
struct MethodFailure<'a> {
    success: bool,
    error: &'a str,
    #[serde(rename = "errorType")]
    error_type: &'a str,
    details: MethodDetails,
}

#[derive(Debug, Serialize)]
struct MethodDetails {
    method: &'static str,
}

#[derive(Debug, Serialize)]
struct Created<'a> {
    department: &'a Map<String, Value>,
    agents: Vec<&'a RocketChatDepartmentAgent>,
    success: bool,
}

/// The 400 for a refused body.
pub(crate) fn rejected(operation: Operation, rejection: &CreateRejection) -> Response {
    match rejection {
        CreateRejection::Ajv(message) => bodies::invalid_params(operation, message),
        CreateRejection::Match(error) => {
            bodies::failure(operation, error, None, Provenance::Observed)
        }
        CreateRejection::ClosingTags => method_failure(
            operation,
            CLOSING_TAGS,
            "error-validating-department-chat-closing-tags",
        ),
    }
}

fn method_failure(operation: Operation, error: &str, error_type: &str) -> Response {
    let body = MethodFailure {
        success: false,
        error,
        error_type,
        details: MethodDetails {
            method: "livechat:saveDepartment",
        },
    };
    Response::json(
        operation,
        StatusCode::BAD_REQUEST,
        content_type::JSON,
        &body,
        Provenance::Observed,
    )
    .with_headers(&bodies::NO_CACHE)
}

/// Looks up the fallback department, inserts the department, upserts its agents and answers.
pub(crate) fn create(
    world: &mut RocketChatWorld,
    usernames: &FastMap<String, Option<String>>,
    operation: Operation,
    plan: CreatePlan,
) -> Response {
    if let Some(fallback) = &plan.fallback
        && !world.departments.iter().any(|d| &d.id == fallback)
    {
        return method_failure(
            operation,
            FALLBACK_NOT_FOUND,
            "error-fallback-department-not-found",
        );
    }
    let id = object_id();
    let data = &plan.data;
    let text = |key: &str| data.get(key).and_then(Value::as_str).map(str::to_owned);
    let flag = |key: &str| data.get(key).and_then(Value::as_bool).unwrap_or(false);
    world.departments.push(RocketChatDepartment {
        id: id.clone(),
        name: text("name").unwrap_or_default(),
        enabled: flag("enabled"),
        description: text("description"),
        show_on_registration: flag("showOnRegistration"),
        show_on_offline_form: flag("showOnOfflineForm"),
        email: text("email").unwrap_or_default(),
        num_agents: None,
        updated_at: now_iso8601(),
    });
    let index = world.departments.len() - 1;
    agents::apply(world, usernames, index, &plan.agents);
    let mut department = plan.data;
    department.insert("_id".to_owned(), Value::String(id.clone()));
    let body = Created {
        department: &department,
        agents: of_department(world, &id).collect(),
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
