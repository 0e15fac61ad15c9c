//! `${name}` variables: the target's values, `${env.NAME}` from the environment, and captures.
//!
//! A JSON string that is exactly one `${name}` takes the variable's JSON type (a captured
//! number stays a number); inside longer strings variables are spliced as text. `$${` is a
//! literal `${`.

use std::collections::BTreeMap;

use serde_json::Value;

/// A variable that cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarError {
    /// The name inside `${…}`.
    pub name: String,
}

impl std::fmt::Display for VarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name.strip_prefix("env.") {
            Some(env) => write!(f, "the environment variable `{env}` is not set"),
            None => write!(f, "unknown variable `${{{}}}`", self.name),
        }
    }
}

/// The variables a scenario sees.
#[derive(Debug, Clone, Default)]
pub struct Variables {
    values: BTreeMap<String, Value>,
}

impl Variables {
    /// Variables from the target's values.
    pub fn new(values: BTreeMap<String, Value>) -> Variables {
        Variables { values }
    }

    /// Sets (or replaces) a variable, e.g. a capture.
    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_owned(), value);
    }

    /// The value of `name` (`env.X` reads the environment).
    ///
    /// # Errors
    /// When nothing has that name.
    pub fn get(&self, name: &str) -> Result<Value, VarError> {
        if let Some(env) = name.strip_prefix("env.") {
            return std::env::var(env).map(Value::String).map_err(|_| VarError {
                name: name.to_owned(),
            });
        }
        self.values.get(name).cloned().ok_or_else(|| VarError {
            name: name.to_owned(),
        })
    }

    /// `text` with every `${name}` replaced by the variable's text.
    ///
    /// # Errors
    /// The first unknown variable.
    pub fn interpolate(&self, text: &str) -> Result<String, VarError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('$') {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            if let Some(tail) = after.strip_prefix("$${") {
                out.push_str("${");
                rest = tail;
            } else if let Some(tail) = after.strip_prefix("${") {
                let Some(end) = tail.find('}') else {
                    out.push_str(after);
                    return Ok(out);
                };
                out.push_str(&as_text(&self.get(tail[..end].trim())?));
                rest = &tail[end + 1..];
            } else {
                out.push('$');
                rest = &after[1..];
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A JSON value with variables resolved in every string (keys included).
    ///
    /// # Errors
    /// The first unknown variable.
    pub fn resolve_json(&self, value: &Value) -> Result<Value, VarError> {
        Ok(match value {
            Value::String(s) => match whole_variable(s) {
                Some(name) => self.get(name)?,
                None => Value::String(self.interpolate(s)?),
            },
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.resolve_json(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let mut out = serde_json::Map::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(self.interpolate(k)?, self.resolve_json(v)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }

    /// Replaces, in every string of `value`, a string that is exactly some variable's string
    /// value by `${name}`, so that a snapshot reads the same on every target (the ids differ,
    /// the names do not). Values shorter than [`NAMED_VALUE_MIN_LEN`] are left alone: a short
    /// string (`en`, `1`) is as likely to be data as an id. Names are tried in order, so of two
    /// variables with the same value the first name wins.
    pub fn name_values(&self, value: &mut Value) {
        match value {
            Value::String(s) if s.len() >= NAMED_VALUE_MIN_LEN => {
                let named = self
                    .values
                    .iter()
                    .find(|(_, v)| v.as_str() == Some(s.as_str()))
                    .map(|(name, _)| format!("${{{name}}}"));
                if let Some(named) = named {
                    *s = named;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.name_values(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.name_values(v)),
            _ => {}
        }
    }
}

/// The shortest string [`Variables::name_values`] replaces by its variable's name.
pub(crate) const NAMED_VALUE_MIN_LEN: usize = 8;

/// The names of the `${variables}` in `text`, in order (`$${` is a literal and names none).
pub(crate) fn names_in_text(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        let after = &rest[start..];
        if let Some(tail) = after.strip_prefix("$${") {
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("${") {
            let Some(end) = tail.find('}') else { break };
            names.push(tail[..end].trim().to_owned());
            rest = &tail[end + 1..];
        } else {
            rest = &after[1..];
        }
    }
    names
}

/// The names of the `${variables}` in every string of `value` (object keys included).
pub(crate) fn names_in_json(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => names_in_text(s),
        Value::Array(items) => items.iter().flat_map(names_in_json).collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| names_in_text(k).into_iter().chain(names_in_json(v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The text form of a variable: strings bare, everything else as JSON.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `name` when `s` is exactly `${name}`.
fn whole_variable(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    (!inner.contains('}') && !inner.contains("${")).then(|| inner.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Variables {
        let mut v = Variables::new(BTreeMap::from([
            ("team_id".to_owned(), json!(1)),
            ("token".to_owned(), json!("abc")),
        ]));
        v.set("member", json!(5));
        v
    }

    #[test]
    fn long_string_values_of_variables_are_named_and_nothing_else() {
        let v = Variables::new(BTreeMap::from([
            ("ana_id".to_owned(), json!("6529401b024dde05d3f1cd87")),
            ("also_ana".to_owned(), json!("6529401b024dde05d3f1cd87")),
            ("lang".to_owned(), json!("en")),
            ("team_id".to_owned(), json!(12_345_678)),
        ]));
        let mut body = json!({
            "agents": [{"agentId": "6529401b024dde05d3f1cd87", "lang": "en", "n": 12_345_678}],
            "note": "6529401b024dde05d3f1cd87 is ana"
        });
        v.name_values(&mut body);
        assert_eq!(
            body,
            json!({
                "agents": [{"agentId": "${also_ana}", "lang": "en", "n": 12_345_678}],
                "note": "6529401b024dde05d3f1cd87 is ana"
            })
        );
    }

    #[test]
    fn variables_are_spliced_into_text() {
        assert_eq!(
            vars()
                .interpolate("/teams/${team_id}/x?t=${token}&p=$${lit}")
                .unwrap(),
            "/teams/1/x?t=abc&p=${lit}"
        );
    }

    #[test]
    fn a_whole_string_variable_keeps_its_json_type() {
        let body = json!({"user_ids": ["${member}", "${team_id}"], "note": "id ${member}"});
        assert_eq!(
            vars().resolve_json(&body).unwrap(),
            json!({"user_ids": [5, 1], "note": "id 5"})
        );
    }

    #[test]
    fn names_are_found_in_text_and_json_but_not_in_literals() {
        assert_eq!(
            names_in_text("/a/${ team_id }/b/$${lit}/${x}${y}"),
            ["team_id", "x", "y"]
        );
        let body = json!({"${k}": ["${a}", {"n": "id ${b}"}, 5]});
        assert_eq!(names_in_json(&body), ["k", "a", "b"]);
    }

    #[test]
    fn an_unknown_variable_is_named_in_the_error() {
        let error = vars().interpolate("${nope}").unwrap_err();
        assert_eq!(error.to_string(), "unknown variable `${nope}`");
    }

    #[test]
    fn an_unset_environment_variable_is_an_error() {
        let error = vars()
            .interpolate("${env.ROSTERWIRE_SURELY_UNSET_1}")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the environment variable `ROSTERWIRE_SURELY_UNSET_1` is not set"
        );
    }
}
