//! `rosterwire`: contract tests and a vendor-faithful mock server for the agent-assignment APIs
//! of ChatDash, Rocket.Chat and Chatwoot.
//!
//! The command line lives in [`cli`]; `serve` runs [`rosterwire_mock`], `contracts` derives and
//! lints the contracts, `check` runs the scenarios against a server, `targets init` writes a
//! targets file from a server's ids, `clean` deletes the sandbox groups that interrupted runs
//! left behind, `proxy` forwards to the real servers and reports every answer that leaves the
//! contracts.

pub mod builtin;
pub mod check;
pub mod clean;
pub mod cli;
pub mod contracts;
pub mod exit;
pub mod proxy;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod serve;
pub mod snapshot;
pub mod targets;
