//! Overlays: small, reviewed YAML files (`contracts/overlays/<vendor>.yaml`) that add what the
//! vendor OpenAPI documents lack. Every entry names its source: a vendor document (the prose
//! pages 001/002) or a public upstream source (repository, path, commit).
//!
//! `documents` binds a vendor document's operation to a rosterwire operation id and adds facts,
//! observed/assumed statuses and observed fields to it. `operations` are the read-back
//! endpoints, which no vendor document in `fixtures/vendor-docs/` describes; they are kept apart
//! in the index (`origin: upstream`).

use std::path::Path;

use rosterwire_mock::Provenance;
use serde::Deserialize;
use serde_json::Value;

use super::error::ContractError;
use super::extract::parse_yaml;

/// One vendor's overlay file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Overlay {
    /// `chatdash`, `rocketchat` or `chatwoot`.
    pub vendor: String,
    /// Additions to operations derived from vendor documents.
    #[serde(default)]
    pub documents: Vec<DocumentOverlay>,
    /// Operations no vendor document describes (read-back endpoints).
    #[serde(default)]
    pub operations: Vec<ReferenceOperation>,
}

/// Additions to the one operation of a vendor document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentOverlay {
    /// The vendor document's file name in `fixtures/vendor-docs/`.
    pub document: String,
    /// The rosterwire operation id the document's operation becomes.
    pub operation: String,
    /// Facts from other (prose) documents merged into a schema.
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Statuses the document does not list.
    #[serde(default)]
    pub statuses: Vec<StatusOverlay>,
    /// Fields or values the real server sends that the document's schema omits (lint only).
    #[serde(default)]
    pub observed_fields: Vec<ObservedField>,
    /// Documented statuses the real server never sends (lint only; the contract keeps them).
    #[serde(default)]
    pub never_sent: Vec<NeverSent>,
}

/// A documented status the real server never sends for this operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NeverSent {
    /// The documented status.
    pub status: u16,
    /// What the real server sends instead.
    pub instead: String,
    /// Where the behaviour is described.
    pub source: String,
}

/// A fact from another document: `merge` is merged into the object at `pointer` of `target`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fact {
    /// The source document's file name (or a public upstream source).
    pub source: String,
    /// The section of the source.
    pub section: String,
    /// `request` or `response.<status>`.
    pub target: String,
    /// A JSON pointer into the converted target schema.
    pub pointer: String,
    /// The keys to add.
    pub merge: serde_json::Map<String, Value>,
}

/// A status with its body schema (`schema: null` = an empty body).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusOverlay {
    /// The HTTP status.
    pub status: u16,
    /// `observed` or `assumed` (or `documented` for a vendor page outside `vendor-docs/`).
    pub provenance: Provenance,
    /// Where the behaviour is described.
    pub source: String,
    /// One line on when the status is sent.
    pub description: String,
    /// The body's JSON Schema 2020-12; absent for an empty body.
    #[serde(default)]
    pub schema: Option<Value>,
    /// The mock's fidelity profiles that send it (`[documented]`, `[observed]`); absent = both.
    #[serde(default)]
    pub profiles: Option<Vec<rosterwire_mock::Fidelity>>,
}

/// A field (or enum value) the real server sends that the document's schema lacks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ObservedField {
    /// `response.<status>`.
    pub target: String,
    /// A JSON pointer to the object schema whose `properties` should hold the field.
    pub pointer: String,
    /// The field name.
    pub field: String,
    /// A value the real server sends that the documented `enum` lacks, if that is the defect.
    #[serde(default)]
    pub value: Option<Value>,
    /// Where the behaviour is described.
    pub source: String,
}

/// An operation from the vendor's public source (cited in the overlay), not from a vendor document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReferenceOperation {
    /// The rosterwire operation id.
    pub id: String,
    /// The HTTP method, upper-case.
    pub method: String,
    /// The full path template.
    pub path: String,
    /// `documented` when a vendor page documents it, else `observed`.
    pub provenance: Provenance,
    /// Where the operation is described.
    pub source: String,
    /// The authentication scheme.
    pub auth: Value,
    /// Path parameters (name → JSON Schema); unnamed ones default to strings.
    #[serde(default)]
    pub path_parameters: serde_json::Map<String, Value>,
    /// The request body schema, if the operation takes one.
    #[serde(default)]
    pub request: Option<Value>,
    /// The statuses and their bodies.
    pub responses: Vec<StatusOverlay>,
}

/// Reads `contracts/overlays/<vendor>.yaml`.
///
/// # Errors
/// The file cannot be read or does not match the overlay format.
pub(crate) fn load_overlay(path: &Path) -> Result<Overlay, ContractError> {
    let text = crate::builtin::read_to_string(path).map_err(|e| ContractError::io(path, e))?;
    let value = parse_yaml(&text).map_err(|e| ContractError::overlay(path, e.to_string()))?;
    serde_json::from_value(value).map_err(|e| ContractError::overlay(path, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_overlays_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/overlays");
        for vendor in ["chatdash", "rocketchat", "chatwoot"] {
            let overlay = load_overlay(&dir.join(format!("{vendor}.yaml"))).unwrap();
            assert_eq!(overlay.vendor, vendor);
        }
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.yaml");
        std::fs::write(&path, "vendor: x\ndocumnets: []\n").unwrap();
        let error = load_overlay(&path).unwrap_err();
        assert_eq!(error.code(), "overlay");
    }
}
