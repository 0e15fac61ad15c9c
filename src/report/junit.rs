//! The JUnit XML report: one `<testsuite>` per scenario, one `<testcase>` per step.
//! A failed check is a `<failure>`, a runtime error (timeout, reset, unreachable) an `<error>`,
//! a skipped step `<skipped message="why"/>`. A failed restore is an extra `restore` testcase with
//! an error: its message is the first failure (`team 2: expected [11, 12], found [12, 13]`), its
//! text lists every group's failures. A sandbox group that could not be made or deleted is an
//! extra `sandbox` testcase with an error.
//!
//! A step's testcase carries `file` and `line` attributes: where the step is written.
//!
//! `classname` is the scenario file without its extension, folders joined by dots
//! (`chatdash.assign` for `chatdash/assign.yaml`): Jenkins splits a classname at its last dot
//! into package and class, so `chatdash/assign.yaml` showed as class `yaml` in package
//! `chatdash/assign`; `chatdash.assign` shows as class `assign` in package `chatdash`, and
//! GitLab prints it unchanged. The suite keeps the readable `vendor/name`.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::compare::Comparison;
use crate::runner::{Failure, RunResult, StepStatus};

/// The JUnit classname of a scenario file: `chatdash/assign.yaml` → `chatdash.assign`.
fn classname(file: &str) -> String {
    let stem = file
        .strip_suffix(".yaml")
        .or_else(|| file.strip_suffix(".yml"))
        .unwrap_or(file);
    stem.replace(['/', '\\'], ".")
}

/// The report as JUnit XML.
pub fn render_junit(result: &RunResult) -> String {
    render_junit_with(result, None)
}

/// The report as JUnit XML, plus a `fidelity` suite for the comparison of `check --compare`.
pub(crate) fn render_junit_with(result: &RunResult, comparison: Option<&Comparison>) -> String {
    let mut report = Report::new("rosterwire check");
    report.set_time(result.duration);
    for scenario in &result.scenarios {
        let class = classname(&scenario.file);
        let mut suite = TestSuite::new(format!("{}/{}", scenario.vendor, scenario.name));
        suite.set_time(scenario.duration);
        for step in &scenario.steps {
            let status = match step.status {
                StepStatus::Passed => TestCaseStatus::success(),
                StepStatus::Skipped => {
                    let mut status = TestCaseStatus::skipped();
                    if let Some(reason) = &step.skip_reason {
                        status.set_message(reason.clone());
                    }
                    status
                }
                StepStatus::Failed | StepStatus::Errored => {
                    let kind = if step.status == StepStatus::Errored {
                        NonSuccessKind::Error
                    } else {
                        NonSuccessKind::Failure
                    };
                    non_success(kind, &step.failures)
                }
            };
            let mut case = TestCase::new(step.name.clone(), status);
            case.set_classname(class.clone()).set_time(step.duration);
            if let Some(source) = &step.source {
                case.extra.insert("file".into(), source.file.clone().into());
                case.extra
                    .insert("line".into(), source.line.to_string().into());
            }
            suite.add_test_case(case);
        }
        if let Some(restore) = scenario.restore.as_ref().filter(|r| !r.restored()) {
            let failures: Vec<Failure> = restore.failures().cloned().collect();
            let mut case = TestCase::new("restore", non_success(NonSuccessKind::Error, &failures));
            case.set_classname(class.clone());
            suite.add_test_case(case);
        }
        if let Some(sandbox) = scenario.sandbox.as_ref().filter(|r| !r.failures.is_empty()) {
            let mut case = TestCase::new(
                "sandbox",
                non_success(NonSuccessKind::Error, &sandbox.failures),
            );
            case.set_classname(class.clone());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    if let Some(c) = comparison {
        report.add_test_suite(crate::compare::junit_suite(c));
    }
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot render the JUnit report: {e} -->\n"))
}

fn non_success(kind: NonSuccessKind, failures: &[Failure]) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    if let TestCaseStatus::NonSuccess {
        message,
        ty,
        description,
        ..
    } = &mut status
    {
        *message = failures.first().map(|f| f.message.clone().into());
        *ty = failures.first().map(|f| f.kind.code().into());
        let text: Vec<String> = failures
            .iter()
            .map(|f| {
                let mut s = format!("[{}] {}", f.kind.code(), f.message);
                if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                    s.push_str(&format!("\n  expected: {e}\n  actual:   {a}"));
                }
                if let Some(d) = &f.diff {
                    s.push('\n');
                    s.push_str(d);
                }
                s
            })
            .collect();
        *description = Some(text.join("\n").into());
    }
    status
}

#[cfg(test)]
mod tests {
    use super::classname;

    #[test]
    fn the_classname_has_no_dot_but_the_ones_jenkins_should_split_at() {
        assert_eq!(classname("chatdash/assign.yaml"), "chatdash.assign");
        assert_eq!(classname("rocketchat/x.yml"), "rocketchat.x");
    }
}
