//! Comparing two answers to the same step: status, content type, body format, the keys of
//! every object and their order, every value's JSON type, and — in error answers — the texts.
//!
//! Values of successful answers are data (names, counts, timestamps) and are not compared;
//! arrays are compared element by element up to the shorter length, and a difference met in
//! many elements is reported once, at the first element.

use serde_json::Value;

use super::model::{Aspect, Difference};
use crate::runner::ResponseShape;

/// One side's answer: its status and shape, or `None` when it did not answer.
pub(crate) type Answer<'a> = Option<(u16, &'a ResponseShape)>;

/// Every difference between the target's answer and the mock's (empty: alike).
pub(crate) fn differences(target: Answer<'_>, builtin: Answer<'_>) -> Vec<Difference> {
    let (t, b) = match (target, builtin) {
        (None, None) => return Vec::new(),
        (Some(t), Some(b)) => (t, b),
        (t, b) => {
            let said =
                |a: Answer<'_>| a.map_or_else(|| "no answer".to_owned(), |(s, _)| s.to_string());
            return vec![difference(Aspect::Answered, "", said(t), said(b))];
        }
    };
    let mut out = Vec::new();
    let ((t_status, t), (b_status, b)) = (t, b);
    if t_status != b_status {
        out.push(difference(Aspect::Status, "", t_status, b_status));
    }
    if t.content_type != b.content_type {
        let shown = |c: &Option<String>| c.clone().unwrap_or_else(|| "(none)".to_owned());
        out.push(difference(
            Aspect::ContentType,
            "",
            shown(&t.content_type),
            shown(&b.content_type),
        ));
    }
    let errors = t_status >= 400 && b_status >= 400;
    match (&t.json, &b.json) {
        (Some(tj), Some(bj)) => {
            let mut found = Vec::new();
            walk(tj, bj, "", "", &mut found);
            if errors && let (Some(tr), Some(br)) = (&t.redacted, &b.redacted) {
                texts(tr, br, "", "", &mut found);
            }
            out.extend(first_of_each(found));
        }
        (None, None) => {
            if errors && t.text != b.text {
                out.push(difference(Aspect::ErrorText, "", &t.text, &b.text));
            }
        }
        (tj, bj) => {
            let format = |j: &Option<Value>| if j.is_some() { "json" } else { "not json" };
            out.push(difference(Aspect::BodyFormat, "", format(tj), format(bj)));
        }
    }
    out
}

/// A found difference, with its pointer generalized over array indices (`/*/id`) to keep only
/// the first of a kind.
struct Found {
    general: String,
    difference: Difference,
}

fn first_of_each(found: Vec<Found>) -> Vec<Difference> {
    let mut seen: Vec<(Aspect, String)> = Vec::new();
    let mut out = Vec::new();
    for f in found {
        let key = (f.difference.aspect, f.general);
        if !seen.contains(&key) {
            seen.push(key);
            out.push(f.difference);
        }
    }
    out
}

/// Keys, their order, and types.
fn walk(t: &Value, b: &Value, pointer: &str, general: &str, out: &mut Vec<Found>) {
    if type_name(t) != type_name(b) {
        out.push(found(
            Aspect::Type,
            pointer,
            general,
            type_name(t),
            type_name(b),
        ));
        return;
    }
    if let (Value::Object(tm), Value::Object(bm)) = (t, b) {
        let tk: Vec<&String> = tm.keys().collect();
        let bk: Vec<&String> = bm.keys().collect();
        if tk != bk {
            out.push(found(Aspect::Keys, pointer, general, keys(&tk), keys(&bk)));
        }
    }
    common_children(t, b, pointer, general, |tv, bv, pointer, general| {
        walk(tv, bv, pointer, general, out);
    });
}

/// The strings of two error bodies, where both sides have a string.
fn texts(t: &Value, b: &Value, pointer: &str, general: &str, out: &mut Vec<Found>) {
    match (t, b) {
        (Value::String(ts), Value::String(bs)) if ts != bs => {
            out.push(found(Aspect::ErrorText, pointer, general, ts, bs));
        }
        _ => common_children(t, b, pointer, general, |tv, bv, pointer, general| {
            texts(tv, bv, pointer, general, out);
        }),
    }
}

/// Calls `visit` on each child both sides have — an object's keys present on both sides (in
/// the target's order), an array's positions up to the shorter length — with its pointer and
/// its general pointer (`*` for any array position).
fn common_children(
    t: &Value,
    b: &Value,
    pointer: &str,
    general: &str,
    mut visit: impl FnMut(&Value, &Value, &str, &str),
) {
    match (t, b) {
        (Value::Object(tm), Value::Object(bm)) => {
            for (k, tv) in tm {
                if let Some(bv) = bm.get(k) {
                    let k = escape(k);
                    visit(tv, bv, &format!("{pointer}/{k}"), &format!("{general}/{k}"));
                }
            }
        }
        (Value::Array(ta), Value::Array(ba)) => {
            for (i, (tv, bv)) in ta.iter().zip(ba).enumerate() {
                visit(tv, bv, &format!("{pointer}/{i}"), &format!("{general}/*"));
            }
        }
        _ => {}
    }
}

/// A value's JSON type; integers and other numbers apart (`1` vs `1.0` is a difference).
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn keys(k: &[&String]) -> String {
    serde_json::to_string(k).unwrap_or_default()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn found(
    aspect: Aspect,
    pointer: &str,
    general: &str,
    t: impl ToString,
    b: impl ToString,
) -> Found {
    Found {
        general: general.to_owned(),
        difference: difference(aspect, pointer, t, b),
    }
}

fn difference(aspect: Aspect, pointer: &str, t: impl ToString, b: impl ToString) -> Difference {
    Difference {
        aspect,
        pointer: pointer.to_owned(),
        target: t.to_string(),
        builtin: b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn shape(content_type: &str, body: Value) -> ResponseShape {
        ResponseShape {
            content_type: Some(content_type.to_owned()),
            json: Some(body.clone()),
            redacted: Some(body),
            text: String::new(),
        }
    }

    const JSON: &str = "application/json; charset=utf-8";

    #[rstest]
    #[case::same(200, json!({"a": 1}), 200, json!({"a": 2}), vec![])]
    #[case::status(401, json!({"error": "x"}), 403, json!({"error": "x"}), vec![(Aspect::Status, "", "401", "403")])]
    #[case::key_order(200, json!({"a": 1, "b": 2}), 200, json!({"b": 2, "a": 1}), vec![(Aspect::Keys, "", r#"["a","b"]"#, r#"["b","a"]"#)])]
    #[case::missing_key(200, json!([{"a": 1}, {"a": 2}]), 200, json!([{"a": 1, "p": "x"}, {"a": 2, "p": "y"}]), vec![(Aspect::Keys, "/0", r#"["a"]"#, r#"["a","p"]"#)])]
    #[case::type_(200, json!([{"id": "1"}]), 200, json!([{"id": 1}]), vec![(Aspect::Type, "/0/id", "string", "integer")])]
    #[case::error_text(404, json!({"error": "Not here"}), 404, json!({"error": "Resource could not be found"}), vec![(Aspect::ErrorText, "/error", "Not here", "Resource could not be found")])]
    #[case::success_text_is_data(200, json!({"name": "x"}), 200, json!({"name": "y"}), vec![])]
    fn differences_are_found_once_each(
        #[case] ts: u16,
        #[case] tb: Value,
        #[case] bs: u16,
        #[case] bb: Value,
        #[case] expected: Vec<(Aspect, &str, &str, &str)>,
    ) {
        let (t, b) = (shape(JSON, tb), shape(JSON, bb));
        let found: Vec<(Aspect, String, String, String)> =
            differences(Some((ts, &t)), Some((bs, &b)))
                .into_iter()
                .map(|d| (d.aspect, d.pointer, d.target, d.builtin))
                .collect();
        let expected: Vec<(Aspect, String, String, String)> = expected
            .into_iter()
            .map(|(a, p, t, b)| (a, p.to_owned(), t.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn content_type_and_missing_answers_are_differences() {
        let t = shape("text/plain", json!({}));
        let b = shape(JSON, json!({}));
        let d = differences(Some((200, &t)), Some((200, &b)));
        assert_eq!(d[0].aspect, Aspect::ContentType);
        let d = differences(Some((200, &t)), None);
        assert_eq!(
            (d[0].aspect, d[0].builtin.as_str()),
            (Aspect::Answered, "no answer")
        );
        assert!(differences(None, None).is_empty());
    }
}
