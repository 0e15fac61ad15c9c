//! From raw arguments to a validated run: folders resolved, target chosen, fidelity decided,
//! scenarios parsed and filtered, contracts loaded, report paths checked. Every problem here
//! is bad input (exit code 2) and is returned as one message.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rosterwire_mock::{FidelityProfile, VendorName};

use super::args::CheckArgs;
use super::error::{SetupError, SetupErrorKind};
use crate::runner::{
    ContractBook, HttpOptions, NoContracts, RunOptions, Target, load_contract_book, load_target,
};
use crate::scenario::{MOCK_ONLY, Scenario, load_scenario, scenario_files, scenarios_dir};
use crate::snapshot::UpdateMode;

/// The name of the built-in target in `scenarios/targets/builtin.toml`.
pub(crate) const BUILTIN: &str = "builtin";

/// Whether to start the built-in mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetChoice {
    /// Start the mock and point the target at it.
    Builtin,
    /// The target's base URLs are given.
    Given,
}

/// A report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    /// JUnit XML.
    Junit,
    /// JSON.
    Json,
}

/// Everything a run needs.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) target: Target,
    pub(crate) choice: TargetChoice,
    pub(crate) options: RunOptions,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) contracts: Arc<dyn ContractBook>,
    pub(crate) reports: Vec<(ReportFormat, PathBuf)>,
}

/// The contracts folder: the one given, else the built-in contracts.
pub(crate) fn contracts_dir(given: Option<&Path>) -> PathBuf {
    given.map_or_else(crate::builtin::contracts, Path::to_owned)
}

/// Builds the plan.
///
/// # Errors
/// The first bad argument or file (all scenario errors at once).
pub(crate) fn plan(args: &CheckArgs) -> Result<Plan, SetupError> {
    let scenarios_root = scenarios_dir(args.scenarios.as_deref());
    if !crate::builtin::is_dir(&scenarios_root) {
        return Err(SetupError::argument(format!(
            "the scenarios folder {} does not exist",
            scenarios_root.display()
        )));
    }
    let env = |name: &str| std::env::var(name).ok();
    let builtin_file = scenarios_root.join("targets").join("builtin.toml");
    let target_file = match (&args.targets, &args.target) {
        (Some(file), Some(_)) => file.clone(),
        _ => builtin_file.clone(),
    };
    let (target, choice) = match (&args.targets, &args.target) {
        (Some(file), Some(name)) => {
            let target = load_target(file, name, &env)?;
            if let Some((vendor, _)) = target.vendors.iter().find(|(_, v)| v.base_url.is_none()) {
                return Err(SetupError::argument(format!(
                    "{}: target `{name}`, {vendor}: `base_url` is required",
                    file.display()
                )));
            }
            (target, TargetChoice::Given)
        }
        (None, Some(url)) => {
            let parsed = url::Url::parse(url).map_err(|e| {
                SetupError::argument(format!(
                    "--target {url}: not a URL ({e}); to name a target, pass --targets FILE"
                ))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(SetupError::argument(format!(
                    "--target {url}: the URL must be http or https"
                )));
            }
            let target = load_target(&builtin_file, BUILTIN, &env)?;
            let mut target = target.with_origin(url);
            target.name = url.clone();
            (target, TargetChoice::Given)
        }
        (_, None) => (
            load_target(&builtin_file, BUILTIN, &env)?,
            TargetChoice::Builtin,
        ),
    };
    let fidelity = if args.fidelity.is_empty() {
        match &target.fidelity {
            Some(spec) => crate::serve::fidelity_profile(std::slice::from_ref(spec)),
            None => Ok(FidelityProfile::default()),
        }
    } else {
        crate::serve::fidelity_profile(&args.fidelity)
    }
    .map_err(|e| SetupError::argument(format!("{e:#}")))?;
    let vendors: Vec<VendorName> = args
        .vendor
        .iter()
        .map(|v| {
            v.parse::<VendorName>()
                .map_err(|e| SetupError::argument(format!("--vendor {v}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let scenarios = load_scenarios(&scenarios_root)?
        .into_iter()
        .filter(|s| vendors.is_empty() || vendors.contains(&s.vendor))
        .filter(|s| args.tag.is_empty() || s.tags.iter().any(|t| args.tag.contains(t)))
        .filter(|s| target.vendors.contains_key(&s.vendor))
        .collect::<Vec<_>>();
    if scenarios.is_empty() {
        return Err(SetupError::argument(
            "no scenario matches the target, --vendor and --tag",
        ));
    }
    // Scenarios that need the mock's own controls (fault headers) mean nothing elsewhere: they
    // are reported as skipped, with the reason.
    let skipped: BTreeMap<PathBuf, String> = scenarios
        .iter()
        .filter(|s| choice != TargetChoice::Builtin && s.tags.iter().any(|t| t == MOCK_ONLY))
        .map(|s| {
            let reason = format!("{MOCK_ONLY} scenario; the target is not the built-in mock");
            (s.file.clone(), reason)
        })
        .collect();
    // Every variable a scenario that will run needs must be accounted for, before any request.
    // The runner binds the sandbox variables itself (unless --no-sandbox).
    let sandbox_on = !args.no_sandbox;
    target.check_variables(
        &target_file,
        scenarios.iter().filter(|s| !skipped.contains_key(&s.file)),
        &|s| s.sandboxed_variables(sandbox_on),
    )?;
    let contracts: Arc<dyn ContractBook> = if args.no_contracts {
        Arc::new(NoContracts)
    } else {
        load_contract_book(&contracts_dir(args.contracts.as_deref()))?
    };
    let reports: Vec<(ReportFormat, PathBuf)> = args
        .reports
        .iter()
        .map(|spec| parse_report(spec))
        .collect::<Result<_, _>>()?;
    if reports.iter().filter(|(_, p)| is_stdout(p)).count() > 1 {
        return Err(SetupError::argument(
            "--report: only one report can go to stdout (`-`)",
        ));
    }
    let mut snapshots = crate::snapshot::snapshot_settings(args.update_snapshots, &env)?;
    // Snapshots are only ever written under a scenarios folder the user named.
    if args.scenarios.is_none() {
        if let Some(mode) = args
            .update_snapshots
            .filter(|m| !matches!(m, UpdateMode::No))
        {
            let mode = clap::ValueEnum::to_possible_value(&mode)
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default();
            return Err(SetupError::argument(format!(
                "--update-snapshots {mode}: built-in scenarios: run `rosterwire scenarios export \
                 DIR` to keep and update snapshots, then pass --scenarios DIR"
            )));
        }
        snapshots.update = UpdateMode::No;
    }
    let mut options = RunOptions::new(scenarios_root);
    options.fidelity = fidelity;
    options.read_only = args.read_only;
    options.sandbox = !args.no_sandbox;
    options.update = snapshots.update;
    options.force_pass_snapshots = snapshots.force_pass;
    options.skipped = skipped;
    options.concurrency = args.concurrency.or(target.concurrency).unwrap_or(3).max(1);
    options.http = HttpOptions {
        timeout: Duration::from_millis(args.timeout_ms.or(target.timeout_ms).unwrap_or(10_000)),
        rate_limit: args.rate_limit.or(target.rate_limit),
        max_retries: args.retries,
        ..HttpOptions::default()
    };
    Ok(Plan {
        target,
        choice,
        options,
        scenarios,
        contracts,
        reports,
    })
}

fn load_scenarios(root: &Path) -> Result<Vec<Scenario>, SetupError> {
    let files = scenario_files(root)?;
    let mut scenarios = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        match load_scenario(&file) {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(SetupErrorKind::Scenarios { errors }.into())
    }
}

fn parse_report(spec: &str) -> Result<(ReportFormat, PathBuf), SetupError> {
    let (format, path) = spec.split_once('=').ok_or_else(|| {
        SetupError::argument(format!(
            "--report {spec}: expected FORMAT=PATH, e.g. junit=report.xml"
        ))
    })?;
    let format = match format {
        "junit" => ReportFormat::Junit,
        "json" => ReportFormat::Json,
        other => {
            return Err(SetupError::argument(format!(
                "--report {spec}: unknown format `{other}`: expected `junit` or `json`"
            )));
        }
    };
    if path.is_empty() {
        return Err(SetupError::argument(format!(
            "--report {spec}: the path is empty"
        )));
    }
    Ok((format, PathBuf::from(path)))
}

/// Whether a report path means standard output (`--report json=-`).
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}
