//! The JSON report: the run result as data, plus the tally and the drift table.
//!
//! Shape: `{target, run_id, fidelity, read_only, interrupted, passed, tally, duration_ms,
//! scenarios: [{name, file, vendor, tags, steps: [{name, method, path, status, skip_reason?,
//! failures…}], restore?: {restored, groups: [{group, label, outcome, writes?, retries?,
//! failures}], failures}, sandbox?: {groups: [{variable, name, id}], deleted, failures}}],
//! drift: [rows]}`. `restored` is computed: never `true` beside a failure.

use serde::Serialize;

use super::drift::{DriftRow, drift_rows};
use crate::runner::{RunResult, ScenarioResult, Tally};

#[derive(Serialize)]
struct JsonReport<'a> {
    target: &'a str,
    run_id: &'a str,
    fidelity: rosterwire_mock::FidelityProfile,
    read_only: bool,
    interrupted: bool,
    passed: bool,
    tally: Tally,
    duration_ms: u64,
    scenarios: &'a [ScenarioResult],
    drift: Vec<DriftRow>,
}

/// The report as pretty JSON.
pub fn render_json(result: &RunResult) -> String {
    let report = JsonReport {
        target: &result.target,
        run_id: &result.run_id,
        fidelity: result.fidelity,
        read_only: result.read_only,
        interrupted: result.interrupted,
        passed: result.passed(),
        tally: result.tally(),
        duration_ms: u64::try_from(result.duration.as_millis()).unwrap_or(u64::MAX),
        scenarios: &result.scenarios,
        drift: drift_rows(result),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        + "\n"
}
