//! Scenario files: the model (`model.rs`), the parser (`parse.rs`), `${variables}` (`vars.rs`)
//! and positioned errors (`error.rs`). The format is specified in `scenarios/README.md`.

mod error;
mod export;
mod model;
mod needs;
mod parse;
mod vars;

pub(crate) use error::{Error, ErrorKind, Position};
pub(crate) use export::{ScenariosArgs, run};
pub use model::Scenario;
pub(crate) use model::{Expectation, JsonAssertion, Predicate, Step};
pub(crate) use model::{MOCK_ONLY, sandbox_supported};
pub(crate) use parse::scenarios_dir;
pub use parse::{load_scenario, parse_scenario, scenario_files};
pub(crate) use vars::{VarError, Variables};
