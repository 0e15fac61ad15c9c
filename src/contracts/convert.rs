//! OpenAPI Schema Objects → JSON Schema 2020-12: `$ref`s inlined (each recorded), OpenAPI 3.0
//! `nullable` turned into a `null` type, boolean `exclusiveMinimum`/`exclusiveMaximum` turned
//! into numbers, and `example` turned into `examples`.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::error::ContractError;
use super::normalize::escape;

/// One conversion step applied to a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Conversion {
    /// A JSON pointer into the converted schema.
    pub at: String,
    /// What was done, e.g. `inlined #/components/schemas/agent`.
    pub change: String,
}

/// The OpenAPI version family of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenApiVersion {
    /// 3.0.x: `nullable`, boolean exclusive bounds.
    V30,
    /// 3.1.x: already JSON Schema 2020-12.
    V31,
}

impl OpenApiVersion {
    /// The family of a document's `openapi` field.
    pub(crate) fn of(openapi: &Value) -> Self {
        match openapi.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0") => Self::V30,
            _ => Self::V31,
        }
    }
}

/// Follows a local `$ref` (`#/components/…`) to its target in `root`.
///
/// # Errors
/// A non-local reference or a dangling one.
pub(crate) fn follow<'a>(
    document: &str,
    root: &'a Value,
    reference: &str,
) -> Result<&'a Value, ContractError> {
    let pointer = reference.strip_prefix('#').ok_or_else(|| {
        ContractError::shape(
            document,
            reference,
            "only local `#/…` references are supported",
        )
    })?;
    root.pointer(pointer)
        .ok_or_else(|| ContractError::shape(document, reference, "the reference points nowhere"))
}

/// Converts `schema` (found in `root`) to a self-contained JSON Schema 2020-12.
///
/// # Errors
/// A dangling or cyclic `$ref`.
pub(crate) fn to_json_schema(
    document: &str,
    root: &Value,
    schema: &Value,
    version: OpenApiVersion,
    conversions: &mut Vec<Conversion>,
) -> Result<Value, ContractError> {
    let mut stack = Vec::new();
    convert(document, root, schema, version, "", &mut stack, conversions)
}

fn convert(
    document: &str,
    root: &Value,
    schema: &Value,
    version: OpenApiVersion,
    at: &str,
    stack: &mut Vec<String>,
    conversions: &mut Vec<Conversion>,
) -> Result<Value, ContractError> {
    let Value::Object(map) = schema else {
        return Ok(schema.clone());
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        if stack.iter().any(|r| r == reference) {
            return Err(ContractError::shape(document, reference, "a cyclic $ref"));
        }
        let target = follow(document, root, reference)?;
        conversions.push(Conversion {
            at: at.to_owned(),
            change: format!("inlined {reference}"),
        });
        stack.push(reference.to_owned());
        let inlined = convert(document, root, target, version, at, stack, conversions);
        stack.pop();
        return inlined;
    }
    let mut out = Map::new();
    for (key, value) in map {
        let child_at = format!("{at}/{}", escape(key));
        let converted = match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                let mut props = Map::new();
                for (name, sub) in value.as_object().into_iter().flatten() {
                    let sub_at = format!("{child_at}/{}", escape(name));
                    let sub = convert(document, root, sub, version, &sub_at, stack, conversions)?;
                    props.insert(name.clone(), sub);
                }
                Value::Object(props)
            }
            "items" | "additionalProperties" | "not" | "contains" | "propertyNames" => convert(
                document,
                root,
                value,
                version,
                &child_at,
                stack,
                conversions,
            )?,
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let mut list = Vec::new();
                for (index, sub) in value.as_array().into_iter().flatten().enumerate() {
                    let sub_at = format!("{child_at}/{index}");
                    list.push(convert(
                        document,
                        root,
                        sub,
                        version,
                        &sub_at,
                        stack,
                        conversions,
                    )?);
                }
                Value::Array(list)
            }
            "example" => {
                // Renamed in place so the key order of the document is kept.
                conversions.push(Conversion {
                    at: at.to_owned(),
                    change: "example → examples".to_owned(),
                });
                out.insert("examples".to_owned(), json!([value]));
                continue;
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if version == OpenApiVersion::V30 {
        convert_nullable(&mut out, at, conversions);
        convert_exclusive_bounds(&mut out, at, conversions);
    }
    Ok(Value::Object(out))
}

fn convert_nullable(out: &mut Map<String, Value>, at: &str, conversions: &mut Vec<Conversion>) {
    let Some(nullable) = out.shift_remove("nullable") else {
        return;
    };
    if nullable != Value::Bool(true) {
        conversions.push(Conversion {
            at: at.to_owned(),
            change: "dropped nullable: false".to_owned(),
        });
        return;
    }
    match out.get("type").cloned() {
        Some(Value::String(t)) => {
            out.insert("type".to_owned(), json!([t, "null"]));
        }
        Some(Value::Array(mut types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            out.insert("type".to_owned(), Value::Array(types));
        }
        _ => {
            let inner = Value::Object(std::mem::take(out));
            out.insert("anyOf".to_owned(), json!([inner, {"type": "null"}]));
        }
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    conversions.push(Conversion {
        at: at.to_owned(),
        change: "nullable: true → null allowed".to_owned(),
    });
}

fn convert_exclusive_bounds(
    out: &mut Map<String, Value>,
    at: &str,
    conversions: &mut Vec<Conversion>,
) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(flag)) = out.get(exclusive).cloned() {
            out.shift_remove(exclusive);
            if flag && let Some(limit) = out.shift_remove(bound) {
                out.insert(exclusive.to_owned(), limit);
            }
            conversions.push(Conversion {
                at: at.to_owned(),
                change: format!("boolean {exclusive} → numeric {exclusive}"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(root: &Value, schema: &Value, version: OpenApiVersion) -> (Value, Vec<Conversion>) {
        let mut conversions = Vec::new();
        let out = to_json_schema("d.txt", root, schema, version, &mut conversions).unwrap();
        (out, conversions)
    }

    #[test]
    fn a_component_reference_is_inlined_and_recorded() {
        let root = json!({"components": {"schemas": {"a": {"type": "integer"}}}});
        let (out, conversions) = run(
            &root,
            &json!({"type": "array", "items": {"$ref": "#/components/schemas/a"}}),
            OpenApiVersion::V31,
        );
        assert_eq!(out, json!({"type": "array", "items": {"type": "integer"}}));
        assert_eq!(conversions[0].at, "/items");
        assert_eq!(conversions[0].change, "inlined #/components/schemas/a");
    }

    #[test]
    fn nullable_in_openapi_3_0_allows_null() {
        let (out, _) = run(
            &json!({}),
            &json!({"type": "string", "enum": ["a"], "nullable": true}),
            OpenApiVersion::V30,
        );
        assert_eq!(
            out,
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
    }

    #[test]
    fn nullable_without_a_type_becomes_any_of() {
        let (out, _) = run(
            &json!({}),
            &json!({"allOf": [{"type": "string"}], "nullable": true}),
            OpenApiVersion::V30,
        );
        assert_eq!(
            out,
            json!({"anyOf": [{"allOf": [{"type": "string"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn example_becomes_examples() {
        let (out, conversions) = run(
            &json!({}),
            &json!({"type": "object", "properties": {"m": {"type": "string", "example": "hi"}}}),
            OpenApiVersion::V30,
        );
        assert_eq!(
            out["properties"]["m"],
            json!({"type": "string", "examples": ["hi"]})
        );
        assert_eq!(conversions[0].at, "/properties/m");
    }

    #[test]
    fn a_boolean_exclusive_minimum_becomes_numeric() {
        let (out, _) = run(
            &json!({}),
            &json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
            OpenApiVersion::V30,
        );
        assert_eq!(out, json!({"type": "integer", "exclusiveMinimum": 0}));
    }

    #[test]
    fn a_cyclic_reference_is_an_error() {
        let root = json!({"components": {"schemas": {"a": {"items": {"$ref": "#/components/schemas/a"}}}}});
        let mut conversions = Vec::new();
        let error = to_json_schema(
            "d.txt",
            &root,
            &json!({"$ref": "#/components/schemas/a"}),
            OpenApiVersion::V31,
            &mut conversions,
        )
        .unwrap_err();
        assert_eq!(error.code(), "document-shape");
    }
}
