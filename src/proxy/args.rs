//! The arguments of `rosterwire proxy`, and the upstreams they name.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

use super::DEFAULT_JOURNAL_SIZE;
use super::error::ProxyError;
use super::upstreams::Upstreams;

/// Arguments of `rosterwire proxy`.
#[derive(Debug, Args)]
#[command(
    after_help = crate::help::PROXY,
    group(ArgGroup::new("upstreams").required(true).args(["upstream", "targets"]))
)]
pub(crate) struct ProxyArgs {
    /// Where a vendor's requests go: `VENDOR=URL` (repeat for each vendor), or one `URL` for
    /// every vendor without its own. Request paths are appended to the URL unchanged.
    #[arg(long, value_name = "[VENDOR=]URL", conflicts_with = "targets")]
    pub(crate) upstream: Vec<String>,
    /// A targets file (TOML) whose `base_url`s are the upstreams; with `--target`. Its
    /// credentials (`secrets`, and `secret_env` variables that are set) are redacted.
    #[arg(long, value_name = "FILE", requires = "target")]
    pub(crate) targets: Option<PathBuf>,
    /// The target of `--targets` to put the proxy in front of.
    #[arg(long, value_name = "NAME", requires = "targets")]
    pub(crate) target: Option<String>,
    /// The interface to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: String,
    /// The port to listen on; 0 picks a free port (read it from the first line printed).
    #[arg(long, default_value_t = 4011)]
    pub(crate) port: u16,
    /// How many exchanges the journal (`GET /__admin/requests`) keeps; 0 turns it off.
    #[arg(long, value_name = "ENTRIES", default_value_t = DEFAULT_JOURNAL_SIZE)]
    pub(crate) journal_size: usize,
    /// The drift table printed on shutdown (Ctrl-C, SIGTERM): `text` or `json`.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Text)]
    pub(crate) report: ReportFormat,
    /// The time allowed for the upstream's response head (also to connect), and between two
    /// pieces of its body, in milliseconds; over it the client gets a 504 (or, mid-body, a
    /// closed connection).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 30_000,
        alias = "timeout-ms"
    )]
    pub(crate) timeout: u64,
    /// The contracts folder (with `index.json`). Default: the built-in contracts.
    #[arg(long, value_name = "DIR")]
    pub(crate) contracts: Option<PathBuf>,
}

/// The format of the shutdown report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// The drift table as a text table.
    Text,
    /// The same JSON as `GET /__admin/drift`.
    Json,
}

impl ProxyArgs {
    /// The upstreams and the secrets to redact that the arguments name.
    ///
    /// # Errors
    /// A malformed `--upstream`, a vendor named twice, or a targets file that cannot be read,
    /// lacks the target, or has a vendor without `base_url`.
    pub(crate) fn upstreams(&self) -> Result<(Upstreams, Vec<String>), ProxyError> {
        match (&self.targets, &self.target) {
            (Some(file), Some(name)) => from_targets(file, name),
            _ => Ok((Upstreams::parse(&self.upstream)?, Vec::new())),
        }
    }
}

/// The base URLs of a target, and its credentials. A `secret_env` variable that is not set
/// only means there is nothing to redact for it: the proxy forwards the client's credentials.
fn from_targets(
    file: &std::path::Path,
    name: &str,
) -> Result<(Upstreams, Vec<String>), ProxyError> {
    let env = |var: &str| Some(std::env::var(var).unwrap_or_default());
    let target = crate::runner::load_target(file, name, &env)
        .map_err(|e| ProxyError::bad_input(e.to_string()))?;
    let mut specs = Vec::new();
    for (vendor, section) in &target.vendors {
        let Some(url) = &section.base_url else {
            return Err(ProxyError::bad_input(format!(
                "{}: target `{name}`, {vendor}: `base_url` is required",
                file.display()
            )));
        };
        specs.push(format!("{vendor}={url}"));
    }
    if specs.is_empty() {
        return Err(ProxyError::bad_input(format!(
            "{}: target `{name}` names no vendor",
            file.display()
        )));
    }
    let secrets = target
        .vendors
        .values()
        .flat_map(|v| v.secrets.values().cloned())
        .filter(|s| !s.is_empty())
        .collect();
    Ok((Upstreams::parse(&specs)?, secrets))
}
