//! The process exit codes, documented in every subcommand's `--help` (`crate::cli::help`) and
//! the README.

/// Every check passed.
pub const SUCCESS: u8 = 0;
/// A check failed: an assertion, a contract violation, a snapshot mismatch, drift, or a
/// membership that could not be saved or restored exactly.
pub const CHECK_FAILED: u8 = 1;
/// Bad usage, or a scenario, contract, world or targets file that cannot be read or parsed.
pub const BAD_INPUT: u8 = 2;
/// The target could not be reached (connection refused, DNS, TLS, or the mock failed to start).
pub const UNREACHABLE: u8 = 3;
