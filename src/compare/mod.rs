//! `rosterwire check --compare builtin`: run the same scenarios on the target and on the
//! built-in mock (observed profile, loaded with the target's pulled world), and say step by
//! step where the answers differ — status, content type, body format, keys and their order,
//! JSON types, error texts (after the scenarios' redactions).
//!
//! `builtin.rs` prepares the mock's side (world and credentials), `shape.rs` compares two
//! answers, `pair.rs` pairs the runs' steps, `model.rs` is the result as data and `render.rs`
//! the fidelity table and the JUnit suite (the JSON report carries [`Comparison`] as is).

mod builtin;
mod model;
mod pair;
mod render;
mod shape;

pub(crate) use builtin::{PrepareErrorKind, mock_target, prepare};
pub(crate) use model::Comparison;
pub(crate) use pair::pair_steps;
pub(crate) use render::{junit_suite, render_table};
