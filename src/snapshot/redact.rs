//! Redactions with insta's selector syntax, applied to a `serde_json::Value`, so the same
//! selector lists work in `cargo test` (insta) and in the runner.
//!
//! Supported: `.key`, `["key"]`, `[0]`, `[]` / `[*]` (every element), `.*` (every value of an
//! object), `.**` (any depth). A selector that matches nothing is not an error (insta's
//! behaviour too): the value simply has no such part.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
    EveryElement,
    EveryValue,
    AnyDepth,
}

/// Why a selector cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectorError {
    /// The selector.
    pub selector: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "bad redaction selector `{}`: {}",
            self.selector, self.message
        )
    }
}

fn parse(selector: &str) -> Result<Vec<Segment>, SelectorError> {
    let err = |message: &str| SelectorError {
        selector: selector.to_owned(),
        message: message.to_owned(),
    };
    let mut segments = Vec::new();
    let mut rest = selector;
    while !rest.is_empty() {
        if let Some(tail) = rest.strip_prefix(".**") {
            segments.push(Segment::AnyDepth);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix(".*") {
            segments.push(Segment::EveryValue);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix('.') {
            let end = tail.find(['.', '[']).unwrap_or(tail.len());
            if end == 0 {
                return Err(err("an empty key after `.`"));
            }
            segments.push(Segment::Key(tail[..end].to_owned()));
            rest = &tail[end..];
        } else if let Some(tail) = rest.strip_prefix('[') {
            let end = tail.find(']').ok_or_else(|| err("a `[` without `]`"))?;
            let inner = tail[..end].trim();
            segments.push(match inner {
                "" | "*" | ":" => Segment::EveryElement,
                quoted if quoted.starts_with('"') => Segment::Key(
                    serde_json::from_str::<String>(quoted).map_err(|_| err("a bad quoted key"))?,
                ),
                number => Segment::Index(number.parse().map_err(|_| err("a bad index"))?),
            });
            rest = &tail[end + 1..];
        } else {
            return Err(err("a segment must start with `.` or `[`"));
        }
    }
    if segments.is_empty() {
        return Err(err("an empty selector"));
    }
    Ok(segments)
}

/// Replaces every part of `value` that `selector` matches by the string `replacement`.
///
/// # Errors
/// When the selector cannot be parsed.
pub(crate) fn redact(
    value: &mut Value,
    selector: &str,
    replacement: &str,
) -> Result<(), SelectorError> {
    let segments = parse(selector)?;
    apply(value, &segments, replacement);
    Ok(())
}

fn apply(value: &mut Value, segments: &[Segment], replacement: &str) {
    let Some((first, rest)) = segments.split_first() else {
        *value = Value::String(replacement.to_owned());
        return;
    };
    match (first, value) {
        (Segment::Key(k), Value::Object(map)) => {
            if let Some(child) = map.get_mut(k) {
                apply(child, rest, replacement);
            }
        }
        (Segment::Index(i), Value::Array(items)) => {
            if let Some(child) = items.get_mut(*i) {
                apply(child, rest, replacement);
            }
        }
        (Segment::EveryElement, Value::Array(items)) => {
            items.iter_mut().for_each(|c| apply(c, rest, replacement));
        }
        (Segment::EveryValue, Value::Object(map)) => {
            map.values_mut().for_each(|c| apply(c, rest, replacement));
        }
        (Segment::AnyDepth, value) => {
            if rest.is_empty() {
                *value = Value::String(replacement.to_owned());
                return;
            }
            // Try the rest here, then at every depth below.
            apply(value, rest, replacement);
            match value {
                Value::Object(map) => map
                    .values_mut()
                    .for_each(|c| apply(c, segments, replacement)),
                Value::Array(items) => items
                    .iter_mut()
                    .for_each(|c| apply(c, segments, replacement)),
                _ => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[rstest]
    #[case::key_path(".a.b", json!({"a": {"b": "[r]", "c": 2}, "list": [{"id": 1}, {"id": 2}]}))]
    #[case::every_element(".list[]", json!({"a": {"b": 1, "c": 2}, "list": ["[r]", "[r]"]}))]
    #[case::element_key(".list[].id", json!({"a": {"b": 1, "c": 2}, "list": [{"id": "[r]"}, {"id": "[r]"}]}))]
    #[case::index(".list[1].id", json!({"a": {"b": 1, "c": 2}, "list": [{"id": 1}, {"id": "[r]"}]}))]
    #[case::every_value(".a.*", json!({"a": {"b": "[r]", "c": "[r]"}, "list": [{"id": 1}, {"id": 2}]}))]
    #[case::any_depth(".**.id", json!({"a": {"b": 1, "c": 2}, "list": [{"id": "[r]"}, {"id": "[r]"}]}))]
    #[case::quoted_key("[\"a\"].c", json!({"a": {"b": 1, "c": "[r]"}, "list": [{"id": 1}, {"id": 2}]}))]
    #[case::no_match(".zz.y", json!({"a": {"b": 1, "c": 2}, "list": [{"id": 1}, {"id": 2}]}))]
    fn a_selector_redacts_exactly_what_insta_would(
        #[case] selector: &str,
        #[case] expected: Value,
    ) {
        let mut value = json!({"a": {"b": 1, "c": 2}, "list": [{"id": 1}, {"id": 2}]});
        redact(&mut value, selector, "[r]").unwrap();
        assert_eq!(value, expected);
    }

    #[test]
    fn a_top_level_array_selector_works() {
        let mut value = json!([{"id": 1}]);
        redact(&mut value, "[].id", "[id]").unwrap();
        assert_eq!(value, json!([{"id": "[id]"}]));
    }

    #[test]
    fn a_malformed_selector_is_an_error() {
        assert!(parse("agents[]").is_err());
        assert!(parse(".a[").is_err());
    }
}
