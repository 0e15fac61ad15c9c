//! Which target variables a scenario needs: every `${name}` its steps send or expect, the
//! `requires:` lists and the `restore:` groups, minus `${env.*}`, minus names captured by an
//! earlier step, minus names the runner binds itself (sandbox groups).

use std::collections::BTreeSet;

use super::model::{Expectation, Predicate, Scenario, Step};
use super::vars::{names_in_json, names_in_text};

impl Step {
    /// Every variable the step uses: its request (path, headers, body or raw body), its
    /// expectations in every profile, and its `requires:`; `${env.*}` excluded.
    pub fn variables(&self) -> BTreeSet<String> {
        let request = &self.request;
        let mut names = names_in_text(&request.path);
        for (name, value) in &request.headers {
            names.extend(names_in_text(name));
            names.extend(names_in_text(value));
        }
        if let Some(body) = &request.body {
            names.extend(names_in_json(body));
        }
        if let Some(raw) = &request.raw_body {
            names.extend(names_in_text(raw));
        }
        for expect in std::iter::once(&self.expect)
            .chain(self.documented.as_ref())
            .chain(self.observed.as_ref())
        {
            names.extend(expectation_names(expect));
        }
        names.extend(self.requires.iter().cloned());
        names
            .into_iter()
            .filter(|n| !n.starts_with("env."))
            .collect()
    }
}

fn expectation_names(expect: &Expectation) -> Vec<String> {
    let mut names: Vec<String> = expect
        .headers
        .values()
        .flat_map(|v| names_in_text(v))
        .collect();
    if let Some(text) = &expect.text {
        names.extend(names_in_text(text));
    }
    for assertion in &expect.json {
        names.extend(names_in_text(&assertion.pointer));
        match &assertion.predicate {
            Predicate::Equals(v) => names.extend(names_in_json(v)),
            Predicate::SetEquals(items) => {
                items.iter().for_each(|v| names.extend(names_in_json(v)))
            }
            Predicate::Exists | Predicate::Absent | Predicate::Length(_) => {}
        }
    }
    names
}

impl Scenario {
    /// The target variables the scenario itself needs, whatever step runs: its `requires:` and
    /// the variables of its `restore:` groups; minus `provided` and `${env.*}`.
    pub fn own_variables(&self, provided: &BTreeSet<String>) -> BTreeSet<String> {
        self.requires
            .iter()
            .cloned()
            .chain(self.restore.iter().flat_map(|g| names_in_text(g)))
            .filter(|n| !n.starts_with("env.") && !provided.contains(n))
            .collect()
    }

    /// For each step, the target variables it needs: the variables its request names minus names captured
    /// by an earlier step and minus `provided` (names the runner binds itself, e.g. sandbox
    /// groups).
    pub fn step_variables(&self, provided: &BTreeSet<String>) -> Vec<BTreeSet<String>> {
        let mut captured = BTreeSet::new();
        self.steps
            .iter()
            .map(|step| {
                let needs = step
                    .variables()
                    .into_iter()
                    .filter(|n| !captured.contains(n) && !provided.contains(n))
                    .collect();
                captured.extend(step.capture.keys().cloned());
                needs
            })
            .collect()
    }

    /// Every target variable the scenario needs: [`Scenario::own_variables`] and every step's
    /// [`Scenario::step_variables`].
    pub fn needed_variables(&self, provided: &BTreeSet<String>) -> BTreeSet<String> {
        let mut all = self.own_variables(provided);
        all.extend(self.step_variables(provided).into_iter().flatten());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;
    use std::path::Path;

    const YAML: &str = r#"
name: needs
requires: [bot_token]
restore: ["${team_id}"]
steps:
  - name: first
    request:
      method: POST
      path: /a/${account_id}/t/${team_id}?q=$${literal}
      headers: {api_access_token: "${admin_token}", x: "${env.HOME}"}
      body: {user_ids: ["${carol_id}", {"${key}": 1}]}
    expect:
      json:
        - {pointer: /0/id, equals: "${dave_id}"}
    observed:
      text: "${observed_only}"
    capture: {first_id: /0/id}
  - name: second
    requires: [suspended_admin_token]
    request:
      method: PATCH
      path: /a/${first_id}
      raw_body: '{"x": ${raw_id}'
"#;

    fn scenario() -> Scenario {
        parse_scenario(
            YAML,
            Path::new("/s/chatwoot/needs.yaml"),
            rosterwire_mock::VendorName::Chatwoot,
        )
        .unwrap()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_place_a_variable_can_appear_counts() {
        let s = scenario();
        assert_eq!(
            s.step_variables(&BTreeSet::new()),
            [
                set(&[
                    "account_id",
                    "admin_token",
                    "carol_id",
                    "dave_id",
                    "key",
                    "observed_only",
                    "team_id"
                ]),
                set(&["raw_id", "suspended_admin_token"]),
            ]
        );
        assert_eq!(
            s.own_variables(&BTreeSet::new()),
            set(&["bot_token", "team_id"])
        );
    }

    #[test]
    fn provided_names_and_captures_are_not_needed() {
        let needed = scenario().needed_variables(&set(&["team_id"]));
        assert_eq!(
            needed,
            set(&[
                "account_id",
                "admin_token",
                "bot_token",
                "carol_id",
                "dave_id",
                "key",
                "observed_only",
                "raw_id",
                "suspended_admin_token"
            ])
        );
    }
}
