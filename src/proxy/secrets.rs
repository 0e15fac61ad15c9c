//! The secrets the proxy must never show: those of the targets file, and every credential
//! that passes through it in an auth header (learned as it goes, so a token echoed in a body,
//! a query or a violation message is hidden too). Redaction itself is the mock's
//! [`Redactor`]: auth headers and credential keys hidden whole, then every known secret.

use std::sync::{Arc, Mutex};

use http::HeaderMap;

use super::Redactor;

/// Headers whose values are credentials (lower case).
const CREDENTIAL_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "api_access_token",
];

/// Shorter values are not learned: hiding "ab" everywhere would hide more than it protects.
const MIN_SECRET_LEN: usize = 4;

/// The known secrets and a redactor for them.
#[derive(Debug)]
pub(crate) struct SecretBook {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    secrets: Vec<String>,
    redactor: Arc<Redactor>,
}

impl SecretBook {
    /// A book starting with `secrets` (a targets file's credentials).
    pub(crate) fn new(secrets: Vec<String>) -> SecretBook {
        let book = SecretBook {
            state: Mutex::new(State {
                secrets: Vec::new(),
                redactor: Arc::new(Redactor::default()),
            }),
        };
        book.add(secrets);
        book
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Learns the credentials in `headers` (for `Authorization`, the value with and without
    /// its scheme).
    pub(crate) fn learn(&self, headers: &HeaderMap) {
        let mut found = Vec::new();
        for name in CREDENTIAL_HEADERS {
            for value in headers.get_all(name) {
                let text = String::from_utf8_lossy(value.as_bytes()).trim().to_owned();
                if let Some((_, token)) = text.split_once(' ') {
                    found.push(token.trim().to_owned());
                }
                found.push(text);
            }
        }
        if !found.is_empty() {
            self.add(found);
        }
    }

    /// Adds secrets; the redactor is rebuilt only when one is new.
    fn add(&self, secrets: Vec<String>) {
        let mut state = self.state();
        let before = state.secrets.len();
        for secret in secrets {
            if secret.len() >= MIN_SECRET_LEN && !state.secrets.contains(&secret) {
                state.secrets.push(secret);
            }
        }
        if state.secrets.len() != before {
            state.redactor = Arc::new(Redactor::new(state.secrets.clone()));
        }
    }

    /// The redactor for every secret known now.
    pub(crate) fn redactor(&self) -> Arc<Redactor> {
        Arc::clone(&self.state().redactor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn credentials_in_auth_headers_are_hidden_wherever_they_appear_later() {
        let book = SecretBook::new(vec!["from-targets-file".into(), "ab".into()]);
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            HeaderValue::from_static("Bearer cd-key-123"),
        );
        headers.insert("api_access_token", HeaderValue::from_static("cw-token-456"));
        headers.insert("x-user-id", HeaderValue::from_static("user-789"));
        book.learn(&headers);
        let redactor = book.redactor();
        assert_eq!(
            redactor.text("cd-key-123 cw-token-456 from-targets-file user-789 ab"),
            "[REDACTED] [REDACTED] [REDACTED] user-789 ab"
        );
    }
}
