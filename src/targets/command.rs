//! `rosterwire targets init`: read what the scenarios need from a server, write a targets file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use rosterwire_mock::VendorName;

use super::error::{Error, ErrorKind};
use super::fetch::{self, Reader};
use super::model::{TargetsToml, VendorSection, Wanted};
use super::{chatdash, chatwoot, rocketchat};
use crate::exit;
use crate::runner::{HttpClient, HttpOptions, Redactor};
use crate::scenario::{Scenario, load_scenario, scenario_files};

/// Arguments of `rosterwire targets`.
#[derive(Debug, Args)]
pub(crate) struct TargetsArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TargetsCommand,
}

/// The `targets` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum TargetsCommand {
    /// Discover a server's ids with read-only requests and write a targets file.
    Init(InitArgs),
}

/// Arguments of `rosterwire targets init`.
#[derive(Debug, Args)]
#[command(after_help = INIT_HELP)]
pub(crate) struct InitArgs {
    /// A vendor to discover: `chatwoot`, `rocketchat` or `chatdash` (repeatable; each with
    /// its own `--base-url`, in the same order).
    #[arg(long, value_name = "VENDOR", required = true)]
    pub vendor: Vec<String>,
    /// The vendor's base URL (origin, as in the targets file), one per `--vendor`.
    #[arg(long, value_name = "URL", required = true)]
    pub base_url: Vec<String>,
    /// The target's name in the file.
    #[arg(long, default_value = "staging")]
    pub name: String,
    /// Where to write the file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Chatwoot: the account to check (default: the first active account the token's user
    /// administers, from `GET /api/v1/profile`).
    #[arg(long, value_name = "ID")]
    pub account_id: Option<i64>,
    /// The scenarios folder: only the variables its scenarios need are written. Default: the
    /// built-in scenarios.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// The time allowed for one request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout_ms: u64,
}

const INIT_HELP: &str = "Credentials come from the environment (the names `secret_env` uses):
  chatwoot    CW_ADMIN_TOKEN (required: an administrator's access token), and optionally
              CW_AGENT_TOKEN, CW_OTHER_ADMIN_TOKEN, CW_BOT_TOKEN, CW_SUSPENDED_ADMIN_TOKEN
  rocketchat  RC_ADMIN_USER_ID and RC_ADMIN_TOKEN (required: an administrator), and optionally
              RC_VIEWER_USER_ID + RC_VIEWER_TOKEN, RC_NOBODY_USER_ID + RC_NOBODY_TOKEN,
              RC_ADDER_USER_ID + RC_ADDER_TOKEN
  chatdash    CHATDASH_AGENCY_KEY (required)
Only GET requests are sent. Every variable the scenarios need that cannot be found is written
under `unavailable` with the reason; the steps that need it are skipped.

Example:
  rosterwire targets init --vendor chatwoot --base-url https://chatwoot.example.com \\
    --vendor rocketchat --base-url https://chat.example.com --out staging.toml

Exit codes:
  0  the targets file was written
  2  bad usage, or a missing credential
  3  the server could not be read";

/// Runs `rosterwire targets`.
///
/// # Errors
/// Only when the async runtime cannot start.
pub(crate) fn run(args: TargetsArgs) -> anyhow::Result<u8> {
    let TargetsCommand::Init(args) = args.command;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let env = |name: &str| std::env::var(name).ok();
    match runtime.block_on(init(&args, &env)) {
        Ok(text) => {
            match &args.out {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, &text) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return Ok(exit::BAD_INPUT);
                    }
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(exit::SUCCESS)
        }
        Err(error) => {
            eprintln!("error: {error}");
            Ok(match error.kind {
                ErrorKind::Server => exit::UNREACHABLE,
                _ => exit::BAD_INPUT,
            })
        }
    }
}

/// The targets file's text for `args`; `env` reads environment variables.
///
/// # Errors
/// A bad argument, a missing credential, unreadable scenarios, or a failed read.
pub(crate) async fn init(
    args: &InitArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    if args.vendor.len() != args.base_url.len() {
        return Err(Error::bad_input(
            "give one --base-url per --vendor, in the same order",
        ));
    }
    let client = HttpClient::new(HttpOptions {
        timeout: Duration::from_millis(args.timeout_ms),
        ..HttpOptions::default()
    })
    .map_err(|e| Error::server(format!("cannot build the HTTP client: {e}")))?;
    let root = crate::scenario::scenarios_dir(args.scenarios.as_deref());
    let mut vendors = Vec::with_capacity(args.vendor.len());
    for (vendor, base_url) in args.vendor.iter().zip(&args.base_url) {
        let vendor: VendorName = vendor
            .parse()
            .map_err(|e| Error::bad_input(format!("--vendor {vendor}: {e}")))?;
        let base_url = checked_url(base_url)?;
        let wanted = wanted(&root, vendor, env)?;
        vendors.push(section(vendor, base_url, &wanted, &client, args, env).await?);
    }
    Ok(TargetsToml {
        name: args.name.clone(),
        vendors,
    }
    .render())
}

fn checked_url(base_url: &str) -> Result<&str, Error> {
    let url = url::Url::parse(base_url)
        .map_err(|e| Error::bad_input(format!("--base-url {base_url}: not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::bad_input(format!(
            "--base-url {base_url}: the URL must be http or https"
        )));
    }
    Ok(base_url.trim_end_matches('/'))
}

fn required(
    env: &dyn Fn(&str) -> Option<String>,
    vendor: VendorName,
    name: &str,
    what: &str,
) -> Result<String, Error> {
    env(name).ok_or_else(|| Error::bad_input(format!("{vendor}: set `{name}` to {what}")))
}

/// Reads one vendor and maps what it found.
async fn section(
    vendor: VendorName,
    base_url: &str,
    wanted: &Wanted,
    client: &HttpClient,
    args: &InitArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<VendorSection, Error> {
    let reader = |headers: Vec<(String, String)>, redactor| Reader {
        client,
        base_url,
        headers,
        redactor,
    };
    Ok(match vendor {
        VendorName::Chatwoot => {
            let token = required(
                env,
                vendor,
                chatwoot::ADMIN_TOKEN_ENV,
                "an administrator's access token",
            )?;
            let redactor = Redactor::new(vec![token.clone()]);
            let reader = reader(vec![("api_access_token".to_owned(), token)], &redactor);
            let facts = fetch::chatwoot(&reader, args.account_id).await?;
            chatwoot::discover(&facts, base_url, wanted)
        }
        VendorName::RocketChat => {
            let user = required(
                env,
                vendor,
                rocketchat::ADMIN_USER_ENV,
                "an administrator's user id",
            )?;
            let token = required(
                env,
                vendor,
                rocketchat::ADMIN_TOKEN_ENV,
                "that administrator's auth token",
            )?;
            let redactor = Redactor::new(vec![token.clone()]);
            let reader = reader(
                vec![
                    ("X-User-Id".to_owned(), user.clone()),
                    ("X-Auth-Token".to_owned(), token),
                ],
                &redactor,
            );
            let user_ids = rocketchat::USERS
                .iter()
                .filter(|(_, _, _, token_env, _)| env(token_env).is_some())
                .filter_map(|(id_var, _, id_env, _, _)| Some(((*id_var).to_owned(), env(id_env)?)))
                .collect();
            let facts = fetch::rocketchat(&reader, user, user_ids).await?;
            rocketchat::discover(&facts, base_url, wanted)
        }
        VendorName::ChatDash => {
            let key = required(
                env,
                vendor,
                chatdash::AGENCY_KEY_ENV,
                "the agency's API key",
            )?;
            let redactor = Redactor::new(vec![key.clone()]);
            let reader = reader(vec![("Authorization".to_owned(), key)], &redactor);
            let facts = fetch::chatdash(&reader).await?;
            chatdash::discover(&facts, base_url, wanted)
        }
    })
}

/// What `vendor`'s scenarios (except `mock-only` ones) need, and which variables are sandboxed.
fn wanted(
    root: &Path,
    vendor: VendorName,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Wanted, Error> {
    let files = scenario_files(root).map_err(|e| Error::bad_input(e.to_string()))?;
    let mut scenarios: Vec<Scenario> = Vec::new();
    for file in files {
        scenarios.push(load_scenario(&file).map_err(|e| Error::bad_input(e.to_string()))?);
    }
    let mine = scenarios
        .iter()
        .filter(|s| s.vendor == vendor && !s.tags.iter().any(|t| t == crate::scenario::MOCK_ONLY));
    // Needed: what the scenarios need with sandboxes on (the default run). A `sandbox:`
    // variable that a read-only scenario also names (on the target's real group) is needed too.
    let mut needed = BTreeSet::new();
    let mut sandbox = BTreeSet::new();
    for s in mine {
        needed.extend(s.needed_variables(&s.sandboxed_variables(true)));
        sandbox.extend(s.sandbox.iter().cloned());
    }
    sandbox.retain(|name| !needed.contains(name));
    let env_set = needed_env_names()
        .into_iter()
        .filter(|n| env(n).is_some())
        .map(str::to_owned)
        .collect();
    Ok(Wanted {
        needed,
        sandbox,
        env_set,
    })
}

/// Every environment variable a credential may come from.
fn needed_env_names() -> Vec<&'static str> {
    let mut names = chatwoot::SECRETS
        .iter()
        .map(|(_, env, _)| *env)
        .collect::<Vec<_>>();
    names.push(rocketchat::ADMIN_TOKEN_ENV);
    names.extend(
        rocketchat::USERS
            .iter()
            .map(|(_, _, _, token_env, _)| *token_env),
    );
    names.push(chatdash::AGENCY_KEY_ENV);
    names
}
