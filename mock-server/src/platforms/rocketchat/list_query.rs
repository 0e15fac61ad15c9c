//! The ajv check of a list endpoint's query string (`validateParams.GET`), shared by
//! `GET …/department` and `GET …/users/agent`. Both routes declare `validateParams` in every
//! known version, so this check runs in both validation generations.
//!
//! ajv (`coerceTypes: true`, first error only) checks `additionalProperties: false` before the
//! properties, then each property in schema order. Query values are strings; a `number`
//! property takes what ajv can coerce, a `boolean` only `true`/`false`.

use super::ajv_check::{AjvError, coercible_to_number};

/// The type a query property must have.
#[derive(Debug, Clone, Copy)]
pub(crate) enum QueryType {
    /// Any string.
    String,
    /// A string ajv coerces to a number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of `true`/`false` as a string (`enum`).
    TrueOrFalse,
}

/// Validates `pairs` against a schema given as (property, type) in schema order.
pub(crate) fn validate(
    pairs: &[(String, String)],
    schema: &[(&str, QueryType)],
) -> Result<(), AjvError> {
    if pairs
        .iter()
        .any(|(key, _)| !schema.iter().any(|(name, _)| name == key))
    {
        return Err("must NOT have additional properties".to_owned());
    }
    for (name, ty) in schema {
        let Some((_, value)) = pairs.iter().find(|(key, _)| key == name) else {
            continue;
        };
        let ok = match ty {
            QueryType::String => true,
            // `nullable`: ajv coerces an empty string to `null`.
            QueryType::Number => value.is_empty() || coercible_to_number(value).is_some(),
            QueryType::Boolean => matches!(value.as_str(), "true" | "false" | ""),
            QueryType::TrueOrFalse => matches!(value.as_str(), "true" | "false"),
        };
        if !ok {
            return Err(match ty {
                QueryType::Number => "must be number",
                QueryType::Boolean => "must be boolean",
                QueryType::TrueOrFalse => "must be equal to one of the allowed values",
                QueryType::String => "must be string",
            }
            .to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    const SCHEMA: &[(&str, QueryType)] = &[
        ("text", QueryType::String),
        ("only", QueryType::TrueOrFalse),
        ("flag", QueryType::Boolean),
        ("count", QueryType::Number),
    ];

    #[rstest]
    #[case::empty("", Ok(()))]
    #[case::unknown_key("foo=1", Err("must NOT have additional properties"))]
    #[case::unknown_key_first("count=x&foo=1", Err("must NOT have additional properties"))]
    #[case::bad_number("count=abc", Err("must be number"))]
    #[case::bad_enum("only=yes", Err("must be equal to one of the allowed values"))]
    #[case::bad_boolean("flag=1", Err("must be boolean"))]
    #[case::schema_order("count=x&only=yes", Err("must be equal to one of the allowed values"))]
    #[case::fine("text=a&only=true&flag=false&count=5", Ok(()))]
    fn query_checks_follow_ajv(#[case] query: &str, #[case] expected: Result<(), &str>) {
        let pairs = super::super::query::parse_pairs(Some(query));
        assert_eq!(validate(&pairs, SCHEMA), expected.map_err(str::to_owned));
    }
}
