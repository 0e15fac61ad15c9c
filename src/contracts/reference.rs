//! The parts an overlay writes itself: the read-back operations (`origin: reference`), the
//! statuses an overlay adds, and the envelope every schema file shares (`$schema`, `$id`,
//! `title`, `x-rosterwire`).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::convert::{OpenApiVersion, follow, to_json_schema};
use super::error::ContractError;
use super::extract::ExtractedDocument;
use super::index::{IndexEntry, Origin, StatusEntry};
use super::model::{DOCS_LABEL, DerivedOperation, ID_BASE, SCHEMA_DIALECT};
use super::overlay::{Overlay, ReferenceOperation, StatusOverlay};

/// The annotation an inlined vendor-document schema carries: where it came from.
const FROM: &str = "x-rosterwire-from";

/// Replaces every `{"$ref": "<document>#<pointer>"}` in an overlay's schemas by that vendor
/// document's schema, converted, annotated with `x-rosterwire-from`. This is how a read-back
/// operation reuses a document's components "by extension" (e.g. Chatwoot's `agent`).
///
/// # Errors
/// A reference to a document without OpenAPI, or to nothing.
pub(crate) fn resolve_document_refs(
    overlay: &mut Overlay,
    documents: &BTreeMap<String, ExtractedDocument>,
) -> Result<(), ContractError> {
    let mut schemas: Vec<&mut Value> = Vec::new();
    for binding in &mut overlay.documents {
        schemas.extend(
            binding
                .statuses
                .iter_mut()
                .filter_map(|s| s.schema.as_mut()),
        );
    }
    for operation in &mut overlay.operations {
        schemas.extend(operation.request.as_mut());
        schemas.extend(
            operation
                .responses
                .iter_mut()
                .filter_map(|s| s.schema.as_mut()),
        );
    }
    for schema in schemas {
        resolve(schema, documents)?;
    }
    Ok(())
}

fn resolve(
    schema: &mut Value,
    documents: &BTreeMap<String, ExtractedDocument>,
) -> Result<(), ContractError> {
    match schema {
        Value::Object(map) => {
            let external = map
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| !r.starts_with('#'))
                .map(str::to_owned);
            if let Some(reference) = external {
                let (name, pointer) = reference.split_once('#').unwrap_or((&reference, ""));
                let found = documents.get(name).ok_or_else(|| {
                    ContractError::shape(
                        name,
                        pointer,
                        "no OpenAPI document of that name to reference",
                    )
                })?;
                let target = follow(name, &found.openapi, &format!("#{pointer}"))?;
                let mut conversions = Vec::new();
                let converted = to_json_schema(
                    name,
                    &found.openapi,
                    target,
                    OpenApiVersion::of(&found.openapi),
                    &mut conversions,
                )?;
                let mut out = Map::new();
                out.insert(
                    FROM.to_owned(),
                    json!(format!("{DOCS_LABEL}/{name}#{pointer}")),
                );
                out.extend(converted.as_object().cloned().unwrap_or_default());
                *schema = Value::Object(out);
                return Ok(());
            }
            for child in map.values_mut() {
                resolve(child, documents)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                resolve(child, documents)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A schema file: `$schema`, `$id`, `title`, `x-rosterwire` (provenance and source), then the schema.
pub(crate) fn envelope(
    op_dir: &str,
    file: &str,
    title: &str,
    meta: Map<String, Value>,
    schema: &Value,
) -> Value {
    let mut out = Map::new();
    out.insert("$schema".to_owned(), json!(SCHEMA_DIALECT));
    out.insert("$id".to_owned(), json!(format!("{ID_BASE}{op_dir}/{file}")));
    out.insert("title".to_owned(), json!(title));
    out.insert("x-rosterwire".to_owned(), Value::Object(meta));
    for (key, value) in schema.as_object().into_iter().flatten() {
        if !matches!(key.as_str(), "$schema" | "$id" | "title") {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

pub(crate) fn overlay_status(
    vendor: &str,
    operation: &str,
    added: &StatusOverlay,
) -> (StatusEntry, Option<Value>) {
    let op_dir = format!("{vendor}/{operation}");
    let file = format!("response.{}.schema.json", added.status);
    let schema = added.schema.as_ref().map(|schema| {
        let mut meta = Map::new();
        meta.insert("provenance".to_owned(), json!(added.provenance));
        meta.insert("source".to_owned(), json!({"upstream": added.source}));
        envelope(
            &op_dir,
            &file,
            &format!("{vendor} {operation}: response {}", added.status),
            meta,
            schema,
        )
    });
    let entry = StatusEntry {
        status: added.status,
        provenance: added.provenance,
        description: added.description.clone(),
        schema: schema.as_ref().map(|_| format!("{op_dir}/{file}")),
        profiles: added.profiles.clone(),
    };
    (entry, schema)
}

pub(crate) fn reference_operation(
    vendor: &str,
    operation: &ReferenceOperation,
) -> Result<DerivedOperation, ContractError> {
    let op_dir = format!("{vendor}/{}", operation.id);
    let mut responses = BTreeMap::new();
    let mut statuses = Vec::new();
    for added in &operation.responses {
        let (entry, schema) = overlay_status(vendor, &operation.id, added);
        statuses.push(entry);
        if let Some(schema) = schema {
            responses.insert(added.status, schema);
        }
    }
    statuses.sort_by_key(|s| s.status);
    let request = operation.request.as_ref().map(|schema| {
        let mut meta = Map::new();
        meta.insert("provenance".to_owned(), json!(operation.provenance));
        meta.insert("source".to_owned(), json!({"upstream": operation.source}));
        envelope(
            &op_dir,
            "request.schema.json",
            &format!("{vendor} {}: request", operation.id),
            meta,
            schema,
        )
    });
    let path_params: Vec<Value> = template_names(&operation.path)
        .into_iter()
        .map(|name| {
            let schema = operation
                .path_parameters
                .get(name)
                .cloned()
                .unwrap_or_else(|| json!({"type": "string"}));
            json!({"name": name, "required": true, "schema": schema, "source": operation.source})
        })
        .collect();
    let header_params: Vec<Value> = operation.auth["names"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|name| json!({"name": name, "required": true, "schema": {"type": "string"}, "source": operation.source}))
        .collect();
    let entry = IndexEntry {
        vendor: vendor.to_owned(),
        id: operation.id.clone(),
        method: operation.method.to_ascii_uppercase(),
        path: operation.path.clone(),
        origin: Origin::Upstream,
        provenance: operation.provenance,
        source: operation.source.clone(),
        auth: operation.auth.clone(),
        parameters: format!("{op_dir}/parameters.json"),
        request: request
            .as_ref()
            .map(|_| format!("{op_dir}/request.schema.json")),
        statuses,
    };
    let parameters = json!({
        "title": format!("{vendor} {}: parameters", operation.id),
        "source": {"upstream": operation.source},
        "auth": operation.auth,
        "path": path_params,
        "header": header_params,
        "normalizations": [],
    });
    Ok(DerivedOperation {
        entry,
        parameters,
        request,
        responses,
        document: None,
        openapi: None,
        normalizations: Vec::new(),
        examples: Vec::new(),
        documented: BTreeMap::new(),
        added_statuses: Vec::new(),
        observed_fields: Vec::new(),
        never_sent: Vec::new(),
    })
}

/// `/a/{x}/b/{y}` → `["x", "y"]`.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlay_with(schema: Value) -> Overlay {
        serde_json::from_value(json!({
            "vendor": "v",
            "operations": [{"id": "o", "method": "GET", "path": "/x", "provenance": "observed",
                "source": "s", "auth": {}, "responses": [{"status": 200, "provenance": "observed",
                "source": "s", "description": "d", "schema": schema}]}]
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn document() -> BTreeMap<String, ExtractedDocument> {
        let openapi = json!({"openapi": "3.0.0", "components": {"schemas": {"a": {"type": "string", "nullable": true}}}});
        let found = ExtractedDocument {
            document: "d.txt".to_owned(),
            method: "GET".to_owned(),
            path: "/x".to_owned(),
            openapi,
        };
        BTreeMap::from([("d.txt".to_owned(), found)])
    }

    #[test]
    fn a_reference_to_a_document_component_is_inlined_converted_and_annotated() {
        let mut overlay = overlay_with(
            json!({"type": "array", "items": {"$ref": "d.txt#/components/schemas/a"}}),
        );
        resolve_document_refs(&mut overlay, &document()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            overlay.operations[0].responses[0].schema,
            Some(json!({"type": "array", "items": {
                "x-rosterwire-from": "fixtures/vendor-docs/d.txt#/components/schemas/a",
                "type": ["string", "null"]
            }}))
        );
    }

    #[test]
    fn a_reference_to_an_unknown_document_is_an_error() {
        let mut overlay = overlay_with(json!({"$ref": "nope.txt#/components/schemas/a"}));
        let error = resolve_document_refs(&mut overlay, &document()).err();
        assert_eq!(error.map(|e| e.code()), Some("document-shape"));
    }

    #[test]
    fn template_names_are_the_braced_segments() {
        assert_eq!(template_names("/a/{x}/b/{y}"), vec!["x", "y"]);
    }

    #[test]
    fn an_empty_body_status_has_no_schema_file() {
        let status = StatusOverlay {
            status: 200,
            provenance: rosterwire_mock::Provenance::Observed,
            source: "ref".to_owned(),
            description: "empty".to_owned(),
            schema: None,
            profiles: None,
        };
        let (entry, schema) = overlay_status("chatwoot", "remove-team-members", &status);
        assert!(schema.is_none());
        assert!(entry.schema.is_none());
    }

    #[test]
    fn the_envelope_puts_its_keys_first_and_drops_the_schema_s_own() {
        let wrapped = envelope(
            "v/op",
            "f.json",
            "t",
            Map::new(),
            &json!({"title": "data", "type": "object"}),
        );
        let keys: Vec<&String> = wrapped
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .collect();
        assert_eq!(keys, ["$schema", "$id", "title", "x-rosterwire", "type"]);
        assert_eq!(
            wrapped["$id"],
            "https://rosterwire.invalid/contracts/v/op/f.json"
        );
    }
}
