//! The `world pull` subcommand: load the target, read each vendor, check the world, write it
//! and the credentials map.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use rosterwire_mock::VendorName;
use serde_json::{Map, Value, json};

use super::credentials::Credentials;
use super::{chatdash, chatwoot, rocketchat};
use crate::exit;
use crate::runner::{HttpClient, HttpOptions, Target, load_target};
use crate::targets::{Error, ErrorKind};

/// Arguments of `rosterwire world pull`.
#[derive(Debug, Args)]
#[command(after_help = crate::help::WORLD_PULL)]
pub(crate) struct PullArgs {
    /// The targets file (as `check --targets` reads it; credentials from the environment).
    #[arg(long, value_name = "FILE")]
    pub(crate) targets: PathBuf,
    /// The target in that file.
    #[arg(long, value_name = "NAME")]
    pub(crate) target: String,
    /// Where to write the world.
    #[arg(short = 'o', long, value_name = "FILE", default_value = "world.json")]
    pub(crate) output: PathBuf,
    /// Where to write the map of replaced credentials (names only).
    /// [default: beside the world, `<name>.credentials.json`]
    #[arg(long, value_name = "FILE")]
    pub(crate) credentials_map: Option<PathBuf>,
    /// The time allowed for one request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub(crate) timeout_ms: u64,
}

/// A pulled world, its replaced secrets, and what was left out.
#[derive(Debug, Clone)]
pub(crate) struct Pulled {
    /// The world document.
    pub(crate) world: Value,
    /// The replaced secrets.
    pub(crate) credentials: Credentials,
    /// What could not be read, one line each.
    pub(crate) notes: Vec<String>,
}

impl Pulled {
    /// The world as pretty JSON.
    pub(crate) fn world_text(&self) -> String {
        serde_json::to_string_pretty(&self.world).unwrap_or_default() + "\n"
    }

    /// The first real secret of the target found in `text`, if any.
    pub(crate) fn leaked_in(&self, text: &str) -> bool {
        self.credentials
            .real_values()
            .iter()
            .any(|secret| !secret.is_empty() && text.contains(secret.as_str()))
    }
}

/// Pulls every vendor of `target`; `env_names` says which environment variable each
/// credential variable was read from (for the map).
///
/// # Errors
/// A vendor without a base URL or needed credentials, or a failed read.
pub(crate) async fn pull(
    target: &Target,
    env_names: &BTreeMap<(VendorName, String), String>,
    http: HttpOptions,
) -> Result<Pulled, Error> {
    let client = HttpClient::new(http)
        .map_err(|e| Error::server(format!("cannot build the HTTP client: {e}")))?;
    let redactor = target.redactor();
    let mut credentials = Credentials::of_target(target, env_names);
    let mut notes = Vec::new();
    let mut world = Map::new();
    world.insert(
        "description".into(),
        json!(format!(
            "pulled from target `{}` by rosterwire world pull",
            target.name
        )),
    );
    for (vendor, v) in &target.vendors {
        let base_url = v
            .base_url
            .as_deref()
            .ok_or_else(|| Error::bad_input(format!("{vendor}: `base_url` is required")))?
            .trim_end_matches('/');
        let section = match vendor {
            VendorName::ChatDash => {
                let read = chatdash::read(&client, base_url, &credentials, &redactor).await?;
                chatdash::section(&read, &mut credentials)
            }
            VendorName::RocketChat => {
                let read =
                    rocketchat::read(&client, base_url, target, &credentials, &redactor).await?;
                rocketchat::section(&read, &mut credentials)
            }
            VendorName::Chatwoot => {
                let read =
                    chatwoot::read(&client, base_url, &credentials, &redactor, &mut notes).await?;
                chatwoot::section(&read, &mut credentials)
            }
        };
        world.insert(vendor.as_str().to_owned(), section);
    }
    Ok(Pulled {
        world: Value::Object(world),
        credentials,
        notes,
    })
}

/// `(vendor, credential variable)` → environment variable, from the target's `secret_env`
/// tables (empty when the file cannot be read: the map then says `targets file`).
pub(crate) fn env_names(file: &Path, target: &str) -> BTreeMap<(VendorName, String), String> {
    let parsed: Option<toml::Table> = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| toml::from_str(&t).ok());
    let mut out = BTreeMap::new();
    let Some(section) = parsed
        .as_ref()
        .and_then(|p| p.get("targets")?.get(target)?.as_table())
    else {
        return out;
    };
    for vendor in VendorName::ALL {
        let envs = section
            .get(vendor.as_str())
            .and_then(|v| v.get("secret_env"))
            .and_then(|v| v.as_table());
        for (var, env) in envs.into_iter().flatten() {
            if let Some(env) = env.as_str() {
                out.insert((vendor, var.clone()), env.to_owned());
            }
        }
    }
    out
}

/// The map's default place: `world.json` → `world.credentials.json`.
pub(crate) fn default_map_path(world: &Path) -> PathBuf {
    let stem = world
        .file_stem()
        .map_or_else(|| "world".into(), |s| s.to_string_lossy().into_owned());
    world.with_file_name(format!("{stem}.credentials.json"))
}

/// Runs `rosterwire world pull`.
///
/// # Errors
/// Only when the async runtime cannot start.
pub(crate) fn run(args: PullArgs) -> anyhow::Result<u8> {
    let env = |name: &str| std::env::var(name).ok();
    let target = match load_target(&args.targets, &args.target, &env) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let names = env_names(&args.targets, &args.target);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let http = HttpOptions {
        timeout: Duration::from_millis(args.timeout_ms),
        ..HttpOptions::default()
    };
    let pulled = match runtime.block_on(pull(&target, &names, http)) {
        Ok(p) => p,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(match error.kind {
                ErrorKind::Server => exit::UNREACHABLE,
                _ => exit::BAD_INPUT,
            });
        }
    };
    for note in &pulled.notes {
        eprintln!("note: {note}");
    }
    let world = pulled.world_text();
    if let Err(e) = rosterwire_mock::World::from_json(world.as_bytes()) {
        eprintln!("error: the server's data does not make a valid world: {e}");
        return Ok(exit::CHECK_FAILED);
    }
    let map = pulled.credentials.map_json();
    if pulled.leaked_in(&world) || pulled.leaked_in(&map) {
        eprintln!("error: a credential of the target appears in the pulled data; nothing written");
        return Ok(exit::CHECK_FAILED);
    }
    let map_path = args
        .credentials_map
        .clone()
        .unwrap_or_else(|| default_map_path(&args.output));
    for (path, text) in [(&args.output, &world), (&map_path, &map)] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Ok(exit::BAD_INPUT);
        }
    }
    eprintln!(
        "wrote {} and {} ({} secrets replaced)",
        args.output.display(),
        map_path.display(),
        pulled.credentials.list().len()
    );
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_goes_beside_the_world() {
        assert_eq!(
            default_map_path(Path::new("/tmp/x/staging.json")),
            Path::new("/tmp/x/staging.credentials.json")
        );
    }
}
