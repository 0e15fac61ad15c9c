//! Running one step: resolve variables, send, then judge the response against the expectation,
//! the contract and the snapshot, and capture variables for later steps.

// A `Failure` is the step's result data, built on the cold path only; boxing it would
// only add noise.
#![allow(clippy::result_large_err)]

use std::path::Path;
use std::time::Instant;

use bytes::Bytes;
use rosterwire_mock::Fidelity;
use serde_json::Value;

use super::assert::{check_expectation, not_json};
use super::contracts::{ContractBook, ContractQuery, Judgement, undocumented_fields};
use super::http::{HttpClient, HttpResponse, OutgoingRequest};
use super::pointer::resolve;
use super::result::{Failure, FailureKind, Observation, StepResult, StepStatus};
use super::secrets::mask_strings;
use crate::scenario::{Expectation, Scenario, Step, Variables};
use crate::snapshot::{SnapshotMeta, SnapshotOutcome, UpdateMode, check_snapshot, redact};
use rosterwire_mock::Redactor;

/// What a step needs from its scenario and run.
#[derive(Debug)]
pub(crate) struct StepContext<'a> {
    pub(crate) client: &'a HttpClient,
    pub(crate) contracts: &'a dyn ContractBook,
    pub(crate) base_url: &'a str,
    pub(crate) fidelity: Fidelity,
    pub(crate) redactor: &'a Redactor,
    pub(crate) scenario: &'a Scenario,
    pub(crate) scenarios_root: &'a Path,
    pub(crate) update: UpdateMode,
    pub(crate) force_pass_snapshots: bool,
}

/// Runs `step`, updating `vars` with its captures.
pub(crate) async fn run_step(
    ctx: &StepContext<'_>,
    step: &Step,
    vars: &mut Variables,
) -> StepResult {
    let started = Instant::now();
    let mut redactor = ctx.redactor.clone();
    let method = step.request.method.to_ascii_uppercase();
    let mut result = StepResult::skipped(&step.name, &method, &step.request.path);
    let request = match resolve_request(ctx, step, vars) {
        Ok(r) => r,
        Err(f) => return finish(result, vec![f], &redactor, started),
    };
    result.path = redactor.text(
        request
            .url
            .strip_prefix(ctx.base_url)
            .unwrap_or(&request.url),
    );
    let (response, retries) = match ctx.client.send(&request).await {
        Ok(pair) => pair,
        Err(f) => return finish(result, vec![f], &redactor, started),
    };
    result.retries = retries;
    result.response_status = Some(response.status);
    let json: Option<Value> = if response.body.is_empty() {
        None
    } else {
        serde_json::from_slice(&response.body).ok()
    };
    if let Some(body) = &json {
        redactor.learn_from(body);
    }
    let expect = match resolve_expectation(step.expectation(ctx.fidelity), vars) {
        Ok(e) => e,
        Err(f) => return finish(result, vec![f], &redactor, started),
    };
    result.response = Some(response_shape(
        &response,
        json.as_ref(),
        &expect,
        &redactor,
        vars,
    ));
    let mut failures = check_expectation(&expect, &response, json.as_ref());
    let path_only = result.path.split('?').next().unwrap_or("").to_owned();
    let (observation, contract_failures) =
        judge_contract(ctx, &expect, &method, &path_only, &response, json.as_ref());
    result.observation = observation;
    failures.extend(contract_failures);
    let status_failed = failures
        .iter()
        .any(|f| matches!(f.kind, FailureKind::Status { .. }));
    // A snapshot of the wrong status's body would only repeat the status failure.
    if let Some(name) = expect.snapshot.as_ref().filter(|_| !status_failed) {
        // Secrets masked, and the target's ids by name (`${ana_id}`): the same snapshot holds
        // on every target.
        let shown = json.as_ref().map(|body| {
            let mut value = mask_strings(&redactor, body);
            vars.name_values(&mut value);
            value
        });
        let (failure, written) = check_step_snapshot(ctx, step, &expect, name, &response, shown);
        failures.extend(failure);
        result.snapshots_written.extend(written);
    }
    // One failure per cause: the expectation, the contract and the snapshot each notice a
    // body that is not JSON; report it once.
    let mut seen_not_json = false;
    failures.retain(|f| {
        let repeat = f.kind == FailureKind::NotJson && seen_not_json;
        seen_not_json |= f.kind == FailureKind::NotJson;
        !repeat
    });
    for (name, pointer) in &step.capture {
        match json.as_ref().and_then(|b| resolve(b, pointer)) {
            Some(value) => vars.set(name, value),
            None => failures.push(Failure::new(
                FailureKind::Capture { name: name.clone() },
                format!("cannot capture `{name}`: `{pointer}` does not exist in the body"),
            )),
        }
    }
    finish(result, failures, &redactor, started)
}

fn finish(
    mut result: StepResult,
    failures: Vec<Failure>,
    redactor: &Redactor,
    started: Instant,
) -> StepResult {
    result.status = if failures.iter().any(|f| f.kind.is_error()) {
        StepStatus::Errored
    } else if failures.is_empty() {
        StepStatus::Passed
    } else {
        StepStatus::Failed
    };
    result.failures = failures
        .into_iter()
        .map(|mut f| {
            f.message = redactor.text(&f.message);
            f.expected = f.expected.map(|t| redactor.text(&t));
            f.actual = f.actual.map(|t| redactor.text(&t));
            f.diff = f.diff.map(|t| redactor.text(&t));
            f
        })
        .collect();
    result.duration = started.elapsed();
    result
}

/// The expectation with `${variables}` resolved in its values (ids differ per target).
fn resolve_expectation(mut expect: Expectation, vars: &Variables) -> Result<Expectation, Failure> {
    use crate::scenario::Predicate;
    let fail = |e: crate::scenario::VarError| Failure::new(FailureKind::Variable, e.to_string());
    for value in expect.headers.values_mut() {
        *value = vars.interpolate(value).map_err(fail)?;
    }
    if let Some(text) = &mut expect.text {
        *text = vars.interpolate(text).map_err(fail)?;
    }
    for assertion in &mut expect.json {
        assertion.pointer = vars.interpolate(&assertion.pointer).map_err(fail)?;
        match &mut assertion.predicate {
            Predicate::Equals(v) => *v = vars.resolve_json(v).map_err(fail)?,
            Predicate::SetEquals(items) => {
                for v in items.iter_mut() {
                    *v = vars.resolve_json(v).map_err(fail)?;
                }
            }
            Predicate::Exists | Predicate::Absent | Predicate::Length(_) => {}
        }
    }
    Ok(expect)
}

fn resolve_request(
    ctx: &StepContext<'_>,
    step: &Step,
    vars: &Variables,
) -> Result<OutgoingRequest, Failure> {
    let var_failure =
        |e: crate::scenario::VarError| Failure::new(FailureKind::Variable, e.to_string());
    let path = vars.interpolate(&step.request.path).map_err(var_failure)?;
    let mut headers = Vec::with_capacity(step.request.headers.len());
    for (name, value) in &step.request.headers {
        headers.push((name.clone(), vars.interpolate(value).map_err(var_failure)?));
    }
    let body = match (&step.request.body, &step.request.raw_body) {
        (Some(body), _) => {
            let body = vars.resolve_json(body).map_err(var_failure)?;
            Some((Bytes::from(body.to_string()), "application/json"))
        }
        (None, Some(raw)) => Some((
            Bytes::from(vars.interpolate(raw).map_err(var_failure)?),
            "application/json",
        )),
        (None, None) => None,
    };
    Ok(OutgoingRequest {
        method: step.request.method.to_ascii_uppercase(),
        url: format!("{}{path}", ctx.base_url),
        headers,
        body,
    })
}

/// The contract's judgement as an observation (for the drift table) and failures.
fn judge_contract(
    ctx: &StepContext<'_>,
    expect: &Expectation,
    method: &str,
    path: &str,
    response: &HttpResponse,
    json: Option<&Value>,
) -> (Option<Observation>, Vec<Failure>) {
    let named = expect.contract.as_deref();
    if named == Some("none") {
        return (None, Vec::new());
    }
    let null = Value::Null;
    let body = json.unwrap_or(&null);
    let judgement = ctx.contracts.judge(&ContractQuery {
        vendor: ctx.scenario.vendor.as_str(),
        operation: named,
        method,
        path,
        status: response.status,
        body,
    });
    let (operation, documented, in_contract, violations) = match judgement {
        Judgement::NoContract => return (None, Vec::new()),
        Judgement::UnknownOperation => {
            let operation = named.unwrap_or_default().to_owned();
            return (
                None,
                vec![Failure::new(
                    FailureKind::UnknownContract {
                        operation: operation.clone(),
                    },
                    format!("no contract has the operation `{operation}`"),
                )],
            );
        }
        Judgement::Judged {
            operation,
            documented_status,
            status_in_contract,
            violations,
        } => (operation, documented_status, status_in_contract, violations),
    };
    let mut failures = Vec::new();
    // A body that is not JSON cannot be validated: the schema would only judge `null` and
    // invent violations. It is one failure (not-json), and the drift table counts none.
    let not_json_body = json.is_none() && !response.body.is_empty();
    let violations = if not_json_body {
        if in_contract {
            failures.push(not_json(response));
        }
        Vec::new()
    } else {
        violations
    };
    let observation = Observation {
        vendor: ctx.scenario.vendor.as_str().to_owned(),
        operation: operation.clone(),
        status: response.status,
        documented,
        violations: violations.len(),
        undocumented_fields: violations.iter().flat_map(undocumented_fields).collect(),
        known_defect: expect.drift.clone(),
    };
    let drifted = !documented || !violations.is_empty();
    match (&expect.drift, drifted) {
        (Some(_), true) => {}
        (Some(note), false) => failures.push(Failure::new(
            FailureKind::ExpectedDriftMissing,
            format!(
                "the step expects a known documentation defect ({note}) but status {} conforms to the `{operation}` contract",
                response.status
            ),
        )),
        (None, _) => {
            if !documented {
                failures.push(Failure::new(
                    FailureKind::UndocumentedStatus { status: response.status },
                    format!("status {} is not documented for `{operation}` (drift)", response.status),
                ));
            }
            failures.extend(violations.into_iter().map(|v| {
                Failure::new(
                    FailureKind::Contract {
                        instance_path: v.instance_path.clone(),
                        schema_path: v.schema_path.clone(),
                    },
                    format!(
                        "{} (at `{}`, schema `{}`)",
                        v.message,
                        display_pointer(&v.instance_path),
                        v.schema_path
                    ),
                )
            }));
        }
    }
    (Some(observation), failures)
}

/// The response as `check --compare` sees it: secrets masked and ids named as in snapshots,
/// plus a copy with the step's `redact:` selectors applied (a selector that does not parse
/// leaves that copy as it was; the snapshot check reports it).
fn response_shape(
    response: &HttpResponse,
    json: Option<&Value>,
    expect: &Expectation,
    redactor: &Redactor,
    vars: &Variables,
) -> super::result::ResponseShape {
    let json = json.map(|body| {
        let mut value = mask_strings(redactor, body);
        vars.name_values(&mut value);
        value
    });
    let redacted = json.clone().map(|mut value| {
        for (selector, replacement) in &expect.redact {
            let _ = redact(&mut value, selector, replacement);
        }
        value
    });
    let text = if json.is_none() {
        redactor.text(&response.text())
    } else {
        String::new()
    };
    super::result::ResponseShape {
        content_type: response.header("content-type").map(str::to_owned),
        json,
        redacted,
        text,
    }
}

fn display_pointer(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}

fn check_step_snapshot(
    ctx: &StepContext<'_>,
    step: &Step,
    expect: &Expectation,
    name: &str,
    response: &HttpResponse,
    shown: Option<Value>,
) -> (Option<Failure>, Option<String>) {
    let fail = |message: String| {
        Failure::new(
            FailureKind::Snapshot {
                name: name.to_owned(),
            },
            message,
        )
    };
    let Some(mut value) = shown else {
        return (Some(not_json(response)), None);
    };
    for (selector, replacement) in &expect.redact {
        if let Err(e) = redact(&mut value, selector, replacement) {
            return (Some(fail(e.to_string())), None);
        }
    }
    let scenario = ctx.scenario;
    let dir = ctx
        .scenarios_root
        .join(scenario.vendor.as_str())
        .join("snapshots");
    let file_name = format!("{}__{name}", scenario.stem());
    let source = scenario
        .file
        .strip_prefix(ctx.scenarios_root.parent().unwrap_or(ctx.scenarios_root))
        .unwrap_or(&scenario.file)
        .to_string_lossy()
        .replace('\\', "/");
    let meta = SnapshotMeta {
        source,
        expression: step.name.clone(),
    };
    let shown_path = |p: &Path| p.display().to_string();
    let force = ctx.force_pass_snapshots;
    match check_snapshot(&dir, &file_name, &meta, &value, ctx.update) {
        Ok(SnapshotOutcome::Matches) => (None, None),
        Ok(SnapshotOutcome::Written { path }) => (None, Some(shown_path(&path))),
        Ok(SnapshotOutcome::Missing { pending }) => (
            (!force).then(|| {
                fail(format!(
                    "snapshot `{file_name}` does not exist yet{}{}",
                    pending_note(pending.as_deref()),
                    builtin_note(&dir)
                ))
            }),
            pending.as_deref().map(shown_path),
        ),
        Ok(SnapshotOutcome::Changed { pending, diff }) => (
            (!force).then(|| {
                fail(format!(
                    "the body differs from snapshot `{file_name}`{}{}",
                    pending_note(pending.as_deref()),
                    builtin_note(&dir)
                ))
                .with_diff(diff)
            }),
            pending.as_deref().map(shown_path),
        ),
        Err(e) => (Some(fail(format!("cannot write the snapshot: {e}"))), None),
    }
}

/// With the built-in scenarios no snapshot file is written: how to get a folder that can be.
fn builtin_note(dir: &Path) -> &'static str {
    if crate::builtin::is_builtin(dir) {
        " (built-in scenarios: run `rosterwire scenarios export DIR` to keep and update snapshots)"
    } else {
        ""
    }
}

fn pending_note(pending: Option<&Path>) -> String {
    match pending {
        Some(p) => format!("; wrote {} (review with `cargo insta review`)", p.display()),
        None => String::new(),
    }
}
