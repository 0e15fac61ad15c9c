//! JSON pointers (RFC 6901) with one extension: a `*` segment maps the rest of the pointer over
//! every element of an array (`/agents/*/agentId` is the list of agent ids).

use serde_json::Value;

/// The value at `pointer`, or `None` when it does not resolve.
pub(crate) fn resolve(value: &Value, pointer: &str) -> Option<Value> {
    if pointer.is_empty() {
        return Some(value.clone());
    }
    let rest = pointer.strip_prefix('/')?;
    let (segment, tail) = match rest.split_once('/') {
        Some((s, t)) => (s, Some(t)),
        None => (rest, None),
    };
    let tail = tail.map(|t| format!("/{t}")).unwrap_or_default();
    if segment == "*" {
        let items = value.as_array()?;
        return items
            .iter()
            .map(|item| resolve(item, &tail))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    let key = segment.replace("~1", "/").replace("~0", "~");
    let child = match value {
        Value::Object(map) => map.get(&key)?,
        Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
        _ => return None,
    };
    resolve(child, &tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_plain_pointer_follows_objects_and_arrays() {
        let v = json!({"a": [{"b/c": 1}]});
        assert_eq!(resolve(&v, "/a/0/b~1c"), Some(json!(1)));
        assert_eq!(resolve(&v, "/a/1"), None);
        assert_eq!(resolve(&v, ""), Some(v.clone()));
    }

    #[test]
    fn a_star_segment_maps_over_array_elements() {
        let v = json!([{"id": 3}, {"id": 4}]);
        assert_eq!(resolve(&v, "/*/id"), Some(json!([3, 4])));
        assert_eq!(resolve(&json!([]), "/*/id"), Some(json!([])));
        assert_eq!(resolve(&json!([{"x": 1}]), "/*/id"), None);
    }
}
