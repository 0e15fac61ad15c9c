//! `rosterwire check`: load scenarios and contracts, pick the target (the built-in mock by
//! default), run, print the summary, write reports, and turn the result into an exit code.
//!
//! `args.rs` holds the raw arguments, `setup.rs` turns them into a validated run (target,
//! options, scenarios), and this file runs it.

mod args;
mod setup;

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use rosterwire_mock::{MockConfig, MockServer};

pub use args::{CheckArgs, ColorChoice};
pub(crate) use setup::{MOCK_ONLY, scenarios_dir};

use crate::exit;
use crate::report::{
    Style, drift_rows, render_drift_table, render_json, render_junit, render_scenario_line,
    render_text,
};
use crate::runner::{RunResult, Runner};
use setup::{Plan, TargetChoice};

/// Runs `rosterwire check`.
///
/// # Errors
/// Only when the async runtime cannot start; everything else is an exit code.
pub fn run(args: CheckArgs) -> anyhow::Result<u8> {
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
    let style = Style {
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    };
    let total = scenarios.len();
    let done = Arc::new(AtomicUsize::new(0));
    let progress = std::io::stderr().is_terminal();
    let on_done = {
        let done = Arc::clone(&done);
        Arc::new(move |s: &crate::runner::ScenarioResult| {
            let n = done.fetch_add(1, Ordering::SeqCst) + 1;
            if progress {
                let width = 20;
                let filled = n * width / total.max(1);
                eprintln!(
                    "[{}{}] {n}/{total} {}",
                    "#".repeat(filled),
                    "-".repeat(width - filled),
                    render_scenario_line(s, style)
                );
            }
        })
    };
    let result = runner.run(scenarios, on_done).await;
    if let Some(server) = mock {
        server.shutdown().await;
    }
    print!("{}", render_text(&result, style));
    if args.all_drift {
        print!("\n{}", render_drift_table(&drift_rows(&result), true));
    }
    let _ = std::io::stdout().flush();
    for (format, path) in &reports {
        let text = match format {
            setup::ReportFormat::Json => render_json(&result),
            setup::ReportFormat::Junit => render_junit(&result),
        };
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return Ok(exit::BAD_INPUT);
        }
    }
    Ok(exit_code(&result))
}

/// 3 when the target was unreachable, 0 when everything passed, 1 otherwise.
pub fn exit_code(result: &RunResult) -> u8 {
    if result.unreachable() {
        exit::UNREACHABLE
    } else if result.passed() {
        exit::SUCCESS
    } else {
        exit::CHECK_FAILED
    }
}
