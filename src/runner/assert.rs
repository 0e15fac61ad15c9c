//! Judging a response against a step's expectation: status, headers, body text, JSON-pointer
//! assertions. Every failure is collected; nothing stops at the first.

use serde_json::Value;

use super::http::HttpResponse;
use super::pointer::resolve;
use super::result::{Failure, FailureKind};
use crate::scenario::{Expectation, JsonAssertion, Predicate};

/// Every failed check of `expect` against `response`. `json` is the parsed body, if it parsed.
pub(crate) fn check_expectation(
    expect: &Expectation,
    response: &HttpResponse,
    json: Option<&Value>,
) -> Vec<Failure> {
    let mut failures = Vec::new();
    if let Some(expected) = expect.status
        && expected != response.status
    {
        failures.push(
            Failure::new(
                FailureKind::Status {
                    expected,
                    actual: response.status,
                },
                format!("status {} is not the expected {expected}", response.status),
            )
            .with_values(expected.to_string(), response.status.to_string()),
        );
    }
    for (name, expected) in &expect.headers {
        let actual = response.header(name);
        if actual != Some(expected.as_str()) {
            failures.push(
                Failure::new(
                    FailureKind::Header { name: name.clone() },
                    match actual {
                        Some(a) => format!("header `{name}` is {a:?}, not {expected:?}"),
                        None => format!("header `{name}` is missing"),
                    },
                )
                .with_values(expected.clone(), actual.unwrap_or("<missing>")),
            );
        }
    }
    if let Some(expected) = &expect.text {
        let actual = response.text();
        if actual != *expected {
            failures.push(
                Failure::new(FailureKind::Text, "the body text differs")
                    .with_values(expected.clone(), actual.into_owned()),
            );
        }
    }
    if !expect.json.is_empty() {
        match json {
            Some(body) => {
                for assertion in &expect.json {
                    failures.extend(check_assertion(assertion, body));
                }
            }
            None => failures.push(not_json(response)),
        }
    }
    failures
}

/// The failure for a body that should be JSON and is not.
pub(crate) fn not_json(response: &HttpResponse) -> Failure {
    let text = response.text();
    let shown: String = text.chars().take(80).collect();
    Failure::new(
        FailureKind::NotJson,
        format!(
            "the body is not JSON (content-type {}): {shown:?}",
            response.header("content-type").unwrap_or("<none>")
        ),
    )
}

/// Whether `assertion` holds on `body`; the failure when it does not.
pub(crate) fn check_assertion(assertion: &JsonAssertion, body: &Value) -> Option<Failure> {
    let pointer = &assertion.pointer;
    let found = resolve(body, pointer);
    let fail = |message: String| {
        Failure::new(
            FailureKind::Assertion {
                pointer: pointer.clone(),
            },
            message,
        )
    };
    match (&assertion.predicate, found) {
        (Predicate::Exists, Some(_)) | (Predicate::Absent, None) => None,
        (Predicate::Exists, None) => Some(fail(format!("`{pointer}` does not exist"))),
        (Predicate::Absent, Some(v)) => Some(
            fail(format!("`{pointer}` exists but should be absent"))
                .with_values("<absent>", describe(&v)),
        ),
        (_, None) => Some(fail(format!("`{pointer}` does not exist"))),
        (Predicate::Equals(expected), Some(actual)) => (expected != &actual).then(|| {
            fail(format!(
                "{} at `{pointer}` is not {}",
                describe(&actual),
                describe(expected)
            ))
            .with_values(describe(expected), describe(&actual))
        }),
        (Predicate::Length(n), Some(actual)) => {
            let len = match &actual {
                Value::Array(a) => Some(a.len()),
                Value::Object(o) => Some(o.len()),
                Value::String(s) => Some(s.chars().count()),
                _ => None,
            };
            match len {
                Some(len) if len == *n => None,
                Some(len) => Some(
                    fail(format!("length {len} at `{pointer}` is not {n}"))
                        .with_values(n.to_string(), len.to_string()),
                ),
                None => Some(fail(format!(
                    "{} at `{pointer}` has no length",
                    describe(&actual)
                ))),
            }
        }
        (Predicate::SetEquals(expected), Some(actual)) => match actual.as_array() {
            Some(items) if same_multiset(expected, items) => None,
            Some(_) => Some(
                fail(format!(
                    "{} at `{pointer}` does not hold the same elements as {}",
                    describe(&actual),
                    describe(&Value::Array(expected.clone()))
                ))
                .with_values(describe(&Value::Array(expected.clone())), describe(&actual)),
            ),
            None => Some(fail(format!(
                "{} at `{pointer}` is not an array",
                describe(&actual)
            ))),
        },
    }
}

/// Equal as multisets: same elements, same counts, any order.
fn same_multiset(expected: &[Value], actual: &[Value]) -> bool {
    if expected.len() != actual.len() {
        return false;
    }
    let mut left: Vec<&Value> = actual.iter().collect();
    expected
        .iter()
        .all(|e| match left.iter().position(|a| *a == e) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
}

/// A value with its type, e.g. `integer <20>`, `string <"x">`.
pub(crate) fn describe(value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let mut text = value.to_string();
    if text.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    format!("{kind} <{text}>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn assertion(pointer: &str, predicate: Predicate) -> JsonAssertion {
        JsonAssertion {
            pointer: pointer.to_owned(),
            predicate,
            position: None,
        }
    }

    #[rstest]
    #[case::equals_holds("/a", Predicate::Equals(json!(1)), true)]
    #[case::equals_fails_on_type("/a", Predicate::Equals(json!("1")), false)]
    #[case::exists_holds("/a", Predicate::Exists, true)]
    #[case::absent_holds("/zz", Predicate::Absent, true)]
    #[case::absent_fails("/a", Predicate::Absent, false)]
    #[case::length_holds("/list", Predicate::Length(3), true)]
    #[case::length_fails("/list", Predicate::Length(2), false)]
    #[case::set_equals_ignores_order("/list", Predicate::SetEquals(vec![json!(3), json!(1), json!(2)]), true)]
    #[case::set_equals_counts_duplicates("/list", Predicate::SetEquals(vec![json!(1), json!(1), json!(2)]), false)]
    #[case::star_projection("/objs/*/id", Predicate::SetEquals(vec![json!(5), json!(4)]), true)]
    fn each_predicate_holds_or_fails_as_specified(
        #[case] pointer: &str,
        #[case] predicate: Predicate,
        #[case] holds: bool,
    ) {
        let body = json!({"a": 1, "list": [1, 2, 3], "objs": [{"id": 4}, {"id": 5}]});
        let result = check_assertion(&assertion(pointer, predicate), &body);
        assert_eq!(result.is_none(), holds, "{result:?}");
    }

    #[test]
    fn an_equals_failure_shows_both_values_with_types() {
        let failure = check_assertion(
            &assertion("/a", Predicate::Equals(json!("x"))),
            &json!({"a": 20}),
        )
        .unwrap();
        assert_eq!(
            failure.message,
            "integer <20> at `/a` is not string <\"x\">"
        );
    }
}
