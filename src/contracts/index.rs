//! `contracts/index.json`: every operation with its method, path template, auth scheme,
//! statuses (each with provenance) and the files that hold its schemas. Written by `derive`,
//! read by [`Contracts::load`](super::Contracts::load).

use rosterwire_mock::{Fidelity, Provenance};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file name of the index inside the contracts directory.
pub(crate) const INDEX_FILE: &str = "index.json";

/// The whole index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Index {
    /// One line on what the file is.
    pub description: String,
    /// Every operation, sorted by vendor then id.
    pub operations: Vec<IndexEntry>,
}

/// Where an operation's contract comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Derived from an OpenAPI block in `fixtures/vendor-docs/` (plus its overlay).
    VendorDocument,
    /// Written in an overlay from the vendor's public source (the read-back endpoints); the
    /// overlay cites repository, path and commit.
    Upstream,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndexEntry {
    /// `chatdash`, `rocketchat` or `chatwoot`.
    pub vendor: String,
    /// The operation id shared with the mock and the runner.
    pub id: String,
    /// The HTTP method, upper-case.
    pub method: String,
    /// The full path template, e.g. `/api/v1/livechat/department/{_id}/agents`.
    pub path: String,
    /// Vendor document or behaviour reference.
    pub origin: Origin,
    /// The provenance of the operation itself.
    pub provenance: Provenance,
    /// The document (with a JSON pointer) or reference section it comes from.
    pub source: String,
    /// The authentication scheme: `{scheme, in, names, declared_as?}`.
    pub auth: Value,
    /// The parameters file, relative to the contracts directory.
    pub parameters: String,
    /// The request schema file, if the operation takes a body.
    pub request: Option<String>,
    /// Every known status, ascending.
    pub statuses: Vec<StatusEntry>,
}

/// One status of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusEntry {
    /// The HTTP status.
    pub status: u16,
    /// Documented, observed or assumed.
    pub provenance: Provenance,
    /// When it is sent.
    pub description: String,
    /// The body schema file; `None` for an empty body.
    pub schema: Option<String>,
    /// The mock's fidelity profiles that send this status; absent = every profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<Fidelity>>,
}

impl StatusEntry {
    /// Whether the mock's `profile` sends this status (`None`: any profile).
    pub(crate) fn sent_in(&self, profile: Option<Fidelity>) -> bool {
        match (profile, &self.profiles) {
            (Some(profile), Some(profiles)) => profiles.contains(&profile),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_index_round_trips_and_is_sorted() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("contracts")
            .join(INDEX_FILE);
        let text = std::fs::read_to_string(path).unwrap();
        let index: Index = serde_json::from_str(&text).unwrap();
        let mut again = serde_json::to_string_pretty(&index).unwrap();
        again.push('\n');
        assert_eq!(again, text);
        let keys: Vec<(&str, &str)> = index
            .operations
            .iter()
            .map(|o| (o.vendor.as_str(), o.id.as_str()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        for entry in &index.operations {
            assert!(
                entry.statuses.windows(2).all(|w| w[0].status < w[1].status),
                "{}",
                entry.id
            );
        }
    }

    #[test]
    fn origin_is_written_in_kebab_case() {
        assert_eq!(
            serde_json::to_value(Origin::VendorDocument).unwrap(),
            "vendor-document"
        );
    }
}
