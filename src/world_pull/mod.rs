//! `rosterwire world pull`: read a live server's shape with GET requests and write a world
//! document `serve --world` loads — the same accounts, teams, departments, agents, clients and
//! memberships, with the same ids, names and JSON types — with every secret replaced by a
//! generated one, and beside it the map from where each real secret came from to its
//! generated value (names only, never a real value).
//!
//! `chatwoot.rs`, `rocketchat.rs` and `chatdash.rs` each read one vendor (`read`, through the
//! `targets init` GET client) and map what they read onto its world section (`section`, pure);
//! `credentials.rs` generates the secrets and writes the map; `command.rs` is the subcommand.

mod chatdash;
mod chatwoot;
mod command;
mod credentials;
mod rocketchat;

pub(crate) use command::{PullArgs, default_map_path, env_names, pull, run};
pub(crate) use credentials::{Source, parse_map};
