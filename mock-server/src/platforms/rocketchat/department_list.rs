//! `GET /api/v1/livechat/department`: the department list.
//!
//! Route (`RocketChat/Rocket.Chat` `apps/meteor/app/livechat/imports/server/rest/departments.ts`,
//! the version importing `departmentsLib`): `validateParams: isGETLivechatDepartmentProps`,
//! permission `view-livechat-departments` or `view-l-room` (`hasAny`), `getPaginationItems`,
//! `parseJsonQuery`, then `findDepartments` (`apps/meteor/app/livechat/server/api/lib/departments.ts`):
//! `text` is a case-insensitive, escaped name match, `enabled=true` keeps enabled departments,
//! `excludeDepartmentId` drops one id, default sort `{ name: 1 }`; the answer is
//! `{departments, count, offset, total, success}`.

use std::cmp::Ordering;

use serde::Serialize;

use crate::exchange::{Operation, Request, Response};

use super::bodies;
use super::list_query::{self, QueryType};
use super::query::{self, SortKey, SortValue, compare_by};
use super::world::{RocketChatDepartment, RocketChatWorld};

/// `isGETLivechatDepartmentProps` (RocketChat/Rocket.Chat `packages/rest-typings/src/v1/omnichannel.ts`), in schema order.
const SCHEMA: &[(&str, QueryType)] = &[
    ("text", QueryType::String),
    ("onlyMyDepartments", QueryType::TrueOrFalse),
    ("enabled", QueryType::String),
    ("excludeDepartmentId", QueryType::String),
    ("showArchived", QueryType::String),
    ("count", QueryType::Number),
    ("offset", QueryType::Number),
    ("sort", QueryType::String),
    ("query", QueryType::String),
];

/// Key order `departments, count, offset, total, success`.
#[derive(Debug, Serialize)]
struct DepartmentsPage<'a> {
    departments: Vec<&'a RocketChatDepartment>,
    count: usize,
    offset: i64,
    total: usize,
    success: bool,
}

/// The list for an authorized caller.
pub(crate) fn list_departments(
    world: &RocketChatWorld,
    operation: Operation,
    request: &Request<'_>,
) -> Response {
    let pairs = query::parse_pairs(request.query);
    if let Err(message) = list_query::validate(&pairs, SCHEMA) {
        return bodies::invalid_params(operation, &message);
    }
    let page = query::pagination(&pairs);
    let keys = match sort_keys(&pairs) {
        Ok(keys) => keys,
        Err(invalid) => return bodies::invalid_sort(operation, &invalid),
    };
    let text = query::param(&pairs, "text")
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase);
    let only_enabled = query::param(&pairs, "enabled") == Some("true");
    let exclude = query::param(&pairs, "excludeDepartmentId").filter(|e| !e.is_empty());
    let mut matching: Vec<&RocketChatDepartment> = world
        .departments
        .iter()
        .filter(|d| !only_enabled || d.enabled)
        .filter(|d| {
            text.as_ref()
                .is_none_or(|t| d.name.to_lowercase().contains(t))
        })
        .filter(|d| exclude.is_none_or(|e| d.id != e))
        .collect();
    let total = matching.len();
    matching.sort_by(|a, b| compare(a, b, &keys));
    let departments = slice(matching, page);
    let body = DepartmentsPage {
        count: departments.len(),
        departments,
        offset: page.offset,
        total,
        success: true,
    };
    // `onlyMyDepartments` only narrows the list for livechat monitors (an enterprise callback);
    // the seed world has none, so it is accepted and ignored.
    bodies::page(operation, &body, page.assumed)
}

/// `parseJsonQuery`'s sort, with this endpoint's default `{ name: 1 }`.
pub(crate) fn sort_keys(pairs: &[(String, String)]) -> Result<Vec<SortKey>, query::InvalidSort> {
    match query::param(pairs, "sort") {
        None | Some("") => Ok(vec![SortKey {
            field: "name".to_owned(),
            descending: false,
        }]),
        Some(_) => query::sort(pairs),
    }
}

/// `skip`/`limit` (`count == 0`: no limit).
pub(crate) fn slice<T>(items: Vec<T>, page: query::Pagination) -> Vec<T> {
    let skip = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let take = match usize::try_from(page.count) {
        Ok(0) | Err(_) => usize::MAX,
        Ok(n) => n,
    };
    items.into_iter().skip(skip).take(take).collect()
}

fn sort_value<'a>(department: &'a RocketChatDepartment, field: &str) -> SortValue<'a> {
    match field {
        "_id" => SortValue::Text(&department.id),
        "name" => SortValue::Text(&department.name),
        "email" => SortValue::Text(&department.email),
        "description" => department
            .description
            .as_deref()
            .map_or(SortValue::Missing, SortValue::Text),
        "_updatedAt" => SortValue::Text(&department.updated_at),
        "numAgents" => department.num_agents.map_or(SortValue::Missing, |n| {
            SortValue::Number(i64::try_from(n).unwrap_or(i64::MAX))
        }),
        "enabled" => SortValue::Boolean(department.enabled),
        "showOnRegistration" => SortValue::Boolean(department.show_on_registration),
        "showOnOfflineForm" => SortValue::Boolean(department.show_on_offline_form),
        _ => SortValue::Missing,
    }
}

fn compare(a: &RocketChatDepartment, b: &RocketChatDepartment, keys: &[SortKey]) -> Ordering {
    compare_by(a, b, keys, sort_value)
}
