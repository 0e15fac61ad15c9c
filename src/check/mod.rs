//! `rosterwire check`: load scenarios and contracts, pick the target (the built-in mock by
//! default), run, print the summary, write reports, and turn the result into an exit code.
//!
//! `args.rs` holds the raw arguments, `setup.rs` turns them into a validated run (target,
//! options, scenarios), `live.rs` prints while it runs, and this file runs it.

mod args;
mod compare;
mod error;
mod live;
mod setup;

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use anyhow::Context;
use rosterwire_mock::{MockConfig, MockServer};

pub(crate) use args::{CheckArgs, ColorChoice};

use crate::exit;
use crate::report::{
    Style, render_drift_section, render_header, render_json_with, render_junit_with, render_summary,
};
use crate::runner::{RunResult, Runner};
use live::{Live, Sink};
use setup::{Plan, TargetChoice};

/// Runs `rosterwire check`.
///
/// # Errors
/// Only when the async runtime cannot start; everything else is an exit code.
pub(crate) fn run(args: CheckArgs) -> anyhow::Result<u8> {
    let plan = match setup::plan(&args) {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run_plan(plan, &args))
}

async fn run_plan(plan: Plan, args: &CheckArgs) -> anyhow::Result<u8> {
    let Plan {
        target,
        choice,
        options,
        scenarios,
        contracts,
        reports,
    } = plan;
    // The built-in mock lives as long as the run.
    let mut mock = None;
    let target = match choice {
        TargetChoice::Builtin => {
            let config = MockConfig::new().with_fidelity(options.fidelity);
            match MockServer::start(config).await {
                Ok(server) => {
                    let origin = server.uri();
                    mock = Some(server);
                    target.with_origin(&origin)
                }
                Err(e) => {
                    eprintln!("error: cannot start the built-in mock: {e}");
                    return Ok(exit::UNREACHABLE);
                }
            }
        }
        TargetChoice::Given => target,
    };
    // `--compare`: the mock's side is ready (world pulled, mock started) before the target run.
    let compared = match compare::start(args, &target, &options, &contracts).await {
        Ok(c) => c,
        Err((code, message)) => {
            eprintln!("error: {message}");
            return Ok(code);
        }
    };
    let runner_target = target.name.clone();
    let fidelity = options.fidelity;
    let read_only = options.read_only;
    let runner = match Runner::new(target, contracts, options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(exit::UNREACHABLE);
        }
    };
    let cancel = runner.cancellation();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "interrupted: stopping, restoring membership and deleting sandbox groups… (Ctrl-C again to quit now)"
            );
            cancel.cancel();
        }
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "interrupted twice: quitting without restoring membership or deleting sandbox groups (`rosterwire clean` deletes them)"
            );
            std::process::exit(i32::from(exit::CHECK_FAILED));
        }
    });
    let report_to_stdout = reports.iter().any(|(_, path)| setup::is_stdout(path));
    let sink = if report_to_stdout {
        Sink::Stderr
    } else {
        Sink::Stdout
    };
    let style = Style {
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => sink.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        },
    };
    let live = Arc::new(Live::new(
        sink,
        style,
        scenarios.len(),
        std::io::stderr().is_terminal(),
    ));
    live.print(&render_header(
        &runner_target,
        fidelity,
        read_only,
        runner.run_id(),
    ));
    let on_done = {
        let live = Arc::clone(&live);
        Arc::new(move |s: &crate::runner::ScenarioResult| live.scenario_done(s))
    };
    let mock_scenarios = compared.as_ref().map(|_| scenarios.clone());
    let result = runner.run(scenarios, on_done).await;
    if let Some(server) = mock {
        server.shutdown().await;
    }
    let comparison = match (compared, mock_scenarios) {
        (Some(side), Some(list)) => Some(side.run(list, &result).await),
        _ => None,
    };
    live.finish();
    let mut summary = render_summary(&result, style);
    if args.all_drift {
        summary.push('\n');
        summary.push_str(&render_drift_section(&result, true));
    }
    live.print(&summary);
    if let Some(c) = &comparison {
        live.print(&crate::compare::render_table(c));
    }
    for (format, path) in &reports {
        let text = match format {
            setup::ReportFormat::Json => render_json_with(&result, comparison.as_ref()),
            setup::ReportFormat::Junit => render_junit_with(&result, comparison.as_ref()),
        };
        let written = if setup::is_stdout(path) {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        } else {
            std::fs::write(path, text)
        };
        if let Err(e) = written {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return Ok(exit::BAD_INPUT);
        }
    }
    let code = exit_code(&result);
    let differs = comparison
        .as_ref()
        .is_some_and(crate::compare::Comparison::has_differences);
    if code == exit::SUCCESS && args.fail_on_difference && differs {
        return Ok(exit::CHECK_FAILED);
    }
    Ok(code)
}

/// 3 when the target was unreachable, 0 when everything passed, 1 otherwise.
pub(crate) fn exit_code(result: &RunResult) -> u8 {
    if result.unreachable() {
        exit::UNREACHABLE
    } else if result.passed() {
        exit::SUCCESS
    } else {
        exit::CHECK_FAILED
    }
}
