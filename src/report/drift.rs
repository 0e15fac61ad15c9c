//! The drift table: for each operation and status seen, whether the vendor documents it, how
//! often this target answered it, how many schema violations the bodies had, and which
//! undocumented fields appeared. Rows come only from responses that a contract judged.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::runner::RunResult;

/// One row: an operation × status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftRow {
    /// The vendor.
    pub vendor: String,
    /// The operation id.
    pub operation: String,
    /// The status.
    pub status: u16,
    /// Whether the vendor's documents list the status.
    pub documented: bool,
    /// How many responses had this status on this target.
    pub observed: usize,
    /// Schema violations over those responses.
    pub schema_mismatches: usize,
    /// Fields the schema does not allow.
    pub undocumented_fields: Vec<String>,
    /// The known documentation defects the scenarios name for these responses.
    pub known_defects: Vec<String>,
}

impl DriftRow {
    /// Whether this row shows a difference between documents and target.
    pub fn is_drift(&self) -> bool {
        !self.documented || self.schema_mismatches > 0
    }
}

/// Every operation × status seen, sorted by vendor, operation and status.
pub fn drift_rows(result: &RunResult) -> Vec<DriftRow> {
    // (vendor, operation, status) → (row, undocumented fields, known defects)
    type Accumulator = (DriftRow, BTreeSet<String>, BTreeSet<String>);
    let mut rows: BTreeMap<(String, String, u16), Accumulator> = BTreeMap::new();
    for o in result.observations() {
        let key = (o.vendor.clone(), o.operation.clone(), o.status);
        let entry = rows.entry(key).or_insert_with(|| {
            (
                DriftRow {
                    vendor: o.vendor.clone(),
                    operation: o.operation.clone(),
                    status: o.status,
                    documented: o.documented,
                    observed: 0,
                    schema_mismatches: 0,
                    undocumented_fields: Vec::new(),
                    known_defects: Vec::new(),
                },
                BTreeSet::new(),
                BTreeSet::new(),
            )
        });
        entry.0.observed += 1;
        entry.0.schema_mismatches += o.violations;
        entry.1.extend(o.undocumented_fields.iter().cloned());
        if let Some(note) = &o.known_defect {
            entry.2.insert(note.clone());
        }
    }
    rows.into_values()
        .map(|(mut row, fields, defects)| {
            row.undocumented_fields = fields.into_iter().collect();
            row.known_defects = defects.into_iter().collect();
            row
        })
        .collect()
}

/// Why the run cannot say anything about drift, when it cannot: contracts were off, no
/// response arrived, or no response matched a contract.
pub(crate) fn drift_not_checked(result: &RunResult) -> Option<&'static str> {
    if !result.contracts_checked {
        Some("--no-contracts")
    } else if result.responses() == 0 {
        Some("no response arrived")
    } else if result.observations().next().is_none() {
        Some("no response matched a contract")
    } else {
        None
    }
}

/// The drift part of the summary: `drift: not checked (why)` when nothing was judged,
/// else the table (only rows with drift unless `all`).
pub(crate) fn render_drift_section(result: &RunResult, all: bool) -> String {
    match drift_not_checked(result) {
        Some(why) => format!("drift: not checked ({why})\n"),
        None => render_drift_table(&drift_rows(result), all),
    }
}

/// The table as text: only rows with drift unless `all`.
pub fn render_drift_table(rows: &[DriftRow], all: bool) -> String {
    let shown: Vec<&DriftRow> = rows.iter().filter(|r| all || r.is_drift()).collect();
    if shown.is_empty() {
        return "drift: none (every status seen is documented and every body conforms)\n"
            .to_owned();
    }
    let header = [
        "operation",
        "status",
        "documented",
        "observed",
        "schema",
        "undocumented fields",
    ];
    let cells: Vec<[String; 6]> = shown
        .iter()
        .map(|r| {
            [
                format!("{}/{}", r.vendor, r.operation),
                r.status.to_string(),
                if r.documented { "yes" } else { "no" }.to_owned(),
                r.observed.to_string(),
                r.schema_mismatches.to_string(),
                r.undocumented_fields.join(", "),
            ]
        })
        .collect();
    let lines = crate::table::aligned_lines(header, &cells);
    let mut out = String::from("drift (operation × status):\n");
    out.push_str(&lines[0]);
    for (line, r) in lines[1..].iter().zip(&shown) {
        out.push_str(line);
        for d in &r.known_defects {
            out.push_str(&format!("    known defect: {d}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::runner::{Observation, ScenarioResult, StepResult};

    fn step(status: u16, documented: bool, violations: usize, note: Option<&str>) -> StepResult {
        let mut s = StepResult::skipped("s", "GET", "/x");
        s.observation = Some(Observation {
            vendor: "chatwoot".into(),
            operation: "list-team-members".into(),
            status,
            documented,
            violations,
            undocumented_fields: if violations > 0 {
                vec!["provider".into()]
            } else {
                vec![]
            },
            known_defect: note.map(str::to_owned),
        });
        s
    }

    #[test]
    fn observations_are_grouped_by_operation_and_status_and_only_drift_is_shown() {
        let result = RunResult {
            target: "t".into(),
            run_id: "0badc0de".into(),
            fidelity: Default::default(),
            read_only: false,
            interrupted: false,
            contracts_checked: true,
            scenarios: vec![ScenarioResult {
                name: "n".into(),
                file: "chatwoot/n.yaml".into(),
                vendor: "chatwoot".into(),
                tags: vec![],
                steps: vec![
                    step(200, true, 0, None),
                    step(200, true, 2, Some("provider is undocumented")),
                    step(401, false, 0, Some("401 is undocumented")),
                    step(200, true, 1, Some("provider is undocumented")),
                ],
                restore: None,
                sandbox: None,
                duration: Duration::ZERO,
            }],
            duration: Duration::ZERO,
        };
        let rows = drift_rows(&result);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].status, rows[0].observed, rows[0].schema_mismatches),
            (200, 3, 3)
        );
        assert_eq!(rows[0].known_defects, vec!["provider is undocumented"]);
        insta::assert_snapshot!(render_drift_table(&rows, false), @r"
        drift (operation × status):
        operation                   status  documented  observed  schema  undocumented fields
        chatwoot/list-team-members  200     yes         3         3       provider
            known defect: provider is undocumented
        chatwoot/list-team-members  401     no          1         0
            known defect: 401 is undocumented
        ");
    }
}
