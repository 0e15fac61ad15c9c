//! `DELETE /api/v1/livechat/department/{_id}`.
//!
//! Route (`RocketChat/Rocket.Chat` `apps/meteor/app/livechat/imports/server/rest/departments.ts`,
//! the version importing `departmentsLib`): permission `manage-livechat-departments` or
//! `remove-livechat-department` (`hasAny`), the `Omnichannel_enable_department_removal` setting,
//! then `removeDepartment` (`apps/meteor/app/livechat/server/lib/departmentsLib.ts`
//! @9f215bc1a6e1e91f93f8f6eff4f62a866939f7d4): an unknown id throws a plain
//! `Error('error-department-not-found')`, which the API answers as 400
//! `{"success":false,"error":"error-department-not-found"}` (asserted by
//! `apps/meteor/tests/end-to-end/api/livechat/10-departments.ts`); otherwise the department and
//! all its agent records are removed and the answer is `{"success":true}`.
//!
//! Assumed: the setting is on (its default is off, which answers every call with 400
//! `error-department-removal-disabled`; Rocket.Chat's own tests and any server the runner
//! cleans up after must turn it on). The world does not model settings.

use http::StatusCode;

use crate::exchange::{Operation, Response};
use crate::fidelity::Provenance;

use super::bodies;
use super::world::RocketChatWorld;

const NOT_FOUND: &str = r#"{"success":false,"error":"error-department-not-found"}"#;

/// Removes the department and its agent records.
pub(crate) fn remove(
    world: &mut RocketChatWorld,
    operation: Operation,
    department_id: &str,
) -> Response {
    let Some(index) = world.departments.iter().position(|d| d.id == department_id) else {
        return bodies::action_fixed(
            operation,
            StatusCode::BAD_REQUEST,
            NOT_FOUND,
            Provenance::Observed,
        );
    };
    world.departments.remove(index);
    world
        .department_agents
        .retain(|record| record.department_id != department_id);
    bodies::action_fixed(
        operation,
        StatusCode::OK,
        bodies::SUCCESS,
        Provenance::Observed,
    )
}
