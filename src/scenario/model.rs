//! The scenario file format as data (see `scenarios/README.md`).
//!
//! A [`Scenario`] is a named list of [`Step`]s; each step sends one [`RequestSpec`] and checks
//! the response against an [`Expectation`], optionally overridden per fidelity profile.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rosterwire_mock::{Fidelity, VendorName};
use serde::Deserialize;
use serde_json::Value;

use super::error::{Position, PredicateError, PredicateErrorKind};

/// The tag of scenarios that run only against the built-in mock (they use its fault headers).
pub(crate) const MOCK_ONLY: &str = "mock-only";
/// One scenario file, after parsing and checking.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from.
    pub file: PathBuf,
    /// The vendor, from the folder name (`scenarios/<vendor>/`).
    pub vendor: VendorName,
    /// The scenario's name.
    pub name: String,
    /// Why the scenario exists.
    pub description: Option<String>,
    /// `mutating` or `read-only` (always present), plus free tags.
    pub tags: Vec<String>,
    /// Groups whose membership is saved before the scenario and restored afterwards.
    pub restore: Vec<String>,
    /// Variables bound to groups made for the run (`rosterwire-<run id>-…`) and deleted after
    /// it, where the vendor's API can create and delete groups; without a sandbox
    /// (`--no-sandbox`, or a vendor that cannot make groups) they come from the target.
    pub sandbox: Vec<String>,
    /// Target variables every step needs although no step names them.
    pub requires: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl Scenario {
    /// The variables the runner binds to groups it makes for this scenario, when sandboxes are
    /// on (`sandbox_on`): its `sandbox:` names if it mutates and its vendor can make groups;
    /// otherwise none (they then come from the target, and the restore covers them).
    pub fn sandboxed_variables(&self, sandbox_on: bool) -> std::collections::BTreeSet<String> {
        let sandboxed = sandbox_on && self.is_mutating() && sandbox_supported(self.vendor);
        if sandboxed {
            self.sandbox.iter().cloned().collect()
        } else {
            std::collections::BTreeSet::new()
        }
    }

    /// The scenario without its steps (name, file, vendor, tags): enough to report on it.
    pub fn header(&self) -> Scenario {
        Scenario {
            steps: Vec::new(),
            ..self.clone()
        }
    }

    /// Whether any step changes the target's state.
    pub fn is_mutating(&self) -> bool {
        self.steps.iter().any(Step::is_mutating)
    }

    /// The file name without `.yaml`, used in snapshot names.
    pub fn stem(&self) -> String {
        self.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Whether rosterwire can make a group for a run on `vendor` (and delete it): Chatwoot teams
/// and Rocket.Chat departments can be created and deleted through the API; ChatDash documents
/// no way to create a client (`fixtures/vendor-docs/000_*`), so its scenarios keep the restore.
pub(crate) fn sandbox_supported(vendor: VendorName) -> bool {
    matches!(vendor, VendorName::Chatwoot | VendorName::RocketChat)
}

/// The raw document, exactly as the YAML file holds it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioDoc {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) restore: Vec<String>,
    #[serde(default)]
    pub(crate) sandbox: Vec<String>,
    #[serde(default)]
    pub(crate) requires: Vec<String>,
    pub(crate) steps: Vec<serde_saphyr::Spanned<Step>>,
}

/// One request and what its response must look like.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's name (unique within the scenario).
    pub name: String,
    /// What to send.
    pub request: RequestSpec,
    /// What to expect in every profile.
    #[serde(default)]
    pub expect: Expectation,
    /// Overrides for the `documented` profile.
    #[serde(default)]
    pub documented: Option<Expectation>,
    /// Overrides for the `observed` profile (what the real servers do).
    #[serde(default)]
    pub observed: Option<Expectation>,
    /// Variables to capture from the response body: name → JSON pointer.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
    /// Whether the step changes state; default: every method but GET and HEAD does.
    #[serde(default)]
    pub mutating: Option<bool>,
    /// Target variables the step needs although its request does not name them.
    #[serde(default)]
    pub requires: Vec<String>,
    /// The 1-based line where the step starts in its file (`- name: …`), when known.
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Step {
    /// Whether the step changes state.
    pub fn is_mutating(&self) -> bool {
        self.mutating.unwrap_or_else(|| {
            !matches!(
                self.request.method.to_ascii_uppercase().as_str(),
                "GET" | "HEAD"
            )
        })
    }

    /// The expectation that applies under `fidelity`: `expect` with the profile's fields on top.
    pub fn expectation(&self, fidelity: Fidelity) -> Expectation {
        let over = match fidelity {
            Fidelity::Documented => self.documented.as_ref(),
            Fidelity::Observed => self.observed.as_ref(),
        };
        match over {
            Some(over) => self.expect.overridden_by(over),
            None => self.expect.clone(),
        }
    }
}

/// The request of a step. Strings may hold `${variables}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// The HTTP method.
    pub method: String,
    /// The path (with the vendor's base path), query included.
    pub path: String,
    /// Request headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body (sent with `Content-Type: application/json`).
    #[serde(default)]
    pub body: Option<Value>,
    /// A raw body, sent as is (for malformed JSON); excludes `body`.
    #[serde(default)]
    pub raw_body: Option<String>,
}

/// What a response must look like. Every field is optional; unset fields are not checked.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The exact status.
    #[serde(default)]
    pub status: Option<u16>,
    /// The operation id of the contract; default: looked up by method and path; `none` skips.
    #[serde(default)]
    pub contract: Option<String>,
    /// Response headers that must equal these values exactly (names case-insensitive).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Assertions on the JSON body.
    #[serde(default)]
    pub json: Vec<JsonAssertion>,
    /// The exact body text (for empty or non-JSON bodies).
    #[serde(default)]
    pub text: Option<String>,
    /// The name of a snapshot of the (redacted) body.
    #[serde(default)]
    pub snapshot: Option<String>,
    /// Redactions applied before snapshotting: insta selector → replacement.
    #[serde(default)]
    pub redact: BTreeMap<String, String>,
    /// A known documentation defect: drift and contract violations here are expected and listed,
    /// not failures. The text says what the documents get wrong.
    #[serde(default)]
    pub drift: Option<String>,
}

impl Expectation {
    /// `self` with every field that `over` sets replaced.
    fn overridden_by(&self, over: &Expectation) -> Expectation {
        Expectation {
            status: over.status.or(self.status),
            contract: over.contract.clone().or_else(|| self.contract.clone()),
            headers: if over.headers.is_empty() {
                self.headers.clone()
            } else {
                over.headers.clone()
            },
            json: if over.json.is_empty() {
                self.json.clone()
            } else {
                over.json.clone()
            },
            text: over.text.clone().or_else(|| self.text.clone()),
            snapshot: over.snapshot.clone().or_else(|| self.snapshot.clone()),
            redact: if over.redact.is_empty() {
                self.redact.clone()
            } else {
                over.redact.clone()
            },
            drift: over.drift.clone().or_else(|| self.drift.clone()),
        }
    }
}

/// One assertion on the JSON body: a pointer (with `*` for "every element") and a predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonAssertion {
    /// A JSON pointer; a `*` segment maps over an array's elements.
    pub pointer: String,
    /// What must hold there.
    pub predicate: Predicate,
    /// Where the assertion is written.
    pub position: Option<Position>,
}

/// What must hold at a pointer.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// The value equals this JSON exactly (object key order ignored).
    Equals(Value),
    /// The pointer resolves.
    Exists,
    /// The pointer does not resolve.
    Absent,
    /// The value is an array holding exactly these elements, in any order.
    SetEquals(Vec<Value>),
    /// The value is an array (or string, or object) of this length.
    Length(usize),
}

/// The assertion as written: one pointer and exactly one predicate key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawJsonAssertion {
    pub(crate) pointer: String,
    // `equals: null` must be `Some(Null)`, not "absent".
    #[serde(default, deserialize_with = "present")]
    pub(crate) equals: Option<Value>,
    #[serde(default)]
    pub(crate) exists: Option<bool>,
    #[serde(default)]
    pub(crate) absent: Option<bool>,
    #[serde(default)]
    pub(crate) set_equals: Option<Vec<Value>>,
    #[serde(default)]
    pub(crate) length: Option<usize>,
}

/// A key that is present deserializes to `Some`, whatever its value (`null` included).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl RawJsonAssertion {
    /// The predicate, or why there is not exactly one.
    pub(crate) fn predicate(&self) -> Result<Predicate, PredicateError> {
        let mut found = Vec::new();
        if let Some(v) = &self.equals {
            found.push(Predicate::Equals(v.clone()));
        }
        match self.exists {
            Some(true) => found.push(Predicate::Exists),
            Some(false) => found.push(Predicate::Absent),
            None => {}
        }
        match self.absent {
            Some(true) => found.push(Predicate::Absent),
            Some(false) => found.push(Predicate::Exists),
            None => {}
        }
        if let Some(v) = &self.set_equals {
            found.push(Predicate::SetEquals(v.clone()));
        }
        if let Some(n) = self.length {
            found.push(Predicate::Length(n));
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(PredicateErrorKind::Missing {
                pointer: self.pointer.clone(),
            }
            .into()),
            _ => Err(PredicateErrorKind::Several {
                pointer: self.pointer.clone(),
            }
            .into()),
        }
    }
}

impl<'de> Deserialize<'de> for JsonAssertion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<RawJsonAssertion>::deserialize(deserializer)?;
        let predicate = spanned
            .value
            .predicate()
            .map_err(serde::de::Error::custom)?;
        let at = spanned.referenced;
        let position = usize::try_from(at.line())
            .ok()
            .zip(usize::try_from(at.column()).ok())
            .filter(|(line, _)| *line > 0)
            .map(|(line, column)| Position { line, column });
        Ok(JsonAssertion {
            pointer: spanned.value.pointer,
            predicate,
            position,
        })
    }
}

/// The keys a scenario file may use, per level, for "did you mean" suggestions.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "name",
    "description",
    "tags",
    "restore",
    "sandbox",
    "requires",
    "steps",
    "request",
    "expect",
    "documented",
    "observed",
    "capture",
    "mutating",
    "method",
    "path",
    "headers",
    "body",
    "raw_body",
    "status",
    "contract",
    "json",
    "text",
    "snapshot",
    "redact",
    "drift",
    "pointer",
    "equals",
    "exists",
    "absent",
    "set_equals",
    "length",
];
