//! Snapshots of response bodies: insta-format `.snap` files (`store.rs`), insta-style
//! redaction selectors (`redact.rs`), and when to write them (`settings.rs`: the flag, then
//! insta's environment variables).

mod redact;
mod settings;
mod store;

pub use redact::{SelectorError, check_selector, redact};
pub use settings::{SnapshotSettings, snapshot_settings};
pub use store::{
    SnapshotError, SnapshotMeta, SnapshotOutcome, UpdateMode, check_snapshot, snapshot_path,
};
