//! The arguments of `rosterwire check`, as `clap` parses them.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::snapshot::UpdateMode;

/// Arguments of `rosterwire check`.
#[derive(Debug, Args)]
#[command(after_help = crate::help::CHECK)]
pub(crate) struct CheckArgs {
    /// What to check: a base URL (checked with the seed world's ids and tokens) or, with
    /// `--targets`, a target name. Default: start the built-in mock on a free port.
    #[arg(long, value_name = "URL|NAME")]
    pub target: Option<String>,
    /// A targets file (TOML): base URLs, credential variables and ids per vendor.
    #[arg(long, value_name = "FILE", requires = "target")]
    pub targets: Option<PathBuf>,
    /// Which expectations apply: `documented` or `observed`, for all vendors or one
    /// (`chatwoot=observed`); repeatable. The built-in mock runs in the same profile.
    /// [default: the target's `fidelity` in the targets file, else documented]
    #[arg(long, value_name = "[VENDOR=]FIDELITY")]
    pub fidelity: Vec<String>,
    /// The scenarios folder (`<vendor>/*.yaml`, snapshots in `<vendor>/snapshots/`).
    /// Default: the built-in scenarios (`rosterwire scenarios export DIR` writes them out);
    /// snapshot files are only written under a folder given here.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// The contracts folder (with `index.json`). Default: the built-in contracts.
    #[arg(long, value_name = "DIR")]
    pub contracts: Option<PathBuf>,
    /// Judge responses by the scenarios' assertions only: no contract validation, no drift.
    #[arg(long, conflicts_with = "contracts")]
    pub no_contracts: bool,
    /// Only these vendors (repeatable).
    #[arg(long, value_name = "VENDOR")]
    pub vendor: Vec<String>,
    /// Only scenarios with this tag (repeatable; any matches), e.g. `read-only`.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Run only non-mutating steps (the steps before a scenario's first mutating one).
    #[arg(long)]
    pub read_only: bool,
    /// Run mutating scenarios on the target's own groups instead of groups made for the run.
    /// By default each `sandbox:` variable (Chatwoot team, Rocket.Chat department) is bound to
    /// a group `rosterwire-<run id>-<n>` created before the scenario and deleted after it; with
    /// this flag the variables come from the target and the scenario falls back to the restore
    /// (membership saved before, written back after).
    #[arg(long)]
    pub no_sandbox: bool,
    /// When to write snapshot files; each file written is announced (`stored new snapshot
    /// PATH`). Without this flag, insta's `INSTA_UPDATE` (auto, always, new, unseen, no, force)
    /// decides, and `INSTA_FORCE_PASS=1` lets a mismatch pass.
    /// [default: `no` when `CI` is set, else `new`]
    #[arg(long, value_enum, value_name = "MODE")]
    pub update_snapshots: Option<UpdateMode>,
    /// Write a report: `junit=PATH` or `json=PATH` (repeatable).
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub reports: Vec<String>,
    /// At most this many requests per second to the target.
    /// [default: the target's `rate_limit` in the targets file, else no limit]
    #[arg(long, value_name = "PER_SECOND")]
    pub rate_limit: Option<f64>,
    /// How many vendors are checked at once (scenarios of one vendor always run in order).
    /// [default: the target's `concurrency` in the targets file, else 3]
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// The time allowed for one request, in milliseconds.
    /// [default: the target's `timeout_ms` in the targets file, else 10000]
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
    /// How many times to retry a request answered 429 (with exponential back-off).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Colour in the terminal summary.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show every operation × status in the drift table, not only drift.
    #[arg(long)]
    pub all_drift: bool,
    /// Also run the scenarios on the built-in mock (observed profile, loaded with the target's
    /// world, pulled now with GET requests) and report step by step where the answers differ:
    /// status, content type, keys and their order, JSON types, error texts.
    #[arg(long, value_enum, value_name = "WITH", requires = "target")]
    pub compare: Option<CompareWith>,
    /// With --compare: exit 1 when any step differs (differences alone do not fail the run).
    #[arg(long, requires = "compare")]
    pub fail_on_difference: bool,
    /// With --compare: load this world (from `rosterwire world pull`, with its credentials map
    /// beside it) instead of pulling the target's world now.
    #[arg(long, value_name = "FILE", requires = "compare")]
    pub compare_world: Option<PathBuf>,
}

/// What `--compare` compares the target with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareWith {
    /// The built-in mock in the observed profile.
    Builtin,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal only.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
