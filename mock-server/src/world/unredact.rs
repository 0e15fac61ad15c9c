//! `GET /__admin/world` hides secrets as `[REDACTED]`; a `PUT` of that body must load the same
//! world. A redacted value means "keep the current value": it is matched to the current world
//! by the identity of the object that holds it (`_id` or `id` in an array of objects, the key
//! in an object, the position otherwise) and replaced by the current value when the current
//! value, redacted, reads the same. A redacted value with no such current value is refused.
//!
//! Generic: works on JSON values, knows no vendor's types.

use serde_json::Value;

use super::shape::escape;
use crate::error::Error;
use crate::redact::{REDACTED, Redactor};

/// Replaces every redacted value of `document` by the matching value of `current`.
///
/// # Errors
/// [`crate::ErrorKind::InvalidWorld`] with the pointer of a redacted value that matches no
/// current value.
pub(crate) fn restore_redacted(
    document: &mut Value,
    current: &Value,
    redactor: &Redactor,
) -> Result<(), Error> {
    restore(document, Some(current), redactor, &mut String::new())
}

fn restore(
    document: &mut Value,
    current: Option<&Value>,
    redactor: &Redactor,
    pointer: &mut String,
) -> Result<(), Error> {
    match document {
        Value::String(text) if text.contains(REDACTED) => {
            match current
                .filter(|c| *text == REDACTED || redactor.value(c) == Value::String(text.clone()))
            {
                Some(current) => {
                    *document = current.clone();
                    Ok(())
                }
                None => Err(Error::invalid_world(
                    pointer.clone(),
                    format!(
                        "`{REDACTED}` keeps the current secret, but the current world has none here (send the secret itself)"
                    ),
                )),
            }
        }
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                let matching = current.and_then(|c| c.get(key.as_str()));
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(key));
                restore(inner, matching, redactor, pointer)?;
                pointer.truncate(length);
            }
            Ok(())
        }
        Value::Array(items) => {
            let candidates = current.and_then(Value::as_array);
            for (index, inner) in items.iter_mut().enumerate() {
                let matching = candidates.and_then(|c| same_object(inner, index, c));
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                restore(inner, matching, redactor, pointer)?;
                pointer.truncate(length);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The current element that is the same object as `item`: by `_id` or `id` when `item` has
/// one, else by position.
fn same_object<'a>(item: &Value, index: usize, current: &'a [Value]) -> Option<&'a Value> {
    let identity = ["_id", "id"]
        .into_iter()
        .find_map(|key| item.get(key).map(|value| (key, value)));
    match identity {
        Some((key, value)) => current.iter().find(|c| c.get(key) == Some(value)),
        None => current.get(index),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::ErrorKind;

    fn current() -> Value {
        json!({
            "keys": ["key-1", "key-2"],
            "users": [
                {"_id": "a", "token": "tok-a", "creds": {"x": 1}},
                {"_id": "b", "token": "tok-b"}
            ],
            "note": "Bearer key-1"
        })
    }

    fn redactor() -> Redactor {
        Redactor::new(vec![
            "key-1".into(),
            "key-2".into(),
            "tok-a".into(),
            "tok-b".into(),
        ])
    }

    #[test]
    fn redacted_values_take_the_current_value_of_the_same_object() {
        let mut document = json!({
            "keys": ["[REDACTED]", "[REDACTED]"],
            "users": [
                {"_id": "b", "token": "[REDACTED]"},
                {"_id": "a", "token": "[REDACTED]", "creds": "[REDACTED]"}
            ],
            "note": "Bearer [REDACTED]"
        });
        restore_redacted(&mut document, &current(), &redactor()).unwrap();
        assert_eq!(
            document,
            json!({
                "keys": ["key-1", "key-2"],
                "users": [
                    {"_id": "b", "token": "tok-b"},
                    {"_id": "a", "token": "tok-a", "creds": {"x": 1}}
                ],
                "note": "Bearer key-1"
            })
        );
    }

    #[test]
    fn a_redacted_secret_of_an_object_that_does_not_exist_is_refused_with_its_pointer() {
        let mut document =
            json!({"users": [{"_id": "a", "token": "new"}, {"_id": "c", "token": "[REDACTED]"}]});
        let error = restore_redacted(&mut document, &current(), &redactor()).unwrap_err();
        match error.kind() {
            ErrorKind::InvalidWorld { pointer, .. } => assert_eq!(pointer, "/users/1/token"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_partly_redacted_text_must_read_as_the_current_value_redacted() {
        let mut document = json!({"note": "Token [REDACTED]"});
        assert!(restore_redacted(&mut document, &current(), &redactor()).is_err());
    }
}
