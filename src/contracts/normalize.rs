//! Fixes for vendor-document defects, each recorded as data (document, JSON pointer, what
//! changed) so the contracts say exactly how they differ from the page they come from.

use serde::Serialize;
use serde_json::Value;

/// One recorded fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Normalization {
    /// The vendor document, e.g. `004_d1a8fad9cfb0cc57.txt`.
    pub document: String,
    /// A JSON pointer into the document's OpenAPI.
    pub pointer: String,
    /// A stable rule name, e.g. `string-boolean`.
    pub rule: &'static str,
    /// What changed, in one line.
    pub change: String,
}

/// OpenAPI keywords whose value must be a boolean.
const BOOLEAN_KEYWORDS: &[&str] = &[
    "required",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "uniqueItems",
    "allowEmptyValue",
    "explode",
    "allowReserved",
];

/// Turns string booleans (`"required": "true"`) into booleans wherever OpenAPI demands a
/// boolean. Examples are left alone: they are fixed against their schema by
/// [`fix_example_booleans`].
pub(crate) fn fix_keyword_booleans(
    document: &str,
    openapi: &mut Value,
    fixes: &mut Vec<Normalization>,
) {
    walk_keywords(document, openapi, String::new(), fixes);
}

fn walk_keywords(
    document: &str,
    value: &mut Value,
    pointer: String,
    fixes: &mut Vec<Normalization>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_pointer = format!("{pointer}/{}", escape(key));
                if key == "example" || key == "examples" {
                    continue;
                }
                if BOOLEAN_KEYWORDS.contains(&key.as_str())
                    && let Some(fixed) = string_boolean(child)
                {
                    fixes.push(Normalization {
                        document: document.to_owned(),
                        pointer: child_pointer,
                        rule: "string-boolean",
                        change: format!("\"{fixed}\" (a string) became {fixed} (a boolean)"),
                    });
                    *child = Value::Bool(fixed);
                } else {
                    walk_keywords(document, child, child_pointer, fixes);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                walk_keywords(document, child, format!("{pointer}/{index}"), fixes);
            }
        }
        _ => {}
    }
}

/// Fixes string booleans inside an example wherever its (converted) schema says `boolean`.
/// `pointer` locates the example in the document.
pub(crate) fn fix_example_booleans(
    document: &str,
    schema: &Value,
    example: &mut Value,
    pointer: &str,
    fixes: &mut Vec<Normalization>,
) {
    if is_boolean_schema(schema) {
        if let Some(fixed) = string_boolean(example) {
            fixes.push(Normalization {
                document: document.to_owned(),
                pointer: pointer.to_owned(),
                rule: "example-string-boolean",
                change: format!(
                    "example value \"{fixed}\" (a string) became {fixed} (a boolean), as its schema says"
                ),
            });
            *example = Value::Bool(fixed);
        }
        return;
    }
    match example {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let Some(sub) = schema.get("properties").and_then(|p| p.get(key)) {
                    let child_pointer = format!("{pointer}/{}", escape(key));
                    fix_example_booleans(document, sub, child, &child_pointer, fixes);
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (index, child) in items.iter_mut().enumerate() {
                    let child_pointer = format!("{pointer}/{index}");
                    fix_example_booleans(document, sub, child, &child_pointer, fixes);
                }
            }
        }
        _ => {}
    }
}

fn is_boolean_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "boolean",
        Some(Value::Array(types)) => types.iter().any(|t| t == "boolean"),
        _ => false,
    }
}

/// `"true"` → `Some(true)`, `"false"` → `Some(false)`, anything else → `None`.
pub(crate) fn string_boolean(value: &Value) -> Option<bool> {
    match value.as_str()? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_string_required_on_a_parameter_becomes_a_boolean_and_is_recorded() {
        let mut doc = json!({"parameters": [{"name": "x", "required": "true"}]});
        let mut fixes = Vec::new();
        fix_keyword_booleans("d.txt", &mut doc, &mut fixes);
        assert_eq!(doc["parameters"][0]["required"], json!(true));
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].pointer, "/parameters/0/required");
        assert_eq!(fixes[0].rule, "string-boolean");
    }

    #[test]
    fn a_required_list_of_property_names_is_left_alone() {
        let mut doc = json!({"required": ["true"], "example": {"required": "true"}});
        let mut fixes = Vec::new();
        fix_keyword_booleans("d.txt", &mut doc, &mut fixes);
        assert!(fixes.is_empty());
    }

    #[test]
    fn an_example_string_boolean_is_fixed_where_the_schema_says_boolean() {
        let schema = json!({"type": "object", "properties": {"success": {"type": "boolean"}, "error": {"type": "string"}}});
        let mut example = json!({"success": "false", "error": "true"});
        let mut fixes = Vec::new();
        fix_example_booleans("d.txt", &schema, &mut example, "/e/value", &mut fixes);
        assert_eq!(example, json!({"success": false, "error": "true"}));
        assert_eq!(fixes[0].pointer, "/e/value/success");
    }
}
