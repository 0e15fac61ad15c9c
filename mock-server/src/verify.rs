//! Request patterns and verification: "did the client send this, this many times?"
//!
//! A [`RequestPattern`] (vendor, method, path template or regex, body subset or equality,
//! header presence) is matched against journal entries; faults use the same pattern against
//! live requests.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::journal::JournalEntry;
use crate::path_pattern::PathPattern;
use crate::vendor_name::VendorName;

/// Which requests a verification or a fault is about. Every field given must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestPattern {
    /// The vendor whose base path the request is under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<VendorName>,
    /// The method, case-insensitive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A path template: `{name}` is one segment, `*` is anything (`*/team_members`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A regular expression the path must match (unanchored unless it anchors itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_regex: Option<String>,
    /// A JSON value the body must contain: objects by key subset, arrays element-wise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// A JSON value the body must equal exactly (key order aside).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_equals: Option<Value>,
    /// Headers that must be present (any value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

impl RequestPattern {
    /// A pattern on one vendor.
    pub fn vendor(vendor: VendorName) -> Self {
        Self {
            vendor: Some(vendor),
            ..Self::default()
        }
    }

    /// Also the method.
    #[must_use]
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }

    /// Also a path template.
    #[must_use]
    pub fn path(mut self, template: &str) -> Self {
        self.path = Some(template.to_owned());
        self
    }

    /// Also a body subset.
    #[must_use]
    pub fn body(mut self, subset: Value) -> Self {
        self.body = Some(subset);
        self
    }

    /// Also a header that must be present.
    #[must_use]
    pub fn header(mut self, name: &str) -> Self {
        self.headers.push(name.to_owned());
        self
    }

    /// Compiles the path template and regex.
    ///
    /// # Errors
    /// The field at fault (`path` or `path_regex`) and why.
    pub(crate) fn compile(&self) -> Result<CompiledPattern, (&'static str, String)> {
        let template = self
            .path
            .as_deref()
            .map(PathPattern::template)
            .transpose()
            .map_err(|e| ("path", e))?;
        let regex = self
            .path_regex
            .as_deref()
            .map(PathPattern::regex)
            .transpose()
            .map_err(|e| ("path_regex", e))?;
        Ok(CompiledPattern {
            pattern: self.clone(),
            template,
            regex,
        })
    }
}

/// A request as a pattern sees it: live, or from the journal.
#[derive(Clone, Copy)]
pub(crate) struct Candidate<'a> {
    pub(crate) vendor: Option<VendorName>,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) body: &'a [u8],
    pub(crate) has_header: &'a dyn Fn(&str) -> bool,
}

impl std::fmt::Debug for Candidate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("vendor", &self.vendor)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A pattern with its path matchers compiled.
#[derive(Debug, Clone)]
pub(crate) struct CompiledPattern {
    pub(crate) pattern: RequestPattern,
    template: Option<PathPattern>,
    regex: Option<PathPattern>,
}

impl CompiledPattern {
    /// Whether the request matches.
    pub(crate) fn matches(&self, candidate: &Candidate<'_>) -> bool {
        self.mismatches(candidate, true).is_empty()
    }

    /// What does not match, one line each; stops at the first when `first_only`.
    pub(crate) fn mismatches(&self, candidate: &Candidate<'_>, first_only: bool) -> Vec<String> {
        let p = &self.pattern;
        let mut out = Vec::new();
        let mut check = |ok: bool, why: &dyn Fn() -> String| {
            if !ok && (!first_only || out.is_empty()) {
                out.push(why());
            }
        };
        check(
            p.vendor.is_none_or(|v| candidate.vendor == Some(v)),
            &|| {
                format!(
                    "vendor: expected {}, got {}",
                    p.vendor.map_or("any", VendorName::as_str),
                    candidate.vendor.map_or("none", VendorName::as_str)
                )
            },
        );
        check(
            p.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(candidate.method)),
            &|| {
                format!(
                    "method: expected {}, got {}",
                    p.method.as_deref().unwrap_or_default(),
                    candidate.method
                )
            },
        );
        check(
            self.template
                .as_ref()
                .is_none_or(|t| t.matches(candidate.path)),
            &|| {
                format!(
                    "path: `{}` does not match `{}`",
                    candidate.path,
                    p.path.as_deref().unwrap_or_default()
                )
            },
        );
        check(
            self.regex
                .as_ref()
                .is_none_or(|r| r.matches(candidate.path)),
            &|| {
                format!(
                    "path: `{}` does not match /{}/",
                    candidate.path,
                    p.path_regex.as_deref().unwrap_or_default()
                )
            },
        );
        for name in &p.headers {
            check((candidate.has_header)(name), &|| {
                format!("header: `{name}` is missing")
            });
        }
        if p.body.is_some() || p.body_equals.is_some() {
            let actual = serde_json::from_slice::<Value>(candidate.body).ok();
            if let Some(subset) = &p.body {
                check(
                    actual.as_ref().is_some_and(|a| contains(a, subset)),
                    &|| "body: does not contain the expected subset".to_owned(),
                );
            }
            if let Some(expected) = &p.body_equals {
                check(actual.as_ref() == Some(expected), &|| {
                    "body: not equal to the expected JSON".to_owned()
                });
            }
        }
        out
    }
}

/// Whether `actual` contains `expected`: objects by key subset, arrays element-wise with the
/// same length, everything else by equality.
pub(crate) fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(key, ev)| a.get(key).is_some_and(|av| contains(av, ev))),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(av, ev)| contains(av, ev))
        }
        _ => actual == expected,
    }
}

/// How many matching requests are expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Times {
    /// Exactly this many.
    Exactly(usize),
    /// This many or more.
    AtLeast(usize),
    /// This many or fewer.
    AtMost(usize),
}

impl Default for Times {
    fn default() -> Self {
        Times::AtLeast(1)
    }
}

impl Times {
    /// Whether `count` satisfies the expectation.
    pub fn holds(self, count: usize) -> bool {
        match self {
            Times::Exactly(n) => count == n,
            Times::AtLeast(n) => count >= n,
            Times::AtMost(n) => count <= n,
        }
    }

    fn describe(self) -> String {
        match self {
            Times::Exactly(n) => format!("exactly {n}"),
            Times::AtLeast(n) => format!("at least {n}"),
            Times::AtMost(n) => format!("at most {n}"),
        }
    }
}

/// The outcome of a verification. A failed verification is a result, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// Whether the expectation holds.
    pub ok: bool,
    /// How many journal entries match.
    pub matched: usize,
    /// The expectation.
    pub expected: Times,
    /// One sentence for humans.
    pub message: String,
    /// When it does not hold: the entries that came closest (fewest mismatches, newest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
}

/// An entry that almost matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearMiss {
    /// The entry's `seq`.
    pub seq: u64,
    /// `METHOD /path`.
    pub request: String,
    /// What did not match, one line each.
    pub mismatches: Vec<String>,
}

/// How many near misses a failed verification reports.
const NEAR_MISSES: usize = 3;

/// Verifies `pattern` against `entries` (oldest first).
pub(crate) fn verify(
    pattern: &CompiledPattern,
    times: Times,
    entries: &[JournalEntry],
) -> Verification {
    let mut matched = 0;
    let mut misses: Vec<NearMiss> = Vec::new();
    for entry in entries.iter().rev() {
        let has_header = |name: &str| entry.header(name).is_some();
        let candidate = Candidate {
            vendor: entry.vendor,
            method: &entry.method,
            path: &entry.path,
            body: entry.request_body.as_bytes(),
            has_header: &has_header,
        };
        let mismatches = pattern.mismatches(&candidate, false);
        if mismatches.is_empty() {
            matched += 1;
        } else {
            misses.push(NearMiss {
                seq: entry.seq,
                request: format!("{} {}", entry.method, entry.path),
                mismatches,
            });
        }
    }
    let ok = times.holds(matched);
    if ok {
        misses.clear();
    } else {
        // Stable sort keeps newest first among equally close entries.
        misses.sort_by_key(|m| m.mismatches.len());
        misses.truncate(NEAR_MISSES);
    }
    let message = format!(
        "expected {} matching request(s), found {matched}",
        times.describe()
    );
    Verification {
        ok,
        matched,
        expected: times,
        message,
        near_misses: misses,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn candidate<'a>(method: &'a str, path: &'a str, body: &'a [u8]) -> Candidate<'a> {
        Candidate {
            vendor: VendorName::for_path(path),
            method,
            path,
            body,
            has_header: &|name| name.eq_ignore_ascii_case("api_access_token"),
        }
    }

    #[rstest]
    #[case::subset_of_object(json!({"a":1,"b":[1,2]}), json!({"b":[1,2]}), true)]
    #[case::nested_subset(json!({"a":{"x":1,"y":2}}), json!({"a":{"y":2}}), true)]
    #[case::array_length_differs(json!([1,2,3]), json!([1,2]), false)]
    #[case::value_differs(json!({"a":1}), json!({"a":2}), false)]
    #[case::missing_key(json!({"a":1}), json!({"b":1}), false)]
    fn body_subset_matching(#[case] actual: Value, #[case] expected: Value, #[case] hit: bool) {
        assert_eq!(contains(&actual, &expected), hit);
    }

    #[test]
    fn every_field_of_a_pattern_must_hold() {
        let pattern = RequestPattern::vendor(VendorName::Chatwoot)
            .method("patch")
            .path("*/team_members")
            .body(json!({"user_ids": [3]}))
            .header("api_access_token")
            .compile()
            .unwrap();
        let path = "/api/v1/accounts/1/teams/1/team_members";
        assert!(pattern.matches(&candidate("PATCH", path, br#"{"user_ids":[3]}"#)));
        assert_eq!(
            pattern.mismatches(&candidate("GET", path, br#"{"user_ids":[4]}"#), false),
            [
                "method: expected patch, got GET",
                "body: does not contain the expected subset"
            ]
        );
    }

    #[rstest]
    #[case::exactly_holds(Times::Exactly(2), 2, true)]
    #[case::exactly_fails(Times::Exactly(2), 3, false)]
    #[case::at_least(Times::AtLeast(1), 0, false)]
    #[case::at_most(Times::AtMost(1), 1, true)]
    fn times_hold_or_not(#[case] times: Times, #[case] count: usize, #[case] ok: bool) {
        assert_eq!(times.holds(count), ok);
    }

    #[test]
    fn times_read_as_json_objects() {
        let times: Times = serde_json::from_str(r#"{"at_least": 2}"#).unwrap();
        assert_eq!(times, Times::AtLeast(2));
    }
}
