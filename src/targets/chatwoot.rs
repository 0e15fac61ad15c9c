//! Chatwoot: from the read-only answers of a Chatwoot server to the variables its scenarios use.
//!
//! Shapes (chatwoot/chatwoot @e13e3c873aaf812262a638ad728197fcc72bf515):
//! `GET /api/v1/profile` → `app/views/api/v1/models/_user.json.jbuilder` (`id`, and `accounts`:
//! `[{id, name, status, role, …}]`); `GET /api/v1/accounts/{id}/agents` and
//! `…/teams/{id}/team_members` → arrays of `app/views/api/v1/models/_agent.json.jbuilder`
//! (`id`, `role`, …); `GET /api/v1/accounts/{id}/teams` → an array of
//! `app/views/api/v1/models/_team.json.jbuilder` (`id`, `name`, …).

use std::collections::BTreeMap;

use rosterwire_mock::VendorName;
use serde_json::{Value, json};

use super::model::{Filler, VendorSection, Wanted};

/// The environment variables Chatwoot credentials are read from (as in
/// `scenarios/targets/staging.example.toml`).
pub(super) const ADMIN_TOKEN_ENV: &str = "CW_ADMIN_TOKEN";

/// Credential variable → (environment variable, what it is).
pub(super) const SECRETS: [(&str, &str, &str); 5] = [
    ("admin_token", ADMIN_TOKEN_ENV, "administrator token"),
    (
        "agent_token",
        "CW_AGENT_TOKEN",
        "token of an agent (role agent) of the account",
    ),
    (
        "other_admin_token",
        "CW_OTHER_ADMIN_TOKEN",
        "token of an administrator of another account only",
    ),
    ("bot_token", "CW_BOT_TOKEN", "agent bot token"),
    (
        "suspended_admin_token",
        "CW_SUSPENDED_ADMIN_TOKEN",
        "token of an administrator of a suspended account",
    ),
];

/// One account's teams, agents and team members.
#[derive(Debug, Clone, Default)]
pub(crate) struct AccountFacts {
    /// The account id.
    pub id: i64,
    /// `GET /accounts/{id}/teams`.
    pub teams: Value,
    /// `GET /accounts/{id}/agents`.
    pub agents: Value,
    /// `GET /accounts/{id}/teams/{team}/team_members`, per team id.
    pub members: BTreeMap<i64, Value>,
}

/// What the read-only requests returned.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChatwootFacts {
    /// `GET /api/v1/profile` with the administrator token.
    pub profile: Value,
    /// The account checked.
    pub account: AccountFacts,
    /// Another account the same user administers, if any (teams and agents only).
    pub other: Option<AccountFacts>,
}

/// The accounts of the profile: `(id, status, role)`.
pub(super) fn accounts(profile: &Value) -> Vec<(i64, String, String)> {
    array(profile.get("accounts"))
        .iter()
        .filter_map(|a| {
            Some((
                a.get("id")?.as_i64()?,
                text(a.get("status")),
                text(a.get("role")),
            ))
        })
        .collect()
}

/// The account to check: `given`, or the first active account the token's user administers.
pub(super) fn choose_account(profile: &Value, given: Option<i64>) -> Option<i64> {
    given.or_else(|| {
        accounts(profile)
            .into_iter()
            .find(|(_, status, role)| status == "active" && role == "administrator")
            .map(|(id, _, _)| id)
    })
}

/// Another active account the user administers (for the cross-account scenarios).
pub(super) fn choose_other_account(profile: &Value, account: i64) -> Option<i64> {
    accounts(profile)
        .into_iter()
        .find(|(id, status, role)| *id != account && status == "active" && role == "administrator")
        .map(|(id, _, _)| id)
}

/// The Chatwoot section for `facts`.
pub(crate) fn discover(facts: &ChatwootFacts, base_url: &str, wanted: &Wanted) -> VendorSection {
    let mut f = Filler::new(VendorName::Chatwoot, base_url, wanted);
    let account = &facts.account;
    let admin_id = facts.profile.get("id").and_then(Value::as_i64);
    f.var("account_id", json!(account.id), "the account checked");
    match admin_id {
        Some(id) => f.var("admin_id", json!(id), "the administrator token's own user"),
        None => f.unavailable(
            "admin_id",
            "the profile has no `id`",
            "set the administrator's user id by hand",
        ),
    }
    for (name, env, what) in SECRETS {
        f.secret(name, env, what);
    }
    let all = accounts(&facts.profile);
    let missing_account = unused(all.iter().map(|(id, _, _)| *id));
    f.var(
        "missing_account_id",
        json!(missing_account),
        "no account of the token's user; it must not exist on the server",
    );
    match all.iter().find(|(_, status, _)| status == "suspended") {
        Some((id, _, _)) => f.var(
            "suspended_account_id",
            json!(id),
            "a suspended account of the token's user",
        ),
        None => f.unavailable(
            "suspended_account_id",
            "the administrator belongs to no suspended account",
            "the auth scenario checks that a suspended account answers 401; it needs one",
        ),
    }

    // Agents with role `agent`, by id; team members by team.
    let agents: Vec<i64> = array(Some(&account.agents))
        .iter()
        .filter(|a| text(a.get("role")) == "agent")
        .filter_map(|a| a.get("id")?.as_i64())
        .collect();
    let team_ids: Vec<i64> = array(Some(&account.teams))
        .iter()
        .filter_map(|t| t.get("id")?.as_i64())
        .collect();
    let members = |team: i64| -> Vec<i64> {
        array(account.members.get(&team))
            .iter()
            .filter_map(|m| m.get("id")?.as_i64())
            .collect()
    };
    // The team the scenarios change starts with exactly two agents (`carol_id`, `dave_id`).
    let pair_team = team_ids.iter().copied().find(|t| {
        let m = members(*t);
        m.len() == 2 && m.iter().all(|id| agents.contains(id))
    });
    let mut pair: Vec<i64> = pair_team.map(members).unwrap_or_default();
    pair.sort_unstable();
    match pair_team {
        Some(team) => f.var(
            "team_id",
            json!(team),
            "a team with exactly two agents: carol_id and dave_id",
        ),
        None => f.unavailable(
            "team_id",
            "no team has exactly two members who are agents",
            "the scenarios expect team_id to start with exactly carol_id and dave_id: make such a team",
        ),
    }
    if pair.len() < 2 && wanted.sandbox.contains("team_id") {
        // The sandbox team starts empty; any two agents will do.
        pair = agents.iter().copied().take(2).collect();
    }
    let mut free: Vec<i64> = agents
        .iter()
        .copied()
        .filter(|a| !pair.contains(a))
        .collect();
    for (name, id) in ["carol_id", "dave_id"].iter().zip(pair.iter()) {
        f.var(name, json!(id), "a member of team_id (role agent)");
    }
    // `replace-all.yaml` expects frank's `availability_status` to be `online` (the documented
    // enum lacks it): give frank an agent who is online (auto_offline off), when there is one.
    let online = |id: &i64| {
        array(Some(&account.agents)).iter().any(|a| {
            a.get("id").and_then(Value::as_i64) == Some(*id)
                && text(a.get("availability_status")) == "online"
        })
    };
    if let Some(at) = free.iter().position(online) {
        let id = free.remove(at);
        free.insert(1.min(free.len()), id);
    }
    for name in ["erin_id", "frank_id", "grace_id"] {
        if free.is_empty() {
            f.unavailable(
                name,
                "the account has too few agents (role agent) outside team_id",
                "invite another agent (role agent) to the account, then run init again",
            );
        } else {
            let id = free.remove(0);
            f.var(name, json!(id), "an agent (role agent) outside team_id");
        }
    }
    for name in ["carol_id", "dave_id"] {
        f.unavailable(
            name,
            "no team has exactly two members who are agents",
            "the scenarios expect team_id to start with exactly carol_id and dave_id",
        );
    }
    match team_ids
        .iter()
        .copied()
        .find(|t| Some(*t) != pair_team && members(*t).is_empty())
    {
        Some(team) => f.var("empty_team_id", json!(team), "a team without members"),
        None => f.unavailable(
            "empty_team_id",
            "the account has no team without members",
            "make a team without members to read it back as []",
        ),
    }
    f.var(
        "missing_team_id",
        json!(unused(team_ids.iter().copied())),
        "no team of the account",
    );
    let all_agents: Vec<i64> = array(Some(&account.agents))
        .iter()
        .filter_map(|a| a.get("id")?.as_i64())
        .collect();
    f.var(
        "missing_user_id",
        json!(unused(all_agents.iter().copied())),
        "no user of the account",
    );

    match &facts.other {
        Some(other) => {
            f.var(
                "other_account_id",
                json!(other.id),
                "another account the administrator belongs to",
            );
            match array(Some(&other.teams))
                .iter()
                .find_map(|t| t.get("id")?.as_i64())
            {
                Some(team) => f.var(
                    "other_team_id",
                    json!(team),
                    format!(
                        "a team of account {}, another account of the administrator",
                        other.id
                    ),
                ),
                None => f.unavailable(
                    "other_team_id",
                    "other_account_id has no team",
                    "make a team in the other account, then run init again",
                ),
            }
            let outsider = array(Some(&other.agents))
                .iter()
                .filter_map(|a| a.get("id")?.as_i64())
                .find(|id| !all_agents.contains(id));
            match outsider {
                Some(id) => f.var(
                    "other_account_agent_id",
                    json!(id),
                    format!("an agent of account {} only", other.id),
                ),
                None => f.unavailable(
                    "other_account_agent_id",
                    "every agent of other_account_id is in the account too",
                    "invite an agent to the other account only, then run init again",
                ),
            }
        }
        None => {
            let why = "the administrator belongs to no other active account";
            for name in [
                "other_account_id",
                "other_team_id",
                "other_account_agent_id",
            ] {
                f.unavailable(
                    name,
                    why,
                    "the cross-account steps need a second account the administrator belongs to",
                );
            }
        }
    }
    f.finish()
}

/// An id not in `ids`: 999999, or more nines until it is free.
pub(crate) fn unused(ids: impl Iterator<Item = i64>) -> i64 {
    let ids: Vec<i64> = ids.collect();
    let mut candidate: i64 = 999_999;
    while ids.contains(&candidate) {
        candidate = candidate.saturating_mul(10).saturating_add(9);
    }
    candidate
}

fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn text(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: i64, role: &str) -> Value {
        json!({"id": id, "account_id": 40, "availability_status": "offline", "auto_offline": true,
               "confirmed": true, "email": format!("u{id}@example.com"), "provider": "email",
               "available_name": "U", "name": "U", "role": role, "thumbnail": ""})
    }

    fn facts() -> ChatwootFacts {
        ChatwootFacts {
            profile: json!({"id": 70, "accounts": [
                {"id": 40, "name": "Staging", "status": "active", "role": "administrator"},
                {"id": 41, "name": "Old", "status": "suspended", "role": "administrator"}]}),
            account: AccountFacts {
                id: 40,
                teams: json!([{"id": 8, "name": "sales"}, {"id": 9, "name": "empty"}]),
                agents: json!([
                    agent(70, "administrator"),
                    agent(71, "agent"),
                    agent(72, "agent"),
                    agent(73, "agent")
                ]),
                members: BTreeMap::from([
                    (8, json!([agent(72, "agent"), agent(71, "agent")])),
                    (9, json!([])),
                ]),
            },
            other: None,
        }
    }

    fn wanted(sandbox: &[&str]) -> Wanted {
        let needed = [
            "account_id",
            "admin_id",
            "team_id",
            "empty_team_id",
            "missing_team_id",
            "carol_id",
            "dave_id",
            "erin_id",
            "frank_id",
            "missing_user_id",
            "suspended_account_id",
            "other_account_id",
            "admin_token",
            "bot_token",
            "no_such_var",
        ];
        Wanted {
            needed: needed.iter().map(|s| (*s).to_owned()).collect(),
            sandbox: sandbox.iter().map(|s| (*s).to_owned()).collect(),
            env_set: [ADMIN_TOKEN_ENV.to_owned()].into(),
        }
    }

    fn value(section: &VendorSection, name: &str) -> Option<Value> {
        section
            .vars
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.clone())
    }

    fn reason(section: &VendorSection, name: &str) -> Option<String> {
        section
            .unavailable
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.reason.clone())
    }

    #[test]
    fn the_answers_map_onto_the_scenarios_variables() {
        let s = discover(&facts(), "http://cw", &wanted(&[]));
        assert_eq!(value(&s, "account_id"), Some(json!(40)));
        assert_eq!(value(&s, "admin_id"), Some(json!(70)));
        assert_eq!(value(&s, "team_id"), Some(json!(8)));
        assert_eq!(value(&s, "carol_id"), Some(json!(71)));
        assert_eq!(value(&s, "dave_id"), Some(json!(72)));
        assert_eq!(value(&s, "erin_id"), Some(json!(73)));
        assert_eq!(value(&s, "empty_team_id"), Some(json!(9)));
        assert_eq!(value(&s, "missing_team_id"), Some(json!(999_999)));
        assert_eq!(value(&s, "suspended_account_id"), Some(json!(41)));
        assert_eq!(
            s.secret_env,
            [("admin_token".to_owned(), "CW_ADMIN_TOKEN".to_owned())]
        );
        assert_eq!(
            reason(&s, "frank_id").unwrap(),
            "the account has too few agents (role agent) outside team_id"
        );
        assert!(
            reason(&s, "bot_token")
                .unwrap()
                .contains("`CW_BOT_TOKEN` was not set")
        );
        assert!(reason(&s, "other_account_id").is_some());
        assert!(
            reason(&s, "no_such_var")
                .unwrap()
                .contains("does not know how to find it")
        );
    }

    #[test]
    fn a_sandbox_team_is_a_comment_and_any_two_agents_are_carol_and_dave() {
        let mut facts = facts();
        facts.account.members.insert(8, json!([]));
        let s = discover(&facts, "http://cw", &wanted(&["team_id"]));
        assert_eq!(s.sandbox, [("team_id".to_owned(), None)]);
        assert_eq!(value(&s, "carol_id"), Some(json!(71)));
        assert_eq!(value(&s, "dave_id"), Some(json!(72)));
    }

    #[test]
    fn an_unused_id_is_not_in_the_list() {
        assert_eq!(unused([1, 2].into_iter()), 999_999);
        assert_eq!(unused([999_999].into_iter()), 9_999_999);
    }
}
