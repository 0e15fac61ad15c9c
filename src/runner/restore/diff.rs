//! The exact comparison of a saved read with a later one, as differences a person reads:
//! `team 2: expected [11, 12], found [12, 13]`,
//! `agent 65a1…d0e2: expected no clientId, found "64b7…c9d0"`.

use std::collections::BTreeSet;
use std::fmt;

use super::membership::{ClientField, Membership, TypedId};
use crate::runner::result::{Failure, FailureKind};

/// One thing that is not as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// What differs: `team 2`, `department D agent A`, `agent A`.
    pub(crate) subject: String,
    /// The saved value.
    pub(crate) expected: String,
    /// The value read now.
    pub(crate) found: String,
    /// Why it can never match, or what the values mean, when that is not obvious.
    pub(crate) note: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.subject, self.expected, self.found
        )?;
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

impl Difference {
    /// The difference as a restore failure, with its expected and found values.
    pub(crate) fn to_failure(&self) -> Failure {
        Failure::new(FailureKind::Restore, self.to_string())
            .with_values(self.expected.clone(), self.found.clone())
    }
}

/// Every difference between `saved` and `found` for the group shown as `label`; empty when
/// they are equal.
pub(crate) fn differences(label: &str, saved: &Membership, found: &Membership) -> Vec<Difference> {
    match (saved, found) {
        (Membership::Chatwoot(saved), Membership::Chatwoot(found)) => {
            chatwoot(label, saved, found).into_iter().collect()
        }
        (Membership::RocketChat(saved), Membership::RocketChat(found)) => keyed(
            saved,
            found,
            |agent| format!("{label} agent {agent}"),
            "no record",
        ),
        (Membership::ChatDash(saved), Membership::ChatDash(found)) => {
            let mut all = keyed(saved, found, |agent| format!("agent {agent}"), "no agent");
            for d in &mut all {
                d.note = chatdash_note(&d.expected, &d.found);
            }
            all
        }
        _ => vec![Difference {
            subject: label.to_owned(),
            expected: "the saved read".to_owned(),
            found: "a read of another vendor".to_owned(),
            note: None,
        }],
    }
}

fn list(ids: &[TypedId]) -> String {
    let items: Vec<String> = ids.iter().map(ToString::to_string).collect();
    format!("[{}]", items.join(", "))
}

fn chatwoot(label: &str, saved: &[TypedId], found: &[TypedId]) -> Option<Difference> {
    if saved == found {
        return None;
    }
    let numbers = |ids: &[TypedId]| -> Option<BTreeSet<i128>> {
        ids.iter().map(TypedId::numeric).collect::<Option<_>>()
    };
    let same_numbers = numbers(saved).is_some() && numbers(saved) == numbers(found);
    let saved_text = saved.iter().any(|id| matches!(id, TypedId::Text(_)));
    let note = if same_numbers && saved_text {
        Some(
            "the same users, but the saved read had string ids and Chatwoot's PATCH takes \
             integers: this server's read-back can never equal the saved read"
                .to_owned(),
        )
    } else if same_numbers {
        Some("the same users, but their ids differ in JSON type".to_owned())
    } else {
        None
    };
    Some(Difference {
        subject: label.to_owned(),
        expected: list(saved),
        found: list(found),
        note,
    })
}

/// Per key of either side, in key order: the value, or `missing` where a side lacks the key.
fn keyed<V: PartialEq + fmt::Display>(
    saved: &std::collections::BTreeMap<String, V>,
    found: &std::collections::BTreeMap<String, V>,
    subject: impl Fn(&str) -> String,
    missing: &str,
) -> Vec<Difference> {
    let keys: BTreeSet<&String> = saved.keys().chain(found.keys()).collect();
    let show = |v: Option<&V>| v.map_or_else(|| missing.to_owned(), ToString::to_string);
    keys.into_iter()
        .filter_map(|key| {
            let (before, now) = (saved.get(key), found.get(key));
            (before != now).then(|| Difference {
                subject: subject(key),
                expected: show(before),
                found: show(now),
                note: None,
            })
        })
        .collect()
}

fn chatdash_note(expected: &str, found: &str) -> Option<String> {
    let unassigned = [
        ClientField::Absent.to_string(),
        ClientField::Null.to_string(),
    ];
    (unassigned.iter().any(|u| u == expected) && unassigned.iter().any(|u| u == found)).then(|| {
        "both mean not assigned, but the read-back is not the saved read: ChatDash has no call \
         that removes or adds the key"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::runner::restore::membership::AgentRecord;

    fn team(ids: &[TypedId]) -> Membership {
        Membership::Chatwoot(ids.to_vec())
    }

    fn int(n: i128) -> TypedId {
        TypedId::Integer(n)
    }

    fn text(s: &str) -> TypedId {
        TypedId::Text(s.to_owned())
    }

    #[test]
    fn equal_reads_have_no_difference() {
        let a = team(&[int(11), int(12)]);
        assert!(differences("team 2", &a, &a.clone()).is_empty());
    }

    #[test]
    fn a_team_with_other_members_is_one_difference_naming_both_lists() {
        let d = differences(
            "team 2",
            &team(&[int(11), int(12)]),
            &team(&[int(12), int(13)]),
        );
        assert_eq!(
            d.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["team 2: expected [11, 12], found [12, 13]"]
        );
        let failure = d[0].to_failure();
        assert_eq!(failure.kind, FailureKind::Restore);
        assert_eq!(failure.expected.as_deref(), Some("[11, 12]"));
        assert_eq!(failure.actual.as_deref(), Some("[12, 13]"));
    }

    #[test]
    fn string_ids_read_back_as_integers_can_never_match_and_say_so() {
        let d = differences("team 2", &team(&[text("11")]), &team(&[int(11)]));
        assert_eq!(
            d[0].to_string(),
            "team 2: expected [\"11\"], found [11] (the same users, but the saved read had string \
             ids and Chatwoot's PATCH takes integers: this server's read-back can never equal \
             the saved read)"
        );
        let d = differences("team 2", &team(&[int(11)]), &team(&[text("11")]));
        assert_eq!(
            d[0].to_string(),
            "team 2: expected [11], found [\"11\"] (the same users, but their ids differ in JSON type)"
        );
    }

    #[test]
    fn chatdash_names_each_agent_and_keeps_absent_and_null_apart() {
        let saved = Membership::ChatDash(BTreeMap::from([
            ("a1".to_owned(), ClientField::Client("c1".into())),
            ("a2".to_owned(), ClientField::Absent),
            ("a3".to_owned(), ClientField::Absent),
            ("a4".to_owned(), ClientField::Null),
        ]));
        let found = Membership::ChatDash(BTreeMap::from([
            ("a1".to_owned(), ClientField::Client("c1".into())),
            ("a2".to_owned(), ClientField::Client("c1".into())),
            ("a3".to_owned(), ClientField::Null),
            ("a5".to_owned(), ClientField::Absent),
        ]));
        let lines: Vec<String> = differences("agents", &saved, &found)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "agent a2: expected no clientId, found \"c1\"",
                "agent a3: expected no clientId, found clientId null (both mean not assigned, but \
                 the read-back is not the saved read: ChatDash has no call that removes or adds \
                 the key)",
                "agent a4: expected clientId null, found no agent",
                "agent a5: expected no agent, found no clientId",
            ]
        );
    }

    #[test]
    fn rocketchat_names_the_department_and_agent_with_the_written_fields() {
        let kim = AgentRecord {
            username: "agent.kim".into(),
            count: 0,
            order: 1,
        };
        let saved = Membership::RocketChat(BTreeMap::from([("kim".to_owned(), kim.clone())]));
        let found = Membership::RocketChat(BTreeMap::from([
            ("kim".to_owned(), AgentRecord { count: 4, ..kim }),
            (
                "bo".to_owned(),
                AgentRecord {
                    username: "agent.bo".into(),
                    count: 0,
                    order: 0,
                },
            ),
        ]));
        let lines: Vec<String> = differences("department D", &saved, &found)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "department D agent bo: expected no record, found {username: \"agent.bo\", count: 0, order: 0}",
                "department D agent kim: expected {username: \"agent.kim\", count: 0, order: 1}, found {username: \"agent.kim\", count: 4, order: 1}",
            ]
        );
    }
}
