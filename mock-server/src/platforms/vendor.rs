//! What every vendor implements: [`VendorWorld`] for its part of the world document,
//! [`Vendor`] for its behaviour over its state.

use std::fmt;

use http::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::options::Settings;
use crate::error::Error;
use crate::exchange::{Request, Response};
use crate::vendor_name::VendorName;

/// A vendor's part of the world document.
pub(crate) trait VendorWorld:
    Clone + Default + fmt::Debug + Serialize + DeserializeOwned + Send + Sync
{
    /// Checks references and uniqueness. Errors carry a JSON pointer relative to this section
    /// (e.g. `/teams/3/account_id`); the caller prefixes the section's own pointer.
    fn check(&self) -> Result<(), Error>;

    /// Values that must never leave the mock: tokens, keys, credentials.
    fn secrets(&self) -> Vec<String>;
}

/// A vendor's behaviour over its state.
///
/// Implementations keep their state behind a `std::sync::Mutex` that is never held across an
/// `.await`, and never panic on any request: every input gets the vendor's own answer.
pub(crate) trait Vendor: Send + Sync + Sized + 'static {
    /// This vendor's part of the world document.
    type World: VendorWorld;

    /// The vendor's name.
    const NAME: VendorName;

    /// Builds the vendor's state from its part of the world, which [`crate::Engine::new`] has
    /// already checked with [`VendorWorld::check`].
    fn new(world: &Self::World, settings: Settings) -> Result<Self, Error>;

    /// Answers one request under [`VendorName::base_path`].
    fn handle(&self, request: &Request<'_>) -> Response;

    /// The current state, as a world section (same format as `fixtures/worlds/`).
    fn world(&self) -> Self::World;

    /// Replaces this vendor's state by `fresh`'s (built by [`Vendor::new`], so already valid).
    fn replace_state(&self, fresh: Self);

    /// The answer to a request whose body is larger than `limit` bytes (`request.body` is empty).
    fn body_too_large(&self, request: &Request<'_>, limit: usize) -> Response;

    /// This vendor's own body for `status`, used by fault injection (e.g. Chatwoot 404,
    /// ChatDash 500, Rocket.Chat 401). `request` tells which operation was asked for.
    fn error_response(&self, request: &Request<'_>, status: StatusCode) -> Response;
}
