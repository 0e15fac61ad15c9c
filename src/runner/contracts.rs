//! The one adapter between the runner and the contracts library (`crate::contracts`).
//!
//! The runner only sees [`ContractBook`]: "judge this response of this operation". Keeping the
//! contracts API behind this file means a change there touches nothing else here.

use serde_json::Value;

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
}

/// No contracts at all: every response is [`Judgement::NoContract`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoContracts;

impl ContractBook for NoContracts {
    fn judge(&self, _query: &ContractQuery<'_>) -> Judgement {
        Judgement::NoContract
    }
}

/// Loads the contracts under `dir` for the runner.
///
/// Until the contracts library lands, a folder without `index.json` gives [`NoContracts`]
/// (responses are then judged by the scenarios' own assertions only).
///
/// # Errors
/// A message naming the bad contract file.
pub fn load_contract_book(
    dir: &std::path::Path,
) -> Result<std::sync::Arc<dyn ContractBook>, String> {
    if !dir.join("index.json").is_file() {
        return Ok(std::sync::Arc::new(NoContracts));
    }
    Err(format!(
        "{}: this build of rosterwire cannot read contracts yet",
        dir.display()
    ))
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
