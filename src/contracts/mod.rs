//! Contracts: JSON Schema 2020-12 files derived from the vendor documents, and the runtime API
//! that the runner and the mock's tests validate against.
//!
//! The pipeline of `rosterwire contracts derive`, one step a file:
//! [`extract`] (fenced OpenAPI in a vendor page) → [`normalize`] (recorded fixes of vendor
//! defects) → [`convert`] (`$ref`s inlined, OpenAPI 3.0 → 2020-12) → [`overlay`] (reviewed
//! additions, each naming its source) → [`derive`](mod@derive) (deterministic files) and [`index`].
//! [`lint`] reports the documents' own defects and [`openapi`] exports one OpenAPI 3.1 document.
//!
//! At run time, [`Contracts::load`] reads `contracts/` once and compiles every validator once;
//! [`OperationContract::validate_response`] returns every violation.

mod command;
pub mod convert;
pub mod derive;
mod document;
mod error;
pub mod extract;
pub mod index;
pub mod lint;
pub mod normalize;
pub mod openapi;
pub mod overlay;
mod reference;
mod registry;
mod validate;

pub use command::{ContractsArgs, ContractsCommand, LintFormat, run};
pub use error::{ContractError, ContractErrorKind};
pub use index::Origin;
pub use registry::Contracts;
pub use rosterwire_mock::Provenance;
pub use validate::{OperationContract, ResponseVerdict, Violation};
