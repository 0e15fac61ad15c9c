//! Keeping secrets out of every output: target credentials and the strings under credential
//! keys of responses (`apiKey`, `platformCredentials`, tokens; the list is the mock's,
//! `mock-server/src/redact.rs`) are replaced by `[REDACTED]` wherever text leaves the runner
//! (messages, values, diffs, paths, snapshots, reports). The redactor is the mock's
//! [`Redactor`], which learns the secrets as the run goes.

use rosterwire_mock::Redactor;
use serde_json::Value;

/// A redactor for these target secrets (ones shorter than 4 characters are ignored).
pub(crate) fn redactor_for(secrets: impl IntoIterator<Item = String>) -> Redactor {
    let mut redactor = Redactor::default();
    for secret in secrets {
        redactor.add(&secret);
    }
    redactor
}

/// `value` with every secret masked inside its strings (keys included); its shape is kept,
/// so a snapshot shows which fields a body has even where their values are secret.
pub(crate) fn mask_strings(redactor: &Redactor, value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(redactor.text(s)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| mask_strings(redactor, v)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (redactor.text(k), mask_strings(redactor, v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn target_secrets_and_secret_fields_are_masked_everywhere() {
        let mut r = redactor_for(["rc-admin-token-9f2c1e7b4d".to_owned()]);
        r.learn_from(
            &json!([{"apiKey": "sk-live-123456", "platformCredentials": {"botId": "b-98765"}}]),
        );
        assert_eq!(
            r.text("token rc-admin-token-9f2c1e7b4d, key sk-live-123456, bot b-98765"),
            "token [REDACTED], key [REDACTED], bot [REDACTED]"
        );
        assert_eq!(
            mask_strings(
                &r,
                &json!({"k": "sk-live-123456", "c": {"botId": "b-98765"}})
            ),
            json!({"k": "[REDACTED]", "c": {"botId": "[REDACTED]"}})
        );
    }
}
