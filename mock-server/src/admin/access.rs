//! Who may use the admin API: on or off, loopback clients only (by default), and an
//! optional bearer token.

use std::net::SocketAddr;

use http::HeaderMap;
use http::StatusCode;
use http::header::AUTHORIZATION;

use super::reply::{Reply, error};

/// Access to the HTTP admin API under `/__admin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminConfig {
    /// Whether `/__admin` is served at all (off: those paths reach the vendors' 404).
    pub enabled: bool,
    /// When set, every admin request needs `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Whether clients other than loopback may use it (default: no).
    pub allow_remote: bool,
}

impl Default for AdminConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            token: None,
            allow_remote: false,
        }
    }
}

impl AdminConfig {
    /// The admin API turned off.
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }

    /// Loopback clients with this bearer token.
    pub fn with_token(token: impl Into<String>) -> Self {
        Self {
            token: Some(token.into()),
            ..Self::default()
        }
    }

    /// Refuses a client that may not use the admin API.
    pub(crate) fn check(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<(), Box<Reply>> {
        if !self.allow_remote && !peer.ip().to_canonical().is_loopback() {
            return Err(Box::new(error(
                StatusCode::FORBIDDEN,
                "forbidden",
                "the admin API only answers loopback clients",
                None,
            )));
        }
        if let Some(token) = &self.token {
            let given = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            if given != Some(token.as_str()) {
                return Err(Box::new(error(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "the admin API needs `Authorization: Bearer <admin token>`",
                    None,
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn peer(ip: &str) -> SocketAddr {
        format!("{ip}:5000").parse().unwrap()
    }

    #[test]
    fn a_remote_client_is_forbidden_by_default() {
        let refused = AdminConfig::default()
            .check(peer("10.0.0.7"), &HeaderMap::new())
            .unwrap_err();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_mapped_ipv4_loopback_counts_as_loopback() {
        let peer: SocketAddr = "[::ffff:127.0.0.1]:5000".parse().unwrap();
        assert!(
            AdminConfig::default()
                .check(peer, &HeaderMap::new())
                .is_ok()
        );
    }

    #[test]
    fn the_token_is_required_when_set() {
        let config = AdminConfig::with_token("s3cret");
        let mut headers = HeaderMap::new();
        let refused = config.check(peer("127.0.0.1"), &headers).unwrap_err();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        assert!(config.check(peer("127.0.0.1"), &headers).is_ok());
    }
}
