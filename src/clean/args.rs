//! The arguments of `rosterwire clean`, as `clap` parses them.

use std::path::PathBuf;

use clap::Args;

/// Arguments of `rosterwire clean`.
#[derive(Debug, Args)]
#[command(after_help = crate::help::CLEAN)]
pub(crate) struct CleanArgs {
    /// A targets file (TOML), as for `check`: base URLs and administrator credentials.
    #[arg(long, value_name = "FILE")]
    pub targets: PathBuf,
    /// The target in that file.
    #[arg(long, value_name = "NAME")]
    pub target: String,
    /// List the groups that would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The time allowed for one request, in milliseconds. Default: the target's, else 10000.
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
}
