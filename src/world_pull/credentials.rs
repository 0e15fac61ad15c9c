//! The secrets of a pulled world: every credential of the target and every secret the server
//! returned is replaced by a generated value, and the map from where each real secret came
//! from to its generated value is written beside the world — names only, never a real value.

use std::collections::BTreeMap;

use rosterwire_mock::VendorName;
use serde_json::{Map, Value};

use crate::runner::Target;

/// Where a real secret came from, for the map's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A credential variable of the targets file, read from an environment variable.
    Env(String),
    /// A credential written literally in the targets file (`secrets = {…}`).
    TargetsFile,
    /// A secret field of a record the server returned (e.g. a ChatDash agent's `apiKey`).
    Returned,
}

/// One replaced secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credential {
    /// The vendor.
    pub(crate) vendor: VendorName,
    /// The credential variable (`admin_token`) or the record field (`agents[ID].apiKey`).
    pub(crate) name: String,
    /// Where the real value came from.
    pub(crate) source: Source,
    /// The generated value that replaces it in the world.
    pub(crate) generated: String,
}

impl Credential {
    /// The map key: `chatwoot.admin_token (env CW_ADMIN_TOKEN)`.
    pub(crate) fn key(&self) -> String {
        let from = match &self.source {
            Source::Env(name) => format!("env {name}"),
            Source::TargetsFile => "targets file".to_owned(),
            Source::Returned => "returned by the server".to_owned(),
        };
        format!("{}.{} ({from})", self.vendor, self.name)
    }
}

/// Every secret replaced while pulling, in the order they were met.
#[derive(Debug, Clone, Default)]
pub(crate) struct Credentials {
    list: Vec<Credential>,
    /// `(vendor, variable)` → `(source, real value)` of the target's credential variables.
    real: BTreeMap<(VendorName, String), (Source, String)>,
}

impl Credentials {
    /// The target's credential variables (`secrets`, with the environment variable each was
    /// read from when `secret_env` names one).
    pub(crate) fn of_target(
        target: &Target,
        env_names: &BTreeMap<(VendorName, String), String>,
    ) -> Self {
        let mut real = BTreeMap::new();
        for (vendor, v) in &target.vendors {
            for (name, value) in &v.secrets {
                let source = env_names
                    .get(&(*vendor, name.clone()))
                    .map_or(Source::TargetsFile, |env| Source::Env(env.clone()));
                real.insert((*vendor, name.clone()), (source, value.clone()));
            }
        }
        Credentials {
            list: Vec::new(),
            real,
        }
    }

    /// The real value of `vendor`'s credential variable `name`, if the target has it.
    pub(crate) fn real(&self, vendor: VendorName, name: &str) -> Option<&str> {
        self.real
            .get(&(vendor, name.to_owned()))
            .map(|(_, value)| value.as_str())
    }

    /// `vendor`'s credential variables with their real values, in name order.
    pub(crate) fn variables(&self, vendor: VendorName) -> Vec<(String, String)> {
        self.real
            .iter()
            .filter(|((v, _), _)| *v == vendor)
            .map(|((_, name), (_, value))| (name.clone(), value.clone()))
            .collect()
    }

    /// The generated value for `vendor`'s credential variable `name` (made on first use).
    pub(crate) fn replace_variable(&mut self, vendor: VendorName, name: &str) -> String {
        if let Some(found) = self
            .list
            .iter()
            .find(|c| c.vendor == vendor && c.name == name)
        {
            return found.generated.clone();
        }
        let source = self
            .real
            .get(&(vendor, name.to_owned()))
            .map_or(Source::TargetsFile, |(s, _)| s.clone());
        self.push(vendor, name, source)
    }

    /// A generated value for a secret the server returned in a record (`agents[ID].apiKey`).
    pub(crate) fn replace_returned(&mut self, vendor: VendorName, name: &str) -> String {
        self.push(vendor, name, Source::Returned)
    }

    fn push(&mut self, vendor: VendorName, name: &str, source: Source) -> String {
        let generated = generate(vendor);
        self.list.push(Credential {
            vendor,
            name: name.to_owned(),
            source,
            generated: generated.clone(),
        });
        generated
    }

    /// The replaced secrets.
    pub(crate) fn list(&self) -> &[Credential] {
        &self.list
    }

    /// The generated value of `vendor`'s credential variable `name`, if it was replaced.
    #[cfg(test)]
    pub(crate) fn generated(&self, vendor: VendorName, name: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|c| c.vendor == vendor && c.name == name && c.source != Source::Returned)
            .map(|c| c.generated.as_str())
    }

    /// The map file: `{"<vendor>.<name> (<source>)": "<generated>"}` — no real value.
    pub(crate) fn map_json(&self) -> String {
        let map: Map<String, Value> = self
            .list
            .iter()
            .map(|c| (c.key(), Value::String(c.generated.clone())))
            .collect();
        serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_default() + "\n"
    }

    /// Every real secret the target gave (to check that none is written).
    pub(crate) fn real_values(&self) -> Vec<String> {
        self.real.values().map(|(_, v)| v.clone()).collect()
    }
}

/// Why a credentials map cannot be read back: one line naming the key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct MapError(String);

/// Reads a map file back: `(vendor, variable)` → generated value, for the credential
/// variables (secrets the server returned are not variables and are left out).
///
/// # Errors
/// Text that is not a JSON object of strings.
pub(crate) fn parse_map(text: &str) -> Result<BTreeMap<(VendorName, String), String>, MapError> {
    let value: Value = serde_json::from_str(text).map_err(|e| MapError(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(MapError("expected a JSON object".to_owned()));
    };
    let mut out = BTreeMap::new();
    for (key, generated) in map {
        let generated = generated
            .as_str()
            .ok_or_else(|| MapError(format!("`{key}`: expected a string")))?;
        if key.ends_with("(returned by the server)") {
            continue;
        }
        let name = key.split(" (").next().unwrap_or(&key);
        let Some((vendor, variable)) = name.split_once('.') else {
            return Err(MapError(format!(
                "`{key}`: expected `<vendor>.<variable> (<source>)`"
            )));
        };
        let vendor: VendorName = vendor
            .parse()
            .map_err(|e| MapError(format!("`{key}`: {e}")))?;
        out.insert((vendor, variable.to_owned()), generated.to_owned());
    }
    Ok(out)
}

/// A fresh value: `pulled-<vendor>-` and 24 random letters and digits.
fn generate(vendor: VendorName) -> String {
    let tail: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(24)
        .collect();
    format!("pulled-{vendor}-{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_names_the_source_and_reads_back_without_returned_secrets() {
        let mut c = Credentials::default();
        c.real.insert(
            (VendorName::Chatwoot, "admin_token".into()),
            (Source::Env("CW_TOKEN".into()), "real-secret".into()),
        );
        let token = c.replace_variable(VendorName::Chatwoot, "admin_token");
        assert_eq!(
            c.replace_variable(VendorName::Chatwoot, "admin_token"),
            token
        );
        let key = c.replace_returned(VendorName::ChatDash, "agents[a1].apiKey");
        let text = c.map_json();
        assert!(!text.contains("real-secret"), "{text}");
        assert!(
            text.contains(&format!(
                "\"chatwoot.admin_token (env CW_TOKEN)\": \"{token}\""
            )),
            "{text}"
        );
        assert!(text.contains(&key));
        let back = parse_map(&text).unwrap();
        assert_eq!(
            back,
            BTreeMap::from([((VendorName::Chatwoot, "admin_token".to_owned()), token)])
        );
    }
}
