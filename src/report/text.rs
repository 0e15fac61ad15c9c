//! The terminal summary: one line per scenario, details for each failing step (expected and
//! actual on separate lines, diffs for snapshots), the drift table, and a closing tally.
//! Colour only when asked (on a TTY).

use std::fmt::Write;

use super::drift::{drift_rows, render_drift_table};
use crate::runner::{RunResult, ScenarioResult, StepStatus};

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
        if let Some(r) = s.restore.as_ref().filter(|r| !r.failures.is_empty()) {
            for f in &r.failures {
                let _ = writeln!(out, "     {} {}", style.red("[restore]"), f.message);
            }
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
