//! The live drift table: for each operation × status the upstream answered, whether each
//! fidelity profile of the contracts expects that status, and every schema violation of the
//! bodies (JSON pointer into the body, pointer into the schema, message, count, and the
//! journal `seq` of the first exchange that showed it).
//!
//! A row is drift in a profile when that profile does not expect the status or a body broke
//! its schema; in the observed profile, a violation the overlays record as what the real
//! server does (`known_defect`, with its source) is not drift. Requests no contract covers and answers the upstream never gave (502/504 of the
//! proxy) are counted apart: they say nothing about the contracts.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Mutex;

use serde::Serialize;

use super::judge::Verdict;
use super::{Provenance, Redactor, VendorName};
use crate::contracts::Violation;
use crate::runner::ContractViolation;

/// The most distinct violations a row keeps (the rest are counted in `schema_mismatches`).
const VIOLATIONS_PER_ROW: usize = 20;
/// The most distinct requests without a contract that are listed.
const NOT_COVERED_LISTED: usize = 50;

/// The whole table, as `GET /__admin/drift` and `--report json` give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DriftReport {
    /// Every exchange the proxy handled (admin requests excluded).
    pub(crate) exchanges: u64,
    /// Exchanges a contract judged.
    pub(crate) judged: u64,
    /// How many rows are drift in each profile.
    pub(crate) drift: ProfileCounts,
    /// Every operation × status seen, sorted by vendor, operation and status.
    pub(crate) rows: Vec<DriftRow>,
    /// Requests no contract covers, by vendor, method and path.
    pub(crate) not_covered: Vec<NotCovered>,
    /// Exchanges the upstream did not answer (the proxy answered 502/504), by kind.
    pub(crate) upstream_errors: BTreeMap<String, u64>,
}

/// A count per profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub(crate) struct ProfileCounts {
    /// The documented profile.
    pub(crate) documented: usize,
    /// The observed profile.
    pub(crate) observed: usize,
}

/// One operation × status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DriftRow {
    /// The vendor.
    pub(crate) vendor: String,
    /// The operation id.
    pub(crate) operation: String,
    /// The status the upstream answered.
    pub(crate) status: u16,
    /// Where the contract's entry for this status comes from; `null`: no contract lists it.
    pub(crate) provenance: Option<Provenance>,
    /// How many responses had this status.
    pub(crate) seen: u64,
    /// The verdict of each profile.
    pub(crate) profiles: ProfileVerdicts,
    /// Responses whose body broke the status's schema (known departures included).
    pub(crate) schema_mismatches: u64,
    /// Responses whose body could not be validated (incomplete, or over the validation cap).
    pub(crate) not_validated: u64,
    /// The distinct violations (at most 20 a row).
    pub(crate) violations: Vec<ViolationSummary>,
    /// Keys the schema does not allow (`additionalProperties`).
    pub(crate) undocumented_fields: Vec<String>,
}

/// Both profiles' verdicts on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct ProfileVerdicts {
    /// What the vendor's documents say (`serve --fidelity documented`).
    pub(crate) documented: ProfileVerdict,
    /// What the vendor's real server does (`serve --fidelity observed`).
    pub(crate) observed: ProfileVerdict,
}

/// One profile's verdict on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct ProfileVerdict {
    /// Whether the profile's contract lists the status.
    pub(crate) expected: bool,
    /// Responses whose body breaks the schema as this profile reads it (the observed profile
    /// does not count the real server's known departures).
    pub(crate) schema_mismatches: u64,
    /// Whether the row differs from the profile: the status is not expected, or a body broke
    /// its schema.
    pub(crate) drift: bool,
}

/// One distinct schema violation of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ViolationSummary {
    /// A JSON pointer into the body (`""` is the whole body).
    pub(crate) pointer: String,
    /// A JSON pointer into the schema, ending at the failing keyword.
    pub(crate) schema_path: String,
    /// The message of its first occurrence, redacted.
    pub(crate) message: String,
    /// The source saying the real server does this (an overlay's `observed_fields`): drift
    /// in the documented profile only.
    pub(crate) known_defect: Option<String>,
    /// How many responses had it.
    pub(crate) count: u64,
    /// The journal `seq` of the first exchange that had it.
    pub(crate) first_seq: u64,
}

/// Requests without a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct NotCovered {
    /// The vendor whose path it is; `null`: no vendor's.
    pub(crate) vendor: Option<VendorName>,
    /// The method.
    pub(crate) method: String,
    /// The path (without the query).
    pub(crate) path: String,
    /// How many.
    pub(crate) count: u64,
}

/// The table as it grows; every method takes the lock briefly.
#[derive(Debug, Default)]
pub(crate) struct DriftBook {
    state: Mutex<Tally>,
}

#[derive(Debug, Default)]
struct Tally {
    exchanges: u64,
    judged: u64,
    rows: BTreeMap<(String, String, u16), RowTally>,
    not_covered: BTreeMap<(Option<VendorName>, String, String), u64>,
    not_covered_other: u64,
    upstream_errors: BTreeMap<String, u64>,
}

#[derive(Debug)]
struct RowTally {
    provenance: Option<Provenance>,
    expected: [bool; 2],
    seen: u64,
    schema_mismatches: u64,
    observed_mismatches: u64,
    not_validated: u64,
    violations: BTreeMap<(String, String), ViolationSummary>,
    undocumented_fields: BTreeSet<String>,
}

impl DriftBook {
    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        match self.state.lock() {
            Ok(tally) => tally,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Counts a response a contract judged (journal `seq`); messages pass `redactor`.
    pub(crate) fn judged(
        &self,
        vendor: VendorName,
        seq: u64,
        verdict: &Verdict,
        redactor: &Redactor,
    ) {
        let mut tally = self.tally();
        tally.exchanges += 1;
        tally.judged += 1;
        let key = (
            vendor.as_str().to_owned(),
            verdict.operation.clone(),
            verdict.status,
        );
        let row = tally.rows.entry(key).or_insert_with(|| RowTally {
            provenance: verdict.provenance,
            expected: verdict.expected,
            seen: 0,
            schema_mismatches: 0,
            observed_mismatches: 0,
            not_validated: 0,
            violations: BTreeMap::new(),
            undocumented_fields: BTreeSet::new(),
        });
        row.seen += 1;
        if !verdict.validated {
            row.not_validated += 1;
        }
        if !verdict.violations.is_empty() {
            row.schema_mismatches += 1;
        }
        if verdict.violations.iter().any(|v| v.known.is_none()) {
            row.observed_mismatches += 1;
        }
        for judged in &verdict.violations {
            let violation = &judged.violation;
            row.undocumented_fields.extend(fields(violation));
            let key = (
                violation.instance_path.clone(),
                violation.schema_path.clone(),
            );
            if let Some(known) = row.violations.get_mut(&key) {
                known.count += 1;
            } else if row.violations.len() < VIOLATIONS_PER_ROW {
                row.violations.insert(
                    key,
                    ViolationSummary {
                        pointer: violation.instance_path.clone(),
                        schema_path: violation.schema_path.clone(),
                        message: redactor.text(&violation.message),
                        known_defect: judged.known.clone(),
                        count: 1,
                        first_seq: seq,
                    },
                );
            }
        }
    }

    /// Counts a request no contract covers; `path` is shown, so it passes `redactor` first.
    pub(crate) fn not_covered(&self, vendor: Option<VendorName>, method: &str, path: &str) {
        let mut tally = self.tally();
        tally.exchanges += 1;
        let key = (vendor, method.to_owned(), path.to_owned());
        let listed = tally.not_covered.len();
        match tally.not_covered.get_mut(&key) {
            Some(count) => *count += 1,
            None if listed < NOT_COVERED_LISTED => {
                tally.not_covered.insert(key, 1);
            }
            None => tally.not_covered_other += 1,
        }
    }

    /// Counts an exchange the upstream did not answer.
    pub(crate) fn upstream_error(&self, code: &str) {
        let mut tally = self.tally();
        tally.exchanges += 1;
        *tally.upstream_errors.entry(code.to_owned()).or_default() += 1;
    }

    /// The table now.
    pub(crate) fn report(&self) -> DriftReport {
        let tally = self.tally();
        let rows: Vec<DriftRow> = tally
            .rows
            .iter()
            .map(|((vendor, operation, status), row)| {
                let verdict = |i: usize, schema_mismatches: u64| ProfileVerdict {
                    expected: row.expected[i],
                    schema_mismatches,
                    drift: !row.expected[i] || schema_mismatches > 0,
                };
                DriftRow {
                    vendor: vendor.clone(),
                    operation: operation.clone(),
                    status: *status,
                    provenance: row.provenance,
                    seen: row.seen,
                    profiles: ProfileVerdicts {
                        documented: verdict(0, row.schema_mismatches),
                        observed: verdict(1, row.observed_mismatches),
                    },
                    schema_mismatches: row.schema_mismatches,
                    not_validated: row.not_validated,
                    violations: row.violations.values().cloned().collect(),
                    undocumented_fields: row.undocumented_fields.iter().cloned().collect(),
                }
            })
            .collect();
        let drift = ProfileCounts {
            documented: rows.iter().filter(|r| r.profiles.documented.drift).count(),
            observed: rows.iter().filter(|r| r.profiles.observed.drift).count(),
        };
        let mut not_covered: Vec<NotCovered> = tally
            .not_covered
            .iter()
            .map(|((vendor, method, path), count)| NotCovered {
                vendor: *vendor,
                method: method.clone(),
                path: path.clone(),
                count: *count,
            })
            .collect();
        if tally.not_covered_other > 0 {
            not_covered.push(NotCovered {
                vendor: None,
                method: "*".to_owned(),
                path: "(others)".to_owned(),
                count: tally.not_covered_other,
            });
        }
        DriftReport {
            exchanges: tally.exchanges,
            judged: tally.judged,
            drift,
            rows,
            not_covered,
            upstream_errors: tally.upstream_errors.clone(),
        }
    }
}

/// Keys an `additionalProperties` violation names.
fn fields(violation: &Violation) -> Vec<String> {
    crate::runner::undocumented_fields(&ContractViolation {
        instance_path: violation.instance_path.clone(),
        schema_path: violation.schema_path.clone(),
        message: violation.message.clone(),
    })
}

impl DriftReport {
    /// The table as text: a summary line, then the rows with drift in either profile, each
    /// followed by its violations; then requests without a contract and upstream errors.
    pub(crate) fn render_text(&self) -> String {
        let mut out = String::new();
        let shown: Vec<&DriftRow> = self
            .rows
            .iter()
            .filter(|r| r.profiles.documented.drift || r.profiles.observed.drift)
            .collect();
        let _ = writeln!(
            out,
            "drift: {} in the documented profile, {} in the observed profile ({} exchanges, {} judged by a contract)",
            rows_text(self.drift.documented),
            rows_text(self.drift.observed),
            self.exchanges,
            self.judged
        );
        if !shown.is_empty() {
            out.push_str(&table(&shown));
        }
        for n in &self.not_covered {
            let vendor = n.vendor.map_or("-", VendorName::as_str);
            let _ = writeln!(
                out,
                "no contract: {vendor} {} {} ({}×)",
                n.method, n.path, n.count
            );
        }
        for (code, count) in &self.upstream_errors {
            let _ = writeln!(out, "upstream error: {code} ({count}×)");
        }
        out
    }
}

fn rows_text(n: usize) -> String {
    match n {
        0 => "none".to_owned(),
        1 => "1 row".to_owned(),
        n => format!("{n} rows"),
    }
}

fn table(rows: &[&DriftRow]) -> String {
    let header = [
        "operation",
        "status",
        "documented",
        "observed",
        "seen",
        "schema",
        "undocumented fields",
    ];
    let cell = |v: ProfileVerdict| {
        match (v.expected, v.drift) {
            (true, false) => "ok",
            (true, true) => "schema",
            (false, _) => "undocumented",
        }
        .to_owned()
    };
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                format!("{}/{}", r.vendor, r.operation),
                r.status.to_string(),
                cell(r.profiles.documented),
                cell(r.profiles.observed),
                r.seen.to_string(),
                r.schema_mismatches.to_string(),
                r.undocumented_fields.join(", "),
            ]
        })
        .collect();
    let lines = crate::table::aligned_lines(header, &cells);
    let mut out = lines[0].clone();
    for (line, row) in lines[1..].iter().zip(rows) {
        out.push_str(line);
        for v in &row.violations {
            let pointer = if v.pointer.is_empty() {
                "(body)"
            } else {
                &v.pointer
            };
            let _ = writeln!(
                out,
                "    {pointer}: {} (schema {}; {}×, first #{})",
                v.message, v.schema_path, v.count, v.first_seq
            );
            if let Some(source) = &v.known_defect {
                let _ = writeln!(
                    out,
                    "      the real server does this (observed profile: not drift): {source}"
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::judge::Judged;

    fn verdict(status: u16, expected: [bool; 2], violations: &[(&str, &str)]) -> Verdict {
        Verdict {
            operation: "update-team-members".into(),
            status,
            provenance: Some(Provenance::Documented),
            expected,
            violations: violations
                .iter()
                .map(|(pointer, message)| Judged {
                    violation: Violation {
                        instance_path: (*pointer).to_owned(),
                        schema_path: format!("/items/properties{pointer}/type"),
                        message: (*message).to_owned(),
                    },
                    known: None,
                })
                .collect(),
            validated: true,
        }
    }

    #[test]
    fn rows_count_per_profile_and_violations_keep_their_first_seq() {
        let book = DriftBook::default();
        let redactor = Redactor::new(vec!["tok-secret".into()]);
        let cw = VendorName::Chatwoot;
        book.judged(cw, 1, &verdict(200, [true, true], &[]), &redactor);
        book.judged(
            cw,
            2,
            &verdict(
                200,
                [true, true],
                &[("/0/id", "\"tok-secret\" is not of type \"integer\"")],
            ),
            &redactor,
        );
        book.judged(
            cw,
            3,
            &verdict(
                200,
                [true, true],
                &[("/0/id", "\"x\" is not of type \"integer\"")],
            ),
            &redactor,
        );
        book.judged(cw, 4, &verdict(403, [true, false], &[]), &redactor);
        book.not_covered(Some(cw), "GET", "/api/v1/accounts/1/teams");
        book.upstream_error("upstream-refused");
        let report = book.report();
        assert_eq!((report.exchanges, report.judged), (6, 4));
        assert_eq!(
            report.drift,
            ProfileCounts {
                documented: 1,
                observed: 2
            }
        );
        assert_eq!(report.rows[0].violations[0].count, 2);
        assert_eq!(report.rows[0].violations[0].first_seq, 2);
        insta::assert_snapshot!(report.render_text(), @r#"
        drift: 1 row in the documented profile, 2 rows in the observed profile (6 exchanges, 4 judged by a contract)
        operation                     status  documented  observed      seen  schema  undocumented fields
        chatwoot/update-team-members  200     schema      schema        3     2
            /0/id: "[REDACTED]" is not of type "integer" (schema /items/properties/0/id/type; 2×, first #2)
        chatwoot/update-team-members  403     ok          undocumented  1     0
        no contract: chatwoot GET /api/v1/accounts/1/teams (1×)
        upstream error: upstream-refused (1×)
        "#);
    }
}
