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

#![warn(missing_docs)]

pub mod adapter;
mod admin;
mod body;
mod clock;
mod control;
mod engine;
mod error;
mod error_body;
pub mod exchange;
mod fast_hash;
pub mod fault;
mod fidelity;
mod ids;
pub mod journal;
mod path_pattern;
mod platforms;
pub mod redact;
mod seed;
mod server;
mod vendor_name;
pub mod verify;
mod words;
pub mod world;

pub use admin::AdminConfig;
pub use engine::Engine;
pub use error::{Error, ErrorKind};
pub use fidelity::{Fidelity, FidelityProfile, Provenance};
pub use platforms::{RocketChatValidation, VendorOptions};
pub use redact::Redactor;
pub use server::{DEFAULT_MAX_BODY, MockConfig, MockServer};
pub use vendor_name::VendorName;
pub use verify::{RequestPattern, Times};
pub use world::World;
