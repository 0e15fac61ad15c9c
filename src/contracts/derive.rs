//! `contracts derive`: vendor documents + overlays → `contracts/`.
//!
//! For each overlay `documents` entry the vendor document's one OpenAPI operation is extracted,
//! normalized (recorded fixes), converted to JSON Schema 2020-12 and given the overlay's facts
//! and extra statuses. Overlay `operations` (read-back endpoints) are added as written. The
//! result is a set of files rendered byte-for-byte deterministically.

use std::collections::BTreeMap;
use std::path::Path;

use super::document::DocumentDerivation;
use super::error::ContractError;
use super::extract::{ExtractedDocument, extract_openapi};
use super::model::{Derivation, DerivedOperation, DocumentReport};
use super::overlay::{Overlay, load_overlay};
use super::reference::{reference_operation, resolve_document_refs};

/// Derives every contract from `docs_dir` and the overlays in `contracts_dir/overlays`.
///
/// # Errors
/// An unreadable or malformed document or overlay, or an overlay that does not match a document.
pub(crate) fn derive(docs_dir: &Path, contracts_dir: &Path) -> Result<Derivation, ContractError> {
    let mut extracted = BTreeMap::new();
    let mut documents = Vec::new();
    for name in list_files(docs_dir, ".txt")? {
        let path = docs_dir.join(&name);
        let text =
            crate::builtin::read_to_string(&path).map_err(|e| ContractError::io(&path, e))?;
        if let Some(found) = extract_openapi(&name, &text)? {
            extracted.insert(name.clone(), found);
        }
        documents.push(DocumentReport {
            document: name,
            contract: None,
        });
    }
    let overlays_dir = contracts_dir.join("overlays");
    let mut operations = Vec::new();
    for name in list_files(&overlays_dir, ".yaml")? {
        let path = overlays_dir.join(&name);
        let mut overlay = load_overlay(&path)?;
        resolve_document_refs(&mut overlay, &extracted)?;
        if name.trim_end_matches(".yaml") != overlay.vendor {
            return Err(ContractError::overlay(
                &path,
                "the file name must be `<vendor>.yaml`",
            ));
        }
        derive_overlay(&path, &overlay, &extracted, &mut documents, &mut operations)?;
    }
    operations.sort_by(|a, b| (&a.entry.vendor, &a.entry.id).cmp(&(&b.entry.vendor, &b.entry.id)));
    for pair in operations.windows(2) {
        if pair[0].entry.vendor == pair[1].entry.vendor && pair[0].entry.id == pair[1].entry.id {
            return Err(ContractError::overlay(
                &overlays_dir,
                format!(
                    "operation {}/{} is defined twice",
                    pair[0].entry.vendor, pair[0].entry.id
                ),
            ));
        }
    }
    Ok(Derivation {
        operations,
        documents,
    })
}

fn derive_overlay(
    path: &Path,
    overlay: &Overlay,
    extracted: &BTreeMap<String, ExtractedDocument>,
    documents: &mut [DocumentReport],
    operations: &mut Vec<DerivedOperation>,
) -> Result<(), ContractError> {
    for binding in &overlay.documents {
        let found = extracted.get(&binding.document).ok_or_else(|| {
            ContractError::overlay(
                path,
                format!("{}: no contract found in that document", binding.document),
            )
        })?;
        operations.push(DocumentDerivation::new(&overlay.vendor, found, binding, path).run()?);
        if let Some(report) = documents
            .iter_mut()
            .find(|d| d.document == binding.document)
        {
            report.contract = Some(format!("{}/{}", overlay.vendor, binding.operation));
        }
    }
    for operation in &overlay.operations {
        operations.push(reference_operation(&overlay.vendor, operation)?);
    }
    Ok(())
}

fn list_files(dir: &Path, suffix: &str) -> Result<Vec<String>, ContractError> {
    let entries = crate::builtin::read_dir(dir).map_err(|e| ContractError::io(dir, e))?;
    let mut names = Vec::new();
    for entry in entries {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(suffix) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rosterwire_mock::Provenance;
    use serde_json::json;

    fn derived() -> Derivation {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        derive(&root.join("fixtures/vendor-docs"), &root.join("contracts")).unwrap()
    }

    fn operation<'a>(derivation: &'a Derivation, vendor: &str, id: &str) -> &'a DerivedOperation {
        derivation
            .operations
            .iter()
            .find(|o| o.entry.vendor == vendor && o.entry.id == id)
            .unwrap()
    }

    #[test]
    fn the_prose_pages_give_no_contract_and_the_openapi_pages_one_each() {
        let reports: Vec<(String, Option<String>)> = derived()
            .documents
            .into_iter()
            .map(|d| (d.document, d.contract))
            .collect();
        assert_eq!(
            reports,
            vec![
                (
                    "000_e3bda07a8e530ff9.txt".to_owned(),
                    Some("chatdash/assign-agents".to_owned())
                ),
                ("001_e857b2ad21adaad3.txt".to_owned(), None),
                ("002_95bc54d6468f1b77.txt".to_owned(), None),
                (
                    "003_c51b8cda4cd23625.txt".to_owned(),
                    Some("chatwoot/update-team-members".to_owned())
                ),
                (
                    "004_d1a8fad9cfb0cc57.txt".to_owned(),
                    Some("rocketchat/update-department-agents".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn chatdash_paths_get_the_server_base_path() {
        let derivation = derived();
        let assign = operation(&derivation, "chatdash", "assign-agents");
        assert_eq!(assign.entry.path, "/v1/public/agents/assign");
        assert!(
            assign
                .normalizations
                .iter()
                .any(|n| n.rule == "server-base-path")
        );
        assert_eq!(assign.entry.auth["names"], json!(["Authorization"]));
    }

    #[test]
    fn chatwoot_statuses_carry_their_provenance() {
        let derivation = derived();
        let update = operation(&derivation, "chatwoot", "update-team-members");
        let statuses: Vec<(u16, Provenance)> = update
            .entry
            .statuses
            .iter()
            .map(|s| (s.status, s.provenance))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (200, Provenance::Documented),
                (400, Provenance::Observed),
                (401, Provenance::Observed),
                (403, Provenance::Documented),
                (404, Provenance::Documented),
                (413, Provenance::Assumed),
                (422, Provenance::Documented),
                (500, Provenance::Observed),
            ]
        );
        assert_eq!(update.entry.auth["names"], json!(["api_access_token"]));
    }

    #[test]
    fn rocket_chat_string_booleans_are_fixed_and_recorded() {
        let derivation = derived();
        let update = operation(&derivation, "rocketchat", "update-department-agents");
        let rules: Vec<&str> = update.normalizations.iter().map(|n| n.rule).collect();
        assert_eq!(rules.iter().filter(|r| **r == "string-boolean").count(), 3);
        assert_eq!(
            rules
                .iter()
                .filter(|r| **r == "example-string-boolean")
                .count(),
            3
        );
        assert_eq!(
            update.responses[&200]["examples"],
            json!([{"success": true}])
        );
    }

    #[test]
    fn doc_002_adds_count_and_order_to_upsert_items() {
        let derivation = derived();
        let update = operation(&derivation, "rocketchat", "update-department-agents");
        let items =
            &update.request.as_ref().unwrap()["properties"]["upsert"]["items"]["properties"];
        assert_eq!(items["count"]["type"], "integer");
        assert_eq!(items["order"]["type"], "integer");
    }

    #[test]
    fn two_derivations_render_the_same_bytes() {
        assert_eq!(derived().files(), derived().files());
    }
}
