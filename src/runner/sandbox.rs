//! Sandbox groups: the groups a mutating scenario runs on instead of the target's real ones.
//!
//! Before a scenario's first step one group is made per `sandbox:` variable, named
//! `rosterwire-<run id>-<n>`, and the variable is bound to its id; after the last step (also after
//! failures and Ctrl-C) the group is deleted and read back as gone. The vendor calls:
//!
//! - chatwoot (`account_id`, `admin_token` in `api_access_token`): create
//!   `POST /api/v1/accounts/{account_id}/teams` `{"name": …}` → the team with its integer `id`;
//!   delete `DELETE …/teams/{id}` (200, empty body); gone when `GET …/teams/{id}` is 404; list
//!   `GET …/teams` (an array). Source: `chatwoot/chatwoot`
//!   `app/controllers/api/v1/accounts/teams_controller.rb` @c4baf58ae026beada36177e085df76f0ad568caf.
//! - rocketchat (`admin_user_id`, `admin_token` in `X-User-Id`, `X-Auth-Token`): create
//!   `POST /api/v1/livechat/department` `{"department": {…}}` → `{"department": {"_id": …}}`; the
//!   department's required fields are `name`, `email`, `enabled`, `showOnRegistration`,
//!   `showOnOfflineForm` (`RocketChat/Rocket.Chat` `packages/rest-typings/src/v1/omnichannel.ts`
//!   @0b95bab03cee4e3c9a9801fb2a656d5d7e828255, `POSTLivechatDepartmentSchema`); delete
//!   `DELETE /api/v1/livechat/department/{_id}`; gone when `GET …/department/{_id}` answers 404
//!   or `"department": null`; list `GET /api/v1/livechat/department?count=100&offset=…`.
//! - chatdash: no documented way to create a client; see [`crate::scenario::sandbox_supported`].

// A `Failure` is the scenario's result data, built on the cold path only.
#![allow(clippy::result_large_err)]

use std::hash::{BuildHasher, Hasher};

use bytes::Bytes;
use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::http::{HttpClient, OutgoingRequest};
use super::result::{Failure, FailureKind};
use crate::scenario::{Scenario, Step, Variables};

/// The prefix of every group rosterwire makes; `rosterwire clean` deletes exactly these.
pub(crate) const GROUP_PREFIX: &str = "rosterwire-";

/// The e-mail Rocket.Chat requires on a department (never written to by anyone).
const DEPARTMENT_EMAIL: &str = "rosterwire-sandbox@example.invalid";

/// How many departments one list request asks for.
const PAGE: usize = 100;

/// A fresh run id: 8 lower-case hex characters, random per run.
pub(crate) fn new_run_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("{:08x}", hasher.finish() & 0xffff_ffff)
}

/// The name of the `n`th group (counted from 1) of run `run_id`.
pub(crate) fn group_name(run_id: &str, n: usize) -> String {
    format!("{GROUP_PREFIX}{run_id}-{n}")
}

/// A group id as text: strings bare, numbers as written.
pub fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The variable names `${…}` in `text` (trimmed, as the interpolation reads them).
fn names_in(text: &str) -> impl Iterator<Item = &str> {
    text.split("${")
        .skip(1)
        .filter_map(|tail| tail.split_once('}').map(|(name, _)| name.trim()))
}

/// Whether `text` names any of `vars` as `${var}`.
pub(crate) fn mentions(text: &str, vars: &[String]) -> bool {
    names_in(text).any(|n| vars.iter().any(|v| v == n))
}

/// Whether the request of `step` uses any of `vars` (path, headers, body).
pub(crate) fn step_uses(step: &Step, vars: &[String]) -> bool {
    let request = &step.request;
    mentions(&request.path, vars)
        || request
            .headers
            .iter()
            .any(|(k, v)| mentions(k, vars) || mentions(v, vars))
        || request
            .body
            .as_ref()
            .is_some_and(|b| mentions(&b.to_string(), vars))
        || request
            .raw_body
            .as_deref()
            .is_some_and(|b| mentions(b, vars))
}

/// The `restore:` entries that do not name a sandbox variable (those groups are deleted instead).
pub(crate) fn restore_without_sandbox(scenario: &Scenario) -> Vec<String> {
    scenario
        .restore
        .iter()
        .filter(|g| !mentions(g, &scenario.sandbox))
        .cloned()
        .collect()
}

fn failure(message: String) -> Failure {
    Failure::new(FailureKind::Sandbox, message)
}

/// A vendor's group API (teams, departments), as the target's administrator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Groups<'a> {
    /// The HTTP client.
    pub client: &'a HttpClient,
    /// The vendor's origin (no trailing `/`).
    pub base_url: &'a str,
    /// The target's variables (credentials and `account_id`).
    pub vars: &'a Variables,
    /// The vendor: chatwoot or rocketchat.
    pub vendor: VendorName,
}

/// One group as the vendor lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListedGroup {
    /// Its id (number or string, as the vendor gives it).
    pub id: Value,
    /// Its name.
    pub name: String,
}

impl Groups<'_> {
    fn var(&self, name: &str) -> Result<String, Failure> {
        match self.vars.get(name) {
            Ok(Value::String(s)) => Ok(s),
            Ok(other) => Ok(other.to_string()),
            Err(e) => Err(failure(format!("{} groups: {e}", self.vendor))),
        }
    }

    fn auth(&self) -> Result<Vec<(String, String)>, Failure> {
        match self.vendor {
            VendorName::RocketChat => Ok(vec![
                ("X-User-Id".to_owned(), self.var("admin_user_id")?),
                ("X-Auth-Token".to_owned(), self.var("admin_token")?),
            ]),
            VendorName::Chatwoot => Ok(vec![(
                "api_access_token".to_owned(),
                self.var("admin_token")?,
            )]),
            VendorName::ChatDash => Err(failure(
                "chatdash has no documented way to create or delete a client".to_owned(),
            )),
        }
    }

    /// The collection path: Chatwoot's teams or Rocket.Chat's departments.
    fn collection(&self) -> Result<String, Failure> {
        match self.vendor {
            VendorName::Chatwoot => Ok(format!(
                "/api/v1/accounts/{}/teams",
                self.var("account_id")?
            )),
            _ => Ok("/api/v1/livechat/department".to_owned()),
        }
    }

    fn item(&self, id: &Value) -> Result<String, Failure> {
        Ok(format!("{}/{}", self.collection()?, id_text(id)))
    }

    /// Sends one request: the status and the body (parsed when JSON, `Null` when empty).
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), Failure> {
        let request = OutgoingRequest {
            method: method.to_owned(),
            url: format!("{}{path}", self.base_url),
            headers: self.auth()?,
            body: body.map(|b| (Bytes::from(b.to_string()), "application/json")),
        };
        let (response, _) = self.client.send(&request).await.map_err(|mut f| {
            f.message = format!("{method} {path}: {}", f.message);
            f
        })?;
        let value = if response.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&response.body).unwrap_or(Value::Null)
        };
        Ok((response.status, value))
    }

    /// Makes a group named `name`: its id.
    ///
    /// # Errors
    /// A transport error, a non-2xx answer, or an answer without the id.
    pub(crate) async fn create(&self, name: &str) -> Result<Value, Failure> {
        let path = self.collection()?;
        let body = match self.vendor {
            VendorName::Chatwoot => json!({"name": name}),
            _ => json!({"department": {
                "enabled": true,
                "showOnRegistration": false,
                "showOnOfflineForm": false,
                "email": DEPARTMENT_EMAIL,
                "name": name,
                "description": "made by rosterwire for one run; `rosterwire clean` deletes it",
            }}),
        };
        let (status, answer) = self.call("POST", &path, Some(&body)).await?;
        if !(200..300).contains(&status) {
            return Err(failure(format!(
                "cannot create the group `{name}`: POST {path} answered {status} {answer}"
            )));
        }
        let id = match self.vendor {
            VendorName::Chatwoot => answer.get("id").filter(|v| v.is_i64()),
            _ => answer
                .pointer("/department/_id")
                .filter(|v| v.as_str().is_some_and(|s| !s.is_empty())),
        };
        id.cloned().ok_or_else(|| {
            failure(format!(
                "cannot create the group `{name}`: POST {path} answered {status} without its id: {answer}"
            ))
        })
    }

    /// Whether the group `id` is gone: its GET is 404 (or, on Rocket.Chat, `department: null`).
    ///
    /// # Errors
    /// A transport error or an answer that says neither.
    pub(crate) async fn is_gone(&self, id: &Value) -> Result<bool, Failure> {
        let path = self.item(id)?;
        let (status, answer) = self.call("GET", &path, None).await?;
        match (status, self.vendor) {
            (404, _) => Ok(true),
            (200..=299, VendorName::RocketChat) => {
                Ok(answer.get("department") == Some(&Value::Null))
            }
            (200..=299, _) => Ok(false),
            _ => Err(failure(format!(
                "cannot tell whether the group {} is gone: GET {path} answered {status}",
                id_text(id)
            ))),
        }
    }

    /// Deletes the group and reads back that it is gone.
    ///
    /// # Errors
    /// The DELETE failed, or the group is still there afterwards.
    pub(crate) async fn delete(&self, name: &str, id: &Value) -> Result<(), Failure> {
        let path = self.item(id)?;
        let shown = id_text(id);
        let (status, answer) = self.call("DELETE", &path, None).await?;
        if !(200..300).contains(&status) {
            return Err(failure(format!(
                "cannot delete the group `{name}` (id {shown}): DELETE {path} answered {status} {answer}{}",
                removal_hint(&answer)
            )));
        }
        if self.is_gone(id).await? {
            Ok(())
        } else {
            Err(failure(format!(
                "the group `{name}` (id {shown}) is still there after DELETE {path} answered {status}"
            )))
        }
    }

    /// Every group of the vendor (Rocket.Chat: every page).
    ///
    /// # Errors
    /// A transport error, a non-2xx answer or an unexpected shape.
    pub(crate) async fn list(&self) -> Result<Vec<ListedGroup>, Failure> {
        let base = self.collection()?;
        let entry = |g: &Value, id: &str| ListedGroup {
            id: g.get(id).cloned().unwrap_or(Value::Null),
            name: g
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        };
        match self.vendor {
            VendorName::Chatwoot => {
                let (status, answer) = self.call("GET", &base, None).await?;
                let items = answer.as_array().filter(|_| (200..300).contains(&status));
                let items = items.ok_or_else(|| {
                    failure(format!("GET {base} answered {status}, not a list of teams"))
                })?;
                Ok(items.iter().map(|g| entry(g, "id")).collect())
            }
            _ => {
                let mut all = Vec::new();
                loop {
                    let path = format!("{base}?count={PAGE}&offset={}", all.len());
                    let (status, answer) = self.call("GET", &path, None).await?;
                    let items = answer["departments"]
                        .as_array()
                        .filter(|_| (200..300).contains(&status))
                        .ok_or_else(|| {
                            failure(format!(
                                "GET {path} answered {status}, not a list of departments"
                            ))
                        })?;
                    let total = answer["total"].as_u64();
                    all.extend(items.iter().map(|g| entry(g, "_id")));
                    let done = items.is_empty()
                        || total.map_or(items.len() < PAGE, |t| all.len() as u64 >= t);
                    if done {
                        break;
                    }
                }
                Ok(all)
            }
        }
    }
}

/// What to do when a Rocket.Chat server refuses to delete departments: its setting
/// `Omnichannel_enable_department_removal` is off by default (`RocketChat/Rocket.Chat@9f215bc1a6e1e91f93f8f6eff4f62a866939f7d4`
/// `apps/meteor/app/livechat/server/lib/departmentsLib.ts`, `removeDepartment` throws
/// `error-department-removal-disabled`).
fn removal_hint(answer: &Value) -> &'static str {
    if answer
        .to_string()
        .contains("error-department-removal-disabled")
    {
        " (Rocket.Chat: turn on the setting Omnichannel_enable_department_removal, or run with \
         --no-sandbox; `rosterwire clean` removes the group once deletion is allowed)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_department_removal_says_which_setting_allows_it() {
        let refused = serde_json::json!({"success": false, "error": "… [error-department-removal-disabled]", "errorType": "error-department-removal-disabled"});
        assert!(removal_hint(&refused).contains("Omnichannel_enable_department_removal"));
        assert_eq!(removal_hint(&serde_json::json!({"success": false})), "");
    }

    #[test]
    fn a_run_id_is_8_hex_characters_and_differs_between_runs() {
        let a = new_run_id();
        assert_eq!(a.len(), 8, "{a}");
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let ids: std::collections::BTreeSet<String> = (0..20).map(|_| new_run_id()).collect();
        assert!(ids.len() > 1, "{ids:?}");
    }

    #[test]
    fn groups_are_named_after_the_run_and_counted_from_1() {
        assert_eq!(group_name("0a1b2c3d", 1), "rosterwire-0a1b2c3d-1");
        assert!(group_name("0a1b2c3d", 12).starts_with(GROUP_PREFIX));
    }

    #[rstest::rstest]
    #[case("${team_id}", true)]
    #[case("${ team_id }", true)]
    #[case("/teams/${team_id}/team_members", true)]
    #[case("${team_idx}", false)]
    #[case("${empty_team_id}", false)]
    #[case("team_id", false)]
    fn a_text_mentions_a_variable_only_as_a_whole_name(#[case] text: &str, #[case] hit: bool) {
        assert_eq!(mentions(text, &["team_id".to_owned()]), hit);
    }

    #[test]
    fn restore_entries_naming_a_sandbox_variable_are_dropped() {
        let yaml = "name: x\nrestore: [\"${team_id}\", \"${other_team_id}\"]\nsandbox: [team_id]\n\
                    steps:\n  - name: s\n    request: {method: PATCH, path: \"/t/${team_id}\"}\n";
        let s = crate::scenario::parse_scenario(
            yaml,
            std::path::Path::new("scenarios/chatwoot/x.yaml"),
            VendorName::Chatwoot,
        )
        .unwrap();
        assert_eq!(restore_without_sandbox(&s), vec!["${other_team_id}"]);
        assert!(step_uses(&s.steps[0], &s.sandbox));
        assert!(!step_uses(&s.steps[0], &["account_id".to_owned()]));
    }
}
