//! Snapshots of response bodies: insta-format `.snap` files (`store.rs`) and insta-style
//! redaction selectors (`redact.rs`).

mod redact;
mod store;

pub use redact::{SelectorError, check_selector, redact};
pub use store::{
    SnapshotError, SnapshotMeta, SnapshotOutcome, UpdateMode, check_snapshot, snapshot_path,
};
