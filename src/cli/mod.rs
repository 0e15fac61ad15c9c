//! The command line: raw `clap` arguments (`args.rs`), then each subcommand's own module.

mod args;
pub(crate) mod help;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, ColorWhen, Command, LogFormat};

use crate::exit;

/// Parses the process arguments, sets up logging and runs the subcommand.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::SUCCESS
            };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let color = match &cli.command {
        Command::Serve(args) => args.color,
        _ => ColorWhen::Auto,
    };
    // `check` prints its own lines (and a progress bar on a terminal); the built-in mock's
    // per-request `info` lines, meant for `serve`, would bury them.
    let default_filter = match &cli.command {
        Command::Check(_) => "warn",
        _ => "info",
    };
    init_logging(cli.log_format, color, default_filter);
    let outcome = match cli.command {
        Command::Serve(args) => crate::serve::run(args),
        Command::Check(args) => crate::check::run(args),
        Command::Proxy(args) => crate::proxy::run(args).map_err(anyhow::Error::from),
        Command::Clean(args) => crate::clean::run(args),
        Command::Contracts(args) => crate::contracts::run(args),
        Command::Scenarios(args) => crate::scenario::run(args),
        Command::World(args) => crate::serve::world_command(args),
        Command::Targets(args) => crate::targets::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}

/// Logs go to stderr; `RUST_LOG` filters them (default `default_filter`: `warn` for `check`,
/// `info` otherwise).
fn init_logging(format: LogFormat, color: ColorWhen, default_filter: &str) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(use_color(color))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Whether log lines on stderr get ANSI colour: `auto` asks `anstream` (stderr a terminal,
/// `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM=dumb`).
fn use_color(color: ColorWhen) -> bool {
    match color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
        }
    }
}
