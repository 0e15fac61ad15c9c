//! The comparison of a target with the built-in mock, as data: one entry per step, each with
//! the differences found. A difference is a result, never an error.

use serde::Serialize;

/// What differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Aspect {
    /// One side answered and the other did not (skipped, or no response).
    Answered,
    /// The status code.
    Status,
    /// The `Content-Type` header.
    ContentType,
    /// One body is JSON and the other is not.
    BodyFormat,
    /// An object's keys, or their order.
    Keys,
    /// A value's JSON type (`integer`, `number`, `string`, `boolean`, `null`, `array`, `object`).
    Type,
    /// An error body's text (a string of a 4xx/5xx JSON body, or a text body), after the
    /// step's redactions.
    ErrorText,
}

impl Aspect {
    /// The name used in every report.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Aspect::Answered => "answered",
            Aspect::Status => "status",
            Aspect::ContentType => "content-type",
            Aspect::BodyFormat => "body-format",
            Aspect::Keys => "keys",
            Aspect::Type => "type",
            Aspect::ErrorText => "error-text",
        }
    }
}

/// One difference between the target's answer and the mock's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Difference {
    /// What differs.
    pub(crate) aspect: Aspect,
    /// Where in the body (JSON pointer; array elements as in the first element that differs).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) pointer: String,
    /// The target's side.
    pub(crate) target: String,
    /// The built-in mock's side.
    pub(crate) builtin: String,
}

/// How one step compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    /// Both answered alike.
    Same,
    /// At least one difference.
    Different,
    /// Neither side answered (skipped on both, or no response on both).
    NotCompared,
}

/// One step on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StepComparison {
    /// The vendor.
    pub(crate) vendor: String,
    /// The scenario file (`chatwoot/auth.yaml`).
    pub(crate) scenario: String,
    /// The step's name.
    pub(crate) step: String,
    /// The method.
    pub(crate) method: String,
    /// The target's path (secrets masked).
    pub(crate) path: String,
    /// How it compared.
    pub(crate) outcome: Outcome,
    /// What differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) differences: Vec<Difference>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Comparison {
    /// What the target was compared with (`builtin`).
    pub(crate) against: String,
    /// The mock's fidelity profile (`observed`).
    pub(crate) fidelity: String,
    /// Where the mock's world came from (`pulled from the target`, or a file).
    pub(crate) world: String,
    /// Steps compared on both sides.
    pub(crate) compared: usize,
    /// Of those, the steps that answered alike.
    pub(crate) same: usize,
    /// Of those, the steps with a difference.
    pub(crate) different: usize,
    /// Steps neither side answered.
    pub(crate) not_compared: usize,
    /// Every step, in the target run's order.
    pub(crate) steps: Vec<StepComparison>,
}

impl Comparison {
    /// Builds the totals from `steps`.
    pub(crate) fn new(
        against: &str,
        fidelity: &str,
        world: &str,
        steps: Vec<StepComparison>,
    ) -> Self {
        let count = |o: Outcome| steps.iter().filter(|s| s.outcome == o).count();
        let same = count(Outcome::Same);
        let different = count(Outcome::Different);
        Comparison {
            against: against.to_owned(),
            fidelity: fidelity.to_owned(),
            world: world.to_owned(),
            compared: same + different,
            same,
            different,
            not_compared: count(Outcome::NotCompared),
            steps,
        }
    }

    /// Whether any step differs.
    pub(crate) fn has_differences(&self) -> bool {
        self.different > 0
    }

    /// Every difference with its step.
    pub(crate) fn differences(&self) -> impl Iterator<Item = (&StepComparison, &Difference)> {
        self.steps
            .iter()
            .flat_map(|s| s.differences.iter().map(move |d| (s, d)))
    }
}
