//! `rosterwire contracts derive|lint|openapi`: the CLI entry (anyhow is allowed only here).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use super::derive::derive;
use super::lint::{lint, render_json, render_table};
use super::model::Derivation;
use super::openapi::openapi_document;
use crate::exit;

/// Arguments of `rosterwire contracts`.
#[derive(Debug, Args)]
pub(crate) struct ContractsArgs {
    /// The vendor documents to derive from. Default: `lint` uses the built-in ones, `derive`
    /// the current directory's `fixtures/vendor-docs`.
    #[arg(long, global = true, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// The contracts directory (holds `overlays/`; receives the generated files). Default:
    /// `lint` and `openapi` use the built-in contracts, `derive` the current directory's
    /// `contracts`.
    #[arg(long, global = true, value_name = "DIR")]
    pub contracts: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: ContractsCommand,
}

/// The `contracts` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum ContractsCommand {
    /// Derive the contracts from the vendor documents and overlays and write them.
    #[command(after_help = crate::help::CONTRACTS)]
    Derive {
        /// Write nothing; exit 1 naming every file that differs from a fresh derivation.
        #[arg(long)]
        check: bool,
    },
    /// Report the vendor documents' own defects.
    #[command(after_help = crate::help::CONTRACTS)]
    Lint {
        /// Output format.
        #[arg(long, value_enum, default_value_t = LintFormat::Table)]
        format: LintFormat,
    },
    /// Print (or write) one OpenAPI 3.1 document of every operation.
    #[command(after_help = crate::help::CONTRACTS)]
    Openapi {
        /// Write to this file instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Only the statuses this fidelity profile of the mock answers (`documented` or
        /// `observed`); default: every status of every profile.
        #[arg(long, value_parser = parse_profile)]
        profile: Option<rosterwire_mock::Fidelity>,
    },
}

/// The output format of `contracts lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    /// A fixed-width table.
    Table,
    /// A JSON document.
    Json,
}

/// Runs `rosterwire contracts`.
///
/// # Errors
/// Unreadable or malformed documents, overlays or contracts (exit 2).
pub(crate) fn run(args: ContractsArgs) -> anyhow::Result<u8> {
    match args.command {
        ContractsCommand::Derive { check } => {
            let docs = derive_dir(args.docs, DEFAULT_DOCS, "--docs")?;
            let contracts = derive_dir(args.contracts, DEFAULT_CONTRACTS, "--contracts")?;
            let derivation = derive(&docs, &contracts)?;
            if check {
                check_tree(&derivation, &contracts)
            } else {
                write_tree(&derivation, &contracts)
            }
        }
        ContractsCommand::Lint { format } => {
            let docs = args.docs.unwrap_or_else(crate::builtin::vendor_docs);
            let contracts = args.contracts.unwrap_or_else(crate::builtin::contracts);
            let findings = lint(&derive(&docs, &contracts)?);
            let text = match format {
                LintFormat::Table => render_table(&findings),
                LintFormat::Json => render_json(&findings),
            };
            write_stdout(&text);
            Ok(exit::SUCCESS)
        }
        ContractsCommand::Openapi { output, profile } => {
            let contracts = args.contracts.unwrap_or_else(crate::builtin::contracts);
            let text = super::model::render(&openapi_document(&contracts, profile)?);
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => write_stdout(&text),
            }
            Ok(exit::SUCCESS)
        }
    }
}

/// Where `derive` reads the vendor documents by default (relative to the current directory).
const DEFAULT_DOCS: &str = "fixtures/vendor-docs";
/// Where `derive` reads the overlays and writes the contracts by default.
const DEFAULT_CONTRACTS: &str = "contracts";

/// A folder `derive` works on: the one given, else `default` in the current directory, which
/// must exist (`derive` reads files there and writes the contracts; never built-in ones).
fn derive_dir(given: Option<PathBuf>, default: &str, flag: &str) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let dir = PathBuf::from(default);
    if dir.is_dir() {
        return Ok(dir);
    }
    let here = std::env::current_dir().map_or_else(|_| dir.clone(), |cwd| cwd.join(&dir));
    anyhow::bail!(
        "contracts derive reads the vendor documents and writes the contracts: {} does not \
         exist; pass {flag} DIR (or run it in a checkout of rosterwire, which has \
         `{DEFAULT_CONTRACTS}/` and `{DEFAULT_DOCS}/`)",
        here.display()
    )
}

/// A `--profile` value that names neither fidelity profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{0}`: expected `documented` or `observed`")]
struct UnknownProfile(String);

fn parse_profile(text: &str) -> Result<rosterwire_mock::Fidelity, UnknownProfile> {
    match text {
        "documented" => Ok(rosterwire_mock::Fidelity::Documented),
        "observed" => Ok(rosterwire_mock::Fidelity::Observed),
        other => Err(UnknownProfile(other.to_owned())),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn write_stdout(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn write_tree(derivation: &Derivation, dir: &Path) -> anyhow::Result<u8> {
    let files = derivation.files();
    for stale in generated_files(dir)?.difference(&files.keys().cloned().collect()) {
        std::fs::remove_file(dir.join(stale)).with_context(|| format!("removing {stale}"))?;
    }
    for (name, content) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
    }
    for report in &derivation.documents {
        match &report.contract {
            Some(contract) => eprintln!("{}: {contract}", report.document),
            None => eprintln!("{}: no contract found", report.document),
        }
    }
    eprintln!("wrote {} file(s) to {}", files.len(), dir.display());
    Ok(exit::SUCCESS)
}

fn check_tree(derivation: &Derivation, dir: &Path) -> anyhow::Result<u8> {
    let files = derivation.files();
    let mut stale = Vec::new();
    for (name, content) in &files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(existing) if existing == *content => {}
            Ok(_) => stale.push(format!("{name}: differs from a fresh derivation")),
            Err(_) => stale.push(format!("{name}: missing")),
        }
    }
    for extra in generated_files(dir)?.difference(&files.keys().cloned().collect()) {
        stale.push(format!("{extra}: not produced by a fresh derivation"));
    }
    if stale.is_empty() {
        eprintln!("{} contract file(s) are up to date", files.len());
        return Ok(exit::SUCCESS);
    }
    for line in &stale {
        eprintln!("stale: {line}");
    }
    eprintln!("run `rosterwire contracts derive` and commit the result");
    Ok(exit::CHECK_FAILED)
}

/// Every `*.json` file under `dir` except in `overlays/`, relative and `/`-separated.
fn generated_files(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = relative.join(&name);
            if entry.file_type()?.is_dir() {
                if !(relative.as_os_str().is_empty() && name == "overlays") {
                    pending.push(child);
                }
            } else if name.ends_with(".json") {
                found.insert(child.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(found)
}
