//! The scenario runner: runs parsed scenarios against a target and returns plain result data.
//!
//! - `http.rs` sends requests (timeouts, rate limit, retry on 429),
//! - `step.rs` runs one step (variables → request → assertions, contract, snapshot, captures),
//! - `assert.rs` and `pointer.rs` judge JSON bodies, `contracts.rs` adapts the contracts library,
//! - `restore.rs` saves and restores membership around mutating scenarios,
//! - `sandbox.rs` makes groups for the run (`sandbox:` variables) and deletes them afterwards,
//! - `secrets.rs` masks credentials, `target.rs` reads targets files, `result.rs` is the output.
//!
//! Scenarios of one vendor run one after another (they share the vendor's state); vendors run
//! in parallel up to the concurrency limit. Ctrl-C (the cancellation token) stops the current
//! step, skips the rest, and still restores membership and deletes the sandbox groups.

mod assert;
mod contracts;
mod http;
mod pointer;
mod restore;
mod result;
mod sandbox;
mod secrets;
mod step;
mod target;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rosterwire_mock::FidelityProfile;
use tokio_util::sync::CancellationToken;

pub(crate) use contracts::undocumented_fields;
pub use contracts::{
    ContractBook, ContractQuery, ContractViolation, Judgement, LoadedContracts, NoContracts,
    load_contract_book,
};
pub use http::{HttpClient, HttpOptions, HttpResponse, OutgoingRequest};
pub use result::{
    Failure, FailureKind, GroupRestore, INTERRUPTED, Observation, RestoreOutcome, RestoreResult,
    RunResult, SandboxGroup, SandboxResult, ScenarioResult, StepResult, StepStatus, Tally,
};
pub use sandbox::{GROUP_PREFIX, Groups, ListedGroup, group_name, id_text, new_run_id};
pub use secrets::{MASK, Redactor};
pub use target::{Target, VendorTarget, load_target, parse_target};

use crate::scenario::{Scenario, Variables};
use crate::snapshot::UpdateMode;
use restore::RestoreContext;
use step::{StepContext, run_step};

/// The variables a vendor's target cannot provide, and how a skip reason names them.
struct Unavailable<'a> {
    target: &'a str,
    vendor: &'a VendorTarget,
}

impl Unavailable<'_> {
    /// The reason to skip something that needs `names`: the first unavailable one, if any.
    fn reason(&self, names: &std::collections::BTreeSet<String>) -> Option<String> {
        names.iter().find_map(|n| {
            self.vendor.unavailable.get(n).map(|why| {
                format!(
                    "needs `{n}`, unavailable on target `{}`: {why}",
                    self.target
                )
            })
        })
    }
}

/// How a run behaves. Every field has a stated default in [`RunOptions::new`].
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Which expectations apply, per vendor. Default: `documented`.
    pub fidelity: FidelityProfile,
    /// Run only the steps before a scenario's first mutating step. Default false.
    pub read_only: bool,
    /// When to write snapshot files. Default [`UpdateMode::No`].
    pub update: UpdateMode,
    /// A missing or differing snapshot does not fail its step (`INSTA_FORCE_PASS=1`).
    /// Default false.
    pub force_pass_snapshots: bool,
    /// How many vendors run at once. Default 3.
    pub concurrency: usize,
    /// Request settings.
    pub http: HttpOptions,
    /// The scenarios folder (snapshots live under `<root>/<vendor>/snapshots/`).
    pub scenarios_root: PathBuf,
    /// Scenario files not to run, each with the reason its steps are reported skipped
    /// (e.g. `mock-only` scenarios against another target). Default none.
    pub skipped: std::collections::BTreeMap<PathBuf, String>,
    /// Run mutating scenarios on groups made for the run (their `sandbox:` variables) where the
    /// vendor can make groups; false binds those variables to the target's groups and relies
    /// on the restore. Default true.
    pub sandbox: bool,
}

impl RunOptions {
    /// Defaults, with scenarios (and snapshots) under `scenarios_root`.
    pub fn new(scenarios_root: PathBuf) -> RunOptions {
        RunOptions {
            fidelity: FidelityProfile::default(),
            read_only: false,
            update: UpdateMode::No,
            force_pass_snapshots: false,
            concurrency: 3,
            http: HttpOptions::default(),
            scenarios_root,
            skipped: std::collections::BTreeMap::new(),
            sandbox: true,
        }
    }
}

/// Runs scenarios against one target.
#[derive(Debug, Clone)]
pub struct Runner {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: HttpClient,
    contracts: Arc<dyn ContractBook>,
    target: Target,
    options: RunOptions,
    redactor: Redactor,
    cancel: CancellationToken,
    run_id: String,
    /// How many sandbox groups this run has made (their names count from 1).
    groups_made: AtomicUsize,
}

/// Why a run cannot start at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
pub struct RunnerError(#[from] reqwest::Error);

impl Runner {
    /// A runner for `target`, judging with `contracts`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(
        target: Target,
        contracts: Arc<dyn ContractBook>,
        options: RunOptions,
    ) -> Result<Runner, RunnerError> {
        let client = HttpClient::new(options.http.clone())?;
        let redactor = target.redactor();
        Ok(Runner {
            inner: Arc::new(Inner {
                client,
                contracts,
                target,
                options,
                redactor,
                cancel: CancellationToken::new(),
                run_id: new_run_id(),
                groups_made: AtomicUsize::new(0),
            }),
        })
    }

    /// The token that interrupts the run (Ctrl-C).
    pub fn cancellation(&self) -> CancellationToken {
        self.inner.cancel.clone()
    }

    /// The run's id (8 hex characters), part of every sandbox group's name.
    pub fn run_id(&self) -> &str {
        &self.inner.run_id
    }

    /// The redactor for this target's secrets (for anything printed outside the results).
    pub fn redactor(&self) -> &Redactor {
        &self.inner.redactor
    }

    /// Runs every scenario; `on_done` is called after each one (for progress output).
    pub async fn run(
        &self,
        scenarios: Vec<Scenario>,
        on_done: Arc<dyn Fn(&ScenarioResult) + Send + Sync>,
    ) -> RunResult {
        let started = Instant::now();
        let order: Vec<PathBuf> = scenarios.iter().map(|s| s.file.clone()).collect();
        let unreported: Vec<Scenario> = scenarios.iter().map(Scenario::header).collect();
        let mut by_vendor: std::collections::BTreeMap<_, Vec<Scenario>> = Default::default();
        for s in scenarios {
            by_vendor.entry(s.vendor).or_default().push(s);
        }
        let limit = Arc::new(tokio::sync::Semaphore::new(
            self.inner.options.concurrency.max(1),
        ));
        let mut tasks = tokio::task::JoinSet::new();
        for (_, list) in by_vendor {
            let runner = self.clone();
            let limit = Arc::clone(&limit);
            let on_done = Arc::clone(&on_done);
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                let mut results = Vec::with_capacity(list.len());
                for scenario in &list {
                    let result = runner.run_scenario(scenario).await;
                    on_done(&result);
                    results.push((scenario.file.clone(), result));
                }
                results
            });
        }
        let mut results = Vec::new();
        let mut crash = None;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(list) => results.extend(list),
                Err(error) => crash = Some(error.to_string()),
            }
        }
        // A vendor's task that panicked took its results with it: report each of its scenarios
        // as errored rather than letting the run look smaller than it was.
        if let Some(crash) = crash {
            for scenario in &unreported {
                if !results.iter().any(|(file, _)| file == &scenario.file) {
                    results.push((scenario.file.clone(), self.crashed(scenario, &crash)));
                }
            }
        }
        results.sort_by_key(|(file, _)| order.iter().position(|f| f == file));
        RunResult {
            target: self.inner.target.name.clone(),
            run_id: self.inner.run_id.clone(),
            fidelity: self.inner.options.fidelity,
            read_only: self.inner.options.read_only,
            interrupted: self.inner.cancel.is_cancelled(),
            contracts_checked: self.inner.contracts.checks_anything(),
            scenarios: results.into_iter().map(|(_, r)| r).collect(),
            duration: started.elapsed(),
        }
    }

    /// The result of a scenario whose task panicked: one errored step saying so.
    fn crashed(&self, scenario: &Scenario, crash: &str) -> ScenarioResult {
        let mut step = StepResult::skipped("(runner)", "", "");
        step.status = StepStatus::Errored;
        step.failures.push(Failure::new(
            FailureKind::Internal,
            format!("the runner failed while running this scenario: {crash}"),
        ));
        ScenarioResult {
            name: scenario.name.clone(),
            file: scenario
                .file
                .strip_prefix(&self.inner.options.scenarios_root)
                .unwrap_or(&scenario.file)
                .to_string_lossy()
                .replace('\\', "/"),
            vendor: scenario.vendor.as_str().to_owned(),
            tags: scenario.tags.clone(),
            steps: vec![step],
            restore: None,
            sandbox: None,
            duration: Duration::ZERO,
        }
    }

    /// Runs one scenario: save membership, run the steps, restore membership.
    pub async fn run_scenario(&self, scenario: &Scenario) -> ScenarioResult {
        let inner = &self.inner;
        let started = Instant::now();
        let root = &inner.options.scenarios_root;
        let file = scenario
            .file
            .strip_prefix(root)
            .unwrap_or(&scenario.file)
            .to_string_lossy()
            .replace('\\', "/");
        let mut result = ScenarioResult {
            name: scenario.name.clone(),
            file,
            vendor: scenario.vendor.as_str().to_owned(),
            tags: scenario.tags.clone(),
            steps: Vec::with_capacity(scenario.steps.len()),
            restore: None,
            sandbox: None,
            duration: std::time::Duration::ZERO,
        };
        let skip_all = |result: &mut ScenarioResult, from: usize, reason: &str| {
            for step in &scenario.steps[from..] {
                result.steps.push(StepResult::skipped_because(
                    &step.name,
                    &step.request.method.to_ascii_uppercase(),
                    &step.request.path,
                    reason,
                ));
            }
        };
        if let Some(reason) = inner.options.skipped.get(&scenario.file) {
            skip_all(&mut result, 0, reason);
            return result;
        }
        let Some(vendor_target) = inner.target.vendors.get(&scenario.vendor) else {
            let reason = format!(
                "target `{}` does not configure {}",
                inner.target.name, scenario.vendor
            );
            skip_all(&mut result, 0, &reason);
            return result;
        };
        let unavailable = Unavailable {
            target: &inner.target.name,
            vendor: vendor_target,
        };
        // Sandbox variables name groups made for the run; without a sandbox they are the
        // target's own groups (and the restore covers them).
        let provided = scenario.sandboxed_variables(inner.options.sandbox);
        let sandboxed = !provided.is_empty();
        if let Some(reason) = unavailable.reason(&scenario.own_variables(&provided)) {
            skip_all(&mut result, 0, &reason);
            return result;
        }
        let base_url = vendor_target
            .base_url
            .clone()
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        let mut vars = vendor_target.variables();
        let start_vars = vars.clone();
        let fidelity = inner.options.fidelity.of(scenario.vendor);
        let runs_mutations = !inner.options.read_only && scenario.is_mutating();
        let groups_api = sandbox::Groups {
            client: &inner.client,
            base_url: &base_url,
            vars: &start_vars,
            vendor: scenario.vendor,
        };
        let mut made = None;
        if sandboxed && runs_mutations {
            if inner.cancel.is_cancelled() {
                skip_all(&mut result, 0, INTERRUPTED);
                result.duration = started.elapsed();
                return result;
            }
            let sandbox_result = self.make_groups(scenario, &groups_api, &mut vars).await;
            if !sandbox_result.failures.is_empty() {
                // Nothing was touched: the groups made so far are deleted again, no step runs.
                result.sandbox = Some(self.delete_groups(&groups_api, sandbox_result).await);
                skip_all(
                    &mut result,
                    0,
                    "its sandbox group could not be made (see [sandbox]; --no-sandbox runs on the target's groups)",
                );
                result.duration = started.elapsed();
                return result;
            }
            made = Some(sandbox_result);
        }
        let restore_groups = if made.is_some() {
            sandbox::restore_without_sandbox(scenario)
        } else {
            scenario.restore.clone()
        };
        let restore_ctx = RestoreContext {
            client: &inner.client,
            base_url: &base_url,
            vars: &start_vars,
            vendor: scenario.vendor,
            redactor: &inner.redactor,
        };
        let mut saved = None;
        if runs_mutations && !restore_groups.is_empty() {
            let groups: Result<Vec<String>, _> =
                restore_groups.iter().map(|g| vars.interpolate(g)).collect();
            let outcome = match groups {
                Ok(groups) => restore_ctx.save(&groups).await,
                Err(e) => Err(RestoreResult::not_saved(
                    &restore_groups,
                    Failure::new(FailureKind::Restore, format!("cannot save membership: {e}")),
                )),
            };
            match outcome {
                Ok(s) => saved = Some(s),
                Err(not_saved) => {
                    // Without a saved state the scenario must not mutate anything.
                    result.restore = Some(not_saved);
                    skip_all(&mut result, 0, "its groups' membership could not be saved");
                    if let Some(made) = made {
                        result.sandbox = Some(self.delete_groups(&groups_api, made).await);
                    }
                    result.duration = started.elapsed();
                    return result;
                }
            }
        }
        let ctx = StepContext {
            client: &inner.client,
            contracts: inner.contracts.as_ref(),
            base_url: &base_url,
            fidelity,
            redactor: &inner.redactor,
            scenario,
            scenarios_root: root,
            update: inner.options.update,
            force_pass_snapshots: inner.options.force_pass_snapshots,
        };
        let needs = scenario.step_variables(&provided);
        // Captures of skipped steps: later steps that use them are skipped too.
        let mut not_captured: std::collections::BTreeMap<String, String> = Default::default();
        for (index, (step, needs)) in scenario.steps.iter().zip(&needs).enumerate() {
            if inner.cancel.is_cancelled() {
                skip_all(&mut result, index, INTERRUPTED);
                break;
            }
            if inner.options.read_only && step.is_mutating() {
                skip_all(&mut result, index, "mutating step; --read-only");
                break;
            }
            if inner.options.read_only && sandboxed && sandbox::step_uses(step, &scenario.sandbox) {
                skip_all(
                    &mut result,
                    index,
                    "uses a sandbox group, which --read-only does not make",
                );
                break;
            }
            let reason = unavailable.reason(needs).or_else(|| {
                step.variables().iter().find_map(|n| {
                    not_captured
                        .get(n)
                        .map(|by| format!("needs `{n}`, captured by the skipped step `{by}`"))
                })
            });
            if let Some(reason) = reason {
                for name in step.capture.keys() {
                    not_captured.insert(name.clone(), step.name.clone());
                }
                result.steps.push(StepResult::skipped_because(
                    &step.name,
                    &step.request.method.to_ascii_uppercase(),
                    &step.request.path,
                    reason,
                ));
                continue;
            }
            let outcome = tokio::select! {
                r = run_step(&ctx, step, &mut vars) => Some(r),
                () = inner.cancel.cancelled() => None,
            };
            let Some(step_result) = outcome else {
                skip_all(&mut result, index, INTERRUPTED);
                break;
            };
            let errored = step_result.status == StepStatus::Errored;
            result.steps.push(step_result);
            if errored {
                skip_all(&mut result, index + 1, "an earlier step errored");
                break;
            }
        }
        if let Some(saved) = saved {
            result.restore = Some(restore_ctx.restore(&saved).await);
        }
        if let Some(made) = made {
            result.sandbox = Some(self.delete_groups(&groups_api, made).await);
        }
        for step in &mut result.steps {
            if let Some(reason) = &mut step.skip_reason {
                *reason = inner.redactor.text(reason);
            }
        }
        result.duration = started.elapsed();
        result
    }

    /// Makes one group per `sandbox:` variable and binds the variable to its id; stops at the
    /// first failure (reported in the result, with the groups made so far).
    async fn make_groups(
        &self,
        scenario: &Scenario,
        api: &sandbox::Groups<'_>,
        vars: &mut Variables,
    ) -> SandboxResult {
        let mut made = SandboxResult {
            groups: Vec::with_capacity(scenario.sandbox.len()),
            deleted: false,
            failures: Vec::new(),
        };
        for variable in &scenario.sandbox {
            let n = self.inner.groups_made.fetch_add(1, Ordering::SeqCst) + 1;
            let name = group_name(&self.inner.run_id, n);
            match api.create(&name).await {
                Ok(id) => {
                    vars.set(variable, id.clone());
                    made.groups.push(SandboxGroup {
                        variable: variable.clone(),
                        name,
                        id,
                    });
                }
                Err(f) => {
                    made.failures.push(f);
                    break;
                }
            }
        }
        made
    }

    /// Deletes every group made and confirms each is gone.
    async fn delete_groups(
        &self,
        api: &sandbox::Groups<'_>,
        mut made: SandboxResult,
    ) -> SandboxResult {
        let mut all_gone = true;
        for group in &made.groups {
            if let Err(f) = api.delete(&group.name, &group.id).await {
                all_gone = false;
                made.failures.push(f);
            }
        }
        made.deleted = all_gone;
        made
    }
}
