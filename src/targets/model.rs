//! The targets file `rosterwire targets init` writes, as data, and its TOML text.
//!
//! Each vendor section lists `vars` (with a `#` note saying where each value came from),
//! `secret_env` (names of environment variables, never their values), `unavailable` (with the
//! reason, repeated as a `#` comment) and, as comments only, the sandbox variables the runner
//! makes for each run.

use std::collections::BTreeSet;
use std::fmt::Write;

use rosterwire_mock::VendorName;
use serde_json::Value;

/// What the scenarios of one vendor want from a target.
#[derive(Debug, Clone, Default)]
pub(crate) struct Wanted {
    /// Every target variable the vendor's scenarios need ([`crate::scenario::Scenario::needed_variables`]).
    pub needed: BTreeSet<String>,
    /// Variables bound to sandbox groups (made for each run): written as comments.
    pub sandbox: BTreeSet<String>,
    /// The names of the environment variables that are set (never their values).
    pub env_set: BTreeSet<String>,
}

/// One plain variable and where its value came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Var {
    /// The variable.
    pub name: String,
    /// Its value.
    pub value: Value,
    /// Where it came from (a `#` comment).
    pub note: String,
}

/// A variable the target cannot provide.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unavailable {
    /// The variable.
    pub name: String,
    /// Why (the value written, shown in skip reasons).
    pub reason: String,
    /// What would make it available (a `#` comment above it).
    pub hint: String,
}

/// One vendor's section, as discovered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VendorSection {
    /// The vendor.
    pub vendor: VendorName,
    /// The base URL.
    pub base_url: String,
    /// Plain variables, in the order they were found.
    pub vars: Vec<Var>,
    /// Credential variable → environment variable.
    pub secret_env: Vec<(String, String)>,
    /// Variable → why the target cannot provide it, and a `#` comment on what would fix it.
    pub unavailable: Vec<Unavailable>,
    /// Sandbox variables: name → a value to use with `--no-sandbox`, when one was found.
    pub sandbox: Vec<(String, Option<Value>)>,
}

impl VendorSection {
    /// An empty section.
    pub(crate) fn new(vendor: VendorName, base_url: &str) -> VendorSection {
        VendorSection {
            vendor,
            base_url: base_url.trim_end_matches('/').to_owned(),
            vars: Vec::new(),
            secret_env: Vec::new(),
            unavailable: Vec::new(),
            sandbox: Vec::new(),
        }
    }

    fn has(&self, name: &str) -> bool {
        self.vars.iter().any(|v| v.name == name)
            || self.secret_env.iter().any(|(n, _)| n == name)
            || self.unavailable.iter().any(|u| u.name == name)
            || self.sandbox.iter().any(|(n, _)| n == name)
    }
}

/// Fills a [`VendorSection`] with only the variables the scenarios want, each once.
#[derive(Debug)]
pub(crate) struct Filler<'a> {
    wanted: &'a Wanted,
    section: VendorSection,
}

impl<'a> Filler<'a> {
    /// A filler for `vendor` at `base_url`.
    pub(crate) fn new(vendor: VendorName, base_url: &str, wanted: &'a Wanted) -> Filler<'a> {
        Filler {
            wanted,
            section: VendorSection::new(vendor, base_url),
        }
    }

    fn open(&self, name: &str) -> bool {
        self.wanted.needed.contains(name) && !self.section.has(name)
    }

    /// Sets `name` (a sandbox variable becomes a comment with the value as a suggestion).
    pub(crate) fn var(&mut self, name: &str, value: Value, note: impl Into<String>) {
        if !self.open(name) {
            return;
        }
        if self.wanted.sandbox.contains(name) {
            self.section.sandbox.push((name.to_owned(), Some(value)));
        } else {
            self.section.vars.push(Var {
                name: name.to_owned(),
                value,
                note: note.into(),
            });
        }
    }

    /// Marks `name` unavailable, with `hint` as its comment (a sandbox variable becomes a
    /// comment without a value).
    pub(crate) fn unavailable(
        &mut self,
        name: &str,
        reason: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if !self.open(name) {
            return;
        }
        if self.wanted.sandbox.contains(name) {
            self.section.sandbox.push((name.to_owned(), None));
        } else {
            self.section.unavailable.push(Unavailable {
                name: name.to_owned(),
                reason: reason.into(),
                hint: hint.into(),
            });
        }
    }

    /// A credential read from `env_name`: `secret_env` when it is set, else unavailable.
    pub(crate) fn secret(&mut self, name: &str, env_name: &str, what: &str) {
        if !self.open(name) {
            return;
        }
        if self.wanted.env_set.contains(env_name) {
            self.section
                .secret_env
                .push((name.to_owned(), env_name.to_owned()));
        } else {
            self.unavailable(
                name,
                format!("no {what}: `{env_name}` was not set when this file was written"),
                format!(
                    "to run its steps, export {env_name} and move this line to `secret_env` as \
                     {name} = \"{env_name}\""
                ),
            );
        }
    }

    /// The section; every wanted variable not filled is unavailable.
    pub(crate) fn finish(mut self) -> VendorSection {
        let left: Vec<String> = self
            .wanted
            .needed
            .iter()
            .filter(|n| !self.section.has(n))
            .cloned()
            .collect();
        for name in left {
            self.unavailable(
                &name,
                "rosterwire targets init does not know how to find it",
                "set it by hand under `vars` (and remove it here) to run its steps",
            );
        }
        self.section
    }
}

/// The whole file: a target name and its vendor sections.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TargetsToml {
    /// The target's name.
    pub name: String,
    /// One section per vendor.
    pub vendors: Vec<VendorSection>,
}

impl TargetsToml {
    /// The file's text.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let name = key(&self.name);
        let _ = writeln!(
            out,
            "# Written by `rosterwire targets init` with read-only requests. Check it, then run:\n\
             #   rosterwire check --targets FILE --target {} --read-only\n\
             # `unavailable` variables skip the steps that need them, with the reason.\n",
            self.name
        );
        let _ = writeln!(out, "[targets.{name}]");
        let _ = writeln!(
            out,
            "fidelity = \"observed\"   # a real server behaves like the observed profile"
        );
        for section in &self.vendors {
            let table = format!("targets.{name}.{}", section.vendor);
            let _ = writeln!(out, "\n[{table}]");
            let _ = writeln!(out, "base_url = {}", quote(&section.base_url));
            let _ = writeln!(out, "\n[{table}.vars]");
            for var in &section.vars {
                let _ = writeln!(
                    out,
                    "{} = {}   # {}",
                    key(&var.name),
                    toml_value(&var.value),
                    one_line(&var.note)
                );
            }
            for (name, value) in &section.sandbox {
                let suggestion = value.as_ref().map_or_else(|| "…".to_owned(), toml_value);
                let _ = writeln!(
                    out,
                    "# {} = {suggestion}   # made for each run; set it to run with --no-sandbox",
                    key(name)
                );
            }
            if !section.secret_env.is_empty() {
                let _ = writeln!(out, "\n[{table}.secret_env]");
                for (name, env) in &section.secret_env {
                    let _ = writeln!(out, "{} = {}", key(name), quote(env));
                }
            }
            if !section.unavailable.is_empty() {
                let _ = writeln!(out, "\n[{table}.unavailable]");
                for u in &section.unavailable {
                    let _ = writeln!(out, "# {}", one_line(&u.hint));
                    let _ = writeln!(out, "{} = {}", key(&u.name), quote(&u.reason));
                }
            }
        }
        out
    }
}

/// A TOML key: bare when it can be.
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_owned()
    } else {
        quote(name)
    }
}

/// A TOML basic string (JSON's escapes are valid TOML escapes).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Ids are integers or strings; anything else is written as its JSON text in a string.
fn toml_value(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::String(s) => quote(s),
        other => quote(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_wanted_variables_are_written_and_the_rest_is_unavailable() {
        let wanted = Wanted {
            needed: ["a", "b", "team", "tok", "left"].map(String::from).into(),
            sandbox: ["team"].map(String::from).into(),
            env_set: ["TOK"].map(String::from).into(),
        };
        let mut f = Filler::new(VendorName::Chatwoot, "http://x/", &wanted);
        f.var("a", json!(1), "first");
        f.var("a", json!(2), "ignored: already set");
        f.var("not_wanted", json!(3), "ignored");
        f.var("team", json!(5), "sandbox");
        f.secret("tok", "TOK", "token");
        f.unavailable("b", "no b \"here\"", "why b");
        let toml = TargetsToml {
            name: "staging".into(),
            vendors: vec![f.finish()],
        }
        .render();
        assert!(
            toml.contains("[targets.staging.chatwoot]\nbase_url = \"http://x\"\n"),
            "{toml}"
        );
        assert!(
            toml.contains("\na = 1   # first\n# team = 5   # made for each run"),
            "{toml}"
        );
        assert!(
            toml.contains("[targets.staging.chatwoot.secret_env]\ntok = \"TOK\"\n"),
            "{toml}"
        );
        assert!(
            toml.contains("# why b\nb = \"no b \\\"here\\\"\"\n"),
            "{toml}"
        );
        assert!(
            toml.contains("left = \"rosterwire targets init does not know"),
            "{toml}"
        );
        let env = |_: &str| Some("v".to_owned());
        let parsed =
            crate::runner::parse_target(&toml, std::path::Path::new("t.toml"), "staging", &env)
                .unwrap();
        let cw = &parsed.vendors[&VendorName::Chatwoot];
        assert_eq!(cw.vars["a"], 1);
        assert_eq!(cw.unavailable["b"], "no b \"here\"");
        assert!(!cw.vars.contains_key("team"));
    }
}
