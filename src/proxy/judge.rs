//! The contracts' verdict on one response, in both fidelity profiles at once.
//!
//! The operation is found from the request's method and path with the contracts' own path
//! templates ([`Contracts::find`]); the body is validated with the runner's validation code
//! ([`OperationContract::validate_response`]). A profile expects a status when the contract
//! lists it for that profile ([`OperationContract::expects`]). The schema of a status is the
//! same in both profiles, but a violation the overlays record as what the real server does
//! (`known.rs`) is drift in the documented profile only.

use serde_json::Value;

use super::known::KnownDepartures;
use super::{Fidelity, Provenance, VendorName};
use crate::contracts::{Contracts, OperationContract, ResponseVerdict, Violation};

/// The two profiles, in report order.
pub(crate) const PROFILES: [Fidelity; 2] = [Fidelity::Documented, Fidelity::Observed];

/// The contracts, loaded once.
#[derive(Debug)]
pub(crate) struct Judge {
    contracts: Contracts,
    known: KnownDepartures,
}

/// One violation, and the source saying the real server does this, if one does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Judged {
    pub(crate) violation: Violation,
    pub(crate) known: Option<String>,
}

/// The verdict on one response of a known operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// The operation id.
    pub(crate) operation: String,
    /// The status the upstream answered.
    pub(crate) status: u16,
    /// The provenance of the status in the contract; `None`: the contract lists no such status.
    pub(crate) provenance: Option<Provenance>,
    /// Whether the documented, then the observed profile expects the status.
    pub(crate) expected: [bool; 2],
    /// Every way the body breaks the status's schema.
    pub(crate) violations: Vec<Judged>,
    /// Whether the body was validated (`false`: not whole, or over the validation cap).
    pub(crate) validated: bool,
}

impl Judge {
    /// A judge over `contracts`, knowing the real servers' recorded departures.
    pub(crate) fn new(contracts: Contracts, known: KnownDepartures) -> Judge {
        Judge { contracts, known }
    }

    /// The operation of a request to `vendor`, if a contract covers it.
    pub(crate) fn operation(
        &self,
        vendor: Option<VendorName>,
        method: &str,
        path: &str,
    ) -> Option<&OperationContract> {
        let vendor = vendor?;
        self.contracts
            .find(method, path)
            .filter(|op| op.vendor == vendor.as_str())
    }

    /// Judges a response of `operation`; `body` is `None` when it cannot be validated.
    pub(crate) fn judge(
        &self,
        operation: &OperationContract,
        status: u16,
        body: Option<&[u8]>,
    ) -> Verdict {
        let provenance = operation
            .statuses()
            .find(|(s, _)| *s == status)
            .map(|(_, p)| p);
        let expected = PROFILES.map(|profile| operation.expects(status, profile));
        let violations = match (provenance, body) {
            (Some(_), Some(bytes)) => {
                let (value, found) = validate(operation, status, bytes);
                found
                    .into_iter()
                    .map(|violation| Judged {
                        known: self
                            .known
                            .explain(&operation.vendor, &operation.id, status, &violation, &value)
                            .map(str::to_owned),
                        violation,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Verdict {
            operation: operation.id.clone(),
            status,
            provenance,
            expected,
            violations,
            validated: body.is_some(),
        }
    }
}

/// The body as JSON and its schema violations: empty → no body, JSON → validated, anything
/// else → one violation at the root.
fn validate(operation: &OperationContract, status: u16, bytes: &[u8]) -> (Value, Vec<Violation>) {
    let value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => value,
            Err(error) => {
                let not_json = Violation {
                    instance_path: String::new(),
                    schema_path: String::new(),
                    message: format!("the body is not JSON ({error})"),
                };
                return (Value::Null, vec![not_json]);
            }
        }
    };
    let found = match operation.validate_response(status, &value) {
        ResponseVerdict::Violations(found) => found,
        ResponseVerdict::Conforms | ResponseVerdict::UndocumentedStatus { .. } => Vec::new(),
    };
    (value, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge() -> Judge {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts");
        Judge::new(
            Contracts::load(&dir).unwrap(),
            KnownDepartures::load(&dir).unwrap(),
        )
    }

    #[test]
    fn a_403_of_chatwoot_is_expected_only_by_the_documented_profile() {
        let judge = judge();
        let op = judge
            .operation(
                Some(VendorName::Chatwoot),
                "PATCH",
                "/api/v1/accounts/1/teams/2/team_members",
            )
            .unwrap();
        let verdict = judge.judge(op, 403, Some(b"{}"));
        assert_eq!(verdict.operation, "update-team-members");
        assert_eq!(verdict.expected, [true, false]);
        assert!(verdict.violations.is_empty());
    }

    #[test]
    fn a_wrong_type_is_a_violation_with_its_pointer() {
        let judge = judge();
        let op = judge
            .operation(
                Some(VendorName::RocketChat),
                "POST",
                "/api/v1/livechat/department/x/agents",
            )
            .unwrap();
        let verdict = judge.judge(op, 200, Some(br#"{"success":"true"}"#));
        assert_eq!(verdict.expected, [true, true]);
        assert_eq!(verdict.violations[0].violation.instance_path, "/success");
        assert_eq!(verdict.violations[0].known, None);
    }

    #[test]
    fn a_body_that_is_not_json_is_one_violation_and_an_unlisted_status_none() {
        let judge = judge();
        let op = judge
            .operation(Some(VendorName::ChatDash), "GET", "/v1/public/agents")
            .unwrap();
        assert_eq!(judge.judge(op, 200, Some(b"<html>")).violations.len(), 1);
        let unlisted = judge.judge(op, 418, Some(b"<html>"));
        assert_eq!(
            (unlisted.provenance, unlisted.expected),
            (None, [false, false])
        );
        assert!(unlisted.violations.is_empty());
    }

    #[test]
    fn a_path_of_another_vendor_has_no_operation() {
        let judge = judge();
        assert!(
            judge
                .operation(Some(VendorName::Chatwoot), "GET", "/v1/public/agents")
                .is_none()
        );
        assert!(judge.operation(None, "GET", "/v1/public/agents").is_none());
    }
}
