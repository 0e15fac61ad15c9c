//! Pairing the two runs step by step: the same scenario file, the same step position.

use super::model::{Outcome, StepComparison};
use super::shape::{Answer, differences};
use crate::runner::{RunResult, StepResult};

/// One entry per step of the target's run, in its order.
pub(crate) fn pair_steps(target: &RunResult, builtin: &RunResult) -> Vec<StepComparison> {
    let mut out = Vec::new();
    for scenario in &target.scenarios {
        let other = builtin.scenarios.iter().find(|s| s.file == scenario.file);
        for (i, step) in scenario.steps.iter().enumerate() {
            let mock_step = other.and_then(|s| s.steps.get(i));
            let found = differences(answer(Some(step)), answer(mock_step));
            let outcome = if !found.is_empty() {
                Outcome::Different
            } else if answer(Some(step)).is_none() {
                Outcome::NotCompared
            } else {
                Outcome::Same
            };
            out.push(StepComparison {
                vendor: scenario.vendor.clone(),
                scenario: scenario.file.clone(),
                step: step.name.clone(),
                method: step.method.clone(),
                path: step.path.clone(),
                outcome,
                differences: found,
            });
        }
    }
    out
}

fn answer(step: Option<&StepResult>) -> Answer<'_> {
    let step = step?;
    Some((step.response_status?, step.response.as_ref()?))
}
