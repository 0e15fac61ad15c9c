//! `rosterwire-mock` is a vendor-faithful mock of the agent-assignment APIs of ChatDash,
//! Rocket.Chat and Chatwoot, served on one port under each vendor's real paths.
//!
//! Every behaviour is labelled [`Provenance::Documented`], [`Provenance::Observed`] or
//! [`Provenance::Assumed`], and each vendor runs in a [`Fidelity`] profile: what its documents
//! say, or what its real server does.
//!
//! # Depend on it
//!
//! The crate is not published to crates.io; depend on it from git (or by path), usually as a
//! dev-dependency (see `mock-server/README.md`):
//!
//! ```toml
//! [dev-dependencies]
//! rosterwire-mock = { git = "<clone URL of the rosterwire repository>", rev = "<commit>" }
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//! ```
//!
//! # Quick start
//!
//! [`MockServer::start`] binds 127.0.0.1 on a free port and returns a `Result` (an invalid
//! world or a port that cannot be bound is an [`Error`]):
//!
//! ```
//! use rosterwire_mock::{MockConfig, MockServer, World};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start(MockConfig::new().with_world(World::seed())).await?;
//! println!("Chatwoot base URL: {}", server.uri());
//! assert_eq!(server.world().chatwoot.teams.len(), 3);
//! server.reset();
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The important types: [`MockServer`] (the running server), [`MockConfig`], [`World`] (the
//! state of all vendors), [`Engine`] (the same behaviour without a socket).

pub mod adapter;
mod admin;
mod body;
mod clock;
mod control;
mod engine;
mod error;
mod error_body;
mod exchange;
mod fast_hash;
mod fault;
mod fidelity;
mod ids;
mod journal;
mod path_pattern;
mod platforms;
mod redact;
mod seed;
mod server;
mod vendor_name;
mod verify;
mod world;

pub use admin::AdminConfig;
pub use engine::{Engine, UNKNOWN_ROUTE};
pub use error::{Error, ErrorKind};
pub use exchange::{Operation, OwnedRequest, Request, Response, content_type};
pub use fault::{Fault, FaultKind, FaultSpec, parse_fault_kind, parse_fault_spec};
pub use fidelity::{Fidelity, FidelityProfile, Provenance};
pub use journal::{BODY_CAP, DEFAULT_JOURNAL_SIZE, JournalEntry, RequestFilter};
pub use platforms::{
    ChatDashWorld, ChatwootWorld, RocketChatValidation, RocketChatWorld, VendorOptions,
};
pub use redact::{REDACTED, Redactor};
pub use server::{DEFAULT_MAX_BODY, MockConfig, MockServer};
pub use vendor_name::VendorName;
pub use verify::{NearMiss, RequestPattern, Times, Verification};
pub use world::World;
// ChatDash's world types (their own line, so each vendor's exports merge without conflict).
pub use platforms::chatdash::{
    AgentConfig, ChatDashAgent, ChatDashClient, ChatDashPlatform, PlatformCredentials,
};
// Chatwoot's world types.
pub use platforms::chatwoot::world::{
    ChatwootAccount, ChatwootAccountStatus, ChatwootAccountUser, ChatwootAvailability, ChatwootBot,
    ChatwootRole, ChatwootTeam, ChatwootTeamMember, ChatwootUser,
};
