//! The terminal summary: one line per scenario, details for each failing step (expected and
//! actual on separate lines, diffs for snapshots), why steps were skipped, the drift table,
//! and a closing tally. Colour only when asked (on a TTY).

use std::fmt::Write;

use super::drift::{drift_rows, render_drift_table};
use crate::runner::{RestoreOutcome, RestoreResult, RunResult, ScenarioResult, StepStatus};

/// Whether to use ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour on.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn green(self, t: &str) -> String {
        self.paint("32", t)
    }
    fn red(self, t: &str) -> String {
        self.paint("31", t)
    }
    fn yellow(self, t: &str) -> String {
        self.paint("33", t)
    }
    fn dim(self, t: &str) -> String {
        self.paint("2", t)
    }
}

/// One line for a finished scenario (also used for progress output).
pub fn render_scenario_line(s: &ScenarioResult, style: Style) -> String {
    let mark = if s.passed() {
        style.green("ok  ")
    } else {
        style.red("FAIL")
    };
    let skipped = s
        .steps
        .iter()
        .filter(|st| st.status == StepStatus::Skipped)
        .count();
    let run = s.steps.len() - skipped;
    let mut line = format!("{mark} {}  ({run} steps", s.file);
    if skipped > 0 {
        let _ = write!(line, ", {skipped} skipped");
    }
    let _ = write!(
        line,
        ") {}",
        style.dim(&format!("{} ms", s.duration.as_millis()))
    );
    line
}

/// The distinct skip reasons of a scenario's steps, in order, with how many steps each skipped.
fn skip_reasons(s: &ScenarioResult) -> Vec<(&str, usize)> {
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for reason in s.steps.iter().filter_map(|st| st.skip_reason.as_deref()) {
        match reasons.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, n)) => *n += 1,
            None => reasons.push((reason, 1)),
        }
    }
    reasons
}

/// The groups a restore did not bring back, each with its outcome and its failures (a
/// difference reads `team 2: expected [11, 12], found [12, 13]`).
fn render_restore(out: &mut String, r: &RestoreResult, style: Style) {
    let _ = writeln!(
        out,
        "     {} membership not restored",
        style.red("[restore]")
    );
    for g in r.groups() {
        let outcome = match g.outcome() {
            RestoreOutcome::Unchanged => "unchanged",
            RestoreOutcome::Restored => "restored",
            RestoreOutcome::Failed => "FAILED",
            RestoreOutcome::NotSaved => "NOT SAVED (steps skipped)",
            RestoreOutcome::Skipped => "not saved (an earlier group failed)",
        };
        let _ = writeln!(out, "       {}: {outcome}", g.label());
        for w in g.writes() {
            let _ = writeln!(out, "         sent {w}");
        }
        for f in g.failures() {
            let _ = writeln!(
                out,
                "         {} {}",
                style.red(&format!("[{}]", f.kind.code())),
                f.message
            );
        }
    }
}

/// The whole summary.
pub fn render_text(result: &RunResult, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "target {}  (fidelity: chatdash={}, rocketchat={}, chatwoot={}{})  run {}",
        result.target,
        result.fidelity.chatdash,
        result.fidelity.rocketchat,
        result.fidelity.chatwoot,
        if result.read_only { ", read-only" } else { "" },
        result.run_id
    );
    for s in &result.scenarios {
        let _ = writeln!(out, "{}", render_scenario_line(s, style));
        for step in &s.steps {
            if !matches!(step.status, StepStatus::Failed | StepStatus::Errored) {
                continue;
            }
            let status = step
                .response_status
                .map_or_else(|| "no response".to_owned(), |c| c.to_string());
            let _ = writeln!(
                out,
                "     step `{}`: {} {} → {status}",
                step.name, step.method, step.path
            );
            for f in &step.failures {
                let _ = writeln!(
                    out,
                    "       {} {}",
                    style.red(&format!("[{}]", f.kind.code())),
                    f.message
                );
                if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                    let _ = writeln!(out, "         expected: {e}");
                    let _ = writeln!(out, "         actual:   {a}");
                }
                if let Some(diff) = &f.diff {
                    for l in diff.lines() {
                        let painted = if l.starts_with('+') && !l.starts_with("+++") {
                            style.green(l)
                        } else if l.starts_with('-') && !l.starts_with("---") {
                            style.red(l)
                        } else {
                            l.to_owned()
                        };
                        let _ = writeln!(out, "         {painted}");
                    }
                }
            }
        }
        for (reason, count) in skip_reasons(s) {
            let steps = if count == 1 { "step" } else { "steps" };
            let _ = writeln!(
                out,
                "     {} {count} {steps}: {reason}",
                style.yellow("skipped")
            );
        }
        if let Some(r) = s.restore.as_ref().filter(|r| !r.restored()) {
            render_restore(&mut out, r, style);
        }
        if let Some(r) = s.sandbox.as_ref().filter(|r| !r.failures.is_empty()) {
            for f in &r.failures {
                let _ = writeln!(out, "     {} {}", style.red("[sandbox]"), f.message);
            }
            for g in r.groups.iter().filter(|_| !r.deleted) {
                let _ = writeln!(
                    out,
                    "       group `{}` (id {}, bound to `{}`) may be left on the target: `rosterwire clean` deletes it",
                    g.name,
                    crate::runner::id_text(&g.id),
                    g.variable
                );
            }
        }
    }
    out.push('\n');
    out.push_str(&render_drift_table(&drift_rows(result), false));
    let t = result.tally();
    let verdict = if result.passed() {
        style.green("passed")
    } else if result.interrupted {
        style.yellow("interrupted")
    } else {
        style.red("failed")
    };
    let _ = writeln!(
        out,
        "\n{verdict}: {} scenarios ({} failed), {} steps passed, {} failed, {} errored, {} skipped in {} ms",
        result.scenarios.len(),
        result.scenarios.iter().filter(|s| !s.passed()).count(),
        t.passed,
        t.failed,
        t.errored,
        t.skipped,
        result.duration.as_millis()
    );
    out
}
