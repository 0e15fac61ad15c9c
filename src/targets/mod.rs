//! `rosterwire targets init`: discover a server's ids with read-only requests and write a
//! targets file that loads and validates.
//!
//! `fetch.rs` sends the GETs; `chatwoot.rs`, `rocketchat.rs` and `chatdash.rs` map the answers
//! onto the scenarios' variables (pure functions, unit-tested without HTTP); `model.rs` is the file as data and its TOML text,
//! `command.rs` is the subcommand.

mod chatdash;
mod chatwoot;
mod command;
mod error;
mod fetch;
mod model;
mod rocketchat;

pub(crate) use command::{TargetsArgs, run};
pub(crate) use error::{Error, ErrorKind};
pub(crate) use fetch::{Read, Reader};
