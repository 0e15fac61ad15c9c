//! `rosterwire`: contract tests and a vendor-faithful mock server for the agent-assignment APIs
//! of ChatDash, Rocket.Chat and Chatwoot.
//!
//! The library behind the `rosterwire` command. [`main`] is the command line: `serve` runs
//! [`rosterwire_mock`], `contracts` derives and lints the contracts, `check` runs the scenarios
//! against a server, `targets init` writes a targets file from a server's ids, `clean` deletes
//! the sandbox groups that interrupted runs left behind, `proxy` forwards to the real servers and
//! reports every answer that leaves the contracts.
//!
//! The rest of the public surface is what the end-to-end tests and benchmarks drive directly:
//! scenarios ([`load_scenario`], [`scenario_files`], [`parse_scenario`]), targets
//! ([`load_target`], [`parse_target`]), the [`Runner`] with its [`RunOptions`] and
//! [`RunResult`], the contracts ([`Contracts`], [`load_contract_book`] or a [`ContractBook`] of
//! one's own) and the reports ([`render_text`], [`render_json`], [`render_junit`], the drift
//! table).

#![warn(missing_docs)]

mod builtin;
mod check;
mod clean;
mod cli;
mod compare;
mod contracts;
mod exit;
mod help;
mod proxy;
mod report;
mod runner;
mod scenario;
mod serve;
mod snapshot;
mod table;
mod targets;
mod world_pull;

pub use cli::main;
pub use contracts::{Contracts, ResponseVerdict};
pub use report::{Style, drift_rows, render_drift_table, render_json, render_junit, render_text};
pub use runner::{
    ContractBook, ContractQuery, ContractViolation, FailureKind, Judgement, NoContracts,
    RestoreOutcome, RestoreResult, RunOptions, RunResult, Runner, RunnerError, RunnerErrorKind,
    SourceInfo, StepResult, StepStatus, Target, VendorTarget, id_text, load_contract_book,
    load_target, parse_target,
};
pub use scenario::{Scenario, load_scenario, parse_scenario, scenario_files};
pub use snapshot::UpdateMode;
