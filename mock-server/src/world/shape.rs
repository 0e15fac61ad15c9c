//! The world format's objects must be JSON objects: serde would also fill a struct from an
//! array (its fields by position), so `[]` or `{"chatdash": []}` would load as an empty world.
//!
//! The check is generic (it knows no vendor's types): after the typed deserialization
//! succeeded, the world is serialized back; wherever that gives an object, the document must
//! have had an object too.

use serde_json::Value;

use crate::error::Error;

/// Refuses `document` when a value the format reads as an object is not one.
///
/// # Errors
/// [`crate::ErrorKind::InvalidWorld`] with the JSON pointer of the first such value.
pub(crate) fn objects_where_the_format_says_so(
    document: &Value,
    model: &Value,
) -> Result<(), Error> {
    walk(document, model, &mut String::new())
}

fn walk(document: &Value, model: &Value, pointer: &mut String) -> Result<(), Error> {
    match (document, model) {
        (Value::Object(given), Value::Object(expected)) => {
            for (key, inner) in given {
                if let Some(model) = expected.get(key) {
                    descend(pointer, &escape(key), |p| walk(inner, model, p))?;
                }
            }
            Ok(())
        }
        (Value::Array(given), Value::Array(expected)) => {
            for (index, (inner, model)) in given.iter().zip(expected).enumerate() {
                descend(pointer, &index.to_string(), |p| walk(inner, model, p))?;
            }
            Ok(())
        }
        (other, Value::Object(_)) if !other.is_null() => Err(Error::invalid_world(
            pointer.clone(),
            format!("expected a JSON object, found {}", kind(other)),
        )),
        _ => Ok(()),
    }
}

fn descend(
    pointer: &mut String,
    token: &str,
    inner: impl FnOnce(&mut String) -> Result<(), Error>,
) -> Result<(), Error> {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(token);
    let outcome = inner(pointer);
    pointer.truncate(length);
    outcome
}

/// A JSON pointer reference token (RFC 6901).
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::ErrorKind;

    fn pointer_of(document: Value, model: Value) -> Option<String> {
        match objects_where_the_format_says_so(&document, &model) {
            Ok(()) => None,
            Err(e) => match e.kind() {
                ErrorKind::InvalidWorld { pointer, .. } => Some(pointer.clone()),
                other => panic!("{other:?}"),
            },
        }
    }

    #[test]
    fn an_array_where_an_object_is_expected_is_named() {
        assert_eq!(pointer_of(json!([]), json!({"a": 1})), Some(String::new()));
        assert_eq!(
            pointer_of(json!({"a": {"b": [[]]}}), json!({"a": {"b": [{"c": 1}]}})),
            Some("/a/b/0".to_owned())
        );
        assert_eq!(
            pointer_of(json!({"a/b": []}), json!({"a/b": {}})),
            Some("/a~1b".to_owned())
        );
    }

    #[test]
    fn objects_arrays_and_scalars_where_the_model_has_them_pass() {
        assert_eq!(
            pointer_of(
                json!({"a": [1, {"b": "x"}]}),
                json!({"a": [1, {"b": "x"}], "c": {}})
            ),
            None
        );
    }
}
