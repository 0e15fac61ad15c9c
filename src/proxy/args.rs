//! The arguments of `rosterwire proxy`, and the upstreams they name.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

use super::error::ProxyError;
use super::upstreams::Upstreams;
use super::{DEFAULT_JOURNAL_SIZE, VendorName};

/// Arguments of `rosterwire proxy`.
#[derive(Debug, Args)]
#[command(
    after_help = crate::cli::help::PROXY,
    group(ArgGroup::new("upstreams").required(true).args(["upstream", "targets"]))
)]
pub struct ProxyArgs {
    /// Where a vendor's requests go: `VENDOR=URL` (repeat for each vendor), or one `URL` for
    /// every vendor without its own. Request paths are appended to the URL unchanged.
    #[arg(long, value_name = "[VENDOR=]URL", conflicts_with = "targets")]
    pub upstream: Vec<String>,
    /// A targets file (TOML) whose `base_url`s are the upstreams; with `--target`. Its
    /// credentials (`secrets`, and `secret_env` variables that are set) are redacted.
    #[arg(long, value_name = "FILE", requires = "target")]
    pub targets: Option<PathBuf>,
    /// The target of `--targets` to put the proxy in front of.
    #[arg(long, value_name = "NAME", requires = "targets")]
    pub target: Option<String>,
    /// The interface to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port to listen on; 0 picks a free port (read it from the first line printed).
    #[arg(long, default_value_t = 4011)]
    pub port: u16,
    /// How many exchanges the journal (`GET /__admin/requests`) keeps; 0 turns it off.
    #[arg(long, value_name = "ENTRIES", default_value_t = DEFAULT_JOURNAL_SIZE)]
    pub journal_size: usize,
    /// The drift table printed on shutdown (Ctrl-C, SIGTERM): `text` or `json`.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Text)]
    pub report: ReportFormat,
    /// The time allowed for the upstream's response head (also to connect), and between two
    /// pieces of its body, in milliseconds; over it the client gets a 504 (or, mid-body, a
    /// closed connection).
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 30_000,
        alias = "timeout-ms"
    )]
    pub timeout: u64,
    /// The contracts folder (with `index.json`). Default: the built-in contracts.
    #[arg(long, value_name = "DIR")]
    pub contracts: Option<PathBuf>,
}

/// The format of the shutdown report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
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
    pub fn upstreams(&self) -> Result<(Upstreams, Vec<String>), ProxyError> {
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

/// `VENDOR=URL` or `URL`.
pub(crate) fn split_spec(spec: &str) -> Result<(Option<VendorName>, &str), ProxyError> {
    match spec.split_once('=') {
        Some((vendor, url)) if !vendor.contains(':') && !vendor.contains('/') => {
            let vendor = vendor
                .parse::<VendorName>()
                .map_err(|e| ProxyError::bad_input(format!("--upstream {spec}: {e}")))?;
            Ok((Some(vendor), url))
        }
        _ => Ok((None, spec)),
    }
}
