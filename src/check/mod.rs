//! `rosterwire check`: placeholder until the runner lands.

use clap::Args;

/// Arguments of `rosterwire check`.
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `rosterwire check`.
///
/// # Errors
/// Not yet.
pub fn run(_args: CheckArgs) -> anyhow::Result<u8> {
    anyhow::bail!("check is not implemented yet")
}
