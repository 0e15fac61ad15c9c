//! The process exit codes, documented in every subcommand's `--help` (`crate::help`) and
//! the README.

/// Every check passed.
pub(crate) const SUCCESS: u8 = 0;
/// A check failed: an assertion, a contract violation, a snapshot mismatch, drift, or a
/// membership that could not be saved or restored exactly.
pub(crate) const CHECK_FAILED: u8 = 1;
/// Bad usage, or a scenario, contract, world or targets file that cannot be read or parsed.
pub(crate) const BAD_INPUT: u8 = 2;
/// The target could not be reached (connection refused, DNS, TLS, or the mock failed to start).
pub(crate) const UNREACHABLE: u8 = 3;
