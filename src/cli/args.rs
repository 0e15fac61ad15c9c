//! The raw command-line arguments, as `clap` parses them.

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::CheckArgs;
use crate::clean::CleanArgs;
use crate::contracts::ContractsArgs;
use crate::proxy::ProxyArgs;
use crate::scenario::ScenariosArgs;
use crate::serve::{ServeArgs, WorldArgs};
use crate::targets::TargetsArgs;

/// Contract tests and a vendor-faithful mock for the agent-assignment APIs of ChatDash,
/// Rocket.Chat and Chatwoot.
#[derive(Debug, Parser)]
#[command(name = "rosterwire", version, propagate_version = true, after_help = super::help::ROOT)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
    /// How log lines look on stderr (filter them with RUST_LOG).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the mock server for all three vendors on one port until Ctrl-C.
    #[command(after_help = super::help::SERVE)]
    Serve(ServeArgs),
    /// Forward to the real servers and report every answer that leaves the contracts (both
    /// fidelity profiles), until Ctrl-C.
    Proxy(ProxyArgs),
    /// Run the scenarios against the built-in mock (default) or another server.
    Check(CheckArgs),
    /// Delete the sandbox groups (`rosterwire-*` Chatwoot teams and Rocket.Chat departments)
    /// that interrupted runs left on a target; no other group is touched.
    Clean(CleanArgs),
    /// Derive, lint or export the contracts.
    #[command(after_help = super::help::CONTRACTS)]
    Contracts(ContractsArgs),
    /// Export the built-in scenarios to edit them and keep their snapshots.
    Scenarios(ScenariosArgs),
    /// Print or validate a world file.
    #[command(after_help = super::help::WORLD)]
    World(WorldArgs),
    /// Write a targets file from a server's ids (`targets init`, read-only requests).
    #[command(after_help = super::help::TARGETS)]
    Targets(TargetsArgs),
}

/// The format of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// When log lines get ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When stderr is a terminal and neither `NO_COLOR` nor `TERM=dumb` says otherwise.
    Auto,
    /// Always, also into a file or a pipe.
    Always,
    /// Never.
    Never,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
