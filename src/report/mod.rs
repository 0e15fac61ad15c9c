//! Reports: pure conversions of a [`crate::runner::RunResult`], one module per format —
//! `text` (terminal), `json`, `junit` (XML), and the `drift` table shared by text and JSON.

mod drift;
mod json;
mod junit;
mod text;

pub use drift::{
    DriftRow, drift_not_checked, drift_rows, render_drift_section, render_drift_table,
};
pub use json::{SCHEMA_VERSION, render_json, render_json_with};
pub use junit::{render_junit, render_junit_with};
pub use text::{
    Style, render_header, render_scenario, render_scenario_line, render_summary, render_text,
};
