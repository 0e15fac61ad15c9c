//! What a client sees when the upstream cannot answer: the answer of a gateway, `502 Bad
//! Gateway` or `504 Gateway Timeout`, with a short JSON body (rosterwire's admin error shape)
//! naming the failure. The same code names it in the journal entry's `fault`.

use http::StatusCode;
use serde_json::json;

/// Why the upstream gave no response head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UpstreamFailure {
    /// The kind, also the journal's `fault`.
    pub(crate) kind: FailureKind,
    /// One line: what failed, the upstream URL's origin and the cause.
    pub(crate) message: String,
}

/// The kinds of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// The connection was refused (nothing listens there).
    Refused,
    /// No connection: DNS, TLS, an unreachable network.
    Unreachable,
    /// The connection was reset or closed before the response head.
    Reset,
    /// No response head within `--timeout`.
    Timeout,
    /// No upstream is configured for this request's vendor.
    NoUpstream,
}

impl FailureKind {
    /// The code in the body and in the journal's `fault`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            FailureKind::Refused => "upstream-refused",
            FailureKind::Unreachable => "upstream-unreachable",
            FailureKind::Reset => "upstream-reset",
            FailureKind::Timeout => "upstream-timeout",
            FailureKind::NoUpstream => "no-upstream",
        }
    }

    /// The status a gateway answers with.
    pub(crate) fn status(self) -> StatusCode {
        match self {
            FailureKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        }
    }
}

impl UpstreamFailure {
    /// Names a reqwest error that came before the response head.
    pub(crate) fn from_reqwest(error: &reqwest::Error, origin: &str) -> UpstreamFailure {
        let chain = super::tee::error_chain(error);
        let lower = chain.to_ascii_lowercase();
        let kind = if error.is_timeout() {
            FailureKind::Timeout
        } else if lower.contains("refused") {
            FailureKind::Refused
        } else if error.is_connect() {
            FailureKind::Unreachable
        } else {
            FailureKind::Reset
        };
        UpstreamFailure::new(kind, origin, &chain)
    }

    /// A failure of `kind` at the upstream `origin`, with its cause.
    pub(crate) fn new(kind: FailureKind, origin: &str, cause: &str) -> UpstreamFailure {
        let what = match kind {
            FailureKind::Refused => "refused the connection",
            FailureKind::Unreachable => "cannot be reached",
            FailureKind::Reset => "closed the connection before answering",
            FailureKind::Timeout => "sent no response in time",
            FailureKind::NoUpstream => "is not configured",
        };
        UpstreamFailure {
            kind,
            message: format!("rosterwire proxy: the upstream {origin} {what} ({cause})"),
        }
    }

    /// The gateway's body: `{"error": {"code", "message"}}`.
    pub(crate) fn body(&self) -> Vec<u8> {
        let body = json!({"error": {"code": self.kind.code(), "message": self.message}});
        serde_json::to_vec(&body).unwrap_or_default()
    }
}

/// The scheme, host and port of `url` (what a message may show of an upstream).
pub(crate) fn origin_of(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_owned(), |u| u.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_is_a_504_and_the_rest_502() {
        assert_eq!(FailureKind::Timeout.status(), StatusCode::GATEWAY_TIMEOUT);
        for kind in [
            FailureKind::Refused,
            FailureKind::Reset,
            FailureKind::Unreachable,
        ] {
            assert_eq!(kind.status(), StatusCode::BAD_GATEWAY);
        }
    }

    #[test]
    fn the_body_names_the_failure() {
        let failure =
            UpstreamFailure::new(FailureKind::Refused, "http://127.0.0.1:9", "os error 111");
        let body: serde_json::Value = serde_json::from_slice(&failure.body()).unwrap_or_default();
        assert_eq!(body["error"]["code"], "upstream-refused");
        assert_eq!(
            body["error"]["message"],
            "rosterwire proxy: the upstream http://127.0.0.1:9 refused the connection (os error 111)"
        );
    }

    #[test]
    fn only_the_origin_of_an_upstream_is_shown() {
        assert_eq!(
            origin_of("https://h.example:8443/api/v1/x?token=1"),
            "https://h.example:8443"
        );
    }
}
