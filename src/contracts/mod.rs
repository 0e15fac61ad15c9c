//! Contracts: JSON Schema 2020-12 files derived from the vendor documents, and the runtime API
//! that the runner and the mock's tests validate against.
//!
//! The pipeline of `rosterwire contracts derive`, one step a file:
//! [`extract`] (fenced OpenAPI in a vendor page) → [`normalize`] (recorded fixes of vendor
//! defects) → [`convert`] (`$ref`s inlined, OpenAPI 3.0 → 2020-12) → [`overlay`] (reviewed
//! additions, each naming its source) → [`derive`](mod@derive) (deterministic files, modelled in [`model`]) and [`index`].
//! [`lint`] reports the documents' own defects and [`openapi`] exports one OpenAPI 3.1 document.
//!
//! At run time, [`Contracts::load`] reads `contracts/` once and compiles every validator once;
//! [`OperationContract::validate_response`] returns every violation.

mod command;
pub(crate) mod convert;
pub(crate) mod derive;
mod document;
mod error;
pub(crate) mod extract;
pub(crate) mod index;
pub(crate) mod lint;
pub(crate) mod model;
pub(crate) mod normalize;
pub(crate) mod openapi;
pub(crate) mod overlay;
mod reference;
mod registry;
mod validate;

pub(crate) use command::{ContractsArgs, run};
pub(crate) use error::ContractError;
pub use registry::Contracts;
pub(crate) use rosterwire_mock::Provenance;
pub(crate) use validate::OperationContract;
pub use validate::ResponseVerdict;
pub(crate) use validate::Violation;
