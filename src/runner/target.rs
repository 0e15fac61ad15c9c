//! Targets: where each vendor lives, and the ids and credentials scenarios use there.
//!
//! Targets files are TOML (`scenarios/targets/builtin.toml` holds the seed world's values):
//!
//! ```toml
//! [targets.staging]
//! fidelity = "observed"        # which expectations apply (default: documented)
//! rate_limit = 5.0             # requests per second (default: unlimited)
//! concurrency = 1              # vendors checked at once (default: 3)
//! timeout_ms = 10000           # per request (default: 10000)
//!
//! [targets.staging.rocketchat]
//! base_url = "https://chat.example.com"          # origin; paths carry the vendor's base path
//! vars = { department_id = "BiqbQav59HD2LzXEY" }  # ids the scenarios use
//! secret_env = { admin_token = "RC_ADMIN_TOKEN" } # credentials, read from the environment
//! ```
//!
//! `secrets = { name = "value" }` gives literal credentials (the built-in mock's seed tokens).
//! Credentials are variables like any other, but their values are masked in every output.
//! `unavailable = { bot_token = "no agent bot in account 7" }` names variables the target cannot
//! provide, with the reason: steps that need them are skipped with that reason.
//! [`Target::check_variables`] refuses a target that leaves a needed variable unaccounted for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rosterwire_mock::VendorName;
use serde::Deserialize;
use serde_json::Value;

use super::error::{RunnerError, RunnerErrorKind};
use super::secrets::redactor_for;
use crate::scenario::{Error, ErrorKind, Position, Variables};
use rosterwire_mock::Redactor;

/// One target: a base URL, variables and secrets per vendor, plus run settings.
#[derive(Debug, Clone)]
pub struct Target {
    /// The target's name.
    pub name: String,
    /// Per-vendor settings; a vendor without an entry is not checked.
    pub vendors: BTreeMap<VendorName, VendorTarget>,
    /// The fidelity profile the file asks for, if any (`--fidelity` wins).
    pub fidelity: Option<String>,
    /// Requests per second, if limited.
    pub rate_limit: Option<f64>,
    /// Vendors checked at once.
    pub concurrency: Option<usize>,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: Option<u64>,
}

/// One vendor of a target.
#[derive(Debug, Clone)]
pub struct VendorTarget {
    /// The origin (and any prefix) that scenario paths are appended to.
    pub base_url: Option<String>,
    /// Plain variables (ids).
    pub vars: BTreeMap<String, Value>,
    /// Secret variables (credentials), already read from the environment.
    pub secrets: BTreeMap<String, String>,
    /// Variables the target cannot provide: name → why.
    pub unavailable: BTreeMap<String, String>,
}

impl VendorTarget {
    /// The variables a scenario of this vendor starts with.
    pub fn variables(&self) -> Variables {
        let mut values = self.vars.clone();
        for (k, v) in &self.secrets {
            values.insert(k.clone(), Value::String(v.clone()));
        }
        Variables::new(values)
    }

    /// Whether the target accounts for `name`: a value, a secret, or a reason it has none.
    pub fn accounts_for(&self, name: &str) -> bool {
        self.vars.contains_key(name)
            || self.secrets.contains_key(name)
            || self.unavailable.contains_key(name)
    }
}

impl Target {
    /// A redactor for every secret of every vendor.
    pub fn redactor(&self) -> Redactor {
        redactor_for(
            self.vendors
                .values()
                .flat_map(|v| v.secrets.values().cloned()),
        )
    }

    /// Checks, before any request, that every variable `scenarios` need is accounted for by
    /// its vendor's section (`vars`, `secrets`, `secret_env` or `unavailable`); `provided`
    /// gives the names the runner binds itself for a scenario (sandbox groups).
    ///
    /// # Errors
    /// One line per vendor with missing variables (sorted), naming `file`, the target and the
    /// vendor. Scenarios of a vendor the target does not configure are not checked.
    pub fn check_variables<'a>(
        &self,
        file: &Path,
        scenarios: impl IntoIterator<Item = &'a crate::scenario::Scenario>,
        provided: &dyn Fn(&crate::scenario::Scenario) -> BTreeSet<String>,
    ) -> Result<(), RunnerError> {
        let mut missing: BTreeMap<VendorName, BTreeSet<String>> = BTreeMap::new();
        for scenario in scenarios {
            let Some(vendor) = self.vendors.get(&scenario.vendor) else {
                continue;
            };
            let unknown = scenario
                .needed_variables(&provided(scenario))
                .into_iter()
                .filter(|n| !vendor.accounts_for(n));
            missing.entry(scenario.vendor).or_default().extend(unknown);
        }
        missing.retain(|_, names| !names.is_empty());
        if missing.is_empty() {
            Ok(())
        } else {
            Err(RunnerErrorKind::MissingVariables {
                file: file.to_owned(),
                target: self.name.clone(),
                missing,
            }
            .into())
        }
    }

    /// Sets the base URL of every vendor that has none (the built-in mock's origin, `--target`).
    pub fn with_origin(mut self, origin: &str) -> Target {
        for vendor in self.vendors.values_mut() {
            vendor.base_url = Some(origin.trim_end_matches('/').to_owned());
        }
        self
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    targets: BTreeMap<String, TargetDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetDoc {
    #[serde(default)]
    fidelity: Option<String>,
    #[serde(default)]
    rate_limit: Option<f64>,
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    timeout_ms: Option<u64>,
    #[serde(default)]
    chatdash: Option<VendorDoc>,
    #[serde(default)]
    rocketchat: Option<VendorDoc>,
    #[serde(default)]
    chatwoot: Option<VendorDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorDoc {
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    vars: BTreeMap<String, Value>,
    #[serde(default)]
    secrets: BTreeMap<String, String>,
    #[serde(default)]
    secret_env: BTreeMap<String, String>,
    #[serde(default)]
    unavailable: BTreeMap<String, String>,
}

/// Reads target `name` from the targets file `file`; `env` looks up environment variables.
///
/// # Errors
/// An unreadable or malformed file (with line and column), an unknown target name, or an
/// environment variable named by `secret_env` that is not set.
pub fn load_target(
    file: &Path,
    name: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Target, Error> {
    let text = Error::read_to_string(file)?;
    parse_target(&text, file, name, env)
}

/// As [`load_target`], from the file's text.
///
/// # Errors
/// As [`load_target`].
pub fn parse_target(
    text: &str,
    file: &Path,
    name: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Target, Error> {
    let parsed: TargetsFile = toml::from_str(text).map_err(|e| {
        let position = e.span().map(|span| position_of(text, span.start));
        Error::new(
            ErrorKind::Syntax {
                message: e.message().to_owned(),
            },
            file,
            position,
            Some(text),
        )
    })?;
    let invalid = |message: String| Error::new(ErrorKind::Invalid { message }, file, None, None);
    let known: Vec<&str> = parsed.targets.keys().map(String::as_str).collect();
    let Some(doc) = parsed.targets.get(name) else {
        return Err(invalid(format!(
            "no target named `{name}`; the file defines: {}",
            known.join(", ")
        )));
    };
    // A bad `fidelity` is the file's fault, not a `--fidelity` flag's: say so here.
    if let Some(spec) = &doc.fidelity
        && let Err(e) = rosterwire_mock::FidelityProfile::default().apply(spec)
    {
        return Err(invalid(format!(
            "target `{name}`: `fidelity = {spec:?}` in the targets file: {e}"
        )));
    }
    let mut vendors = BTreeMap::new();
    for (vendor, vdoc) in [
        (VendorName::ChatDash, &doc.chatdash),
        (VendorName::RocketChat, &doc.rocketchat),
        (VendorName::Chatwoot, &doc.chatwoot),
    ] {
        let Some(vdoc) = vdoc else { continue };
        if let Some(both) = vdoc.unavailable.keys().find(|n| {
            vdoc.vars.contains_key(*n)
                || vdoc.secrets.contains_key(*n)
                || vdoc.secret_env.contains_key(*n)
        }) {
            return Err(invalid(format!(
                "target `{name}`, {vendor}: `{both}` has a value and is listed under `unavailable`: keep one"
            )));
        }
        let mut secrets = vdoc.secrets.clone();
        for (var, env_name) in &vdoc.secret_env {
            let value = env(env_name).ok_or_else(|| {
                invalid(format!(
                    "target `{name}`, {vendor}: the environment variable `{env_name}` (for `{var}`) is not set"
                ))
            })?;
            secrets.insert(var.clone(), value);
        }
        vendors.insert(
            vendor,
            VendorTarget {
                base_url: vdoc.base_url.clone(),
                vars: vdoc.vars.clone(),
                secrets,
                unavailable: vdoc.unavailable.clone(),
            },
        );
    }
    Ok(Target {
        name: name.to_owned(),
        vendors,
        fidelity: doc.fidelity.clone(),
        rate_limit: doc.rate_limit,
        concurrency: doc.concurrency,
        timeout_ms: doc.timeout_ms,
    })
}

fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[targets.staging]
fidelity = "observed"
rate_limit = 2.0

[targets.staging.chatwoot]
base_url = "https://cw.example.com"
vars = { account_id = 7, team_id = 12 }
secret_env = { admin_token = "CW_TOKEN" }
"#;

    #[test]
    fn a_target_reads_vars_and_secrets_from_the_environment() {
        let env = |n: &str| (n == "CW_TOKEN").then(|| "tok-123456".to_owned());
        let t = parse_target(FILE, Path::new("t.toml"), "staging", &env).unwrap();
        let cw = &t.vendors[&VendorName::Chatwoot];
        assert_eq!(cw.vars["team_id"], 12);
        assert_eq!(cw.variables().get("admin_token").unwrap(), "tok-123456");
        assert_eq!(t.redactor().text("x tok-123456"), "x [REDACTED]");
        assert_eq!(t.fidelity.as_deref(), Some("observed"));
    }

    #[test]
    fn a_missing_secret_variable_is_named() {
        let error = parse_target(FILE, Path::new("t.toml"), "staging", &|_| None).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`CW_TOKEN` (for `admin_token`) is not set"),
            "{error}"
        );
    }

    #[test]
    fn a_bad_fidelity_names_the_targets_file_and_target_not_a_flag() {
        let text = FILE.replace(r#"fidelity = "observed""#, r#"fidelity = "documentd""#);
        let env = |n: &str| (n == "CW_TOKEN").then(|| "tok-123456".to_owned());
        let error = parse_target(&text, Path::new("t.toml"), "staging", &env).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("t.toml"), "{message}");
        assert!(
            message.contains(r#"target `staging`: `fidelity = "documentd"` in the targets file"#),
            "{message}"
        );
        assert!(!message.contains("--fidelity"), "{message}");
    }

    #[test]
    fn a_typo_in_the_file_has_a_line_and_column() {
        let text = FILE.replace("rate_limit", "rate_limt");
        let error = parse_target(&text, Path::new("t.toml"), "staging", &|_| None).unwrap_err();
        assert_eq!(error.position().map(|p| p.line), Some(4), "{error}");
    }

    #[test]
    fn the_staging_example_names_every_variable_of_the_built_in_target() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/targets");
        let builtin = load_target(&root.join("builtin.toml"), "builtin", &|_| None).unwrap();
        let example = load_target(&root.join("staging.example.toml"), "staging", &|n| {
            Some(n.to_owned())
        })
        .unwrap();
        for (vendor, b) in &builtin.vendors {
            let e = &example.vendors[vendor];
            let names = |v: &VendorTarget| {
                let mut n: Vec<String> = v
                    .vars
                    .keys()
                    .chain(v.secrets.keys())
                    .chain(v.unavailable.keys())
                    .cloned()
                    .collect();
                n.sort();
                n
            };
            assert_eq!(names(b), names(e), "{vendor}");
        }
    }

    fn chatwoot_scenario(yaml: &str) -> crate::scenario::Scenario {
        crate::scenario::parse_scenario(yaml, Path::new("/s/chatwoot/x.yaml"), VendorName::Chatwoot)
            .unwrap()
    }

    const NEEDS: &str = r#"
name: needs
steps:
  - name: bot
    request:
      method: GET
      path: /api/v1/accounts/${account_id}/teams/${team_id}/team_members
      headers: {api_access_token: "${bot_token}"}
  - name: other
    request:
      method: GET
      path: /api/v1/accounts/${other_account_id}/teams/${other_team_id}
      headers: {api_access_token: "${admin_token}"}
"#;

    #[test]
    fn a_target_must_account_for_every_variable_its_scenarios_need() {
        let env = |n: &str| (n == "CW_TOKEN").then(|| "tok-123456".to_owned());
        let t = parse_target(FILE, Path::new("t.toml"), "staging", &env).unwrap();
        let scenario = chatwoot_scenario(NEEDS);
        let error = t
            .check_variables(Path::new("t.toml"), [&scenario], &|_| BTreeSet::new())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "t.toml: target `staging`, chatwoot: the scenarios need variables but the target \
                 has no value for `bot_token`, `other_account_id`, `other_team_id`: add them to"
            ),
            "{error}"
        );
        assert!(error.contains("`rosterwire targets init`"), "{error}");
    }

    #[test]
    fn unavailable_and_provided_variables_are_accounted_for() {
        let text = FILE.replace(
            "secret_env = { admin_token = \"CW_TOKEN\" }",
            "secret_env = { admin_token = \"CW_TOKEN\" }\nunavailable = { bot_token = \"no bot\", other_account_id = \"one account\" }",
        );
        let env = |_: &str| Some("tok-123456".to_owned());
        let t = parse_target(&text, Path::new("t.toml"), "staging", &env).unwrap();
        assert_eq!(
            t.vendors[&VendorName::Chatwoot].unavailable["bot_token"],
            "no bot"
        );
        let scenario = chatwoot_scenario(NEEDS);
        let provided = |_: &crate::scenario::Scenario| BTreeSet::from(["other_team_id".to_owned()]);
        t.check_variables(Path::new("t.toml"), [&scenario], &provided)
            .unwrap();
    }

    #[test]
    fn a_variable_cannot_be_both_given_and_unavailable() {
        let text = FILE.replace(
            "secret_env = { admin_token = \"CW_TOKEN\" }",
            "secret_env = { admin_token = \"CW_TOKEN\" }\nunavailable = { team_id = \"none\" }",
        );
        let env = |_: &str| Some("x".to_owned());
        let error = parse_target(&text, Path::new("t.toml"), "staging", &env).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`team_id` has a value and is listed under `unavailable`"),
            "{error}"
        );
    }

    #[test]
    fn the_built_in_target_accounts_for_every_variable_of_the_scenarios() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let file = root.join("targets/builtin.toml");
        let builtin = load_target(&file, "builtin", &|_| None).unwrap();
        let scenarios: Vec<_> = crate::scenario::scenario_files(&root)
            .unwrap()
            .iter()
            .map(|f| crate::scenario::load_scenario(f).unwrap())
            .collect();
        builtin
            .check_variables(&file, &scenarios, &|_| BTreeSet::new())
            .unwrap();
    }

    #[test]
    fn the_staging_example_accounts_for_every_variable_of_the_scenarios() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let file = root.join("targets/staging.example.toml");
        let example = load_target(&file, "staging", &|n| Some(n.to_owned())).unwrap();
        let scenarios: Vec<_> = crate::scenario::scenario_files(&root)
            .unwrap()
            .iter()
            .map(|f| crate::scenario::load_scenario(f).unwrap())
            .filter(|s| !s.tags.iter().any(|t| t == "mock-only"))
            .collect();
        example
            .check_variables(&file, &scenarios, &|_| BTreeSet::new())
            .unwrap();
    }

    #[test]
    fn an_unknown_target_lists_the_known_ones() {
        let error = parse_target(FILE, Path::new("t.toml"), "prod", &|_| None).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("no target named `prod`; the file defines: staging")
        );
    }
}
