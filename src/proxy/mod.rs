//! `rosterwire proxy`: a validating reverse proxy in front of the vendors' real servers.
//!
//! Every request is routed by its path to its vendor's upstream (the mock crate's
//! [`VendorName::for_path`]), forwarded unchanged, and the upstream's answer streamed back
//! unchanged. Each exchange is judged against the contracts in both fidelity profiles at once
//! and journaled, redacted, in a bounded ring with the same shape and filters as `serve`'s
//! journal. The parts, one concept a file:
//!
//! - [`args`]: the command line, and the upstreams it names (`--upstream`, `--targets`);
//! - `upstreams.rs`: vendor → base URL, and the upstream URL of one request;
//! - `tee.rs`: a body that passes every frame through and keeps the first bytes of it;
//! - `forward.rs`: one exchange, from the client's request to the streamed answer;
//! - `failure.rs`: what a client sees when the upstream cannot answer (502/504);
//! - `judge.rs`: the contracts' verdict on one response, per profile;
//! - `known.rs`: the real servers' recorded departures from the documents (overlays'
//!   `observed_fields`), drift only in the documented profile;
//! - `drift.rs`: the live drift table, as JSON and as text;
//! - `secrets.rs` and `journal.rs`: redaction (learning the credentials that pass through) and
//!   the ring of entries;
//! - `admin.rs`: `/__admin/health`, `/__admin/requests`, `/__admin/drift`;
//! - `server.rs`: the listener, the accept loop, the banner and the shutdown report.

mod admin;
pub(crate) mod args;
pub(crate) mod drift;
mod error;
mod failure;
mod forward;
mod journal;
mod judge;
mod known;
mod secrets;
mod server;
mod tee;
mod upstreams;

// Every item of the mock crate the proxy uses, imported here only (its paths may move).
pub(crate) use rosterwire_mock::journal::{
    DEFAULT_JOURNAL_SIZE, HEADER_CAP, JournalEntry, RequestFilter, now_iso8601, shown_body,
    shown_header,
};
pub(crate) use rosterwire_mock::{Fidelity, Provenance, Redactor, VendorName};

pub(crate) use args::ProxyArgs;
pub(crate) use server::run;
