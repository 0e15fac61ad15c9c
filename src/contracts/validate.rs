//! One operation's compiled contract and the verdicts it gives on requests and responses.

use jsonschema::Validator;
use rosterwire_mock::{Fidelity, Provenance};
use serde::Serialize;
use serde_json::Value;

use super::index::Origin;

/// The compiled contract of one operation.
#[derive(Debug)]
pub struct OperationContract {
    /// `chatdash`, `rocketchat` or `chatwoot`.
    pub vendor: String,
    /// The operation id, e.g. `update-team-members`.
    pub id: String,
    /// The HTTP method, upper-case.
    pub method: String,
    /// The full path template, e.g. `/api/v1/accounts/{account_id}/teams/{team_id}/team_members`.
    pub path: String,
    pub(crate) origin: Origin,
    pub(crate) provenance: Provenance,
    pub(crate) auth: Value,
    pub(crate) request: Option<Validator>,
    pub(crate) statuses: Vec<StatusContract>,
}

/// One status of an operation, compiled.
#[derive(Debug)]
pub(crate) struct StatusContract {
    pub(crate) status: u16,
    pub(crate) provenance: Provenance,
    /// The mock's fidelity profiles that send this status; `None`: every profile.
    pub(crate) profiles: Option<Vec<Fidelity>>,
    /// `None`: the body is empty.
    pub(crate) validator: Option<Validator>,
}

/// What a response is, measured against its operation's contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseVerdict {
    /// The status is known and the body matches its schema.
    Conforms,
    /// The status is known but the body breaks its schema: every violation.
    Violations(Vec<Violation>),
    /// No contract lists this status for the operation.
    UndocumentedStatus {
        /// The status received.
        status: u16,
    },
}

/// One way a JSON body breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// A JSON pointer into the body (`""` is the whole body).
    pub instance_path: String,
    /// A JSON pointer into the contract schema, ending at the failing keyword.
    pub schema_path: String,
    /// One line, leading with the value, e.g. `"x" is not of type "integer"`.
    pub message: String,
}

impl OperationContract {
    /// Every status the contract lists, ascending, with where it comes from.
    pub fn statuses(&self) -> impl Iterator<Item = (u16, Provenance)> + '_ {
        self.statuses.iter().map(|s| (s.status, s.provenance))
    }

    /// Whether the contract lists `status` for the fidelity `profile`: listed, and either for
    /// every profile or for this one (index `profiles`; e.g. Chatwoot's 403 for a
    /// non-administrator is sent only by the documented profile, the real server answers 401).
    pub fn expects(&self, status: u16, profile: Fidelity) -> bool {
        self.statuses.iter().any(|s| {
            s.status == status
                && s.profiles
                    .as_ref()
                    .is_none_or(|profiles| profiles.contains(&profile))
        })
    }

    /// Whether the operation comes from a vendor document or from the behaviour references.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The provenance of the operation itself.
    pub fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// The auth scheme: `{scheme, in, names, declared_as?}`.
    pub fn auth(&self) -> &Value {
        &self.auth
    }

    /// Every way `body` breaks the request schema. An operation without a request body
    /// accepts only `null` (no body).
    pub fn validate_request(&self, body: &Value) -> Vec<Violation> {
        match &self.request {
            Some(validator) => violations(validator, body),
            None if body.is_null() => Vec::new(),
            None => vec![empty_body_violation("this operation takes no request body")],
        }
    }

    /// Checks a response: an unknown status, or every violation of its body schema.
    /// Pass `Value::Null` for an empty body.
    pub fn validate_response(&self, status: u16, body: &Value) -> ResponseVerdict {
        let Some(contract) = self.statuses.iter().find(|s| s.status == status) else {
            return ResponseVerdict::UndocumentedStatus { status };
        };
        let found = match &contract.validator {
            Some(validator) => violations(validator, body),
            None if body.is_null() || body.as_str() == Some("") => Vec::new(),
            None => vec![empty_body_violation("expected an empty body")],
        };
        if found.is_empty() {
            ResponseVerdict::Conforms
        } else {
            ResponseVerdict::Violations(found)
        }
    }
}

fn violations(validator: &Validator, body: &Value) -> Vec<Violation> {
    validator
        .iter_errors(body)
        .map(|error| Violation {
            instance_path: error.instance_path().as_str().to_owned(),
            schema_path: error.schema_path().as_str().to_owned(),
            message: one_line(&error.to_string()),
        })
        .collect()
}

fn empty_body_violation(message: &str) -> Violation {
    Violation {
        instance_path: String::new(),
        schema_path: String::new(),
        message: message.to_owned(),
    }
}

/// Collapses whitespace runs (pretty-printed values in messages) into single spaces.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::contracts::Contracts;
    use serde_json::json;
    use std::path::Path;

    fn contracts() -> Contracts {
        Contracts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts")).unwrap()
    }

    #[test]
    fn a_real_rocket_chat_success_conforms() {
        let contracts = contracts();
        let post = contracts
            .get("rocketchat", "update-department-agents")
            .unwrap();
        assert_eq!(
            post.validate_response(200, &json!({"success": true})),
            ResponseVerdict::Conforms
        );
    }

    #[test]
    fn a_string_boolean_success_is_a_violation_with_both_pointers() {
        let contracts = contracts();
        let post = contracts
            .get("rocketchat", "update-department-agents")
            .unwrap();
        let verdict = post.validate_response(200, &json!({"success": "true"}));
        assert_eq!(
            verdict,
            ResponseVerdict::Violations(vec![Violation {
                instance_path: "/success".to_owned(),
                schema_path: "/properties/success/type".to_owned(),
                message: "\"true\" is not of type \"boolean\"".to_owned(),
            }])
        );
    }

    #[test]
    fn every_violation_is_returned_not_only_the_first() {
        let contracts = contracts();
        let team = contracts.get("chatwoot", "get-team").unwrap();
        let body = json!({"id": "1", "name": 5, "extra": true});
        let ResponseVerdict::Violations(found) = team.validate_response(200, &body) else {
            panic!("expected violations");
        };
        let paths: Vec<(&str, &str)> = found
            .iter()
            .map(|v| (v.instance_path.as_str(), v.schema_path.as_str()))
            .collect();
        assert!(
            paths.contains(&("/id", "/properties/id/type")),
            "{found:#?}"
        );
        assert!(
            paths.contains(&("/name", "/properties/name/type")),
            "{found:#?}"
        );
        assert!(paths.contains(&("", "/required")), "{found:#?}");
        assert!(paths.contains(&("", "/additionalProperties")), "{found:#?}");
    }

    #[test]
    fn a_status_no_contract_lists_is_undocumented() {
        let contracts = contracts();
        let patch = contracts.get("chatwoot", "update-team-members").unwrap();
        assert_eq!(
            patch.validate_response(418, &json!({})),
            ResponseVerdict::UndocumentedStatus { status: 418 }
        );
    }

    #[test]
    fn statuses_list_their_provenance() {
        let contracts = contracts();
        let post = contracts
            .get("rocketchat", "update-department-agents")
            .unwrap();
        let statuses: Vec<(u16, Provenance)> = post.statuses().collect();
        assert_eq!(
            statuses,
            vec![
                (200, Provenance::Documented),
                (400, Provenance::Observed),
                (401, Provenance::Documented),
                (403, Provenance::Documented),
                (413, Provenance::Assumed),
            ]
        );
    }

    #[test]
    fn a_status_of_one_profile_is_expected_only_in_that_profile() {
        let contracts = contracts();
        let patch = contracts.get("chatwoot", "update-team-members").unwrap();
        assert!(patch.expects(403, Fidelity::Documented));
        assert!(!patch.expects(403, Fidelity::Observed));
        assert!(patch.expects(401, Fidelity::Documented));
        assert!(patch.expects(401, Fidelity::Observed));
        assert!(!patch.expects(418, Fidelity::Documented));
    }

    #[test]
    fn an_empty_body_status_accepts_only_no_body() {
        let contracts = contracts();
        let delete = contracts.get("chatwoot", "remove-team-members").unwrap();
        assert_eq!(
            delete.validate_response(200, &Value::Null),
            ResponseVerdict::Conforms
        );
        assert!(matches!(
            delete.validate_response(200, &json!([])),
            ResponseVerdict::Violations(_)
        ));
    }

    #[test]
    fn a_request_missing_a_required_key_is_a_violation() {
        let contracts = contracts();
        let assign = contracts.get("chatdash", "assign-agents").unwrap();
        let found = assign.validate_request(&json!({"agentIds": []}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].schema_path, "/required");
        assert!(
            assign
                .validate_request(&json!({"agentIds": ["a"], "clientId": "c"}))
                .is_empty()
        );
    }

    #[test]
    fn doc_002_count_must_be_an_integer() {
        let contracts = contracts();
        let post = contracts
            .get("rocketchat", "update-department-agents")
            .unwrap();
        let body =
            json!({"upsert": [{"agentId": "a", "username": "kim", "count": 1.5}], "remove": []});
        let found = post.validate_request(&body);
        assert_eq!(found[0].instance_path, "/upsert/0/count");
    }
}
