//! The one adapter between the runner and the contracts library (`crate::contracts`).
//!
//! The runner only sees [`ContractBook`]: "judge this response of this operation". Keeping the
//! contracts API behind this file means a change there touches nothing else here.

use serde_json::Value;

use super::error::{RunnerError, RunnerErrorKind};

/// What the runner asks about one response.
#[derive(Debug, Clone, Copy)]
pub struct ContractQuery<'a> {
    /// The vendor (`rocketchat`, …).
    pub vendor: &'a str,
    /// The operation id the step names, or `None` to look it up by method and path.
    pub operation: Option<&'a str>,
    /// The request method.
    pub method: &'a str,
    /// The concrete request path (no query string).
    pub path: &'a str,
    /// The response status.
    pub status: u16,
    /// The response body (`null` for an empty body).
    pub body: &'a Value,
}

/// One schema violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractViolation {
    /// Where in the body (JSON pointer).
    pub instance_path: String,
    /// Where in the schema.
    pub schema_path: String,
    /// What is wrong, leading with the value.
    pub message: String,
}

/// The contract's answer about one response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// No contract covers this request (or the step asked for none).
    NoContract,
    /// The step named an operation id that no contract has.
    UnknownOperation,
    /// The operation's contract judged the response.
    Judged {
        /// The operation id.
        operation: String,
        /// Whether the vendor's documents list this status.
        documented_status: bool,
        /// Whether the contract has a schema for this status at all.
        status_in_contract: bool,
        /// Every schema violation (empty when the body conforms).
        violations: Vec<ContractViolation>,
    },
}

/// Something that judges responses against contracts.
pub trait ContractBook: Send + Sync + std::fmt::Debug {
    /// Judges one response.
    fn judge(&self, query: &ContractQuery<'_>) -> Judgement;

    /// Whether this book can judge any response (`false` for [`NoContracts`]): a run without
    /// contracts must not claim that its bodies conform.
    fn checks_anything(&self) -> bool {
        true
    }
}

/// No contracts at all: every response is [`Judgement::NoContract`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoContracts;

impl ContractBook for NoContracts {
    fn judge(&self, _query: &ContractQuery<'_>) -> Judgement {
        Judgement::NoContract
    }

    fn checks_anything(&self) -> bool {
        false
    }
}

/// Loads the contracts under `dir` (with `index.json`) for the runner.
///
/// # Errors
/// [`RunnerErrorKind::Contracts`], naming the folder and the missing or bad contract file.
pub fn load_contract_book(
    dir: &std::path::Path,
) -> Result<std::sync::Arc<dyn ContractBook>, RunnerError> {
    crate::contracts::Contracts::load(dir)
        .map(|c| std::sync::Arc::new(LoadedContracts(c)) as std::sync::Arc<dyn ContractBook>)
        .map_err(|source| {
            RunnerErrorKind::Contracts {
                dir: dir.to_owned(),
                source,
            }
            .into()
        })
}

/// The contracts library's [`crate::contracts::Contracts`] as a [`ContractBook`].
#[derive(Debug)]
pub(crate) struct LoadedContracts(pub crate::contracts::Contracts);

impl ContractBook for LoadedContracts {
    fn judge(&self, q: &ContractQuery<'_>) -> Judgement {
        use crate::contracts::{Provenance, ResponseVerdict};
        let operation = match q.operation {
            Some(id) => match self.0.get(q.vendor, id) {
                Some(op) => op,
                None => return Judgement::UnknownOperation,
            },
            None => match self.0.find(q.method, q.path) {
                Some(op) if op.vendor == q.vendor => op,
                _ => return Judgement::NoContract,
            },
        };
        let listed = operation
            .statuses()
            .find(|(status, _)| *status == q.status)
            .map(|(_, provenance)| provenance);
        // An operation the vendor documents drifts on every status its documents do not list;
        // an operation known only from the server's code has no documents to drift from.
        let documented_status = match operation.provenance() {
            Provenance::Documented => listed == Some(Provenance::Documented),
            Provenance::Observed | Provenance::Assumed => listed.is_some(),
        };
        let (status_in_contract, violations) = match operation.validate_response(q.status, q.body) {
            ResponseVerdict::Conforms => (true, Vec::new()),
            ResponseVerdict::Violations(found) => (
                true,
                found
                    .into_iter()
                    .map(|v| ContractViolation {
                        instance_path: v.instance_path,
                        schema_path: v.schema_path,
                        message: v.message,
                    })
                    .collect(),
            ),
            ResponseVerdict::UndocumentedStatus { .. } => (false, Vec::new()),
        };
        Judgement::Judged {
            operation: operation.id.clone(),
            documented_status,
            status_in_contract,
            violations,
        }
    }
}

/// Property names a violation message reports as not allowed (undocumented fields).
pub(crate) fn undocumented_fields(violation: &ContractViolation) -> Vec<String> {
    let message = &violation.message;
    if !message.contains("Additional properties are not allowed")
        && !message.contains("additional properties")
    {
        return Vec::new();
    }
    let re = regex::Regex::new(r"'([^']+)'").ok();
    re.map(|re| {
        re.captures_iter(message)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undocumented_fields_are_read_from_additional_property_messages() {
        let v = ContractViolation {
            instance_path: "/0".into(),
            schema_path: "/items/additionalProperties".into(),
            message: "Additional properties are not allowed ('provider', 'x' were unexpected)"
                .into(),
        };
        assert_eq!(undocumented_fields(&v), vec!["provider", "x"]);
    }
}
