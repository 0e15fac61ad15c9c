//! The terminal summary: one line per scenario, details for each failing step (expected and
//! actual on separate lines, diffs for snapshots), why steps were skipped, the drift table,
//! and a closing tally. Colour only when asked (on a TTY).

use std::fmt::Write;

use anstyle::AnsiColor;

use super::drift::render_drift_section;
use crate::runner::{
    INTERRUPTED, RestoreOutcome, RestoreResult, RunResult, ScenarioResult, StepStatus,
};

/// Whether to use ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour on.
    pub color: bool,
}

impl Style {
    fn paint(self, style: anstyle::Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
    fn green(self, t: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), t)
    }
    fn red(self, t: &str) -> String {
        self.paint(AnsiColor::Red.on_default(), t)
    }
    fn yellow(self, t: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), t)
    }
    fn dim(self, t: &str) -> String {
        self.paint(anstyle::Style::new().dimmed(), t)
    }
}

/// `1 scenario`, `2 scenarios`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How many steps, pluralized (`1 step`, `2 steps`).
fn steps(n: usize) -> String {
    plural(n, "step")
}

/// Whether the run was interrupted before this scenario finished (a step skipped because of it).
fn interrupted(s: &ScenarioResult) -> bool {
    s.steps
        .iter()
        .any(|st| st.skip_reason.as_deref() == Some(INTERRUPTED))
}

/// One line for a finished scenario: `ok  `, `FAIL`, or `INTR` when Ctrl-C stopped it.
pub(crate) fn render_scenario_line(s: &ScenarioResult, style: Style) -> String {
    let mark = if !s.passed() {
        style.red("FAIL")
    } else if interrupted(s) {
        style.yellow("INTR")
    } else {
        style.green("ok  ")
    };
    let skipped = s
        .steps
        .iter()
        .filter(|st| st.status == StepStatus::Skipped)
        .count();
    let run = s.steps.len() - skipped;
    let mut line = format!("{mark} {}  ({}", s.file, steps(run));
    if skipped > 0 {
        let _ = write!(line, ", {skipped} skipped");
    }
    if interrupted(s) {
        line.push_str(", interrupted");
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

/// The first line of the summary: target, fidelity per vendor, read-only, run id.
pub(crate) fn render_header(
    target: &str,
    fidelity: rosterwire_mock::FidelityProfile,
    read_only: bool,
    run_id: &str,
) -> String {
    format!(
        "target {target}  (fidelity: chatdash={}, rocketchat={}, chatwoot={}{})  run {run_id}\n",
        fidelity.chatdash,
        fidelity.rocketchat,
        fidelity.chatwoot,
        if read_only { ", read-only" } else { "" },
    )
}

/// One scenario as printed when it finishes: its line, then the details of each failing
/// step, why steps were skipped, and what a restore or sandbox left behind.
pub(crate) fn render_scenario(s: &ScenarioResult, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", render_scenario_line(s, style));
    for step in &s.steps {
        if !matches!(step.status, StepStatus::Failed | StepStatus::Errored) {
            continue;
        }
        let status = step
            .response_status
            .map_or_else(|| "no response".to_owned(), |c| c.to_string());
        let at = step
            .source
            .as_ref()
            .map(|source| format!(" at {source}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "     step `{}`{at}: {} {} → {status}",
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
    out
}

/// The end of the summary: the drift table (or why there is none) and the closing tally.
pub(crate) fn render_summary(result: &RunResult, style: Style) -> String {
    let mut out = String::from("\n");
    out.push_str(&render_drift_section(result, false));
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
        "\n{verdict}: {} ({} failed), {} passed, {} failed, {} errored, {} skipped in {} ms",
        plural(result.scenarios.len(), "scenario"),
        result.scenarios.iter().filter(|s| !s.passed()).count(),
        steps(t.passed),
        t.failed,
        t.errored,
        t.skipped,
        result.duration.as_millis()
    );
    out
}

/// The whole summary: header, every scenario in order, drift table and tally.
pub fn render_text(result: &RunResult, style: Style) -> String {
    let mut out = render_header(
        &result.target,
        result.fidelity,
        result.read_only,
        &result.run_id,
    );
    for s in &result.scenarios {
        out.push_str(&render_scenario(s, style));
    }
    out.push_str(&render_summary(result, style));
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::runner::StepResult;

    fn scenario(steps: Vec<StepResult>) -> ScenarioResult {
        ScenarioResult {
            name: "n".into(),
            file: "chatwoot/n.yaml".into(),
            vendor: "chatwoot".into(),
            tags: vec![],
            steps,
            restore: None,
            sandbox: None,
            duration: Duration::ZERO,
        }
    }

    fn passed() -> StepResult {
        let mut s = StepResult::skipped("s", "GET", "/x");
        s.status = StepStatus::Passed;
        s
    }

    #[test]
    fn colours_are_ansi_sequences_only_when_asked() {
        assert_eq!(Style { color: true }.red("FAIL"), "\x1b[31mFAIL\x1b[0m");
        assert_eq!(Style { color: true }.dim("2 ms"), "\x1b[2m2 ms\x1b[0m");
        assert_eq!(Style { color: false }.green("ok"), "ok");
    }

    #[test]
    fn one_step_is_singular() {
        let line = render_scenario_line(&scenario(vec![passed()]), Style { color: false });
        assert_eq!(line, "ok   chatwoot/n.yaml  (1 step) 0 ms");
    }

    #[test]
    fn an_interrupted_scenario_is_not_ok() {
        let steps = vec![
            StepResult::skipped_because("a", "GET", "/x", INTERRUPTED),
            StepResult::skipped_because("b", "GET", "/x", INTERRUPTED),
        ];
        let line = render_scenario_line(&scenario(steps), Style { color: false });
        assert_eq!(
            line,
            "INTR chatwoot/n.yaml  (0 steps, 2 skipped, interrupted) 0 ms"
        );
    }
}
