//! The JSON report: the run result as data, plus the tally and the drift table.
//!
//! Shape: `{schema_version, rosterwire_version, target, run_id, fidelity, read_only, interrupted, passed, tally, duration_ms,
//! scenarios: [{name, file, vendor, tags, steps: [{name, source?: {file, line}, method, path, status, skip_reason?,
//! failures…, snapshots_written?}], restore?: {restored, groups: [{group, label, outcome, writes?, retries?,
//! failures}], failures}, sandbox?: {groups: [{variable, name, id}], deleted, failures}}],
//! drift_checked, drift_not_checked?, drift: [rows]}`. `restored` is computed: never `true`
//! beside a failure. `drift_checked` is `false` (and `drift_not_checked` says why) when
//! contracts were off, no response arrived or none matched a contract: an empty `drift` then
//! means "not checked", not "no drift".
//!
//! With `check --compare builtin` the report also has `comparison`: `{against, fidelity, world,
//! compared, same, different, not_compared, steps: [{vendor, scenario, step, method, path,
//! outcome, differences?: [{aspect, pointer?, target, builtin}]}]}` (an added key: the schema
//! version stays).
//!
//! [`SCHEMA_VERSION`] changes whenever a key is renamed, removed or changes meaning (adding a
//! key does not change it).

use serde::Serialize;

use super::drift::{DriftRow, drift_not_checked, drift_rows};
use crate::compare::Comparison;
use crate::runner::{RunResult, ScenarioResult, Tally};

/// The version of the report's shape.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    rosterwire_version: &'static str,
    target: &'a str,
    run_id: &'a str,
    fidelity: rosterwire_mock::FidelityProfile,
    read_only: bool,
    interrupted: bool,
    passed: bool,
    tally: Tally,
    duration_ms: u64,
    scenarios: &'a [ScenarioResult],
    drift_checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    drift_not_checked: Option<&'static str>,
    drift: Vec<DriftRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<&'a Comparison>,
}

/// The report as pretty JSON.
pub fn render_json(result: &RunResult) -> String {
    render_json_with(result, None)
}

/// The report as pretty JSON, with the comparison of `check --compare` when there is one.
pub(crate) fn render_json_with(result: &RunResult, comparison: Option<&Comparison>) -> String {
    let not_checked = drift_not_checked(result);
    let report = JsonReport {
        schema_version: SCHEMA_VERSION,
        rosterwire_version: env!("CARGO_PKG_VERSION"),
        target: &result.target,
        run_id: &result.run_id,
        fidelity: result.fidelity,
        read_only: result.read_only,
        interrupted: result.interrupted,
        passed: result.passed(),
        tally: result.tally(),
        duration_ms: u64::try_from(result.duration.as_millis()).unwrap_or(u64::MAX),
        scenarios: &result.scenarios,
        drift_checked: not_checked.is_none(),
        drift_not_checked: not_checked,
        drift: drift_rows(result),
        comparison,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        + "\n"
}
