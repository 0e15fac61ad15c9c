//! Every difference between Rocket.Chat's documents and its real server, in one place.
//!
//! The documents (vendor docs 001, 002 and 004) describe only the POST endpoint, and only its
//! 200, 401 and 403 answers:
//!
//! | Answer | `documented` profile | `observed` profile |
//! |---|---|---|
//! | POST 401 | `{"status":"error","message":…}` (docs' example) | the real body, which also has `success` and `error` |
//! | POST 403 | the docs' "Example 1" (equals the real body), labelled `documented` | same bytes, labelled `observed` |
//! | POST 200 | `{"success":true}` (doc 001's boolean, not doc 004's `"true"` string) | same bytes, labelled `observed` |
//! | POST upsert item without `username` | 400 `Match error: Missing key 'username' in field upsert[N]` (docs 001/002/004 mark it required; the message and place are the item check's, as the legacy ≤ 6.x server answered), labelled `documented`, nothing written | accepted (the 7.x+ item check has `username: Match.Maybe(String)`); generation B's ajv refuses it in both profiles |
//!
//! Remove items are documented only as `object`, so they need no `username` in either profile.
//!
//! Everything the documents are silent on (every 400, the two GET endpoints, their 401/403)
//! is the observed behaviour in both profiles, labelled `observed`. String booleans are never
//! sent.

use http::StatusCode;

use crate::exchange::{Operation, Response};
use crate::fidelity::{Fidelity, Provenance};

use super::bodies;
use super::routes::UPDATE_DEPARTMENT_AGENTS;

/// The fidelity this vendor runs in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    fidelity: Fidelity,
}

impl Profile {
    pub(crate) fn new(fidelity: Fidelity) -> Self {
        Self { fidelity }
    }

    /// Whether the documents describe `operation` and this profile follows them.
    fn documents(self, operation: Operation) -> bool {
        self.fidelity == Fidelity::Documented && operation == UPDATE_DEPARTMENT_AGENTS
    }

    /// Whether upsert items must carry `username` (the documents say so; the server does not).
    pub(crate) fn requires_upsert_username(self) -> bool {
        self.fidelity == Fidelity::Documented
    }

    /// 401: no, partial or wrong credentials.
    pub(crate) fn unauthorized(self, operation: Operation) -> Response {
        let (body, provenance) = if self.documents(operation) {
            (bodies::UNAUTHORIZED_DOCUMENTED, Provenance::Documented)
        } else {
            (bodies::UNAUTHORIZED_OBSERVED, Provenance::Observed)
        };
        bodies::middleware_fixed(operation, StatusCode::UNAUTHORIZED, body, provenance)
    }

    /// 403: authenticated without any of the operation's permissions.
    pub(crate) fn forbidden(self, operation: Operation) -> Response {
        bodies::middleware_fixed(
            operation,
            StatusCode::FORBIDDEN,
            bodies::FORBIDDEN,
            self.provenance(operation),
        )
    }

    /// 200 of the POST.
    pub(crate) fn success(self, operation: Operation) -> Response {
        bodies::action_fixed(
            operation,
            StatusCode::OK,
            bodies::SUCCESS,
            self.provenance(operation),
        )
    }

    /// `documented` where the documents give this answer, else `observed`.
    fn provenance(self, operation: Operation) -> Provenance {
        if self.documents(operation) {
            Provenance::Documented
        } else {
            Provenance::Observed
        }
    }
}
