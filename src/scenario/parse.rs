//! Reading scenario files: YAML with strict booleans, precise positions, "did you mean".

use std::path::{Path, PathBuf};

use rosterwire_mock::VendorName;

use super::error::{Error, ErrorKind, Position, closest};
use super::model::{KNOWN_KEYS, Scenario, ScenarioDoc, Step, sandbox_supported};

/// Tags every scenario carries one of.
pub(crate) const MUTATING: &str = "mutating";
/// The tag of scenarios that only read.
pub(crate) const READ_ONLY: &str = "read-only";

/// Parses the text of a scenario file of `vendor`; `file` is used in errors and snapshot names.
///
/// # Errors
/// Malformed YAML, unknown keys (with a suggestion), and broken format rules, each with
/// file:line:col and a caret snippet where the position is known.
pub fn parse_scenario(text: &str, file: &Path, vendor: VendorName) -> Result<Scenario, Error> {
    let options = serde_saphyr::options! { strict_booleans: true };
    let doc: ScenarioDoc = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| yaml_error(&e, file, text))?;
    let invalid = |message: String| Error::new(ErrorKind::Invalid { message }, file, None, None);
    let steps: Vec<Step> = doc.steps.into_iter().map(placed).collect();
    let mut seen = std::collections::BTreeSet::new();
    for step in &steps {
        if !seen.insert(step.name.as_str()) {
            return Err(invalid(format!("two steps are named `{}`", step.name)));
        }
        if step.request.body.is_some() && step.request.raw_body.is_some() {
            return Err(invalid(format!(
                "step `{}` has both `body` and `raw_body`; use one",
                step.name
            )));
        }
        if !step.request.path.starts_with('/') {
            return Err(invalid(format!(
                "step `{}`: the path `{}` must start with `/`",
                step.name, step.request.path
            )));
        }
    }
    if steps.is_empty() {
        return Err(invalid("a scenario needs at least one step".to_owned()));
    }
    let mut scenario = Scenario {
        file: file.to_owned(),
        vendor,
        name: doc.name,
        description: doc.description,
        tags: doc.tags,
        restore: doc.restore,
        sandbox: doc.sandbox,
        requires: doc.requires,
        steps,
    };
    let (right, wrong) = if scenario.is_mutating() {
        (MUTATING, READ_ONLY)
    } else {
        (READ_ONLY, MUTATING)
    };
    if scenario.tags.iter().any(|t| t == wrong) {
        return Err(invalid(format!(
            "the scenario is tagged `{wrong}` but its steps make it `{right}`"
        )));
    }
    if !scenario.tags.iter().any(|t| t == right) {
        scenario.tags.insert(0, right.to_owned());
    }
    if !scenario.tags.iter().any(|t| t == vendor.as_str()) {
        scenario.tags.insert(0, vendor.as_str().to_owned());
    }
    check_sandbox(&scenario.sandbox, vendor).map_err(|kind| Error::new(kind, file, None, None))?;
    if scenario.is_mutating() && scenario.restore.is_empty() {
        return Err(invalid(
            "a mutating scenario must list the groups to save and restore under `restore`"
                .to_owned(),
        ));
    }
    Ok(scenario)
}

/// The step with the line it starts on (where its first key is written).
fn placed(spanned: serde_saphyr::Spanned<Step>) -> Step {
    let mut step = spanned.value;
    step.line = usize::try_from(spanned.referenced.line())
        .ok()
        .filter(|line| *line > 0);
    step
}

/// `sandbox:` names plain variables (once each), on a vendor that can make groups.
fn check_sandbox(names: &[String], vendor: VendorName) -> Result<(), ErrorKind> {
    let invalid = |message: String| ErrorKind::Invalid { message };
    if names.is_empty() {
        return Ok(());
    }
    if !sandbox_supported(vendor) {
        return Err(invalid(format!(
            "`sandbox` is not available for {vendor}: its API has no documented way to create \
             a group, so its mutating scenarios rely on `restore` alone; remove `sandbox`"
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !plain {
            return Err(invalid(format!(
                "`sandbox` lists `{name}`: each entry is a plain variable name such as \
                 `team_id` (no `${{…}}`, no `env.`)"
            )));
        }
        if !seen.insert(name.as_str()) {
            return Err(invalid(format!("`sandbox` lists `{name}` twice")));
        }
    }
    Ok(())
}

/// Reads and parses one scenario file; the vendor is the name of its folder.
///
/// # Errors
/// As [`parse_scenario`], plus an unreadable file or a folder that names no vendor.
pub fn load_scenario(file: &Path) -> Result<Scenario, Error> {
    let vendor = file
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .and_then(|n| n.parse::<VendorName>().ok())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Invalid {
                    message: "a scenario file must sit in a folder named after its vendor \
                              (chatdash, rocketchat or chatwoot)"
                        .to_owned(),
                },
                file,
                None,
                None,
            )
        })?;
    let text = Error::read_to_string(file)?;
    parse_scenario(&text, file, vendor)
}

/// Every `*.yaml` file under `root/<vendor>/`, sorted by path.
///
/// # Errors
/// An unreadable folder.
pub fn scenario_files(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |e: std::io::Error| Error::io(root, &e);
    let mut files = Vec::new();
    for vendor in VendorName::ALL {
        let dir = root.join(vendor.as_str());
        if !crate::builtin::is_dir(&dir) {
            continue;
        }
        for path in crate::builtin::read_dir(&dir).map_err(io)? {
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Turns a serde-saphyr error into ours: position, plain message, unknown-key suggestion.
fn yaml_error(error: &serde_saphyr::Error, file: &Path, text: &str) -> Error {
    let position = error.location().and_then(|l| {
        let line = usize::try_from(l.line()).ok()?;
        let column = usize::try_from(l.column()).ok()?;
        (line > 0).then_some(Position { line, column })
    });
    let message = error.without_snippet().to_string();
    let message = strip_location_suffix(&message);
    let kind = match unknown_field(&message) {
        Some(key) => ErrorKind::UnknownKey {
            suggestion: closest(&key, &expected_keys(&message)).map(str::to_owned),
            key,
        },
        None => ErrorKind::Syntax { message },
    };
    Error::new(kind, file, position, Some(text))
}

/// serde-saphyr appends " at line L, column C"; we print the position ourselves.
fn strip_location_suffix(message: &str) -> String {
    let re = regex::Regex::new(r"\s*at line \d+,? column \d+\s*$").ok();
    let first = message.lines().next().unwrap_or(message).trim();
    match re {
        Some(re) => re.replace(first, "").into_owned(),
        None => first.to_owned(),
    }
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

/// The keys serde lists after "expected one of", or every key of the format.
fn expected_keys(message: &str) -> Vec<&str> {
    match message.split_once("expected one of ") {
        Some((_, list)) => list
            .split(", ")
            .map(|k| k.trim().trim_matches('`'))
            .collect(),
        None => KNOWN_KEYS.to_vec(),
    }
}

/// The scenarios folder: the one given, else the built-in scenarios (compiled into the binary,
/// read from memory; never a folder of the build checkout).
pub(crate) fn scenarios_dir(given: Option<&std::path::Path>) -> std::path::PathBuf {
    given.map_or_else(crate::builtin::scenarios, std::path::Path::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Predicate;

    fn parse(text: &str) -> Result<Scenario, Error> {
        parse_scenario(
            text,
            Path::new("scenarios/chatwoot/s.yaml"),
            VendorName::Chatwoot,
        )
    }

    const VALID: &str = "\
name: replace members
restore: [\"${team_id}\"]
steps:
  - name: replace
    request:
      method: PATCH
      path: /api/v1/accounts/1/teams/1/team_members
      headers: {api_access_token: \"${admin_token}\"}
      body: {user_ids: [3, 5]}
    expect:
      status: 200
      json:
        - {pointer: /*/id, set_equals: [3, 5]}
    observed:
      status: 401
";

    #[test]
    fn a_valid_scenario_parses_with_its_predicates_and_a_mutating_tag() {
        let s = parse(VALID).unwrap();
        assert_eq!(s.tags, vec!["chatwoot", "mutating"]);
        let step = &s.steps[0];
        assert_eq!(
            step.expect.json[0].predicate,
            Predicate::SetEquals(vec![3.into(), 5.into()])
        );
        assert_eq!(step.expect.json[0].position.map(|p| p.line), Some(13));
        assert_eq!(step.line, Some(4), "the line of `- name: replace`");
        let observed = step.expectation(rosterwire_mock::Fidelity::Observed);
        assert_eq!(observed.status, Some(401));
        assert_eq!(
            observed.json.len(),
            1,
            "unset fields keep the base expectation"
        );
    }

    #[test]
    fn a_misspelt_key_is_reported_with_its_position_and_a_suggestion() {
        let text = VALID.replace("    expect:", "    expekt:");
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::UnknownKey {
                key: "expekt".into(),
                suggestion: Some("expect".into())
            }
        );
        assert_eq!(
            error.position(),
            Some(Position {
                line: 10,
                column: 5
            })
        );
        assert!(error.to_string().contains("10 |     expekt:"), "{error}");
    }

    #[test]
    fn a_yes_is_not_a_boolean_under_strict_booleans() {
        let text = VALID.replace(
            "{pointer: /*/id, set_equals: [3, 5]}",
            "{pointer: /x, exists: yes}",
        );
        let error = parse(&text).unwrap_err();
        assert_eq!(error.position().map(|p| p.line), Some(13), "{error}");
    }

    #[test]
    fn equals_null_is_a_predicate_not_a_missing_key() {
        let text = VALID.replace(
            "{pointer: /*/id, set_equals: [3, 5]}",
            "{pointer: /x, equals: null}",
        );
        let s = parse(&text).unwrap();
        assert_eq!(
            s.steps[0].expect.json[0].predicate,
            Predicate::Equals(serde_json::Value::Null)
        );
    }

    #[test]
    fn an_assertion_with_two_predicates_is_refused() {
        let text = VALID.replace("set_equals: [3, 5]", "set_equals: [3, 5], length: 2");
        let error = parse(&text).unwrap_err();
        assert!(error.to_string().contains("several predicates"), "{error}");
    }

    #[test]
    fn a_mutating_scenario_without_restore_is_refused() {
        let text = VALID.replace("restore: [\"${team_id}\"]\n", "");
        let error = parse(&text).unwrap_err();
        assert!(error.to_string().contains("restore"), "{error}");
    }

    #[rstest::rstest]
    #[case::a_placeholder("[\"${team_id}\"]", "plain variable name")]
    #[case::an_env_name("[env.TEAM]", "plain variable name")]
    #[case::a_leading_digit("[1team]", "plain variable name")]
    #[case::twice("[team_id, team_id]", "twice")]
    fn a_bad_sandbox_entry_is_refused(#[case] list: &str, #[case] says: &str) {
        let text = VALID.replace("steps:\n", &format!("sandbox: {list}\nsteps:\n"));
        let error = parse(&text).unwrap_err();
        assert!(error.to_string().contains(says), "{error}");
    }

    #[test]
    fn a_sandbox_variable_parses_for_chatwoot_and_rocketchat() {
        let text = VALID.replace("steps:\n", "sandbox: [team_id]\nsteps:\n");
        assert_eq!(parse(&text).unwrap().sandbox, vec!["team_id"]);
        let rc = parse_scenario(
            &text,
            Path::new("scenarios/rocketchat/s.yaml"),
            VendorName::RocketChat,
        );
        assert_eq!(rc.unwrap().sandbox, vec!["team_id"]);
    }

    #[test]
    fn a_sandbox_on_chatdash_is_a_clear_parse_error() {
        let text = VALID.replace("steps:\n", "sandbox: [client_id]\nsteps:\n");
        let error = parse_scenario(
            &text,
            Path::new("scenarios/chatdash/s.yaml"),
            VendorName::ChatDash,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`sandbox` is not available for chatdash"),
            "{error}"
        );
    }

    #[test]
    fn a_wrong_read_only_tag_is_refused() {
        let text = VALID.replace("name: replace members\n", "name: x\ntags: [read-only]\n");
        let error = parse(&text).unwrap_err();
        assert!(error.to_string().contains("tagged `read-only`"), "{error}");
    }
}
