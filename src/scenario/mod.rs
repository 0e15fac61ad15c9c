//! Scenario files: the model (`model.rs`), the parser (`parse.rs`), `${variables}` (`vars.rs`)
//! and positioned errors (`error.rs`). The format is specified in `scenarios/README.md`.

mod error;
mod export;
mod model;
mod needs;
mod parse;
mod vars;

pub use error::{Error, ErrorKind, Position};
pub use export::{ScenariosArgs, ScenariosCommand, export, run};
pub use model::{Expectation, JsonAssertion, Predicate, RequestSpec, Scenario, Step};
pub use parse::{
    MUTATING, READ_ONLY, load_scenario, parse_scenario, sandbox_supported, scenario_files,
};
pub use vars::{VarError, Variables, names_in_json, names_in_text};
