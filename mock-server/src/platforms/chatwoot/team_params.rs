//! `team_params` of `TeamsController` (chatwoot/chatwoot
//! `app/controllers/api/v1/accounts/teams_controller.rb` @c4baf58ae026:
//! `params.require(:team).permit(:name, :description, :allow_auto_assign)`), with the steps
//! Rails takes to get there:
//!
//! 1. `wrap_parameters` (Rails `ActionController::ParamsWrapper`, on for JSON in a default
//!    Rails app): a JSON body without a `team` key is copied under `team`, keeping only the
//!    `Team` model's attribute names;
//! 2. `require(:team)`: a missing or blank value raises `ParameterMissing` (422), `false` or a
//!    non-hash value is returned and then fails `.permit` with `NoMethodError` (500);
//! 3. `permit`: only scalar values (string, number, boolean, null) of the three keys are kept;
//! 4. ActiveRecord casts them to the column types (`string`/`text`, `boolean`).

use serde_json::{Map, Value};

/// The `Team` model's attribute names (chatwoot/chatwoot `app/models/team.rb` @0d58012f6695
/// schema annotation): the keys `wrap_parameters` copies under `team`.
const WRAPPED: [&str; 7] = [
    "id",
    "allow_auto_assign",
    "description",
    "name",
    "created_at",
    "updated_at",
    "account_id",
];

/// Why `team_params` raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TeamParamsError {
    /// `ActionController::ParameterMissing` for `team`: rescued, 422.
    Missing,
    /// `.permit` on a value that is not a hash: `NoMethodError`, unrescued, 500.
    NoMethod,
}

/// The permitted, cast attributes. The outer `Option` is "the key was sent"; the inner one is
/// the cast value (`nil` in Ruby).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TeamParams {
    pub(crate) name: Option<Option<String>>,
    pub(crate) description: Option<Option<String>>,
    pub(crate) allow_auto_assign: Option<Option<bool>>,
}

/// `team_params` from the JSON body params (`None` when the body was not parsed as JSON).
pub(crate) fn team_params(body: Option<&Value>) -> Result<TeamParams, TeamParamsError> {
    let team = match body {
        Some(Value::Object(map)) if map.contains_key("team") => map.get("team").cloned(),
        Some(Value::Object(map)) => Some(Value::Object(
            map.iter()
                .filter(|(key, _)| WRAPPED.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect::<Map<_, _>>(),
        )),
        _ => None,
    };
    let permitted = match team {
        None | Some(Value::Null) => return Err(TeamParamsError::Missing),
        Some(Value::Object(map)) if map.is_empty() => return Err(TeamParamsError::Missing),
        Some(Value::Object(map)) => map,
        Some(Value::String(text)) if is_blank(&text) => return Err(TeamParamsError::Missing),
        Some(Value::Array(items)) if items.is_empty() => return Err(TeamParamsError::Missing),
        Some(_) => return Err(TeamParamsError::NoMethod),
    };
    let scalar = |key: &str| permitted.get(key).filter(|v| is_scalar(v));
    Ok(TeamParams {
        name: scalar("name").map(cast_string),
        description: scalar("description").map(cast_string),
        allow_auto_assign: scalar("allow_auto_assign").map(cast_boolean),
    })
}

/// Ruby `blank?` for a string: empty or only white space.
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A permitted scalar for `permit` (JSON gives no dates, symbols or files).
fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// `ActiveModel::Type::String#cast`: `true` → `"t"`, `false` → `"f"`, numbers → `to_s`.
fn cast_string(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Bool(true) => Some("t".to_owned()),
        Value::Bool(false) => Some("f".to_owned()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => ruby_float_to_s(f),
            _ => n.to_string(),
        }),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// `ActiveModel::Type::Boolean#cast`: `nil` and `""` → `nil`; `false`, `0` and the strings
/// `0 f F false FALSE off OFF` → `false` (a Ruby `Set`, so `0.0` is not `0`); anything else → `true`.
fn cast_boolean(value: &Value) -> Option<bool> {
    const FALSE_TEXT: [&str; 7] = ["0", "f", "F", "false", "FALSE", "off", "OFF"];
    match value {
        Value::Null => None,
        Value::String(text) if text.is_empty() => None,
        Value::String(text) => Some(!FALSE_TEXT.contains(&text.as_str())),
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() != Some(0)),
        Value::Array(_) | Value::Object(_) => Some(true),
    }
}

/// Ruby `Float#to_s`: fixed notation for decimal exponents in `-4..16`, else `1.0e+20` style.
fn ruby_float_to_s(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..16).contains(&exponent) {
        let fixed = value.to_string();
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let mantissa = if mantissa.contains('.') {
            mantissa.to_owned()
        } else {
            format!("{mantissa}.0")
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn named(name: Option<&str>) -> TeamParams {
        TeamParams {
            name: Some(name.map(str::to_owned)),
            ..TeamParams::default()
        }
    }

    #[rstest]
    #[case::wrapped(json!({"name": "Sales"}), Ok(named(Some("Sales"))))]
    #[case::nested(json!({"team": {"name": "x"}}), Ok(named(Some("x"))))]
    #[case::nested_wins_over_top_level(json!({"team": {"name": "x"}, "name": "y"}), Ok(named(Some("x"))))]
    #[case::null_name(json!({"name": null}), Ok(named(None)))]
    #[case::number_name(json!({"name": 5}), Ok(named(Some("5"))))]
    #[case::float_name(json!({"name": 1.5}), Ok(named(Some("1.5"))))]
    #[case::bool_name(json!({"name": true}), Ok(named(Some("t"))))]
    #[case::array_name_is_dropped(json!({"name": ["a"]}), Ok(TeamParams::default()))]
    #[case::other_model_key_keeps_team_present(json!({"id": 9}), Ok(TeamParams::default()))]
    #[case::unknown_keys_are_not_wrapped(json!({"foo": 1}), Err(TeamParamsError::Missing))]
    #[case::empty_object(json!({}), Err(TeamParamsError::Missing))]
    #[case::team_null(json!({"team": null}), Err(TeamParamsError::Missing))]
    #[case::team_blank_string(json!({"team": "  "}), Err(TeamParamsError::Missing))]
    #[case::team_empty_array(json!({"team": []}), Err(TeamParamsError::Missing))]
    #[case::team_string(json!({"team": "x"}), Err(TeamParamsError::NoMethod))]
    #[case::team_false(json!({"team": false}), Err(TeamParamsError::NoMethod))]
    #[case::team_number(json!({"team": 1}), Err(TeamParamsError::NoMethod))]
    fn team_params_follow_rails(
        #[case] body: Value,
        #[case] expected: Result<TeamParams, TeamParamsError>,
    ) {
        assert_eq!(team_params(Some(&body)), expected);
    }

    #[test]
    fn no_json_body_is_a_missing_team() {
        assert_eq!(team_params(None), Err(TeamParamsError::Missing));
    }

    #[rstest]
    #[case::null(json!(null), None)]
    #[case::empty(json!(""), None)]
    #[case::false_text(json!("false"), Some(false))]
    #[case::off(json!("off"), Some(false))]
    #[case::zero_text(json!("0"), Some(false))]
    #[case::zero(json!(0), Some(false))]
    #[case::zero_float_is_not_zero(json!(0.0), Some(true))]
    #[case::yes(json!("yes"), Some(true))]
    #[case::one(json!(1), Some(true))]
    #[case::bool_false(json!(false), Some(false))]
    fn booleans_cast_like_active_model(#[case] value: Value, #[case] expected: Option<bool>) {
        assert_eq!(cast_boolean(&value), expected);
    }

    #[rstest]
    #[case::whole(1.0, "1.0")]
    #[case::fraction(2.5, "2.5")]
    #[case::big(1e20, "1.0e+20")]
    #[case::below_sixteen_digits(1e15, "1000000000000000.0")]
    #[case::small(0.0001, "0.0001")]
    #[case::tiny(0.00001, "1.0e-05")]
    #[case::negative(-1.25, "-1.25")]
    fn floats_print_like_ruby(#[case] value: f64, #[case] expected: &str) {
        assert_eq!(ruby_float_to_s(value), expected);
    }
}
