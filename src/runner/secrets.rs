//! Keeping secrets out of every output: target credentials and secret-looking response fields
//! (`apiKey`, `platformCredentials`, tokens) are replaced by `[secret]` wherever text leaves
//! the runner (messages, values, diffs, paths, snapshots, reports).

use serde_json::Value;

/// The replacement text.
pub const MASK: &str = "[secret]";

/// Response keys whose string values are secrets wherever they appear.
const SECRET_KEYS: &[&str] = &[
    "apikey",
    "api_key",
    "platformcredentials",
    "access_token",
    "api_access_token",
    "authtoken",
    "token",
    "password",
    "secret",
];

/// A set of secret strings to mask; the masking itself is the mock's redactor
/// ([`rosterwire_mock::Redactor`]), given `[secret]` as its mask.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
    matcher: rosterwire_mock::Redactor,
}

impl Redactor {
    /// A redactor for `secrets` (empty strings and very short ones are ignored: masking "a"
    /// everywhere would hide more than it protects).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Redactor {
        let mut r = Redactor::default();
        for s in secrets {
            r.add(s);
        }
        r
    }

    /// Adds one secret.
    pub fn add(&mut self, secret: String) {
        if secret.len() >= 4 && !self.secrets.contains(&secret) {
            self.secrets.push(secret);
            self.matcher = rosterwire_mock::Redactor::with_mask(self.secrets.clone(), MASK);
        }
    }

    /// Adds every string under a secret-looking key of `body`.
    pub fn learn_from(&mut self, body: &Value) {
        match body {
            Value::Object(map) => {
                for (k, v) in map {
                    if SECRET_KEYS.contains(&k.to_ascii_lowercase().as_str()) {
                        self.add_leaves(v);
                    } else {
                        self.learn_from(v);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.learn_from(v)),
            _ => {}
        }
    }

    fn add_leaves(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.add(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| self.add_leaves(v)),
            Value::Object(map) => map.values().for_each(|v| self.add_leaves(v)),
            _ => {}
        }
    }

    /// `text` with every secret masked (a secret containing another is masked whole).
    pub fn text(&self, text: &str) -> String {
        self.matcher.text(text)
    }

    /// `value` with every secret masked inside its strings (keys included).
    pub fn json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.text(k), self.json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn target_secrets_and_secret_fields_are_masked_everywhere() {
        let mut r = Redactor::new(["rc-admin-token-9f2c1e7b4d".to_owned()]);
        r.learn_from(
            &json!([{"apiKey": "sk-live-123456", "platformCredentials": {"botId": "b-98765"}}]),
        );
        assert_eq!(
            r.text("token rc-admin-token-9f2c1e7b4d, key sk-live-123456, bot b-98765"),
            "token [secret], key [secret], bot [secret]"
        );
        assert_eq!(
            r.json(&json!({"k": "sk-live-123456"})),
            json!({"k": "[secret]"})
        );
    }
}
