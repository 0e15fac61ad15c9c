//! `rosterwire contracts`: placeholder until contract derivation lands.

use clap::Args;

/// Arguments of `rosterwire contracts`.
#[derive(Debug, Args)]
pub struct ContractsArgs {}

/// Runs `rosterwire contracts`.
///
/// # Errors
/// Not yet.
pub fn run(_args: ContractsArgs) -> anyhow::Result<u8> {
    anyhow::bail!("contracts is not implemented yet")
}
