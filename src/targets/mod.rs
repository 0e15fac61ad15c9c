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

pub use chatdash::{ChatDashFacts, discover as discover_chatdash};
pub use chatwoot::{AccountFacts, ChatwootFacts, discover as discover_chatwoot};
pub use command::{InitArgs, TargetsArgs, TargetsCommand, init, run};
pub use error::{Error, ErrorKind};
pub(crate) use fetch::{Read, Reader};
pub use model::{Filler, TargetsToml, Unavailable, Var, VendorSection, Wanted};
pub use rocketchat::{RocketChatFacts, discover as discover_rocketchat};
