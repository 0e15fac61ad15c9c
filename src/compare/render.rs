//! The comparison in the terminal (a fidelity table) and in JUnit (one `fidelity` suite, one
//! test case per step: a failure per differing step, skipped when neither side answered).

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::model::{Aspect, Comparison, Outcome};

/// The widest a cell of the table gets (longer values end in `…`).
const CELL: usize = 48;

/// The fidelity table: one row per difference, then the totals.
pub(crate) fn render_table(c: &Comparison) -> String {
    let mut out = format!(
        "fidelity: the target vs the built-in mock ({}, world {})\n",
        c.fidelity, c.world
    );
    let header = [
        "scenario", "step", "aspect", "pointer", "target", "built-in",
    ];
    let rows: Vec<[String; 6]> = c
        .differences()
        .map(|(s, d)| {
            let (target, builtin) = match d.aspect {
                Aspect::Keys => key_cells(&d.target, &d.builtin),
                _ => (d.target.clone(), d.builtin.clone()),
            };
            [
                s.scenario.clone(),
                s.step.clone(),
                d.aspect.as_str().to_owned(),
                d.pointer.clone(),
                target,
                builtin,
            ]
            .map(|cell| cut(&cell))
        })
        .collect();
    if !rows.is_empty() {
        for line in crate::table::aligned_lines(header, &rows) {
            out.push_str(&line);
        }
    }
    out.push_str(&format!(
        "fidelity: {} steps compared, {} same, {} different, {} not compared (neither side answered)\n",
        c.compared, c.same, c.different, c.not_compared
    ));
    out
}

/// Two key lists as table cells: the keys only one side has (`+provider`), or the whole lists
/// when only the order differs.
fn key_cells(target: &str, builtin: &str) -> (String, String) {
    let parse = |t: &str| serde_json::from_str::<Vec<String>>(t).unwrap_or_default();
    let (t, b) = (parse(target), parse(builtin));
    let only = |a: &[String], other: &[String]| -> Vec<String> {
        a.iter()
            .filter(|k| !other.contains(k))
            .map(|k| format!("+{k}"))
            .collect()
    };
    let (only_t, only_b) = (only(&t, &b), only(&b, &t));
    if only_t.is_empty() && only_b.is_empty() {
        (
            format!("order {}", t.join(",")),
            format!("order {}", b.join(",")),
        )
    } else {
        let shown = |o: Vec<String>| {
            if o.is_empty() {
                "-".to_owned()
            } else {
                o.join(" ")
            }
        };
        (shown(only_t), shown(only_b))
    }
}

fn cut(cell: &str) -> String {
    let one_line = cell.replace('\n', "\\n");
    if one_line.chars().count() <= CELL {
        one_line
    } else {
        one_line.chars().take(CELL - 1).collect::<String>() + "…"
    }
}

/// The `fidelity` test suite.
pub(crate) fn junit_suite(c: &Comparison) -> TestSuite {
    let mut suite = TestSuite::new("fidelity");
    for step in &c.steps {
        let status = match step.outcome {
            Outcome::Same => TestCaseStatus::success(),
            Outcome::NotCompared => {
                let mut s = TestCaseStatus::skipped();
                s.set_message("neither side answered");
                s
            }
            Outcome::Different => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let lines: Vec<String> = step
                    .differences
                    .iter()
                    .map(|d| {
                        let at = if d.pointer.is_empty() {
                            String::new()
                        } else {
                            format!(" at {}", d.pointer)
                        };
                        format!(
                            "{}{at}: target {} | built-in {}",
                            d.aspect.as_str(),
                            d.target,
                            d.builtin
                        )
                    })
                    .collect();
                if let TestCaseStatus::NonSuccess {
                    message,
                    ty,
                    description,
                    ..
                } = &mut s
                {
                    *message = lines.first().map(|l| l.clone().into());
                    *ty = step.differences.first().map(|d| d.aspect.as_str().into());
                    *description = Some(lines.join("\n").into());
                }
                s
            }
        };
        let stem = step
            .scenario
            .strip_suffix(".yaml")
            .unwrap_or(&step.scenario)
            .replace(['/', '\\'], ".");
        let mut case = TestCase::new(step.step.clone(), status);
        case.set_classname(format!("fidelity.{stem}"));
        suite.add_test_case(case);
    }
    suite
}

#[cfg(test)]
mod tests {
    use super::super::model::{Difference, StepComparison};
    use super::*;

    #[test]
    fn the_table_has_a_row_per_difference_and_the_totals() {
        let step = |outcome, differences| StepComparison {
            vendor: "chatwoot".into(),
            scenario: "chatwoot/auth.yaml".into(),
            step: "agent is refused".into(),
            method: "PATCH".into(),
            path: "/x".into(),
            outcome,
            differences,
        };
        let c = Comparison::new(
            "builtin",
            "observed",
            "pulled from the target",
            vec![
                step(
                    Outcome::Different,
                    vec![Difference {
                        aspect: Aspect::Status,
                        pointer: String::new(),
                        target: "403".into(),
                        builtin: "401".into(),
                    }],
                ),
                step(Outcome::Same, vec![]),
            ],
        );
        let table = render_table(&c);
        assert_eq!(
            table,
            "fidelity: the target vs the built-in mock (observed, world pulled from the target)\n\
             scenario            step              aspect  pointer  target  built-in\n\
             chatwoot/auth.yaml  agent is refused  status           403     401\n\
             fidelity: 2 steps compared, 1 same, 1 different, 0 not compared (neither side answered)\n"
        );
        let xml = quick_junit::Report::new("r");
        let mut xml = xml;
        xml.add_test_suite(junit_suite(&c));
        let text = xml.to_string().unwrap_or_default();
        assert!(text.contains("status: target 403 | built-in 401"), "{text}");
    }
}
