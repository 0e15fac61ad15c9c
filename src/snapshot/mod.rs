//! Snapshots of response bodies: insta-format `.snap` files (`store.rs`), insta-style
//! redaction selectors (`redact.rs`), and when to write them (`settings.rs`: the flag, then
//! insta's environment variables).

mod redact;
mod settings;
mod store;

pub(crate) use redact::redact;
pub(crate) use settings::{SettingsError, snapshot_settings};
pub use store::UpdateMode;
pub(crate) use store::{SnapshotMeta, SnapshotOutcome, check_snapshot};
