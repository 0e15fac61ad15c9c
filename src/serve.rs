//! `rosterwire serve` (the standalone mock) and `rosterwire world` (print or check a world).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use rosterwire_mock::fault::{FaultSpec, parse_fault_spec};
use rosterwire_mock::journal::DEFAULT_JOURNAL_SIZE;
use rosterwire_mock::{
    AdminConfig, DEFAULT_MAX_BODY, FidelityProfile, MockConfig, MockServer, RocketChatValidation,
    VendorName, VendorOptions, World,
};

use crate::exit;

/// Arguments of `rosterwire serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The interface to listen on.
    #[arg(long, default_value = "127.0.0.1", env = "ROSTERWIRE_HOST")]
    pub host: String,
    /// The port to listen on; 0 picks a free port.
    #[arg(long, default_value_t = 4010, env = "ROSTERWIRE_PORT")]
    pub port: u16,
    /// The world to start from (default: the built-in seed world, fixtures/worlds/default.json).
    #[arg(long, value_name = "PATH")]
    pub world: Option<PathBuf>,
    /// `documented` or `observed` for every vendor, or per vendor (`chatwoot=observed`);
    /// repeat for several vendors.
    #[arg(long, value_name = "[VENDOR=]FIDELITY", default_value = "documented")]
    pub fidelity: Vec<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// Which Rocket.Chat validation generation to imitate: `meteor` (Match error messages) or `ajv`.
    #[arg(long, value_name = "GENERATION", default_value = "meteor", value_parser = parse_validation)]
    pub rocketchat_validation: RocketChatValidation,
    /// How many requests the journal (`GET /__admin/requests`) keeps; 0 turns it off.
    #[arg(long, value_name = "ENTRIES", default_value_t = DEFAULT_JOURNAL_SIZE)]
    pub journal_size: usize,
    /// Require `Authorization: Bearer <TOKEN>` on the admin API under `/__admin`.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "ROSTERWIRE_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,
    /// Turn the admin API off (`/__admin` paths then get the unknown-route 404).
    #[arg(long, conflicts_with_all = ["admin_token", "admin_allow_remote"])]
    pub no_admin: bool,
    /// Let non-loopback clients use the admin API (use with --admin-token).
    #[arg(long)]
    pub admin_allow_remote: bool,
    /// A fault from the start, e.g. 'chatwoot PATCH */team_members status=500 times=1'
    /// (VENDOR METHOD PATH ACTION [times=N] [probability=P] [body=JSON]; `*` = any; actions:
    /// status=CODE, delay=MS, delay=MIN-MAX, drop, reset, truncate, malformed, slow=BYTES/MS).
    /// Repeat for several.
    #[arg(long, value_name = "SPEC", value_parser = parse_fault_spec)]
    pub fault: Vec<FaultSpec>,
    /// Colour in log lines: `auto` (only when stderr is a terminal and `NO_COLOR` is unset),
    /// `always` or `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// Arguments of `rosterwire world`.
#[derive(Debug, Args)]
pub(crate) struct WorldArgs {
    /// What to do with the world.
    #[command(subcommand)]
    pub action: WorldAction,
}

/// `rosterwire world dump|check`.
#[derive(Debug, Subcommand)]
pub(crate) enum WorldAction {
    /// Print a world (default: the built-in seed world) as JSON.
    #[command(after_help = crate::help::WORLD)]
    Dump {
        /// The world file to print instead of the seed world.
        path: Option<PathBuf>,
    },
    /// Check a world file; prints the JSON pointer of the first fault.
    #[command(after_help = crate::help::WORLD)]
    Check {
        /// The world file.
        path: PathBuf,
    },
    /// Read a live server's accounts, groups, members, agents and clients with GET requests
    /// and write them as a world, with every secret replaced by a generated one.
    Pull(crate::world_pull::PullArgs),
}

/// When log lines get ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// When stderr is a terminal and neither `NO_COLOR` nor `TERM=dumb` says otherwise.
    Auto,
    /// Always, also into a file or a pipe.
    Always,
    /// Never.
    Never,
}

/// A `--rocketchat-validation` value that names neither generation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown validation `{0}`: expected `meteor` or `ajv`")]
struct UnknownValidation(String);

fn parse_validation(text: &str) -> Result<RocketChatValidation, UnknownValidation> {
    match text {
        "meteor" => Ok(RocketChatValidation::Meteor),
        "ajv" => Ok(RocketChatValidation::Ajv),
        other => Err(UnknownValidation(other.to_owned())),
    }
}

/// Parses the repeated `--fidelity` values into a profile.
///
/// # Errors
/// The bad value and why.
pub(crate) fn fidelity_profile(specs: &[String]) -> anyhow::Result<FidelityProfile> {
    let mut profile = FidelityProfile::default();
    for spec in specs {
        profile
            .apply(spec)
            .map_err(|e| anyhow::anyhow!("--fidelity {spec}: {e}"))?;
    }
    Ok(profile)
}

/// Builds the mock configuration from `serve` arguments.
///
/// # Errors
/// An unreadable or invalid world, a bad fidelity.
pub(crate) fn mock_config(args: &ServeArgs) -> anyhow::Result<MockConfig> {
    let world = match &args.world {
        Some(path) => World::from_file(path)?,
        None => World::seed(),
    };
    let admin = AdminConfig {
        enabled: !args.no_admin,
        token: args.admin_token.clone(),
        allow_remote: args.admin_allow_remote,
    };
    let config = MockConfig::new()
        .with_world(world)
        .with_fidelity(fidelity_profile(&args.fidelity)?)
        .with_max_body(args.max_body)
        .with_vendor_options(VendorOptions {
            rocketchat_validation: args.rocketchat_validation,
        })
        .with_journal_size(args.journal_size)
        .with_journal_memory_reserved(true)
        .with_journal_rendered_ahead(true)
        .with_admin(admin);
    Ok(args
        .fault
        .iter()
        .cloned()
        .fold(config, MockConfig::with_fault))
}

/// Runs the mock until Ctrl-C or SIGTERM.
///
/// # Errors
/// A bad configuration or an address that cannot be bound.
pub(crate) fn run(args: ServeArgs) -> anyhow::Result<u8> {
    let config = match mock_config(&args) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error:#}");
            return Ok(exit::BAD_INPUT);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let address = format!("{}:{}", args.host, args.port);
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        let server = MockServer::start_on(listener, config)?;
        // Install the signal handlers before the banner: a supervisor may send SIGTERM as soon
        // as it has read the first line.
        let signal = shutdown_signal()?;
        print_banner(server.address(), &server)?;
        signal.await;
        tracing::info!("shutting down");
        server.shutdown().await;
        Ok(exit::SUCCESS)
    })
}

fn print_banner(address: SocketAddr, server: &MockServer) -> std::io::Result<()> {
    let origin = server.uri();
    let fidelity = server.engine().fidelity();
    let mut out = std::io::stdout().lock();
    writeln!(out, "rosterwire listening on {origin}")?;
    for vendor in VendorName::ALL {
        writeln!(
            out,
            "  {:<10} {}  (fidelity: {})",
            vendor.as_str(),
            vendor.client_base_url(&origin),
            fidelity.of(vendor)
        )?;
    }
    tracing::info!(%address, "ready");
    out.flush()
}

/// Registers Ctrl-C (SIGINT) and SIGTERM now and returns a future that completes on either.
#[cfg(unix)]
pub(crate) fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Ctrl-C, where there is no SIGTERM.
#[cfg(not(unix))]
pub(crate) fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Runs `rosterwire world dump|check|pull`.
///
/// # Errors
/// Only for failures to write to stdout; a bad world is reported and gives exit code 2.
pub(crate) fn world_command(args: WorldArgs) -> anyhow::Result<u8> {
    let (path, dump) = match args.action {
        WorldAction::Pull(pull) => return crate::world_pull::run(pull),
        WorldAction::Dump { path } => (path, true),
        WorldAction::Check { path } => (Some(path), false),
    };
    let loaded = path
        .as_deref()
        .map_or_else(|| Ok(World::seed()), World::from_file);
    match (loaded, path) {
        (Ok(world), _) if dump => {
            print!("{}", world.to_json_pretty());
            Ok(exit::SUCCESS)
        }
        (Ok(_), path) => {
            println!("{}: ok", path.unwrap_or_default().display());
            Ok(exit::SUCCESS)
        }
        (Err(error), Some(path))
            if matches!(
                error.kind(),
                rosterwire_mock::ErrorKind::InvalidWorld { .. }
            ) =>
        {
            eprintln!("error: {}: {error}", path.display());
            Ok(exit::BAD_INPUT)
        }
        (Err(error), _) => {
            eprintln!("error: {error}");
            Ok(exit::BAD_INPUT)
        }
    }
}
