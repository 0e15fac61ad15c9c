//! `check --compare builtin`: the built-in mock's side of the run — started with the target's
//! world before the target run, then given the same scenarios, then compared step by step.

use std::sync::Arc;

use rosterwire_mock::{Fidelity, FidelityProfile, MockConfig, MockServer};

use super::args::CheckArgs;
use crate::compare::{Comparison, PrepareErrorKind, mock_target, pair_steps, prepare};
use crate::exit;
use crate::runner::{ContractBook, RunOptions, RunResult, Runner, Target};
use crate::scenario::Scenario;
use crate::snapshot::UpdateMode;

/// The mock, and a runner pointed at it.
pub(super) struct Compared {
    server: MockServer,
    runner: Runner,
    world: String,
}

/// Prepares the mock's side when `--compare` is given (`None` otherwise).
///
/// # Errors
/// The exit code and message: the world cannot be pulled or read, or the mock cannot start.
pub(super) async fn start(
    args: &CheckArgs,
    target: &Target,
    options: &RunOptions,
    contracts: &Arc<dyn ContractBook>,
) -> Result<Option<Compared>, (u8, String)> {
    if args.compare.is_none() {
        return Ok(None);
    }
    let side = prepare(
        target,
        args.targets.as_deref(),
        args.compare_world.as_deref(),
        options.http.clone(),
    )
    .await
    .map_err(|e| {
        let code = match e.kind {
            PrepareErrorKind::Unreachable => exit::UNREACHABLE,
            PrepareErrorKind::BadInput => exit::BAD_INPUT,
        };
        (code, e.message)
    })?;
    let config = MockConfig::new()
        .with_world(side.world)
        .with_fidelity(FidelityProfile::all(Fidelity::Observed));
    let server = MockServer::start(config).await.map_err(|e| {
        (
            exit::UNREACHABLE,
            format!("cannot start the built-in mock: {e}"),
        )
    })?;
    let mock = mock_target(target, &side.generated, &server.uri());
    // The mock's run writes no snapshot and needs no rate limit.
    let mut mock_options = options.clone();
    mock_options.update = UpdateMode::No;
    mock_options.http.rate_limit = None;
    let runner = Runner::new(mock, Arc::clone(contracts), mock_options)
        .map_err(|e| (exit::UNREACHABLE, e.to_string()))?;
    Ok(Some(Compared {
        server,
        runner,
        world: side.source,
    }))
}

impl Compared {
    /// Runs `scenarios` on the mock and compares its answers with the target's `result`.
    pub(super) async fn run(self, scenarios: Vec<Scenario>, result: &RunResult) -> Comparison {
        let on_done = Arc::new(|_: &crate::runner::ScenarioResult| {});
        let builtin = self.runner.run(scenarios, on_done).await;
        self.server.shutdown().await;
        Comparison::new(
            "builtin",
            "observed",
            &self.world,
            pair_steps(result, &builtin),
        )
    }
}
