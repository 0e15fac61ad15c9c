//! `contracts lint`: the vendor documents' own defects, found by re-running the derivation:
//! examples that fail their own schemas, string booleans, statuses the real servers send that
//! the documents omit, and fields (or enum values) the real servers send that the documents omit.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::model::{DOCS_LABEL, Derivation, DerivedOperation};
use super::overlay::ObservedField;

/// One documentation defect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    /// A stable kind: `example-fails-schema`, `string-boolean`, `auth-as-header-parameter`,
    /// `undocumented-status`, `status-never-sent`, `undocumented-field`, `undocumented-enum-value`.
    pub kind: &'static str,
    /// The vendor.
    pub vendor: String,
    /// The operation id.
    pub operation: String,
    /// The vendor document (`fixtures/vendor-docs/<file>`).
    pub document: String,
    /// A JSON pointer into the document's OpenAPI.
    pub pointer: String,
    /// One line.
    pub message: String,
    /// Where the real behaviour is described, for defects the document alone cannot show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Every defect, in a stable order (vendor, operation, kind, pointer).
pub(crate) fn lint(derivation: &Derivation) -> Vec<Finding> {
    let mut findings = Vec::new();
    for operation in &derivation.operations {
        let Some(document) = &operation.document else {
            continue;
        };
        let finding = |kind, pointer: String, message: String, evidence: Option<String>| Finding {
            kind,
            vendor: operation.entry.vendor.clone(),
            operation: operation.entry.id.clone(),
            document: format!("{DOCS_LABEL}/{document}"),
            pointer,
            message,
            evidence,
        };
        for example in &operation.examples {
            if let Ok(validator) = jsonschema::validator_for(&strip_examples(&example.schema)) {
                let errors: Vec<String> = validator
                    .iter_errors(&example.value)
                    .map(|e| format!("{e} at `{}`", e.instance_path().as_str()))
                    .collect();
                if !errors.is_empty() {
                    let message =
                        format!("the example fails its own schema: {}", errors.join("; "));
                    findings.push(finding(
                        "example-fails-schema",
                        example.pointer.clone(),
                        message,
                        None,
                    ));
                }
            }
        }
        for fix in &operation.normalizations {
            let message = match fix.rule {
                "string-boolean" => {
                    "a string where OpenAPI requires a boolean (normalized to a boolean)"
                }
                "auth-from-header-parameters" => {
                    findings.push(finding(
                        "auth-as-header-parameter",
                        fix.pointer.clone(),
                        "the auth headers are declared as plain header parameters, not as a security scheme".to_owned(),
                        None,
                    ));
                    continue;
                }
                "example-string-boolean" => {
                    "a string in an example where its schema says boolean (normalized in the contract)"
                }
                _ => continue,
            };
            findings.push(finding(
                "string-boolean",
                fix.pointer.clone(),
                message.to_owned(),
                None,
            ));
        }
        for added in operation
            .added_statuses
            .iter()
            .filter(|s| s.provenance == rosterwire_mock::Provenance::Observed)
        {
            let message = format!(
                "status {} is sent by the real server but not documented: {}",
                added.status, added.description
            );
            let pointer = format!(
                "{}/responses",
                operation
                    .entry
                    .source
                    .split_once('#')
                    .map(|(_, p)| p)
                    .unwrap_or_default()
            );
            findings.push(finding(
                "undocumented-status",
                pointer,
                message,
                Some(added.source.clone()),
            ));
        }
        let responses_pointer = format!(
            "{}/responses",
            operation
                .entry
                .source
                .split_once('#')
                .map(|(_, p)| p)
                .unwrap_or_default()
        );
        for never in &operation.never_sent {
            if operation
                .entry
                .statuses
                .iter()
                .any(|s| s.status == never.status)
            {
                let message = format!(
                    "status {} is documented but the real server never sends it; it sends {} instead",
                    never.status, never.instead
                );
                let pointer = format!("{responses_pointer}/{}", never.status);
                findings.push(finding(
                    "status-never-sent",
                    pointer,
                    message,
                    Some(never.source.clone()),
                ));
            }
        }
        for observed in &operation.observed_fields {
            if let Some((kind, message)) = field_defect(operation, observed) {
                let pointer = documented_pointer(operation, observed);
                findings.push(finding(
                    kind,
                    pointer,
                    message,
                    Some(observed.source.clone()),
                ));
            }
        }
    }
    findings.sort_by(|a, b| {
        (&a.vendor, &a.operation, a.kind, &a.pointer).cmp(&(
            &b.vendor,
            &b.operation,
            b.kind,
            &b.pointer,
        ))
    });
    findings
}

/// The `examples` annotation is ours (folded from the document); validate against the rest.
fn strip_examples(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema {
        map.shift_remove("examples");
    }
    schema
}

fn field_defect(
    operation: &DerivedOperation,
    observed: &ObservedField,
) -> Option<(&'static str, String)> {
    let status: u16 = observed.target.strip_prefix("response.")?.parse().ok()?;
    let object = operation
        .documented
        .get(&status)?
        .pointer(&observed.pointer)?;
    let property = object
        .get("properties")
        .and_then(|p| p.get(&observed.field));
    match (&observed.value, property) {
        (None, None) => Some((
            "undocumented-field",
            format!(
                "the real server sends `{}` in the {status} body; the document's schema omits it",
                observed.field
            ),
        )),
        (Some(value), Some(property)) => {
            let allowed = property.get("enum")?.as_array()?;
            (!allowed.contains(value)).then(|| {
                (
                    "undocumented-enum-value",
                    format!(
                        "the real server sends {value} for `{}` in the {status} body; the document's enum is {}",
                        observed.field,
                        Value::Array(allowed.clone())
                    ),
                )
            })
        }
        _ => None,
    }
}

/// The pointer (into the document) of the `properties` an observed field belongs to: the
/// response schema's pointer, walked along `observed.pointer`, following `$ref`s.
fn documented_pointer(operation: &DerivedOperation, observed: &ObservedField) -> String {
    let status = observed
        .target
        .strip_prefix("response.")
        .unwrap_or_default();
    let mut pointer = operation
        .responses
        .iter()
        .find(|(code, _)| code.to_string() == status)
        .and_then(|(_, schema)| schema.pointer("/x-rosterwire/source/pointer"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let Some(root) = &operation.openapi else {
        return pointer;
    };
    let follow_refs = |mut pointer: String| {
        for _ in 0..8 {
            match root
                .pointer(&pointer)
                .and_then(|node| node.get("$ref"))
                .and_then(Value::as_str)
            {
                Some(reference) => reference.trim_start_matches('#').clone_into(&mut pointer),
                None => break,
            }
        }
        pointer
    };
    for segment in observed.pointer.split('/').skip(1) {
        pointer = follow_refs(pointer);
        pointer = format!("{pointer}/{segment}");
    }
    format!("{}/properties", follow_refs(pointer))
}

/// A fixed-width table, one finding a line.
pub(crate) fn render_table(findings: &[Finding]) -> String {
    let headers = ["KIND", "VENDOR", "OPERATION", "POINTER", "MESSAGE"];
    let rows: Vec<[String; 5]> = findings
        .iter()
        .map(|f| {
            [
                f.kind.to_owned(),
                f.vendor.clone(),
                f.operation.clone(),
                f.pointer.clone(),
                f.message.clone(),
            ]
        })
        .collect();
    let mut out = crate::table::aligned_lines(headers, &rows).concat();
    let _ = writeln!(out, "{} documentation defect(s)", findings.len());
    out
}

/// `{"findings": [...], "count": n}` as pretty JSON.
pub(crate) fn render_json(findings: &[Finding]) -> String {
    super::model::render(&serde_json::json!({"findings": findings, "count": findings.len()}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn findings() -> Vec<Finding> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let derivation = super::super::derive::derive(
            &root.join("fixtures/vendor-docs"),
            &root.join("contracts"),
        )
        .unwrap();
        lint(&derivation)
    }

    #[test]
    fn rocket_chat_has_three_examples_that_fail_their_schemas() {
        let failing: Vec<String> = findings()
            .into_iter()
            .filter(|f| f.kind == "example-fails-schema")
            .map(|f| format!("{}/{} {}", f.vendor, f.operation, f.pointer))
            .collect();
        assert_eq!(failing.len(), 3, "{failing:#?}");
        assert!(
            failing
                .iter()
                .all(|f| f.starts_with("rocketchat/update-department-agents"))
        );
    }

    #[test]
    fn chatwoot_provider_is_an_undocumented_field() {
        assert!(
            findings()
                .iter()
                .any(|f| f.kind == "undocumented-field" && f.message.contains("`provider`"))
        );
    }

    #[test]
    fn the_table_ends_with_the_count() {
        let table = render_table(&findings());
        assert!(table.starts_with("KIND"));
        assert!(table.trim_end().ends_with("documentation defect(s)"));
    }
}
