//! Save and restore of group membership around a mutating scenario, per vendor, through the
//! vendor's own read and write endpoints. A restore is reported as done only when a read
//! after it equals, exactly, the read saved before the scenario.
//!
//! - `membership.rs`: the exact saved representation (ids with their JSON types, a missing
//!   key distinct from `null`; only the fields the restore writes back),
//! - `read.rs`: a vendor's GET body → that representation, or a precise shape error,
//! - `write.rs`: the calls that write a saved state back over the current one,
//! - `diff.rs`: the exact comparison, as differences a person reads.
//!
//! Target variables used:
//! - rocketchat: `admin_user_id`, `admin_token`; a group is a department id
//!   (`GET …/department/{id}/agents`, paged until `total`),
//! - chatwoot: `account_id`, `admin_token`; a group is a team id (`GET …/team_members`),
//! - chatdash: `agency_key`; the scenario's groups are ignored: assignment is exclusive, so
//!   every agent's `clientId` from `GET /v1/public/agents` is saved, as one group `agents`.
//!
//! Save: a group that cannot be read in the expected shape fails the save, and the scenario's
//! steps are skipped. Restore, per group: read; equal → unchanged; otherwise write back, read
//! again and compare. A read that fails, a write answered with a non-2xx status (after the
//! HTTP client's own 429 retries) or a transport error, and every difference left afterwards
//! is a failure of that group. Messages are masked with the run's [`Redactor`].

// A `Failure` is the restore's result data, built on the cold path only; boxing it would
// only add noise.
#![allow(clippy::result_large_err)]

mod diff;
mod membership;
mod read;
mod write;

use std::collections::BTreeMap;

use bytes::Bytes;
use rosterwire_mock::VendorName;
use serde_json::Value;

use super::http::{HttpClient, HttpResponse, OutgoingRequest};
use super::result::{Failure, FailureKind, GroupRestore, RestoreResult};
use crate::scenario::Variables;
use membership::Membership;
use read::ShapeError;
use rosterwire_mock::Redactor;
use write::{GroupPath, WriteCall, plan};

/// How many Rocket.Chat agents one read asks for (the vendor's upper limit).
const PAGE_SIZE: usize = 100;

/// Where and as whom the restore talks to the vendor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RestoreContext<'a> {
    pub(crate) client: &'a HttpClient,
    pub(crate) base_url: &'a str,
    pub(crate) vars: &'a Variables,
    pub(crate) vendor: VendorName,
    pub(crate) redactor: &'a Redactor,
}

/// The membership of each group before the scenario.
#[derive(Debug, Clone)]
pub(crate) struct Saved {
    groups: Vec<SavedGroup>,
}

#[derive(Debug, Clone)]
struct SavedGroup {
    group: String,
    label: String,
    membership: Membership,
    retries: u32,
}

fn restore_failure(message: String) -> Failure {
    Failure::new(FailureKind::Restore, message)
}

/// `failure` with `prefix: ` before its message (its kind kept: a timeout stays a timeout).
fn prefixed(prefix: &str, mut failure: Failure) -> Failure {
    failure.message = format!("{prefix}: {}", failure.message);
    failure
}

/// At most 200 characters of a body, for a message.
fn excerpt(body: &Bytes) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut cut: String = text.chars().take(200).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

impl RestoreContext<'_> {
    fn var(&self, name: &str) -> Result<String, Failure> {
        match self.vars.get(name) {
            Ok(Value::String(s)) => Ok(s),
            Ok(other) => Ok(other.to_string()),
            Err(e) => Err(restore_failure(format!(
                "cannot save or restore {} membership: {e}",
                self.vendor
            ))),
        }
    }

    fn auth(&self) -> Result<Vec<(String, String)>, Failure> {
        Ok(match self.vendor {
            VendorName::RocketChat => vec![
                ("X-User-Id".to_owned(), self.var("admin_user_id")?),
                ("X-Auth-Token".to_owned(), self.var("admin_token")?),
            ],
            VendorName::Chatwoot => vec![("api_access_token".to_owned(), self.var("admin_token")?)],
            VendorName::ChatDash => vec![("Authorization".to_owned(), self.var("agency_key")?)],
        })
    }

    /// The label and the paths of `group` (ChatDash: every agent).
    fn locate<'g>(&self, group: &'g str, account: &'g str) -> (String, GroupPath<'g>) {
        match self.vendor {
            VendorName::RocketChat => (format!("department {group}"), GroupPath::Department(group)),
            VendorName::Chatwoot => (
                format!("team {group}"),
                GroupPath::Team {
                    account,
                    team: group,
                },
            ),
            VendorName::ChatDash => ("agents".to_owned(), GroupPath::Agents),
        }
    }

    fn account(&self) -> Result<String, Failure> {
        match self.vendor {
            VendorName::Chatwoot => self.var("account_id"),
            _ => Ok(String::new()),
        }
    }

    /// Sends one request; any status is returned, transport failures name the call.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        retries: &mut u32,
    ) -> Result<HttpResponse, Failure> {
        let request = OutgoingRequest {
            method: method.to_owned(),
            url: format!("{}{path}", self.base_url),
            headers: self.auth()?,
            body: body.map(|b| (Bytes::from(b.to_string()), "application/json")),
        };
        let (response, retried) = self
            .client
            .send(&request)
            .await
            .map_err(|f| prefixed(&format!("{method} {path}"), f))?;
        *retries += retried;
        Ok(response)
    }

    /// A GET that must answer 2xx with JSON.
    async fn get_json(&self, path: &str, retries: &mut u32) -> Result<Value, Failure> {
        let response = self.send("GET", path, None, retries).await?;
        if !(200..300).contains(&response.status) {
            return Err(restore_failure(format!(
                "GET {path} answered {}: {}",
                response.status,
                excerpt(&response.body)
            )));
        }
        serde_json::from_slice(&response.body).map_err(|e| {
            restore_failure(format!(
                "GET {path} answered a body that is not JSON ({e}): {}",
                excerpt(&response.body)
            ))
        })
    }

    /// The membership of one group, exactly as read.
    async fn read(&self, path: GroupPath<'_>, retries: &mut u32) -> Result<Membership, Failure> {
        let base = path.members();
        let not_understood = |path: &str, e: ShapeError| {
            restore_failure(format!(
                "GET {path} is not a shape the restore understands: {e}"
            ))
        };
        match path {
            GroupPath::Department(_) => {
                let mut records = BTreeMap::new();
                let mut offset = 0;
                loop {
                    let page_path = format!("{base}?offset={offset}&count={PAGE_SIZE}");
                    let body = self.get_json(&page_path, retries).await?;
                    let page =
                        read::rocketchat_page(&body).map_err(|e| not_understood(&page_path, e))?;
                    let received = page.records.len();
                    read::add_records(&mut records, page.records, offset)
                        .map_err(|e| not_understood(&page_path, e))?;
                    offset += received;
                    let have = i128::try_from(records.len()).unwrap_or(i128::MAX);
                    if have >= page.total {
                        break;
                    }
                    if received == 0 {
                        return Err(restore_failure(format!(
                            "GET {page_path} listed no agents, but its `total` is {} and {have} \
                             were read: the department cannot be read whole",
                            page.total
                        )));
                    }
                }
                Ok(Membership::RocketChat(records))
            }
            GroupPath::Team { .. } => {
                let body = self.get_json(&base, retries).await?;
                read::chatwoot_members(&body)
                    .map(Membership::Chatwoot)
                    .map_err(|e| not_understood(&base, e))
            }
            GroupPath::Agents => {
                let body = self.get_json(&base, retries).await?;
                read::chatdash_agents(&body)
                    .map(Membership::ChatDash)
                    .map_err(|e| not_understood(&base, e))
            }
        }
    }

    /// Sends one write; `Ok` is the line for the report, `Err` the line and the failure.
    async fn write(
        &self,
        call: &WriteCall,
        retries: &mut u32,
    ) -> Result<String, (String, Failure)> {
        let name = format!("{} {}", call.method, call.path);
        match self
            .send(call.method, &call.path, Some(&call.body), retries)
            .await
        {
            Ok(r) if (200..300).contains(&r.status) => Ok(format!("{name} → {}", r.status)),
            Ok(r) => Err((
                format!("{name} → {}", r.status),
                restore_failure(format!(
                    "{name} answered {}: {}",
                    r.status,
                    excerpt(&r.body)
                )),
            )),
            Err(f) => Err((format!("{name} → no response"), f)),
        }
    }

    /// Saves the membership of every group (for ChatDash: of every agent, once).
    ///
    /// # Errors
    /// When a group cannot be read in the expected shape: the result to report, naming it (the
    /// scenario's steps are then skipped).
    pub(crate) async fn save(&self, groups: &[String]) -> Result<Saved, RestoreResult> {
        let groups: Vec<String> = match self.vendor {
            VendorName::ChatDash => vec!["agents".to_owned()],
            _ => groups.to_vec(),
        };
        let account = match self.account() {
            Ok(a) => a,
            Err(f) => return Err(RestoreResult::not_saved(&groups, f)),
        };
        let mut saved = Vec::with_capacity(groups.len());
        for (index, group) in groups.iter().enumerate() {
            let (label, path) = self.locate(group, &account);
            let mut retries = 0;
            match self.read(path, &mut retries).await {
                Ok(membership) => saved.push(SavedGroup {
                    group: group.clone(),
                    label,
                    membership,
                    retries,
                }),
                Err(f) => {
                    let failure = prefixed(&format!("{label}: cannot save"), f);
                    let mut entries: Vec<GroupRestore> = saved
                        .iter()
                        .map(|s| GroupRestore::skipped(&s.group, &s.label))
                        .collect();
                    entries.push(GroupRestore::not_saved(group, &label, retries, failure));
                    for rest in &groups[index + 1..] {
                        let (label, _) = self.locate(rest, &account);
                        entries.push(GroupRestore::skipped(rest, &label));
                    }
                    let entries = entries.into_iter().map(|g| g.redact(self.redactor));
                    return Err(RestoreResult::new(entries.collect()));
                }
            }
        }
        Ok(Saved { groups: saved })
    }

    /// Writes every saved group back when it changed, then checks that it is back.
    pub(crate) async fn restore(&self, saved: &Saved) -> RestoreResult {
        let account = self.account().unwrap_or_default();
        let mut results = Vec::with_capacity(saved.groups.len());
        for group in &saved.groups {
            let result = self.restore_group(group, &account).await;
            results.push(result.redact(self.redactor));
        }
        RestoreResult::new(results)
    }

    async fn restore_group(&self, saved: &SavedGroup, account: &str) -> GroupRestore {
        let SavedGroup {
            group,
            label,
            membership: before,
            ..
        } = saved;
        let (_, path) = self.locate(group, account);
        let mut retries = saved.retries;
        let now = match self.read(path, &mut retries).await {
            Ok(now) => now,
            Err(f) => {
                let f = prefixed(&format!("{label}: cannot read before restoring"), f);
                return GroupRestore::failed(group, label, Vec::new(), retries, vec![f]);
            }
        };
        if now == *before {
            return GroupRestore::restored(group, label, Vec::new(), retries);
        }
        let mut writes = Vec::new();
        let mut failures = Vec::new();
        for call in plan(path, before, &now) {
            match self.write(&call, &mut retries).await {
                Ok(line) => writes.push(line),
                Err((line, f)) => {
                    writes.push(line);
                    failures.push(prefixed(&format!("{label}: cannot restore"), f));
                }
            }
        }
        match self.read(path, &mut retries).await {
            Ok(after) => failures.extend(
                diff::differences(label, before, &after)
                    .iter()
                    .map(diff::Difference::to_failure),
            ),
            Err(f) => failures.push(prefixed(&format!("{label}: cannot check the restore"), f)),
        }
        if failures.is_empty() {
            GroupRestore::restored(group, label, writes, retries)
        } else {
            GroupRestore::failed(group, label, writes, retries, failures)
        }
    }
}
