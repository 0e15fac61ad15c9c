//! The results of a run: plain data, built by the runner and read by every report.
//!
//! A failed assertion, a contract violation or a transport error is a [`Failure`] inside a
//! [`StepResult`], never an `Err`.

use std::time::Duration;

use serde::Serialize;

/// How one step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// Every check held.
    Passed,
    /// A check failed (assertion, contract, snapshot, drift).
    Failed,
    /// The request could not be completed (timeout, reset, unreachable, bad variable).
    Errored,
    /// Not run; [`StepResult::skip_reason`] says why (`--read-only`, an earlier error, an
    /// interruption, a variable the target cannot provide, …).
    Skipped,
}

/// What kind of check failed. `code()` is stable for machine-readable reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FailureKind {
    /// The status differs from the expected one.
    Status {
        /// Expected status.
        #[serde(rename = "expected_status")]
        expected: u16,
        /// Actual status.
        #[serde(rename = "actual_status")]
        actual: u16,
    },
    /// A header is missing or differs.
    Header {
        /// The header name.
        name: String,
    },
    /// A JSON-pointer assertion failed.
    Assertion {
        /// The pointer.
        pointer: String,
    },
    /// The body text differs.
    Text,
    /// The body is not JSON although JSON was expected.
    NotJson,
    /// The body breaks the contract's schema.
    Contract {
        /// Where in the body (JSON pointer).
        instance_path: String,
        /// Where in the schema.
        schema_path: String,
    },
    /// The status is not documented in the contract.
    UndocumentedStatus {
        /// The status.
        status: u16,
    },
    /// The step names a known defect (`drift:`) but the response showed none.
    ExpectedDriftMissing,
    /// The step names a contract that does not exist.
    UnknownContract {
        /// The operation id.
        operation: String,
    },
    /// The body differs from its snapshot (or has none yet).
    Snapshot {
        /// The snapshot name.
        name: String,
    },
    /// A capture's pointer does not resolve.
    Capture {
        /// The variable name.
        name: String,
    },
    /// A `${variable}` cannot be resolved.
    Variable,
    /// No answer within the timeout.
    Timeout,
    /// The connection could not be opened (refused, DNS, TLS).
    Unreachable,
    /// The connection broke (reset, closed early, malformed HTTP).
    Transport,
    /// Saving or restoring the group's membership failed.
    Restore,
    /// Creating or deleting a sandbox group (a group made for the run) failed.
    Sandbox,
    /// The runner itself failed while running the scenario (a bug in rosterwire).
    Internal,
}

impl FailureKind {
    /// A stable short code.
    pub fn code(&self) -> &'static str {
        match self {
            FailureKind::Status { .. } => "status",
            FailureKind::Header { .. } => "header",
            FailureKind::Assertion { .. } => "assertion",
            FailureKind::Text => "text",
            FailureKind::NotJson => "not-json",
            FailureKind::Contract { .. } => "contract",
            FailureKind::UndocumentedStatus { .. } => "undocumented-status",
            FailureKind::ExpectedDriftMissing => "expected-drift-missing",
            FailureKind::UnknownContract { .. } => "unknown-contract",
            FailureKind::Snapshot { .. } => "snapshot",
            FailureKind::Capture { .. } => "capture",
            FailureKind::Variable => "variable",
            FailureKind::Timeout => "timeout",
            FailureKind::Unreachable => "unreachable",
            FailureKind::Transport => "transport",
            FailureKind::Restore => "restore",
            FailureKind::Sandbox => "sandbox",
            FailureKind::Internal => "internal",
        }
    }

    /// Whether this is a runtime error (the step could not be judged) rather than a check.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            FailureKind::Variable
                | FailureKind::Timeout
                | FailureKind::Unreachable
                | FailureKind::Transport
                | FailureKind::Restore
                | FailureKind::Sandbox
                | FailureKind::Internal
        )
    }
}

/// One failed check, with the details a reader needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// What failed.
    #[serde(flatten)]
    pub kind: FailureKind,
    /// One line, lower-case, leading with the value.
    pub message: String,
    /// The expected value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The actual value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// A unified diff (snapshots, large values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

impl Failure {
    /// A failure with only a message.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            expected: None,
            actual: None,
            diff: None,
        }
    }

    /// Adds expected and actual values.
    #[must_use]
    pub fn with_values(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }

    /// Adds a diff.
    #[must_use]
    pub fn with_diff(mut self, diff: String) -> Self {
        self.diff = Some(diff);
        self
    }
}

/// What one response told about the contract, for the drift table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// The vendor.
    pub vendor: String,
    /// The operation id (`unknown-route` when no contract matches).
    pub operation: String,
    /// The status received.
    pub status: u16,
    /// Whether the contract documents that status.
    pub documented: bool,
    /// How many schema violations the body had.
    pub violations: usize,
    /// Property names the schema does not allow (undocumented fields).
    pub undocumented_fields: Vec<String>,
    /// The step's `drift:` note when the defect is a known one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_defect: Option<String>,
}

/// Where a step is written: its scenario file and the line the step starts on (hurl's
/// `source_info`). A built-in scenario's file reads `scenarios/<vendor>/<name>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// The scenario file.
    pub file: String,
    /// The 1-based line of the step's `- name:`.
    pub line: usize,
}

impl std::fmt::Display for SourceInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The result of one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    /// The step's name.
    pub name: String,
    /// Where the step is written, when it comes from a scenario file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceInfo>,
    /// The method sent.
    pub method: String,
    /// The path sent (variables resolved, secrets redacted).
    pub path: String,
    /// How it ended.
    pub status: StepStatus,
    /// Why the step was skipped (only for skipped steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    /// The response status, when a response came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_status: Option<u16>,
    /// Everything that failed.
    pub failures: Vec<Failure>,
    /// What the response told about the contract.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observation: Option<Observation>,
    /// How many times a 429 made the runner retry.
    #[serde(skip_serializing_if = "is_zero")]
    pub retries: u32,
    /// The snapshot files this step wrote (`.snap`, or `.snap.new` to review).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snapshots_written: Vec<String>,
    /// Wall time, retries included.
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
    /// What the response looked like, for `check --compare` (not in the reports).
    #[serde(skip)]
    pub response: Option<ResponseShape>,
}

/// A response as `check --compare` compares it: secrets masked, the target's ids named
/// (`${team_id}`), and the step's `redact:` selectors applied to a second copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseShape {
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    /// The JSON body (secrets masked, ids named; values and types as received).
    pub json: Option<serde_json::Value>,
    /// The same body after the step's redactions (what error texts are compared on).
    pub redacted: Option<serde_json::Value>,
    /// A body that is not JSON (secrets masked); empty when there was none.
    pub text: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl StepResult {
    /// A step that was not run (yet): the runner sets the status when it runs it.
    pub fn skipped(name: &str, method: &str, path: &str) -> StepResult {
        StepResult {
            name: name.to_owned(),
            source: None,
            method: method.to_owned(),
            path: path.to_owned(),
            status: StepStatus::Skipped,
            skip_reason: None,
            response_status: None,
            failures: Vec::new(),
            observation: None,
            retries: 0,
            snapshots_written: Vec::new(),
            duration: Duration::ZERO,
            response: None,
        }
    }
}

impl StepResult {
    /// A step that was not run, and why.
    pub fn skipped_because(
        name: &str,
        method: &str,
        path: &str,
        reason: impl Into<String>,
    ) -> StepResult {
        let mut step = StepResult::skipped(name, method, path);
        step.skip_reason = Some(reason.into());
        step
    }
}

/// How the membership of one group came out of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RestoreOutcome {
    /// The read after the scenario equalled the saved read: nothing was written.
    Unchanged,
    /// The saved membership was written back and the read-back equals the saved read.
    Restored,
    /// The restore could not read, could not write, or found a difference afterwards.
    Failed,
    /// Saving this group failed, so the scenario's steps were skipped.
    NotSaved,
    /// Not saved because saving an earlier group failed (nothing ran, nothing to restore).
    Skipped,
}

/// The save and restore of one group: a Chatwoot team, a Rocket.Chat department, or (ChatDash,
/// where assignment is exclusive) every agent's `clientId`.
///
/// Built only through its constructors, so a group with a failure is never `restored`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRestore {
    group: String,
    label: String,
    outcome: RestoreOutcome,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    writes: Vec<String>,
    #[serde(skip_serializing_if = "is_zero")]
    retries: u32,
    failures: Vec<Failure>,
}

impl GroupRestore {
    /// A group that needed no write, or was written back and read back equal (`writes` empty:
    /// unchanged).
    pub fn restored(group: &str, label: &str, writes: Vec<String>, retries: u32) -> GroupRestore {
        let outcome = if writes.is_empty() {
            RestoreOutcome::Unchanged
        } else {
            RestoreOutcome::Restored
        };
        GroupRestore {
            group: group.to_owned(),
            label: label.to_owned(),
            outcome,
            writes,
            retries,
            failures: Vec::new(),
        }
    }

    /// A group whose restore failed; an empty `failures` gets a generic one, so the outcome
    /// and the failures never disagree.
    pub fn failed(
        group: &str,
        label: &str,
        writes: Vec<String>,
        retries: u32,
        failures: Vec<Failure>,
    ) -> GroupRestore {
        GroupRestore {
            group: group.to_owned(),
            label: label.to_owned(),
            outcome: RestoreOutcome::Failed,
            writes,
            retries,
            failures: non_empty(failures, label),
        }
    }

    /// A group that could not be saved: the scenario's steps were skipped.
    pub fn not_saved(group: &str, label: &str, retries: u32, failure: Failure) -> GroupRestore {
        GroupRestore {
            group: group.to_owned(),
            label: label.to_owned(),
            outcome: RestoreOutcome::NotSaved,
            writes: Vec::new(),
            retries,
            failures: vec![failure],
        }
    }

    /// A group left unsaved because an earlier one failed to save.
    pub fn skipped(group: &str, label: &str) -> GroupRestore {
        GroupRestore {
            group: group.to_owned(),
            label: label.to_owned(),
            outcome: RestoreOutcome::Skipped,
            writes: Vec::new(),
            retries: 0,
            failures: Vec::new(),
        }
    }

    /// The group as the scenario names it (team id, department id; `agents` for ChatDash).
    pub fn group(&self) -> &str {
        &self.group
    }

    /// The group for a reader (`team 2`, `department BiqbQ…`, `agents`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// How it came out.
    pub fn outcome(&self) -> RestoreOutcome {
        self.outcome
    }

    /// The writes sent to restore it (`PATCH /path → 200`), in order.
    pub fn writes(&self) -> &[String] {
        &self.writes
    }

    /// How many 429 answers made the restore retry, for this group.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// What went wrong; each message names the group (and the agent) and, for a difference,
    /// what was expected and what was found.
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Masks secrets in every message and value.
    pub(crate) fn redact(mut self, redactor: &super::Redactor) -> GroupRestore {
        self.writes = self.writes.iter().map(|w| redactor.text(w)).collect();
        for f in &mut self.failures {
            f.message = redactor.text(&f.message);
            f.expected = f.expected.take().map(|t| redactor.text(&t));
            f.actual = f.actual.take().map(|t| redactor.text(&t));
            f.diff = f.diff.take().map(|t| redactor.text(&t));
        }
        self
    }
}

fn non_empty(mut failures: Vec<Failure>, label: &str) -> Vec<Failure> {
    if failures.is_empty() {
        failures.push(Failure::new(
            FailureKind::Restore,
            format!("{label}: the restore failed"),
        ));
    }
    failures
}

/// The result of saving and restoring a scenario's groups: one entry per group.
///
/// `restored` is computed from the groups, never stored: it is `true` only when every group
/// came out unchanged or restored, with no failure. Serialized as
/// `{"restored", "groups": [{group, label, outcome, writes?, retries?, failures}], "failures"}`,
/// where the top-level `failures` repeats every group's failures in group order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreResult {
    groups: Vec<GroupRestore>,
}

impl RestoreResult {
    /// The result for these groups, in order.
    pub fn new(groups: Vec<GroupRestore>) -> RestoreResult {
        RestoreResult { groups }
    }

    /// Saving could not even start (a group's name has an unknown variable): every group is
    /// marked not saved, the first one with `failure`.
    pub fn not_saved(groups: &[String], failure: Failure) -> RestoreResult {
        let mut failure = Some(failure);
        let groups = if groups.is_empty() {
            vec![GroupRestore::not_saved(
                "",
                "(no group)",
                0,
                failure.take().unwrap_or_else(|| {
                    Failure::new(FailureKind::Restore, "cannot save membership")
                }),
            )]
        } else {
            groups
                .iter()
                .map(|g| match failure.take() {
                    Some(f) => GroupRestore::not_saved(g, g, 0, f),
                    None => GroupRestore::skipped(g, g),
                })
                .collect()
        };
        RestoreResult { groups }
    }

    /// One entry per group, in the scenario's order.
    pub fn groups(&self) -> &[GroupRestore] {
        &self.groups
    }

    /// Whether the state after the scenario equals the state before it, for every group.
    pub fn restored(&self) -> bool {
        self.groups.iter().all(|g| {
            g.failures.is_empty()
                && matches!(
                    g.outcome,
                    RestoreOutcome::Unchanged | RestoreOutcome::Restored
                )
        })
    }

    /// Every group's failures, in group order.
    pub fn failures(&self) -> impl Iterator<Item = &Failure> {
        self.groups.iter().flat_map(|g| &g.failures)
    }
}

impl Serialize for RestoreResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let failures: Vec<&Failure> = self.failures().collect();
        let mut st = s.serialize_struct("RestoreResult", 3)?;
        st.serialize_field("restored", &self.restored())?;
        st.serialize_field("groups", &self.groups)?;
        st.serialize_field("failures", &failures)?;
        st.end()
    }
}

/// One group made for the run and bound to a scenario variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SandboxGroup {
    /// The variable bound to it (`team_id`).
    pub variable: String,
    /// Its name, `rosterwire-<run id>-<n>`.
    pub name: String,
    /// The vendor's id of the group (a number for Chatwoot, a string for Rocket.Chat).
    pub id: serde_json::Value,
}

/// The sandbox groups of a scenario: made before its first step, deleted after its last.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxResult {
    /// The groups created, in order.
    pub groups: Vec<SandboxGroup>,
    /// Whether every group created was deleted and read back as gone.
    pub deleted: bool,
    /// What went wrong (creation, deletion, confirmation), if anything.
    pub failures: Vec<Failure>,
}

/// The result of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: String,
    /// Its file, relative to the scenarios folder when possible.
    pub file: String,
    /// The vendor.
    pub vendor: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// One result per step, in order.
    pub steps: Vec<StepResult>,
    /// The membership restore, for mutating scenarios.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore: Option<RestoreResult>,
    /// The groups made for the run, for mutating scenarios with `sandbox:` variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<SandboxResult>,
    /// Wall time.
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
}

impl ScenarioResult {
    /// Whether every step passed or was skipped and the restore (if any) worked.
    pub fn passed(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s.status, StepStatus::Passed | StepStatus::Skipped))
            && self.restore.as_ref().is_none_or(RestoreResult::restored)
            && self.sandbox.as_ref().is_none_or(|r| r.failures.is_empty())
    }
}

/// The skip reason of the steps that Ctrl-C stopped.
pub(crate) const INTERRUPTED: &str = "interrupted";

/// The result of a whole run.
#[derive(Debug, Clone, Serialize)]
pub struct RunResult {
    /// The target's name (`builtin`, a URL, or a name from the targets file).
    pub target: String,
    /// The run's id: 8 hex characters, part of every sandbox group's name.
    pub run_id: String,
    /// The fidelity profile whose expectations applied, per vendor.
    pub fidelity: rosterwire_mock::FidelityProfile,
    /// Whether only non-mutating steps ran.
    pub read_only: bool,
    /// Whether Ctrl-C stopped the run early.
    pub interrupted: bool,
    /// Whether responses were judged against contracts (`false` with `--no-contracts`).
    pub contracts_checked: bool,
    /// One result per scenario.
    pub scenarios: Vec<ScenarioResult>,
    /// Wall time.
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
}

/// Counts of steps by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Passed steps.
    pub passed: usize,
    /// Failed steps.
    pub failed: usize,
    /// Errored steps.
    pub errored: usize,
    /// Skipped steps.
    pub skipped: usize,
}

impl RunResult {
    /// Step counts by status.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for step in self.scenarios.iter().flat_map(|s| &s.steps) {
            match step.status {
                StepStatus::Passed => t.passed += 1,
                StepStatus::Failed => t.failed += 1,
                StepStatus::Errored => t.errored += 1,
                StepStatus::Skipped => t.skipped += 1,
            }
        }
        t
    }

    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        !self.interrupted && self.scenarios.iter().all(ScenarioResult::passed)
    }

    /// Whether any step found the target unreachable.
    pub fn unreachable(&self) -> bool {
        self.scenarios
            .iter()
            .flat_map(|s| {
                let steps = s.steps.iter().flat_map(|st| &st.failures);
                steps
                    .chain(s.restore.iter().flat_map(RestoreResult::failures))
                    .chain(s.sandbox.iter().flat_map(|r| &r.failures))
            })
            .any(|f| f.kind == FailureKind::Unreachable)
    }

    /// How many steps got a response (of any status).
    pub fn responses(&self) -> usize {
        self.scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.response_status.is_some())
            .count()
    }

    /// Every observation, in run order.
    pub fn observations(&self) -> impl Iterator<Item = &Observation> {
        self.scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(|s| s.observation.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn difference() -> Failure {
        Failure::new(
            FailureKind::Restore,
            "team 2: expected [11, 12], found [12, 13]",
        )
        .with_values("[11, 12]", "[12, 13]")
    }

    #[test]
    fn a_restore_is_restored_only_when_no_group_has_a_failure() {
        let ok = RestoreResult::new(vec![
            GroupRestore::restored("1", "team 1", Vec::new(), 0),
            GroupRestore::restored("2", "team 2", vec!["PATCH /x → 200".into()], 1),
        ]);
        assert!(ok.restored());
        assert_eq!(ok.groups()[0].outcome(), RestoreOutcome::Unchanged);
        assert_eq!(ok.groups()[1].outcome(), RestoreOutcome::Restored);
        let failed = RestoreResult::new(vec![
            GroupRestore::restored("1", "team 1", Vec::new(), 0),
            GroupRestore::failed("2", "team 2", Vec::new(), 0, vec![difference()]),
        ]);
        assert!(!failed.restored());
        assert_eq!(failed.failures().count(), 1);
        // A failed group always carries a failure, even when built without one.
        let bare = GroupRestore::failed("2", "team 2", Vec::new(), 0, Vec::new());
        assert_eq!(bare.failures().len(), 1);
    }

    #[test]
    fn a_save_that_failed_is_never_restored_and_names_the_first_group() {
        let r = RestoreResult::not_saved(
            &["1".to_owned(), "2".to_owned()],
            Failure::new(FailureKind::Restore, "cannot save membership: no `team`"),
        );
        assert!(!r.restored());
        let outcomes: Vec<RestoreOutcome> = r.groups().iter().map(GroupRestore::outcome).collect();
        assert_eq!(
            outcomes,
            [RestoreOutcome::NotSaved, RestoreOutcome::Skipped]
        );
    }

    #[test]
    fn the_json_shape_computes_restored_and_repeats_the_failures_at_the_top() {
        let r = RestoreResult::new(vec![GroupRestore::failed(
            "2",
            "team 2",
            vec!["PATCH /t → 200".into()],
            0,
            vec![difference()],
        )]);
        insta::assert_json_snapshot!(r, @r#"
        {
          "restored": false,
          "groups": [
            {
              "group": "2",
              "label": "team 2",
              "outcome": "failed",
              "writes": [
                "PATCH /t → 200"
              ],
              "failures": [
                {
                  "kind": "restore",
                  "message": "team 2: expected [11, 12], found [12, 13]",
                  "expected": "[11, 12]",
                  "actual": "[12, 13]"
                }
              ]
            }
          ],
          "failures": [
            {
              "kind": "restore",
              "message": "team 2: expected [11, 12], found [12, 13]",
              "expected": "[11, 12]",
              "actual": "[12, 13]"
            }
          ]
        }
        "#);
    }
}
