//! Reports: pure conversions of a [`crate::runner::RunResult`], one module per format —
//! `text` (terminal), `json`, `junit` (XML), and the `drift` table shared by text and JSON.

mod drift;
mod json;
mod junit;
mod text;

pub(crate) use drift::render_drift_section;
pub use drift::{drift_rows, render_drift_table};
pub use json::render_json;
pub(crate) use json::render_json_with;
pub use junit::render_junit;
pub(crate) use junit::render_junit_with;
pub use text::{Style, render_text};
pub(crate) use text::{render_header, render_scenario, render_summary};
